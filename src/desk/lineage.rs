//! A claim's line through the revisions: the claims it replaced and the one that replaced it.

use super::{Desk, DeskError};
use crate::model::{ArticleId, ChangedClaim, ClaimId, Event, EventKind};
use crate::revision::{self, Change};

/// What [`Succession::Realigned`] says of a claim that kept its review under a new id.
pub const INHERITED: &str = "same claim, new id: another number in its sentence changed";

/// How a claim of one revision took over from a claim of the revision before.
#[derive(Clone, Debug, PartialEq)]
pub enum Succession {
    /// The ingest recorded the change (`RevisionAdded::changed`): the claim went back to review
    /// carrying the old verdict. Old and new are the same claim when only a quote's speaker
    /// changed (its id does not hold the speaker): a reset in place.
    Changed(ChangedClaim),
    /// The same claim under a new id, which kept its review: recorded by the ingest
    /// (`RevisionAdded::realigned`), or, for an ingest older than that record, found by aligning
    /// the two revisions' claims again. `summary` is [`INHERITED`] for a claim that kept its
    /// review, else (only from an alignment at read time) what changed.
    Realigned {
        /// The claim in the older revision.
        old: ClaimId,
        /// The claim in the newer revision.
        new: ClaimId,
        /// What changed, for people.
        summary: String,
        /// Whether the ingest's event records the pair (false: found by aligning the two
        /// revisions again, for an ingest older than that record).
        recorded: bool,
    },
}

impl Succession {
    /// The claim in the older revision.
    pub fn earlier(&self) -> ClaimId {
        match self {
            Succession::Changed(change) => change.old,
            Succession::Realigned { old, .. } => *old,
        }
    }

    /// The claim in the newer revision.
    pub fn later(&self) -> ClaimId {
        match self {
            Succession::Changed(change) => change.new,
            Succession::Realigned { new, .. } => *new,
        }
    }

    /// What changed, for people: `value 8,000 → 9,000`.
    pub fn summary(&self) -> &str {
        match self {
            Succession::Changed(change) => &change.summary,
            Succession::Realigned { summary, .. } => summary,
        }
    }
}

/// One event of a claim's history (see [`Desk::claim_history`]).
#[derive(Clone, Debug)]
pub struct HistoryEntry {
    /// The audit event.
    pub event: Event,
    /// The claim the event was about: the one asked for, or one it replaced. For an ingest, the
    /// claim the revision carries (the one that left it, for a removal).
    pub claim: ClaimId,
    /// For an ingest: whether the revision carries `claim` (false: the claim left with it).
    pub appeared: Option<bool>,
    /// On the ingest where `claim` took over from an earlier claim: how.
    pub succession: Option<Succession>,
    /// On the ingest where `claim` left the article: the claim that took over from it, if one
    /// did (its value changed, say), so a claim that was replaced does not read as removed.
    pub replaced_by: Option<Succession>,
}

/// The line of claims that led to one claim of an article, revision by revision.
pub(crate) struct Lineage {
    asked: ClaimId,
    /// `ids[n]`: the claim of the line in revision `n` (index 0 stands for "before revision 1").
    ids: Vec<Option<ClaimId>>,
    /// `successions[n]`: how `ids[n]` took over from `ids[n - 1]`, or how revision `n`'s ingest
    /// reset `ids[n]` in place when both are the same claim.
    successions: Vec<Option<Succession>>,
    /// `asked_present[n]`: whether revision `n` carries the asked claim itself, which may also
    /// stand outside the line (an article that went back to an earlier wording).
    asked_present: Vec<bool>,
    /// `(seq, number)` of each ingest, in log order.
    ingests: Vec<(u64, u32)>,
    /// The revision after the asked claim's newest, and the claim of it that took over from the
    /// asked one there.
    successor: Option<(usize, Succession)>,
}

/// Pairs found by aligning a revision with the one before, per revision: a report follows every
/// claim's line and aligns each revision at most once.
#[derive(Default)]
pub(crate) struct Realignments(std::collections::HashMap<u32, Vec<Succession>>);

