//! `factdesk eval quotes`: quote spans and speakers against PolNeAR's annotated news text.
//!
//! The rules are those of the reference scorer `score.py` beside the data set, so that both give
//! the same figures on the same predictions:
//!
//! - every part of a quote claim is one predicted quote (the gold has one quote per pair of
//!   quotation marks: a split quote and each paragraph of a multi-paragraph quote are several);
//! - spans are matched one to one, greedily, best overlap first: exactly, and when the overlap is
//!   at least half of the longer span;
//! - on matched pairs whose gold quote has a speaker, the speaker is right "exactly" when it equals
//!   the gold speaker after case and whitespace folding, and "by token" when they also share one
//!   content word (not a pronoun, determiner or title);
//! - quote+speaker counts a predicted quote only when its span and its speaker are both right.
//!
//! The predicted speaker is the mention as written ("he", "Mr. Cruz"): the gold speaker is the
//! annotated source span as written, and the annotators resolved no pronouns, so this is the
//! like-for-like comparison. The resolved name is kept next to it in the predictions.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Counts, EvalError, SourceExtraction, ratio};

/// The scores of one run: overall and per publisher.
#[derive(Debug, Clone, Serialize)]
pub struct QuotesReport {
    /// All texts together.
    pub overall: Scores,
    /// Per publisher (or per `source` where a text names no publisher), by name.
    pub by_source: BTreeMap<String, Scores>,
    /// What was predicted, one entry a text, in the schema `score.py` reads; not part of the
    /// JSON report.
    #[serde(skip)]
    pub predictions: Vec<PredictedText>,
}

/// The scores of a set of texts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Texts scored.
    pub texts: usize,
    /// Gold quotes.
    pub gold: usize,
    /// Gold quotes that have a speaker.
    pub gold_with_speaker: usize,
    /// Predicted quotes (parts of quote claims).
    pub predicted: usize,
    /// Spans matched exactly.
    pub exact: ModeScores,
    /// Spans matched when they overlap by at least half of the longer one.
    pub overlap: ModeScores,
}

/// The scores under one way of matching spans.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ModeScores {
    /// Quote spans.
    pub span: Prf,
    /// Of the matched pairs whose gold quote has a speaker: how many.
    pub speaker_pairs: usize,
    /// … and how many have the speaker exactly.
    pub speaker_exact: usize,
    /// … and how many share a content word with it.
    pub speaker_token: usize,
    /// `speaker_exact / speaker_pairs`.
    pub speaker_accuracy_exact: f64,
    /// `speaker_token / speaker_pairs`.
    pub speaker_accuracy_token: f64,
    /// Mean token F1 of the speaker strings over the pairs.
    pub speaker_mean_token_f1: f64,
    /// Quote and speaker (exact) both right.
    pub quote_speaker_exact: Prf,
    /// Quote and speaker (token overlap) both right.
    pub quote_speaker_token: Prf,
}

/// Counts with their precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// tp / predicted.
    pub precision: f64,
    /// tp / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn of(true_positives: usize, predicted: usize, gold: usize) -> Prf {
        let counts = Counts {
            true_positives,
            false_positives: predicted.saturating_sub(true_positives),
            false_negatives: gold.saturating_sub(true_positives),
        };
        Prf {
            counts,
            precision: ratio(true_positives, predicted),
            recall: ratio(true_positives, gold),
            f1: counts.f1(),
        }
    }
}

/// The predicted quotes of one text, in the schema of the gold file (and of `score.py`).
#[derive(Debug, Clone, Serialize)]
pub struct PredictedText {
    /// The gold text's id.
    pub id: String,
    /// One entry a quote part.
    pub quotes: Vec<PredictedQuote>,
}

/// One predicted quote part.
#[derive(Debug, Clone, Serialize)]
pub struct PredictedQuote {
    /// Start, in characters of the text as written.
    pub start: usize,
    /// End (exclusive), in characters of the text as written.
    pub end: usize,
    /// The quoted words.
    pub text: String,
    /// The speaker as written (what is scored).
    pub speaker: Option<String>,
    /// The resolved speaker name.
    pub speaker_resolved: Option<String>,
}

#[derive(Debug, Deserialize)]
struct GoldText {
    id: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    text: String,
    quotes: Vec<GoldQuote>,
}

