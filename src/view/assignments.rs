//! Who works on what (`assignments`, the desk's article page).

use serde::Serialize;

use crate::desk::{Desk, DeskError};
use crate::model::ArticleId;

/// `assignments --json`: one article, or one of its claims, and who has it.
#[derive(Debug, Clone, Serialize)]
pub struct AssignmentLine {
    /// The article.
    pub article: String,
    /// The claim's id, or null when the whole article is assigned.
    pub claim: Option<String>,
    /// Who has it.
    pub assignee: String,
    /// Who gave it to them (themselves, when they took it).
    pub assigned_by: String,
    /// When, RFC 3339.
    pub assigned_at: String,
}

/// Who the article and the claims of its latest revision are assigned to, the article's own
/// first; or, with no article, every assignment in the store.
pub fn assignments(
    desk: &Desk,
    article: Option<&ArticleId>,
) -> Result<Vec<AssignmentLine>, DeskError> {
    let assignments = match article {
        Some(article) => desk.assignments(article)?,
        None => desk.all_assignments()?,
    };
    Ok(assignments
        .into_iter()
        .map(|a| AssignmentLine {
            article: a.article.to_string(),
            claim: a.claim.map(|c| c.to_hex()),
            assignee: a.assignee,
            assigned_by: a.by,
            assigned_at: a.at.to_string(),
        })
        .collect())
}
