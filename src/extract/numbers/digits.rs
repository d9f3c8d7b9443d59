//! Numbers written with digits, in one token: "8,000", "-3.5", ".77", "1/5", "2½", "1.3e6",
//! "$4bn", "USD3.14", "20Rs", "10k", "3M", "10km", "37°C", "10-15", "3km-5km", "5k-20k".
//!
//! What follows the digits inside the token decides what they are: a scale suffix, a glued unit
//! or currency, a range or a compound ("10-year-old"). Anything else (ordinals "19th", decades
//! "1990s", times "10:30", codes "A4") makes the token no number at all.

use super::units::{currency_code_word, glued_unit, per_unit, rate_unit};
use super::{Dec, Expr, currency_code, numeric_prefix};
use crate::extract::tokens::Token;

/// A vulgar fraction character: numerator and denominator.
fn vulgar(c: char) -> Option<(i128, i128)> {
    Some(match c {
        '½' => (1, 2),
        '⅓' => (1, 3),
        '⅔' => (2, 3),
        '¼' => (1, 4),
        '¾' => (3, 4),
        '⅕' => (1, 5),
        '⅖' => (2, 5),
        '⅗' => (3, 5),
        '⅘' => (4, 5),
        '⅙' => (1, 6),
        '⅚' => (5, 6),
        '⅛' => (1, 8),
        '⅜' => (3, 8),
        '⅝' => (5, 8),
        '⅞' => (7, 8),
        _ => return None,
    })
}

/// A scale suffix glued to digits. Case matters: "3M" is three million but "3m" three metres
/// (unless money: "£3m"); "5G" is a name, so G is left out.
fn glued_scale(suffix: &str, currency: bool) -> Option<i32> {
    Some(match suffix {
        "k" | "K" => 3,
        "M" | "MM" | "mn" | "mln" | "mil" | "Mn" => 6,
        "m" if currency => 6,
        "bn" | "bln" | "Bn" => 9,
        // "221B" is a house number, "$2B" two billion.
        "b" | "B" if currency => 9,
        "tn" | "tln" | "trn" | "T" if currency || suffix != "T" => 12,
        _ => return None,
    })
}

/// A number in one string: digits (with separators and decimals), an optional fraction or
/// exponent. Returns the value, its denominator, and the bytes used.
fn amount(s: &str, lead_dot: bool) -> Option<(Dec, Option<i128>, usize)> {
    if let Some(c) = s.chars().next()
        && let Some((n, d)) = vulgar(c)
    {
        return Some((Dec::int(n), Some(d), c.len_utf8()));
    }
    let (mut dec, mut used) = if lead_dot {
        // ".77": the tokenizer left the dot in front of the digits.
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let (whole, _) = numeric_prefix(s.get(..digits)?)?;
        let places = i32::try_from(digits).ok()?;
        (
            Dec {
                mant: whole.mant,
                exp: -places,
            },
            digits,
        )
    } else {
        numeric_prefix(s)?
    };
    let rest = s.get(used..).unwrap_or("");
    // "2½"
    if let Some(c) = rest.chars().next()
        && let Some((n, d)) = vulgar(c)
        && dec.exp == 0
    {
        let mant = dec.mant.checked_mul(d)?.checked_add(n)?;
        return Some((Dec::int(mant), Some(d), used + c.len_utf8()));
    }
    // "1/5", "20/100": a fraction when the numerator is the smaller (24/7 and 9/11 are not).
    if let Some(after) = rest.strip_prefix('/')
        && dec.exp == 0
        && let Some((den, den_used)) = numeric_prefix(after)
        && den.exp == 0
        && den_used == after.len()
        && dec.mant < den.mant
        && den.mant > 1
    {
        return Some((dec, Some(den.mant), used + 1 + den_used));
    }
    // "1.1^23", "2.5^-1": a power, computed in floating point.
    if let Some(after) = rest.strip_prefix('^') {
        let (sign, digits) = match after.strip_prefix('-') {
            Some(d) => (-1, d),
            None => (1, after.strip_prefix('+').unwrap_or(after)),
        };
        if !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
            let pow: i32 = digits.parse().ok()?;
            let value = dec.value()?.powi(sign * pow);
            return Some((Dec::from_f64(value)?, None, s.len()));
        }
        return None;
    }
    // "1e10", "12.32e+14", "1.3x10^6", "3.1×10⁻⁴", "4.2x10-2"
    if let Some(pow) = rest
        .strip_prefix(['e', 'E'])
        .and_then(|after| power(after, false))
        .or_else(|| times_ten(rest).and_then(|after| power(after, true)))
    {
        dec = dec.scaled(pow);
        used = s.len();
    }
    Some((dec, None, used))
}

