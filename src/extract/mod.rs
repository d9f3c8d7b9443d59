//! Claim extraction: direct quotes with their speakers, and numeric claims with their hedges and
//! units, found in a parsed [`Document`].
//!
//! Extraction never fails. What it is unsure of it reports: quotes that look like scare quotes or
//! titles go to [`Extraction::rejected`], broken quotation marks to [`Extraction::diagnostics`],
//! so that a fact-checker can see everything that was set aside and why.

mod lexicon;
mod numbers;
mod quotes;
mod speakers;
mod tokens;

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use unicode_normalization::UnicodeNormalization;

pub use self::numbers::sentence_of_canonical;
use self::tokens::SentenceTokens;
use crate::model::{Claim, ClaimDetail, ClaimId, ClaimKind, Span};
use crate::text::{Document, is_nfc_quickly};

/// Names the extraction rules; bumped whenever a change can change extracted claims.
pub const EXTRACTOR_VERSION: &str = "factdesk-extract/6";

/// The most claims of one kind taken from one sentence; the numbers or quotes past it are set
/// aside. News sentences hold a handful (at most 10 in the 840 PolNeAR articles and the other
/// evaluation texts), and every claim keeps a copy of its sentence, so a "sentence" of thousands of
/// numbers or quotes would take memory the square of its length.
pub(crate) const MAX_CLAIMS_PER_SENTENCE: usize = 64;

/// Everything extraction found in one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extraction {
    /// The claims, sorted by where they start, at most one per id.
    pub claims: Vec<Claim>,
    /// Quoted text judged not to be a quote (scare quotes, titles) and numbers judged not to be
    /// claims (dates, times, years, reference numbers, names), each with the reason.
    pub rejected: Vec<Rejected>,
    /// Problems in the text itself, such as a quotation mark that is never closed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Quoted text or a number that is not taken as a claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    /// Whether it looked like a quote or a number.
    pub kind: ClaimKind,
    /// The words as written.
    pub text: String,
    /// Where they are.
    pub span: Span,
    /// Why they were set aside, for a person to judge.
    pub reason: String,
}

/// A problem found in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub span: Span,
    /// What is wrong, in one sentence.
    pub message: String,
}

/// How much of the text a diagnostic quotes, at most, in characters.
const DIAGNOSTIC_CONTEXT_CHARS: usize = 40;

impl Diagnostic {
    /// The diagnostic for people: the words where it is, quoted from `text` (the document it was
    /// found in), then what is wrong. An editor finds the place by its words, not by an offset.
    pub fn describe(&self, text: &str) -> String {
        let rest = text.get(self.span.start_byte..).unwrap_or("");
        // Its own line only: the next paragraph says nothing about where this is.
        let from = rest.split('\n').next().unwrap_or("");
        let mut context: String = from
            .chars()
            .take(DIAGNOSTIC_CONTEXT_CHARS)
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        if from.chars().nth(DIAGNOSTIC_CONTEXT_CHARS).is_some() {
            // Cut at a word, as listings shorten.
            if let Some(space) = context.rfind(' ').filter(|&at| at > 0) {
                context.truncate(space);
            }
            context.push('…');
        }
        format!("at “{}”: {}", context.trim(), self.message)
    }
}

/// The claim an editor points at that extraction missed: the words at bytes `start..end` of
/// `doc`'s text, with what the editor says about them (`detail`: a quote's speaker, a number's
/// value, unit and hedge). Its id follows the rule of extracted claims: a quote's words; a
/// number's value, unit, hedge and sentence, `value_key` being the value in exact decimal form
/// ("8000", "2.5"). `None` if the range is not on character boundaries of the text.
pub fn claim_at(
    doc: &Document,
    start: usize,
    end: usize,
    detail: ClaimDetail,
    value_key: &str,
) -> Option<Claim> {
    let text = doc.text();
    let words = text.get(start..end)?;
    let span = doc.span(start, end);
    let sentence = doc
        .sentences()
        .iter()
        .position(|s| {
            s.span.start_byte <= start && start < s.span.end_byte.max(s.span.start_byte + 1)
        })
        .unwrap_or(0);
    let (kind, canonical) = match &detail {
        ClaimDetail::Quote(_) => (ClaimKind::Quote, canonical_quote(words)),
        ClaimDetail::Number(quantity) => {
            let sentence_text = doc
                .sentences()
                .get(sentence)
                .map_or("", |s| s.span.slice(text));
            (
                ClaimKind::Number,
                numbers::canonical_number(
                    value_key,
                    quantity.unit.as_deref(),
                    quantity.qualifier.as_deref(),
                    &collapse_whitespace(sentence_text),
                ),
            )
        }
    };
    Some(new_claim(
        doc,
        kind,
        words.to_owned(),
        canonical,
        span,
        vec![span],
        sentence,
        detail,
    ))
}

