//! `factdesk eval revisions`: claim changes between real successive versions of articles
//! (a folder an article, holding v1.txt, v2.txt, … and the data set's change_summary.json).
//!
//! Four questions, as the data set's change summary allows: when a number's value changed between
//! versions, does factdesk report a claim modified for its value? Is each figure the data set
//! lists as changed found as one claim modified, or as one removed and another added? In
//! paragraphs that did not change at all, does it report any claim as changed (a false change)?
//! And does it send a figure back to review when only words away from it changed (a false
//! reset)?

use std::collections::HashSet;

use serde::Serialize;

use crate::extract;
use crate::model::Claim;
use crate::revision::{Change, ClaimChange, Reason, align_claims};
use crate::text::{Document, Format};

/// One pair of successive versions.
pub struct RevisionCase<'a> {
    /// The article's name.
    pub article: &'a str,
    /// Which pair, e.g. `v1->v2`.
    pub pair: &'a str,
    /// The older text.
    pub old: &'a str,
    /// The newer text.
    pub new: &'a str,
    /// The numbers the data set lists as gone from the older text, as written ("5,129", "$1").
    pub numbers_removed: &'a [String],
    /// The numbers it lists as new in the newer text.
    pub numbers_added: &'a [String],
}

impl RevisionCase<'_> {
    /// Whether the data set lists a number removed AND a number added (a value changed).
    pub fn numbers_changed(&self) -> bool {
        !self.numbers_removed.is_empty() && !self.numbers_added.is_empty()
    }
}

/// What factdesk reported for one pair.
#[derive(Debug, Clone, Serialize)]
pub struct PairScore {
    /// The article.
    pub article: String,
    /// The pair.
    pub pair: String,
    /// Whether the data set says a number's value changed.
    pub numbers_changed: bool,
    /// Claims reported modified with reason value.
    pub value_modified: usize,
    /// Claims reported modified for any reason.
    pub modified: usize,
    /// Claims reported added.
    pub added: usize,
    /// Claims reported removed.
    pub removed: usize,
    /// Claims reported moved.
    pub moved: usize,
    /// Claims reported unchanged.
    pub unchanged: usize,
    /// Modified claims by reason (a claim modified for two reasons counts under both).
    pub reasons: ReasonCounts,
    /// Claims in paragraphs present word for word in both versions.
    pub in_unchanged_paragraphs: usize,
    /// Of them, claims reported modified, added or removed: false changes.
    pub false_changes: usize,
    /// Of them, claims reported moved.
    pub moved_in_unchanged: usize,
    /// Figures the data set lists as changed (its removed number paired with its added one)
    /// that factdesk reports as one claim modified for its value.
    pub figure_updates_modified: usize,
    /// Figures the data set lists as changed that factdesk reports as one claim removed and
    /// another added (at most: each listed removed claim against each listed added one).
    pub figure_updates_split: usize,
    /// Number claims reported modified for their wording alone (value, hedge, unit and date
    /// unchanged) whose number the data set does not list as removed: a verdict sent back to
    /// review although the figure stayed.
    pub false_resets: usize,
}

/// Modified claims counted by reason.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ReasonCounts {
    /// [`Reason::Value`].
    pub value: usize,
    /// [`Reason::Qualifier`].
    pub qualifier: usize,
    /// [`Reason::Unit`].
    pub unit: usize,
    /// [`Reason::Date`].
    pub date: usize,
    /// [`Reason::Wording`].
    pub wording: usize,
    /// [`Reason::Speaker`].
    pub speaker: usize,
}

impl ReasonCounts {
    fn add(&mut self, other: &ReasonCounts) {
        self.value += other.value;
        self.qualifier += other.qualifier;
        self.unit += other.unit;
        self.date += other.date;
        self.wording += other.wording;
        self.speaker += other.speaker;
    }
}

/// Every claim change of a run, by class.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct ChangeTotals {
    /// Claims reported unchanged.
    pub unchanged: usize,
    /// Claims reported moved.
    pub moved: usize,
    /// Claims reported modified.
    pub modified: usize,
    /// Modified claims by reason.
    pub reasons: ReasonCounts,
    /// Claims reported added.
    pub added: usize,
    /// Claims reported removed.
    pub removed: usize,
}

