//! Numeric claims: counts, amounts and measures, with their hedge ("more than"), unit or counted
//! noun, and value; dates, years, clock times, ordinals and identifiers are left out.
//!
//! Values are kept as exact decimals (mantissa and power of ten) until the end, so that the
//! canonical text hashed into a claim id never depends on floating-point rounding.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::lexicon::{self, Classes, class};
use super::tokens::{self, SentenceTokens, Token};
use super::{MAX_CLAIMS_PER_SENTENCE, collapse_whitespace};
use crate::model::{Bound, Quantity};
use crate::text::Document;

mod compose;
mod digits;
mod units;
mod words;
use units::{Count, counted_noun, glued_unit, normalize_unit};

/// A number that was read but is not a claim, and why.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SetAside {
    /// Start (byte) of the number as written.
    pub(crate) start: usize,
    /// End (byte).
    pub(crate) end: usize,
    /// Why, for a person to judge.
    pub(crate) reason: Why,
}

/// One numeric claim, before it becomes a [`crate::model::Claim`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Found {
    /// Start of the number as written.
    pub(crate) start: usize,
    /// End of the number as written.
    pub(crate) end: usize,
    /// The sentence holding it.
    pub(crate) sentence: usize,
    /// What it says.
    pub(crate) quantity: Quantity,
    /// `value|unit|qualifier|sentence`.
    pub(crate) canonical: String,
}

/// An exact decimal: `mant × 10^exp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dec {
    mant: i128,
    exp: i32,
}

impl Dec {
    fn int(n: i128) -> Dec {
        Dec { mant: n, exp: 0 }
    }

    fn scaled(self, pow: i32) -> Dec {
        Dec {
            mant: self.mant,
            exp: self.exp.saturating_add(pow),
        }
    }

    /// The canonical decimal text ("8000", "2.5", "0.5"); `None` when absurdly large.
    fn text(self) -> Option<String> {
        if self.mant < 0 {
            let positive = Dec {
                mant: self.mant.checked_neg()?,
                exp: self.exp,
            };
            return Some(format!("-{}", positive.text()?));
        }
        let (mut mant, mut exp) = (self.mant, self.exp);
        while exp < 0 && mant != 0 && mant % 10 == 0 {
            mant /= 10;
            exp += 1;
        }
        if mant == 0 {
            return Some("0".to_owned());
        }
        if !(-30..=30).contains(&exp) {
            return None;
        }
        let digits = mant.to_string();
        if exp >= 0 {
            return Some(format!(
                "{digits}{}",
                "0".repeat(usize::try_from(exp).ok()?)
            ));
        }
        let frac = usize::try_from(-exp).ok()?;
        if digits.len() <= frac {
            Some(format!("0.{}{digits}", "0".repeat(frac - digits.len())))
        } else {
            let (int, dec) = digits.split_at(digits.len() - frac);
            Some(format!("{int}.{dec}"))
        }
    }

    /// `x` to 15 significant digits, for values only a float can compute ("1.1^23").
    fn from_f64(x: f64) -> Option<Dec> {
        if !x.is_finite() {
            return None;
        }
        let written = format!("{x:.14e}");
        let (mantissa, exp) = written.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let negative = mantissa.starts_with('-');
        let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
        let mant: i128 = digits.parse().ok()?;
        Some(Dec {
            mant: if negative { -mant } else { mant },
            exp: exp.checked_sub(14)?,
        })
    }

    /// The exact sum of two decimals.
    fn add(self, other: Dec) -> Option<Dec> {
        let exp = self.exp.min(other.exp);
        let lift = |d: Dec| {
            10i128
                .checked_pow(u32::try_from(d.exp - exp).ok()?)
                .and_then(|f| d.mant.checked_mul(f))
        };
        Some(Dec {
            mant: lift(self)?.checked_add(lift(other)?)?,
            exp,
        })
    }

    fn value(self) -> Option<f64> {
        self.text()?.parse().ok()
    }
}

/// Whether `rest` (from a comma on) is ",dd" pairs ending in a ",ddd" group.
fn indian_groups(rest: &[u8]) -> bool {
    let mut k = 0;
    loop {
        let group = |n: usize| {
            rest.get(k) == Some(&b',')
                && rest
                    .get(k + 1..k + 1 + n)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                && !rest.get(k + 1 + n).is_some_and(u8::is_ascii_digit)
        };
        if group(3) {
            return k > 0;
        }
        if !group(2) {
            return false;
        }
        k += 3;
    }
}

/// Digits with thousands commas and a decimal part at the start of `s`: the value and bytes used.
fn numeric_prefix(s: &str) -> Option<(Dec, usize)> {
    let bytes = s.as_bytes();
    let (mut i, mut mant, mut exp, mut digits) = (0usize, 0i128, 0i32, 0usize);
    loop {
        match bytes.get(i) {
            Some(b) if b.is_ascii_digit() => {
                mant = mant.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
                digits += 1;
                i += 1;
            }
            Some(b',')
                if digits > 0
                    && bytes
                        .get(i + 1..i + 4)
                        .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                    && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit) =>
            {
                i += 1;
            }
            // Indian grouping: "12,34,567" (pairs, then a final group of three).
            Some(b',') if digits > 0 && indian_groups(bytes.get(i..).unwrap_or(&[])) => {
                i += 1;
            }
            _ => break,
        }
    }
    if digits == 0 {
        return None;
    }
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while let Some(b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            mant = mant.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
            exp -= 1;
            i += 1;
        }
    }
    Some((Dec { mant, exp }, i))
}

/// The power of ten of a scale word after a number.
fn scale_word(lower: &str, currency: bool) -> Option<i32> {
    Some(match lower {
        "hundred" => 2,
        "thousand" | "k" => 3,
        "million" | "mn" | "mln" => 6,
        "m" if currency => 6,
        // Indian units: "7-9 lakh", "2.5 crore".
        "lakh" | "lakhs" | "lac" | "lacs" => 5,
        "crore" | "crores" | "krore" | "krores" => 7,
        "billion" | "bn" | "bln" => 9,
        "b" if currency => 9,
        "trillion" | "tn" | "trn" | "tln" => 12,
        _ => return None,
    })
}

/// Vague counts: the word, and the bounds it implies.
fn vague_word(lower: &str) -> Option<(f64, f64)> {
    Some(match lower {
        "dozens" => (24.0, 99.0),
        // Only in "tens of thousands/millions of": checked where the words are read.
        "tens" => (10.0, 99.0),
        "scores" => (40.0, 99.0),
        "hundreds" => (200.0, 999.0),
        "thousands" => (2_000.0, 9_999.0),
        "millions" => (2e6, 9_999_999.0),
        "billions" => (2e9, 9_999_999_999.0),
        _ => return None,
    })
}

fn currency_code(symbol: &str) -> Option<&'static str> {
    Some(match symbol {
        "$" | "US$" | "USD" => "USD",
        "A$" | "AU$" => "AUD",
        "C$" | "CA$" => "CAD",
        "HK$" => "HKD",
        "NZ$" => "NZD",
        "S$" => "SGD",
        "£" => "GBP",
        "€" => "EUR",
        "¥" => "JPY",
        "元" => "CNY",
        "₹" => "INR",
        _ => return None,
    })
}

/// The byte length of the currency symbol at the start of `lead`.
fn code_len(lead: &str) -> usize {
    lead.trim_end_matches(['.', ',', ';', '!', '?']).len()
}

/// A number expression found at some token, before its context is read.
#[derive(Clone, Debug, Default)]
struct Expr {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    value: Option<Dec>,
    range: Option<(Dec, Dec)>,
    vague: Option<(f64, f64, String)>,
    currency: Option<(&'static str, String)>,
    percent: Option<String>,
    /// The rest of an adjectival compound ("hour" in "two-hour").
    compound: Option<String>,
    /// A unit glued to the digits ("km" in "10km").
    glued: Option<String>,
    /// The denominator of a rate after a currency ("kg" in "$4/kg").
    per: Option<String>,
    /// A bare "b" or "B" after an integer ("800b"): bytes or billions, as the context says.
    letter_b: bool,
    /// The token is the number alone in parentheses ("(12.50)"): a negative amount in accounts.
    paren: bool,
    /// Two counts joined by a dash, read as a tally or a score by the words around them.
    tally: Option<(Dec, Dec)>,
    scaled: bool,
    /// The power of ten scale words added ("million" → 6).
    scale_pow: i32,
    four_digits: bool,
    bare_one: bool,
    /// The denominator of a fraction ("two thirds": value 2, den 3).
    den: Option<i128>,
    /// Read by the word grammar, which already took every scale word it could.
    from_words: bool,
}

impl Expr {
    /// The single value, with any fraction divided out.
    fn number(&self) -> Option<f64> {
        let value = self.value?.value()?;
        Some(match self.den {
            Some(den) => value / den as f64,
            None => value,
        })
    }

