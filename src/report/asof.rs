//! Reviews as they stood at an earlier point of the audit log, and a claim's history.
//!
//! The store keeps only the current review of each claim; the audit log keeps every decision.
//! A report of an older revision replays the log up to the event before the next revision was
//! ingested. Everything here is derived from the article's events (read through the event index)
//! and the workflow changes, read once, so a report costs one pass over them rather than one per
//! claim.

use crate::desk::{Desk, DeskError, Lineage};
use crate::model::{ArticleId, ChangedClaim, ClaimId, Event, EventKind, Hash32, Review};

use super::{EventView, ReplacesView};

/// The audit events a report needs: the article's own, and every workflow change.
pub(super) struct Log {
    article: Vec<Event>,
    /// `(seq, workflow hash)` of each StoreCreated and WorkflowChanged event, in order.
    workflows: Vec<(u64, Hash32)>,
}

impl Log {
    /// Reads the log once.
    pub(super) fn read(desk: &Desk, id: &ArticleId) -> Result<Log, DeskError> {
        // Through the event index: the article's events and the workflow changes, so a report
        // costs the same in a store of ten articles as in one of a hundred thousand.
        let mut article = Vec::new();
        for event in desk.store().article_events(id) {
            let event = event?;
            if event.article() == Some(id) {
                article.push(event);
            }
        }
        let mut workflows = Vec::new();
        for event in desk.store().workflow_events() {
            let event = event?;
            if let EventKind::StoreCreated { workflow, .. }
            | EventKind::WorkflowChanged { workflow, .. } = &event.kind
            {
                workflows.push((event.seq, *workflow));
            }
        }
        Ok(Log { article, workflows })
    }

    /// The event that ingested revision `number`.
    pub(super) fn ingest_seq(&self, number: u32) -> Option<u64> {
        self.article.iter().find_map(|e| match e.kind {
            EventKind::RevisionAdded { number: n, .. } if n == number => Some(e.seq),
            _ => None,
        })
    }

