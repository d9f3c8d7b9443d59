//! `factdesk eval html`: the article text taken out of saved pages against the expected text
//! (a folder a page, holding source.html and expected.txt), as bag-of-words token F1, macro-averaged over the pages.

use std::collections::HashMap;

use serde::Serialize;

use super::ratio;
use crate::text::html;

/// One page to score: its name, the saved HTML and the expected article text.
pub struct HtmlCase<'a> {
    /// The page's name (its folder).
    pub name: &'a str,
    /// The page as saved.
    pub html: &'a str,
    /// The article text a reference extractor gave.
    pub expected: &'a str,
}

/// The score of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    /// The page.
    pub name: String,
    /// Share of extracted tokens that are expected.
    pub precision: f64,
    /// Share of expected tokens that were extracted.
    pub recall: f64,
    /// Their harmonic mean.
    pub f1: f64,
    /// Why nothing was extracted, when nothing was.
    pub error: Option<String>,
}

/// The scores of one run.
#[derive(Debug, Clone, Serialize)]
pub struct HtmlReport {
    /// Every page, in the order given.
    pub pages: Vec<PageScore>,
    /// Mean precision over pages.
    pub macro_precision: f64,
    /// Mean recall over pages.
    pub macro_recall: f64,
    /// Mean F1 over pages.
    pub macro_f1: f64,
}

/// Lower-cased `\w+` tokens, as the data set's scorer counts them.
fn tokens(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for token in text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
    {
        *counts.entry(token.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

fn score(extracted: &str, expected: &str) -> (f64, f64, f64) {
    let (got, want) = (tokens(extracted), tokens(expected));
    let overlap: usize = got
        .iter()
        .map(|(t, n)| (*n).min(want.get(t).copied().unwrap_or(0)))
        .sum();
    let precision = ratio(overlap, got.values().sum());
    let recall = ratio(overlap, want.values().sum());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

/// Scores the HTML extraction on the given pages.
pub fn evaluate(cases: &[HtmlCase<'_>]) -> HtmlReport {
    let pages: Vec<PageScore> = cases
        .iter()
        .map(|case| match html::article(case.html) {
            Ok(article) => {
                let (precision, recall, f1) = score(&article.text, case.expected);
                PageScore {
                    name: case.name.to_owned(),
                    precision,
                    recall,
                    f1,
                    error: None,
                }
            }
            Err(err) => PageScore {
                name: case.name.to_owned(),
                precision: 0.0,
                recall: 0.0,
                f1: 0.0,
                error: Some(err.to_string()),
            },
        })
        .collect();
    let mean = |f: fn(&PageScore) -> f64| {
        if pages.is_empty() {
            0.0
        } else {
            pages.iter().map(f).sum::<f64>() / pages.len() as f64
        }
    };
    HtmlReport {
        macro_precision: mean(|p| p.precision),
        macro_recall: mean(|p| p.recall),
        macro_f1: mean(|p| p.f1),
        pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_f1_counts_multisets() {
        assert_eq!(score("a b b c", "a b c").2, 2.0 * 0.75 * 1.0 / 1.75);
        assert_eq!(score("", "a").2, 0.0);
        assert_eq!(score("The cat", "the CAT").2, 1.0);
    }
}
