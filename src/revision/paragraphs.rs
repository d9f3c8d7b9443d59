//! The text diff an editor reads: paragraphs aligned first, words diffed only inside the
//! paragraphs that changed.
//!
//! Paragraphs equal word for word are matched in order first (a longest common subsequence, so an
//! inserted paragraph shifts nothing); an unmatched paragraph equal to one elsewhere is moved.
//! The rest are paired by similarity, wherever they stand, best pairs first: a rewritten
//! paragraph reads as one change and not as a removal and an addition, and a paragraph moved and
//! edited is shown as moved with its words diffed, not diffed against whatever unrelated
//! paragraph took its place. A pair in its old place (between the same unchanged neighbours, in
//! order with the other pairs there) is edited; any other pair is moved.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::candidates::words;
use super::similarity::Words;
use super::{Segment, longest_non_decreasing, word_diff};

/// Below this word similarity (twice the words two paragraphs share, as multisets of lower-cased
/// words, over all their words) two paragraphs are a removal and an addition, not one paragraph
/// edited. Unrelated paragraphs of one story share their function words and little else (a tenth
/// to a third); a paragraph with a phrase rewritten keeps most of its words.
const PARAGRAPH_MIN: f64 = 0.5;

/// How many unmatched old paragraphs, the nearest in relative position, each unmatched new
/// paragraph is compared with. Pairing by similarity wherever a paragraph went is quadratic in the
/// paragraphs left unmatched; an article has tens of paragraphs, so every pair is still compared,
/// while a text rewritten from scratch with thousands of them costs at most this many comparisons
/// a paragraph, each linear in the two paragraphs' words (a multiset intersection of sorted
/// words, no diff), and only the pairs kept are diffed word by word.
const PARAGRAPH_CANDIDATES: usize = 64;

/// What happened to one paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParagraphChange {
    /// The same words in the same order of paragraphs.
    Same,
    /// Elsewhere in the article: the same words, or edited too (then `words` holds the diff).
    Moved,
    /// Edited in place.
    Edited,
    /// Only in the newer revision.
    Added,
    /// Only in the older revision.
    Removed,
}

/// One paragraph of the comparison, in reading order (removed ones where they stood).
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphDiff<'t> {
    /// What happened to it.
    pub change: ParagraphChange,
    /// Its text in the older revision.
    pub old: Option<&'t str>,
    /// Its text in the newer revision.
    pub new: Option<&'t str>,
    /// For an edited paragraph, or a moved one whose words changed too, its words diffed; empty
    /// otherwise.
    pub words: Vec<Segment<'t>>,
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn normal(paragraph: &str) -> String {
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where a new paragraph came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    /// Nowhere: added.
    New,
    /// Old paragraph `i`, word for word, moved.
    Exact(usize),
    /// Old paragraph `old`, edited; `moved` when it left its place.
    Similar { old: usize, moved: bool },
}

/// A stretch of both texts: paragraphs equal in order, or the gap between two such stretches.
struct Block {
    equal: bool,
    old: Range<usize>,
    new: Range<usize>,
}

/// The diff's ops as blocks, consecutive changes merged into one gap.
fn blocks(ops: &[DiffOp]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for op in ops {
        let equal = matches!(op, DiffOp::Equal { .. });
        match out.last_mut() {
            Some(last) if !equal && !last.equal => {
                last.old.end = op.old_range().end;
                last.new.end = op.new_range().end;
            }
            _ => out.push(Block {
                equal,
                old: op.old_range(),
                new: op.new_range(),
            }),
        }
    }
    out
}

