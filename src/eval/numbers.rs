//! `factdesk eval numbers`: number spans and values against ../shared/eval/numbers/.

use serde::Serialize;

use super::EvalError;

/// The scores of one run.
#[derive(Debug, Clone, Serialize)]
pub struct NumbersReport {}

/// Scores the extractor on a gold file's contents.
pub fn evaluate(_gold: &str) -> Result<NumbersReport, EvalError> {
    Err(EvalError::Empty)
}