    fn extra_boundary(&self, tokens: &[Token<'_>]) -> bool {
        tokens.get(self.last).is_some_and(|t| {
            let trail = if self.percent.as_deref() == Some("%") {
                t.trail.strip_prefix('%').unwrap_or("")
            } else {
                t.trail
            };
            trail.chars().any(|c| !matches!(c, '\'' | '’'))
        })
    }
}

/// Whether a number can start at `token`: digits, a character outside ASCII (vulgar fractions),
/// or a word that opens a spelled number or a vague count. Most tokens are not numbers, so this
/// is checked without allocating.
fn could_start(token: &Token<'_>) -> bool {
    opens_number(token.word, token.classes)
}

/// [`could_start`] on a word without its punctuation and its classes in [`lexicon::WORDS`].
fn opens_number(word: &str, classes: Classes) -> bool {
    let bytes = word.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if first.is_ascii_digit() || !first.is_ascii() {
        return true;
    }
    // Other words open a number only as an opening word (before a hyphen: "two-hour") or with
    // digits ("US$10").
    let opening = match bytes.iter().position(|&b| b == b'-') {
        Some(at) => word
            .get(..at)
            .is_some_and(|head| lexicon::WORDS.is(head, class::NUMBER_OPENING)),
        None => classes & class::NUMBER_OPENING != 0,
    };
    opening || bytes.iter().any(u8::is_ascii_digit)
}

/// The words a number can open with: number words, vague counts, articles and fractions;
/// gathered into [`lexicon::WORDS`].
#[rustfmt::skip]
pub(super) const OPENING_WORDS: &[&str] = &[
    "a", "an", "half", "quarter", "zero", "one", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "naught", "nought",
    "hundred", "hundreds", "thousand", "thousands", "lakh", "lakhs", "lac", "lacs",
    "lkh", "lkhs", "million", "millions", "crore", "crores", "cr", "billion",
    "billions", "trillion", "trillions", "dozen", "dozens", "tens", "scores", "krore", "krores",
];

/// The sentence a number claim's canonical form (`value|unit|qualifier|sentence`, and "|2" on a
/// repeat) holds: the context a search reads, since the claim's own text is the number alone.
/// `None` for a form of another shape.
pub fn sentence_of_canonical(canonical: &str) -> Option<&str> {
    let sentence = canonical.splitn(4, '|').nth(3)?;
    Some(match sentence.rsplit_once('|') {
        Some((sentence, repeat))
            if !repeat.is_empty() && repeat.bytes().all(|b| b.is_ascii_digit()) =>
        {
            sentence
        }
        _ => sentence,
    })
}

/// The canonical form of a number claim hashed into its id: `value|unit|qualifier|sentence`,
/// `value` in the exact decimal form ("8000", "2.5", "3-5"), the sentence's whitespace collapsed.
pub(crate) fn canonical_number(
    value: &str,
    unit: Option<&str>,
    qualifier: Option<&str>,
    sentence: &str,
) -> String {
    format!(
        "{value}|{}|{}|{sentence}",
        unit.unwrap_or_default(),
        qualifier.unwrap_or_default()
    )
}

/// Adds a claim; the same number said again in one sentence gets "|2", "|3" on its canonical
/// form, so that it is a claim of its own. `sentence_claims` are where the sentence's claims so far
/// sit in `out` and how long their canonical forms were before any such suffix: a sentence holds
/// a few numbers, and comparing them beats hashing and copying their forms, which hold the whole
/// sentence. Every form of one sentence ends with that sentence (`sentence_len` bytes), so only
/// what comes before it is compared: comparing the sentence too, for every pair of equal numbers,
/// made a sentence of them cubic.
fn push_claim(
    out: &mut Vec<Found>,
    sentence_claims: &mut Vec<(usize, usize)>,
    sentence_len: usize,
    mut found: Found,
) {
    let base_len = found.canonical.len();
    let own = found.canonical.get(..base_len.saturating_sub(sentence_len));
    let said_before = sentence_claims
        .iter()
        .filter(|&&(at, len)| {
            len == base_len
                && out
                    .get(at)
                    .and_then(|earlier| earlier.canonical.get(..len.saturating_sub(sentence_len)))
                    == own
        })
        .count();
    if said_before > 0 {
        found.canonical = format!("{}|{}", found.canonical, said_before + 1);
    }
    sentence_claims.push((out.len(), base_len));
    out.push(found);
}

/// Why a number past the [`MAX_CLAIMS_PER_SENTENCE`]th of its sentence is not a claim.
pub(crate) const CROWDED: Why = Why::other(
    "past the 64th number of its sentence: a list or a table, not a claim to check one by one",
);

/// "22,24,26,31": three or more integers joined by commas without spaces, where the groups are not
/// thousands; each item is a number. (Two items stay unread: "1,3" may be a decimal comma.)
fn comma_list(tokens: &[Token<'_>], i: usize) -> Option<Vec<Expr>> {
    let token = tokens.get(i)?;
    // Most words hold no digit and no comma: they are told apart before anything is collected.
    if !token
        .word
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_digit)
        || !token.word.contains(',')
    {
        return None;
    }
    let parts: Vec<&str> = token.word.split(',').collect();
    if parts.len() < 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
        || parts.iter().skip(1).all(|p| p.len() == 3)
        || !token.lead.is_empty()
    {
        return None;
    }
    let mut at = token.start;
    let mut items = Vec::new();
    for part in parts {
        let (value, _) = numeric_prefix(part)?;
        items.push(Expr {
            first: i,
            last: i,
            start: at,
            end: at + part.len(),
            value: Some(value),
            four_digits: part.len() == 4,
            ..Expr::default()
        });
        at += part.len() + 1;
    }
    Some(items)
}

/// Whether a sentence may hold a number at all, from its words (without their punctuation) and
/// their classes: a cheap scan that lets most sentences skip tokenizing and reading every word.
/// It errs towards yes; "a" and "an" count only before a word that makes them one ("a dozen", "a
/// third", "a dollar").
fn may_hold_number<'w>(words: impl IntoIterator<Item = (&'w str, Classes)>) -> bool {
    let mut after_article = false;
    for (word, classes) in words {
        if word.is_empty() {
            continue;
        }
        if after_article && words::opens_after_article(word) {
            return true;
        }
        after_article = word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an");
        if !after_article && opens_number(word, classes) {
            return true;
        }
    }
    false
}

/// The words of `sentence` as [`tokens::tokenize_into`] finds them, with their classes, without
/// tokenizing it.
fn plain_words(sentence: &str) -> impl Iterator<Item = (&str, Classes)> {
    // Normalized text holds only ASCII spaces and newlines between words.
    sentence.split_ascii_whitespace().map(|chunk| {
        let word = chunk.trim_matches(|c: char| !c.is_alphanumeric());
        (word, lexicon::WORDS.classes(word))
    })
}