#[derive(Debug, Deserialize)]
struct GoldQuote {
    start: usize,
    end: usize,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    speaker_mention: Option<String>,
}

/// Scores the extractor on a gold file's contents.
pub fn evaluate(gold: &str) -> Result<QuotesReport, EvalError> {
    let mut texts = Vec::new();
    for (index, line) in gold.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let text: GoldText = serde_json::from_str(line).map_err(|e| EvalError::BadLine {
            line: index + 1,
            message: e.to_string(),
        })?;
        texts.push(text);
    }
    if texts.is_empty() {
        return Err(EvalError::Empty);
    }
    // score.py keeps the last line of an id; so do we.
    let mut last_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, t) in texts.iter().enumerate() {
        last_of.insert(&t.id, i);
    }
    let mut overall = Tally::default();
    let mut by_source: BTreeMap<String, Tally> = BTreeMap::new();
    let mut predictions = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        if last_of.get(text.id.as_str()) != Some(&i) {
            continue;
        }
        let predicted = predict(text);
        let tally = score_text(text, &predicted.quotes);
        overall.add(&tally);
        let group = text
            .publisher
            .clone()
            .or_else(|| text.source.clone())
            .unwrap_or_else(|| "unknown".to_owned());
        by_source.entry(group).or_default().add(&tally);
        predictions.push(predicted);
    }
    Ok(QuotesReport {
        overall: overall.scores(),
        by_source: by_source
            .into_iter()
            .map(|(name, tally)| (name, tally.scores()))
            .collect(),
        predictions,
    })
}

/// The quote parts the extractor finds in one gold text, with offsets into the text as written.
fn predict(gold: &GoldText) -> PredictedText {
    let source = SourceExtraction::of(&gold.text);
    let chars: Vec<char> = gold.text.chars().collect();
    let mut quotes = Vec::new();
    for claim in &source.extraction.claims {
        let Some(attribution) = claim.attribution() else {
            continue;
        };
        let speaker = attribution
            .mention
            .clone()
            .or_else(|| attribution.speaker.clone());
        for part in &claim.parts {
            let (start, end) = source.to_source(part.start_char, part.end_char);
            quotes.push(PredictedQuote {
                start,
                end,
                text: chars.get(start..end).unwrap_or_default().iter().collect(),
                speaker: speaker.clone(),
                speaker_resolved: attribution.speaker.clone(),
            });
        }
    }
    PredictedText {
        id: gold.id.clone(),
        quotes,
    }
}

/// Raw counts, summed over texts; ratios are taken at the end as score.py does.
#[derive(Debug, Clone, Default)]
struct Tally {
    texts: usize,
    gold: usize,
    gold_with_speaker: usize,
    predicted: usize,
    modes: [ModeTally; 2],
}

