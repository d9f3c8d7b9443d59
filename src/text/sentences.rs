//! Sentence splitting inside one paragraph.
//!
//! A sentence ends after `.`, `!`, `?` or `…` (and any closing marks right after) followed by
//! whitespace and an upper-case letter, a digit or an opening mark, except after abbreviations,
//! initials and dotted acronyms, and never inside a closed quote: a quote of several sentences
//! stays one sentence together with its attribution.

use super::quotes;

/// Abbreviations after which a period does not end a sentence (lower-case, without the dot).
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "st",
    "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "rev", "maj", "adm", "cmdr", "gens", "supt",
];

const CLOSERS: &[char] = &['"', '”', '’', '\'', '»', ')', ']', '}'];
const OPENERS: &[char] = &['"', '“', '‘', '\'', '«', '(', '[', '`', '„'];

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
}

/// Byte ranges of the sentences of the paragraph `text[start..end]`, whose quotes are `regions`
/// (as [`quotes::scan`] finds them).
pub(super) fn split(
    text: &str,
    start: usize,
    end: usize,
    regions: &[quotes::Region],
) -> Vec<(usize, usize)> {
    let closed: Vec<(usize, usize)> = regions
        .iter()
        .filter_map(|r| r.close_end.map(|close| (r.open, close)))
        .collect();
    let mut out = Vec::new();
    let mut sentence_start = start;
    let mut at = start;
    while at < end {
        // Only `.`, `!`, `?` and `…` end a sentence: skip to the next byte that may start one
        // (0xE2 leads `…`, and other characters too).
        let Some(skip) = text
            .as_bytes()
            .get(at..end)
            .and_then(|rest| super::find_any_byte(rest, b".!?\xE2"))
        else {
            break;
        };
        at += skip;
        let Some(ch) = char_at(text, at) else { break };
        if !matches!(ch, '.' | '!' | '?' | '…') {
            at += ch.len_utf8();
            continue;
        }
        let punct_at = at;
        let mut cut = at + ch.len_utf8();
        while let Some(c) = char_at(text, cut).filter(|c| matches!(c, '.' | '!' | '?' | '…')) {
            cut += c.len_utf8();
        }
        while let Some(c) = char_at(text, cut).filter(|c| CLOSERS.contains(c)) {
            cut += c.len_utf8();
        }
        at = cut;
        if cut >= end || !char_at(text, cut).is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = text.get(cut..end).unwrap_or("");
        let next_start = cut + (rest.len() - rest.trim_start().len());
        let Some(next) = char_at(text, next_start) else {
            continue;
        };
        let starts_sentence =
            next.is_uppercase() || next.is_ascii_digit() || OPENERS.contains(&next);
        if !starts_sentence
            || (ch == '.' && is_abbreviation(text, start, punct_at, next))
            || closed
                .iter()
                .any(|&(open, close)| open < cut && cut < close)
        {
            continue;
        }
        out.push((sentence_start, cut));
        sentence_start = next_start;
        at = next_start;
    }
    if sentence_start < end {
        out.push((sentence_start, end));
    }
    out
}

/// Whether the period at `dot` ends an abbreviation, an initial or a dotted acronym.
fn is_abbreviation(text: &str, paragraph_start: usize, dot: usize, next: char) -> bool {
    let before = text.get(paragraph_start..dot).unwrap_or("");
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = before
        .get(word_start..)
        .unwrap_or("")
        .trim_start_matches('.');
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        // U.S., a.m., Ph.D.: every piece is one or two letters.
        return word.split('.').all(|piece| {
            (1..=2).contains(&piece.chars().count()) && piece.chars().all(char::is_alphabetic)
        });
    }
    let mut chars = word.chars();
    if let (Some(only), None) = (chars.next(), chars.next()) {
        return only.is_alphabetic();
    }
    let lower = word.to_lowercase();
    if lower == "no" || lower == "nos" {
        return next.is_ascii_digit();
    }
    ABBREVIATIONS.contains(&lower.as_str())
}
