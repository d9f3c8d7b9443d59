//! Where else a quote or claim appeared, and its state there (`search`).

use serde::Serialize;

use super::show::AppearanceLine;
use crate::desk::{Desk, DeskError};

/// `search --json`: one claim found.
#[derive(Debug, Clone, Serialize)]
pub struct SearchLine {
    /// The claim's id.
    pub id: String,
    /// `quote` or `number`.
    pub kind: &'static str,
    /// The quoted words, or the number as written.
    pub text: String,
    /// A number's sentence (its text is the figure alone); null for a quote.
    pub sentence: Option<String>,
    /// Each article it appears in, with its review there.
    pub appearances: Vec<AppearanceLine>,
}

/// The claims `query` finds.
pub fn search(desk: &Desk, query: &str) -> Result<Vec<SearchLine>, DeskError> {
    Ok(desk
        .search(query)?
        .into_iter()
        .map(|hit| SearchLine {
            id: hit.claim.to_hex(),
            kind: hit.kind.as_str(),
            text: hit.text,
            sentence: hit.sentence,
            appearances: hit
                .appearances
                .iter()
                .map(|found| AppearanceLine::new(&found.review, Some(found.in_latest)))
                .collect(),
        })
        .collect())
}
