//! Measuring extraction against text annotated by others: quotes with speakers (PolNeAR), numbers
//! with values, article text in saved pages, and real successive versions of articles.
//!
//! Each evaluator takes a gold file's contents (JSON lines), runs the extractor on every text, maps
//! the claims' offsets back to the text as written (the gold offsets refer to it, not to our
//! normalized text) and scores them the way the reference scorers (`score.py` beside each data set)
//! do. Like `report`, this module derives serde for its input and output views only.

pub mod html;
pub mod numbers;
pub mod quotes;
pub mod revisions;

use serde::Serialize;

use crate::extract::{self, Extraction};
use crate::text::{self, Document, Format};

/// Why a gold file cannot be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A line is not the expected JSON.
    #[error(
        "line {line}: {message}: the file must hold one JSON object a line in the data set's schema"
    )]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// No texts at all.
    #[error("the gold file holds no texts")]
    Empty,
}

/// True and false positives and false negatives, with the usual ratios.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Predictions matched to a gold item.
    pub true_positives: usize,
    /// Predictions with no gold item.
    pub false_positives: usize,
    /// Gold items no prediction matched.
    pub false_negatives: usize,
}

impl Counts {
    /// tp / (tp + fp); 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// tp / (tp + fn); 0 when there is no gold item.
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Adds another count.
    pub fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

/// `num / den`, 0 when `den` is 0.
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// The extraction of a text as written, with every claim's character offsets mapped back to it.
pub struct SourceExtraction {
    /// What the extractor found (offsets into the normalized text).
    pub extraction: Extraction,
    /// For each character of the normalized text (and one past the end), its index in the source.
    pub offsets: Vec<usize>,
}

impl SourceExtraction {
    /// Extracts from `source` (plain text) and maps offsets back.
    pub fn of(source: &str) -> SourceExtraction {
        let document = Document::parse(source, Format::Text);
        let offsets = text::source_offsets(source, document.text());
        SourceExtraction {
            extraction: extract::extract(&document),
            offsets,
        }
    }

    /// A normalized `[start, end)` character range as a range of the source.
    pub fn to_source(&self, start: usize, end: usize) -> (usize, usize) {
        let last = self.offsets.len().saturating_sub(1);
        let source_start = self.offsets[start.min(last)];
        let source_end = if end > start {
            self.offsets[(end - 1).min(last)] + 1
        } else {
            source_start
        };
        (source_start, source_end.max(source_start))
    }
}
