//! Comparing two revisions of an article: which claims stayed, moved, changed, appeared or went
//! away, and a word-level diff of any two texts for showing an editor what was rewritten.
//!
//! This module owns revision alignment and text diffing, and it is the only place in factdesk
//! that names the `similar` crate; everything it hands out is its own type ([`ClaimChange`],
//! [`Segment`], [`DiffStats`]), so the diff library can be swapped without touching callers.
//!
//! Claims are matched in four passes (see [`align_claims`]): by identity, then by corresponding
//! sentences, then figures updated in place, and whatever is left is added or removed. Sentences correspond by word similarity:
//! symmetric for an edited sentence, asymmetric for one split or merged, by shared content words
//! for one rewritten around its number. Claims are compared sentence to sentence, not within
//! aligned paragraphs: a claim moved to another paragraph and edited there is still found.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::ops::Range;
use std::time::Duration;

use similar::{DiffTag, TextDiff};

mod candidates;
mod overlap;
mod paragraphs;
mod similarity;
mod summary;
#[cfg(test)]
mod tests;
mod words;

use self::candidates::*;
use self::similarity::*;
use self::summary::*;
pub use self::words::*;

pub use self::overlap::{shared_vocabulary, stub_beside};
pub use self::paragraphs::{ParagraphChange, ParagraphDiff, paragraph_diff};

use crate::extract;
use crate::model::{Bound, Claim, ClaimDetail, ClaimKind, Quantity};
use crate::text::{Document, Format};

/// Below this word similarity two number sentences (numbers masked) are not considered the same
/// sentence rewritten.
const NUMBER_SENTENCE_MIN: f64 = 0.6;

/// A sentence split in two, or two merged into one, leaves a short sentence whose words nearly
/// all reappear, in order, inside a longer one: symmetric similarity is low there, so this share
/// of the shorter sentence's words found in the longer one also counts as the same sentence.
const NUMBER_SENTENCE_CONTAINED_MIN: f64 = 0.8;

/// Below this many words a sentence is too short for containment to mean anything: "# people
/// died" sits inside half the sentences of a disaster story.
const CONTAINED_MIN_WORDS: usize = 5;

/// A sentence rewritten around its number ("The mayor said the clinic now has 12 nurses, down
/// from 40 last year" → "Flyers were handed out, she said, and the clinic has 12 nurses, down
/// from 40 a year ago") shares few words in order but keeps its subject: at least this share of
/// the content words (function words and numbers left out) of the sentence with fewer of them
/// is found in the other. Asymmetric, so a sentence merged into a longer one still counts.
const NUMBER_SENTENCE_REWRITTEN_MIN: f64 = 0.5;

/// Below this many content words a sentence says too little for a share of them to count.
const REWRITTEN_MIN_WORDS: usize = 4;

/// Words kept on each side of a number as its local context.
const CONTEXT_WORDS: usize = 3;

/// The most words [`short_similarity`] compares of each text.
const SHORT_WORDS: usize = 24;

/// Below this similarity of local contexts a number that is neither the same unit nor in the same
/// position of a corresponding sentence is not considered the same number.
const NUMBER_CONTEXT_MIN: f64 = 0.5;

/// In a rewritten sentence a number without the same unit is the same number only if its
/// neighbours agree at least this much: nearly all of them stayed.
const REWRITTEN_CONTEXT_MIN: f64 = 0.7;

/// Below this word similarity two quotes are not considered one quote reworded.
const QUOTE_TEXT_MIN: f64 = 0.5;

/// Below this similarity of the surrounding sentence (quote masked) two quotes by the same speaker
/// are not considered to sit in the same place.
const QUOTE_CONTEXT_MIN: f64 = 0.6;

/// How many full similarity computations one alignment may spend on unmatched claims. Matching is
/// quadratic in the unmatched claims; an article rewritten from scratch with thousands of numbers
/// must still come back promptly, so once this is spent no further pairs are considered and the
/// leftovers are added and removed. Ordinary articles stay far below it.
const COMPARISON_BUDGET: usize = 50_000;

/// How many comparisons of a few words (a number's neighbours, its phrase) one alignment may
/// spend: far cheaper than a sentence diff, so many more, but still bounded for an article whose
/// every sentence looks alike. It also bounds the candidate pairs kept (tens of bytes each).
const SHORT_COMPARISON_BUDGET: usize = 500_000;

