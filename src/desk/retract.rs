//! `revision retract`: a revision filed by mistake is withdrawn. Nothing is deleted: the text of
//! the revision before it comes back as a new revision, with its claims and the verdicts as they
//! stood, and the log records why.

use super::{Desk, DeskError};
use crate::model::{ArticleId, EventKind, Revision, Timestamp};
use crate::store::TxError;

/// What a retraction did.
#[derive(Debug, Clone, PartialEq)]
pub struct Retracted {
    /// The revision withdrawn.
    pub number: u32,
    /// The revision whose text came back.
    pub restored: u32,
    /// The new revision that carries it.
    pub as_revision: u32,
    /// Claims whose verdict the withdrawn revision had reset (a quote whose speaker it changed)
    /// and that got it back.
    pub verdicts_restored: usize,
}

impl Desk {
    /// Withdraws the article's latest revision `number`, filed by mistake: the text of revision
    /// `number - 1` becomes the latest again, as revision `number + 1`. Claims that the mistaken
    /// revision changed or dropped come back with their own reviews, which it never touched; a
    /// quote it reset in place (its speaker changed) gets its verdict back. Decisions taken since
    /// on claims both revisions carry stand: they were taken on the same words.
    pub fn retract(
        &self,
        article: &ArticleId,
        number: u32,
        note: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<Retracted, DeskError> {
        if note.trim().is_empty() {
            return Err(DeskError::InvalidValue {
                what: "a retraction needs --note: say why the revision is withdrawn".into(),
            });
        }
        let latest = self.article(article)?.latest;
        if number == 0 || number > latest {
            return Err(DeskError::UnknownRevision {
                article: article.clone(),
                number,
                latest,
            });
        }
        if number != latest {
            return Err(DeskError::InvalidValue {
                what: format!(
                    "revision {number} of `{article}` is not the latest ({latest}): only the latest can be retracted; retract {latest} first, or ingest the text you want"
                ),
            });
        }
        if number == 1 {
            return Err(DeskError::InvalidValue {
                what: format!(
                    "revision 1 is the only text of `{article}`: there is no earlier revision to go back to"
                ),
            });
        }
        let restored = self.revision(article, Some(number - 1))?;
        let claims = self.store.claims_of(article, restored.number)?;
        // The quotes the mistaken ingest reset in place: their verdict was the one it recorded.
        let reset_in_place: Vec<_> = self
            .article_log(article)?
            .into_iter()
            .find_map(|event| match event.kind {
                EventKind::RevisionAdded {
                    number: n, changed, ..
                } if n == number => Some(changed),
                _ => None,
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|change| change.old == change.new)
            .collect();
        let workflow = &self.workflow;
        self.store.write(actor, now, |tx| {
            let Some(mut record) = tx.article(article)? else {
                return Err(TxError::abort(DeskError::UnknownArticle {
                    id: article.to_string(),
                    meant: None,
                }));
            };
            let as_revision = number + 1;
            record.latest = as_revision;
            tx.put_article(&record)?;
            let revision = Revision {
                number: as_revision,
                ingested_at: now,
                ingested_by: actor.to_owned(),
                claims: claims.iter().map(|c| c.id).collect(),
                ..restored.clone()
            };
            tx.put_revision(
                &revision,
                &claims,
                workflow.initial(),
                workflow.hash(),
                None,
            )?;
            let mut verdicts_restored = 0;
            for change in &reset_in_place {
                let Some(mut review) = tx.review(article, &change.new)? else {
                    continue;
                };
                // Only if nobody decided since: a later decision is about the words as they are.
                if review.carried_from.as_ref() != Some(change) || review.state != change.new_state
                {
                    continue;
                }
                review.state.clone_from(&change.old_state);
                review.carried_from = None;
                review.updated_by = actor.to_owned();
                review.updated_at = now;
                tx.put_review(&review)?;
                verdicts_restored += 1;
            }
            tx.emit(&EventKind::RevisionAdded {
                article: article.clone(),
                number: as_revision,
                content_hash: revision.content_hash,
                claims: claims.len() as u32,
                new_claims: 0,
                changed: Vec::new(),
                realigned: Some(Vec::new()),
            })?;
            let done = Retracted {
                number,
                restored: restored.number,
                as_revision,
                verdicts_restored,
            };
            let event = EventKind::RevisionRetracted {
                article: article.clone(),
                number,
                restored: restored.number,
                as_revision,
                note: note.trim().to_owned(),
            };
            Ok((done, Some(event)))
        })?
    }
}
