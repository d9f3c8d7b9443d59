//! `factdesk eval numbers`: number spans and values against annotated text, one JSON object a line: the text and its
//! numbers' character spans and values.
//!
//! The metrics are those of the reference scorer (`score.py` beside the data set), so that the two
//! agree to the last digit: spans are matched one to one, exactly (same start and end) and by any
//! overlap (greedy, exact pairs first, then the largest overlap, then the closest ends); a value is
//! right when its relative error is at most 1e-6. Some sources annotate only one kind of number
//! (a currency spec leaves the bare numbers of its sentences out): for them precision means
//! nothing, so the report gives their recall only.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{Counts, EvalError, SourceExtraction, ratio};
use crate::model::ClaimKind;

/// Sources whose gold leaves some numbers of a text unannotated (the data set's README).
const PARTIAL: &[&str] = &[
    "msrt-percent",
    "msrt-currency",
    "msrt-dimension",
    "msrt-temperature",
    "msrt-age",
    "msrt-numberrange",
    "measeval",
];

/// Whether every number in a source's texts is annotated, so that precision can be measured.
pub fn is_exhaustive(source: &str) -> bool {
    !PARTIAL.contains(&source)
}

/// One line of a gold file; fields beyond these are ignored.
#[derive(Debug, Clone, Deserialize)]
struct GoldText {
    id: String,
    source: String,
    text: String,
    numbers: Vec<GoldNumber>,
}

#[derive(Debug, Clone, Deserialize)]
struct GoldNumber {
    start: usize,
    end: usize,
    value: Option<f64>,
}

/// One number found by factdesk, in the data set's schema (offsets are characters of the text as
/// written).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictedNumber {
    /// Start, in characters of the text as written.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The characters covered.
    pub text: String,
    /// The single value, if one is stated.
    pub value: Option<f64>,
    /// The normalized unit.
    pub unit: Option<String>,
    /// What the hedge means (exact, approx, lower, upper, range, vague).
    pub bound: Option<&'static str>,
    /// The hedge as written.
    pub qualifier: Option<String>,
}

/// The predictions for one gold text, as one line of a prediction file that `score.py` reads.
#[derive(Debug, Clone, Serialize)]
pub struct PredictedText {
    /// The gold text's id.
    pub id: String,
    /// The gold text's source.
    pub source: String,
    /// The text.
    pub text: String,
    /// What factdesk found in it.
    pub numbers: Vec<PredictedNumber>,
}

/// The scores of one source, or of a group of sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Texts scored.
    pub texts: usize,
    /// Gold numbers.
    pub gold: usize,
    /// Predicted numbers.
    pub predicted: usize,
    /// Whether precision is meaningful here (every source in the group is exhaustive).
    pub exhaustive: bool,
    /// Counts under exact matching (same start and end).
    pub exact: Counts,
    /// Counts under one-to-one matching by any overlap.
    pub overlap: Counts,
    /// Exact-match precision; `None` where the gold is partial.
    pub exact_precision: Option<f64>,
    /// Exact-match recall.
    pub exact_recall: f64,
    /// Exact-match F1; `None` where the gold is partial.
    pub exact_f1: Option<f64>,
    /// Overlap precision; `None` where the gold is partial.
    pub overlap_precision: Option<f64>,
    /// Overlap recall.
    pub overlap_recall: f64,
    /// Overlap F1; `None` where the gold is partial.
    pub overlap_f1: Option<f64>,
    /// Overlap-matched pairs whose gold number has a value.
    pub value_pairs: usize,
    /// Of those, pairs whose predicted value is right.
    pub value_correct: usize,
    /// `value_correct / value_pairs`; `None` when there is no pair.
    pub value_accuracy: Option<f64>,
    /// Gold numbers with a value that were found with the right value, over all gold numbers with a
    /// value (end to end).
    pub value_recall: Option<f64>,
    /// Gold numbers with a value.
    pub gold_with_value: usize,
}

impl Scores {
    fn add(&mut self, other: &Scores) {
        self.texts += other.texts;
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.exact.add(other.exact);
        self.overlap.add(other.overlap);
        self.value_pairs += other.value_pairs;
        self.value_correct += other.value_correct;
        self.gold_with_value += other.gold_with_value;
    }

    /// Fills in the ratios from the counts.
    fn finish(mut self, exhaustive: bool) -> Scores {
        self.exhaustive = exhaustive;
        let partial_none = |x: f64| exhaustive.then_some(x);
        self.exact_precision = partial_none(self.exact.precision());
        self.exact_recall = self.exact.recall();
        self.exact_f1 = partial_none(self.exact.f1());
        self.overlap_precision = partial_none(self.overlap.precision());
        self.overlap_recall = self.overlap.recall();
        self.overlap_f1 = partial_none(self.overlap.f1());
        self.value_accuracy =
            (self.value_pairs > 0).then(|| ratio(self.value_correct, self.value_pairs));
        self.value_recall =
            (self.gold_with_value > 0).then(|| ratio(self.value_correct, self.gold_with_value));
        self
    }
}

