//! What needs checking, most urgent first (`queue`).

use serde::Serialize;

use crate::desk::{Desk, DeskError};
use crate::model::ArticleId;
use crate::report::ClaimView;

/// `queue --json`: one claim waiting.
#[derive(Debug, Clone, Serialize)]
pub struct QueueLine {
    /// Its article.
    pub article: String,
    /// The article's newest revision, where the claim stands.
    pub revision: u32,
    /// Why it is waiting: `changed`, `new` or `waiting`.
    pub urgency: &'static str,
    /// The claim, with its state.
    #[serde(flatten)]
    pub claim: ClaimView,
}

/// The claims waiting in `article`, or in every article.
pub fn queue(desk: &Desk, article: Option<&ArticleId>) -> Result<Vec<QueueLine>, DeskError> {
    Ok(desk
        .queue(article)?
        .iter()
        .map(|item| QueueLine {
            article: item.revision.article.to_string(),
            revision: item.revision.number,
            urgency: item.urgency.as_str(),
            claim: ClaimView::reviewed(&item.reviewed.claim, &item.reviewed.review),
        })
        .collect())
}
