//! Numbers that span several tokens and are put together after the first token is read:
//! digit groups ("1 234 567"), mixed fractions ("2 1/4"), ratios ("one in five", "2 out of 3"),
//! money in two units ("$20 and 43 cents", "3 pounds 50 pence") and a sign word ("minus 5").

use super::units::known_unit;
use super::{Dec, Expr, expression, numeric_prefix};
use crate::extract::tokens::Token;

/// Whether `next` follows `prev` after one short run of spaces (a space, a no-break space or a
/// narrow no-break space), with no punctuation between.
fn adjacent(prev: &Token<'_>, next: &Token<'_>) -> bool {
    prev.trail.is_empty() && next.lead.is_empty() && (1..=3).contains(&(next.start - prev.end))
}

/// Whether `expr` is one plain integer, read from a single token.
fn plain_integer(expr: &Expr) -> bool {
    expr.first == expr.last
        && expr.den.is_none()
        && expr.range.is_none()
        && expr.percent.is_none()
        && expr.glued.is_none()
        && expr.compound.is_none()
        && !expr.scaled
        && expr.value.is_some_and(|v| v.exp == 0)
}

/// "1 234 567", "40 000": groups of three digits after one to three digits.
pub(super) fn digit_groups(tokens: &[Token<'_>], expr: &mut Expr) {
    let Some(first) = tokens.get(expr.first) else {
        return;
    };
    if !plain_integer(expr)
        || !(1..=3).contains(&first.word.len())
        || expr.value.is_some_and(|v| v.mant < 0)
    {
        return;
    }
    let Some(mut value) = expr.value else { return };
    let mut k = expr.first;
    while let (Some(prev), Some(next)) = (tokens.get(k), tokens.get(k + 1)) {
        let group = next.word.get(..3).unwrap_or("");
        let rest = next.word.get(3..).unwrap_or("x");
        let decimals = rest
            .strip_prefix('.')
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        if !adjacent(prev, next)
            || !group.bytes().all(|b| b.is_ascii_digit())
            || !(rest.is_empty() || decimals.is_some())
        {
            break;
        }
        let Some((part, _)) = numeric_prefix(next.word) else {
            break;
        };
        let Some(mant) = value
            .mant
            .checked_mul(1000)
            .and_then(|m| Dec::int(m).add(part))
        else {
            break;
        };
        value = mant;
        k += 1;
        if decimals.is_some() {
            break;
        }
    }
    if k > expr.first {
        let Some(last) = tokens.get(k) else { return };
        expr.value = Some(value);
        expr.last = k;
        expr.end = last.end;
        expr.four_digits = false;
    }
}

/// "2 1/4", "10 ½": a whole number and a fraction.
pub(super) fn mixed_fraction(tokens: &[Token<'_>], expr: &mut Expr) {
    let (Some(first), Some(next)) = (tokens.get(expr.last), tokens.get(expr.last + 1)) else {
        return;
    };
    if !plain_integer(expr) || !adjacent(first, next) {
        return;
    }
    let Some(fraction) = super::digits::numeric(next, expr.last + 1) else {
        return;
    };
    let (Some(den), Some(part), Some(whole)) = (fraction.den, fraction.value, expr.value) else {
        return;
    };
    if fraction.end != next.end || part.mant < 0 || fraction.currency.is_some() {
        return;
    }
    let Some(num) = whole
        .mant
        .checked_mul(den)
        .and_then(|w| w.checked_add(part.mant))
    else {
        return;
    };
    expr.value = Some(Dec::int(num));
    expr.den = Some(den);
    expr.last += 1;
    expr.end = next.end;
    expr.four_digits = false;
}

/// Whether the word before a four-digit number makes it a year ("in 2000", "since 1990").
fn year_context(tokens: &[Token<'_>], expr: &Expr) -> bool {
    expr.first
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|t| super::YEAR_BEFORE.contains(&t.lower().as_ref()))
}

/// "one in five", "2 out of 3", "1 over 20": a ratio, valued as the fraction it states.
pub(super) fn ratio(tokens: &[Token<'_>], expr: &mut Expr) {
    if expr.den.is_some()
        || expr.range.is_some()
        || expr.percent.is_some()
        || expr.currency.is_some()
        || expr.glued.is_some()
        || (expr.four_digits && year_context(tokens, expr))
        || expr.extra_boundary(tokens)
    {
        return;
    }
    let Some(numerator) = expr.value.filter(|v| v.exp == 0 && v.mant > 0) else {
        return;
    };
    let Some(joiner) = tokens.get(expr.last + 1).filter(|t| !t.ends_phrase()) else {
        return;
    };
    let mut k = expr.last + 2;
    let word = joiner.lower();
    match word.as_ref() {
        "in" | "over" => {}
        "out"
            if tokens
                .get(k)
                .is_some_and(|t| t.lower() == "of" && !t.ends_phrase()) =>
        {
            k += 1
        }
        _ => return,
    }
    let Some(second) = expression(tokens, k, false) else {
        return;
    };
    let Some(den) = second.value.filter(|v| v.exp >= 0 && second.den.is_none()) else {
        return;
    };
    let Some(den) = 10i128
        .checked_pow(den.exp.unsigned_abs())
        .and_then(|f| den.mant.checked_mul(f))
    else {
        return;
    };
    let is_year = second.four_digits;
    if den < numerator.mant
        || den < 2
        || is_year
        || second.percent.is_some()
        || second.currency.is_some()
        || second.compound.is_some()
    {
        return;
    }
    // "won 40 over 30 years": after "over" the second number must stand alone.
    if word == "over"
        && tokens.get(second.last + 1).is_some_and(|t| {
            !second.extra_boundary(tokens) && t.word.chars().all(char::is_alphabetic)
        })
    {
        return;
    }
    expr.den = Some(den);
    expr.last = second.last;
    expr.end = second.end;
    expr.scaled = false;
    expr.bare_one = false;
}

/// The words for a hundredth of a currency.
const CENTS: &[&str] = &[
    "c", "cent", "cents", "pence", "p", "sen", "sens", "kopiykas", "kopecks",
];

/// "$20 and 43 cents", "20 dollars 43 cents", "thirteen dollars and forty-five cents".
pub(super) fn cents(tokens: &[Token<'_>], expr: &mut Expr) {
    let Some(value) = expr
        .value
        .filter(|_| expr.den.is_none() && expr.range.is_none())
    else {
        return;
    };
    if expr.percent.is_some() || expr.glued.is_some() || expr.extra_boundary(tokens) {
        return;
    }
    let mut k = expr.last + 1;
    let mut currency = None;
    if expr.currency.is_none() {
        let Some(t) = tokens.get(k) else { return };
        let lower = t.lower();
        let Some(code) = known_unit(&lower)
            .filter(|u| u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase()))
        else {
            return;
        };
        if t.ends_phrase() {
            return;
        }
        currency = Some((code, t.word.to_owned()));
        k += 1;
    }
    if tokens
        .get(k)
        .is_some_and(|t| t.lower() == "and" && !t.ends_phrase())
    {
        k += 1;
    }
    let Some(t) = tokens.get(k) else { return };
    // "43c" in one token, a number and a cents word, or a bare number closing the phrase.
    let (part, end, last) = match t.word.strip_suffix('c').and_then(numeric_prefix) {
        Some((n, used)) if used + 1 == t.word.len() && t.lead.is_empty() => (n, t.end, k),
        _ => {
            let Some(n) = expression(tokens, k, false) else {
                return;
            };
            let Some(v) = n.value.filter(|_| n.den.is_none() && n.currency.is_none()) else {
                return;
            };
            let word = tokens.get(n.last + 1);
            match word {
                Some(w) if !n.extra_boundary(tokens) && CENTS.contains(&w.lower().as_ref()) => {
                    (v, w.end, n.last + 1)
                }
                _ if n.extra_boundary(tokens) || word.is_none() => {
                    let Some(ends) = tokens.get(n.last) else {
                        return;
                    };
                    // A bare number only where the phrase ends ("15 dollars 50."): "$20 and 43
                    // were hurt" is two numbers.
                    if !(ends.trail.starts_with(['.', ',', ';', '!', '?']) || word.is_none())
                        || n.percent.is_some()
                        || n.glued.is_some()
                    {
                        return;
                    }
                    (v, n.end, n.last)
                }
                _ => return,
            }
        }
    };
    if part.exp != 0 || !(0..100).contains(&part.mant) {
        return;
    }
    let Some(total) = value.scaled(2).add(part) else {
        return;
    };
    expr.value = Some(total.scaled(-2));
    if let Some(c) = currency {
        expr.currency = Some(c);
    }
    expr.last = last;
    expr.end = end;
}

/// "minus 5", "negative one": the sign word belongs to the number.
pub(super) fn sign_word(tokens: &[Token<'_>], expr: &mut Expr) {
    let Some(prev) = expr.first.checked_sub(1).and_then(|p| tokens.get(p)) else {
        return;
    };
    // "fell to - 20 degrees": a minus sign set off by a space, as typed and tokenized text
    // writes it, after a word that leads to a value (a dash elsewhere is a dash).
    let spaced_minus = prev.word.is_empty()
        && matches!(prev.lead, "-" | "−")
        && prev.trail.is_empty()
        && tokens.get(expr.first).is_some_and(|t| t.lead.is_empty())
        && expr
            .first
            .checked_sub(2)
            .and_then(|b| tokens.get(b))
            .is_some_and(|b| {
                b.trail.is_empty()
                    && matches!(
                        b.lower().as_ref(),
                        "to" | "at" | "of" | "is" | "was" | "reached" | "hit" | "convert" | "from"
                    )
            });
    // "- 5", "- 2 degrees": at the start of a sentence that is the number alone (or the number
    // and its unit), a spaced dash is its sign; before more words it is a list's bullet.
    let alone = expr.first == 1
        && prev.word.is_empty()
        && matches!(prev.lead, "-" | "−")
        && prev.trail.is_empty()
        && tokens.get(expr.first).is_some_and(|t| t.lead.is_empty())
        && match tokens.get(expr.last + 1) {
            None => true,
            Some(unit) => {
                tokens.len() == expr.last + 2 && super::units::range_unit_word(&unit.lower())
            }
        };
    let spaced_minus = spaced_minus || alone;
    if !spaced_minus
        && (prev.ends_phrase() || !matches!(prev.lower().as_ref(), "minus" | "negative"))
    {
        return;
    }
    let prev_start = if spaced_minus {
        prev.start - prev.lead.len()
    } else {
        prev.start
    };
    let negate = |d: Dec| Dec {
        mant: -d.mant,
        exp: d.exp,
    };
    if let Some(v) = expr.value.filter(|v| v.mant > 0) {
        expr.value = Some(negate(v));
    } else {
        return;
    }
    expr.first -= 1;
    expr.start = prev_start;
    expr.bare_one = false;
}

/// Units that one number may be written in several of ("5 feet 2 inches", "2 hours 30 minutes"),
/// with their exact size in a small base unit of their dimension (micrometres, nanograms,
/// seconds), so that metric and imperial parts add up without rounding.
fn measure(lower: &str) -> Option<(&'static str, i128)> {
    Some(match super::units::glued_unit(lower)? {
        "mile" => ("length", 1_609_344_000),
        "yard" => ("length", 914_400),
        "ft" => ("length", 304_800),
        "inch" => ("length", 25_400),
        "km" => ("length", 1_000_000_000),
        "m" => ("length", 1_000_000),
        "cm" => ("length", 10_000),
        "mm" => ("length", 1_000),
        "tonne" => ("mass", 1_000_000_000_000_000),
        "kg" => ("mass", 1_000_000_000_000),
        "g" => ("mass", 1_000_000_000),
        "mg" => ("mass", 1_000_000),
        "lb" => ("mass", 453_592_370_000),
        "oz" => ("mass", 28_349_523_125),
        "hour" => ("time", 3_600),
        "minute" => ("time", 60),
        "second" => ("time", 1),
        _ => return None,
    })
}

/// "5 feet 2 inches", "2 km and 1 metre", "10 kms, 8 metres, 6 cm": one measure in several
/// units, valued exactly in the first ("5 feet 2 inches" is 5 1/6 feet).
pub(super) fn compound_measure(tokens: &[Token<'_>], expr: &mut Expr) {
    let Some(value) = expr.value.filter(|v| v.exp == 0 && v.mant >= 0) else {
        return;
    };
    if expr.den.is_some() || expr.range.is_some() || expr.currency.is_some() {
        return;
    }
    // The first unit: glued ("3m") or the next word ("3 metres").
    let (first_unit, mut k) = match &expr.glued {
        Some(g) => (g.clone(), expr.last + 1),
        None => match tokens.get(expr.last + 1) {
            Some(t) if !expr.extra_boundary(tokens) => (t.word.to_owned(), expr.last + 2),
            _ => return,
        },
    };
    let Some((dimension, first_size)) = measure(&first_unit.to_lowercase()) else {
        return;
    };
    let Some(mut total) = value.mant.checked_mul(first_size) else {
        return;
    };
    let mut size = first_size;
    let mut end = None;
    let mut unit_token = k - 1;
    while let Some(prev) = tokens.get(k - 1) {
        let mut at = k;
        if tokens
            .get(at)
            .is_some_and(|t| t.lower() == "and" && !t.ends_phrase())
        {
            at += 1;
        } else if !matches!(prev.trail, "" | ",") {
            break;
        }
        let Some(part) = expression(tokens, at, false) else {
            break;
        };
        let Some(v) = part
            .value
            .filter(|v| v.exp == 0 && v.mant >= 0 && part.den.is_none())
        else {
            break;
        };
        let (unit, next) = match &part.glued {
            Some(g) => (g.clone(), part.last + 1),
            None => match tokens.get(part.last + 1) {
                Some(t) => (t.word.to_owned(), part.last + 2),
                None => break,
            },
        };
        let Some((dim, part_size)) = measure(&unit.to_lowercase()) else {
            break;
        };
        if dim != dimension || part_size >= size {
            break;
        }
        let Some(sum) = v
            .mant
            .checked_mul(part_size)
            .and_then(|p| total.checked_add(p))
        else {
            break;
        };
        total = sum;
        size = part_size;
        unit_token = next - 1;
        end = tokens.get(unit_token).map(|t| t.end).or(Some(part.end));
        k = next;
    }
    let Some(end) = end else { return };
    // The value in the first unit, as the simplest fraction.
    let g = gcd(total, first_size);
    expr.value = Some(Dec::int(total / g));
    expr.den = (first_size / g > 1).then_some(first_size / g);
    expr.glued = Some(first_unit);
    expr.last = unit_token;
    expr.end = end;
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// "10 degrees below zero", "2 below zero": a temperature under zero.
pub(super) fn below_zero(tokens: &[Token<'_>], expr: &mut Expr) {
    let Some(v) = expr.value.filter(|v| v.mant > 0) else {
        return;
    };
    if expr.range.is_some() || expr.currency.is_some() || expr.percent.is_some() {
        return;
    }
    let mut k = expr.last + 1;
    if tokens
        .get(k)
        .is_some_and(|t| matches!(t.lower().as_ref(), "degrees" | "degree"))
    {
        k += 1;
    }
    let (Some(below), Some(zero)) = (tokens.get(k), tokens.get(k + 1)) else {
        return;
    };
    if below.lower() != "below" || zero.lower() != "zero" || below.ends_phrase() {
        return;
    }
    expr.value = Some(Dec {
        mant: -v.mant,
        exp: v.exp,
    });
    if k > expr.last + 1 {
        // Keep "degrees" as the unit, written before "below zero".
        expr.glued = tokens.get(expr.last + 1).map(|t| t.word.to_owned());
    }
    expr.last = k + 1;
    expr.end = zero.end;
}

/// "USD 10 million", "Rs 500", "EUR 5": a currency code written as a word before the number.
pub(super) fn currency_before(tokens: &[Token<'_>], expr: &mut Expr) {
    if expr.currency.is_some() || expr.percent.is_some() || expr.glued.is_some() {
        return;
    }
    let Some(prev) = expr.first.checked_sub(1).and_then(|p| tokens.get(p)) else {
        return;
    };
    if spaced_symbol_before(tokens, expr) {
        return;
    }
    if prev.ends_phrase() && prev.trail != "." {
        return;
    }
    let lower = prev.lower();
    // Codes in capitals ("USD", "EUR") or the usual short forms ("Rs", "rmb"); never a word
    // that happens to spell a code in lower case ("try").
    let written_as_code = prev.word.chars().all(|c| c.is_ascii_uppercase())
        || matches!(lower.as_ref(), "rs" | "rmb" | "usd" | "eur" | "gbp" | "inr");
    let Some(code) = super::units::currency_code_word(&lower).filter(|_| written_as_code) else {
        return;
    };
    if prev.trail == "." && lower != "rs" {
        return;
    }
    expr.currency = Some((code, prev.word.to_owned()));
    expr.first -= 1;
    expr.start = prev.start;
    expr.four_digits = false;
    expr.bare_one = false;
}

/// "$ 75 million", "£ 8.10", "US$ 3.14", "c $ 1.34": a currency symbol a space before the number
/// (as tokenized news text and tables write it), with the letters of its country glued to it or a
/// space before it. Returns whether it took one.
fn spaced_symbol_before(tokens: &[Token<'_>], expr: &mut Expr) -> bool {
    let Some(at) = expr.first.checked_sub(1) else {
        return false;
    };
    let (Some(prev), Some(first)) = (tokens.get(at), tokens.get(expr.first)) else {
        return false;
    };
    if !first.lead.is_empty() || prev.end + prev.trail.len() + 1 != first.start {
        return false;
    }
    // The letters before "$" name which dollar ("US", "C", "HK"), as "US$" does glued.
    let country = |letters: &str| {
        let upper = letters.to_uppercase();
        super::currency_code(&format!("{upper}$")).or(match upper.as_str() {
            "MX" | "MEX" | "MXN" => Some("MXN"),
            "AUD" => Some("AUD"),
            "NZD" => Some("NZD"),
            "CAD" => Some("CAD"),
            _ => None,
        })
    };
    let (code, start) = if prev.word.is_empty() && !prev.trail.is_empty() {
        return false;
    } else if prev.word.is_empty() {
        let symbol_start = prev.start - prev.lead.len();
        let Some(code) = super::currency_code(prev.lead) else {
            return false;
        };
        // "us $ 150 million": a country's letters a space before the symbol.
        let before = at.checked_sub(1).and_then(|b| tokens.get(b));
        match before.filter(|b| {
            prev.lead == "$"
                && b.trail.is_empty()
                && b.end + 1 == symbol_start
                && b.word.len() <= 3
                && b.word.chars().all(|c| c.is_ascii_alphabetic())
        }) {
            Some(b) => match country(b.word) {
                Some(code) => (code, b.start),
                None => (code, symbol_start),
            },
            None => (code, symbol_start),
        }
    } else if prev.trail == "$" && prev.lead.is_empty() {
        let Some(code) = country(prev.word) else {
            return false;
        };
        (code, prev.start)
    } else {
        return false;
    };
    let written = if prev.word.is_empty() {
        prev.lead.to_owned()
    } else {
        format!("{}{}", prev.word, prev.trail)
    };
    expr.currency = Some((code, written));
    expr.first = if start < prev.start - prev.lead.len() {
        at - 1
    } else {
        at
    };
    expr.start = start;
    expr.four_digits = false;
    expr.bare_one = false;
    true
}

/// "1,250.3 ± 0.2 kg", "12 ±0.5": a tolerance a space after the number belongs to it (the value
/// is the first number; the unit after the tolerance is the number's).
pub(super) fn tolerance(tokens: &[Token<'_>], expr: &mut Expr) {
    if expr.range.is_some() || expr.glued.is_some() || expr.extra_boundary(tokens) {
        return;
    }
    let Some(next) = tokens.get(expr.last + 1) else {
        return;
    };
    let sign = next.lead.trim_start_matches(' ');
    if !matches!(sign, "±" | "+/-" | "+/−") {
        return;
    }
    // The sign alone ("± 0.2") or glued to the tolerance ("±0.2").
    let (at, token) = if next.word.is_empty() {
        if !next.trail.is_empty() {
            return;
        }
        match tokens.get(expr.last + 2).filter(|t| t.lead.is_empty()) {
            Some(t) => (expr.last + 2, t),
            None => return,
        }
    } else {
        (expr.last + 1, next)
    };
    let Some(mut part) = super::digits::numeric(&Token { lead: "", ..*token }, at) else {
        return;
    };
    if part.den.is_some() || part.range.is_some() || part.currency.is_some() || part.letter_b {
        return;
    }
    expr.last = at;
    expr.end = part.end;
    expr.glued = part.glued.take();
    expr.four_digits = false;
}
