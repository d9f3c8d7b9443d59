//! Quotation marks: which marks open and close a quote inside one paragraph.
//!
//! Shared by the sentence splitter (no sentence ends inside a quote) and the quote extractor, so
//! both always agree on where quotes are. Single quotes are never quote marks here: they are far
//! more often apostrophes, and a single-quoted quote inside a double-quoted one belongs to it.

/// One quote found in a paragraph. All offsets are bytes into the whole text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Region {
    /// The opening mark.
    pub(crate) open: usize,
    /// The quoted words, trimmed of surrounding whitespace.
    pub(crate) start: usize,
    /// End of the quoted words.
    pub(crate) end: usize,
    /// One past the closing mark; `None` if the quote is never closed in this paragraph.
    pub(crate) close_end: Option<usize>,
    /// For an unclosed quote: whether it runs to the end of the paragraph (rather than being cut
    /// by a later opening mark), so that the next paragraph may continue it.
    pub(crate) to_paragraph_end: bool,
}

impl Region {
    /// One past the last byte belonging to the quote, marks included.
    pub(crate) fn outer_end(&self) -> usize {
        self.close_end.unwrap_or(self.end)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// `"…"`, `“…”`, `„…“` and newspaper ``` ``…'' ```/`''…''`: closed by any double mark.
    Double,
    /// `«…»`: other marks inside are nested quotes.
    Guillemet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// Only ever opens: `“`, `„`, ``` `` ```.
    Open,
    /// Prefers closing but may open by context: `”`.
    Close,
    /// Decided by context: `"`, `''`.
    Either,
    GuillemetOpen,
    GuillemetClose,
}

/// The first byte of every quotation mark [`mark_at`] knows.
const MARK_BYTES: [u8; 5] = [b'"', b'\'', b'`', 0xE2, 0xC2];

/// The quotation mark starting at byte `at`, and its length in bytes.
fn mark_at(text: &str, at: usize) -> Option<(Mark, usize)> {
    let rest = text.get(at..)?;
    if rest.starts_with("``") {
        return Some((Mark::Open, 2));
    }
    if rest.starts_with("''") {
        return Some((Mark::Either, 2));
    }
    let ch = rest.chars().next()?;
    let mark = match ch {
        '"' => Mark::Either,
        '“' | '„' => Mark::Open,
        '”' => Mark::Close,
        '«' => Mark::GuillemetOpen,
        '»' => Mark::GuillemetClose,
        _ => return None,
    };
    Some((mark, ch.len_utf8()))
}

fn opens_after(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || "([{<—–-/:“‘'„«`".contains(c))
}

fn closes_before(next: Option<char>) -> bool {
    next.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}>…—–-/'’”»".contains(c))
}

