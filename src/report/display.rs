//! Small wordings shared by the report formats: how a claim, a value and a date read.

use super::ClaimView;
use crate::model::ClaimKind;

/// The claim as people quote it: a quote in quotation marks, a number as its phrase.
pub(super) fn claim_text(claim: &ClaimView) -> String {
    match claim.kind {
        ClaimKind::Quote => format!("“{}”", claim.text),
        _ => claim.phrase.clone().unwrap_or_else(|| claim.text.clone()),
    }
}

/// The speaker of a quote, or the value of a number with its hedge and unit
/// ("more than 8000 people").
pub(super) fn detail(claim: &ClaimView) -> String {
    if claim.kind == ClaimKind::Quote {
        return claim
            .speaker
            .clone()
            .unwrap_or_else(|| "(unattributed)".into());
    }
    let mut parts = Vec::new();
    if let Some(q) = &claim.qualifier {
        parts.push(q.clone());
    }
    parts.push(value(claim));
    if let Some(u) = &claim.unit {
        parts.push(u.clone());
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// A number's value, or its range as `low–high`, with thousands grouped for reading
/// ("9,000"); empty when neither is known.
pub(super) fn value(claim: &ClaimView) -> String {
    match (claim.value, claim.low, claim.high) {
        (Some(v), _, _) => grouped(v),
        (None, Some(l), Some(h)) => format!("{}–{}", grouped(l), grouped(h)),
        _ => String::new(),
    }
}

/// [`format_number`] with commas between groups of three digits in the whole part.
fn grouped(value: f64) -> String {
    let plain = format_number(value);
    if plain.contains(['e', 'E']) {
        return plain;
    }
    let (sign, rest) = plain.split_at(usize::from(plain.starts_with('-')));
    let (whole, fraction) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    let mut out = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    format!("{sign}{out}{fraction}")
}

/// A value without a needless `.0`, and never in exponent form for whole numbers people write.
pub(super) fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The day of an RFC 3339 timestamp (`2026-01-15`).
pub(super) fn day(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

/// `text` cut at a word boundary to at most `max` characters, with `…` when cut.
pub(super) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if len + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        // One word longer than the limit: cut inside it.
        out = text.chars().take(max - 1).collect();
    }
    let out = out.trim_end_matches([',', ';', ':', ' ']);
    format!("{out}…")
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(9000.0), "9,000");
        assert_eq!(grouped(-1234567.5), "-1,234,567.5");
        assert_eq!(grouped(30.0), "30");
        assert_eq!(grouped(0.25), "0.25");
    }
}