/// The scores of one source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceScores {
    /// The source tag of the gold lines.
    pub source: String,
    /// Its scores.
    #[serde(flatten)]
    pub scores: Scores,
}

/// The scores of one run.
#[derive(Debug, Clone, Serialize)]
pub struct NumbersReport {
    /// Per source, sorted by name.
    pub sources: Vec<SourceScores>,
    /// All sources together (micro average); precision is `None` when any source is partial.
    pub all: Scores,
    /// The exhaustive sources together (micro average): where precision and F1 are read.
    pub exhaustive: Scores,
    /// Unweighted mean over sources of overlap recall.
    pub macro_overlap_recall: f64,
    /// Unweighted mean over sources (that have value pairs) of value accuracy.
    pub macro_value_accuracy: Option<f64>,
}

/// Runs the extractor on every text of a gold file's contents.
pub fn predict(gold: &str) -> Result<Vec<PredictedText>, EvalError> {
    Ok(parse(gold)?
        .into_iter()
        .map(|g| PredictedText {
            numbers: numbers_of(&g.text),
            id: g.id,
            source: g.source,
            text: g.text,
        })
        .collect())
}

/// Scores the extractor on a gold file's contents.
pub fn evaluate(gold: &str) -> Result<NumbersReport, EvalError> {
    let gold = parse(gold)?;
    let predictions: Vec<Vec<PredictedNumber>> = gold.iter().map(|g| numbers_of(&g.text)).collect();
    Ok(score(&gold, &predictions))
}

fn parse(gold: &str) -> Result<Vec<GoldText>, EvalError> {
    let mut texts = Vec::new();
    let mut seen = HashMap::new();
    for (index, line) in gold.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let text: GoldText = serde_json::from_str(line).map_err(|e| EvalError::BadLine {
            line: index + 1,
            message: e.to_string(),
        })?;
        // Like the reference scorer, a repeated id keeps its last line.
        match seen.get(&text.id) {
            Some(&at) => texts[at] = text,
            None => {
                seen.insert(text.id.clone(), texts.len());
                texts.push(text);
            }
        }
    }
    if texts.is_empty() {
        return Err(EvalError::Empty);
    }
    Ok(texts)
}

/// The numbers factdesk finds in `text`, with offsets into `text` as written.
fn numbers_of(text: &str) -> Vec<PredictedNumber> {
    let source = SourceExtraction::of(text);
    let chars: Vec<char> = text.chars().collect();
    source
        .extraction
        .claims
        .iter()
        .filter(|c| c.kind == ClaimKind::Number)
        .filter_map(|claim| {
            let quantity = claim.quantity()?;
            let (start, end) = source.to_source(claim.span.start_char, claim.span.end_char);
            Some(PredictedNumber {
                start,
                end,
                text: chars.get(start..end).unwrap_or(&[]).iter().collect(),
                value: quantity.value,
                unit: quantity.unit.clone(),
                bound: quantity.bound.map(|b| b.as_str()),
                qualifier: quantity.qualifier.clone(),
            })
        })
        .collect()
}

fn score(gold: &[GoldText], predictions: &[Vec<PredictedNumber>]) -> NumbersReport {
    let mut per: BTreeMap<&str, Scores> = BTreeMap::new();
    for (g, p) in gold.iter().zip(predictions) {
        let s = per.entry(g.source.as_str()).or_default();
        score_text(&g.numbers, p, s);
    }
    let (mut all, mut exhaustive) = (Scores::default(), Scores::default());
    for (source, s) in &per {
        all.add(s);
        if is_exhaustive(source) {
            exhaustive.add(s);
        }
    }
    let sources: Vec<SourceScores> = per
        .into_iter()
        .map(|(source, s)| SourceScores {
            source: source.to_owned(),
            scores: s.finish(is_exhaustive(source)),
        })
        .collect();
    let recalls: Vec<f64> = sources.iter().map(|s| s.scores.overlap_recall).collect();
    let accuracies: Vec<f64> = sources
        .iter()
        .filter_map(|s| s.scores.value_accuracy)
        .collect();
    let mean = |xs: &[f64]| (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64);
    let all_exhaustive = sources.iter().all(|s| s.scores.exhaustive);
    NumbersReport {
        macro_overlap_recall: mean(&recalls).unwrap_or(0.0),
        macro_value_accuracy: mean(&accuracies),
        sources,
        all: all.finish(all_exhaustive),
        exhaustive: exhaustive.finish(true),
    }
}