/// Myers' diff is O(ND); these caps keep a pathological input from stalling a caller. When one is
/// hit `similar` returns a valid but less minimal diff, so results stay correct, only coarser.
const RATIO_TIMEOUT: Duration = Duration::from_millis(50);
const WORD_DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// Texts up to this many characters are shown whole in a summary; longer ones are cut down to
/// the changed stretch.
const SUMMARY_TEXT_CHARS: usize = 60;

/// Words of unchanged context kept on each side of a changed stretch in a summary.
const SUMMARY_CONTEXT_WORDS: usize = 2;

/// At most this many characters of unchanged context are kept before the first difference in a
/// summary, so the difference always falls well inside [`SUMMARY_TEXT_CHARS`].
const SUMMARY_CONTEXT_CHARS: usize = 24;

/// What happened to a claim between two revisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Only in the new revision.
    Added,
    /// Only in the old revision.
    Removed,
    /// In both, but something an editor must re-check differs (see [`Reason`]).
    Modified,
    /// The same claim, now out of order relative to the claims around it.
    Moved,
    /// The same claim in the same relative place.
    Unchanged,
}

impl Change {
    /// The word used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Modified => "modified",
            Change::Moved => "moved",
            Change::Unchanged => "unchanged",
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why a claim counts as [`Change::Modified`]. Ordered as a summary lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// The number itself (value or range ends) changed.
    Value,
    /// The hedge changed ("more than" → "at least").
    Qualifier,
    /// The unit or counted noun changed.
    Unit,
    /// A number's sentence says another when: a date, year or time in it changed ("as of March
    /// 14" → "as of March 15"), so the number is claimed for another moment.
    Date,
    /// The quote's words, or for a number only the rest of its sentence, changed.
    Wording,
    /// The quote is attributed to someone else.
    Speaker,
}

impl Reason {
    /// The word used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Value => "value",
            Reason::Qualifier => "qualifier",
            Reason::Unit => "unit",
            Reason::Date => "date",
            Reason::Wording => "wording",
            Reason::Speaker => "speaker",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One claim's fate between two revisions.
///
/// `old` is `None` exactly for [`Change::Added`], `new` exactly for [`Change::Removed`];
/// `reasons` is non-empty exactly for [`Change::Modified`], sorted and without repeats.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimChange<'a> {
    /// What happened.
    pub change: Change,
    /// The claim in the old revision.
    pub old: Option<&'a Claim>,
    /// The claim in the new revision.
    pub new: Option<&'a Claim>,
    /// Why it counts as modified.
    pub reasons: Vec<Reason>,
}

impl ClaimChange<'_> {
    /// One-line human summary of what changed, each part led by its reason, so the audit log
    /// says why a claim went back to review: `value 8,000 → 9,000`, `qualifier more than → at
    /// least`, `unit people → families`, `speaker he → Jakob Kellenberger`, `wording "…" → "…"`
    /// (the old and new text cut down to the changed stretch); `added "…"` / `removed "…"` / `moved from paragraph
    /// 2 to 5`; empty for unchanged.
    ///
    /// Several reasons are joined with `; ` in [`Reason`] order.
    pub fn summary(&self) -> String {
        match (self.change, self.old, self.new) {
            (Change::Added, _, Some(new)) => format!("added \"{}\"", cap(&display_text(new))),
            (Change::Removed, Some(old), _) => format!("removed \"{}\"", cap(&display_text(old))),
            (Change::Moved, Some(old), Some(new)) => moved_summary(old, new),
            (Change::Modified, Some(old), Some(new)) => {
                let parts: Vec<String> = self
                    .reasons
                    .iter()
                    .map(|&reason| reason_summary(reason, old, new))
                    .collect();
                parts.join("; ")
            }
            // Unchanged, or fields filled in by hand inconsistently: nothing sensible to say.
            _ => String::new(),
        }
    }
}