/// Where a [`Lineage`] places one event.
pub(crate) struct LineageEntry<'l> {
    pub(crate) claim: ClaimId,
    pub(crate) appeared: Option<bool>,
    pub(crate) succession: Option<&'l Succession>,
    pub(crate) replaced_by: Option<&'l Succession>,
}

impl Lineage {
    /// The events of `events` (in log order) that belong to the line's history.
    pub(crate) fn select<'e>(&self, events: &'e [Event]) -> Vec<(&'e Event, LineageEntry<'_>)> {
        let id_at = |n: usize| self.ids.get(n).copied().flatten();
        let asked_at = |n: usize| self.asked_present.get(n).copied().unwrap_or(false);
        let mut out = Vec::new();
        for event in events {
            match &event.kind {
                EventKind::Transition { claim, .. } | EventKind::Curated { claim, .. } => {
                    // A predecessor's transitions (and editors' corrections) count while it stood in the article; the
                    // asked claim's always did.
                    let standing = self
                        .ingests
                        .iter()
                        .take_while(|(seq, _)| *seq < event.seq)
                        .last()
                        .map_or(0, |(_, number)| *number as usize);
                    if *claim == self.asked || id_at(standing) == Some(*claim) {
                        let entry = LineageEntry {
                            claim: *claim,
                            appeared: None,
                            succession: None,
                            replaced_by: None,
                        };
                        out.push((event, entry));
                    }
                }
                EventKind::RevisionAdded { number, .. } => {
                    let n = *number as usize;
                    let (before, after) = (id_at(n.saturating_sub(1)), id_at(n));
                    let line_moved = n >= 1 && before != after;
                    let asked_moved = n >= 1 && asked_at(n) != asked_at(n - 1);
                    // A claim reset in place (its speaker changed) neither appeared nor left.
                    let reset = self.successions.get(n).is_some_and(Option::is_some);
                    if line_moved || asked_moved || reset {
                        let (claim, appeared) = match (line_moved || reset, after, before) {
                            (true, Some(after), _) => (after, true),
                            (true, None, Some(before)) => (before, false),
                            _ => (self.asked, asked_at(n)),
                        };
                        let replaced_by = match &self.successor {
                            Some((at, successor)) if *at == n && !appeared => Some(successor),
                            _ => None,
                        };
                        let entry = LineageEntry {
                            claim,
                            appeared: Some(appeared),
                            succession: self.successions.get(n).and_then(Option::as_ref),
                            replaced_by,
                        };
                        out.push((event, entry));
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// The reset revision `number`'s ingest recorded for `claim` itself, if any: a quote whose
/// speaker changed keeps its id (the speaker is not part of it), so the change names the same
/// claim as old and new.
fn recorded_reset(events: &[Event], number: u32, claim: &ClaimId) -> Option<ChangedClaim> {
    events.iter().find_map(|e| match &e.kind {
        EventKind::RevisionAdded {
            number: n, changed, ..
        } if *n == number => changed
            .iter()
            .find(|c| c.old == *claim && c.new == *claim)
            .cloned(),
        _ => None,
    })
}

/// The change revision `number`'s ingest recorded that `pick` accepts, if any.
fn recorded_change(
    events: &[Event],
    number: u32,
    pick: impl Fn(&ChangedClaim) -> bool,
) -> Option<&ChangedClaim> {
    events.iter().find_map(|e| match &e.kind {
        EventKind::RevisionAdded {
            number: n, changed, ..
        } if *n == number => changed.iter().find(|c| c.old != c.new && pick(c)),
        _ => None,
    })
}

/// The pairs of claims that kept their review under a new id, as the ingest of revision `number`
/// recorded them; `None` when that ingest is older than the record (see
/// `EventKind::RevisionAdded::realigned`) and the pairs must be found by aligning again.
fn recorded_pairs(events: &[Event], number: u32) -> Option<&[(ClaimId, ClaimId)]> {
    events.iter().find_map(|e| match &e.kind {
        EventKind::RevisionAdded {
            number: n,
            realigned,
            ..
        } if *n == number => realigned.as_deref(),
        _ => None,
    })
}

/// The recorded pair `pick` chooses, as a succession.
fn inherited(
    pairs: &[(ClaimId, ClaimId)],
    pick: impl Fn(&(ClaimId, ClaimId)) -> bool,
) -> Option<Succession> {
    pairs
        .iter()
        .find(|pair| pick(pair))
        .map(|&(old, new)| Succession::Realigned {
            old,
            new,
            summary: INHERITED.to_owned(),
            recorded: true,
        })
}

impl Desk {
    /// The audit events about one claim in an article, oldest first, following the claim back
    /// through the revisions where it replaced an earlier claim.
    ///
    /// Besides the claim's own transitions, it holds the transitions of each claim it replaced
    /// while that claim stood in the article, and the ingests with which the line of claims
    /// appeared, changed id, was reset in place (a quote's speaker changed), or disappeared.
    pub fn claim_history(
        &self,
        id: &ArticleId,
        claim: &ClaimId,
    ) -> Result<Vec<HistoryEntry>, DeskError> {
        let (revision_claims, events) = self.lineage_inputs(id)?;
        let mut realigned = Realignments::default();
        let lineage = self.lineage(id, claim, &revision_claims, &events, &mut realigned)?;
        Ok(lineage
            .select(&events)
            .into_iter()
            .map(|(event, entry)| HistoryEntry {
                event: event.clone(),
                claim: entry.claim,
                appeared: entry.appeared,
                succession: entry.succession.cloned(),
                replaced_by: entry.replaced_by.cloned(),
            })
            .collect())
    }

    /// What [`Desk::lineage`] reads: the claims of each revision of the article, and its events.
    fn lineage_inputs(&self, id: &ArticleId) -> Result<(Vec<Vec<ClaimId>>, Vec<Event>), DeskError> {
        let article = self.article(id)?;
        let mut revision_claims = Vec::with_capacity(article.latest as usize);
        let curations = self.store.curations_of(id)?;
        for number in 1..=article.latest {
            let mut claims = self.revision(id, Some(number))?.claims;
            // A claim an editor added to a revision is one of its claims from then on.
            claims.extend(
                curations
                    .iter()
                    .filter(|(claim, curation)| curation.added_to(claim, number).is_some())
                    .map(|(claim, _)| *claim),
            );
            revision_claims.push(claims);
        }
        Ok((revision_claims, self.article_log(id)?))
    }

    /// The claim of the article's latest revision that `claim` became through the revisions that
    /// replaced it, one after another; `None` if the line ends in a removal.
    pub fn current_successor(
        &self,
        id: &ArticleId,
        claim: &ClaimId,
    ) -> Result<Option<ClaimId>, DeskError> {
        let (revision_claims, events) = self.lineage_inputs(id)?;
        let mut realigned = Realignments::default();
        let mut current = *claim;
        // Each step moves at least one revision forward, so the walk ends.
        loop {
            if revision_claims
                .last()
                .is_some_and(|ids| ids.contains(&current))
            {
                return Ok((current != *claim).then_some(current));
            }
            let lineage = self.lineage(id, &current, &revision_claims, &events, &mut realigned)?;
            match lineage.successor {
                Some((_, successor)) => current = successor.later(),
                None => return Ok(None),
            }
        }
    }

    /// Which claim stood for `claim` in each revision up to `revision_claims.len()`.
    ///
    /// `revision_claims[i]` lists the claims of revision `i + 1`; `events` are the article's.
    /// Walking back from the newest revision that carries the claim, a claim that is not in the
    /// revision before took over from the claim its ingest recorded as changed into it
    /// (`RevisionAdded::changed`), or as the same claim under a new id (`realigned`: a number
    /// whose sentence changed only in another number). An ingest recorded before those pairs
    /// were (format 2 and older) has them found by aligning the two revisions' stored claims
    /// again, as the ingest did; that reads stored claims, never re-extracts.
    pub(crate) fn lineage(
        &self,
        id: &ArticleId,
        claim: &ClaimId,
        revision_claims: &[Vec<ClaimId>],
        events: &[Event],
        realigned: &mut Realignments,
    ) -> Result<Lineage, DeskError> {
        let present = |number: usize, claim: &ClaimId| {
            number >= 1
                && revision_claims
                    .get(number - 1)
                    .is_some_and(|ids| ids.contains(claim))
        };
        let mut ids = vec![None; revision_claims.len() + 1];
        let mut successions = vec![None; revision_claims.len() + 1];
        let newest = (1..=revision_claims.len())
            .rev()
            .find(|&n| present(n, claim));
        let mut current = *claim;
        if let Some(newest) = newest {
            for number in (1..=newest).rev() {
                ids[number] = Some(current);
                if number == 1 {
                    continue;
                }
                if present(number - 1, &current) {
                    // The same claim in both: its ingest may still have reset it (a speaker
                    // change), which its history shows as a succession of the claim by itself.
                    successions[number] =
                        recorded_reset(events, number as u32, &current).map(Succession::Changed);
                    continue;
                }
                let succession = match recorded_change(events, number as u32, |c| c.new == current)
                {
                    Some(change) => Some(Succession::Changed(change.clone())),
                    None => match recorded_pairs(events, number as u32) {
                        Some(pairs) => inherited(pairs, |(_, new)| *new == current),
                        None => self
                            .realignment(id, number as u32, realigned)?
                            .iter()
                            .find(|s| s.later() == current)
                            .cloned(),
                    },
                };
                // A predecessor must stand in the revision before, or the line ends here. Each
                // step goes one revision back, so an article that returns to an earlier wording
                // (A → B → A) makes no loop.
                let Some(succession) = succession.filter(|s| present(number - 1, &s.earlier()))
                else {
                    break;
                };
                current = succession.earlier();
                successions[number] = Some(succession);
            }
        }
        // The claim that took over where the asked one left: what a checker looking at an old
        // claim needs next.
        let successor = match newest {
            Some(newest) if newest < revision_claims.len() => {
                let next = newest + 1;
                let succession = match recorded_change(events, next as u32, |c| c.old == *claim) {
                    Some(change) => Some(Succession::Changed(change.clone())),
                    None => match recorded_pairs(events, next as u32) {
                        Some(pairs) => inherited(pairs, |(old, _)| old == claim),
                        None => self
                            .realignment(id, next as u32, realigned)?
                            .iter()
                            .find(|s| s.earlier() == *claim)
                            .cloned(),
                    },
                };
                succession
                    .filter(|s| present(next, &s.later()))
                    .map(|s| (next, s))
            }
            _ => None,
        };
        let ingests = events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::RevisionAdded { number, .. } => Some((e.seq, number)),
                _ => None,
            })
            .collect();
        let asked_present = (0..=revision_claims.len())
            .map(|n| present(n, claim))
            .collect();
        Ok(Lineage {
            asked: *claim,
            ids,
            successions,
            asked_present,
            ingests,
            successor,
        })
    }

    /// The claims of revision `number` that continue a claim of revision `number - 1` under
    /// another id, by aligning the two revisions' stored claims (once per revision, kept in
    /// `realigned`).
    fn realignment<'r>(
        &self,
        id: &ArticleId,
        number: u32,
        realigned: &'r mut Realignments,
    ) -> Result<&'r [Succession], DeskError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = realigned.0.entry(number) {
            let old_claims = self.store.claims_of(id, number - 1)?;
            let new_claims = self.store.claims_of(id, number)?;
            let pairs = revision::align_claims(&old_claims, &new_claims)
                .iter()
                .filter_map(|c| {
                    let (old, new) = (c.old?, c.new?);
                    let summary = match c.change {
                        _ if old.id == new.id => return None,
                        Change::Unchanged | Change::Moved => INHERITED.to_owned(),
                        Change::Modified => c.summary(),
                        Change::Added | Change::Removed => return None,
                    };
                    Some(Succession::Realigned {
                        old: old.id,
                        new: new.id,
                        summary,
                        recorded: false,
                    })
                })
                .collect();
            slot.insert(pairs);
        }
        Ok(realigned.0.get(&number).map_or(&[], Vec::as_slice))
    }
}