#[derive(Debug, Clone, Copy, Default)]
struct ModeTally {
    matched: usize,
    speaker_pairs: usize,
    speaker_exact: usize,
    speaker_token: usize,
    token_f1_sum: f64,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.texts += other.texts;
        self.gold += other.gold;
        self.gold_with_speaker += other.gold_with_speaker;
        self.predicted += other.predicted;
        for (mine, theirs) in self.modes.iter_mut().zip(&other.modes) {
            mine.matched += theirs.matched;
            mine.speaker_pairs += theirs.speaker_pairs;
            mine.speaker_exact += theirs.speaker_exact;
            mine.speaker_token += theirs.speaker_token;
            mine.token_f1_sum += theirs.token_f1_sum;
        }
    }

    fn scores(&self) -> Scores {
        let mode = |m: &ModeTally| {
            let pairs = m.speaker_pairs;
            ModeScores {
                span: Prf::of(m.matched, self.predicted, self.gold),
                speaker_pairs: pairs,
                speaker_exact: m.speaker_exact,
                speaker_token: m.speaker_token,
                speaker_accuracy_exact: ratio(m.speaker_exact, pairs),
                speaker_accuracy_token: ratio(m.speaker_token, pairs),
                speaker_mean_token_f1: if pairs == 0 {
                    0.0
                } else {
                    m.token_f1_sum / pairs as f64
                },
                quote_speaker_exact: Prf::of(m.speaker_exact, self.predicted, self.gold),
                quote_speaker_token: Prf::of(m.speaker_token, self.predicted, self.gold),
            }
        };
        let [exact, overlap] = &self.modes;
        Scores {
            texts: self.texts,
            gold: self.gold,
            gold_with_speaker: self.gold_with_speaker,
            predicted: self.predicted,
            exact: mode(exact),
            overlap: mode(overlap),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Exact,
    Overlap,
}

fn score_text(gold: &GoldText, predicted: &[PredictedQuote]) -> Tally {
    let mut tally = Tally {
        texts: 1,
        gold: gold.quotes.len(),
        gold_with_speaker: gold.quotes.iter().filter(|q| q.speaker.is_some()).count(),
        predicted: predicted.len(),
        ..Tally::default()
    };
    for (slot, mode) in tally.modes.iter_mut().zip([Mode::Exact, Mode::Overlap]) {
        for (g, p) in match_spans(&gold.quotes, predicted, mode) {
            let (Some(gold_quote), Some(pred)) = (gold.quotes.get(g), predicted.get(p)) else {
                continue;
            };
            slot.matched += 1;
            if gold_quote.speaker.is_none() {
                continue;
            }
            let (exact, token, f1) = speaker_match(pred.speaker.as_deref(), gold_quote);
            slot.speaker_pairs += 1;
            slot.speaker_exact += usize::from(exact);
            slot.speaker_token += usize::from(token);
            slot.token_f1_sum += f1;
        }
    }
    tally
}

/// Greedy one-to-one matching, best overlap first; ties broken as score.py's reverse sort of
/// `(overlap, gold index, predicted index)` does.
fn match_spans(
    gold: &[GoldQuote],
    predicted: &[PredictedQuote],
    mode: Mode,
) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in predicted.iter().enumerate() {
            match mode {
                Mode::Exact => {
                    if g.start == p.start && g.end == p.end {
                        candidates.push((1.0, gi, pi));
                    }
                }
                Mode::Overlap => {
                    let inter = g.end.min(p.end).saturating_sub(g.start.max(p.start));
                    let longer = (g.end.saturating_sub(g.start))
                        .max(p.end.saturating_sub(p.start))
                        .max(1);
                    let share = inter as f64 / longer as f64;
                    if share >= 0.5 {
                        candidates.push((share, gi, pi));
                    }
                }
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let (mut used_gold, mut used_pred) = (HashSet::new(), HashSet::new());
    let mut pairs = Vec::new();
    for (_, gi, pi) in candidates {
        if used_gold.contains(&gi) || used_pred.contains(&pi) {
            continue;
        }
        used_gold.insert(gi);
        used_pred.insert(pi);
        pairs.push((gi, pi));
    }
    pairs
}

/// Words that say nothing about who spoke; the list of score.py.
#[rustfmt::skip]
const STOP: &[&str] = &[
    "a", "an", "the", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep",
    "rep.", "gov", "gov.", "president", "he", "she", "they", "it", "i", "we", "you", "him", "her",
    "them", "his", "its", "their", "our", "my", "me", "us", "who", "whom", "this", "that", "these",
    "those", "of", "and", "or", ",", "said", "says", "spokesman", "spokeswoman",
];

/// (exact, shares a content word, token F1) of a predicted speaker against a gold quote's.
fn speaker_match(predicted: Option<&str>, gold: &GoldQuote) -> (bool, bool, f64) {
    let (Some(predicted), Some(_)) = (predicted, gold.speaker.as_deref()) else {
        return (false, false, 0.0);
    };
    let golds: Vec<&str> = [gold.speaker.as_deref(), gold.speaker_mention.as_deref()]
        .into_iter()
        .flatten()
        .filter(|g| !g.is_empty())
        .collect();
    let normalized = norm(predicted);
    let exact = golds.iter().any(|g| norm(g) == normalized);
    let mine = content_tokens(predicted);
    let token = exact || golds.iter().any(|g| !content_tokens(g).is_disjoint(&mine));
    let f1 = golds
        .iter()
        .map(|g| token_f1(predicted, g))
        .fold(0.0, f64::max);
    (exact, token, f1)
}

/// Lower case, whitespace runs to one space, trimmed of spaces and `,.;:"“”'`.
fn norm(s: &str) -> String {
    let collapsed = s
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    collapsed
        .trim_matches(|c| " ,.;:\"“”'".contains(c))
        .to_owned()
}

/// Python's `\w`: letters, digits and the underscore.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The maximal runs of characters accepted by `keep`.
fn runs(s: &str, keep: impl Fn(char) -> bool) -> impl Iterator<Item = &str> {
    s.split(move |c: char| !keep(c)).filter(|t| !t.is_empty())
}

fn content_tokens(s: &str) -> HashSet<String> {
    let lower = s.to_lowercase();
    runs(&lower, |c| word_char(c) || matches!(c, '’' | '\'' | '-'))
        .filter(|t| !STOP.contains(t) && !t.chars().all(char::is_numeric))
        .map(str::to_owned)
        .collect()
}

fn token_f1(a: &str, b: &str) -> f64 {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let ta: Vec<&str> = runs(&a, word_char).collect();
    let mut pool: Vec<&str> = runs(&b, word_char).collect();
    let (na, nb) = (ta.len(), pool.len());
    if na == 0 || nb == 0 {
        return 0.0;
    }
    let mut common = 0;
    for t in ta {
        if let Some(at) = pool.iter().position(|&p| p == t) {
            pool.remove(at);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / na as f64, common as f64 / nb as f64);
    2.0 * p * r / (p + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(start: usize, end: usize, speaker: Option<&str>) -> GoldQuote {
        GoldQuote {
            start,
            end,
            speaker: speaker.map(str::to_owned),
            speaker_mention: speaker.map(str::to_owned),
        }
    }

    fn pred(start: usize, end: usize, speaker: Option<&str>) -> PredictedQuote {
        PredictedQuote {
            start,
            end,
            text: String::new(),
            speaker: speaker.map(str::to_owned),
            speaker_resolved: None,
        }
    }

    #[test]
    fn speakers_match_as_score_py_says() {
        let g = gold(0, 1, Some("Russian Foreign Minister Sergei Lavrov"));
        assert!(!speaker_match(Some("Sergei Lavrov"), &g).0);
        assert!(speaker_match(Some("Sergei Lavrov"), &g).1);
        assert!(speaker_match(Some(" russian foreign  minister sergei lavrov,"), &g).0);
        // Pronouns and titles are not content words.
        let he = gold(0, 1, Some("he"));
        assert_eq!(speaker_match(Some("Mr. Trump"), &he), (false, false, 0.0));
        assert!(speaker_match(Some("He"), &he).0);
        let president = gold(0, 1, Some("the president"));
        assert!(!speaker_match(Some("President Obama"), &president).1);
        assert!((token_f1("the president", "President Obama") - 0.5).abs() < 1e-12);
    }

    #[test]
    fn matching_is_one_to_one_best_first() {
        let golds = [gold(0, 10, None), gold(12, 20, None)];
        let preds = [pred(0, 20, None), pred(1, 10, None)];
        // (0,20) overlaps gold 0 by 10/20 and gold 1 by 8/20; (1,10) overlaps gold 0 by 9/10.
        assert_eq!(match_spans(&golds, &preds, Mode::Overlap), [(0, 1)]);
        assert!(match_spans(&golds, &preds, Mode::Exact).is_empty());
    }

    #[test]
    fn a_small_file_is_scored() {
        let line = r#"{"id":"a","publisher":"p","text":"Anna Berg said: \"We will stay.\" The \"Big Three\" met.","quotes":[{"start":17,"end":30,"speaker":"Anna Berg","speaker_mention":"Anna Berg"}]}"#;
        let report = evaluate(line).expect("valid gold");
        assert_eq!(report.overall.gold, 1);
        assert_eq!(report.overall.predicted, 1);
        assert_eq!(report.overall.exact.span.counts.true_positives, 1);
        assert_eq!(report.overall.exact.speaker_exact, 1);
        assert_eq!(report.by_source.len(), 1);
        assert!(matches!(
            evaluate("{").err(),
            Some(EvalError::BadLine { line: 1, .. })
        ));
        assert!(matches!(evaluate("\n").err(), Some(EvalError::Empty)));
    }
}
