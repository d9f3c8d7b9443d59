//! Numbers written in words, alone or mixed with digits: "thirty-five", "two hundred and fifty",
//! "4 thousand 3 hundred and 21", "one billion twenty-five million", "a dozen", "two point five",
//! "two thirds", "five and a half million", "a couple of".
//!
//! The words are read with a small grammar rather than summed, so that a list of numbers ("one
//! two three", "fifty sixty") stays a list: a word that cannot continue the number in front of it
//! (a unit after a unit, tens after tens) starts a new one.

use std::borrow::Cow;

use super::{Dec, Expr, numeric_prefix};
use crate::extract::tokens::Token;

/// What one word contributes to a spelled number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    /// 0–9.
    Ones(i128),
    /// 10–19.
    Teen(i128),
    /// 20, 30, … 90.
    Tens(i128),
    Hundred,
    /// thousand (3), lakh (5), million (6), crore (7), billion (9), trillion (12).
    Scale(i32),
    Dozen,
    /// An integer in digits, as in "4 thousand 3 hundred and 21".
    Digits(i128),
}

/// The word class of `lower` (one hyphen-free segment).
fn word(lower: &str) -> Option<Word> {
    #[rustfmt::skip]
    const ONES: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    #[rustfmt::skip]
    const TEENS: &[&str] = &[
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen",
    ];
    #[rustfmt::skip]
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let index = |list: &[&str]| {
        list.iter()
            .position(|&w| w == lower)
            .and_then(|n| i128::try_from(n).ok())
    };
    if let Some(n) = index(ONES) {
        return Some(Word::Ones(n));
    }
    if let Some(n) = index(TEENS) {
        return Some(Word::Teen(n + 10));
    }
    if let Some(n) = index(TENS) {
        return Some(Word::Tens((n + 2) * 10));
    }
    Some(match lower {
        "naught" | "nought" => Word::Ones(0),
        "hundred" | "hundreds" => Word::Hundred,
        "thousand" | "thousands" => Word::Scale(3),
        "lakh" | "lakhs" | "lac" | "lacs" | "lkh" | "lkhs" => Word::Scale(5),
        "million" | "millions" => Word::Scale(6),
        "crore" | "crores" | "cr" | "krore" | "krores" => Word::Scale(7),
        "billion" | "billions" => Word::Scale(9),
        "trillion" | "trillions" => Word::Scale(12),
        // "3 dz", "five dozs": the abbreviations grocers and inventories write.
        "dozen" | "dozens" | "doz" | "dozs" | "dz" | "dzs" => Word::Dozen,
        _ => return None,
    })
}

/// Whether `lower` is a number word (used to tell where spelled numbers start).
pub(super) fn is_number_word(lower: &str) -> bool {
    word(lower).is_some()
}

/// Whether `word` after "a" or "an" makes a number of it ("a dozen", "a third", "a couple", "a
/// dollar").
pub(super) fn opens_after_article(word: &str) -> bool {
    let lower = word.to_lowercase();
    let head = lower.split('-').next().unwrap_or("");
    is_multiplier(head)
        || denominator(head).is_some()
        || matches!(head, "couple" | "pair" | "few")
        || UNIT_AFTER_A.contains(&head)
}

/// Whether a word only multiplies ("hundred", "million", "dozen"), so cannot start a number alone.
pub(super) fn is_multiplier(lower: &str) -> bool {
    matches!(
        word(lower),
        Some(Word::Hundred | Word::Scale(_) | Word::Dozen)
    )
}

/// The denominator an ordinal word names in a fraction ("thirds" → 3, "quarter" → 4).
/// "second" is left out: "two seconds" is a duration, never a fraction.
fn denominator(lower: &str) -> Option<i128> {
    let singular = lower.strip_suffix('s').unwrap_or(lower);
    Some(match singular {
        "half" | "halve" => 2,
        "third" => 3,
        "fourth" | "quarter" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "twelfth" => 12,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        "hundredth" => 100,
        "thousandth" => 1_000,
        "millionth" => 1_000_000,
        "billionth" => 1_000_000_000,
        "trillionth" => 1_000_000_000_000,
        _ => return None,
    })
}

