//! An article's revisions with what each changed (`revisions`).

use serde::Serialize;

use crate::desk::{Desk, DeskError};
use crate::model::{ArticleId, EventKind};
use crate::revision::Change;

/// `revisions --json`.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionLine {
    /// The revision's number.
    pub number: u32,
    /// When it was ingested, RFC 3339.
    pub ingested_at: String,
    /// Who ingested it.
    pub ingested_by: String,
    /// The file or URL it came from.
    pub source: String,
    /// How it was read (text, markdown, html).
    pub format: String,
    /// BLAKE3 of its normalized text.
    pub content_hash: String,
    /// The page it was taken from, kept as evidence, by its hash.
    pub raw_source: Option<String>,
    /// When this version came out, as given.
    pub published: Option<String>,
    /// Its claims.
    pub claims: usize,
    /// Compared with the revision before: claims unchanged.
    pub unchanged: usize,
    /// Claims only moved.
    pub moved: usize,
    /// Claims whose value, hedge, unit, wording or speaker changed.
    pub modified: usize,
    /// Claims new in it.
    pub added: usize,
    /// Claims of the revision before that it no longer carries.
    pub removed: usize,
    /// Why it was withdrawn (`revision retract`), if it was.
    pub retracted: Option<String>,
    /// The revision whose text it brought back, when it is a retraction's.
    pub restores: Option<u32>,
}

/// Every revision of `article`, oldest first.
pub fn revisions(desk: &Desk, article: &ArticleId) -> Result<Vec<RevisionLine>, DeskError> {
    let latest = desk.article(article)?.latest;
    let retractions: Vec<(u32, u32, u32, String)> = desk
        .history(article)?
        .into_iter()
        .filter_map(|event| match event.kind {
            EventKind::RevisionRetracted {
                number,
                restored,
                as_revision,
                note,
                ..
            } => Some((number, restored, as_revision, note)),
            _ => None,
        })
        .collect();
    let mut lines = Vec::new();
    for number in 1..=latest {
        let revision = desk.revision(article, Some(number))?;
        let mut line = RevisionLine {
            number,
            ingested_at: revision.ingested_at.to_string(),
            ingested_by: revision.ingested_by.clone(),
            source: revision.source.clone(),
            format: revision.format.clone(),
            content_hash: revision.content_hash.to_hex(),
            raw_source: revision.raw_source.map(|h| h.to_hex()),
            published: revision.published.as_ref().map(ToString::to_string),
            claims: revision.claims.len(),
            unchanged: 0,
            moved: 0,
            modified: 0,
            added: revision.claims.len(),
            removed: 0,
            retracted: retractions
                .iter()
                .find(|r| r.0 == number)
                .map(|r| r.3.clone()),
            restores: retractions.iter().find(|r| r.2 == number).map(|r| r.1),
        };
        if number > 1 {
            let diff = desk.diff(article, Some(number - 1), Some(number))?;
            let changes = diff.claim_changes();
            let count = |kind: Change| changes.iter().filter(|c| c.change == kind).count();
            line.unchanged = count(Change::Unchanged);
            line.moved = count(Change::Moved);
            line.modified = count(Change::Modified);
            line.added = count(Change::Added);
            line.removed = count(Change::Removed);
        }
        lines.push(line);
    }
    Ok(lines)
}
