//! The one-line summaries of a change an editor reads (`value 8,000 → 9,000`).

use super::*;

pub(super) fn reason_summary(reason: Reason, old: &Claim, new: &Claim) -> String {
    match reason {
        Reason::Value => format!("value {} → {}", number_text(old), number_text(new)),
        Reason::Qualifier => format!(
            "qualifier {} → {}",
            qualifier(old).unwrap_or("(none)"),
            qualifier(new).unwrap_or("(none)")
        ),
        Reason::Unit => format!(
            "unit {} → {}",
            unit_text(old).unwrap_or("(none)"),
            unit_text(new).unwrap_or("(none)")
        ),
        Reason::Speaker => format!(
            "speaker {} → {}",
            speaker_name(old).unwrap_or("(unknown)"),
            speaker_name(new).unwrap_or("(unknown)")
        ),
        Reason::Date => {
            let (a, b) = (
                when_and_rest(&old.sentence_text).0,
                when_and_rest(&new.sentence_text).0,
            );
            let shown = |when: Vec<String>| {
                if when.is_empty() {
                    "(none)".to_owned()
                } else {
                    cap(&when.join(", "))
                }
            };
            format!("date {} → {}", shown(a), shown(b))
        }
        Reason::Wording => {
            // A quote's wording is its own words; a number's is the sentence around it.
            let (a, b) = match old.kind {
                ClaimKind::Quote => (&old.text, &new.text),
                ClaimKind::Number => (&old.sentence_text, &new.sentence_text),
            };
            // A sentence rewritten from its first words to its last shows only its opening
            // when cut down; the number's own surroundings say more, if they changed.
            let surroundings = (old.kind == ClaimKind::Number && rewritten_throughout(a, b))
                .then(|| {
                    (
                        around(&old.sentence_text, &old.text),
                        around(&new.sentence_text, &new.text),
                    )
                })
                .filter(|(a, b)| a != b);
            let (a, b) = surroundings.unwrap_or_else(|| shorten_pair(a, b));
            format!("wording \"{a}\" → \"{b}\"")
        }
    }
}

/// Words of unchanged context kept on each side of a number in a summary of its rewritten
/// sentence.
pub(super) const AROUND_WORDS: usize = 4;

/// The words of `sentence` around the first occurrence of `text`, with ellipses where cut, at
/// most [`SUMMARY_TEXT_CHARS`] characters; the start of the sentence if `text` is not in it.
pub(super) fn around(sentence: &str, text: &str) -> String {
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    // "62" is found in "62-year-old," but not in "1962", nor "a" in "area".
    let same = |word: &str, wanted: &str| {
        bare(word)
            .strip_prefix(wanted)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    };
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let wanted: Vec<String> = text.split_whitespace().map(bare).collect();
    let found = (0..words.len()).find(|&at| {
        !wanted.is_empty()
            && wanted
                .iter()
                .enumerate()
                .all(|(k, w)| words.get(at + k).is_some_and(|word| same(word, w)))
    });
    let Some(at) = found else {
        return cap(sentence);
    };
    let start = at.saturating_sub(AROUND_WORDS);
    let end = (at + AROUND_WORDS + 1).min(words.len());
    let mut shown = words.get(start..end).unwrap_or(&[]).join(" ");
    if start > 0 {
        shown.insert_str(0, "… ");
    }
    if end < words.len() {
        shown.push_str(" …");
    }
    cap(&shown)
}

pub(super) fn moved_summary(old: &Claim, new: &Claim) -> String {
    // Indices are zero-based; editors count from one.
    if old.paragraph != new.paragraph {
        format!(
            "moved from paragraph {} to {}",
            old.paragraph.saturating_add(1),
            new.paragraph.saturating_add(1)
        )
    } else {
        format!(
            "moved from sentence {} to {}",
            old.sentence.saturating_add(1),
            new.sentence.saturating_add(1)
        )
    }
}

pub(super) fn qualifier(claim: &Claim) -> Option<&str> {
    claim
        .quantity()?
        .qualifier
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
}

pub(super) fn unit_text(claim: &Claim) -> Option<&str> {
    let quantity = claim.quantity()?;
    [quantity.unit_text.as_deref(), quantity.unit.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|u| !u.is_empty())
}

/// The number as written without its hedge, so a value change reads `8,000 → 9,000` whether or
/// not the extractor kept the hedge in the claim text.
pub(super) fn number_text(claim: &Claim) -> String {
    let text = claim.text.trim();
    let stripped = qualifier(claim)
        .and_then(|q| {
            let head = text.get(..q.len())?;
            head.eq_ignore_ascii_case(q)
                .then(|| text.get(q.len()..))
                .flatten()
        })
        .map(str::trim)
        .filter(|rest| !rest.is_empty());
    stripped.unwrap_or(text).to_owned()
}

/// What an added or removed claim is shown as: the quote, or the whole number phrase.
pub(super) fn display_text(claim: &Claim) -> String {
    let phrase = claim.quantity().map_or("", |q| q.phrase.as_str());
    let text = if phrase.trim().is_empty() {
        claim.text.as_str()
    } else {
        phrase
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most [`SUMMARY_TEXT_CHARS`] characters, on one line.
pub(super) fn cap(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= SUMMARY_TEXT_CHARS {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(SUMMARY_TEXT_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Two texts cut down to the stretch where they differ, with a little context, so a long quote
/// with one word changed still fits a line.
pub(super) fn shorten_pair(old: &str, new: &str) -> (String, String) {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let fits = |words: &[&str]| words.join(" ").chars().count() <= SUMMARY_TEXT_CHARS;
    if fits(&a) && fits(&b) {
        return (a.join(" "), b.join(" "));
    }
    let (prefix, suffix) = common_ends(&a, &b);
    let start = prefix.saturating_sub(SUMMARY_CONTEXT_WORDS);
    let window = |words: &[&str]| {
        let end = (words.len() - suffix + SUMMARY_CONTEXT_WORDS).min(words.len());
        let mut shown = words.get(start..end).unwrap_or(&[]).join(" ");
        if start > 0 {
            shown.insert_str(0, "… ");
        }
        if end < words.len() {
            shown.push_str(" …");
        }
        cap(&shown)
    };
    (window(&a), window(&b))
}

/// How many words two texts share at their start and, after that, at their end.
pub(super) fn common_ends(a: &[&str], b: &[&str]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// Whether what changed between two texts, from the first differing word to the last, is too
/// long for a summary on either side: cut down, it would show where the change starts and not
/// much else.
pub(super) fn rewritten_throughout(old: &str, new: &str) -> bool {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let (prefix, suffix) = common_ends(&a, &b);
    let too_long = |words: &[&str]| {
        let changed = words.get(prefix..words.len() - suffix).unwrap_or(&[]);
        changed.join(" ").chars().count() > SUMMARY_TEXT_CHARS
    };
    too_long(&a) || too_long(&b)
}
