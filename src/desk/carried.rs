//! What a review carries over from before its claim's last change.
//!
//! When a new revision changes a claim (its value, hedge, unit, wording or speaker), the ingest
//! resets its review and keeps the sources, notes and evidence gathered so far on it (copied from
//! the claim it replaced, or its own when the claim keeps its id: a quote whose speaker changed,
//! a wording the writer went back to). They were gathered for the earlier value, so they must
//! never read as backing the new one: [`Desk::split_carried`] tells them apart from what was given
//! since, by the audit event that recorded each (a remark recorded before the ingest that reset the
//! review belongs to the earlier value). The store keeps one list, as it always has.
//!
//! A source given twice is listed once (its first time): the review's lists are what a checker
//! reads, and the audit log keeps every transition that gave it anyway.

use super::{Desk, DeskError};
use crate::model::{ArticleId, ChangedClaim, Claim, Event, EventKind, EvidenceRef, Remark, Review};

/// The sources, notes and evidence a review carries from before its claim's last change.
#[derive(Clone, Debug, PartialEq)]
pub struct Carried {
    /// The change that reset the review (the review's `carried_from`).
    pub change: ChangedClaim,
    /// The revision whose ingest made the change.
    pub revision: u32,
    /// That ingest's audit event: what was recorded before it belongs to the earlier value.
    pub since: u64,
    /// The claim they were given for, as it stood before the change (in the revision before
    /// `revision`, or the latest earlier one that carried it); `None` if no revision has it.
    pub earlier: Option<Claim>,
    /// Sources given before the change, each text once, oldest first; `mark --reuse-source N`
    /// takes the N-th.
    pub sources: Vec<Remark>,
    /// Notes written before the change, each once.
    pub notes: Vec<Remark>,
    /// Evidence attached before the change, each file once.
    pub evidence: Vec<EvidenceRef>,
}

/// `remarks` with a text given again left out.
fn unique_remarks(remarks: impl IntoIterator<Item = Remark>) -> Vec<Remark> {
    let mut out: Vec<Remark> = Vec::new();
    for remark in remarks {
        if !out.iter().any(|r| r.text == remark.text) {
            out.push(remark);
        }
    }
    out
}

/// `evidence` with a file attached again left out.
fn unique_evidence(evidence: impl IntoIterator<Item = EvidenceRef>) -> Vec<EvidenceRef> {
    let mut out: Vec<EvidenceRef> = Vec::new();
    for item in evidence {
        if !out.iter().any(|e| e.hash == item.hash) {
            out.push(item);
        }
    }
    out
}

/// The ingest event of `events` that recorded `change`: its seq and revision.
fn reset_event(events: &[Event], change: &ChangedClaim) -> Option<(u64, u32)> {
    events.iter().rev().find_map(|e| match &e.kind {
        EventKind::RevisionAdded {
            number, changed, ..
        } if changed.contains(change) => Some((e.seq, *number)),
        _ => None,
    })
}

/// Sources, notes and evidence, in that order.
type Remarks = (Vec<Remark>, Vec<Remark>, Vec<EvidenceRef>);

/// `review` split at `since`: what was recorded from it on (each once), and what before.
fn split_at(review: &Review, since: u64) -> (Review, Remarks) {
    let mut current = review.clone();
    let (earlier_sources, sources): (Vec<_>, Vec<_>) =
        review.sources.iter().cloned().partition(|r| r.seq < since);
    let (earlier_notes, notes): (Vec<_>, Vec<_>) =
        review.notes.iter().cloned().partition(|r| r.seq < since);
    let (earlier_evidence, evidence): (Vec<_>, Vec<_>) =
        review.evidence.iter().cloned().partition(|e| e.seq < since);
    current.sources = unique_remarks(sources);
    current.notes = unique_remarks(notes);
    current.evidence = unique_evidence(evidence);
    let earlier = (
        unique_remarks(earlier_sources),
        unique_remarks(earlier_notes),
        unique_evidence(earlier_evidence),
    );
    (current, earlier)
}