/// Matches the claims of two revisions (each slice sorted by position).
///
/// Returns every new claim classified (unchanged / moved / modified / added) in new-revision
/// order, followed by the removed old claims in old order.
///
/// The passes:
///
/// 1. **Same id** (kind + canonical content), duplicates paired in order. Such a pair is
///    [`Change::Modified`] if a part the id may not cover differs: a quote's speaker (or,
///    unresolved, the mention) gives [`Reason::Speaker`]; a number's value, hedge or unit give
///    [`Reason::Value`], [`Reason::Qualifier`], [`Reason::Unit`]. Otherwise it is
///    [`Change::Moved`] if it is out of order: the id pairs are taken in new order, the longest
///    run whose old sentence indices never decrease is the article's stable backbone, and a pair
///    off that backbone has moved. Inserting or deleting
///    text therefore moves nothing, and of two swapped blocks only the smaller one is reported.
///    A pair on the backbone is [`Change::Unchanged`], even if words around it changed.
/// 2. **Corresponding sentences**, same kind only, best score first (greedy):
///    * numbers whose sentences correspond, with every number expression masked: word-similar
///      at ≥ 0.6 as wholes (the same sentence edited); or the shorter's words found in order in
///      the longer at ≥ 0.8 (a split or a merge); or, rewritten, half the content words of the
///      one with fewer found in the other. The number must also be the k-th of a sentence that
///      is the same as a whole, or keep its unit, or keep the words next to it (in a rewritten
///      sentence: its neighbours, and its unit unless nearly all its neighbours). The score
///      prefers similar sentences, same position, same unit, same neighbours, similar phrase.
///      Last, and below all of those, a counted phrase ("more than 2,000 others") that is the
///      only one of its words among the leftovers of each side pairs wherever its sentence went.
///      Reasons: [`Reason::Value`], [`Reason::Qualifier`], [`Reason::Unit`] as they differ,
///      [`Reason::Date`] if the sentence's when changed, [`Reason::Wording`] if none does; but a
///      number that is itself the same is [`Change::Unchanged`] when its sentence changed only
///      inside the other number claims it holds, or only away from it: the sentence edited
///      (not rewritten), its when the same, and its neighbours ([`CONTEXT_WORDS`] on each side)
///      word for word as before, so a comma or a rewording further off keeps its verdict.
///    * quotes whose words are similar at ≥ 0.5, or by the same speaker in a sentence that is
///      similar at ≥ 0.6 with the quote masked. Reasons: [`Reason::Wording`], plus
///      [`Reason::Speaker`] if the speaker differs.
/// 3. **Figure updates**, numbers only: of what is left, a removed and an added number in the
///    same place of the story (between the same two pairs kept in order, at most a paragraph
///    apart from there) that count the same thing (same unit, or "others") and are within a
///    factor of 2, each the other's one closest value: [`Change::Modified`] (`value 108 → 109`).
/// 4. The rest: new claims [`Change::Added`], old ones [`Change::Removed`].
pub fn align_claims<'a>(old: &'a [Claim], new: &'a [Claim]) -> Vec<ClaimChange<'a>> {
    let mut old_taken = vec![false; old.len()];
    let mut new_fate: Vec<Option<(usize, Change, Vec<Reason>)>> = vec![None; new.len()];

    for (i, j, change, reasons) in match_by_id(old, new) {
        old_taken[i] = true;
        new_fate[j] = Some((i, change, reasons));
    }

    let mut budget = COMPARISON_BUDGET;
    for kind in [ClaimKind::Number, ClaimKind::Quote] {
        let olds: Vec<usize> = (0..old.len())
            .filter(|&i| !old_taken[i] && old[i].kind == kind)
            .collect();
        let news: Vec<usize> = (0..new.len())
            .filter(|&j| new_fate[j].is_none() && new[j].kind == kind)
            .collect();
        if olds.is_empty() || news.is_empty() {
            continue;
        }
        let candidates = match kind {
            ClaimKind::Number => number_candidates(old, new, &olds, &news, &mut budget),
            ClaimKind::Quote => quote_candidates(old, new, &olds, &news, &mut budget),
        };
        for candidate in candidates {
            let (i, j) = (candidate.old, candidate.new);
            if old_taken[i] || new_fate[j].is_some() {
                continue;
            }
            old_taken[i] = true;
            new_fate[j] = Some(sentence_pair_fate(&old[i], &new[j], &candidate));
        }
    }

    for (i, j) in figure_updates(old, new, &old_taken, &new_fate) {
        old_taken[i] = true;
        new_fate[j] = Some((i, Change::Modified, modified_reasons(&old[i], &new[j])));
    }

    let mut out = Vec::with_capacity(old.len() + new.len());
    for (claim, fate) in new.iter().zip(new_fate) {
        out.push(match fate {
            Some((i, change, reasons)) => ClaimChange {
                change,
                old: old.get(i),
                new: Some(claim),
                reasons,
            },
            None => ClaimChange {
                change: Change::Added,
                old: None,
                new: Some(claim),
                reasons: vec![],
            },
        });
    }
    for (claim, taken) in old.iter().zip(old_taken) {
        if !taken {
            out.push(ClaimChange {
                change: Change::Removed,
                old: Some(claim),
                new: None,
                reasons: vec![],
            });
        }
    }
    out
}