/// Finds the quotes and numbers of `doc`. Chrome paragraphs are skipped.
pub fn extract(doc: &Document) -> Extraction {
    quotes_then_numbers(doc, true)
}

/// Finds the quote claims of `doc` only (no numbers), with the quotes set aside and the broken
/// quotation marks; the same quotes [`extract`] finds.
pub fn extract_quotes(doc: &Document) -> Extraction {
    quotes_then_numbers(doc, false)
}

fn quotes_then_numbers(doc: &Document, with_numbers: bool) -> Extraction {
    let mut extraction = Extraction::default();
    let mut claims = Vec::new();
    let candidates = quotes::find(doc, &mut extraction.diagnostics);
    // Tokenizing is a large part of extraction: the words are read once for speakers and numbers.
    let sentence_tokens = SentenceTokens::new(doc, &quotes::quoted_ranges(&candidates));
    quotes::add_claims(
        doc,
        &candidates,
        &sentence_tokens,
        &mut claims,
        &mut extraction.rejected,
    );
    if with_numbers {
        add_numbers(
            doc,
            Some(&sentence_tokens),
            &mut claims,
            &mut extraction.rejected,
        );
    }
    extraction.claims = sorted_unique(claims);
    extraction
}

/// Finds the numeric claims of `doc` only (no quotes), with the numbers set aside; the same
/// numbers [`extract`] finds.
pub fn extract_numbers(doc: &Document) -> Extraction {
    let mut extraction = Extraction::default();
    let mut claims = Vec::new();
    add_numbers(doc, None, &mut claims, &mut extraction.rejected);
    extraction.claims = sorted_unique(claims);
    extraction
}

/// `claims` sorted by where they start, at most one per id.
fn sorted_unique(mut claims: Vec<Claim>) -> Vec<Claim> {
    claims.sort_by_key(|c| (c.span.start_byte, c.span.end_byte));
    let mut seen: HashSet<ClaimId, BuildHasherDefault<IdHasher>> =
        HashSet::with_capacity_and_hasher(claims.len(), BuildHasherDefault::default());
    claims.retain(|c| seen.insert(c.id));
    claims
}

/// Hashes a [`ClaimId`] by its first eight bytes: an id is a BLAKE3 digest, evenly spread
/// already, and SipHash over all of it was a visible part of extracting a short article.
#[derive(Debug, Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // The digest's bytes come in one call (after its length, as a `usize`): the first eight
        // are the hash. Anything else is folded in, so that any key still hashes soundly.
        let mut head = [0u8; 8];
        for (to, from) in head.iter_mut().zip(bytes) {
            *to = *from;
        }
        self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(head);
    }

    fn write_usize(&mut self, _: usize) {}
}

/// The numeric claims of `doc` into `claims`, the numbers set aside into `rejected`; the words of
/// its sentences, if the caller has them, as for [`numbers::find`].
fn add_numbers(
    doc: &Document,
    sentence_tokens: Option<&SentenceTokens<'_>>,
    claims: &mut Vec<Claim>,
    rejected: &mut Vec<Rejected>,
) {
    let text = doc.text();
    let (numbers, set_aside) = numbers::find(doc, sentence_tokens);
    for aside in set_aside {
        let span = doc.span(aside.start, aside.end);
        rejected.push(Rejected {
            kind: ClaimKind::Number,
            text: span.slice(text).to_owned(),
            span,
            reason: aside.reason.text.to_owned(),
        });
    }
    for number in numbers {
        let span = doc.span(number.start, number.end);
        claims.push(new_claim(
            doc,
            ClaimKind::Number,
            span.slice(text).to_owned(),
            number.canonical,
            span,
            vec![span],
            number.sentence,
            ClaimDetail::Number(number.quantity),
        ));
    }
}