    /// The events that set the claim's state: its transitions, and the ingests that sent it back
    /// to review because it changed.
    fn transitions<'a>(&'a self, claim: &'a ClaimId) -> impl Iterator<Item = &'a Event> + 'a {
        self.article.iter().filter(move |e| match &e.kind {
            EventKind::Transition { claim: c, .. } => c == claim,
            EventKind::RevisionAdded { changed, .. } => changed.iter().any(|c| c.new == *claim),
            _ => false,
        })
    }

    fn workflow_at(&self, seq: u64) -> Option<Hash32> {
        self.workflows
            .iter()
            .take_while(|(s, _)| *s <= seq)
            .last()
            .map(|(_, hash)| *hash)
    }

    /// `current` (the stored review) rolled back to what it was after event `as_of`.
    ///
    /// Sources, notes and evidence carry the event that recorded them, so they are filtered by
    /// it. The state is the `to` of the last transition up to `as_of`; with none, it is the
    /// `from` of the first later one (the state the claim was created in), so no workflow
    /// knowledge is needed.
    ///
    /// `first_revision` is the first revision carrying the claim: its ingest created the review.
    pub(super) fn review_as_of(
        &self,
        current: &Review,
        as_of: u64,
        first_revision: Option<u32>,
    ) -> Review {
        let mut review = current.clone();
        review.sources.retain(|r| r.seq <= as_of);
        review.notes.retain(|r| r.seq <= as_of);
        review.evidence.retain(|e| e.seq <= as_of);
        // The change a later ingest recorded is not shown as of an earlier point: the claim
        // shows the change it carried then, if any (a quote whose speaker changed later keeps
        // its id, so its review is the same row).
        let recorded_at = |change: &ChangedClaim| {
            self.article.iter().rev().find_map(|e| match &e.kind {
                EventKind::RevisionAdded { changed, .. } if changed.contains(change) => Some(e.seq),
                _ => None,
            })
        };
        if let Some(carried) = &current.carried_from
            && recorded_at(carried).is_some_and(|seq| seq > as_of)
        {
            review.carried_from = self
                .article
                .iter()
                .take_while(|e| e.seq <= as_of)
                .filter_map(|e| match &e.kind {
                    EventKind::RevisionAdded { changed, .. } => {
                        changed.iter().find(|c| c.new == current.claim)
                    }
                    _ => None,
                })
                .last()
                .cloned();
        }
        let mut before = None;
        let mut first_after = None;
        for event in self.transitions(&current.claim) {
            if event.seq <= as_of {
                before = Some(event);
            } else if first_after.is_none() {
                first_after = Some(event);
            }
        }
        if let Some(event) = before {
            match &event.kind {
                EventKind::Transition { to, workflow, .. } => {
                    review.state.clone_from(to);
                    review.workflow_hash = *workflow;
                }
                EventKind::RevisionAdded { changed, .. } => {
                    if let Some(change) = changed.iter().find(|c| c.new == current.claim) {
                        review.state.clone_from(&change.new_state);
                    }
                }
                _ => {}
            }
            review.updated_by.clone_from(&event.actor);
            review.updated_at = event.at;
            review.event_seq = event.seq;
        } else if let Some(event) = first_after {
            // Untouched until after `as_of`: as created by the ingest that first carried it.
            match &event.kind {
                EventKind::Transition { from, .. } => review.state.clone_from(from),
                // Sent back to review by a later ingest: before it, it stood as it was.
                EventKind::RevisionAdded { changed, .. } => {
                    if let Some(change) = changed.iter().find(|c| c.new == current.claim) {
                        review.state.clone_from(&change.old_state);
                    }
                }
                _ => {}
            }
            let created = first_revision
                .and_then(|n| self.ingest_seq(n))
                .and_then(|seq| self.article.iter().find(|e| e.seq == seq));
            if let Some(created) = created {
                review.updated_by.clone_from(&created.actor);
                review.updated_at = created.at;
                review.event_seq = created.seq;
                if let Some(hash) = self.workflow_at(created.seq) {
                    review.workflow_hash = hash;
                }
            }
        }
        review.last_user_of.clear();
        review
    }

    /// The article's events, in log order.
    pub(super) fn events(&self) -> &[Event] {
        &self.article
    }

    /// The history of `claim` up to `as_of`, by the rule of `Desk::claim_history`: its
    /// transitions and those of the claims it replaced while they stood, and the ingests with
    /// which its line appeared, changed id or disappeared.
    pub(super) fn claim_history(
        &self,
        claim: &ClaimId,
        lineage: &Lineage,
        as_of: u64,
    ) -> Vec<EventView> {
        let mut out = Vec::new();
        let upto = self.article.partition_point(|e| e.seq <= as_of);
        for (event, entry) in lineage.select(&self.article[..upto]) {
            let view = |name: &'static str| EventView {
                seq: event.seq,
                hash: event.hash.to_hex(),
                at: event.at.to_string(),
                actor: event.actor.clone(),
                event: name,
                claim: (entry.claim != *claim).then(|| entry.claim.to_hex()),
                revision: None,
                appeared: None,
                replaces: None,
                transition: None,
                from: None,
                to: None,
                source: None,
                note: None,
                evidence: None,
            };
            match &event.kind {
                EventKind::Transition {
                    transition,
                    from,
                    to,
                    source,
                    note,
                    evidence,
                    ..
                } => out.push(EventView {
                    transition: Some(transition.clone()),
                    from: Some(from.clone()),
                    to: Some(to.clone()),
                    source: source.clone(),
                    note: note.clone(),
                    evidence: evidence.map(|h| h.to_hex()),
                    ..view("transition")
                }),
                EventKind::RevisionAdded { number, .. } => out.push(EventView {
                    revision: Some(*number),
                    appeared: entry.appeared,
                    replaces: entry.succession.map(ReplacesView::new),
                    ..view("revision-added")
                }),
                _ => {}
            }
        }
        out
    }
}
