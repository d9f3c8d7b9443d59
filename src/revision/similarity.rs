//! Word similarity between two sentences, bounded in work so that long texts stay fast.

use super::*;

/// The words of a text as similarity compares them, with a sorted copy for the overlap bound.
pub(super) struct Words {
    pub(super) seq: Vec<String>,
    sorted: Vec<String>,
}

impl Words {
    pub(super) fn new(seq: Vec<String>) -> Words {
        let mut sorted = seq.clone();
        sorted.sort_unstable();
        Words { seq, sorted }
    }

    /// Twice the words the two share (as multisets) over all their words, in `0..=1`; 0 when
    /// both are empty. Linear in the words once sorted: no diff.
    pub(super) fn dice(&self, other: &Words) -> f64 {
        let total = self.sorted.len() + other.sorted.len();
        if total == 0 {
            return 0.0;
        }
        (2 * self.common(other)) as f64 / total as f64
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
pub(super) fn short_similarity<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
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
pub(super) fn similarity_at_least(a: &Words, b: &Words, floor: f64, budget: &mut usize) -> f64 {
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