fn score_text(gold: &[GoldNumber], pred: &[PredictedNumber], s: &mut Scores) {
    s.texts += 1;
    s.gold += gold.len();
    s.predicted += pred.len();
    s.gold_with_value += gold.iter().filter(|g| g.value.is_some()).count();
    let exact = match_exact(gold, pred);
    s.exact.add(counts(exact.len(), gold.len(), pred.len()));
    let overlap = match_overlap(gold, pred);
    s.overlap.add(counts(overlap.len(), gold.len(), pred.len()));
    for &(i, j) in &overlap {
        let Some(expected) = gold.get(i).and_then(|g| g.value) else {
            continue;
        };
        s.value_pairs += 1;
        if pred
            .get(j)
            .and_then(|p| p.value)
            .is_some_and(|v| value_ok(v, expected))
        {
            s.value_correct += 1;
        }
    }
}

fn counts(matched: usize, gold: usize, pred: usize) -> Counts {
    Counts {
        true_positives: matched,
        false_positives: pred - matched,
        false_negatives: gold - matched,
    }
}

/// Relative error at most 1e-6 (absolute 1e-12 around zero), as the reference scorer has it.
fn value_ok(predicted: f64, gold: f64) -> bool {
    if gold == 0.0 {
        predicted.abs() <= 1e-12
    } else {
        (predicted - gold).abs() <= 1e-6 * gold.abs()
    }
}

/// Pairs with identical ends; each gold number takes the first unused prediction.
fn match_exact(gold: &[GoldNumber], pred: &[PredictedNumber]) -> Vec<(usize, usize)> {
    let mut used = vec![false; pred.len()];
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        let hit = pred
            .iter()
            .enumerate()
            .find(|(j, p)| !used[*j] && p.start == g.start && p.end == g.end);
        if let Some((j, _)) = hit {
            used[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// One-to-one pairs sharing at least one character: exact pairs first, then the largest overlap,
/// then the closest ends, then the earliest gold and prediction.
fn match_overlap(gold: &[GoldNumber], pred: &[PredictedNumber]) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in pred.iter().enumerate() {
            let overlap = g.end.min(p.end).saturating_sub(g.start.max(p.start));
            if overlap > 0 {
                let exact = g.start == p.start && g.end == p.end;
                let distance = g.start.abs_diff(p.start) + g.end.abs_diff(p.end);
                candidates.push((!exact, std::cmp::Reverse(overlap), distance, i, j));
            }
        }
    }
    candidates.sort_unstable();
    let (mut gold_used, mut pred_used) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut pairs = Vec::new();
    for (_, _, _, i, j) in candidates {
        if gold_used[i] || pred_used[j] {
            continue;
        }
        gold_used[i] = true;
        pred_used[j] = true;
        pairs.push((i, j));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(start: usize, end: usize, value: Option<f64>) -> GoldNumber {
        GoldNumber { start, end, value }
    }

    fn p(start: usize, end: usize, value: Option<f64>) -> PredictedNumber {
        PredictedNumber {
            start,
            end,
            text: String::new(),
            value,
            unit: None,
            bound: None,
            qualifier: None,
        }
    }

    #[test]
    fn overlap_matching_prefers_exact_then_largest_overlap() {
        let gold = [g(0, 10, Some(5.0)), g(12, 14, None)];
        let pred = [p(0, 3, Some(5.0)), p(2, 10, Some(4.0)), p(12, 14, None)];
        assert_eq!(match_overlap(&gold, &pred), [(1, 2), (0, 1)]);
        assert_eq!(match_exact(&gold, &pred), [(1, 2)]);
        let mut s = Scores::default();
        score_text(&gold, &pred, &mut s);
        let s = s.finish(true);
        assert_eq!((s.value_pairs, s.value_correct), (1, 0));
        assert_eq!(s.overlap.false_positives, 1);
        assert_eq!(s.overlap_precision, Some(2.0 / 3.0));
    }

    #[test]
    fn values_match_within_a_millionth() {
        assert!(value_ok(1_200_000.5, 1_200_000.0));
        assert!(!value_ok(1_200_002.0, 1_200_000.0));
        assert!(value_ok(0.0, 0.0));
        assert!(!value_ok(1e-9, 0.0));
    }

    #[test]
    fn partial_sources_report_recall_only() {
        let gold = r#"{"id":"a","source":"msrt-currency","text":"It cost $5 and 3 more.","numbers":[{"start":8,"end":10,"value":5}]}
{"id":"b","source":"duckling-numeral","text":"three","numbers":[{"start":0,"end":5,"value":3}]}"#;
        let report = evaluate(gold).expect("valid gold");
        let currency = &report.sources[1];
        assert_eq!(currency.source, "msrt-currency");
        assert_eq!(currency.scores.overlap_precision, None);
        assert_eq!(currency.scores.overlap_recall, 1.0);
        assert_eq!(report.exhaustive.overlap_f1, Some(1.0));
        assert_eq!(report.all.overlap_precision, None);
        assert!(matches!(
            evaluate("{\"id\":1}"),
            Err(EvalError::BadLine { line: 1, .. })
        ));
        assert!(matches!(evaluate("\n"), Err(EvalError::Empty)));
    }
}
