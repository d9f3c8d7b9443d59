//! `factdesk eval numbers`: number spans and values against annotated text, one JSON object a line: the text and its
//! numbers' character spans and values.
//!
//! The metrics are those of the reference scorer (`score.py` beside the data set), so that the two
//! agree to the last digit: spans are matched one to one, exactly (same start and end) and by any
//! overlap (greedy, exact pairs first, then the largest overlap, then the closest ends); a value is
//! right when its relative error is at most 1e-6. Some sources annotate only one kind of number
//! (a currency spec leaves the bare numbers of its sentences out): for them precision means
//! nothing, so the report gives their recall only.
//!
//! Two figures go beyond the reference scorer. Value accuracy with ranges scores a two-sided
//! range at its midpoint on both sides (the gold's `interval`, factdesk's low and high), so that
//! ranges count too. Unit accuracy reads the matched pairs whose gold number has a unit, as far as
//! the gold's unit names allow: the sources that annotate no unit (bare-number specs) are not
//! scored; a name that leaves the currency open ("Dollar") accepts any of its family; Duckling's
//! distance, volume and quantity gold names the unit it converted to ("7 feet 10 inches" is
//! Inch), so there only the dimension (length, volume, mass) is compared; a name factdesk has no
//! unit for ("Unnamed", "Age") is left out and counted apart.

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

#[derive(Debug, Clone, Default, Deserialize)]
struct GoldNumber {
    start: usize,
    end: usize,
    value: Option<f64>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    interval: Option<Interval>,
}

/// A two-sided range's ends (either may be open).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
struct Interval {
    lo: Option<f64>,
    hi: Option<f64>,
}

impl GoldNumber {
    /// The value, or a two-sided range's midpoint.
    fn value_or_midpoint(&self) -> Option<f64> {
        self.value
            .or_else(|| self.interval.and_then(|i| Some((i.lo? + i.hi?) / 2.0)))
    }
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
    /// A range's (or vague count's) lower end.
    pub low: Option<f64>,
    /// A range's (or vague count's) upper end.
    pub high: Option<f64>,
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
    /// Overlap-matched pairs whose gold number has a value or a two-sided range.
    pub midpoint_pairs: usize,
    /// Of those, pairs whose value (a range's midpoint on either side) is right.
    pub midpoint_correct: usize,
    /// `midpoint_correct / midpoint_pairs`: value accuracy with ranges scored at their midpoint.
    pub midpoint_value_accuracy: Option<f64>,
    /// Overlap-matched pairs whose gold unit can be scored (see the module's doc).
    pub unit_pairs: usize,
    /// Of those, pairs whose unit is right.
    pub unit_correct: usize,
    /// `unit_correct / unit_pairs`.
    pub unit_accuracy: Option<f64>,
    /// Matched pairs whose gold unit has a name factdesk cannot score ("Unnamed").
    pub unit_unscored: usize,
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
        self.midpoint_pairs += other.midpoint_pairs;
        self.midpoint_correct += other.midpoint_correct;
        self.unit_pairs += other.unit_pairs;
        self.unit_correct += other.unit_correct;
        self.unit_unscored += other.unit_unscored;
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
        self.midpoint_value_accuracy =
            (self.midpoint_pairs > 0).then(|| ratio(self.midpoint_correct, self.midpoint_pairs));
        self.unit_accuracy =
            (self.unit_pairs > 0).then(|| ratio(self.unit_correct, self.unit_pairs));
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
    /// The sources whose gold names no unit, left out of unit accuracy.
    pub sources_without_units: Vec<String>,
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
                low: quantity.low,
                high: quantity.high,
                bound: quantity.bound.map(|b| b.as_str()),
                qualifier: quantity.qualifier.clone(),
            })
        })
        .collect()
}

fn score(gold: &[GoldText], predictions: &[Vec<PredictedNumber>]) -> NumbersReport {
    let mut per: BTreeMap<&str, Scores> = BTreeMap::new();
    let mut with_units: BTreeMap<&str, bool> = BTreeMap::new();
    for (g, p) in gold.iter().zip(predictions) {
        let s = per.entry(g.source.as_str()).or_default();
        score_text(&g.source, &g.numbers, p, s);
        *with_units.entry(g.source.as_str()).or_default() |=
            g.numbers.iter().any(|n| n.unit.is_some());
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
        sources_without_units: with_units
            .into_iter()
            .filter(|&(_, units)| !units)
            .map(|(source, _)| source.to_owned())
            .collect(),
        macro_overlap_recall: mean(&recalls).unwrap_or(0.0),
        macro_value_accuracy: mean(&accuracies),
        sources,
        all: all.finish(all_exhaustive),
        exhaustive: exhaustive.finish(true),
    }
}