/// Where `doc` says when: the calendar dates, clock times, years and decades its numbers are
/// set aside as, each with the month written next to it ("March 14", "14 March"), and the days
/// of the week ("on Tuesday"), in order. A revision that changes only these changes when a claim
/// held, not its value.
pub fn time_references(doc: &Document) -> Vec<Span> {
    let text = doc.text();
    let (_, set_aside) = numbers::find(doc, None);
    let mut found: Vec<(usize, usize)> = set_aside
        .iter()
        .filter(|aside| aside.reason.says_when)
        .map(|aside| (aside.start, aside.end))
        .chain(weekdays(text))
        .collect();
    found.sort_unstable();
    let mut spans: Vec<Span> = Vec::new();
    for (mut start, mut end) in found {
        let before = text.get(..start).unwrap_or("").trim_end();
        let month_before = before
            .rsplit(|c: char| !c.is_alphabetic() && c != '.')
            .next()
            .filter(|w| numbers::is_month(w));
        if let Some(month) = month_before {
            start = before.len() - month.len();
        }
        let after = text.get(end..).unwrap_or("");
        let gap = after.len() - after.trim_start().len();
        let month_after = after
            .trim_start()
            .split(|c: char| !c.is_alphabetic() && c != '.')
            .next()
            .filter(|w| numbers::is_month(w));
        if let Some(month) = month_after {
            // "4 May." ends a sentence; "4 Sept." is abbreviated.
            let bare = month.trim_end_matches('.');
            let written = if numbers::is_abbreviated_month(bare) {
                month
            } else {
                bare
            };
            end += gap + written.len();
        }
        // "March 14, 2020", "18 February 2021": the day and the year are one date.
        let joins = |last: &Span| {
            start <= last.end_byte
                || text
                    .get(last.end_byte..start)
                    .is_some_and(|gap| matches!(gap.trim(), "" | ","))
        };
        match spans.last_mut() {
            Some(last) if joins(last) => {
                *last = doc.span(last.start_byte.min(start), end.max(last.end_byte));
            }
            _ => spans.push(doc.span(start, end)),
        }
    }
    spans
}

/// Byte ranges of the days of the week named in `text` (capitalized, whole words).
fn weekdays(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let is_word_byte = |b: u8| b.is_ascii_alphanumeric();
    DAYS.iter()
        .flat_map(move |day| {
            text.match_indices(day)
                .map(|(at, day)| (at, at + day.len()))
        })
        .filter(move |&(start, end)| {
            let bytes = text.as_bytes();
            let glued_before = start > 0 && is_word_byte(bytes[start - 1]);
            let glued_after = bytes.get(end).copied().is_some_and(is_word_byte);
            !glued_before && !glued_after
        })
}

#[allow(clippy::too_many_arguments)]
fn new_claim(
    doc: &Document,
    kind: ClaimKind,
    text: String,
    canonical: String,
    span: Span,
    parts: Vec<Span>,
    sentence: usize,
    detail: ClaimDetail,
) -> Claim {
    let sentence_info = doc.sentences().get(sentence);
    Claim {
        id: ClaimId::from_canonical(kind, &canonical),
        kind,
        text,
        canonical,
        span,
        parts,
        sentence,
        paragraph: sentence_info.map_or(0, |s| s.paragraph),
        sentence_text: sentence_info
            .map_or("", |s| s.span.slice(doc.text()))
            .to_owned(),
        detail,
    }
}

/// The quoted words with typographic quotes straightened and whitespace collapsed, in NFC.
fn canonical_quote(words: &str) -> String {
    let straight: String = words
        .chars()
        .map(|c| match c {
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            '“' | '”' | '„' | '‟' | '«' | '»' | '″' => '"',
            c => c,
        })
        .collect();
    let collapsed = collapse_whitespace(&straight).into_owned();
    // The document's text is NFC already, so the quote nearly always is: composing it again
    // would only copy it.
    if is_nfc_quickly(&collapsed) {
        collapsed
    } else {
        collapsed.nfc().collect()
    }
}

/// Runs of whitespace to one space, ends trimmed; borrowed when `text` is so already, as
/// nearly every sentence of a normalized text is.
pub(crate) fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Whether `text` has no whitespace but single spaces between other characters.
fn is_collapsed(text: &str) -> bool {
    if text.is_ascii() {
        // Most sentences: whole-text searches, several bytes at a time, instead of the walk below.
        let bytes = text.as_bytes();
        return bytes.first() != Some(&b' ')
            && bytes.last() != Some(&b' ')
            && !text.contains("  ")
            // Tab, newline, vertical tab, form feed, carriage return.
            && !bytes.iter().any(|b| (b'\t'..=b'\r').contains(b));
    }
    let mut after_space = true;
    for (at, byte) in text.bytes().enumerate() {
        let space = match byte {
            b' ' if after_space => return false,
            b' ' => true,
            // `char::is_whitespace` counts the vertical tab, `u8::is_ascii_whitespace` does not.
            0x0b => return false,
            _ if byte.is_ascii_whitespace() => return false,
            // Only a first byte decides, and only some first bytes start a wide space (U+0085,
            // U+00A0, U+1680, U+2000 to U+3000): the rest are told apart without decoding.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                if text
                    .get(at..)
                    .and_then(|rest| rest.chars().next())
                    .is_none_or(char::is_whitespace)
                {
                    return false;
                }
                false
            }
            _ => false,
        };
        after_space = space;
    }
    !after_space || text.is_empty()
}

#[cfg(test)]
mod tests;