impl Desk {
    /// `review` (of a claim of `article`) with only what was given for the claim as it stands,
    /// each source, note and evidence file once, and apart from it what it carries from before
    /// its claim's last change, if it changed.
    ///
    /// `events` are the article's events (up to the point the review stands at, for a report of
    /// an earlier revision); the change is found among them.
    pub fn split_carried(
        &self,
        article: &ArticleId,
        review: &Review,
        events: &[Event],
    ) -> Result<(Review, Option<Carried>), DeskError> {
        let found = review
            .carried_from
            .as_ref()
            .and_then(|change| Some((change, reset_event(events, change)?)));
        let Some((change, (since, revision))) = found else {
            return Ok((split_at(review, 0).0, None));
        };
        let (current, (sources, notes, evidence)) = split_at(review, since);
        // The claim the review was about before the change: its own, if an earlier revision
        // carried it (its speaker changed, or the writer went back to it), else the one it
        // replaced, whose review the ingest copied.
        let mut earlier = None;
        for number in (1..revision).rev() {
            if self
                .revision(article, Some(number))?
                .claims
                .contains(&change.new)
            {
                earlier = self.claim_in(article, number, &change.new)?;
                break;
            }
        }
        if earlier.is_none() && revision > 1 {
            earlier = self.claim_in(article, revision - 1, &change.old)?;
        }
        let carried = Carried {
            change: change.clone(),
            revision,
            since,
            earlier,
            sources,
            notes,
            evidence,
        };
        Ok((current, Some(carried)))
    }

    /// The claim `id` as revision `number` of `article` carries it.
    fn claim_in(
        &self,
        article: &ArticleId,
        number: u32,
        id: &crate::model::ClaimId,
    ) -> Result<Option<Claim>, DeskError> {
        Ok(self
            .store
            .claims_of(article, number)?
            .into_iter()
            .find(|c| c.id == *id))
    }

    /// [`Desk::split_carried`] of a claim's review as it stands now; `None` for a claim with no
    /// review in the article.
    pub fn review_split(
        &self,
        article: &ArticleId,
        claim: &crate::model::ClaimId,
    ) -> Result<Option<(Review, Option<Carried>)>, DeskError> {
        let Some(review) = self.review(article, claim)? else {
            return Ok(None);
        };
        let events = self.article_log(article)?;
        Ok(Some(self.split_carried(article, &review, &events)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimId, Hash32, Timestamp};

    fn remark(text: &str, seq: u64) -> Remark {
        Remark {
            text: text.to_owned(),
            by: "ana".to_owned(),
            at: Timestamp(seq as i64),
            seq,
        }
    }

    #[test]
    fn remarks_before_the_change_are_earlier_and_each_is_listed_once() {
        let review = Review {
            article: ArticleId::new("a").expect("slug"),
            claim: ClaimId(Hash32([1; 32])),
            state: "unverified".to_owned(),
            sources: vec![
                remark("UN", 2),
                remark("UN", 3),
                remark("OCHA", 4),
                remark("UN", 7),
                remark("UN", 8),
            ],
            notes: vec![remark("agreed", 3)],
            updated_by: "ana".to_owned(),
            updated_at: Timestamp(0),
            event_seq: 8,
            workflow_hash: Hash32::default(),
            last_user_of: Default::default(),
            evidence: Vec::new(),
            carried_from: None,
            curation: Default::default(),
        };
        let (current, (sources, notes, _)) = split_at(&review, 5);
        let texts = |r: &[Remark]| {
            r.iter()
                .map(|r| (r.text.clone(), r.seq))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            texts(&sources),
            [("UN".to_owned(), 2), ("OCHA".to_owned(), 4)]
        );
        assert_eq!(texts(&notes), [("agreed".to_owned(), 3)]);
        assert_eq!(texts(&current.sources), [("UN".to_owned(), 7)]);
        assert!(current.notes.is_empty());
    }
}
