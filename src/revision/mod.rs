//! Comparing two revisions of an article: which claims stayed, moved, changed, appeared or went
//! away, and a word-level diff of any two texts for showing an editor what was rewritten.
//!
//! This module owns revision alignment and text diffing, and it is the only place in factdesk
//! that names the `similar` crate; everything it hands out is its own type ([`ClaimChange`],
//! [`Segment`], [`DiffStats`]), so the diff library can be swapped without touching callers.
//!
//! Claims are matched in three passes (see [`align_claims`]): by identity, then by corresponding
//! sentences, and whatever is left is added or removed. Sentences correspond by word similarity:
//! symmetric for an edited sentence, asymmetric for one split or merged, by shared content words
//! for one rewritten around its number. Claims are compared sentence to sentence, not within
//! aligned paragraphs: a claim moved to another paragraph and edited there is still found.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::ops::Range;
use std::time::Duration;

use similar::{DiffTag, TextDiff};

mod paragraphs;

pub use self::paragraphs::{ParagraphChange, ParagraphDiff, paragraph_diff};

use crate::extract;
use crate::model::{Claim, ClaimDetail, ClaimKind, Quantity};
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
        f.write_str(self.as_str())
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
        f.write_str(self.as_str())
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
///      [`Reason::Wording`] if none does; but a number whose sentence changed only inside the
///      other number claims it holds, itself the same, is [`Change::Unchanged`].
///    * quotes whose words are similar at ≥ 0.5, or by the same speaker in a sentence that is
///      similar at ≥ 0.6 with the quote masked. Reasons: [`Reason::Wording`], plus
///      [`Reason::Speaker`] if the speaker differs.
/// 3. The rest: new claims [`Change::Added`], old ones [`Change::Removed`].
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
            let reasons = differences(&old[i], &new[j]);
            // A number whose sentence changed only where another number did (the count beside
            // it went from 31 to 33) is the same claim: re-checking it is noise. Its id is new
            // because its sentence is part of it.
            new_fate[j] = Some(
                if reasons.is_empty() && candidate.same_words_besides_claims {
                    (i, Change::Unchanged, reasons)
                } else {
                    (i, Change::Modified, modified_reasons(&old[i], &new[j]))
                },
            );
        }
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

/// What pairing needs of one number claim, computed once per claim rather than per pair.
struct NumberPlace {
    /// Which sentence group.
    group: usize,
    /// The claim is the `ordinal`-th number of its sentence.
    ordinal: usize,
    unit: Option<String>,
    /// The phrase's words, number masked (interned).
    phrase: Vec<u32>,
    /// Up to [`CONTEXT_WORDS`] words on each side of the phrase, numbers masked: what stays next
    /// to a number when its sentence is split, merged or rewritten around it (interned).
    context: Vec<u32>,
}

/// One sentence holding number claims, as pairing compares it.
struct NumberSentence {
    /// The words with every number expression replaced by `#`.
    masked: Words,
    /// The distinct content words (no function words, no numbers), sorted.
    content: Vec<String>,
    /// The words with the claims' phrases taken out; dates and other numbers that are not
    /// claims stay.
    bare: Vec<String>,
}

/// The number claims of one side grouped by sentence.
struct NumberSentences {
    /// Per claim index (of that side).
    place: HashMap<usize, NumberPlace>,
    /// Per group.
    sentences: Vec<NumberSentence>,
}

impl NumberSentences {
    fn new(claims: &[Claim], interner: &mut Interner) -> NumberSentences {
        let mut groups: HashMap<(usize, &str), usize> = HashMap::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (idx, claim) in claims.iter().enumerate() {
            if claim.kind != ClaimKind::Number || claim.quantity().is_none() {
                continue;
            }
            let key = (claim.sentence, claim.sentence_text.as_str());
            let group = *groups.entry(key).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            if let Some(list) = members.get_mut(group) {
                list.push(idx);
            }
        }
        let mut place = HashMap::new();
        let mut sentences = Vec::with_capacity(members.len());
        for (group, list) in members.iter().enumerate() {
            let Some(&first) = list.first() else {
                continue;
            };
            let sentence = claims[first].sentence_text.as_str();
            let mut phrases: Vec<&str> = list
                .iter()
                .flat_map(|&k| [phrase_of(&claims[k]), claims[k].text.as_str()])
                .filter(|p| !p.trim().is_empty())
                .collect();
            // Longest first, so "more than 8,000 people" is masked before "8,000" could split it.
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
            let lower = sentence.to_lowercase();
            // The claims of a sentence come in text order: each is looked for after the one
            // before, so two equal numbers get their own contexts.
            let mut cursor = 0;
            for (ordinal, &k) in list.iter().enumerate() {
                let claim = &claims[k];
                let Some(quantity) = claim.quantity() else {
                    continue;
                };
                let (context, end) = local_context(&lower, cursor, claim, &phrases);
                cursor = end;
                place.insert(
                    k,
                    NumberPlace {
                        group,
                        ordinal,
                        unit: unit_key(quantity),
                        phrase: interner.ids(mask_numbers(&quantity.phrase, &[])),
                        context: interner.ids(context),
                    },
                );
            }
            let masked = mask_numbers(sentence, &phrases);
            let mut content: Vec<String> = masked
                .iter()
                .filter(|w| *w != "#" && !is_function_word(w))
                .cloned()
                .collect();
            content.sort_unstable();
            content.dedup();
            sentences.push(NumberSentence {
                masked: Words::new(masked),
                content,
                bare: words(&remove_phrases(sentence, &phrases)),
            });
        }
        NumberSentences { place, sentences }
    }
}

/// `text` without every whole-word occurrence of `phrases` (longest first): "12" goes from "12
/// people", not from "2012".
fn remove_phrases(text: &str, phrases: &[&str]) -> String {
    let mut rest = text.to_owned();
    for phrase in phrases.iter().filter(|p| !p.is_empty()) {
        let mut out = String::with_capacity(rest.len());
        let mut at = 0;
        while let Some(found) = rest.get(at..).and_then(|r| r.find(phrase)) {
            let start = at + found;
            let end = start + phrase.len();
            let bounded = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            let before = rest.get(..start).unwrap_or("");
            let after = rest.get(end..).unwrap_or("");
            let whole = bounded(before.chars().next_back()) && bounded(after.chars().next());
            out.push_str(rest.get(at..start).unwrap_or(""));
            out.push_str(if whole { " " } else { phrase });
            at = end;
        }
        out.push_str(rest.get(at..).unwrap_or(""));
        rest = out;
    }
    rest
}

/// Numbers for words, the same number for the same word.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    fn ids(&mut self, words: Vec<String>) -> Vec<u32> {
        words
            .into_iter()
            .map(|word| {
                let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                *self.ids.entry(word).or_insert(next)
            })
            .collect()
    }
}

/// The phrase of a number claim (hedge, number and unit), or its text when it has none.
fn phrase_of(claim: &Claim) -> &str {
    match claim.quantity() {
        Some(q) if !q.phrase.trim().is_empty() => q.phrase.as_str(),
        _ => claim.text.as_str(),
    }
}

/// The masked words on each side of `claim` in its lower-cased sentence, searched from byte
/// `from`, and the byte where the claim ends (where to look for the next one). A claim not found
/// as written has no context.
fn local_context(
    lower: &str,
    from: usize,
    claim: &Claim,
    phrases: &[&str],
) -> (Vec<String>, usize) {
    let rest = lower.get(from..).unwrap_or("");
    let found = [phrase_of(claim), claim.text.as_str()]
        .into_iter()
        .map(str::to_lowercase)
        .filter(|needle| !needle.trim().is_empty())
        .find_map(|needle| Some((rest.find(&needle)? + from, needle.len())));
    let Some((start, len)) = found else {
        return (Vec::new(), from);
    };
    let end = start + len;
    let lower_phrases: Vec<String> = phrases.iter().map(|p| p.to_lowercase()).collect();
    let lower_phrases: Vec<&str> = lower_phrases.iter().map(String::as_str).collect();
    let before = mask_numbers(lower.get(..start).unwrap_or(""), &lower_phrases);
    let after = mask_numbers(lower.get(end..).unwrap_or(""), &lower_phrases);
    let mut context: Vec<String> = before
        .iter()
        .skip(before.len().saturating_sub(CONTEXT_WORDS))
        .cloned()
        .collect();
    // The claim's own place, so "# killed" and "killed #" differ.
    context.push("#".to_owned());
    context.extend(after.into_iter().take(CONTEXT_WORDS));
    (context, end)
}

/// How two sentences holding numbers correspond.
#[derive(Clone, Copy)]
enum SentenceMatch {
    /// Word-similar as wholes, at this similarity: positions within them correspond too.
    Same(f64),
    /// The shorter one's words nearly all found, in order, in the longer one (a split or a
    /// merge), at this share: positions shift.
    Contained(f64),
    /// Rewritten, sharing this share of content words: only a number that keeps its neighbours,
    /// and its unit unless nearly all of them, is the same number.
    Rewritten(f64),
    /// Unrelated.
    None,
}

