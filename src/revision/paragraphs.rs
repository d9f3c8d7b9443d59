//! The text diff an editor reads: paragraphs aligned first, words diffed only inside the
//! paragraphs that changed.
//!
//! Paragraphs equal word for word are matched in order first (a longest common subsequence, so an
//! inserted paragraph shifts nothing); an unmatched paragraph equal to one elsewhere is moved; the
//! rest are paired by word similarity inside each gap, so a rewritten paragraph reads as one
//! change and not as a removal and an addition.

use similar::{Algorithm, DiffOp, TextDiff, capture_diff_slices};

use super::{Segment, word_diff};

/// Below this word similarity two paragraphs in the same place are a removal and an addition, not
/// one paragraph edited.
const PARAGRAPH_MIN: f32 = 0.5;

/// What happened to one paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParagraphChange {
    /// The same words in the same order of paragraphs.
    Same,
    /// The same words, elsewhere in the article.
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
    /// For an edited paragraph, its words diffed; empty otherwise.
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

/// Aligns the paragraphs of two texts and diffs the words of those that were edited.
pub fn paragraph_diff<'t>(old: &'t str, new: &'t str) -> Vec<ParagraphDiff<'t>> {
    let (old_paras, new_paras) = (paragraphs(old), paragraphs(new));
    let old_keys: Vec<String> = old_paras.iter().map(|p| normal(p)).collect();
    let new_keys: Vec<String> = new_paras.iter().map(|p| normal(p)).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);

    // Exact matches elsewhere are moves, decided before the gaps are paired.
    let mut old_used = vec![false; old_paras.len()];
    let mut new_used = vec![false; new_paras.len()];
    for op in &ops {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            for k in 0..len {
                old_used[old_index + k] = true;
                new_used[new_index + k] = true;
            }
        }
    }
    let mut moved_from = vec![None; new_paras.len()];
    for (j, key) in new_keys.iter().enumerate() {
        if new_used[j] {
            continue;
        }
        if let Some(i) = (0..old_keys.len()).find(|&i| !old_used[i] && &old_keys[i] == key) {
            old_used[i] = true;
            new_used[j] = true;
            moved_from[j] = Some(i);
        }
    }

    let mut out = Vec::new();
    for op in ops {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            for (i, j) in old_range.zip(new_range) {
                out.push(ParagraphDiff {
                    change: ParagraphChange::Same,
                    old: Some(old_paras[i]),
                    new: Some(new_paras[j]),
                    words: Vec::new(),
                });
            }
            continue;
        }
        // A gap: pair what is left by similarity, in order.
        let olds: Vec<usize> = old_range.filter(|&i| !old_used[i]).collect();
        let mut next_old = 0;
        for j in new_range {
            if let Some(i) = moved_from[j] {
                out.push(ParagraphDiff {
                    change: ParagraphChange::Moved,
                    old: Some(old_paras[i]),
                    new: Some(new_paras[j]),
                    words: Vec::new(),
                });
                continue;
            }
            let pair = olds[next_old..].iter().position(|&i| {
                TextDiff::configure()
                    .diff_words(old_paras[i], new_paras[j])
                    .ratio()
                    >= PARAGRAPH_MIN
            });
            match pair {
                Some(offset) => {
                    for &i in &olds[next_old..next_old + offset] {
                        out.push(removed(old_paras[i]));
                    }
                    let i = olds[next_old + offset];
                    next_old += offset + 1;
                    out.push(ParagraphDiff {
                        change: ParagraphChange::Edited,
                        old: Some(old_paras[i]),
                        new: Some(new_paras[j]),
                        words: word_diff(old_paras[i], new_paras[j]),
                    });
                }
                None => out.push(ParagraphDiff {
                    change: ParagraphChange::Added,
                    old: None,
                    new: Some(new_paras[j]),
                    words: Vec::new(),
                }),
            }
        }
        for &i in &olds[next_old..] {
            out.push(removed(old_paras[i]));
        }
    }
    out
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
}