/// Aligns the paragraphs of two texts and diffs the words of those that were edited.
pub fn paragraph_diff<'t>(old: &'t str, new: &'t str) -> Vec<ParagraphDiff<'t>> {
    let (old_paras, new_paras) = (paragraphs(old), paragraphs(new));
    let old_keys: Vec<String> = old_paras.iter().map(|p| normal(p)).collect();
    let new_keys: Vec<String> = new_paras.iter().map(|p| normal(p)).collect();
    let blocks = blocks(&capture_diff_slices(
        Algorithm::Patience,
        &old_keys,
        &new_keys,
    ));

    let mut old_used = vec![false; old_paras.len()];
    let mut new_used = vec![false; new_paras.len()];
    for block in blocks.iter().filter(|b| b.equal) {
        for (i, j) in block.old.clone().zip(block.new.clone()) {
            old_used[i] = true;
            new_used[j] = true;
        }
    }
    // Exact matches elsewhere are moves, decided before the rest is paired; duplicates pair in
    // order.
    let mut unused_by_key: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, key) in old_keys.iter().enumerate().filter(|&(i, _)| !old_used[i]) {
        unused_by_key.entry(key).or_default().push_back(i);
    }
    let mut origin = vec![Origin::New; new_paras.len()];
    for (j, key) in new_keys.iter().enumerate() {
        if new_used[j] {
            continue;
        }
        if let Some(i) = unused_by_key
            .get_mut(key.as_str())
            .and_then(VecDeque::pop_front)
        {
            old_used[i] = true;
            new_used[j] = true;
            origin[j] = Origin::Exact(i);
        }
    }
    for (i, j) in pair_by_similarity(&old_paras, &new_paras, &old_used, &new_used) {
        old_used[i] = true;
        origin[j] = Origin::Similar {
            old: i,
            moved: false,
        };
    }
    mark_moved(&blocks, &mut origin);

    let mut out = Vec::new();
    for block in blocks {
        if block.equal {
            for (i, j) in block.old.zip(block.new) {
                out.push(ParagraphDiff {
                    change: ParagraphChange::Same,
                    old: Some(old_paras[i]),
                    new: Some(new_paras[j]),
                    words: Vec::new(),
                });
            }
            continue;
        }
        // A gap: each new paragraph as it came, the removed ones where they stood (before the
        // paragraph edited in place that followed them). An old paragraph that moved away is
        // shown where it went.
        let mut next_old = block.old.start;
        let mut removed_before = |out: &mut Vec<ParagraphDiff<'t>>, until: usize| {
            for i in next_old..until {
                if !old_used[i] {
                    out.push(removed(old_paras[i]));
                }
            }
            next_old = next_old.max(until);
        };
        for j in block.new {
            let new_text = Some(new_paras[j]);
            let diff = match origin[j] {
                Origin::New => ParagraphDiff {
                    change: ParagraphChange::Added,
                    old: None,
                    new: new_text,
                    words: Vec::new(),
                },
                Origin::Exact(i) => ParagraphDiff {
                    change: ParagraphChange::Moved,
                    old: Some(old_paras[i]),
                    new: new_text,
                    words: Vec::new(),
                },
                Origin::Similar { old: i, moved } => {
                    if !moved {
                        removed_before(&mut out, i);
                    }
                    ParagraphDiff {
                        change: if moved {
                            ParagraphChange::Moved
                        } else {
                            ParagraphChange::Edited
                        },
                        old: Some(old_paras[i]),
                        new: new_text,
                        words: word_diff(old_paras[i], new_paras[j]),
                    }
                }
            };
            out.push(diff);
        }
        removed_before(&mut out, block.old.end);
    }
    out
}

