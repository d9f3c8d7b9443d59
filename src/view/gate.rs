//! Whether an article may be published (`gate`).

use serde::Serialize;

use crate::desk::{Desk, DeskError};
use crate::model::{ArticleId, ClaimDetail};

/// What `gate` found for one revision (the API's gate answer adds `article` and `ready`).
#[derive(Debug, Clone, Serialize)]
pub struct GateView {
    /// The revision checked.
    pub revision: u32,
    /// The claims that block publication; none when it may go out.
    pub blocking: Vec<BlockingLine>,
}

/// `gate --json`: one claim that blocks publication.
#[derive(Debug, Clone, Serialize)]
pub struct BlockingLine {
    /// The claim's id.
    pub id: String,
    /// `quote` or `number`.
    pub kind: &'static str,
    /// The quoted words, or the number as written.
    pub text: String,
    /// Its state, not an accepted one.
    pub state: String,
    /// A number's hedge, figure and unit as written ("more than 8,000 people"), for people.
    #[serde(skip)]
    pub phrase: Option<String>,
}

/// The gate of `article`'s revision `rev` (else its latest), by the reviews as they are now.
pub fn gate(desk: &Desk, article: &ArticleId, rev: Option<u32>) -> Result<GateView, DeskError> {
    let revision = desk.revision(article, rev)?;
    let blocking = desk
        .gate(article, Some(revision.number))?
        .iter()
        .map(|c| BlockingLine {
            id: c.claim.id.to_hex(),
            kind: c.claim.kind.as_str(),
            text: c.claim.text.clone(),
            state: c.review.state.clone(),
            phrase: match &c.claim.detail {
                ClaimDetail::Number(quantity) => Some(quantity.phrase.clone()),
                ClaimDetail::Quote(_) => None,
            },
        })
        .collect();
    Ok(GateView {
        revision: revision.number,
        blocking,
    })
}
