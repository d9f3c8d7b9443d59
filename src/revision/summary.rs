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
                    Some((
                        around_excerpt(&old.sentence_text, &old.text)?,
                        around_excerpt(&new.sentence_text, &new.text)?,
                    ))
                })
                .flatten()
                .filter(|(a, b)| a.text != b.text);
            let (a, b) = match surroundings {
                Some((a, b)) => shorten_excerpts(&a, &b),
                None => shorten_pair(a, b),
            };
            format!("wording \"{a}\" → \"{b}\"")
        }
    }
}

/// Words of unchanged context kept on each side of a number in a summary of its rewritten
/// sentence.
pub(super) const AROUND_WORDS: usize = 4;

/// The words of `sentence` around the first occurrence of `text`, with ellipses where cut, at
/// most [`SUMMARY_TEXT_CHARS`] characters; the start of the sentence if `text` is not in it.
#[cfg(test)]
pub(super) fn around(sentence: &str, text: &str) -> String {
    around_excerpt(sentence, text).map_or_else(|| cap(sentence), |excerpt| excerpt.render())
}

/// The words of `sentence` around the first occurrence of `text` ([`AROUND_WORDS`] on each
/// side), or `None` if `text` is not in it.
pub(super) fn around_excerpt(sentence: &str, text: &str) -> Option<Excerpt> {
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
    let at = (0..words.len()).find(|&at| {
        !wanted.is_empty()
            && wanted
                .iter()
                .enumerate()
                .all(|(k, w)| words.get(at + k).is_some_and(|word| same(word, w)))
    })?;
    let start = at.saturating_sub(AROUND_WORDS);
    let end = (at + AROUND_WORDS + 1).min(words.len());
    Some(Excerpt {
        text: words.get(start..end).unwrap_or(&[]).join(" "),
        cut_before: start > 0,
        cut_after: end < words.len(),
    })
}

/// A stretch of a text shown in a summary: its words on one line, and whether text of the whole
/// was left out before or after it (shown as `…`).
pub(super) struct Excerpt {
    text: String,
    cut_before: bool,
    cut_after: bool,
}

impl Excerpt {
    fn whole(text: &str) -> Excerpt {
        Excerpt {
            text: one_line(text),
            cut_before: false,
            cut_after: false,
        }
    }

    /// `text[start..end]` of this excerpt as shown: ellipses where anything is left out, capped.
    /// `start` and `end` must be char boundaries.
    fn render_range(&self, start: usize, end: usize) -> String {
        let mut shown = String::new();
        if self.cut_before || start > 0 {
            shown.push_str("… ");
        }
        shown.push_str(self.text.get(start..end).unwrap_or(""));
        if self.cut_after || end < self.text.len() {
            shown.push_str(" …");
        }
        cap(&shown)
    }

    fn render(&self) -> String {
        self.render_range(0, self.text.len())
    }

    /// Whether it is shown whole, ellipses included, within [`SUMMARY_TEXT_CHARS`].
    fn fits(&self) -> bool {
        let ellipses = 2 * (usize::from(self.cut_before) + usize::from(self.cut_after));
        self.text.chars().count() + ellipses <= SUMMARY_TEXT_CHARS
    }
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
    let one_line = one_line(text);
    if one_line.chars().count() <= SUMMARY_TEXT_CHARS {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(SUMMARY_TEXT_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The words of `text` separated by single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Two texts cut down around their first difference, so a long quote with one word changed still
/// fits a line and the two sides never read alike.
pub(super) fn shorten_pair(old: &str, new: &str) -> (String, String) {
    shorten_excerpts(&Excerpt::whole(old), &Excerpt::whole(new))
}

/// Two excerpts shown whole when both fit a summary, else cut the same way around their first
/// difference: a few words of common context before it (at most [`SUMMARY_CONTEXT_CHARS`]
/// characters, cutting inside a long word if it must), then what differs, to the end of its
/// word, and [`SUMMARY_CONTEXT_WORDS`] words of the common rest, `…` for what is left out.
///
/// The first differing character is at most `SUMMARY_CONTEXT_CHARS + 2` characters into either
/// side, well inside the cap, so whenever the texts differ the two sides shown differ where the
/// reader looks first; cutting both after the same common context (or at the same place inside
/// the same word) keeps them aligned. Differences are found by characters, not words, so a word
/// that changed only at its end ("organization" → "organizations") or one long address is cut
/// down to the change as well. Linear in the texts; every cut is on a char boundary.
pub(super) fn shorten_excerpts(old: &Excerpt, new: &Excerpt) -> (String, String) {
    if old.fits() && new.fits() {
        return (old.render(), new.render());
    }
    let (a, b) = (old.text.as_str(), new.text.as_str());
    let prefix = common_prefix_len(a, b);
    let suffix = common_suffix_len(a.get(prefix..).unwrap_or(""), b.get(prefix..).unwrap_or(""));
    let start = context_start(a.get(..prefix).unwrap_or(""));
    let end = |text: &str| context_end(text, text.len() - suffix).max(start);
    (
        old.render_range(start, end(a)),
        new.render_range(start, end(b)),
    )
}

/// Byte length of the longest common prefix of `a` and `b`, on a char boundary of both.
fn common_prefix_len(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((at, _), _)| at)
}

/// Byte length of the longest common suffix of `a` and `b`, on a char boundary of both.
fn common_suffix_len(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// Where the shown stretch starts in `common`, the text both sides share before their first
/// difference: at the start of the word the difference falls in, then up to
/// [`SUMMARY_CONTEXT_WORDS`] words further back, keeping at most [`SUMMARY_CONTEXT_CHARS`]
/// characters; inside the word if that alone is longer.
fn context_start(common: &str) -> usize {
    let mut start = common.rfind(' ').map_or(0, |space| space + 1);
    let mut kept = common.get(start..).unwrap_or("").chars().count();
    if kept > SUMMARY_CONTEXT_CHARS {
        return common
            .char_indices()
            .rev()
            .nth(SUMMARY_CONTEXT_CHARS - 1)
            .map_or(0, |(at, _)| at);
    }
    for _ in 0..SUMMARY_CONTEXT_WORDS {
        let Some(before) = start.checked_sub(1) else {
            break;
        };
        let word_start = common
            .get(..before)
            .and_then(|head| head.rfind(' '))
            .map_or(0, |space| space + 1);
        let word = common.get(word_start..start).unwrap_or("").chars().count();
        if kept + word > SUMMARY_CONTEXT_CHARS {
            break;
        }
        kept += word;
        start = word_start;
    }
    start
}

/// Where the shown stretch of `text` ends when what differs ends at `changed_end`: at the end of
/// that word, then [`SUMMARY_CONTEXT_WORDS`] more.
fn context_end(text: &str, changed_end: usize) -> usize {
    // The end of the word at or after `from`: a space or the end of the text.
    let word_end = |from: usize| {
        text.get(from..)
            .and_then(|rest| rest.find(' '))
            .map_or(text.len(), |space| from + space)
    };
    let head = text.get(..changed_end).unwrap_or(text);
    let mut end = if head.is_empty() || head.ends_with(' ') {
        // What differs ended with a word: the context is the words after it.
        changed_end.saturating_sub(1)
    } else {
        word_end(changed_end)
    };
    for _ in 0..SUMMARY_CONTEXT_WORDS {
        if end >= text.len() {
            break;
        }
        end = word_end(end + 1);
    }
    end.min(text.len())
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