impl SentenceMatch {
    fn of(a: &NumberSentence, b: &NumberSentence, budget: &mut usize) -> SentenceMatch {
        let (la, lb) = (a.masked.seq.len(), b.masked.seq.len());
        let shorter = la.min(lb);
        let total = (la + lb).max(1) as f64;
        // One diff answers both questions: it matches `m` words, the symmetric similarity is
        // 2m / (la + lb), the containment m / shorter.
        let contained_floor = if shorter >= CONTAINED_MIN_WORDS {
            2.0 * NUMBER_SENTENCE_CONTAINED_MIN * shorter as f64 / total
        } else {
            f64::INFINITY
        };
        let ratio = similarity_at_least(
            &a.masked,
            &b.masked,
            NUMBER_SENTENCE_MIN.min(contained_floor),
            budget,
        );
        if ratio >= NUMBER_SENTENCE_MIN {
            return SentenceMatch::Same(ratio);
        }
        let contained = ratio * total / 2.0 / shorter.max(1) as f64;
        if shorter >= CONTAINED_MIN_WORDS && contained >= NUMBER_SENTENCE_CONTAINED_MIN {
            return SentenceMatch::Contained(contained.min(1.0));
        }
        let shared = overlap(&a.content, &b.content);
        if shared >= NUMBER_SENTENCE_REWRITTEN_MIN {
            return SentenceMatch::Rewritten(shared);
        }
        SentenceMatch::None
    }
}

/// The common items of two sorted, deduplicated lists over the length of the shorter; 0 when
/// the shorter has fewer than [`REWRITTEN_MIN_WORDS`].
fn overlap(a: &[String], b: &[String]) -> f64 {
    let shorter = a.len().min(b.len());
    if shorter < REWRITTEN_MIN_WORDS {
        return 0.0;
    }
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    common as f64 / shorter as f64
}

fn number_candidates(
    old: &[Claim],
    new: &[Claim],
    olds: &[usize],
    news: &[usize],
    budget: &mut usize,
) -> Vec<Candidate> {
    // Words become numbers once, so the many comparisons of neighbours compare integers.
    let mut interner = Interner::default();
    let old_sentences = NumberSentences::new(old, &mut interner);
    let new_sentences = NumberSentences::new(new, &mut interner);
    // Several numbers share a sentence; compare each pair of sentences once.
    let mut sentence_match: HashMap<(usize, usize), SentenceMatch> = HashMap::new();
    let old_echoes = unique_phrases(old, olds);
    let new_echoes = unique_phrases(new, news);
    let mut short_budget = SHORT_COMPARISON_BUDGET;
    let mut candidates = Vec::new();
    for &i in olds {
        if *budget == 0 {
            break;
        }
        let Some(o) = old_sentences.place.get(&i) else {
            continue;
        };
        for &j in news {
            let Some(n) = new_sentences.place.get(&j) else {
                continue;
            };
            let sentences = *sentence_match.entry((o.group, n.group)).or_insert_with(|| {
                match (
                    old_sentences.sentences.get(o.group),
                    new_sentences.sentences.get(n.group),
                ) {
                    (Some(a), Some(b)) => SentenceMatch::of(a, b, budget),
                    _ => SentenceMatch::None,
                }
            });
            // The same counted phrase, once on each side, wherever its sentence went ("more than
            // 2,000 others" split off into a sentence of its own): the weakest evidence, so it
            // only pairs what nothing else claims.
            let echo = old_echoes
                .get(&i)
                .is_some_and(|phrase| new_echoes.get(&j) == Some(phrase));
            let score = number_pair_score(o, n, sentences, &mut short_budget)
                .or(echo.then_some(ECHO_SCORE));
            // Every candidate spent a short comparison or an echo lookup, so their number stays
            // bounded by the short budget and the leftovers.
            if let Some(score) = score {
                let old_bare = old_sentences.sentences.get(o.group).map(|s| &s.bare);
                let new_bare = new_sentences.sentences.get(n.group).map(|s| &s.bare);
                candidates.push(Candidate {
                    score,
                    same_words_besides_claims: old_bare == new_bare,
                    displacement: displacement(i, old.len(), j, new.len()),
                    old: i,
                    new: j,
                });
            }
        }
    }
    sort_candidates(&mut candidates);
    candidates
}

/// The score of a pair found only by its phrase: below any pair of corresponding sentences.
const ECHO_SCORE: f64 = 0.5;

/// Of the `idx` claims, those whose phrase names a unit or counted noun and appears on no other
/// of them, keyed by claim index: the phrase lower-cased with single spaces.
fn unique_phrases(claims: &[Claim], idx: &[usize]) -> HashMap<usize, String> {
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for &k in idx {
        let Some(quantity) = claims[k].quantity() else {
            continue;
        };
        if unit_key(quantity).is_none() {
            continue;
        }
        if let Some(phrase) = normalise(Some(&quantity.phrase)) {
            seen.entry(phrase).or_default().push(k);
        }
    }
    seen.into_iter()
        .filter_map(|(phrase, list)| match list.as_slice() {
            [only] => Some((*only, phrase)),
            _ => None,
        })
        .collect()
}

/// How likely two numbers in corresponding sentences are one claim edited, or `None` when they
/// are not. What counts besides the sentences: the same position in a sentence that is the same
/// as a whole; the same unit or counted noun; the same words right next to the number.
fn number_pair_score(
    o: &NumberPlace,
    n: &NumberPlace,
    sentences: SentenceMatch,
    short_budget: &mut usize,
) -> Option<f64> {
    let units = match (&o.unit, &n.unit) {
        (Some(a), Some(b)) if a == b => 0.5,
        (Some(_), Some(_)) => -0.5,
        _ => 0.0,
    };
    // Cheap refusals first: most pairs of an article's numbers sit in unrelated sentences.
    let (sentence, same_place, rewritten) = match sentences {
        SentenceMatch::Same(sim) => (sim, o.ordinal == n.ordinal, false),
        SentenceMatch::Contained(share) => (0.9 * share, false, false),
        SentenceMatch::Rewritten(share) if units >= 0.0 => (0.5 * share, false, true),
        SentenceMatch::Rewritten(_) | SentenceMatch::None => return None,
    };
    // A changed unit is reported only where the position vouches for the pairing.
    if !same_place && units < 0.0 {
        return None;
    }
    if *short_budget == 0 {
        return None;
    }
    *short_budget -= 1;
    let context = short_similarity(&o.context, &n.context);
    let neighbours = context >= NUMBER_CONTEXT_MIN;
    // A rewritten sentence alone says little: the neighbours must hold, and the unit too unless
    // nearly all the neighbours do.
    if rewritten && !(neighbours && (units > 0.0 || context >= REWRITTEN_CONTEXT_MIN)) {
        return None;
    }
    if !same_place && units == 0.0 && !neighbours {
        return None;
    }
    let phrase_sim = short_similarity(&o.phrase, &n.phrase);
    Some(2.0 * sentence + if same_place { 0.4 } else { 0.0 } + units + 0.4 * phrase_sim + context)
}

fn quote_candidates(
    old: &[Claim],
    new: &[Claim],
    olds: &[usize],
    news: &[usize],
    budget: &mut usize,
) -> Vec<Candidate> {
    // Per claim: quote words, context words, speaker; computed once, compared many times.
    let prepare = |claims: &[Claim], idx: &[usize]| -> Vec<(Words, Words, Option<String>)> {
        idx.iter()
            .map(|&k| {
                let claim = &claims[k];
                (
                    Words::new(words(&claim.text)),
                    Words::new(quote_context(claim)),
                    normalise(speaker_name(claim)),
                )
            })
            .collect()
    };
    let old_words = prepare(old, olds);
    let new_words = prepare(new, news);
    let mut candidates = Vec::new();
    for (&i, (o_text, o_ctx, o_speaker)) in olds.iter().zip(&old_words) {
        if *budget == 0 {
            break;
        }
        for (&j, (n_text, n_ctx, n_speaker)) in news.iter().zip(&new_words) {
            let speaker = o_speaker.is_some() && o_speaker == n_speaker;
            let text_floor = if speaker { 0.0 } else { QUOTE_TEXT_MIN };
            let text_sim = similarity_at_least(o_text, n_text, text_floor, budget);
            let ctx_sim = if text_sim >= QUOTE_TEXT_MIN {
                similarity_at_least(o_ctx, n_ctx, 0.0, budget)
            } else if speaker {
                similarity_at_least(o_ctx, n_ctx, QUOTE_CONTEXT_MIN, budget)
            } else {
                0.0
            };
            let placed = speaker && ctx_sim >= QUOTE_CONTEXT_MIN;
            if text_sim < QUOTE_TEXT_MIN && !placed {
                continue;
            }
            candidates.push(Candidate {
                score: text_sim + 0.5 * ctx_sim + if speaker { 0.2 } else { 0.0 },
                // A quote's id is its words: a pair with two ids always differs in them.
                same_words_besides_claims: false,
                displacement: displacement(i, old.len(), j, new.len()),
                old: i,
                new: j,
            });
        }
    }
    sort_candidates(&mut candidates);
    candidates
}