/// The scores of one run.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionsReport {
    /// Every pair.
    pub pairs: Vec<PairScore>,
    /// Pairs where a number's value changed.
    pub pairs_with_changed_numbers: usize,
    /// Of them, pairs where factdesk reports a claim modified for its value.
    pub detected: usize,
    /// `detected / pairs_with_changed_numbers`.
    pub detection_rate: f64,
    /// Of the pairs with changed numbers, those where factdesk reports a claim modified for its
    /// value or for its date: the data set counts a changed date ("March 14" → "15") as a
    /// changed number, factdesk as the when of the claims beside it.
    pub detected_with_dates: usize,
    /// `detected_with_dates / pairs_with_changed_numbers`.
    pub detection_rate_with_dates: f64,
    /// Claims in unchanged paragraphs, over all pairs.
    pub claims_in_unchanged_paragraphs: usize,
    /// Of them, reported as modified, added or removed.
    pub false_changes: usize,
    /// Figures listed as changed that are reported as a value change, over all pairs.
    pub figure_updates_modified: usize,
    /// Figures listed as changed that are reported as a removal and an addition.
    pub figure_updates_split: usize,
    /// Number claims reported modified for their wording alone, the figure unchanged.
    pub false_resets: usize,
    /// Every claim change over all pairs, by class.
    pub totals: ChangeTotals,
}