/// The number expression starting at token `i`.
fn expression(tokens: &[Token<'_>], i: usize, allow_range: bool) -> Option<Expr> {
    let token = tokens.get(i)?;
    if token.word == "point" {
        return words::spoken_decimal(tokens, i);
    }
    if !could_start(token) {
        return None;
    }
    let lower = token.lower();
    let head = lower.split('-').next().unwrap_or("");
    let mut expr = if let Some((low, high)) = vague_word(&lower) {
        vague(tokens, i, low, high)?
    } else if matches!(head, "a" | "an" | "half" | "quarter")
        || words::is_number_word(head)
        || (token.lead.is_empty()
            && !token.ends_phrase()
            && token.word.bytes().all(|b| b.is_ascii_digit() || b == b',')
            && tokens.get(i + 1).is_some_and(|n| {
                !n.starts_phrase()
                    && (words::is_number_word(&n.lower())
                        || (n.lower() == "point"
                            && !n.ends_phrase()
                            && tokens.get(i + 2).is_some_and(|d| {
                                d.lead.is_empty()
                                    && (words::is_number_word(&d.lower())
                                        || d.word.bytes().all(|b| b.is_ascii_digit()))
                            })))
            }))
    {
        let mut expr = words::spelled(tokens, i)?;
        expr.from_words = true;
        expr
    } else {
        let mut expr = digits::numeric(token, i)?;
        if !letter_b(tokens, &mut expr) || !temperature_letter(tokens, &expr) {
            return None;
        }
        accounting_minus(tokens, &mut expr);
        if !tally(tokens, &mut expr) {
            return None;
        }
        compose::digit_groups(tokens, &mut expr);
        compose::mixed_fraction(tokens, &mut expr);
        compose::tolerance(tokens, &mut expr);
        expr
    };
    if expr.vague.is_none() && expr.compound.is_none() {
        extend(tokens, &mut expr);
        if allow_range {
            compose::ratio(tokens, &mut expr);
            compose::cents(tokens, &mut expr);
            compose::compound_measure(tokens, &mut expr);
            compose::below_zero(tokens, &mut expr);
        }
        if allow_range && expr.range.is_none() {
            range(tokens, &mut expr);
        }
    }
    Some(expr)
}

/// How far from a number its context is read for what a letter after it means: a bounded window,
/// so that reading it stays linear in the sentence.
const CONTEXT_WORDS: usize = 8;

/// Whether a word of `words` stands within [`CONTEXT_WORDS`] tokens of `expr`.
fn near(tokens: &[Token<'_>], expr: &Expr, words: &[&str]) -> bool {
    let from = expr.first.saturating_sub(CONTEXT_WORDS);
    (from..=expr.last + CONTEXT_WORDS)
        .filter(|&k| k < expr.first || k > expr.last)
        .filter_map(|k| tokens.get(k))
        .any(|t| words.contains(&t.lower().as_ref()))
}

/// Words that make a "B" after a number bytes.
#[rustfmt::skip]
const COMPUTING_WORDS: &[&str] = &[
    "memory", "ram", "file", "files", "disk", "drive", "storage", "cache", "buffer", "packet",
    "packets", "payload", "download", "upload", "binary", "chip", "firmware", "database", "bytes",
    "data", "image", "attachment", "server", "compressed",
];
/// Words that make a "b" after a number billions.
#[rustfmt::skip]
const MONEY_WORDS: &[&str] = &[
    "revenue", "revenues", "budget", "budgets", "worth", "debt", "debts", "deal", "valuation",
    "valued", "spending", "spend", "cost", "costs", "fund", "funds", "funding", "investment",
    "profit", "profits", "loss", "losses", "sales", "gdp", "tax", "taxes", "bailout", "stimulus",
    "dollars", "euros", "pounds", "exports", "imports", "bonds", "loan", "loans", "deficit",
    "market", "capitalisation", "capitalization", "raised", "bid", "takeover",
];

/// Reads "800b" as bytes beside words of computing, or billions beside words of money; `false`
/// (no number) otherwise, as for a house number ("221B").
fn letter_b(tokens: &[Token<'_>], expr: &mut Expr) -> bool {
    if !expr.letter_b {
        return true;
    }
    expr.letter_b = false;
    if near(tokens, expr, COMPUTING_WORDS) {
        expr.glued = Some("B".to_owned());
        true
    } else if near(tokens, expr, MONEY_WORDS) {
        expr.value = expr.value.map(|v| v.scaled(9));
        expr.scaled = true;
        expr.scale_pow = 9;
        true
    } else {
        false
    }
}

/// Words after two counts joined by a dash that make them a tally or a score ("a 53-36 vote").
#[rustfmt::skip]
const TALLY_AFTER: &[&str] = &[
    "vote", "votes", "win", "wins", "victory", "loss", "defeat", "draw", "tie", "lead", "score",
    "scoreline", "decision", "majority", "margin", "verdict", "ruling", "split", "result",
    "triumph", "rout", "thrashing", "upset", "home", "away", "aggregate", "count", "tally",
];
/// Verbs before two counts joined by a dash that make them a tally ("won 6-3", "voted 7-2").
#[rustfmt::skip]
const TALLY_BEFORE: &[&str] = &[
    "won", "win", "wins", "lost", "lose", "loses", "beat", "beats", "defeated", "drew", "tied",
    "led", "leads", "trailed", "trailing", "voted", "votes", "passed", "approved", "rejected",
    "ruled", "finished", "ended", "edged", "thrashed", "routed",
];

/// "a 53-36 vote", "won 6-3", "a 2–1 win": two whole counts joined by a dash, beside a word of
/// voting or scoring, are a tally, neither a range nor a difference. Two counts the second no
/// larger than the first are no range, and without such a word no number at all (`false`).
fn tally(tokens: &[Token<'_>], expr: &mut Expr) -> bool {
    let Some((first, second)) = expr.tally else {
        return true;
    };
    let next = tokens
        .get(expr.last + 1)
        .filter(|_| !expr.extra_boundary(tokens))
        .map(Token::lower);
    let prev = expr
        .first
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .filter(|p| !p.ends_phrase())
        .map(Token::lower);
    let tallied = next.is_some_and(|w| TALLY_AFTER.contains(&w.as_ref()))
        || prev.is_some_and(|w| TALLY_BEFORE.contains(&w.as_ref()));
    if tallied {
        expr.range = None;
        expr.value = None;
        expr.glued = None;
        expr.tally = Some((first, second));
        return true;
    }
    expr.tally = None;
    // An ascending pair without such a word stays the range it was read as.
    expr.range.is_some()
}

/// Words of accounts beside which a figure in parentheses is negative.
#[rustfmt::skip]
const ACCOUNTS_WORDS: &[&str] = &[
    "net", "income", "earnings", "ebitda", "ebit", "balance", "cash", "flow", "operating",
    "margin", "quarter", "fiscal", "per", "share", "eps", "adjusted", "total", "expenses",
    "liabilities", "assets", "equity", "writedown", "impairment", "result", "results",
];

/// "(12.50)", "($1,200)": a figure alone in parentheses is negative in accounts: with a currency,
/// or with cents or thousands and a word of money or accounts near it. Elsewhere parentheses
/// only set a number apart ("(12) cases", "(1.5)").
fn accounting_minus(tokens: &[Token<'_>], expr: &mut Expr) {
    let Some(value) = expr.value.filter(|v| v.mant > 0 && expr.paren) else {
        return;
    };
    let figure = value.exp == -2
        || tokens
            .get(expr.first)
            .is_some_and(|t| t.word.contains(',') && value.exp <= 0);
    if expr.currency.is_none()
        && !(figure && (near(tokens, expr, MONEY_WORDS) || near(tokens, expr, ACCOUNTS_WORDS)))
    {
        return;
    }
    expr.value = Some(Dec {
        mant: -value.mant,
        exp: value.exp,
    });
    // The parentheses are the sign: they are part of the number as written.
    let Some(t) = tokens.get(expr.first) else {
        return;
    };
    expr.start = t.start - t.lead.len();
    if expr.end == t.end {
        expr.end += 1;
    }
}

/// Words of weather and heat that make a bare "C" or "F" after a number a temperature.
#[rustfmt::skip]
const TEMPERATURE_WORDS: &[&str] = &[
    "temperature", "temperatures", "temp", "temps", "weather", "forecast", "warm", "warmer",
    "warmest", "cold", "colder", "coldest", "heat", "heatwave", "freezing", "frost", "hot",
    "hotter", "hottest", "chilly", "thermometer", "highs", "lows", "fever", "degrees", "celsius",
    "fahrenheit", "oven", "water", "air",
];

/// Whether a bare scale letter glued to the number ("-5C", "98.6F") is a temperature: after a
/// sign, with decimals, or near a word of weather; "5C" alone is a code (a grade, a bus, a room).
fn temperature_letter(tokens: &[Token<'_>], expr: &Expr) -> bool {
    if !matches!(expr.glued.as_deref(), Some("C" | "F")) {
        return true;
    }
    let signed = tokens
        .get(expr.first)
        .is_some_and(|t| t.lead.ends_with(['-', '−', '+']));
    let decimal = expr.value.is_some_and(|v| v.exp < 0);
    signed || decimal || near(tokens, expr, TEMPERATURE_WORDS)
}

fn vague(tokens: &[Token<'_>], i: usize, low: f64, high: f64) -> Option<Expr> {
    let token = tokens.get(i)?;
    let of = tokens
        .get(i + 1)
        .filter(|t| t.lower() == "of" && !token.ends_phrase())?;
    let mut expr = Expr {
        first: i,
        last: i + 1,
        start: token.start,
        end: token.end,
        ..Expr::default()
    };
    let (mut low, mut high, mut words) = (low, high, token.lower().into_owned());
    // "tens of thousands (of)", "hundreds of thousands (of)": the count is the scale's, whether
    // a noun follows ("… of people") or not ("hundreds of thousands followed").
    if let Some(scale) = tokens.get(i + 2) {
        let factor = match scale.lower().as_ref() {
            "thousands" => Some(1_000.0),
            "millions" => Some(1e6),
            _ => None,
        };
        let of_after = tokens
            .get(i + 3)
            .is_some_and(|of2| !scale.ends_phrase() && of2.lower() == "of");
        if let Some(factor) = factor.filter(|_| !of.ends_phrase()) {
            let base = if token.lower() == "tens" {
                (10.0, 99.0)
            } else {
                (low, high)
            };
            low = base.0 * factor;
            high = (base.1 + 1.0) * factor - 1.0;
            words = format!("{words} of {}", scale.lower());
            expr.end = scale.end;
            expr.last = if of_after { i + 3 } else { i + 2 };
        }
    }
    if token.lower() == "tens" && expr.last == i + 1 {
        return None;
    }
    expr.vague = Some((low, high, words));
    Some(expr)
}

/// Scale and percent words after the number: "1.2 million", "25 per cent".
fn extend(tokens: &[Token<'_>], expr: &mut Expr) {
    let currency = expr.currency.is_some();
    for _ in 0..2 {
        if expr.percent.is_some() || expr.extra_boundary(tokens) {
            return;
        }
        if let Some(next) = tokens.get(expr.last + 1)
            && next.word.is_empty()
            && expr.currency.is_none()
            && let Some(code) = currency_code(next.lead.trim_end_matches(['.', ',', ';', '!', '?']))
            && !symbol_of_next(tokens, expr.last + 1)
        {
            // "10 €", "15 $": the symbol a space after the number (its token has no word, so it
            // starts a phrase and is read before the words are).
            expr.currency = Some((
                code,
                next.lead
                    .trim_end_matches(['.', ',', ';', '!', '?'])
                    .to_owned(),
            ));
            expr.end = next.start - next.lead.len() + code_len(next.lead);
            expr.last += 1;
            return;
        }
        let Some(next) = tokens.get(expr.last + 1).filter(|t| !t.starts_phrase()) else {
            return;
        };
        let lower = next.lower();
        // A capital M alone after a number is a million ("1,674,200.5 M"); "m" is a metre.
        let capital_m = match next.word {
            "M" | "MM" => Some(6),
            "G" if expr.value.is_some_and(|v| v.exp < 0) => Some(9),
            _ => None,
        };
        if let Some(pow) = capital_m
            .or_else(|| scale_word(&lower, currency))
            .filter(|_| (expr.value.is_some() || expr.range.is_some()) && !expr.from_words)
        {
            expr.value = expr.value.map(|v| v.scaled(pow));
            expr.range = expr
                .range
                .map(|(low, high)| (low.scaled(pow), high.scaled(pow)));
            expr.scaled = true;
            expr.scale_pow = expr.scale_pow.saturating_add(pow);
            expr.bare_one = false;
            expr.end = next.end;
            expr.last += 1;
            continue;
        }
        if expr.currency.is_none()
            && !next.ends_phrase()
            && let Some(code) = units::currency_code_word(&lower).filter(|_| lower.len() == 3)
            && let Some(scale) = tokens.get(expr.last + 2).filter(|t| !t.starts_phrase())
            && let Some(pow) = scale_word(&scale.lower(), true).filter(|p| *p >= 3)
        {
            // "75 USD million"
            expr.currency = Some((code, next.word.to_owned()));
            expr.value = expr.value.map(|v| v.scaled(pow));
            expr.scaled = true;
            expr.scale_pow = pow;
            expr.end = scale.end;
            expr.last += 2;
            return;
        }
        if expr.currency.is_none()
            && let Some(code) = next
                .word
                .strip_prefix('M')
                .filter(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()))
                .and_then(|c| units::currency_code_word(&c.to_lowercase()))
        {
            // "30 MUSD": millions of a currency, as finance writes it.
            expr.currency = Some((code, next.word.to_owned()));
            expr.value = expr.value.map(|v| v.scaled(6));
            expr.scaled = true;
            expr.scale_pow = 6;
            expr.end = next.end;
            expr.last += 1;
            return;
        }
        if matches!(lower.as_ref(), "percent" | "pct") {
            expr.percent = Some(next.word.to_owned());
            expr.end = next.end;
            expr.last += 1;
        } else if lower == "per"
            && !next.ends_phrase()
            && let Some(cent) = tokens.get(expr.last + 2).filter(|t| t.lower() == "cent")
        {
            expr.percent = Some(format!("{} {}", next.word, cent.word));
            expr.end = cent.end;
            expr.last += 2;
        }
        return;
    }
}

/// Whether the currency symbol at token `k` opens the number after it, which names its currency
/// again in a word ("1 $ 10 dollars bill": the symbol is the ten's).
fn symbol_of_next(tokens: &[Token<'_>], k: usize) -> bool {
    let (Some(symbol), Some(number), Some(word)) =
        (tokens.get(k), tokens.get(k + 1), tokens.get(k + 2))
    else {
        return false;
    };
    symbol.trail.is_empty()
        && number.lead.is_empty()
        && number.word.starts_with(|c: char| c.is_ascii_digit())
        && units::known_unit(&word.lower())
            .is_some_and(|u| u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase()))
}

/// "20 to 30", "between 20 and 30", "10 - 15".
fn range(tokens: &[Token<'_>], expr: &mut Expr) {
    let Some(low) = expr.value else { return };
    // "6- to 12-metre": a hyphen left hanging on the first end, whose unit comes with the second.
    let hanging = tokens.get(expr.last).is_some_and(|t| t.trail == "-")
        && tokens
            .get(expr.last + 1)
            .is_some_and(|t| matches!(t.lower().as_ref(), "to" | "through"));
    if (expr.extra_boundary(tokens) && !hanging)
        || expr.percent.is_some() && expr.percent.as_deref() != Some("%")
    {
        return;
    }
    // "°C" as its own word: the degree sign leads it.
    let degree_token = |t: &Token<'_>| {
        matches!(t.lead, "°" | "º") && units::temperature_scale(&t.lower()).is_some()
    };
    // Units may follow the first end too: "from 10 dollars to 20 dollars", "30 degrees celsius",
    // "-5 °C to -12 °C".
    let mut j = expr.last + 1;
    let mut units: Vec<Cow<'_, str>> = Vec::new();
    if expr.glued.is_none() && expr.currency.is_none() && !hanging {
        while units.len() < 2
            && let Some(t) = tokens
                .get(j)
                .filter(|t| units::range_unit_word(&t.lower()) || degree_token(t))
        {
            if t.starts_phrase() && !degree_token(t) {
                return;
            }
            units.push(t.lower());
            j += 1;
            if t.ends_phrase() {
                return;
            }
        }
    }
    let Some(joiner) = tokens.get(j) else {
        return;
    };
    let lower = joiner.lower();
    // "2 -7": the dash sits on the second number.
    let dash_on_second = matches!(joiner.lead, "-" | "–")
        && joiner.word.starts_with(|c: char| c.is_ascii_digit())
        && units.is_empty();
    let between = expr
        .first
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|t| t.lower() == "between");
    let dash = joiner.word.is_empty() && matches!(joiner.lead, "-" | "–" | "—");
    // "more than 10 and less than 40", "at most 100 and at least 20": two opposite bounds.
    let bounds = (lower == "and" && !between && !joiner.ends_phrase() && units.is_empty())
        .then(|| opposite_bound(tokens, expr.first, j + 1))
        .flatten();
    if !(matches!(lower.as_ref(), "to" | "through" | "thru")
        || (lower == "and" && between)
        || bounds.is_some()
        || dash
        || dash_on_second)
        || (joiner.ends_phrase() && !dash_on_second)
    {
        return;
    }
    let mut k = match bounds {
        Some((after, _)) => after,
        None if dash_on_second => j,
        None => j + 1,
    };
    if tokens.get(k).is_some_and(|t| {
        HEDGES
            .iter()
            .any(|(h, b)| *b == Bound::Approximate && !h.contains(' ') && *h == t.lower())
    }) {
        k += 1;
    }
    let Some(mut second) = expression(tokens, k, false) else {
        return;
    };
    if dash_on_second {
        second.value = second.value.map(|v| Dec {
            mant: v.mant.abs(),
            exp: v.exp,
        });
    }
    if !units.is_empty() {
        // The same unit must follow the second end.
        let after: Vec<Cow<'_, str>> = (1..=units.len())
            .filter_map(|n| tokens.get(second.last + n).map(Token::lower))
            .collect();
        if after != units {
            return;
        }
    }
    // "fell by 12% to 3,200" is two numbers, not a range: the two ends must measure alike.
    if (expr.percent.is_some() && second.percent.is_none())
        || (expr.currency.is_some()
            && second.currency.is_some()
            && expr.currency != second.currency)
    {
        return;
    }
    let Some(high) = second.value else { return };
    if second.vague.is_some()
        || second.compound.is_some() && second.currency.is_none() && expr.compound.is_some()
    {
        return;
    }
    let mut low = low;
    if second.scaled && !expr.scaled && second.currency.is_none() == expr.currency.is_none() {
        // "between 2 and 3 million": the scale belongs to both.
        low = low.scaled(second.scale_pow);
    }
    if second.percent.is_some() && expr.percent.is_none() {
        expr.percent.clone_from(&second.percent);
    }
    // "at most 100 and at least 20": the upper bound came first.
    let (low, high) = match bounds {
        Some((_, true)) => (high, low),
        _ => (low, high),
    };
    // "-5 °C to -12 °C": below zero, a range may be said from the warmer end.
    let (low, high) = match (low.value(), high.value()) {
        (Some(l), Some(h)) if l < 0.0 && h < l => (high, low),
        _ => (low, high),
    };
    if let (Some(l), Some(h)) = (low.value(), high.value()) {
        if l >= h {
            return;
        }
    } else {
        return;
    }
    if expr.currency.is_none() {
        expr.currency.clone_from(&second.currency);
    }
    expr.range = Some((low, high));
    expr.value = None;
    expr.end = second.end;
    expr.last = second.last;
    expr.compound.clone_from(&second.compound);
    expr.glued = expr.glued.take().or(second.glued);
}

/// A unit, its text as written and the end of what it covers.
type UnitRead = (Option<String>, Option<String>, usize);

/// Words near a number of pounds that make them a weight.
#[rustfmt::skip]
const WEIGHT_WORDS: &[&str] = &[
    "weigh", "weighs", "weighed", "weighing", "weight", "weights", "heavy", "heavier", "lighter",
    "ton", "tons", "tonne", "tonnes", "kilogram", "kilograms", "kg", "ounces", "lbs", "baby",
];

/// What the words after a unit say of it: "degrees Celsius", "° F" name the temperature scale;
/// "pounds of meat", or pounds beside a weight word ("weighs 25 pounds"), are pounds by weight,
/// not sterling. `unit_last` is the token the unit ends at (or the number's last token when no
/// unit was read).
fn refine_unit(
    text: &str,
    tokens: &[Token<'_>],
    expr: &Expr,
    (unit, unit_text, unit_end): UnitRead,
    unit_last: Option<usize>,
) -> UnitRead {
    let Some(last) = unit_last else {
        return (unit, unit_text, unit_end);
    };
    let after = tokens.get(last + 1);
    let unit_start = unit_text
        .as_ref()
        .map_or(unit_end, |t| unit_end.saturating_sub(t.len()));
    let degree = unit.as_deref() == Some("degree");
    let ends = tokens
        .get(last)
        .is_some_and(|t| t.ends_phrase() && !(degree && t.trail == "." && t.lower() == "deg"));
    // "-5 °C": the degree sign and the scale's letter, a space after the number.
    if unit.is_none()
        && !ends
        && let Some(t) = after.filter(|t| matches!(t.lead, "°" | "º"))
        && let Some(scale) = units::temperature_scale(&t.lower())
    {
        let start = t.start - t.lead.len();
        return (
            Some(scale.to_owned()),
            text.get(start..t.end).map(str::to_owned),
            t.end,
        );
    }
    // "70 ° Fahrenheit": the degree sign alone between the number and the scale.
    if unit.is_none()
        && !ends
        && let Some(sign) = after.filter(|t| t.word.is_empty() && matches!(t.lead, "°" | "º"))
    {
        let scale = tokens
            .get(last + 2)
            .filter(|t| t.lead.is_empty() && !sign.ends_phrase())
            .and_then(|t| Some((units::temperature_scale(&t.lower())?, t.end)));
        let (unit, end) = scale.unwrap_or(("degree", sign.start));
        let start = sign.start - sign.lead.len();
        return (
            Some(unit.to_owned()),
            text.get(start..end).map(str::to_owned),
            end,
        );
    }
    if degree
        && !ends
        && let Some(t) = after.filter(|t| t.lead.is_empty())
        && let Some(scale) = units::temperature_scale(&t.lower())
    {
        return (
            Some(scale.to_owned()),
            text.get(unit_start..t.end).map(str::to_owned),
            t.end,
        );
    }
    let pounds = unit.as_deref() == Some("GBP")
        && unit_text
            .as_deref()
            .is_some_and(|w| w.eq_ignore_ascii_case("pound") || w.eq_ignore_ascii_case("pounds"));
    if pounds {
        let of = after.is_some_and(|t| t.lower() == "of") && !ends;
        let near = |k: usize| {
            tokens
                .get(k)
                .is_some_and(|t| WEIGHT_WORDS.contains(&t.lower().as_ref()))
        };
        let from = expr.first.saturating_sub(6);
        if of || (from..expr.first).any(near) || (last + 1..last + 7).any(near) {
            return (Some("lb".to_owned()), unit_text, unit_end);
        }
    }
    (unit, unit_text, unit_end)
}

/// After "and" at token `from`, a bound opposite to the one before the number at `first` ("more
/// than 10 and less than 40"): the token after it (past "or equal to"), and whether the first
/// bound is the upper one.
fn opposite_bound(tokens: &[Token<'_>], first: usize, from: usize) -> Option<(usize, bool)> {
    let (_, before) = hedge(tokens, first, false)?;
    let wanted = match before {
        Bound::Lower => Bound::Upper,
        Bound::Upper => Bound::Lower,
        _ => return None,
    };
    let words = |at: usize, phrase: &[&str]| {
        phrase.iter().enumerate().all(|(n, w)| {
            tokens
                .get(at + n)
                .is_some_and(|t| t.lower() == *w && !t.ends_phrase())
        })
    };
    let (phrase, _) = HEDGE_WORDS
        .iter()
        .find(|(phrase, bound)| *bound == wanted && words(from, phrase))?;
    let mut after = from + phrase.len();
    if words(after, &["or", "equal", "to"]) || words(after, &["or", "equal", "than"]) {
        after += 3;
    }
    Some((after, before == Bound::Upper))
}

/// Hedges before a number: words (lower case) and what they mean. Longest first.
const HEDGES: &[(&str, Bound)] = &[
    ("no fewer than", Bound::Lower),
    ("no less than", Bound::Lower),
    ("no more than", Bound::Upper),
    ("in excess of", Bound::Lower),
    ("as many as", Bound::Upper),
    ("as much as", Bound::Upper),
    ("upwards of", Bound::Lower),
    ("more than", Bound::Lower),
    ("at least", Bound::Lower),
    ("just over", Bound::Lower),
    ("well over", Bound::Lower),
    ("just under", Bound::Upper),
    ("up to", Bound::Upper),
    ("less than", Bound::Upper),
    ("fewer than", Bound::Upper),
    ("at most", Bound::Upper),
    ("greater than", Bound::Lower),
    ("larger than", Bound::Lower),
    ("higher than", Bound::Lower),
    ("smaller than", Bound::Upper),
    ("lower than", Bound::Upper),
    ("an estimated", Bound::Approximate),
    ("close to", Bound::Approximate),
    ("over", Bound::Lower),
    ("under", Bound::Upper),
    ("below", Bound::Upper),
    ("above", Bound::Lower),
    ("estimated", Bound::Approximate),
    ("about", Bound::Approximate),
    ("some", Bound::Approximate),
    ("around", Bound::Approximate),
    ("roughly", Bound::Approximate),
    ("nearly", Bound::Approximate),
    ("almost", Bound::Approximate),
    ("approximately", Bound::Approximate),
    ("between", Bound::Range),
    ("from", Bound::Range),
];

/// The hedge right before token `first`: its first token and its meaning.
fn hedge(tokens: &[Token<'_>], first: usize, is_range: bool) -> Option<(usize, Bound)> {
    let mut words: Vec<(usize, Cow<'_, str>)> = Vec::new();
    let mut k = first;
    while k > 0 && words.len() < 3 {
        k -= 1;
        let t = tokens.get(k)?;
        if t.ends_phrase()
            || (k + 1 < first && t.word.is_empty())
            || tokens.get(k + 1).is_some_and(Token::starts_phrase)
        {
            break;
        }
        words.insert(0, (k, t.lower()));
    }
    for (phrase, bound) in HEDGE_WORDS.iter() {
        if (*bound == Bound::Range) != is_range {
            continue;
        }
        let Some(tail) = words
            .len()
            .checked_sub(phrase.len())
            .and_then(|at| words.get(at..))
        else {
            continue;
        };
        if tail
            .iter()
            .map(|(_, w)| w.as_ref())
            .eq(phrase.iter().copied())
        {
            return tail.first().map(|&(k, _)| (k, *bound));
        }
    }
    None
}

/// Why a number is set aside: the words a person reads, and whether it says when (what a
/// revision may change without changing a value, see [`crate::extract::time_references`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Why {
    pub(crate) text: &'static str,
    pub(crate) says_when: bool,
}

impl Why {
    /// A reason that is not a time.
    pub(crate) const fn other(text: &'static str) -> Why {
        Why {
            text,
            says_when: false,
        }
    }

    const fn when(text: &'static str) -> Why {
        Why {
            text,
            says_when: true,
        }
    }
}

pub(crate) const CALENDAR_DATE: Why = Why::when("a calendar date");
pub(crate) const CLOCK_TIME: Why = Why::when("a clock time");
pub(crate) const YEAR: Why = Why::when("a year");
pub(crate) const DECADE: Why = Why::when("a decade");

/// Whether `word` names a month as a date writes it ("March", "Sept", "Sept.").
pub(crate) fn is_month(word: &str) -> bool {
    MONTHS.contains(&word.trim_end_matches('.'))
}

/// Whether `word` is a month's abbreviation ("Sept"), whose full stop is its own.
pub(crate) fn is_abbreviated_month(word: &str) -> bool {
    // The first twelve are the names in full.
    MONTHS.contains(&word) && !MONTHS[..12].contains(&word)
}

/// The words of each of [`HEDGES`], split once: every number looks for a hedge before it.
static HEDGE_WORDS: LazyLock<Vec<(Vec<&str>, Bound)>> = LazyLock::new(|| {
    HEDGES
        .iter()
        .map(|&(phrase, bound)| (phrase.split(' ').collect(), bound))
        .collect()
});

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec",
];
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "a.m", "am", "p.m", "pm", "gmt", "utc", "bst", "est", "edt", "cet", "cest", "pst", "pdt",
    "o'clock", "o’clock",
];
#[rustfmt::skip]
pub(super) const YEAR_BEFORE: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "of", "the", "before", "after", "during", "early",
    "late", "mid", "between", "and", "to", "through", "year", "spring", "summer", "autumn", "fall",
    "winter", "around", "circa",
];
#[rustfmt::skip]
const IDENTIFIER_BEFORE: &[&str] = &[
    "no", "nos", "number", "resolution", "article", "section", "chapter", "flight", "route",
    "highway", "room", "page", "pages", "vol", "volume", "episode", "season", "level", "phase",
    "grade", "category", "class", "paragraph", "rule", "amendment", "gate", "terminal", "platform",
    "channel", "version", "model", "type", "series", "apollo", "windows", "ios", "android", "covid",
    "g", "line", "act", "bill", "clause", "code", "item", "unit", "building", "street", "road",
    "district", "ward", "zone", "sector", "precinct", "door", "lane", "tel", "phone", "fax",
];
/// Reference words that mark a number as an identifier even in lower case ("section 322").
#[rustfmt::skip]
const REFERENCE_WORDS: &[&str] = &[
    "section", "article", "chapter", "paragraph", "clause", "page", "pages", "rule", "amendment",
    "item", "room", "flight", "route", "highway", "platform", "gate", "terminal", "exit", "no",
    "nos",
];
#[rustfmt::skip]
const STREET_WORDS: &[&str] = &[
    "street", "st", "road", "rd", "avenue", "ave", "lane", "boulevard", "blvd", "drive", "way",
    "place", "square", "terrace", "crescent", "court",
];
#[rustfmt::skip]
const ONE_BEFORE: &[&str] = &[
    "the", "no", "any", "every", "each", "which", "this", "that", "only", "last", "another", "such",
    "no-one", "anyone", "someone", "everyone", "middle", "other", "little", "big", "new", "old",
    "right", "wrong", "next", "same", "best", "worst", "latest", "real", "younger", "older",
    "eldest", "youngest", "first",
];
/// Denominators a fraction written with a slash has ("3/4", "7/16", "3/15"); any other small one
/// after a month-like numerator may be a day's name ("9/11").
const FRACTION_DENOMINATORS: &[i128] = &[2, 3, 4, 5, 6, 8, 10, 12, 15, 16, 20, 25, 32, 64, 100];
/// Words before a date's name written with a slash ("after 9/11", "the 9/11 attacks").
#[rustfmt::skip]
const DATE_NAME_BEFORE: &[&str] = &[
    "the", "after", "since", "before", "until", "post", "pre", "on", "of", "like", "a",
];
/// Races and events that a glued "m" names in metres ("100m hurdles"), not millions.
#[rustfmt::skip]
const METRE_EVENTS: &[&str] = &[
    "hurdles", "relays", "sprints", "races", "heats", "finals", "lengths", "laps", "dashes",
    "titles", "medals", "swims", "runs",
];

/// `expr` read again when its glued "m" stands for millions: before a counted plural ("70m
/// accounts", "2.5m people"), which no length measures.
fn millions_not_metres(tokens: &[Token<'_>], expr: &Expr) -> Option<Expr> {
    if expr.glued.as_deref() != Some("m") || expr.den.is_some() || expr.extra_boundary(tokens) {
        return None;
    }
    let next = tokens.get(expr.last + 1)?;
    let lower = next.lower();
    let counted = next.lead.is_empty()
        && !next.starts_phrase()
        && next.word.chars().all(char::is_alphabetic)
        && units::is_plural(&lower)
        && units::known_unit(&lower).is_none()
        && !METRE_EVENTS.contains(&lower.as_ref())
        && !units::STOP_UNIT.contains(&lower.as_ref());
    if !counted {
        return None;
    }
    let mut read = expr.clone();
    read.glued = None;
    read.value = expr.value.map(|v| v.scaled(6));
    read.range = expr
        .range
        .map(|(low, high)| (low.scaled(6), high.scaled(6)));
    read.scaled = true;
    read.scale_pow = 6;
    Some(read)
}
#[rustfmt::skip]
const ONE_AFTER: &[&str] = &[
    "cannot", "can't", "should", "would", "will", "may", "does", "doesn't", "needs", "ought",
    "of", "another", "by", "day", "way", "time", "hand", "point", "thing", "who", "that", "which",
    "side", "more", "less", "after", "or", "such", "else", "in", "could", "can", "might", "must",
];

/// The numeric claims of the non-chrome sentences of `doc`, in order. `sentence_tokens` are the
/// words of each sentence when the caller has them already (as [`SentenceTokens`] holds
/// them); without them, only the sentences that may hold a number are tokenized.
pub(crate) fn find(
    doc: &Document,
    sentence_tokens: Option<&SentenceTokens<'_>>,
) -> (Vec<Found>, Vec<SetAside>) {
    let text = doc.text();
    let mut out = Vec::new();
    let mut set_aside = Vec::new();
    // The words of one sentence at a time, when the caller has not tokenized them.
    let mut own_tokens = Vec::new();
    // The claims of one sentence at a time, for [`push_claim`].
    let mut sentence_claims = Vec::new();
    for (index, sentence) in doc.sentences().iter().enumerate() {
        if doc.in_chrome(sentence) {
            continue;
        }
        let tokens = match sentence_tokens {
            Some(shared) => {
                let tokens = shared.of(index);
                if !may_hold_number(tokens.iter().map(|t| (t.word, t.classes))) {
                    continue;
                }
                tokens
            }
            None => {
                if !may_hold_number(plain_words(sentence.span.slice(text))) {
                    continue;
                }
                own_tokens.clear();
                tokens::tokenize_into(
                    &mut own_tokens,
                    text,
                    sentence.span.start_byte,
                    sentence.span.end_byte,
                    &[],
                );
                own_tokens.as_slice()
            }
        };
        // Built only for sentences that hold a claim: most hold none.
        let sentence_text = std::cell::OnceCell::new();
        // The same number said twice in one sentence is two claims: the repeat gets "|2".
        sentence_claims.clear();
        let mut i = 0;
        while i < tokens.len() {
            if let Some(items) = comma_list(tokens, i) {
                // "22,24,26,31": one claim per item.
                for expr in items {
                    add_claim(
                        text,
                        tokens,
                        &expr,
                        index,
                        || {
                            sentence_text
                                .get_or_init(|| collapse_whitespace(sentence.span.slice(text)))
                        },
                        (&mut out, &mut sentence_claims),
                        &mut set_aside,
                    );
                }
                i += 1;
                continue;
            }
            match expression(tokens, i, true) {
                Some(mut expr) => {
                    compose::sign_word(tokens, &mut expr);
                    compose::currency_before(tokens, &mut expr);
                    i = expr.last + 1;
                    add_claim(
                        text,
                        tokens,
                        &expr,
                        index,
                        || {
                            sentence_text
                                .get_or_init(|| collapse_whitespace(sentence.span.slice(text)))
                        },
                        (&mut out, &mut sentence_claims),
                        &mut set_aside,
                    );
                }
                None => {
                    if let Some(t) = tokens.get(i)
                        && let Some(reason) = digits::not_a_number(t)
                    {
                        set_aside.push(SetAside {
                            start: t.start,
                            end: t.end,
                            reason,
                        });
                    }
                    i += 1;
                }
            }
        }
    }
    (out, set_aside)
}

/// The claim `expr` makes, if it makes one, added to the claims found so far and to those of its
/// sentence (as [`push_claim`] keeps them); past the sentence's [`MAX_CLAIMS_PER_SENTENCE`]th
/// it is set aside instead. Every claim holds its sentence, so a sentence made of numbers ("1 2
/// 3 …") would otherwise cost the square of its length; the sentence is not even read for those
/// set aside.
fn add_claim<'s>(
    text: &str,
    tokens: &[Token<'_>],
    expr: &Expr,
    sentence: usize,
    sentence_text: impl FnOnce() -> &'s str,
    (out, sentence_claims): (&mut Vec<Found>, &mut Vec<(usize, usize)>),
    set_aside: &mut Vec<SetAside>,
) {
    let room = sentence_claims.len() < MAX_CLAIMS_PER_SENTENCE;
    let context = if room { sentence_text() } else { "" };
    let Some(found) = claim(text, tokens, expr, sentence, context, set_aside) else {
        return;
    };
    if room {
        push_claim(out, sentence_claims, context.len(), found);
    } else {
        set_aside.push(SetAside {
            start: found.start,
            end: found.end,
            reason: CROWDED,
        });
    }
}

/// Reads the context of `expr` and makes it a claim, unless it is a date, year, time, ordinal,
/// identifier or the pronoun "one".
fn claim(
    text: &str,
    tokens: &[Token<'_>],
    expr: &Expr,
    sentence: usize,
    sentence_text: &str,
    set_aside: &mut Vec<SetAside>,
) -> Option<Found> {
    // "70m accounts": a glued "m" before a counted plural is millions, not metres.
    let millions;
    let expr = match millions_not_metres(tokens, expr) {
        Some(read) => {
            millions = read;
            &millions
        }
        None => expr,
    };
    let mut reject = |reason: Why| {
        set_aside.push(SetAside {
            start: expr.start,
            end: expr.end,
            reason,
        });
        None
    };
    let first = tokens.get(expr.first)?;
    let prev = expr.first.checked_sub(1).and_then(|p| tokens.get(p));
    let next = tokens.get(expr.last + 1);
    let prev_lower = prev.map(Token::lower).unwrap_or_default();
    let next_lower = next.map(Token::lower).unwrap_or_default();
    let plain = expr.currency.is_none() && expr.percent.is_none() && !expr.scaled;
    let small_int = expr.value.is_some_and(|v| v.exp >= 0 && v.mant <= 31)
        || expr.range.is_some_and(|(_, h)| h.exp >= 0 && h.mant <= 31);
    // "7 July, 49 people": after a month and a comma comes a new clause, and only a year-like
    // number there is still part of the date.
    let after_month_clause = prev.is_some_and(|p| p.trail.contains(','))
        && !expr
            .value
            .is_some_and(|v| v.exp >= 0 && (1000..=2999).contains(&v.mant));
    if plain
        && ((prev.is_some_and(|p| MONTHS.contains(&p.word)) && !after_month_clause)
            || (small_int && next.is_some_and(|n| MONTHS.contains(&n.word))))
    {
        return reject(CALENDAR_DATE);
    }
    if plain && TIME_WORDS.contains(&next_lower.as_ref()) && !expr.extra_boundary(tokens) {
        return reject(CLOCK_TIME);
    }
    if prev.is_some_and(|p| {
        IDENTIFIER_BEFORE.contains(&prev_lower.as_ref())
            && matches!(p.trail, "" | ".")
            && (p.capitalized() || REFERENCE_WORDS.contains(&prev_lower.as_ref()))
    }) || first.lead.contains('#')
    {
        return reject(Why::other(
            "a reference number (section, page, flight, No.)",
        ));
    }
    // "after 9/11", "the 9/11 attacks": a date with a slash is the name of a day, not a
    // fraction, unless a fraction's denominator or "of" makes it one ("3/4 of the vote").
    if expr
        .den
        .is_some_and(|den| !FRACTION_DENOMINATORS.contains(&den))
        && first.word.contains('/')
        && expr
            .value
            .is_some_and(|v| v.exp == 0 && (1..=12).contains(&v.mant))
        && expr.den.is_some_and(|den| den <= 31)
        && next_lower != "of"
        && (DATE_NAME_BEFORE.contains(&prev_lower.as_ref()) || next.is_some_and(Token::capitalized))
    {
        return reject(Why::other("the name of a day written with a slash (9/11)"));
    }
    // "Ninety Mile Beach", "the Three Gorges Dam": a capitalized spelled number inside a
    // capitalized name, after a word in lower case (so not a headline in title case).
    if expr.from_words
        && first.capitalized()
        && prev.is_some_and(|p| p.word.starts_with(|c: char| c.is_lowercase()) && !p.ends_phrase())
        && next.is_some_and(|n| n.capitalized() && !n.starts_phrase() && n.lead.is_empty())
        && !expr.extra_boundary(tokens)
    {
        return reject(Why::other("part of a name (\"Ninety Mile Beach\")"));
    }
    let integer = plain && expr.den.is_none() && expr.value.is_some_and(|v| v.exp == 0);
    if integer
        && expr.value.is_some_and(|v| (0..100).contains(&v.mant))
        && expr.first == 0
        && expr.first == expr.last
        && expr.end - expr.start == first.word.len()
        && (first.trail.starts_with(['.', ')']) && !first.trail.starts_with("..."))
        && tokens.get(1).is_none_or(Token::capitalized)
    {
        return reject(Why::other("a list marker"));
    }
    if integer
        && !expr.extra_boundary(tokens)
        && (1..=3).any(|n| {
            tokens.get(expr.last + n).is_some_and(|t| {
                STREET_WORDS.contains(&t.lower().as_ref())
                    && t.capitalized()
                    && (expr.last + 1..expr.last + n).all(|k| {
                        tokens
                            .get(k)
                            .is_some_and(|w| w.capitalized() && !w.ends_phrase())
                    })
            })
        })
    {
        return reject(Why::other("a street number"));
    }
    let count = if expr.den.is_some() {
        Count::Part
    } else if expr.value.is_some_and(|v| v == Dec::int(1)) {
        Count::One
    } else {
        Count::Many
    };
    let noun_from = expr.last + 1;
    let noun = if expr.compound.is_some() || expr.glued.is_some() || expr.extra_boundary(tokens) {
        None
    } else {
        counted_noun(tokens, noun_from, count)
    };
    // "one" next to other numbers ("one, two, three") is a number, not the pronoun.
    let among_numbers = [prev, next]
        .into_iter()
        .flatten()
        .any(|t| could_start(t) && !matches!(t.lower().as_ref(), "a" | "an"));
    if expr.bare_one
        && !among_numbers
        && (noun.is_none()
            || ONE_BEFORE.contains(&prev_lower.as_ref())
            || ONE_AFTER.contains(&next_lower.as_ref()))
    {
        return reject(Why::other("the pronoun \"one\""));
    }
    // "Voyager 2", "Boeing 737": a bare number right after a name, counting nothing.
    if integer
        && noun.is_none()
        && expr.first >= 2
        && prev.is_some_and(|p| {
            p.word.chars().any(char::is_uppercase)
                && p.trail.is_empty()
                && !p.word.chars().all(|c| c.is_uppercase())
                && !MONTHS.contains(&p.word)
                && !HEDGES.iter().any(|(h, _)| h.ends_with(prev_lower.as_ref()))
        })
        && next.is_none_or(|n| !n.capitalized() || expr.extra_boundary(tokens))
    {
        return reject(Why::other("part of a name (\"Voyager 2\", \"Boeing 737\")"));
    }
    // Years before 1800 read like counts more often ("above 1000", "1500 to 2000"): one is a
    // year only after a word that introduces years ("the treaty of 1789", "in 1066") and when
    // not round, as the counts are.
    let is_year = expr.four_digits
        && plain
        && expr
            .value
            .or(expr.range.map(|(low, _)| low))
            .is_some_and(|v| {
                v.exp == 0
                    && ((1800..=2100).contains(&v.mant)
                        || ((1000..1800).contains(&v.mant)
                            && v.mant % 100 != 0
                            && YEAR_BEFORE.contains(&prev_lower.as_ref())))
            });
    if is_year && (noun.is_none() || YEAR_BEFORE.contains(&prev_lower.as_ref())) {
        return reject(YEAR);
    }

    let (unit, unit_text, unit_end) = if let Some((code, symbol)) = &expr.currency {
        let unit = match &expr.per {
            Some(per) => format!("{code}/{per}"),
            None => (*code).to_owned(),
        };
        (Some(unit), Some(symbol.clone()), expr.end)
    } else if let Some(percent) = &expr.percent {
        (Some("percent".to_owned()), Some(percent.clone()), expr.end)
    } else if let Some(glued) = &expr.glued {
        (
            Some(
                glued_unit(glued)
                    .or_else(|| (glued == "B").then_some("B"))
                    .map(str::to_owned)
                    .or_else(|| units::rate_unit(glued))
                    .unwrap_or_else(|| glued.to_lowercase()),
            ),
            Some(glued.clone()),
            expr.end,
        )
    } else if let Some(compound) = &expr.compound {
        let head = compound.split('-').next().unwrap_or("").to_lowercase();
        let end = expr.end + 1 + compound.len();
        if matches!(
            head.as_str(),
            "strong" | "odd" | "plus" | "fold" | "way" | "thirds" | "member"
        ) {
            (None, None, expr.end)
        } else {
            (Some(normalize_unit(&head)), Some(compound.clone()), end)
        }
    } else if let Some((s, e)) = noun {
        let (ts, te) = (tokens.get(s)?, tokens.get(e)?);
        let written = text.get(ts.start..te.end)?.to_owned();
        // The whole noun when it names a unit ("percentage points", "sq km"), else its head.
        let unit = units::known_unit(&written.to_lowercase())
            .map(str::to_owned)
            .or_else(|| units::rate_unit(&written))
            .unwrap_or_else(|| normalize_unit(&te.lower()));
        (Some(unit), Some(written), te.end)
    } else {
        (None, None, expr.end)
    };
    // The token the unit ends at, when a word after it may refine it.
    let unit_last = match noun {
        _ if expr.currency.is_some() || expr.percent.is_some() => None,
        _ if expr.glued.is_some() => Some(expr.last),
        Some((_, e)) => Some(e),
        None => (expr.compound.is_none() && !expr.extra_boundary(tokens)).then_some(expr.last),
    };
    let (unit, unit_text, unit_end) =
        refine_unit(text, tokens, expr, (unit, unit_text, unit_end), unit_last);

    let (hedge_start, bound, qualifier) = match hedge(tokens, expr.first, expr.range.is_some()) {
        Some((k, bound)) => {
            let h = tokens.get(k)?;
            let written =
                collapse_whitespace(&text.get(h.start..first.start)?.to_lowercase()).into_owned();
            (h.start, bound, Some(written))
        }
        None => (expr.start, Bound::Exact, None),
    };
    let mut quantity = Quantity {
        unit: unit.clone(),
        unit_text,
        qualifier: qualifier.clone(),
        ..Quantity::default()
    };
    let key = if let Some((low, high, words)) = &expr.vague {
        quantity.low = Some(*low);
        quantity.high = Some(*high);
        quantity.bound = Some(Bound::Vague);
        quantity.qualifier = None;
        words.clone()
    } else if let Some((first, second)) = expr.tally {
        quantity.low = first.value();
        quantity.high = second.value();
        quantity.bound = Some(Bound::Tally);
        quantity.qualifier = None;
        // The same form as a range's: an ascending tally once read as a range keeps its id.
        format!("{}-{}", first.text()?, second.text()?)
    } else if let Some((low, high)) = expr.range {
        quantity.low = low.value();
        quantity.high = high.value();
        quantity.bound = Some(Bound::Range);
        format!("{}-{}", low.text()?, high.text()?)
    } else {
        let value = expr.value?;
        quantity.value = expr.number();
        quantity.bound = Some(if bound == Bound::Range {
            Bound::Exact
        } else {
            bound
        });
        if bound == Bound::Range {
            quantity.qualifier = None;
        }
        match expr.den {
            Some(den) => format!("{}/{den}", value.text()?),
            None => value.text()?,
        }
    };
    let phrase_start = if expr.vague.is_some() {
        expr.start
    } else {
        hedge_start.min(expr.start)
    };
    quantity.phrase = text.get(phrase_start..unit_end.max(expr.end))?.to_owned();
    let canonical = canonical_number(
        &key,
        unit.as_deref(),
        quantity.qualifier.as_deref(),
        sentence_text,
    );
    Some(Found {
        start: expr.start,
        end: expr.end,
        sentence,
        quantity,
        canonical,
    })
}

#[cfg(test)]
mod tests;