/// What a pair found by its sentence is: unchanged when only words that are no part of the claim
/// changed, modified (with its reasons) otherwise.
fn sentence_pair_fate(
    old: &Claim,
    new: &Claim,
    candidate: &Candidate,
) -> (usize, Change, Vec<Reason>) {
    let i = candidate.old;
    if !differences(old, new).is_empty() {
        return (i, Change::Modified, modified_reasons(old, new));
    }
    // A number whose sentence changed only where another number did (the count beside it went
    // from 31 to 33) is the same claim: re-checking it is noise. Its id is new because its
    // sentence is part of it.
    if candidate.same_words_besides_claims {
        return (i, Change::Unchanged, vec![]);
    }
    let reasons = modified_reasons(old, new);
    // The same when a comma or a rewording further off in the sentence is all that changed:
    // value, hedge, unit, the moment it is claimed for and the words around it all stand, so a
    // verdict on it still holds (issue 18). A changed date still sends it back.
    if candidate.same_subject && reasons == [Reason::Wording] {
        return (i, Change::Unchanged, vec![]);
    }
    (i, Change::Modified, reasons)
}

/// Pass 1: pairs of equal ids, classified unchanged / moved / modified (speaker).
fn match_by_id(old: &[Claim], new: &[Claim]) -> Vec<(usize, usize, Change, Vec<Reason>)> {
    let mut queues: HashMap<_, VecDeque<usize>> = HashMap::new();
    for (i, claim) in old.iter().enumerate() {
        queues.entry(claim.id).or_default().push_back(i);
    }
    let pairs: Vec<(usize, usize)> = new
        .iter()
        .enumerate()
        .filter_map(|(j, claim)| Some((queues.get_mut(&claim.id)?.pop_front()?, j)))
        .collect();

    let keys: Vec<usize> = pairs.iter().map(|&(i, _)| old[i].sentence).collect();
    let in_order = longest_non_decreasing(&keys);

    pairs
        .iter()
        .zip(in_order)
        .map(|(&(i, j), in_order)| {
            let reasons = differences(&old[i], &new[j]);
            if !reasons.is_empty() {
                (i, j, Change::Modified, reasons)
            } else if in_order {
                (i, j, Change::Unchanged, vec![])
            } else {
                (i, j, Change::Moved, vec![])
            }
        })
        .collect()
}

/// Marks the members of one longest non-decreasing subsequence of `keys` (O(n log n)).
fn longest_non_decreasing(keys: &[usize]) -> Vec<bool> {
    // tails[k]: index into keys of the smallest possible last element of a run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; keys.len()];
    for (idx, &key) in keys.iter().enumerate() {
        let pos = tails.partition_point(|&t| keys[t] <= key);
        prev[idx] = pos.checked_sub(1).and_then(|p| tails.get(p).copied());
        if pos == tails.len() {
            tails.push(idx);
        } else {
            tails[pos] = idx;
        }
    }
    let mut member = vec![false; keys.len()];
    let mut cursor = tails.last().copied();
    while let Some(idx) = cursor {
        member[idx] = true;
        cursor = prev[idx];
    }
    member
}

/// A possible pairing of an unmatched old and new claim.
struct Candidate {
    score: f64,
    /// Its sentence reads word for word as before outside the claims it holds: whatever changed
    /// there is another claim, reported on its own.
    same_words_besides_claims: bool,
    /// A number whose sentence is the same sentence edited (not rewritten around it) and whose
    /// neighbours ([`CONTEXT_WORDS`] on each side, numbers masked) are word for word as before:
    /// it still says the same thing of the same subject, whatever changed further off.
    same_subject: bool,
    /// Distance in relative article position; breaks score ties towards the nearer claim.
    displacement: f64,
    old: usize,
    new: usize,
}

/// Best first; the order is total so the greedy pass is deterministic.
fn sort_candidates(candidates: &mut [Candidate]) {
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.displacement.total_cmp(&b.displacement))
            .then(a.old.cmp(&b.old))
            .then(a.new.cmp(&b.new))
    });
}

fn displacement(i: usize, old_len: usize, j: usize, new_len: usize) -> f64 {
    let rel = |k: usize, len: usize| k as f64 / len.max(1) as f64;
    (rel(i, old_len) - rel(j, new_len)).abs()
}