fn paragraphs(text: &str) -> HashSet<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn paragraph_of(doc: &Document, claim: &Claim) -> String {
    doc.paragraphs()
        .get(claim.paragraph)
        .map(|p| {
            p.span
                .slice(doc.text())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// Scores claim alignment on the given pairs.
pub fn evaluate(cases: &[RevisionCase<'_>]) -> RevisionsReport {
    let mut pairs = Vec::new();
    for case in cases {
        let old_doc = Document::parse(case.old, Format::Text);
        let new_doc = Document::parse(case.new, Format::Text);
        let old_claims = extract::extract(&old_doc).claims;
        let new_claims = extract::extract(&new_doc).claims;
        let unchanged = {
            let old_paragraphs = paragraphs(old_doc.text());
            let new_paragraphs = paragraphs(new_doc.text());
            old_paragraphs
                .intersection(&new_paragraphs)
                .cloned()
                .collect::<HashSet<_>>()
        };
        let changes = align_claims(&old_claims, &new_claims);
        let count = |kind: Change| changes.iter().filter(|c| c.change == kind).count();
        let because = |reason: Reason| {
            changes
                .iter()
                .filter(|c| c.change == Change::Modified && c.reasons.contains(&reason))
                .count()
        };
        let mut score = PairScore {
            article: case.article.to_owned(),
            pair: case.pair.to_owned(),
            numbers_changed: case.numbers_changed(),
            value_modified: because(Reason::Value),
            modified: count(Change::Modified),
            added: count(Change::Added),
            removed: count(Change::Removed),
            moved: count(Change::Moved),
            unchanged: count(Change::Unchanged),
            reasons: ReasonCounts {
                value: because(Reason::Value),
                qualifier: because(Reason::Qualifier),
                unit: because(Reason::Unit),
                date: because(Reason::Date),
                wording: because(Reason::Wording),
                speaker: because(Reason::Speaker),
            },
            in_unchanged_paragraphs: 0,
            false_changes: 0,
            moved_in_unchanged: 0,
            figure_updates_modified: 0,
            figure_updates_split: 0,
            false_resets: 0,
        };
        figure_updates(case, &changes, &mut score);
        for change in &changes {
            let (claim, doc) = match (change.new, change.old) {
                (Some(new), _) => (new, &new_doc),
                (None, Some(old)) => (old, &old_doc),
                (None, None) => continue,
            };
            if !unchanged.contains(&paragraph_of(doc, claim)) {
                continue;
            }
            score.in_unchanged_paragraphs += 1;
            match change.change {
                Change::Modified | Change::Added | Change::Removed => score.false_changes += 1,
                Change::Moved => score.moved_in_unchanged += 1,
                Change::Unchanged => {}
            }
        }
        pairs.push(score);
    }
    let changed: Vec<&PairScore> = pairs.iter().filter(|p| p.numbers_changed).collect();
    let detected = changed.iter().filter(|p| p.value_modified > 0).count();
    let detected_with_dates = changed
        .iter()
        .filter(|p| p.value_modified + p.reasons.date > 0)
        .count();
    let mut totals = ChangeTotals::default();
    for pair in &pairs {
        totals.unchanged += pair.unchanged;
        totals.moved += pair.moved;
        totals.modified += pair.modified;
        totals.reasons.add(&pair.reasons);
        totals.added += pair.added;
        totals.removed += pair.removed;
    }
    RevisionsReport {
        totals,
        pairs_with_changed_numbers: changed.len(),
        detected,
        detection_rate: super::ratio(detected, changed.len()),
        detected_with_dates,
        detection_rate_with_dates: super::ratio(detected_with_dates, changed.len()),
        claims_in_unchanged_paragraphs: pairs.iter().map(|p| p.in_unchanged_paragraphs).sum(),
        false_changes: pairs.iter().map(|p| p.false_changes).sum(),
        figure_updates_modified: pairs.iter().map(|p| p.figure_updates_modified).sum(),
        figure_updates_split: pairs.iter().map(|p| p.figure_updates_split).sum(),
        false_resets: pairs.iter().map(|p| p.false_resets).sum(),
        pairs,
    }
}

/// A number as the data set's lists and factdesk's claims are compared: its digits and decimal
/// point ("$1.128" and "1.128", "5,129" and "5129" alike); `None` for one written in words.
fn digits(text: &str) -> Option<String> {
    let kept: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let kept = kept.trim_matches('.');
    (!kept.is_empty()).then(|| kept.to_owned())
}

/// Takes `number` out of `list` (a multiset), saying whether it was there.
fn take(list: &mut Vec<String>, number: Option<String>) -> bool {
    let Some(number) = number else {
        return false;
    };
    match list.iter().position(|n| *n == number) {
        Some(at) => {
            list.swap_remove(at);
            true
        }
        None => false,
    }
}

/// Fills the figure-update and false-reset counts of `score`. The data set lists numbers, not
/// claims: a value change counts as a listed update when its old number is among the removed
/// and its new one among the added (each used once); what is left of the lists is then matched
/// against the claims reported removed and added.
fn figure_updates(case: &RevisionCase<'_>, changes: &[ClaimChange<'_>], score: &mut PairScore) {
    let listed = |numbers: &[String]| numbers.iter().filter_map(|n| digits(n)).collect::<Vec<_>>();
    let (mut removed, mut added) = (listed(case.numbers_removed), listed(case.numbers_added));
    let number = |claim: Option<&Claim>| claim.and_then(|c| digits(&c.text));
    for change in changes {
        let is_number = change
            .old
            .or(change.new)
            .is_some_and(|c| c.quantity().is_some());
        if !is_number || change.change != Change::Modified {
            continue;
        }
        if change.reasons.contains(&Reason::Value) {
            let (old, new) = (number(change.old), number(change.new));
            if removed.contains(old.as_ref().unwrap_or(&String::new()))
                && added.contains(new.as_ref().unwrap_or(&String::new()))
            {
                take(&mut removed, old);
                take(&mut added, new);
                score.figure_updates_modified += 1;
            }
        } else if change.reasons == [Reason::Wording]
            && !number(change.old).is_some_and(|n| {
                case.numbers_removed
                    .iter()
                    .any(|r| digits(r) == Some(n.clone()))
            })
        {
            score.false_resets += 1;
        }
    }
    let lost = changes
        .iter()
        .filter(|c| c.change == Change::Removed && c.old.is_some_and(|o| o.quantity().is_some()))
        .filter(|c| take(&mut removed, number(c.old)))
        .count();
    let found = changes
        .iter()
        .filter(|c| c.change == Change::Added && c.new.is_some_and(|n| n.quantity().is_some()))
        .filter(|c| take(&mut added, number(c.new)))
        .count();
    score.figure_updates_split = lost.min(found);
}