/// What follows "×10" in scientific notation ("x10", "×10", "·10", "*10"), if `rest` starts
/// with it.
pub(super) fn times_ten(rest: &str) -> Option<&str> {
    ["x10", "×10", "X10", "·10", "*10"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
}

/// A power of ten that is the whole of `s`: "23", "+14", "-4", or after "×10" also "^-4", "⁻⁴"
/// and "-2" (`after_ten`). At most three digits.
pub(super) fn power(s: &str, after_ten: bool) -> Option<i32> {
    const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let caret = after_ten && s.starts_with('^');
    let s = if caret { s.get(1..)? } else { s };
    // "2x100" is no power: after "×10" plain digits need a caret or a sign ("x10^6", "x10-2").
    if after_ten && !caret && s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (negative, digits) = match s.strip_prefix(['-', '−', '⁻']) {
        Some(d) => (true, d),
        None => (false, s.strip_prefix(['+', '⁺']).unwrap_or(s)),
    };
    let mut pow: i32 = 0;
    let mut n = 0;
    for c in digits.chars() {
        let d = match c.to_digit(10) {
            Some(d) => d,
            None => {
                let at = SUPERSCRIPTS.iter().position(|&x| x == c)?;
                if !after_ten {
                    return None;
                }
                u32::try_from(at).ok()?
            }
        };
        pow = pow * 10 + i32::try_from(d).ok()?;
        n += 1;
        if n > 3 {
            return None;
        }
    }
    (n > 0).then_some(if negative { -pow } else { pow })
}

/// The currency glued in front of the digits ("US$", "NZ$", "USD", "Rs"): code, symbol as
/// written, and its length in bytes.
fn currency_prefix(word: &str) -> Option<(&'static str, &str, usize)> {
    let letters = word
        .char_indices()
        .find(|(_, c)| c.is_ascii_digit() || *c == '.')
        .map_or(word.len(), |(at, _)| at);
    if letters == 0 || letters == word.len() {
        return None;
    }
    let prefix = word.get(..letters)?;
    if let Some(head) = prefix.strip_suffix('$') {
        let code = currency_code(prefix)
            .or_else(|| (head.is_empty()).then_some("USD"))
            .or_else(|| currency_code_word(&head.to_lowercase()))?;
        return Some((code, prefix, letters));
    }
    let code = currency_code_word(&prefix.to_lowercase())?;
    // Lower-case letters glued to digits are a code only when they are a known abbreviation
    // ("Rs20"), never a word ("on20").
    (prefix.len() >= 2 && prefix.chars().next().is_some_and(char::is_uppercase))
        .then_some((code, prefix, letters))
}

/// The number expression of one token starting at token `i`.
pub(super) fn numeric(token: &Token<'_>, i: usize) -> Option<Expr> {
    let word = token.word;
    let lead = token.lead;
    let lead_symbol = lead
        .chars()
        .next_back()
        .filter(|c| "$£€¥₹".contains(*c))
        .map(|c| c.to_string());
    let mut start = token.start;
    let (mut currency, body, body_offset) = if let Some((code, symbol, len)) = currency_prefix(word)
    {
        (Some((code, symbol.to_owned())), word.get(len..)?, len)
    } else if let Some(symbol) = lead_symbol {
        let code = currency_code(&symbol)?;
        start = start.checked_sub(symbol.len())?;
        (Some((code, symbol)), word, 0)
    } else {
        (None, word, 0)
    };
    // The sign and a leading decimal point sit in the token's leading punctuation.
    let before_symbol = if currency.is_some() && body_offset == 0 {
        lead.get(..lead.len().saturating_sub(currency.as_ref()?.1.len()))?
    } else {
        lead
    };
    let lead_dot = currency.is_none()
        && before_symbol.ends_with('.')
        && !before_symbol.ends_with("..")
        && body.starts_with(|c: char| c.is_ascii_digit());
    if lead_dot {
        start -= 1;
    }
    let sign_part = if lead_dot {
        before_symbol.get(..before_symbol.len() - 1)?
    } else {
        before_symbol
    };
    let negative = sign_part.ends_with(['-', '−']) && !sign_part.ends_with("--");
    if negative {
        start -= sign_part.chars().next_back()?.len_utf8();
        if currency.is_some() && body_offset == 0 {
            // "-$5": the sign stands before the symbol.
        }
    }
    let (dec, den, used) = amount(body, lead_dot)?;
    let number_end = token.start + body_offset + used;
    let dec = if negative {
        Dec {
            mant: -dec.mant,
            exp: dec.exp,
        }
    } else {
        dec
    };
    // "(12.50)", "($1,200)": the whole token in parentheses, as accounts write a loss
    // (`numbers::accounting_minus` decides from the context).
    let paren =
        !negative && !lead_dot && sign_part == "(" && token.trail.starts_with(')') && den.is_none();
    let mut expr = Expr {
        first: i,
        last: i,
        start,
        end: number_end,
        value: Some(dec),
        paren,
        den,
        four_digits: !negative
            && den.is_none()
            && used == 4
            && body.len() >= 4
            && body.bytes().take(4).all(|b| b.is_ascii_digit()),
        ..Expr::default()
    };
    let rest = body.get(used..).unwrap_or("");
    // "1,250.3±0.2": a tolerance belongs to the number as written, and the value is the first.
    let (rest, number_end) = match tolerance(rest) {
        Some(len) => (rest.get(len..)?, number_end + len),
        None => (rest, number_end),
    };
    expr.end = number_end;
    if rest.is_empty() {
        // nothing glued
    } else if let Some(pow) = glued_scale(rest, currency.is_some())
        .or_else(|| (matches!(rest, "b" | "B") && dec.exp < 0).then_some(9))
        .or_else(|| (rest == "G" && dec.exp < 0).then_some(9))
        .filter(|_| den.is_none())
    {
        // (A decimal before "b" or "G" is never a house number or a name like "5G": "1.2b" is
        // 1.2 billion.)
        expr.value = Some(dec.scaled(pow));
        expr.scaled = true;
        expr.scale_pow = pow;
        expr.end = number_end + rest.len();
    } else if let Some(after) = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix('~'))
    {
        let dash = rest.len() - after.len();
        // "$10-$20": the symbol again on the second end.
        let (after, dash) = match (&currency, after.strip_prefix(['$', '£', '€'])) {
            (Some(_), Some(a)) => (a, dash + 1),
            _ => (after, dash),
        };
        if let Some((high, high_den, high_used)) = amount(after, false) {
            let high_rest = after.get(high_used..).unwrap_or("");
            if high_den.is_some() || den.is_some() || (expr.four_digits && after.contains('-')) {
                return None;
            }
            // "5k-20k", "3km-5km": the same suffix on both ends, or on the second only.
            let (low, high, suffix_end) = if high_rest.is_empty() {
                (dec, high, 0)
            } else if let Some(pow) = glued_scale(high_rest, currency.is_some()) {
                (dec.scaled(pow), high.scaled(pow), high_rest.len())
            } else if glued_unit(high_rest).is_some() {
                expr.glued = Some(high_rest.to_owned());
                (dec, high, high_rest.len())
            } else {
                return None;
            };
            // "53-36", "6-3", "2–1": two whole counts and nothing else may be a tally or a score
            // (`numbers::tally` reads the words around them).
            let counts = currency.is_none()
                && suffix_end == 0
                && dec.exp == 0
                && high.exp == 0
                && dec.mant >= 0
                && high.mant >= 0
                && !token.trail.starts_with('%');
            if counts {
                expr.tally = Some((dec, high));
            }
            if high.value()? <= low.value()? {
                if !counts {
                    return None;
                }
                expr.value = None;
                expr.end = number_end + dash + high_used;
                return Some(expr);
            }
            expr.range = Some((low, high));
            expr.value = None;
            expr.end = number_end + dash + high_used + suffix_end;
        } else if !after.is_empty() && after.chars().all(|c| c.is_alphabetic() || c == '-') {
            expr.compound = Some(after.to_owned());
        } else {
            return None;
        }
    } else if let Some((unit, after)) = glued_range_unit(rest, currency.is_some()) {
        // "3km-5km", "5k-20k"
        let (high, high_den, high_used) = amount(after, false)?;
        let high_rest = after.get(high_used..)?;
        if high_den.is_some() || den.is_some() || high_rest != unit {
            return None;
        }
        let (low, high) = match glued_scale(unit, currency.is_some()) {
            Some(pow) => (dec.scaled(pow), high.scaled(pow)),
            None => {
                expr.glued = Some(unit.to_owned());
                (dec, high)
            }
        };
        if high.value()? <= low.value()? {
            return None;
        }
        expr.range = Some((low, high));
        expr.value = None;
        expr.end = number_end + rest.len();
    } else if glued_unit(rest).is_some() {
        expr.glued = Some(rest.to_owned());
        expr.end = number_end + rest.len();
    } else if rest.contains('/') && den.is_none() && rate_unit(rest).is_some() {
        // "18.5/hour", "10W/min", "$4/kg": a rate; a currency keeps its code and adds the
        // denominator.
        match (&currency, rest.strip_prefix('/')) {
            (Some(_), Some(bottom)) => {
                expr.per = per_unit(&bottom.to_lowercase()).map(str::to_owned);
            }
            _ => expr.glued = Some(rest.to_owned()),
        }
        expr.end = number_end + rest.len();
    } else if matches!(rest, "b" | "B") && den.is_none() && currency.is_none() {
        // "800b": bytes or billions, as the words around it say (`numbers::letter_b`).
        expr.letter_b = true;
        expr.end = number_end + rest.len();
    } else if currency.is_none()
        && token.trail.starts_with('$')
        && let Some(code) = currency_code(&format!("{rest}$"))
    {
        // "3.14US$": the dollar sign is left in the trailing punctuation.
        currency = Some((code, format!("{rest}$")));
        expr.end = number_end + rest.len() + 1;
    } else if currency.is_none()
        && let Some(code) = currency_suffix(rest)
    {
        // "20Rs", "42MYR", "3.14US$"
        currency = Some((code, rest.to_owned()));
        expr.end = number_end + rest.len();
    } else {
        // Ordinals (19th), decades (1990s), times (10am, 10:30), versions, codes.
        return None;
    }
    // "20€", "10$", "10k$": the symbol after the digits, left in the trailing punctuation.
    if currency.is_none()
        && expr.compound.is_none()
        && expr.glued.is_none()
        && let Some(symbol) = token.trail.chars().next().filter(|c| "$£€¥₹".contains(*c))
        && let Some(code) = currency_code(&symbol.to_string())
    {
        currency = Some((code, symbol.to_string()));
        expr.end = token.end + symbol.len_utf8();
    }
    expr.currency = currency;
    if token.trail.starts_with('%') && expr.compound.is_none() {
        expr.percent = Some("%".to_owned());
        expr.end = token.end + 1;
    } else if token.trail.starts_with('°') && expr.compound.is_none() && expr.glued.is_none() {
        // "-2°": the degree sign is the unit.
        expr.glued = Some("°".to_owned());
        expr.end = token.end + '°'.len_utf8();
    }
    Some(expr)
}