/// Why a pair matched by sentence (not by id) counts as modified.
fn modified_reasons(old: &Claim, new: &Claim) -> Vec<Reason> {
    let mut reasons = differences(old, new);
    // The ids differ, so something did; if none of the specific parts did, it was the words
    // around the number: when it held, or anything else.
    if reasons.is_empty() {
        if old.kind == ClaimKind::Number {
            let (old_when, old_rest) = when_and_rest(&old.sentence_text);
            let (new_when, new_rest) = when_and_rest(&new.sentence_text);
            let said = |when: &[String]| when.iter().map(|w| words(w)).collect::<Vec<_>>();
            if said(&old_when) != said(&new_when) {
                reasons.push(Reason::Date);
            }
            if old_rest != new_rest {
                reasons.push(Reason::Wording);
            }
        }
        if reasons.is_empty() {
            reasons.push(Reason::Wording);
        }
    }
    reasons
}

/// When a sentence says it is, and what else it says: its dates, years and times
/// ([`extract::time_references`]) as written, and the words of the rest with every number
/// masked (the numbers beside a claim are claims of their own, with their own reasons) and one
/// empty word where each time stood.
fn when_and_rest(sentence: &str) -> (Vec<String>, Vec<String>) {
    let doc = Document::parse(sentence, Format::Text);
    let text = doc.text();
    let (mut when, mut rest) = (Vec::new(), Vec::new());
    let mut at = 0;
    for span in extract::time_references(&doc) {
        rest.extend(mask_numbers(
            text.get(at..span.start_byte).unwrap_or(""),
            &[],
        ));
        rest.push(String::new());
        when.push(
            span.slice(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
        at = span.end_byte;
    }
    rest.extend(mask_numbers(text.get(at..).unwrap_or(""), &[]));
    (when, rest)
}

/// The parts of a claim that differ. Also asked of pairs with equal ids: what the canonical form
/// leaves out (a quote's speaker, perhaps a hedge's exact words) must still reach the editor.
fn differences(old: &Claim, new: &Claim) -> Vec<Reason> {
    let mut reasons = Vec::new();
    match (&old.detail, &new.detail) {
        (ClaimDetail::Number(o), ClaimDetail::Number(n)) => {
            if !same_f64(o.value, n.value) || !same_f64(o.low, n.low) || !same_f64(o.high, n.high) {
                reasons.push(Reason::Value);
            }
            if normalise(o.qualifier.as_deref()) != normalise(n.qualifier.as_deref())
                || o.bound != n.bound
            {
                reasons.push(Reason::Qualifier);
            }
            if unit_key(o) != unit_key(n) {
                reasons.push(Reason::Unit);
            }
        }
        (ClaimDetail::Quote(_), ClaimDetail::Quote(_)) => {
            if words(&old.text) != words(&new.text) {
                reasons.push(Reason::Wording);
            }
            if !same_speaker(old, new) {
                reasons.push(Reason::Speaker);
            }
        }
        _ => {}
    }
    reasons
}

fn same_f64(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => false,
    }
}

/// Lower case, single spaces, empty as absent: hedges and units are compared as words.
fn normalise(text: Option<&str>) -> Option<String> {
    let joined = text?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!joined.is_empty()).then_some(joined)
}

/// The unit compared across revisions: the normalised unit, or as written when none was derived.
fn unit_key(quantity: &Quantity) -> Option<String> {
    normalise(quantity.unit.as_deref()).or_else(|| normalise(quantity.unit_text.as_deref()))
}

/// Who a quote is credited to: the resolved speaker, or the words of the attribution.
fn speaker_name(claim: &Claim) -> Option<&str> {
    let attribution = claim.attribution()?;
    attribution
        .speaker
        .as_deref()
        .or(attribution.mention.as_deref())
}

/// Whether the quote is credited to the same speaker. When its sentence reads word for word as
/// before, a different speaker comes from the context (a pronoun resolved across an edited
/// paragraph, a floating quote whose neighbour moved), not from an edit of this claim: that is
/// not reported, so untouched sentences stay untouched. The edit that caused it, if any, is
/// reported where it was made.
fn same_speaker(old: &Claim, new: &Claim) -> bool {
    normalise(speaker_name(old)) == normalise(speaker_name(new))
        || words(&old.sentence_text) == words(&new.sentence_text)
}

/// Lower-cased runs of letters and digits: what similarity compares, so punctuation and spacing
/// edits do not count as rewording.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words of `text` with each of `phrases` and every remaining number turned into a single `#`,
/// so two sentences differing only in their numbers compare equal.
fn mask_numbers(text: &str, phrases: &[&str]) -> Vec<String> {
    let mut masked = text.to_owned();
    for phrase in phrases {
        masked = masked.replace(phrase, " 0 ");
    }
    let mut out: Vec<String> = Vec::new();
    for word in words(&masked) {
        if word.chars().any(char::is_numeric) {
            // "8,000" is two words; one mask per number keeps "8,000" and "9 million" alike.
            if out.last().is_none_or(|last| last != "#") {
                out.push("#".to_owned());
            }
        } else {
            out.push(word);
        }
    }
    out
}

/// English function words: what every sentence shares, so they say nothing about two sentences
/// being about the same thing.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "also", "an", "and", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "could", "did", "do", "for", "from", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "more", "most", "not", "of", "on",
    "one", "or", "our", "over", "s", "said", "says", "she", "so", "than", "that", "the", "their",
    "them", "there", "they", "this", "those", "to", "up", "was", "we", "were", "what", "when",
    "which", "while", "who", "will", "with", "would",
];

fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.binary_search(&word).is_ok()
}

/// The words of a quote's sentence without the quote itself.
fn quote_context(claim: &Claim) -> Vec<String> {
    let sentence = &claim.sentence_text;
    if !claim.text.trim().is_empty() && sentence.contains(claim.text.as_str()) {
        return words(&sentence.replacen(claim.text.as_str(), " ", 1));
    }
    // A quote in several parts is not one substring: take its words out one by one instead.
    let mut rest = words(sentence);
    for word in words(&claim.text) {
        if let Some(pos) = rest.iter().position(|w| *w == word) {
            rest.remove(pos);
        }
    }
    rest
}

/// The words of a text as similarity compares them, with a sorted copy for the overlap bound.
struct Words {
    seq: Vec<String>,
    sorted: Vec<String>,
}

impl Words {
    fn new(seq: Vec<String>) -> Words {
        let mut sorted = seq.clone();
        sorted.sort_unstable();
        Words { seq, sorted }
    }

    /// Size of the multiset intersection: an upper bound on the words a diff can match.
    fn common(&self, other: &Words) -> usize {
        let (mut a, mut b) = (
            self.sorted.iter().peekable(),
            other.sorted.iter().peekable(),
        );
        let mut common = 0;
        while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
            match x.cmp(y) {
                std::cmp::Ordering::Less => _ = a.next(),
                std::cmp::Ordering::Greater => _ = b.next(),
                std::cmp::Ordering::Equal => {
                    common += 1;
                    a.next();
                    b.next();
                }
            }
        }
        common
    }
}

/// Word similarity of two short texts (a number's phrase, its neighbours), as
/// [`similarity_at_least`] measures it, by a direct longest common subsequence: a handful of
/// words needs no diff library. Words past [`SHORT_WORDS`] are left out.
fn short_similarity<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let (a, b) = (
        a.get(..a.len().min(SHORT_WORDS)).unwrap_or(a),
        b.get(..b.len().min(SHORT_WORDS)).unwrap_or(b),
    );
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    // lengths[j]: the longest common subsequence of the prefix of `a` so far and b[..j].
    let mut lengths = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = lengths[j + 1];
            lengths[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(lengths[j])
            };
            diagonal = above;
        }
    }
    let common = lengths.last().copied().unwrap_or(0);
    (2 * common) as f64 / (a.len() + b.len()) as f64
}