/// Pairs the paragraphs not yet used on either side by word similarity, at least
/// [`PARAGRAPH_MIN`], best pairs first (then the nearer in relative position, then the earlier),
/// each paragraph in one pair at most. Each new paragraph is compared with the
/// [`PARAGRAPH_CANDIDATES`] unused old ones nearest its relative position.
fn pair_by_similarity(
    old: &[&str],
    new: &[&str],
    old_used: &[bool],
    new_used: &[bool],
) -> Vec<(usize, usize)> {
    let olds: Vec<usize> = (0..old.len()).filter(|&i| !old_used[i]).collect();
    let news: Vec<usize> = (0..new.len()).filter(|&j| !new_used[j]).collect();
    if olds.is_empty() || news.is_empty() {
        return Vec::new();
    }
    let old_words: Vec<Words> = olds.iter().map(|&i| Words::new(words(old[i]))).collect();
    let rel = |k: usize, len: usize| k as f64 / len.max(1) as f64;
    let old_at = |o: usize| rel(olds[o], old.len());

    // (score, displacement, index into olds, index into news)
    let mut candidates: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (n, &j) in news.iter().enumerate() {
        let new_words = Words::new(words(new[j]));
        let at = rel(j, new.len());
        // `olds` is in text order: start beside the nearest and widen both ways.
        let (mut left, mut right) = {
            let mid = olds.partition_point(|&i| rel(i, old.len()) < at);
            (mid, mid)
        };
        for _ in 0..PARAGRAPH_CANDIDATES.min(olds.len()) {
            let go_left = match (left.checked_sub(1), right < olds.len()) {
                (Some(l), true) => at - old_at(l) <= old_at(right) - at,
                (Some(_), false) => true,
                (None, _) => false,
            };
            let o = if go_left {
                left -= 1;
                left
            } else {
                right += 1;
                right - 1
            };
            let score = old_words[o].dice(&new_words);
            if score >= PARAGRAPH_MIN {
                candidates.push((score, (old_at(o) - at).abs(), o, n));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let (mut old_taken, mut new_taken) = (vec![false; olds.len()], vec![false; news.len()]);
    let mut pairs = Vec::new();
    for (_, _, o, n) in candidates {
        if old_taken[o] || new_taken[n] {
            continue;
        }
        old_taken[o] = true;
        new_taken[n] = true;
        pairs.push((olds[o], news[n]));
    }
    pairs
}

/// Marks which pairs of similar paragraphs left their place. A pair stayed when its old
/// paragraph lies in the same gap between unchanged paragraphs as its new one, and in order with
/// the other pairs that stayed there (the longest run of them in order, as claims keep their
/// backbone); every other pair moved.
fn mark_moved(blocks: &[Block], origin: &mut [Origin]) {
    let mut in_gap: Vec<(usize, usize)> = Vec::new();
    for block in blocks.iter().filter(|b| !b.equal) {
        for j in block.new.clone() {
            if let Origin::Similar { old, moved } = &mut origin[j] {
                if block.old.contains(old) {
                    in_gap.push((j, *old));
                } else {
                    *moved = true;
                }
            }
        }
    }
    let keys: Vec<usize> = in_gap.iter().map(|&(_, i)| i).collect();
    for (&(j, _), in_order) in in_gap.iter().zip(longest_non_decreasing(&keys)) {
        if let Origin::Similar { moved, .. } = &mut origin[j] {
            *moved = !in_order;
        }
    }
}

fn removed(text: &str) -> ParagraphDiff<'_> {
    ParagraphDiff {
        change: ParagraphChange::Removed,
        old: Some(text),
        new: None,
        words: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(old: &str, new: &str) -> Vec<ParagraphChange> {
        paragraph_diff(old, new).iter().map(|p| p.change).collect()
    }

    #[test]
    fn an_inserted_paragraph_shifts_nothing() {
        use ParagraphChange::*;
        assert_eq!(
            kinds(
                "A one.\n\nB two.\n\nC three.",
                "A one.\n\nNew words here.\n\nB two.\n\nC three."
            ),
            [Same, Added, Same, Same]
        );
    }

    #[test]
    fn an_edited_paragraph_is_one_change_with_its_words() {
        let diff = paragraph_diff(
            "Intro stays.\n\nThe UN estimates more than 8,000 people have been killed.",
            "Intro stays.\n\nThe UN estimates more than 9,000 people have been killed.",
        );
        assert_eq!(diff[1].change, ParagraphChange::Edited);
        assert!(
            diff[1].words.contains(&Segment::Delete("8,000")),
            "{:?}",
            diff[1].words
        );
        assert!(
            diff[1].words.contains(&Segment::Insert("9,000")),
            "{:?}",
            diff[1].words
        );
    }

    #[test]
    fn a_paragraph_moved_elsewhere_is_moved() {
        use ParagraphChange::*;
        let old = "First para here.\n\nSecond para here.\n\nThird para here.";
        let new = "Third para here.\n\nFirst para here.\n\nSecond para here.";
        let diff = kinds(old, new);
        assert_eq!(diff.iter().filter(|k| **k == Moved).count(), 1, "{diff:?}");
        assert!(
            !diff.contains(&Added) && !diff.contains(&Removed),
            "{diff:?}"
        );
    }

    #[test]
    fn unrelated_paragraphs_are_removed_and_added() {
        use ParagraphChange::*;
        let diff = kinds(
            "Keep.\n\nThe old story about rain.",
            "Keep.\n\nCompletely different words entirely now.",
        );
        assert_eq!(diff, [Same, Added, Removed]);
    }

    const REBELS: &str = "At least two rebels and a member of the security forces were reported \
                          killed in the violence.";
    const WEEKEND: &str = "Over the weekend, bomb explosions in Damascus and Aleppo, Syria's \
                           second-largest city, killed some 30 people.";

    /// Each paragraph paired with another version of itself: the old text of every pair is the
    /// one of `pairs` whose new text it shows.
    fn assert_paired_with_itself(diff: &[ParagraphDiff<'_>], pairs: &[(&str, &str)]) {
        for p in diff {
            if let (Some(old), Some(new)) = (p.old, p.new) {
                assert!(
                    pairs.contains(&(old, new)) || old == new,
                    "{old:?} paired with {new:?}"
                );
            }
        }
    }

    // See: issue 18 (paragraphs are paired by similarity, not by position).
    #[test]
    fn paragraphs_that_swap_places_and_change_are_moved_not_diffed_against_each_other() {
        use ParagraphChange::*;
        let (rebels, weekend) = (REBELS.replace("two", "three"), WEEKEND.replace("30", "32"));
        let old = format!("Intro stays.\n\n{REBELS}\n\n{WEEKEND}\n\nOutro stays.");
        let new = format!("Intro stays.\n\n{weekend}\n\n{rebels}\n\nOutro stays.");
        let diff = paragraph_diff(&old, &new);
        assert_eq!(
            diff.iter().map(|p| p.change).collect::<Vec<_>>(),
            [Same, Moved, Edited, Same],
            "{diff:#?}"
        );
        assert_paired_with_itself(&diff, &[(REBELS, &rebels), (WEEKEND, &weekend)]);
        assert!(diff[1].words.contains(&Segment::Delete("30")), "{diff:#?}");
        assert!(diff[1].words.contains(&Segment::Insert("32")), "{diff:#?}");
        assert!(
            diff[2].words.contains(&Segment::Insert("three")),
            "{diff:#?}"
        );
    }

    // See: issue 18. The unrelated paragraph first in the gap shares its spacing and a few
    // words with the edited one, which was enough to diff them word by word.
    #[test]
    fn an_edited_paragraph_is_paired_with_its_own_old_version_not_the_first_in_the_gap() {
        use ParagraphChange::*;
        let weekend = WEEKEND.replace("30", "32");
        let old = format!("Intro.\n\n{REBELS}\n\n{WEEKEND}\n\nOutro.");
        let new = format!("Intro.\n\n{weekend}\n\nOutro.");
        let diff = paragraph_diff(&old, &new);
        assert_eq!(
            diff.iter().map(|p| p.change).collect::<Vec<_>>(),
            [Same, Removed, Edited, Same],
            "{diff:#?}"
        );
        assert_eq!(diff[1].old, Some(REBELS));
        assert_paired_with_itself(&diff, &[(WEEKEND, &weekend)]);
    }

    #[test]
    fn in_a_long_text_each_paragraph_is_compared_with_its_neighbours_only() {
        use ParagraphChange::*;
        // More unmatched paragraphs than candidates: each edited one still meets its own old
        // version, the nearest in position.
        let paragraph = |k: usize, word: &str| {
            format!("Paragraph {k} of the report tells of {word} number {k} in valley {k}.")
        };
        let count = 3 * PARAGRAPH_CANDIDATES;
        let old: Vec<String> = (0..count).map(|k| paragraph(k, "harvest")).collect();
        let new: Vec<String> = (0..count).map(|k| paragraph(k, "rainfall")).collect();
        let (old, new) = (old.join("\n\n"), new.join("\n\n"));
        let diff = paragraph_diff(&old, &new);
        assert_eq!(diff.len(), count);
        for p in &diff {
            assert_eq!(p.change, Edited, "{p:?}");
            assert_eq!(
                p.old.map(|o| o.replace("harvest", "rainfall")).as_deref(),
                p.new
            );
        }
    }

    #[test]
    fn a_paragraph_moved_far_and_edited_is_found_and_moved() {
        use ParagraphChange::*;
        let filler: Vec<String> = (0..20)
            .map(|k| format!("Paragraph {k} tells of harvest number {k} in the valley."))
            .collect();
        let old = format!("{REBELS}\n\n{}", filler.join("\n\n"));
        let rebels = REBELS.replace("violence", "fighting");
        let new = format!("{}\n\n{rebels}", filler.join("\n\n"));
        let diff = paragraph_diff(&old, &new);
        let changed: Vec<_> = diff.iter().filter(|p| p.change != Same).collect();
        assert_eq!(changed.len(), 1, "{diff:#?}");
        assert_eq!(changed[0].change, Moved);
        assert_eq!(
            (changed[0].old, changed[0].new),
            (Some(REBELS), Some(rebels.as_str()))
        );
        assert!(changed[0].words.contains(&Segment::Insert("fighting.")));
    }
}
