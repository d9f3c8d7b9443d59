//! `factdesk eval quotes`: quote spans and speakers against ../shared/eval/quotes/ (PolNeAR).

use serde::Serialize;

use super::EvalError;

/// The scores of one run.
#[derive(Debug, Clone, Serialize)]
pub struct QuotesReport {}

/// Scores the extractor on a gold file's contents.
pub fn evaluate(_gold: &str) -> Result<QuotesReport, EvalError> {
    Err(EvalError::Empty)
}