/// Word similarity in `0..=1` (twice the matched words over all words, 1 for two empty texts),
/// or 0 whenever it cannot reach `floor`. Cheap bounds are tried before the diff, and the diff is
/// not run at all once the budget is spent.
fn similarity_at_least(a: &Words, b: &Words, floor: f64, budget: &mut usize) -> f64 {
    if a.seq == b.seq {
        return 1.0;
    }
    let total = (a.seq.len() + b.seq.len()) as f64;
    if (2 * a.common(b)) as f64 / total < floor {
        return 0.0;
    }
    if *budget == 0 {
        return 0.0;
    }
    *budget -= 1;
    let a: Vec<&str> = a.seq.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.seq.iter().map(String::as_str).collect();
    let diff = TextDiff::configure()
        .timeout(RATIO_TIMEOUT)
        .diff_slices(&a, &b);
    let ratio = f64::from(diff.ratio());
    if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

fn reason_summary(reason: Reason, old: &Claim, new: &Claim) -> String {
    match reason {
        Reason::Value => format!("value {} → {}", number_text(old), number_text(new)),
        Reason::Qualifier => format!(
            "qualifier {} → {}",
            qualifier(old).unwrap_or("(none)"),
            qualifier(new).unwrap_or("(none)")
        ),
        Reason::Unit => format!(
            "unit {} → {}",
            unit_text(old).unwrap_or("(none)"),
            unit_text(new).unwrap_or("(none)")
        ),
        Reason::Speaker => format!(
            "speaker {} → {}",
            speaker_name(old).unwrap_or("(unknown)"),
            speaker_name(new).unwrap_or("(unknown)")
        ),
        Reason::Date => {
            let (a, b) = (
                when_and_rest(&old.sentence_text).0,
                when_and_rest(&new.sentence_text).0,
            );
            let shown = |when: Vec<String>| {
                if when.is_empty() {
                    "(none)".to_owned()
                } else {
                    cap(&when.join(", "))
                }
            };
            format!("date {} → {}", shown(a), shown(b))
        }
        Reason::Wording => {
            // A quote's wording is its own words; a number's is the sentence around it.
            let (a, b) = match old.kind {
                ClaimKind::Quote => (&old.text, &new.text),
                ClaimKind::Number => (&old.sentence_text, &new.sentence_text),
            };
            // A sentence rewritten from its first words to its last shows only its opening
            // when cut down; the number's own surroundings say more, if they changed.
            let surroundings = (old.kind == ClaimKind::Number && rewritten_throughout(a, b))
                .then(|| {
                    (
                        around(&old.sentence_text, &old.text),
                        around(&new.sentence_text, &new.text),
                    )
                })
                .filter(|(a, b)| a != b);
            let (a, b) = surroundings.unwrap_or_else(|| shorten_pair(a, b));
            format!("wording \"{a}\" → \"{b}\"")
        }
    }
}

/// Words of unchanged context kept on each side of a number in a summary of its rewritten
/// sentence.
const AROUND_WORDS: usize = 4;

/// The words of `sentence` around the first occurrence of `text`, with ellipses where cut, at
/// most [`SUMMARY_TEXT_CHARS`] characters; the start of the sentence if `text` is not in it.
fn around(sentence: &str, text: &str) -> String {
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    // "62" is found in "62-year-old," but not in "1962", nor "a" in "area".
    let same = |word: &str, wanted: &str| {
        bare(word)
            .strip_prefix(wanted)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    };
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let wanted: Vec<String> = text.split_whitespace().map(bare).collect();
    let found = (0..words.len()).find(|&at| {
        !wanted.is_empty()
            && wanted
                .iter()
                .enumerate()
                .all(|(k, w)| words.get(at + k).is_some_and(|word| same(word, w)))
    });
    let Some(at) = found else {
        return cap(sentence);
    };
    let start = at.saturating_sub(AROUND_WORDS);
    let end = (at + AROUND_WORDS + 1).min(words.len());
    let mut shown = words.get(start..end).unwrap_or(&[]).join(" ");
    if start > 0 {
        shown.insert_str(0, "… ");
    }
    if end < words.len() {
        shown.push_str(" …");
    }
    cap(&shown)
}

fn moved_summary(old: &Claim, new: &Claim) -> String {
    // Indices are zero-based; editors count from one.
    if old.paragraph != new.paragraph {
        format!(
            "moved from paragraph {} to {}",
            old.paragraph.saturating_add(1),
            new.paragraph.saturating_add(1)
        )
    } else {
        format!(
            "moved from sentence {} to {}",
            old.sentence.saturating_add(1),
            new.sentence.saturating_add(1)
        )
    }
}

fn qualifier(claim: &Claim) -> Option<&str> {
    claim
        .quantity()?
        .qualifier
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
}

fn unit_text(claim: &Claim) -> Option<&str> {
    let quantity = claim.quantity()?;
    [quantity.unit_text.as_deref(), quantity.unit.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|u| !u.is_empty())
}

/// The number as written without its hedge, so a value change reads `8,000 → 9,000` whether or
/// not the extractor kept the hedge in the claim text.
fn number_text(claim: &Claim) -> String {
    let text = claim.text.trim();
    let stripped = qualifier(claim)
        .and_then(|q| {
            let head = text.get(..q.len())?;
            head.eq_ignore_ascii_case(q)
                .then(|| text.get(q.len()..))
                .flatten()
        })
        .map(str::trim)
        .filter(|rest| !rest.is_empty());
    stripped.unwrap_or(text).to_owned()
}

/// What an added or removed claim is shown as: the quote, or the whole number phrase.
fn display_text(claim: &Claim) -> String {
    let phrase = claim.quantity().map_or("", |q| q.phrase.as_str());
    let text = if phrase.trim().is_empty() {
        claim.text.as_str()
    } else {
        phrase
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most [`SUMMARY_TEXT_CHARS`] characters, on one line.
fn cap(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= SUMMARY_TEXT_CHARS {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(SUMMARY_TEXT_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Two texts cut down to the stretch where they differ, with a little context, so a long quote
/// with one word changed still fits a line.
fn shorten_pair(old: &str, new: &str) -> (String, String) {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let fits = |words: &[&str]| words.join(" ").chars().count() <= SUMMARY_TEXT_CHARS;
    if fits(&a) && fits(&b) {
        return (a.join(" "), b.join(" "));
    }
    let (prefix, suffix) = common_ends(&a, &b);
    let start = prefix.saturating_sub(SUMMARY_CONTEXT_WORDS);
    let window = |words: &[&str]| {
        let end = (words.len() - suffix + SUMMARY_CONTEXT_WORDS).min(words.len());
        let mut shown = words.get(start..end).unwrap_or(&[]).join(" ");
        if start > 0 {
            shown.insert_str(0, "… ");
        }
        if end < words.len() {
            shown.push_str(" …");
        }
        cap(&shown)
    };
    (window(&a), window(&b))
}

/// How many words two texts share at their start and, after that, at their end.
fn common_ends(a: &[&str], b: &[&str]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// Whether what changed between two texts, from the first differing word to the last, is too
/// long for a summary on either side: cut down, it would show where the change starts and not
/// much else.
fn rewritten_throughout(old: &str, new: &str) -> bool {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let (prefix, suffix) = common_ends(&a, &b);
    let too_long = |words: &[&str]| {
        let changed = words.get(prefix..words.len() - suffix).unwrap_or(&[]);
        changed.join(" ").chars().count() > SUMMARY_TEXT_CHARS
    };
    too_long(&a) || too_long(&b)
}

/// One stretch of a word diff. Each borrows from the text it comes from: `Equal` and `Delete`
/// from the old text, `Insert` from the new.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'t> {
    /// Text in both.
    Equal(&'t str),
    /// Text only in the new.
    Insert(&'t str),
    /// Text only in the old.
    Delete(&'t str),
}

impl<'t> Segment<'t> {
    /// The text of the segment, whichever kind.
    pub fn text(&self) -> &'t str {
        match *self {
            Segment::Equal(text) | Segment::Insert(text) | Segment::Delete(text) => text,
        }
    }
}

/// A word-level diff of `old` and `new`.
///
/// Words are runs of non-whitespace (punctuation stays with its word), compared exactly. The
/// segments cover both texts: concatenating `Equal` and `Delete` gives `old`, `Equal` and `Insert`
/// gives `new`. Between two `Equal`s there is at most one `Delete` followed by at most one
/// `Insert`; whitespace that alone separates two changes is folded into them, so `the big dog` →
/// `a small dog` reads as one replacement `the big` → `a small`, not two.
pub fn word_diff<'t>(old: &'t str, new: &'t str) -> Vec<Segment<'t>> {
    let diff = TextDiff::configure()
        .timeout(WORD_DIFF_TIMEOUT)
        .diff_words(old, new);
    let old_offsets = token_offsets(diff.iter_old_slices());
    let new_offsets = token_offsets(diff.iter_new_slices());
    let old_byte = |k: usize| old_offsets.get(k).copied().unwrap_or(old.len());
    let new_byte = |k: usize| new_offsets.get(k).copied().unwrap_or(new.len());

    // Consecutive ops of one kind (equal / changed) become one run.
    let mut runs: Vec<Run> = Vec::new();
    for op in diff.ops() {
        let (tag, o, n) = op.as_tag_tuple();
        let run = Run {
            equal: tag == DiffTag::Equal,
            old: old_byte(o.start)..old_byte(o.end),
            new: new_byte(n.start)..new_byte(n.end),
        };
        push_run(&mut runs, run);
    }

    // Whitespace that alone separates two changes joins them, so a rewritten phrase reads as one
    // replacement rather than word-by-word alternation.
    let last = runs.len().saturating_sub(1);
    let mut folded: Vec<Run> = Vec::with_capacity(runs.len());
    for (k, mut run) in runs.into_iter().enumerate() {
        let blank = old
            .get(run.old.clone())
            .is_some_and(|t| t.trim().is_empty());
        if run.equal && blank && k > 0 && k < last {
            run.equal = false;
        }
        push_run(&mut folded, run);
    }

    let mut out = Vec::with_capacity(folded.len() * 2);
    for run in folded {
        let old_text = old.get(run.old).unwrap_or("");
        let new_text = new.get(run.new).unwrap_or("");
        if run.equal {
            if !old_text.is_empty() {
                out.push(Segment::Equal(old_text));
            }
        } else {
            if !old_text.is_empty() {
                out.push(Segment::Delete(old_text));
            }
            if !new_text.is_empty() {
                out.push(Segment::Insert(new_text));
            }
        }
    }
    out
}

/// A stretch of a word diff as byte ranges: equal in both texts, or changed (old range deleted,
/// new range inserted).
struct Run {
    equal: bool,
    old: Range<usize>,
    new: Range<usize>,
}

/// Appends `run`, merging it into the previous run of the same kind: runs come in text order on
/// both sides, so merging only moves the ends.
fn push_run(runs: &mut Vec<Run>, run: Run) {
    match runs.last_mut() {
        Some(last) if last.equal == run.equal => {
            last.old.end = run.old.end;
            last.new.end = run.new.end;
        }
        _ => runs.push(run),
    }
}

/// Byte offset at which each token starts, plus the end: the tokenizer splits without loss.
fn token_offsets<'s>(tokens: impl Iterator<Item = &'s str>) -> Vec<usize> {
    let mut offsets = vec![0];
    let mut at = 0;
    for token in tokens {
        at += token.len();
        offsets.push(at);
    }
    offsets
}

/// How much of a text a word diff rewrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DiffStats {
    /// Words in `Insert` segments.
    pub inserted_words: usize,
    /// Words in `Delete` segments.
    pub deleted_words: usize,
}

impl DiffStats {
    /// Counts the words of a [`word_diff`] result.
    pub fn of(segments: &[Segment<'_>]) -> DiffStats {
        let mut stats = DiffStats::default();
        for segment in segments {
            match segment {
                Segment::Insert(text) => stats.inserted_words += text.split_whitespace().count(),
                Segment::Delete(text) => stats.deleted_words += text.split_whitespace().count(),
                Segment::Equal(_) => {}
            }
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attribution, Bound, ClaimId, Span};

    /// Builds hand-made claims; `build` derives canonical form and id the way extraction would
    /// (quote: its words; number: bound, value and unit), so equal content gives equal ids.
    struct B(Claim);

    impl B {
        fn blank(kind: ClaimKind, text: &str, detail: ClaimDetail) -> B {
            B(Claim {
                id: ClaimId::from_canonical(kind, ""),
                kind,
                text: text.to_owned(),
                canonical: String::new(),
                span: Span::default(),
                parts: vec![],
                sentence: 0,
                paragraph: 0,
                sentence_text: String::new(),
                detail,
            })
        }

        fn number(text: &str, value: f64) -> B {
            let quantity = Quantity {
                value: Some(value),
                unit: Some("people".to_owned()),
                unit_text: Some("people".to_owned()),
                bound: Some(Bound::Exact),
                ..Quantity::default()
            };
            B::blank(ClaimKind::Number, text, ClaimDetail::Number(quantity))
        }

        fn quote(text: &str, speaker: &str) -> B {
            let attribution = Attribution {
                speaker: Some(speaker.to_owned()),
                mention: Some(speaker.to_owned()),
                title: None,
            };
            B::blank(ClaimKind::Quote, text, ClaimDetail::Quote(attribution))
        }

        fn quantity(&mut self) -> &mut Quantity {
            match &mut self.0.detail {
                ClaimDetail::Number(q) => q,
                ClaimDetail::Quote(_) => panic!("not a number"),
            }
        }

        fn qualifier(mut self, qualifier: &str, bound: Bound) -> B {
            let q = self.quantity();
            q.qualifier = Some(qualifier.to_owned());
            q.bound = Some(bound);
            self
        }

        fn unit(mut self, unit: &str) -> B {
            let q = self.quantity();
            q.unit = Some(unit.to_owned());
            q.unit_text = Some(unit.to_owned());
            self
        }

        fn unresolved(mut self, mention: &str) -> B {
            if let ClaimDetail::Quote(a) = &mut self.0.detail {
                a.speaker = None;
                a.mention = Some(mention.to_owned());
            }
            self
        }

        fn at(mut self, paragraph: usize, sentence: usize, sentence_text: &str) -> Claim {
            self.0.paragraph = paragraph;
            self.0.sentence = sentence;
            self.0.sentence_text = sentence_text.to_owned();
            let start = sentence * 200 + sentence_text.find(&self.0.text).unwrap_or(0);
            self.0.span = Span {
                start_char: start,
                end_char: start + self.0.text.chars().count(),
                start_byte: start,
                end_byte: start + self.0.text.len(),
            };
            self.0.parts = vec![self.0.span];
            self.0.canonical = match &mut self.0.detail {
                ClaimDetail::Quote(_) => words(&self.0.text).join(" "),
                ClaimDetail::Number(q) => {
                    q.phrase = [
                        q.qualifier.as_deref(),
                        Some(self.0.text.as_str()),
                        q.unit_text.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                    format!(
                        "{} {} {}",
                        q.qualifier.as_deref().unwrap_or("exact"),
                        q.value.unwrap_or_default(),
                        q.unit.as_deref().unwrap_or("")
                    )
                }
            };
            self.0.id = ClaimId::from_canonical(self.0.kind, &self.0.canonical);
            self.0
        }
    }

    const FLED_OLD: &str = "More than 8,000 people fled the city on Monday, the UN said.";
    const FLED_NEW: &str = "More than 9,000 people fled the city on Monday, the UN said.";
    const QUOTE_SENTENCE: &str =
        "\"We will not leave the camp until the shelling stops,\" said Jakob Kellenberger.";

    fn fled(text: &str, value: f64, sentence: &str) -> Claim {
        B::number(text, value)
            .qualifier("more than", Bound::Lower)
            .at(0, 0, sentence)
    }

    fn camp_quote(paragraph: usize, sentence: usize) -> Claim {
        B::quote(
            "We will not leave the camp until the shelling stops",
            "Jakob Kellenberger",
        )
        .at(paragraph, sentence, QUOTE_SENTENCE)
    }

    /// A number's id as extraction makes it, covering its sentence: a number whose sentence was
    /// edited is a new id, and only the passes after the first can pair it.
    fn sentence_bound(mut claim: Claim) -> Claim {
        claim.canonical = format!("{} | {}", claim.canonical, claim.sentence_text);
        claim.id = ClaimId::from_canonical(claim.kind, &claim.canonical);
        claim
    }

    fn changes(list: &[ClaimChange<'_>]) -> Vec<Change> {
        list.iter().map(|c| c.change).collect()
    }

    #[test]
    fn value_change_is_modified_value() {
        let old = [fled("8,000", 8000.0, FLED_OLD), camp_quote(1, 1)];
        let new = [fled("9,000", 9000.0, FLED_NEW), camp_quote(1, 1)];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified, Change::Unchanged]);
        assert_eq!(result[0].reasons, [Reason::Value]);
        assert_eq!(result[0].old, Some(&old[0]));
        assert_eq!(result[0].summary(), "value 8,000 → 9,000");
        assert_eq!(result[1].summary(), "");
    }

    #[test]
    fn qualifier_change_is_modified_qualifier() {
        let old = [fled("8,000", 8000.0, FLED_OLD)];
        let new = [B::number("8,000", 8000.0)
            .qualifier("at least", Bound::Lower)
            .at(
                0,
                0,
                "At least 8,000 people fled the city on Monday, the UN said.",
            )];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Qualifier]);
        assert_eq!(result[0].summary(), "qualifier more than → at least");
    }

    #[test]
    fn qualifier_change_under_an_unchanged_id_is_still_reported() {
        let old = [fled("8,000", 8000.0, FLED_OLD)];
        let mut hedged = B::number("8,000", 8000.0)
            .qualifier("at least", Bound::Lower)
            .at(
                0,
                0,
                "At least 8,000 people fled the city on Monday, the UN said.",
            );
        hedged.id = old[0].id;
        let result = align_claims(&old, std::slice::from_ref(&hedged));
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Qualifier]);
    }

    #[test]
    fn unit_and_value_change_in_a_rewritten_sentence() {
        let old = [fled("8,000", 8000.0, FLED_OLD)];
        let new = [B::number("9,000", 9000.0)
            .qualifier("more than", Bound::Lower)
            .unit("families")
            .at(
                0,
                0,
                "More than 9,000 families fled the city on Monday, the UN reported.",
            )];
        let result = align_claims(&old, &new);
        assert_eq!(result[0].reasons, [Reason::Value, Reason::Unit]);
        assert_eq!(
            result[0].summary(),
            "value 8,000 → 9,000; unit people → families"
        );
    }

    #[test]
    fn sentence_only_change_is_wording() {
        let mut renamed = fled("8,000", 8000.0, FLED_OLD);
        renamed.canonical.push_str(" (edited)");
        renamed.id = ClaimId::from_canonical(ClaimKind::Number, &renamed.canonical);
        renamed.sentence_text =
            "More than 8,000 people fled the town on Monday, the UN said.".into();
        let old = [fled("8,000", 8000.0, FLED_OLD)];
        let new = [renamed];
        let result = align_claims(&old, &new);
        assert_eq!(result[0].change, Change::Modified);
        assert_eq!(result[0].reasons, [Reason::Wording]);
    }

    /// The 8,000 claim of [`fled`] in `sentence`, under the new id a new sentence gives it.
    fn fled_in(sentence: &str) -> Claim {
        let mut claim = fled("8,000", 8000.0, sentence);
        claim.canonical.push_str(sentence);
        claim.id = ClaimId::from_canonical(ClaimKind::Number, &claim.canonical);
        claim
    }

    #[test]
    fn a_changed_date_beside_a_number_is_reason_date() {
        let old = [fled_in(
            "As of March 14, 2020, more than 8,000 people had fled the city, the UN said.",
        )];
        let new = [fled_in(
            "As of March 15, 2020, more than 8,000 people had fled the city, the UN said.",
        )];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Date]);
        assert_eq!(result[0].summary(), "date March 14, 2020 → March 15, 2020");
    }

    #[test]
    fn a_changed_day_of_the_week_beside_a_number_is_reason_date() {
        let old = [fled_in(
            "On Tuesday more than 8,000 people had fled the city, the UN said.",
        )];
        let new = [fled_in(
            "On Wednesday more than 8,000 people had fled the city, the UN said.",
        )];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Date]);
        assert_eq!(result[0].summary(), "date Tuesday → Wednesday");
    }

    #[test]
    fn a_changed_year_and_other_words_are_date_and_wording() {
        let old = [fled_in(
            "In 2019 more than 8,000 people fled the city, the UN said.",
        )];
        let new = [fled_in(
            "In 2020 more than 8,000 people fled the capital, the UN said.",
        )];
        let result = align_claims(&old, &new);
        assert_eq!(result[0].reasons, [Reason::Date, Reason::Wording]);
        assert!(
            result[0]
                .summary()
                .starts_with("date 2019 → 2020; wording "),
            "{}",
            result[0].summary()
        );
    }

    #[test]
    fn other_numbers_changing_beside_a_date_change_leave_it_a_date_change() {
        // The 30 → 35 is its own claim, with its own reason; for the 8,000 only the day moved.
        let old = [fled_in(
            "On 24 July more than 8,000 people had fled and 30 had died, the UN said.",
        )];
        let new = [fled_in(
            "On 25 July more than 8,000 people had fled and 35 had died, the UN said.",
        )];
        let result = align_claims(&old, &new);
        assert_eq!(result[0].reasons, [Reason::Date]);
        assert_eq!(result[0].summary(), "date 24 July → 25 July");
    }

    #[test]
    fn the_same_date_in_an_edited_sentence_is_wording_only() {
        let old = [fled_in(
            "As of March 14, more than 8,000 people had fled the city, the UN said.",
        )];
        let new = [fled_in(
            "As of March 14, more than 8,000 people had fled the town, officials said.",
        )];
        let result = align_claims(&old, &new);
        assert_eq!(result[0].reasons, [Reason::Wording]);
    }

    #[test]
    fn reworded_quote_is_modified_wording() {
        let old = [camp_quote(0, 0)];
        let new = [B::quote(
            "We will not leave the camp while the shelling continues",
            "Jakob Kellenberger",
        )
        .at(
            0,
            0,
            "\"We will not leave the camp while the shelling continues,\" said Jakob Kellenberger.",
        )];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Wording]);
        assert_eq!(
            result[0].summary(),
            "wording \"We will not leave the camp until the shelling stops\" → \
             \"We will not leave the camp while the shelling continues\""
        );
    }

    #[test]
    fn long_reworded_quote_is_shortened_to_the_change() {
        let text = "This is a long statement that keeps going and going until the one word \
                    that changed here at the end of it all";
        let changed = text.replace("changed here", "differs here");
        let old = [B::quote(text, "Jakob Kellenberger").at(0, 0, text)];
        let new = [B::quote(&changed, "Jakob Kellenberger").at(0, 0, &changed)];
        let summary = align_claims(&old, &new)[0].summary();
        assert_eq!(
            summary,
            "wording \"… word that changed here at …\" → \"… word that differs here at …\""
        );
    }

    #[test]
    fn quote_rewritten_in_place_by_same_speaker_is_modified() {
        let old = [B::quote("Nothing will change", "Ban Ki-moon").at(
            0,
            0,
            "\"Nothing will change,\" Ban Ki-moon told reporters in Geneva on Friday.",
        )];
        let new = [B::quote("Everything is different now", "Ban Ki-moon").at(
            0,
            0,
            "\"Everything is different now,\" Ban Ki-moon told reporters in Geneva on Friday.",
        )];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Wording]);
    }

    #[test]
    fn speaker_change_on_same_quote() {
        let old =
            [B::quote("We will stay", "x")
                .unresolved("he")
                .at(0, 0, "\"We will stay,\" he said.")];
        let new = [B::quote("We will stay", "Jakob Kellenberger").at(
            0,
            0,
            "\"We will stay,\" said Jakob Kellenberger.",
        )];
        assert_eq!(old[0].id, new[0].id);
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Speaker]);
        assert_eq!(result[0].summary(), "speaker he → Jakob Kellenberger");
    }

    #[test]
    fn identical_claims_are_unchanged() {
        let claims = [fled("8,000", 8000.0, FLED_OLD), camp_quote(1, 1)];
        let result = align_claims(&claims, &claims);
        assert_eq!(changes(&result), [Change::Unchanged, Change::Unchanged]);
        assert!(
            result
                .iter()
                .all(|c| c.reasons.is_empty() && c.summary().is_empty())
        );
    }

    #[test]
    fn claim_only_in_old_is_removed_and_listed_last() {
        let old = [fled("8,000", 8000.0, FLED_OLD), camp_quote(1, 1)];
        let new = [camp_quote(0, 0)];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Unchanged, Change::Removed]);
        assert_eq!(result[1].old, Some(&old[0]));
        assert_eq!(result[1].new, None);
        assert_eq!(result[1].summary(), "removed \"more than 8,000 people\"");
    }

    #[test]
    fn new_quote_is_added() {
        let old = [fled("8,000", 8000.0, FLED_OLD)];
        let new = [
            fled("8,000", 8000.0, FLED_OLD),
            B::quote("The roads are closed", "a police spokesman").at(
                1,
                1,
                "\"The roads are closed,\" a police spokesman said.",
            ),
        ];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Unchanged, Change::Added]);
        assert_eq!(result[1].old, None);
        assert_eq!(result[1].summary(), "added \"The roads are closed\"");
    }

    #[test]
    fn inserted_paragraph_keeps_the_rest_unchanged() {
        let old = [
            fled("8,000", 8000.0, FLED_OLD),
            camp_quote(1, 1),
            B::number("12", 12.0).at(2, 2, "At least 12 people died."),
        ];
        let new = [
            B::quote("The situation is dire", "OCHA").at(
                0,
                0,
                "\"The situation is dire,\" OCHA said.",
            ),
            B::number("3", 3.0)
                .unit("camps")
                .at(0, 1, "Three camps were shelled in 3 days."),
            B::number("8,000", 8000.0)
                .qualifier("more than", Bound::Lower)
                .at(1, 2, FLED_OLD),
            camp_quote(2, 3),
            B::number("12", 12.0).at(3, 4, "At least 12 people died."),
        ];
        let result = align_claims(&old, &new);
        assert_eq!(
            changes(&result),
            [
                Change::Added,
                Change::Added,
                Change::Unchanged,
                Change::Unchanged,
                Change::Unchanged
            ]
        );
    }

    #[test]
    fn moved_paragraph_is_moved_and_nothing_else() {
        let a = camp_quote(0, 0);
        let b = B::number("12", 12.0).at(1, 1, "At least 12 people died.");
        let c = B::number("40", 40.0)
            .unit("houses")
            .at(2, 2, "Some 40 houses burned.");
        let old = [a.clone(), b.clone(), c.clone()];
        let mut moved = [b, c, a];
        for (k, claim) in moved.iter_mut().enumerate() {
            claim.paragraph = k;
            claim.sentence = k;
        }
        let result = align_claims(&old, &moved);
        assert_eq!(
            changes(&result),
            [Change::Unchanged, Change::Unchanged, Change::Moved]
        );
        assert_eq!(result[2].summary(), "moved from paragraph 1 to 3");
    }

    #[test]
    fn duplicate_ids_pair_in_order() {
        let first = B::number("10", 10.0).at(0, 0, "10 people were hurt.");
        let second = B::number("10", 10.0).at(1, 1, "Later 10 people were arrested.");
        assert_eq!(first.id, second.id);
        let old = [first.clone(), second.clone()];
        let new = [
            first,
            second,
            B::number("10", 10.0).at(2, 2, "And 10 people left."),
        ];
        let result = align_claims(&old, &new);
        assert_eq!(
            changes(&result),
            [Change::Unchanged, Change::Unchanged, Change::Added]
        );
        assert_eq!(result[0].old, Some(&old[0]));
        assert_eq!(result[1].old, Some(&old[1]));
    }

    #[test]
    fn new_number_in_sentence_does_not_steal_the_changed_one() {
        let old = [
            B::number("5", 5.0).at(
                0,
                0,
                "The blast killed 5 people and injured 12 people on Monday.",
            ),
            B::number("12", 12.0).at(
                0,
                0,
                "The blast killed 5 people and injured 12 people on Monday.",
            ),
        ];
        let sentence = "Two blasts killed 6 people and injured 12 people on Monday.";
        let new = [
            B::number("Two", 2.0).unit("blasts").at(0, 0, sentence),
            B::number("6", 6.0).at(0, 0, sentence),
            B::number("12", 12.0).at(0, 0, sentence),
        ];
        let result = align_claims(&old, &new);
        assert_eq!(
            changes(&result),
            [Change::Added, Change::Modified, Change::Unchanged]
        );
        assert_eq!(result[1].old, Some(&old[0]));
        assert_eq!(result[1].summary(), "value 5 → 6");
    }

    #[test]
    fn a_number_whose_neighbour_changed_is_unchanged_but_a_changed_date_is_not() {
        let old_sentence =
            "Thirty-one miners were killed and 7 trapped, the company said on 3 May.";
        let new_sentence =
            "Thirty-three miners were killed and 7 trapped, the company said on 3 May.";
        let dated = "Thirty-three miners were killed and 7 trapped, the company said on 4 May.";
        let claims = |sentence: &str, toll: &str, value: f64| {
            [
                sentence_bound(B::number(toll, value).unit("miners").at(0, 0, sentence)),
                sentence_bound(B::number("7", 7.0).unit("trapped").at(0, 0, sentence)),
            ]
        };
        let old = claims(old_sentence, "Thirty-one", 31.0);
        let new = claims(new_sentence, "Thirty-three", 33.0);
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified, Change::Unchanged]);
        assert_eq!(result[0].reasons, [Reason::Value]);
        assert_eq!(result[1].old, Some(&old[1]));
        assert_ne!(old[1].id, new[1].id);

        // A date is not a claim: when it changes, every claim of its sentence is claimed for
        // another day.
        let redated = claims(dated, "Thirty-three", 33.0);
        let result = align_claims(&new, &redated);
        assert_eq!(changes(&result), [Change::Modified, Change::Modified]);
        assert!(result.iter().all(|c| c.reasons == [Reason::Date]));
        assert_eq!(result[0].summary(), "date 3 May → 4 May");
    }

    #[test]
    fn removing_a_phrase_keeps_longer_numbers_whole() {
        assert_eq!(
            words(&remove_phrases(
                "In 2012, 12 people and 12 more",
                &["12 people", "12"]
            )),
            ["in", "2012", "and", "more"]
        );
        assert_eq!(remove_phrases("a b", &[""]), "a b");
    }

    #[test]
    fn unrelated_numbers_are_not_paired() {
        let old = [B::number("5", 5.0).at(0, 0, "The blast killed 5 people.")];
        let new = [B::number("30", 30.0).unit("percent").at(
            0,
            0,
            "Turnout fell by 30 percent in the north.",
        )];
        assert_eq!(
            changes(&align_claims(&old, &new)),
            [Change::Added, Change::Removed]
        );
    }

    #[test]
    fn merged_sentences_keep_each_number_with_its_own_words() {
        let arrested = "Police said 12 people were arrested in the old town.";
        let detained = "Another 30 were detained for questioning overnight.";
        let merged = "Police said 14 people were arrested in the old town, and another 30 were \
                      detained for questioning overnight.";
        let uncounted = |text: &str, value: f64, sentence: usize, sentence_text: &str| {
            let mut claim = B::number(text, value);
            let quantity = claim.quantity();
            quantity.unit = None;
            quantity.unit_text = None;
            sentence_bound(claim.at(0, sentence, sentence_text))
        };
        let old = [
            sentence_bound(B::number("12", 12.0).at(0, 0, arrested)),
            uncounted("30", 30.0, 1, detained),
        ];
        let new = [
            sentence_bound(B::number("14", 14.0).at(0, 0, merged)),
            uncounted("30", 30.0, 0, merged),
        ];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified, Change::Modified]);
        assert_eq!(result[0].old, Some(&old[0]));
        assert_eq!(result[0].summary(), "value 12 → 14");
        assert_eq!(result[1].old, Some(&old[1]));
        assert_eq!(result[1].reasons, [Reason::Wording]);
    }

    #[test]
    fn split_sentence_keeps_the_number_of_each_half() {
        let whole = "The earthquake killed 8,000 people across the northern province on \
                     Monday, officials said, and more than 2,000 people were injured in the \
                     three largest towns.";
        let first = "The earthquake killed 9,000 people across the northern province on \
                     Monday, officials said.";
        // A third of the sentence it came from: too little for a whole-sentence similarity.
        let second = "More than 2,000 people were injured in the three largest towns.";
        let injured = |sentence: usize, text: &str| {
            sentence_bound(
                B::number("2,000", 2000.0)
                    .qualifier("more than", Bound::Lower)
                    .at(0, sentence, text),
            )
        };
        let killed = |text: &str, value: f64, sentence: &str| {
            sentence_bound(B::number(text, value).at(0, 0, sentence))
        };
        let old = [killed("8,000", 8000.0, whole), injured(0, whole)];
        let new = [killed("9,000", 9000.0, first), injured(1, second)];
        let result = align_claims(&old, &new);
        assert_eq!(result[0].old, Some(&old[0]));
        assert_eq!(result[0].reasons, [Reason::Value]);
        assert_eq!(result[1].old, Some(&old[1]));
        // Its sentence no longer says "on Monday": when it held went unsaid, as a date would.
        assert_eq!(result[1].reasons, [Reason::Date, Reason::Wording]);
    }

    #[test]
    fn a_counted_phrase_split_into_a_sentence_of_its_own_is_the_same_claim() {
        let whole = "The storm flattened 300 homes on the coast, and more than 2,000 others \
                     were damaged.";
        let first = "The storm flattened 300 homes on the coast.";
        let second = "It also damaged more than 2,000 others.";
        let homes = |sentence: usize, text: &str| {
            sentence_bound(B::number("300", 300.0).unit("homes").at(0, sentence, text))
        };
        let others = |sentence: usize, text: &str| {
            sentence_bound(
                B::number("2,000", 2000.0)
                    .qualifier("more than", Bound::Lower)
                    .unit("others")
                    .at(0, sentence, text),
            )
        };
        let old = [homes(0, whole), others(0, whole)];
        let new = [homes(0, first), others(1, second)];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified, Change::Modified]);
        assert_eq!(result[1].old, Some(&old[1]));
        assert_eq!(result[1].reasons, [Reason::Wording]);

        // Twice on one side, it could be either: left alone.
        let twice = [homes(0, first), others(1, second), others(2, second)];
        let result = align_claims(&old, &twice);
        assert_eq!(
            changes(&result),
            [
                Change::Modified,
                Change::Added,
                Change::Added,
                Change::Removed
            ]
        );
    }

    #[test]
    fn number_in_a_rewritten_sentence_with_its_unit_and_neighbours_is_modified() {
        let old = [B::number("$4 billion", 4e9).unit("USD").at(
            0,
            0,
            "Prime Minister Jane Doe said on Tuesday that the government would spend \
             $4 billion on new hospitals in the capital.",
        )];
        let new = [B::number("$5 billion", 5e9).unit("USD").at(
            0,
            0,
            "The government will spend $5 billion on new hospitals in the capital, Jane \
             Doe announced, in a plan critics dismissed as a gimmick.",
        )];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Value]);
    }

    #[test]
    fn uncounted_number_merged_into_a_rewritten_sentence_keeps_its_pairing() {
        let old_sentence = "The mayor said the clinic now has a dozen nurses, down from around \
                            40 before the flooding in the spring.";
        let new_sentence = "Flyers warning volunteers were handed out in the square, she said, \
                            and the clinic has a dozen nurses, down from around 40 before the \
                            spring flooding.";
        let around = |sentence: &str| {
            let mut claim = B::number("40", 40.0).qualifier("around", Bound::Approximate);
            let quantity = claim.quantity();
            quantity.unit = None;
            quantity.unit_text = None;
            sentence_bound(claim.at(0, 0, sentence))
        };
        let old = [around(old_sentence)];
        let new = [around(new_sentence)];
        let result = align_claims(&old, &new);
        assert_eq!(changes(&result), [Change::Modified]);
        assert_eq!(result[0].reasons, [Reason::Wording]);
    }

    #[test]
    fn same_unit_in_a_different_story_is_not_paired() {
        let old = [B::number("$200 million", 2e8).unit("USD").at(
            0,
            0,
            "The fish market handles some $200 million of trade a day, traders said.",
        )];
        let new = [B::number("$17 million", 1.7e7).unit("USD").at(
            0,
            0,
            "Moving the port office inland would cost the shippers $17 million, according to \
             their federation.",
        )];
        assert_eq!(
            changes(&align_claims(&old, &new)),
            [Change::Added, Change::Removed]
        );
    }

    #[test]
    fn short_similarity_is_the_diff_ratio() {
        let w = |t: &str| words(t);
        let mut budget = 10;
        for (a, b) in [
            (
                "reduced to # from # before the",
                "reduced to # from # before june",
            ),
            ("the big red dog", "a small blue dog"),
            ("", "x"),
            ("a b c", "c b a"),
        ] {
            let direct = short_similarity(&w(a), &w(b));
            let diffed =
                similarity_at_least(&Words::new(w(a)), &Words::new(w(b)), 0.0, &mut budget);
            assert!(
                (direct - diffed).abs() < 1e-6,
                "{a:?} {b:?}: {direct} {diffed}"
            );
        }
        assert_eq!(short_similarity::<u32>(&[], &[]), 1.0);
    }

    #[test]
    fn a_number_in_a_sentence_rewritten_throughout_is_summarised_around_itself() {
        let old_sentence = "The mayor of the northern town said on Friday that the clinic now \
                            has a dozen nurses, down from around 40 before the flooding.";
        let new_sentence = "Volunteers said on Friday that the northern town's clinic has a \
                            dozen nurses, down from around 40 before the spring.";
        let forty =
            |sentence: &str| sentence_bound(B::number("40", 40.0).unit("").at(0, 0, sentence));
        let old = [forty(old_sentence)];
        let new = [forty(new_sentence)];
        let result = align_claims(&old, &new);
        assert_eq!(result[0].reasons, [Reason::Wording], "{result:#?}");
        assert_eq!(
            result[0].summary(),
            "wording \"… nurses, down from around 40 before the flooding.\" → \
             \"… nurses, down from around 40 before the spring.\""
        );
    }

    #[test]
    fn around_finds_the_number_as_a_word() {
        assert_eq!(
            around(
                "In 1962 the town, then small and poor, elected a 62-year-old farmer as its \
                 mayor for life.",
                "62"
            ),
            "… and poor, elected a 62-year-old farmer as its mayor …"
        );
        assert_eq!(
            around("One two three four five six 62, seven eight nine ten", "62"),
            "… three four five six 62, seven eight nine ten"
        );
        assert_eq!(around("No number here.", "8,000"), "No number here.");
        assert_eq!(
            around(
                "An aid worker in the area said staff had been cut to a few dozen from 300.",
                "a few"
            ),
            "… had been cut to a few dozen from 300."
        );
    }

    #[test]
    fn function_words_are_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn empty_and_one_sided_inputs() {
        assert!(align_claims(&[], &[]).is_empty());
        let claims = [camp_quote(0, 0), fled("8,000", 8000.0, FLED_OLD)];
        assert_eq!(
            changes(&align_claims(&claims, &[])),
            [Change::Removed, Change::Removed]
        );
        assert_eq!(
            changes(&align_claims(&[], &claims)),
            [Change::Added, Change::Added]
        );
    }

    #[test]
    fn summary_of_hand_built_inconsistent_change_is_empty() {
        let odd = ClaimChange {
            change: Change::Modified,
            old: None,
            new: None,
            reasons: vec![Reason::Value],
        };
        assert_eq!(odd.summary(), "");
    }

    #[test]
    fn as_str_words() {
        let all = [
            Change::Added,
            Change::Removed,
            Change::Modified,
            Change::Moved,
            Change::Unchanged,
        ];
        let words: Vec<_> = all.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            words,
            ["added", "removed", "modified", "moved", "unchanged"]
        );
        let all = [
            Reason::Value,
            Reason::Qualifier,
            Reason::Unit,
            Reason::Wording,
            Reason::Speaker,
        ];
        let words: Vec<_> = all.iter().map(|r| r.to_string()).collect();
        assert_eq!(words, ["value", "qualifier", "unit", "wording", "speaker"]);
    }

    #[test]
    fn word_diff_of_two_sentences() {
        let old = "The army said 8,000 people fled.";
        let new = "The ministry said 9,000 people fled on Monday.";
        assert_eq!(
            word_diff(old, new),
            [
                Segment::Equal("The "),
                Segment::Delete("army"),
                Segment::Insert("ministry"),
                Segment::Equal(" said "),
                Segment::Delete("8,000"),
                Segment::Insert("9,000"),
                Segment::Equal(" people "),
                Segment::Delete("fled."),
                Segment::Insert("fled on Monday."),
            ]
        );
        let stats = DiffStats::of(&word_diff(old, new));
        assert_eq!(
            stats,
            DiffStats {
                inserted_words: 5,
                deleted_words: 3
            }
        );
    }

    #[test]
    fn word_diff_folds_spaces_between_changed_words() {
        assert_eq!(
            word_diff("the big red dog", "a small blue dog"),
            [
                Segment::Delete("the big red"),
                Segment::Insert("a small blue"),
                Segment::Equal(" dog")
            ]
        );
        assert!(word_diff("", "").is_empty());
        assert_eq!(word_diff("", "neu"), [Segment::Insert("neu")]);
        assert_eq!(word_diff("alt", ""), [Segment::Delete("alt")]);
    }

    /// A tiny deterministic generator; no extra crates.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    const VOCAB: &[&str] = &[
        "the",
        "army",
        "said",
        "8,000",
        "people",
        "fled",
        "Monday.",
        "«Wir",
        "bleiben»",
        "Zürich",
        "naïve",
        "—",
        "东京",
        "🙂",
        "",
    ];
    const SPACES: &[&str] = &[" ", " ", " ", "  ", "\n", "\t", " \u{a0}", "\r\n"];

    fn sentence(rng: &mut Lcg, words: &[&str]) -> String {
        let mut out = String::new();
        for (k, word) in words.iter().enumerate() {
            if k > 0 || rng.below(4) == 0 {
                out.push_str(SPACES[rng.below(SPACES.len())]);
            }
            out.push_str(word);
        }
        out
    }

    #[test]
    fn word_diff_reproduces_both_texts() {
        let mut rng = Lcg(42);
        for round in 0..60 {
            let len = rng.below(14);
            let old_words: Vec<&str> = (0..len).map(|_| VOCAB[rng.below(VOCAB.len())]).collect();
            let mut new_words = old_words.clone();
            for _ in 0..rng.below(5) {
                let at = rng.below(new_words.len() + 1);
                match rng.below(3) {
                    0 => new_words.insert(at, VOCAB[rng.below(VOCAB.len())]),
                    1 if at < new_words.len() => {
                        new_words.remove(at);
                    }
                    _ if at < new_words.len() => new_words[at] = VOCAB[rng.below(VOCAB.len())],
                    _ => {}
                }
            }
            let old = sentence(&mut rng, &old_words);
            let new = if round % 10 == 9 {
                String::new()
            } else {
                sentence(&mut rng, &new_words)
            };
            let segments = word_diff(&old, &new);
            let rebuilt = |keep: fn(&Segment<'_>) -> bool| -> String {
                segments
                    .iter()
                    .filter(|s| keep(s))
                    .map(|s| s.text())
                    .collect()
            };
            assert_eq!(
                rebuilt(|s| !matches!(s, Segment::Insert(_))),
                old,
                "{old:?} → {new:?}"
            );
            assert_eq!(
                rebuilt(|s| !matches!(s, Segment::Delete(_))),
                new,
                "{old:?} → {new:?}"
            );
            assert!(segments.iter().all(|s| !s.text().is_empty()));
            for pair in segments.windows(2) {
                let same_kind =
                    std::mem::discriminant(&pair[0]) == std::mem::discriminant(&pair[1]);
                assert!(!same_kind, "unmerged {pair:?}");
                assert!(
                    !matches!(pair, [Segment::Insert(_), Segment::Delete(_)]),
                    "{pair:?}"
                );
            }
        }
    }

    #[test]
    fn alignment_invariants_on_generated_revisions() {
        let sentences = [
            "More than 8,000 people fled the city on Monday.",
            "At least 12 people died, officials said.",
            "\"We will not leave,\" he said.",
            "Some 40 houses burned in 3 villages.",
            "",
        ];
        let mut rng = Lcg(7);
        let make = |rng: &mut Lcg| -> Vec<Claim> {
            (0..rng.below(9))
                .map(|k| {
                    let text = sentences[rng.below(sentences.len())];
                    if rng.below(2) == 0 {
                        B::quote(["We will not leave", "x", ""][rng.below(3)], "he").at(k, k, text)
                    } else {
                        let value = rng.below(4) as f64;
                        B::number(&value.to_string(), value).at(k / 2, k, text)
                    }
                })
                .collect()
        };
        for _ in 0..80 {
            let old = make(&mut rng);
            let new = make(&mut rng);
            let result = align_claims(&old, &new);
            let (kept, removed) = result.split_at(new.len());
            for (change, claim) in kept.iter().zip(&new) {
                assert!(std::ptr::eq(change.new.unwrap(), claim));
                assert_eq!(change.old.is_none(), change.change == Change::Added);
                assert_eq!(change.reasons.is_empty(), change.change != Change::Modified);
                let _ = change.summary();
            }
            assert!(
                removed
                    .iter()
                    .all(|c| c.change == Change::Removed && c.new.is_none())
            );
            let mut seen: Vec<usize> = result
                .iter()
                .filter_map(|c| c.old)
                .map(|o| old.iter().position(|x| std::ptr::eq(x, o)).unwrap())
                .collect();
            let removed_order: Vec<usize> = seen[seen.len() - removed.len()..].to_vec();
            assert!(removed_order.windows(2).all(|w| w[0] < w[1]));
            seen.sort_unstable();
            assert_eq!(seen, (0..old.len()).collect::<Vec<_>>());
        }
    }
}