/// The quotes in `text[start..end]` (one paragraph), in order.
pub(crate) fn scan(text: &str, start: usize, end: usize) -> Vec<Region> {
    let end = super::floor_boundary(text, end);
    let start = super::floor_boundary(text, start).min(end);
    let mut regions = Vec::new();
    // The open quote: its family, the opening mark's offset and where its words start.
    let mut open: Option<(Family, usize, usize)> = None;
    let bytes = text.as_bytes();
    let mut at = start;
    while at < end {
        // Jump to the next byte that can start a mark: an ASCII mark or the lead byte of `“ ” „`
        // (E2) or `« »` (C2). Lead bytes and ASCII are always character boundaries.
        let Some(skip) = bytes
            .get(at..end)
            .and_then(|rest| super::find_any_byte(rest, &MARK_BYTES))
        else {
            break;
        };
        at += skip;
        let Some((mark, len)) = mark_at(text, at).filter(|&(_, len)| at + len <= end) else {
            at += 1;
            continue;
        };
        let prev = text.get(start..at).and_then(|r| r.chars().next_back());
        let next = text.get(at + len..end).and_then(|r| r.chars().next());
        let can_open = opens_after(prev) && next.is_some_and(|c| !c.is_whitespace());
        let can_close = prev.is_some_and(|c| !c.is_whitespace()) && closes_before(next);
        match (open, mark) {
            (None, Mark::GuillemetOpen) => open = Some((Family::Guillemet, at, at + len)),
            (Some((Family::Guillemet, open_at, words)), Mark::GuillemetClose) => {
                push(
                    &mut regions,
                    text,
                    open_at,
                    words,
                    at,
                    Some(at + len),
                    false,
                );
                open = None;
            }
            // Inside guillemets every other mark is a nested quote; stray guillemets are ignored.
            (Some((Family::Guillemet, ..)), _)
            | (_, Mark::GuillemetOpen | Mark::GuillemetClose) => {}
            (None, Mark::Open) => open = Some((Family::Double, at, at + len)),
            (None, Mark::Close | Mark::Either) => {
                // `”` typed as an opener (Swedish style, bad autocorrect) still opens; any other
                // stray closing mark (an inch sign, a typo) is left alone.
                if can_open && !can_close {
                    open = Some((Family::Double, at, at + len));
                }
            }
            (Some((Family::Double, open_at, words)), Mark::Close) => {
                push(
                    &mut regions,
                    text,
                    open_at,
                    words,
                    at,
                    Some(at + len),
                    false,
                );
                open = None;
            }
            (Some((Family::Double, open_at, words)), Mark::Open | Mark::Either) => {
                let closes = if mark == Mark::Open {
                    can_close && !can_open
                } else {
                    can_close || !can_open
                };
                if closes {
                    push(
                        &mut regions,
                        text,
                        open_at,
                        words,
                        at,
                        Some(at + len),
                        false,
                    );
                    open = None;
                } else {
                    // A new quote starts while one is open: the first was never closed.
                    push(&mut regions, text, open_at, words, at, None, false);
                    open = Some((Family::Double, at, at + len));
                }
            }
        }
        at += len;
    }
    if let Some((_, open_at, words)) = open {
        push(&mut regions, text, open_at, words, end, None, true);
    }
    regions
}

fn push(
    regions: &mut Vec<Region>,
    text: &str,
    open: usize,
    words_start: usize,
    words_end: usize,
    close_end: Option<usize>,
    to_paragraph_end: bool,
) {
    let Some(words) = text.get(words_start..words_end) else {
        return;
    };
    let lead = words.len() - words.trim_start().len();
    let trimmed = words.trim();
    if trimmed.is_empty() {
        return;
    }
    regions.push(Region {
        open,
        start: words_start + lead,
        end: words_start + lead + trimmed.len(),
        close_end,
        to_paragraph_end,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<(&str, bool)> {
        scan(text, 0, text.len())
            .iter()
            .map(|r| {
                (
                    text.get(r.start..r.end).unwrap_or(""),
                    r.close_end.is_some(),
                )
            })
            .collect()
    }

    #[test]
    fn straight_quotes_by_context() {
        assert_eq!(
            quoted(r#""Yes," he said, "it's the 5'10" guy's 'plan'." Then "no"."#),
            // The inch sign closes the quote early: a known limit of context rules.
            [("Yes,", true), ("it's the 5'10", true), ("no", true)]
        );
        assert_eq!(
            quoted(r#"called on the government "and all" to agree "without delay.""#),
            [("and all", true), ("without delay.", true)]
        );
    }

    #[test]
    fn other_marks() {
        assert_eq!(
            quoted("“A ‘b’ c,” he said. «D “e” f» ``G'' ''H''"),
            [
                ("A ‘b’ c,", true),
                ("D “e” f", true),
                ("G", true),
                ("H", true)
            ]
        );
    }

    #[test]
    fn unclosed_quotes() {
        let text = r#"He said "this never ends. And "this" does."#;
        let regions = scan(text, 0, text.len());
        assert_eq!(regions.len(), 2);
        assert_eq!(regions[0].close_end, None);
        assert!(!regions[0].to_paragraph_end);
        assert_eq!(
            text.get(regions[0].start..regions[0].end),
            Some("this never ends. And")
        );
        let open = scan("“Runs to the end.", 0, 19);
        assert!(open.len() == 1 && open[0].to_paragraph_end && open[0].close_end.is_none());
    }

    #[test]
    fn other_multibyte_characters_between_marks_are_skipped() {
        // `—`, `…` and `é` share the lead bytes of the marks (E2, C3) or none at all.
        assert_eq!(
            quoted("Café — “Oui…” — « Non » ‘x’ –“Yes,” he said"),
            [("Oui…", true), ("Non", true), ("Yes,", true)]
        );
    }
}
