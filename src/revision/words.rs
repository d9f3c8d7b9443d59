//! The word diff of two texts, and its counts.

use super::*;

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
pub(super) struct Run {
    equal: bool,
    old: Range<usize>,
    new: Range<usize>,
}

/// Appends `run`, merging it into the previous run of the same kind: runs come in text order on
/// both sides, so merging only moves the ends.
pub(super) fn push_run(runs: &mut Vec<Run>, run: Run) {
    match runs.last_mut() {
        Some(last) if last.equal == run.equal => {
            last.old.end = run.old.end;
            last.new.end = run.new.end;
        }
        _ => runs.push(run),
    }
}

/// Byte offset at which each token starts, plus the end: the tokenizer splits without loss.
pub(super) fn token_offsets<'s>(tokens: impl Iterator<Item = &'s str>) -> Vec<usize> {
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
