//! One claim as `show` presents it: its review, where else it appears, and the line of claims
//! it continues.

use serde::Serialize;

use super::history::{EventLine, ReplacesLine, entry_lines, revision_of};
use crate::desk::{Desk, DeskError};
use crate::model::{ArticleId, ClaimId};
use crate::report::{ReviewedClaimView, reviewed_claim_view};

/// `show --json`.
#[derive(Debug, Clone, Serialize)]
pub struct ShowView {
    /// The article.
    pub article: String,
    /// The latest revision the claim occurs in.
    pub revision: u32,
    /// The article's latest revision: a claim whose `revision` is older was removed since.
    pub latest_revision: u32,
    /// The claim and its review.
    #[serde(flatten)]
    pub review: ReviewedClaimView,
    /// The same claim in other articles.
    pub appears_in: Vec<AppearanceLine>,
    /// The claims this one replaced, newest first: one a revision where it changed id.
    pub replaces: Vec<ReplacesLine>,
    /// The claim that took over from this one in the revision after its last, if it was
    /// replaced rather than removed.
    pub replaced_by: Option<ReplacesLine>,
    /// The claim's audit events, oldest first (shown as text; `history --json` has them).
    #[serde(skip)]
    pub history: Vec<EventLine>,
}

/// A claim in one article with its review there (`show`'s `appears_in`, `search`'s
/// `appearances`).
#[derive(Debug, Clone, Serialize)]
pub struct AppearanceLine {
    /// The article.
    pub article: String,
    /// The claim's state there.
    pub state: String,
    /// Who made the last decision there.
    pub updated_by: String,
    /// When, RFC 3339.
    pub updated_at: String,
    /// `search` only: false when only an earlier revision of the article carried the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_latest: Option<bool>,
}

impl AppearanceLine {
    pub(super) fn new(review: &crate::model::Review, in_latest: Option<bool>) -> AppearanceLine {
        AppearanceLine {
            article: review.article.to_string(),
            state: review.state.clone(),
            updated_by: review.updated_by.clone(),
            updated_at: review.updated_at.to_string(),
            in_latest,
        }
    }
}

/// Why a claim cannot be shown, beyond the desk's own errors: both mean a damaged store.
fn missing(what: String) -> DeskError {
    DeskError::InvalidValue { what }
}

/// The claim `given` (a unique id prefix) of `article`, or of the one article it appears in.
pub fn show(desk: &Desk, given: &str, article: Option<&ArticleId>) -> Result<ShowView, DeskError> {
    let (article, claim_id) = desk.resolve(given, article)?;
    show_claim(desk, &article, &claim_id)
}

/// [`show`] of a resolved claim.
pub fn show_claim(
    desk: &Desk,
    article: &ArticleId,
    claim_id: &ClaimId,
) -> Result<ShowView, DeskError> {
    let Some((revision, claim)) = desk.latest_occurrence(article, claim_id)? else {
        return Err(missing(format!(
            "claim {} has no occurrence in `{article}`",
            claim_id.short()
        )));
    };
    let (review, carried) = desk.review_split(article, claim_id)?.ok_or_else(|| {
        missing(format!(
            "claim {} has no review in `{article}`: run `factdesk audit verify`",
            claim_id.short()
        ))
    })?;
    // The same claim elsewhere: a quote verified yesterday is recognised today.
    let mut appears_in = Vec::new();
    for other in desk.articles_of_claim(claim_id)? {
        if &other == article {
            continue;
        }
        if let Some(review) = desk.review(&other, claim_id)? {
            appears_in.push(AppearanceLine::new(&review, None));
        }
    }
    let history = desk.claim_history(article, claim_id)?;
    let replaces = history
        .iter()
        .rev()
        .filter_map(|e| {
            Some(ReplacesLine::new(
                e.succession.as_ref()?,
                revision_of(&e.event),
            ))
        })
        .collect();
    let replaced_by = history.iter().find_map(|entry| {
        Some(ReplacesLine::new(
            entry.replaced_by.as_ref()?,
            revision_of(&entry.event),
        ))
    });
    Ok(ShowView {
        article: article.to_string(),
        revision,
        latest_revision: desk.article(article)?.latest,
        review: reviewed_claim_view(&claim, &review, carried.as_ref()),
        appears_in,
        replaces,
        replaced_by,
        history: entry_lines(&history),
    })
}
