//! What needs checking, most urgent first (`queue`).

use serde::Serialize;

use crate::desk::{Desk, DeskError, QueueFor};
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
    /// Who it is assigned to (the claim's assignee, else the article's), or null.
    pub assignee: Option<String>,
    /// The claim, with its state.
    #[serde(flatten)]
    pub claim: ClaimView,
}

/// The claims waiting in `article`, or in every article.
pub fn queue(
    desk: &Desk,
    article: Option<&ArticleId>,
    whose: QueueFor<'_>,
) -> Result<Vec<QueueLine>, DeskError> {
    Ok(desk
        .queue(article, whose)?
        .iter()
        .map(|item| QueueLine {
            article: item.revision.article.to_string(),
            revision: item.revision.number,
            urgency: item.urgency.as_str(),
            assignee: item.assignee.clone(),
            claim: ClaimView::reviewed(&item.reviewed.claim, &item.reviewed.review),
        })
        .collect())
}