/// Units that "a" or "an" counts as one of ("a dollar", "an ounce"); time units are left out
/// ("a day" is a rate or a duration, rarely a claim).
#[rustfmt::skip]
const UNIT_AFTER_A: &[&str] = &[
    "dollar", "euro", "pound", "kilogram", "kilo", "kg", "gram", "litre", "liter", "gallon",
    "mile", "kilometre", "kilometer", "km", "metre", "meter", "tonne", "ton", "ml", "millilitre",
    "milliliter", "lb", "ounce", "oz", "foot", "inch", "yard", "cup", "pint", "acre", "hectare",
];

/// Spans of time that "half a" halves ("half a century" is half of one century, fifty years).
const SPAN_AFTER_HALF: &[&str] = &["century", "decade", "year", "month", "week", "day", "hour"];

/// The denominator named at piece `k`, and how many pieces name it: one ordinal ("fifths") or
/// tens and an ordinal ("twenty-fifth", "twenty firsts").
fn denominator_at(pieces: &[Piece<'_>], k: usize) -> Option<(i128, usize)> {
    let piece = pieces.get(k)?;
    if let Some(d) = denominator(&piece.lower) {
        return Some((d, 1));
    }
    let Some(Word::Tens(tens)) = word(&piece.lower) else {
        return None;
    };
    if piece.breaks {
        return None;
    }
    let next = pieces.get(k + 1)?;
    let singular = next.lower.strip_suffix('s').unwrap_or(&next.lower);
    let ones = match singular {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        _ => return None,
    };
    Some((tens + ones, 2))
}

/// One hyphen-separated segment of a token.
#[derive(Clone, Debug)]
struct Piece<'t> {
    token: usize,
    lower: Cow<'t, str>,
    start: usize,
    end: usize,
    /// Whether the token goes on after this segment ("two" in "two-hour").
    mid_token: bool,
    /// Whether punctuation separates this segment from the next token.
    breaks: bool,
}

/// Whether token `k` is a hyphen set off by spaces inside one spelled number, as spoken-text
/// transcripts write "fifty - two", "five - eighths" and "ninety - five hundred": a lone "-"
/// after tens or ones and before ones or an ordinal. Tens after tens ("twenty - thirty") and
/// anything else stay a dash between two numbers.
fn spaced_hyphen(tokens: &[Token<'_>], k: usize) -> bool {
    let (Some(prev), Some(dash), Some(next)) = (
        k.checked_sub(1).and_then(|p| tokens.get(p)),
        tokens.get(k),
        tokens.get(k + 1),
    ) else {
        return false;
    };
    if !dash.word.is_empty() || dash.lead != "-" || !prev.trail.is_empty() || !next.lead.is_empty()
    {
        return false;
    }
    let next_lower = next.lower();
    let before = word(&prev.lower());
    match word(&next_lower) {
        Some(Word::Ones(1..)) => matches!(before, Some(Word::Tens(_))),
        _ => {
            denominator(&next_lower).is_some()
                && matches!(before, Some(Word::Ones(_) | Word::Tens(_)))
        }
    }
}

/// The segments of up to `limit` tokens from `i` on, stopping after a phrase break.
fn pieces<'t>(tokens: &[Token<'t>], i: usize, limit: usize) -> Vec<Piece<'t>> {
    let mut out = Vec::new();
    for (k, t) in tokens.iter().enumerate().skip(i).take(limit) {
        if k > i && spaced_hyphen(tokens, k) {
            // The hyphen joins the words on either side: it is no piece of its own.
            continue;
        }
        if k > i && t.starts_phrase() {
            break;
        }
        // Most words are lower case already: their segments borrow from the text.
        let segments: Vec<Cow<'t, str>> = match t.lower() {
            Cow::Borrowed(lower) => lower.split('-').map(Cow::Borrowed).collect(),
            Cow::Owned(lower) => lower
                .split('-')
                .map(|segment| Cow::Owned(segment.to_owned()))
                .collect(),
        };
        let mut offset = t.start;
        let count = segments.len();
        for (n, segment) in segments.into_iter().enumerate() {
            let last = n + 1 == count;
            let len = segment.len();
            out.push(Piece {
                token: k,
                lower: segment,
                start: offset,
                end: offset + len,
                mid_token: !last,
                breaks: last
                    && (t.ends_phrase()
                        || (tokens.get(k + 1).is_some_and(Token::starts_phrase)
                            && !spaced_hyphen(tokens, k + 1))),
            });
            offset += len + 1;
        }
        if t.ends_phrase() {
            break;
        }
    }
    out
}