fn score_text(source: &str, gold: &[GoldNumber], pred: &[PredictedNumber], s: &mut Scores) {
    s.texts += 1;
    s.gold += gold.len();
    s.predicted += pred.len();
    s.gold_with_value += gold.iter().filter(|g| g.value.is_some()).count();
    let exact = match_exact(gold, pred);
    s.exact.add(counts(exact.len(), gold.len(), pred.len()));
    let overlap = match_overlap(gold, pred);
    s.overlap.add(counts(overlap.len(), gold.len(), pred.len()));
    for &(i, j) in &overlap {
        let (Some(g), Some(p)) = (gold.get(i), pred.get(j)) else {
            continue;
        };
        if let Some(expected) = g.value_or_midpoint() {
            s.midpoint_pairs += 1;
            let predicted = p
                .value
                .or_else(|| (p.bound == Some("range")).then(|| Some((p.low? + p.high?) / 2.0))?);
            if predicted.is_some_and(|v| value_ok(v, expected)) {
                s.midpoint_correct += 1;
            }
        }
        if let Some(unit) = &g.unit {
            match unit_right(source, unit, p.unit.as_deref()) {
                Some(right) => {
                    s.unit_pairs += 1;
                    s.unit_correct += usize::from(right);
                }
                None => s.unit_unscored += 1,
            }
        }
        let Some(expected) = g.value else {
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

/// Whether factdesk's unit `predicted` is the gold's `unit` (an upstream name, see the module's
/// doc); `None` when the name cannot be scored.
fn unit_right(source: &str, unit: &str, predicted: Option<&str>) -> Option<bool> {
    let name = unit.to_lowercase();
    // Duckling converts distances, volumes and quantities: its unit names the dimension only.
    if matches!(
        source,
        "duckling-distance" | "duckling-volume" | "duckling-quantity"
    ) {
        let expected = dimension(gold_unit(&name, false)?.first()?)?;
        return Some(predicted.and_then(dimension) == Some(expected));
    }
    let money = source.contains("money") || source.contains("currency");
    let accepted = gold_unit(&name, money)?;
    Some(predicted.is_some_and(|p| accepted.contains(&p)))
}

/// The factdesk units an upstream unit name allows (`money`: the source is about money, where
/// "Pound" is sterling).
fn gold_unit(name: &str, money: bool) -> Option<&'static [&'static str]> {
    const DOLLARS: &[&str] = &["USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD"];
    Some(match name {
        "dollar" => DOLLARS,
        "united states dollar" | "usd" => &["USD"],
        "australian dollar" => &["AUD"],
        "canadian dollar" | "cad" => &["CAD"],
        "hong kong dollar" => &["HKD"],
        "new zealand dollar" => &["NZD"],
        "euro" | "eur" => &["EUR"],
        "pound" if money => &["GBP", "EGP", "LBP"],
        "british pound" | "gbp" => &["GBP"],
        "egp" => &["EGP"],
        "lbp" => &["LBP"],
        "chinese yuan" | "cny" => &["CNY"],
        "japanese yen" => &["JPY"],
        "rupee" => &["INR", "PKR", "LKR", "NPR"],
        "sri lankan rupee" => &["LKR"],
        "inr" => &["INR"],
        "cent" => &["cent"],
        "pence" | "penny" => &["penny"],
        "franc" => &["CHF", "franc"],
        "swiss franc" | "chf" => &["CHF"],
        "turkish lira" => &["TRY"],
        "mexican peso" => &["MXN"],
        "bitcoin" => &["BTC"],
        "satoshi" => &["satoshi"],
        "sen" => &["sen"],
        "peseta" => &["ESP"],
        "finnish markka" => &["FIM"],
        "netherlands guilder" => &["NLG"],
        "costa rican colón" => &["CRC"],
        "georgian lari" => &["GEL"],
        "lao kip" => &["LAK"],
        "myr" => &["MYR"],
        "mnt" => &["MNT"],
        "uah" => &["UAH"],
        "kwd" => &["KWD"],
        "qar" => &["QAR"],
        "sar" => &["SAR"],
        "ils" => &["ILS"],
        "bgn" => &["BGN"],
        "riyal" => &["SAR", "QAR"],
        "rial" => &["IRR", "OMR", "YER"],
        "dinar" => &["KWD", "BHD", "JOD", "IQD", "DZD", "TND", "RSD", "LYD"],
        "percent" => &["percent"],
        "c" | "celsius" => &["°C"],
        "f" | "fahrenheit" => &["°F"],
        "degree" => &["degree"],
        "year" => &["year"],
        "month" => &["month"],
        "week" => &["week"],
        "day" => &["day"],
        "m" | "metre" | "meter" => &["m"],
        "centimetre" | "centimeter" => &["cm"],
        "millimetre" | "millimeter" => &["mm"],
        "kilometre" | "kilometer" => &["km"],
        "decimeter" => &["dm"],
        "picometer" => &["pm"],
        "foot" => &["ft"],
        "inch" => &["inch"],
        "mile" => &["mile"],
        "kilometer per hour" => &["km/h"],
        "mile per hour" => &["mph"],
        "meter per millisecond" => &["m/ms"],
        "centimeter per millisecond" => &["cm/ms"],
        "kilometer per millisecond" => &["km/ms"],
        "square meter" => &["m2"],
        "square kilometer" => &["km2"],
        "cubic foot" => &["ft3"],
        "litre" => &["l"],
        "millilitre" | "milliliter" => &["ml"],
        "hectolitre" => &["hl"],
        "gallon" => &["gallon"],
        "barrel" => &["barrel"],
        "cup" => &["cup"],
        "tablespoon" => &["tbsp"],
        "teaspoon" => &["tsp"],
        "gram" => &["g"],
        "kilogram" => &["kg"],
        "microgram" => &["µg"],
        "pound" => &["lb"],
        "ounce" => &["oz"],
        "dram" => &["dram"],
        "ton" => &["tonne", "ton"],
        "metric ton" => &["tonne"],
        "acre" => &["acre"],
        "radian" => &["rad"],
        "turn" => &["turn"],
        "bit" => &["bit"],
        "megabit" => &["Mbit"],
        "megabyte" => &["MB"],
        _ => return None,
    })
}

/// The dimension of a factdesk unit, for sources that convert units.
fn dimension(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "m" | "cm" | "mm" | "km" | "dm" | "pm" | "ft" | "inch" | "mile" | "yard" => "length",
        "l" | "ml" | "hl" | "gallon" | "cup" | "tbsp" | "tsp" | "pint" | "barrel" | "ft3" => {
            "volume"
        }
        "g" | "kg" | "mg" | "µg" | "lb" | "oz" | "tonne" | "dram" => "mass",
        _ => return None,
    })
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
        GoldNumber {
            start,
            end,
            value,
            ..GoldNumber::default()
        }
    }

    fn p(start: usize, end: usize, value: Option<f64>) -> PredictedNumber {
        PredictedNumber {
            start,
            end,
            text: String::new(),
            value,
            unit: None,
            low: None,
            high: None,
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
        score_text("x", &gold, &pred, &mut s);
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

    #[test]
    fn ranges_score_at_their_midpoint() {
        let gold = r#"{"id":"a","source":"s","text":"It took 4 to 6 days.","numbers":[{"start":8,"end":14,"value":null,"interval":{"lo":4,"hi":6}}]}"#;
        let report = evaluate(gold).expect("valid gold");
        assert_eq!(report.all.value_pairs, 0);
        assert_eq!(report.all.midpoint_pairs, 1);
        assert_eq!(report.all.midpoint_value_accuracy, Some(1.0));
    }

    #[test]
    fn units_are_scored_as_far_as_the_gold_names_them() {
        // Sterling in a money source, a pound of weight elsewhere; any dollar for "Dollar".
        assert_eq!(
            unit_right("duckling-money", "Pound", Some("GBP")),
            Some(true)
        );
        assert_eq!(
            unit_right("msrt-dimension", "Pound", Some("GBP")),
            Some(false)
        );
        assert_eq!(
            unit_right("msrt-dimension", "Pound", Some("lb")),
            Some(true)
        );
        assert_eq!(
            unit_right("msrt-currency", "Dollar", Some("CAD")),
            Some(true)
        );
        assert_eq!(unit_right("msrt-currency", "Dollar", None), Some(false));
        // Duckling's converted units: the dimension only.
        assert_eq!(
            unit_right("duckling-distance", "Inch", Some("ft")),
            Some(true)
        );
        assert_eq!(
            unit_right("duckling-quantity", "Gram", Some("GBP")),
            Some(false)
        );
        assert_eq!(unit_right("duckling-money", "Unnamed", Some("USD")), None);
        let gold = r#"{"id":"a","source":"s","text":"It rose 5% to 6 km.","numbers":[{"start":8,"end":10,"value":5,"unit":"percent"},{"start":14,"end":18,"value":6,"unit":"Mile"}]}
{"id":"b","source":"t","text":"three","numbers":[{"start":0,"end":5,"value":3,"unit":null}]}"#;
        let report = evaluate(gold).expect("valid gold");
        assert_eq!((report.all.unit_pairs, report.all.unit_correct), (2, 1));
        assert_eq!(report.sources_without_units, ["t"]);
    }
}