/// The length of a tolerance at the start of `rest` ("±0.2", "+/-0.5"), if there is one.
fn tolerance(rest: &str) -> Option<usize> {
    let after = rest
        .strip_prefix('±')
        .or_else(|| rest.strip_prefix("+/-"))
        .or_else(|| rest.strip_prefix("+/−"))?;
    let (_, den, used) = amount(after, false)?;
    den.is_none().then_some(rest.len() - after.len() + used)
}

/// A suffix that makes a range with glued units: "km-" in "3km-5km", "k-" in "5k-20k".
fn glued_range_unit(rest: &str, currency: bool) -> Option<(&str, &str)> {
    let (unit, after) = rest.split_once(['-', '–'])?;
    let known = glued_scale(unit, currency).is_some() || glued_unit(unit).is_some();
    (known && after.starts_with(|c: char| c.is_ascii_digit())).then_some((unit, after))
}

/// A currency written after the digits without a space ("20Rs", "42MYR", "3.14US$").
fn currency_suffix(rest: &str) -> Option<&'static str> {
    if let Some(code) = currency_code(rest) {
        return Some(code);
    }
    if rest.len() >= 2 && rest.chars().next().is_some_and(char::is_uppercase) {
        return currency_code_word(&rest.to_lowercase());
    }
    None
}

/// Why a token with digits was not read as a number, when it plainly is something else.
pub(super) fn not_a_number(token: &Token<'_>) -> Option<super::Why> {
    let word = token.word;
    // Most words hold no digit: they are told apart without decoding.
    if !word.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let first = word.chars().next()?;
    let lower = word.to_lowercase();
    let digits_end = word
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(word.len());
    let rest = lower.get(digits_end..).unwrap_or("");
    Some(if !first.is_ascii_digit() {
        super::Why::other("digits inside a name or code")
    } else if rest.starts_with(':') || matches!(rest, "am" | "pm" | "a.m" | "p.m" | "h" | "hrs") {
        super::CLOCK_TIME
    } else if matches!(rest, "st" | "nd" | "rd" | "th") {
        super::Why::other("an ordinal")
    } else if rest == "s" || rest == "'s" || rest == "’s" {
        super::DECADE
    } else if word.matches(['/', '-', '.']).count() >= 2 {
        super::Why::other("a date, phone number or code")
    } else if word.contains('-')
        && word
            .split('-')
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        super::Why::other("a score, tally or code (no range: the second number is not larger)")
    } else {
        super::Why::other("digits inside a name or code")
    })
}