/// The class of a piece: number words, and integers in digits when they are a whole token.
fn classify(piece: &Piece<'_>, tokens: &[Token<'_>]) -> Option<Word> {
    if let Some(w) = word(&piece.lower) {
        return Some(w);
    }
    let token = tokens.get(piece.token)?;
    if piece.mid_token || piece.start != token.start || !token.lead.is_empty() {
        return None;
    }
    let (dec, used) = numeric_prefix(token.word)?;
    (used == token.word.len() && dec.exp == 0).then_some(Word::Digits(dec.mant))
}

/// An integer read by the grammar: its value, the pieces used, and the scale it ended on.
#[derive(Clone, Copy, Debug)]
struct Integer {
    value: i128,
    /// Index one past the last piece used.
    next: usize,
    /// Power of ten of the scale word the number ends with ("three million" → 6), else 0.
    end_scale: i32,
    /// Whether a scale word or "hundred" was used.
    scaled: bool,
    /// The part after the last "and" ("three" in "one hundred and three"), for fractions.
    after_and: Option<i128>,
    /// The power of ten of the scale word before that "and" ("million" in "two million and one").
    and_scale: i32,
}

/// Reads an integer from `pieces[from..]`; `None` when the first piece is no number.
fn integer(
    pieces: &[Piece<'_>],
    tokens: &[Token<'_>],
    from: usize,
    implied_one: bool,
) -> Option<Integer> {
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        Start,
        Ones,
        Teen,
        Tens,
        Hundred,
        Scale,
        Dozen,
        Digits,
        And,
    }
    let (mut total, mut group, mut tail) = (0i128, 0i128, 0i128);
    let mut last = Last::Start;
    if implied_one {
        // "a hundred", "a dozen", "half a million": the article stands for one.
        (group, tail, last) = (1, 1, Last::Ones);
    }
    let mut prev_pow: Option<i32> = None;
    let mut end_scale = 0;
    let mut scaled = false;
    let mut after_and = None;
    let mut and_scale = 0;
    let mut k = from;
    let mut used = from;
    while let Some(piece) = pieces.get(k) {
        let Some(w) = classify(piece, tokens) else {
            if piece.lower == "and"
                && matches!(last, Last::Hundred | Last::Scale | Last::Dozen)
                && !piece.mid_token
                && !piece.breaks
                && pieces.get(k + 1).is_some_and(|n| {
                    // Nobody writes "three hundred and zero": "and 0" starts a new number.
                    matches!(
                        classify(n, tokens),
                        Some(Word::Ones(1..) | Word::Teen(_) | Word::Tens(_) | Word::Digits(1..))
                    )
                })
                // "3 hundred and 2 hundred" is two numbers: hundreds do not follow hundreds.
                && !(last == Last::Hundred
                    && pieces
                        .get(k + 2)
                        .is_some_and(|n| word(&n.lower) == Some(Word::Hundred)))
            {
                last = Last::And;
                tail = 0;
                after_and = Some(0);
                and_scale = end_scale;
                k += 1;
                continue;
            }
            break;
        };
        let fits = match w {
            Word::Ones(_) => {
                matches!(last, Last::Start | Last::Hundred | Last::Scale | Last::And)
                    || (last == Last::Tens && tail % 10 == 0)
            }
            Word::Teen(_) | Word::Tens(_) => {
                matches!(last, Last::Start | Last::Hundred | Last::Scale | Last::And)
            }
            Word::Digits(n) => {
                last == Last::Start || (matches!(last, Last::Scale | Last::And) && n < 1000)
            }
            Word::Hundred => {
                (last == Last::Start && piece.lower == "hundred")
                    || (matches!(last, Last::Ones | Last::Teen | Last::Tens | Last::Digits)
                        && (1..1000).contains(&group)
                        && (after_and.is_none() || and_scale >= 3)
                        && (1..1000).contains(&tail))
            }
            Word::Scale(_) => {
                (last == Last::Start && piece.lower == "thousand")
                    || matches!(
                        last,
                        Last::Ones
                            | Last::Teen
                            | Last::Tens
                            | Last::Hundred
                            | Last::Digits
                            | Last::Dozen
                            | Last::Scale
                    )
            }
            Word::Dozen => matches!(
                last,
                Last::Ones | Last::Teen | Last::Tens | Last::Hundred | Last::Digits
            ),
        };
        // Plural scales only follow a number: "thousands" alone is a vague count.
        let plural_alone = last == Last::Start && piece.lower.ends_with('s');
        if !fits || plural_alone {
            break;
        }
        match w {
            Word::Ones(n) | Word::Teen(n) | Word::Tens(n) | Word::Digits(n) => {
                group = group.checked_add(n)?;
                tail = tail.checked_add(n)?;
                if let Some(a) = after_and.as_mut() {
                    *a = tail;
                }
                end_scale = 0;
                last = match w {
                    Word::Ones(_) => Last::Ones,
                    Word::Teen(_) => Last::Teen,
                    Word::Tens(_) => Last::Tens,
                    _ => Last::Digits,
                };
            }
            Word::Hundred => {
                // "two thousand and two hundred": only the part after the scale is multiplied.
                group = group
                    .checked_sub(tail)?
                    .checked_add(tail.max(1).checked_mul(100)?)?;
                tail = 0;
                after_and = None;
                scaled = true;
                end_scale = 2;
                last = Last::Hundred;
            }
            Word::Scale(pow) => {
                let factor = 10i128.checked_pow(u32::try_from(pow).ok()?)?;
                if last == Last::Scale || prev_pow.is_some_and(|p| p <= pow) {
                    // "three thousand millions", "three lakh crore": the scale multiplies all.
                    total = total.checked_add(group)?.checked_mul(factor)?;
                } else {
                    total = total.checked_add(group.max(1).checked_mul(factor)?)?;
                }
                group = 0;
                tail = 0;
                after_and = None;
                prev_pow = Some(pow);
                scaled = true;
                end_scale = pow;
                last = Last::Scale;
            }
            Word::Dozen => {
                // "three hundred and two dozen" is 300 + 24; "two hundred dozen" is 2,400.
                if tail > 0 {
                    group = group.checked_add(tail.checked_mul(11)?)?;
                } else {
                    group = group.checked_mul(12)?;
                }
                tail = 0;
                scaled = true;
                end_scale = 0;
                last = Last::Dozen;
            }
        }
        k += 1;
        used = k;
        if piece.breaks {
            break;
        }
    }
    if used == from {
        return None;
    }
    Some(Integer {
        value: total.checked_add(group)?,
        next: used,
        end_scale,
        scaled,
        after_and: after_and.filter(|&a| a > 0),
        and_scale,
    })
}

/// The digits after "point": "five" → "5", "zero five" → "05", "seventy-one" → "71", "77" → "77".
fn decimal_digits(
    pieces: &[Piece<'_>],
    tokens: &[Token<'_>],
    from: usize,
) -> Option<(String, usize)> {
    let mut digits = String::new();
    let mut k = from;
    // Single digits one by one ("o five", "zero three").
    while let Some(piece) = pieces.get(k) {
        let d = match piece.lower.as_ref() {
            "o" | "oh" => 0,
            other => match word(other) {
                Some(Word::Ones(n)) => n,
                _ => break,
            },
        };
        // A digit followed by tens or hundred belongs to a number ("two hundred thirty-six").
        if k == from
            && pieces
                .get(k + 1)
                .is_some_and(|n| matches!(word(&n.lower), Some(Word::Hundred)))
        {
            break;
        }
        digits.push_str(&d.to_string());
        k += 1;
        if piece.breaks {
            return Some((digits, k));
        }
    }
    if !digits.is_empty() {
        return Some((digits, k));
    }
    let n = integer(pieces, tokens, from, false)?;
    Some((n.value.to_string(), n.next))
}

/// A spelled (or word-and-digit) number starting at token `i`.
pub(super) fn spelled(tokens: &[Token<'_>], i: usize) -> Option<Expr> {
    let first = tokens.get(i)?;
    if (first.word.eq_ignore_ascii_case("a") || first.word.eq_ignore_ascii_case("an"))
        && !opens_after_article(tokens.get(i + 1)?.word)
    {
        // "a" and "an" are everywhere; most open no number.
        return None;
    }
    let pieces = pieces(tokens, i, 24);
    let head = pieces.first()?;
    let mut expr = Expr {
        first: i,
        last: i,
        start: first.start,
        end: first.end,
        ..Expr::default()
    };
    let mut at = 0;
    let mut article = false;
    let mut half_of = false;
    if matches!(head.lower.as_ref(), "a" | "an") && !head.breaks {
        let next = pieces.get(1)?;
        match next.lower.as_ref() {
            "couple" | "pair" => {
                let mut end = 2;
                if pieces.get(2).is_some_and(|p| p.lower == "of") && !next.breaks {
                    end = 3;
                }
                return Some(finish_simple(&mut expr, &pieces, end, Dec::int(2)));
            }
            "few" => {
                let piece = pieces.get(1)?;
                // "a few dozen", "a few hundred", "a few thousand": a few of the multiplier.
                let times =
                    pieces
                        .get(2)
                        .filter(|_| !piece.breaks)
                        .and_then(|m| match word(&m.lower) {
                            Some(Word::Dozen) if m.lower == "dozen" => Some((12.0, m)),
                            Some(Word::Hundred) if m.lower == "hundred" => Some((100.0, m)),
                            Some(Word::Scale(pow)) if !m.lower.ends_with('s') => {
                                Some((10f64.powi(pow), m))
                            }
                            _ => None,
                        });
                match times {
                    Some((factor, m)) => {
                        expr.vague =
                            Some((2.0 * factor, 5.0 * factor, format!("a few {}", m.lower)));
                        expr.end = m.end;
                        expr.last = m.token;
                    }
                    None => {
                        expr.vague = Some((2.0, 5.0, "a few".to_owned()));
                        expr.end = piece.end;
                        expr.last = piece.token;
                    }
                }
                return Some(expr);
            }
            _ => {}
        }
        if is_multiplier(&next.lower) || denominator(&next.lower).is_some() {
            if next.lower.ends_with('s') && denominator(&next.lower).is_none() {
                return None;
            }
            article = true;
            at = 1;
        } else if UNIT_AFTER_A.contains(&next.lower.as_ref()) {
            // "a dollar", "a kilogram": one of the unit.
            return Some(finish_simple(&mut expr, &pieces, 1, Dec::int(1)));
        } else {
            return None;
        }
    } else if head.lower == "half" || head.lower == "quarter" {
        // "half a million", "half a dozen", "quarter million"
        let den = if head.lower == "half" { 2 } else { 4 };
        let mut k = 1;
        if pieces.get(1).is_some_and(|p| p.lower == "a") && !head.breaks {
            k = 2;
        }
        let next = pieces.get(k).filter(|_| !head.breaks);
        if let Some(n) = next.filter(|n| is_multiplier(&n.lower) && !n.lower.ends_with('s')) {
            let value = integer(&pieces, tokens, k, true)?;
            let scaled = Dec::int(value.value);
            expr.den = Some(den);
            expr.scaled = true;
            expr.scale_pow = value.end_scale;
            let _ = n;
            return Some(finish_simple(&mut expr, &pieces, value.next, scaled));
        }
        if k == 2
            && let Some(unit) = next.filter(|n| {
                UNIT_AFTER_A.contains(&n.lower.as_ref())
                    || SPAN_AFTER_HALF.contains(&n.lower.as_ref())
            })
        {
            // "half a litre": a half of the unit; the article belongs to the number.
            let _ = unit;
            expr.den = Some(den);
            return Some(finish_simple(&mut expr, &pieces, 2, Dec::int(1)));
        }
        if head.lower == "quarter" && !head.mid_token {
            return None;
        }
        half_of = true;
    }
    if half_of {
        // "half" alone, or the head of "half-hour" or "quarter-litre".
        expr.value = Some(Dec::int(1));
        expr.den = Some(if head.lower == "quarter" { 4 } else { 2 });
        if head.mid_token {
            let rest = first.word.get(head.end - first.start + 1..).unwrap_or("");
            if super::units::known_unit(&rest.to_lowercase()).is_some() {
                expr.compound = Some(rest.to_owned());
            } else if head.lower == "quarter" {
                return None;
            }
        }
        expr.end = head.end;
        return Some(expr);
    }
    // "a hundred", "a dozen", "a third": the article counts as one.
    let int = if article {
        integer(&pieces, tokens, at, true).unwrap_or(Integer {
            value: 1,
            next: at,
            end_scale: 0,
            scaled: false,
            after_and: None,
            and_scale: 0,
        })
    } else {
        let n = integer(&pieces, tokens, at, false)?;
        if pieces.get(at).is_some_and(|p| {
            is_multiplier(&p.lower) && p.lower != "hundred" && p.lower != "thousand"
        }) {
            return None;
        }
        n
    };
    let mut num = Dec::int(int.value);
    let mut den: Option<i128> = None;
    let mut next = int.next;
    let mut scale_pow = int.end_scale;
    let mut scaled = int.scaled;
    let stop_before = |k: usize| pieces.get(k.wrapping_sub(1)).is_some_and(|p| p.breaks);

    if !stop_before(next) {
        if let Some(p) = pieces.get(next).filter(|p| p.lower == "point" && !p.breaks) {
            // "two point five", "one hundred twenty point zero five", "1 point 1"; but words
            // then digits are a noun and a new number: "at one point 300 people".
            let _ = p;
            let words_then_digits = pieces.get(next + 1).is_some_and(|d| {
                matches!(classify(d, tokens), Some(Word::Digits(_)))
                    && !matches!(classify(head, tokens), Some(Word::Digits(_)))
            });
            if let Some((digits, after)) =
                decimal_digits(&pieces, tokens, next + 1).filter(|_| !words_then_digits)
            {
                let frac: i128 = digits.parse().ok()?;
                let places = i32::try_from(digits.len()).ok()?;
                let mant = int
                    .value
                    .checked_mul(10i128.checked_pow(u32::try_from(places).ok()?)?)?
                    .checked_add(frac)?;
                num = Dec { mant, exp: -places };
                next = after;
                // "two point two million"
                if let Some(Word::Scale(pow)) = pieces.get(next).and_then(|p| word(&p.lower))
                    && !stop_before(next)
                    && !pieces.get(next).is_some_and(|p| p.lower.ends_with('s'))
                {
                    num = num.scaled(pow);
                    scale_pow = pow;
                    scaled = true;
                    next += 1;
                }
            }
        } else if let Some((d, used)) =
            denominator_at(&pieces, next).filter(|_| int.next > at || article)
        {
            // "two thirds", "a fifth", "one twenty-fifth", "one hundred and three quarters", "two
            // million and one half": after "and", a proper fraction is of the scale before it
            // (but not of a hundred); an improper one takes the whole number ("one hundred and
            // thirty fifths" is 130/5).
            next += used;
            let (whole, part, pow) = match int.after_and.filter(|&part| part < d) {
                Some(part) => (
                    int.value - part,
                    part,
                    following_scale(&pieces, next).map_or(int.and_scale, |(pow, _)| pow),
                ),
                None => (0, int.value, 0),
            };
            if let Some((_, after)) = following_scale(&pieces, next).filter(|_| part != int.value) {
                next = after;
            }
            (num, den) = fraction(whole, part, d, pow)?;
        } else if let Some((part, d, after)) = and_fraction(&pieces, tokens, next) {
            // "one and a half", "twenty and three fifths", "three million and a half", "one
            // billion and a half million"
            next = after;
            match following_scale(&pieces, next) {
                Some((pow, after)) if int.end_scale < 3 => {
                    // "five and a half million": the scale multiplies the whole.
                    next = after;
                    (num, den) = fraction(int.value, part, d, 0)?;
                    num = num.scaled(pow);
                    scale_pow = pow;
                    scaled = true;
                }
                Some((pow, after)) => {
                    next = after;
                    (num, den) = fraction(int.value, part, d, pow)?;
                    scale_pow = 0;
                }
                None => {
                    (num, den) = fraction(int.value, part, d, int.end_scale)?;
                    scale_pow = 0;
                }
            }
        }
        if den.is_some() && int.after_and.is_none() && scale_pow == int.end_scale {
            // "a quarter million", "five and a half million", "two thirds of a million"
            let mut k = next;
            if pieces.get(k).is_some_and(|p| p.lower == "of")
                && pieces.get(k + 1).is_some_and(|p| p.lower == "a")
            {
                k += 2;
            }
            if let Some((pow, after)) = following_scale(&pieces, k).filter(|_| !stop_before(k)) {
                num = num.scaled(pow);
                scale_pow = pow;
                scaled = true;
                next = after;
            }
        }
    }
    let last_piece = pieces.get(next.checked_sub(1)?)?;
    expr.value = Some(num);
    expr.den = den;
    expr.scaled = scaled;
    expr.scale_pow = scale_pow;
    expr.last = last_piece.token;
    expr.end = last_piece.end;
    if last_piece.mid_token {
        // "two-hour", "thirty-five-year-old": the number is the leading words only, the rest is
        // the unit. A compound after other number words ("one hundred two-hour") is no number.
        let token = tokens.get(last_piece.token)?;
        if last_piece.token != i {
            let prev = tokens.get(last_piece.token - 1)?;
            expr.last = last_piece.token - 1;
            expr.end = prev.end;
            return reread(tokens, i, expr.last);
        }
        let rest = token
            .word
            .get(last_piece.end - token.start + 1..)
            .unwrap_or("");
        let rest_head = rest.split('-').next().unwrap_or("").to_lowercase();
        if rest.is_empty()
            || !rest.chars().all(|c| c.is_alphabetic() || c == '-')
            || denominator(&rest_head).is_some()
            || matches!(rest_head.as_str(), "first" | "second")
        {
            return None;
        }
        expr.compound = Some(rest.to_owned());
    }
    expr.bare_one = first.lower() == "one" && expr.last == i && expr.compound.is_none();
    Some(expr)
}

/// "point 77", "point fifteen", "minus point five": a decimal spoken without its whole part, as
/// transcripts of speech write it. Only a lower-case "point" that opens its sentence or follows a
/// sign word opens one: elsewhere "point" is a noun ("at that point 300 people").
pub(super) fn spoken_decimal(tokens: &[Token<'_>], i: usize) -> Option<Expr> {
    let point = tokens.get(i)?;
    let after_sign = i
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| matches!(p.lower().as_ref(), "minus" | "negative") && !p.ends_phrase());
    if (i > 0 && !after_sign) || point.ends_phrase() {
        return None;
    }
    let pieces = pieces(tokens, i + 1, 8);
    if pieces.first()?.token != i + 1 {
        return None;
    }
    let (digits, next) = decimal_digits(&pieces, tokens, 0)?;
    let last = pieces.get(next.checked_sub(1)?)?;
    if last.mid_token {
        return None;
    }
    let mant: i128 = digits.parse().ok()?;
    Some(Expr {
        first: i,
        last: last.token,
        start: point.start,
        end: last.end,
        value: Some(Dec {
            mant,
            exp: -i32::try_from(digits.len()).ok()?,
        }),
        from_words: true,
        ..Expr::default()
    })
}

/// A singular scale word at `k` ("million", not "millions"): its power and the next piece.
fn following_scale(pieces: &[Piece<'_>], k: usize) -> Option<(i32, usize)> {
    if k > 0 && pieces.get(k - 1).is_some_and(|p| p.breaks) {
        return None;
    }
    let piece = pieces.get(k)?;
    match word(&piece.lower) {
        Some(Word::Scale(pow)) if !piece.lower.ends_with('s') => Some((pow, k + 1)),
        _ => None,
    }
}

/// `whole + part/den × 10^pow` as a numerator over `den`. The scale applies only from a thousand
/// up: "one hundred and three quarters" is 100.75, "two million and a half" 2,500,000.
fn fraction(whole: i128, part: i128, den: i128, pow: i32) -> Option<(Dec, Option<i128>)> {
    let factor = if pow >= 3 {
        10i128.checked_pow(u32::try_from(pow).ok()?)?
    } else {
        1
    };
    let num = whole
        .checked_mul(den)?
        .checked_add(part.checked_mul(factor)?)?;
    Some((Dec::int(num), Some(den)))
}

/// Reads the number again over tokens `i..=last` only, when it ran into a compound.
fn reread(tokens: &[Token<'_>], i: usize, last: usize) -> Option<Expr> {
    spelled(tokens.get(..=last)?, i)
}

/// "and a half", "and one quarter", "and three fifths" at `from`: numerator, denominator, next.
fn and_fraction(
    pieces: &[Piece<'_>],
    tokens: &[Token<'_>],
    from: usize,
) -> Option<(i128, i128, usize)> {
    let and = pieces.get(from).filter(|p| p.lower == "and" && !p.breaks)?;
    let _ = and;
    let numerator = pieces.get(from + 1)?;
    let (part, k) = if matches!(numerator.lower.as_ref(), "a" | "an") {
        (1, from + 2)
    } else {
        let n = integer(pieces, tokens, from + 1, false)?;
        (n.value, n.next)
    };
    if pieces.get(k - 1).is_some_and(|p| p.breaks) {
        return None;
    }
    let (d, used) = denominator_at(pieces, k)?;
    (part < d * 10).then_some((part, d, k + used))
}

/// Ends `expr` at piece `next` with `value`.
fn finish_simple(expr: &mut Expr, pieces: &[Piece<'_>], next: usize, value: Dec) -> Expr {
    if let Some(p) = next.checked_sub(1).and_then(|k| pieces.get(k)) {
        expr.last = p.token;
        expr.end = p.end;
    }
    expr.value = Some(value);
    expr.clone()
}
