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

/// The longest sentence kept whole, in bytes: more than twice the longest of some 50,000
/// sentences of news articles (1,429 bytes). A longer one is no sentence but text without
/// sentence ends (a list, a table, a paste gone wrong), and everything read per sentence (each
/// claim keeps its sentence, a number's identity holds it, speakers are looked for in it) would
/// grow with the square of its length: it is cut into pieces of at most [`MAX_PIECE_BYTES`].
const MAX_SENTENCE_BYTES: usize = 4096;

/// The longest piece of an over-long sentence, in bytes, where it has no sentence end to cut at.
const MAX_PIECE_BYTES: usize = 1024;

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
    // The closed quotes are in order and do not overlap, and cuts are tried in order: the one
    // quote that may hold a cut is the first that closes after it.
    let mut quote = 0;
    let mut out = Vec::new();
    // Ends passed over (an abbreviation, a lower-case word after, a quote around), where an
    // over-long sentence is cut: `(cut, next_start)`.
    let mut passed = Vec::new();
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
            || in_closed_quote(&closed, &mut quote, cut)
        {
            passed.push((cut, next_start));
            continue;
        }
        push_sentence(&mut out, text, sentence_start, cut, &passed);
        sentence_start = next_start;
        at = next_start;
    }
    if sentence_start < end {
        push_sentence(&mut out, text, sentence_start, end, &passed);
    }
    out
}

/// Whether `cut` falls inside one of the `closed` quotes, `(open, close_end)` in order; `quote` is
/// the first that may hold it, and moves on as cuts, tried in order, pass quotes.
fn in_closed_quote(closed: &[(usize, usize)], quote: &mut usize, cut: usize) -> bool {
    while closed.get(*quote).is_some_and(|&(_, close)| close <= cut) {
        *quote += 1;
    }
    closed
        .get(*quote)
        .is_some_and(|&(open, close)| open < cut && cut < close)
}

/// Adds the sentence `text[from..to]`, cut into pieces when it is longer than
/// [`MAX_SENTENCE_BYTES`]: at every end `passed` over inside it, then, for a piece still longer
/// than [`MAX_PIECE_BYTES`], at the last whitespace that keeps it within that length.
fn push_sentence(
    out: &mut Vec<(usize, usize)>,
    text: &str,
    from: usize,
    to: usize,
    passed: &[(usize, usize)],
) {
    if to.saturating_sub(from) <= MAX_SENTENCE_BYTES {
        out.push((from, to));
        return;
    }
    let first = passed.partition_point(|&(cut, _)| cut <= from);
    let mut piece_start = from;
    for &(cut, next_start) in passed.get(first..).unwrap_or_default() {
        if next_start >= to {
            break;
        }
        push_pieces(out, text, piece_start, cut);
        piece_start = next_start;
    }
    push_pieces(out, text, piece_start, to);
}

/// Adds `text[from..to]` in pieces of at most [`MAX_PIECE_BYTES`], each cut at the last
/// whitespace that keeps it within that length (or, in a run without any, at that length).
fn push_pieces(out: &mut Vec<(usize, usize)>, text: &str, mut from: usize, to: usize) {
    while to.saturating_sub(from) > MAX_PIECE_BYTES {
        let limit = super::floor_boundary(text, from + MAX_PIECE_BYTES);
        let window = text.get(from..limit).unwrap_or("");
        let (piece_end, next_start) = match window
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
        {
            Some((space, _)) if space > 0 => {
                let piece = window.get(..space).unwrap_or("").trim_end();
                let rest = text.get(from + space..to).unwrap_or("");
                (from + piece.len(), to - rest.trim_start().len())
            }
            // No whitespace to cut at: cut at the length itself.
            _ => {
                let rest = text.get(limit..to).unwrap_or("");
                (limit, to - rest.trim_start().len())
            }
        };
        if piece_end <= from {
            break;
        }
        out.push((from, piece_end));
        from = next_start;
    }
    if from < to {
        out.push((from, to));
    }
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
