//! Mapping offsets in the normalized text back to the input as it was written.
//!
//! Normalization only deletes characters (BOM, markup, surplus blank lines, trailing spaces),
//! turns whitespace of any kind into a space or a newline, and composes characters (NFC). So the
//! normalized text is, nearly, a subsequence of the input: a greedy walk that lets whitespace match
//! whitespace recovers where each character came from. Characters NFC composed are mapped to the
//! position where the walk stood; the walk never looks further than a short window ahead, so one
//! unmatched character cannot throw the rest of the mapping off.
//!
//! [`CharIndex`] turns byte offsets into character offsets inside the normalized text itself.

const WINDOW: usize = 64;

/// For each character of `normalized` (and one past the end), its character index in `source`.
pub fn source_offsets(source: &str, normalized: &str) -> Vec<usize> {
    let source: Vec<char> = source.chars().collect();
    let mut out = Vec::with_capacity(normalized.len() + 1);
    let mut at = 0;
    for ch in normalized.chars() {
        let end = source.len().min(at + WINDOW);
        match (at..end).find(|&k| same(ch, source[k])) {
            Some(found) => {
                out.push(found);
                at = found + 1;
            }
            None => {
                out.push(at.min(source.len()));
                at = (at + 1).min(source.len());
            }
        }
    }
    out.push(at);
    out
}

/// Where a character of the normalized text came from in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourcePosition {
    /// Its character offset in the source.
    pub char: usize,
    /// Its byte offset in the source.
    pub byte: usize,
    /// The length in bytes of the source character it came from (0 past the end).
    pub len: usize,
}

/// [`source_offsets`] for the normalized characters `wanted` only (character offsets, in any
/// order; the text's length means one past the end), by the same walk, in one pass with a
/// window of the source in memory: the table of every character took twelve bytes a character
/// of the input, which `extract` on a large file cannot afford for a handful of claims.
pub fn source_positions(
    source: &str,
    normalized: &str,
    wanted: &[usize],
) -> std::collections::HashMap<usize, SourcePosition> {
    let mut order: Vec<usize> = wanted.to_vec();
    order.sort_unstable();
    order.dedup();
    let mut next_wanted = order.iter().copied().peekable();
    let mut found_at = std::collections::HashMap::with_capacity(order.len());
    // (char offset, byte offset, char) of the source from the walk's position on.
    let mut ahead: std::collections::VecDeque<(usize, usize, char)> =
        std::collections::VecDeque::with_capacity(WINDOW);
    let mut rest = source.char_indices().enumerate();
    let fill = |ahead: &mut std::collections::VecDeque<(usize, usize, char)>,
                rest: &mut std::iter::Enumerate<std::str::CharIndices<'_>>| {
        while ahead.len() < WINDOW {
            match rest.next() {
                Some((at, (byte, ch))) => ahead.push_back((at, byte, ch)),
                None => break,
            }
        }
    };
    let end_of_source = SourcePosition {
        char: source.chars().count(),
        byte: source.len(),
        len: 0,
    };
    for (index, ch) in normalized.chars().enumerate() {
        if next_wanted.peek().is_none() {
            break;
        }
        fill(&mut ahead, &mut rest);
        let here = match ahead.iter().position(|&(_, _, s)| same(ch, s)) {
            Some(k) => {
                let (at, byte, s) = ahead[k];
                ahead.drain(..=k);
                SourcePosition {
                    char: at,
                    byte,
                    len: s.len_utf8(),
                }
            }
            None => {
                let position =
                    ahead
                        .front()
                        .map_or(end_of_source, |&(at, byte, s)| SourcePosition {
                            char: at,
                            byte,
                            len: s.len_utf8(),
                        });
                ahead.pop_front();
                position
            }
        };
        while next_wanted.next_if_eq(&index).is_some() {
            found_at.insert(index, here);
        }
    }
    // One past the end, and anything beyond the text: where the walk stopped.
    for index in next_wanted {
        fill(&mut ahead, &mut rest);
        let position = ahead
            .front()
            .map_or(end_of_source, |&(at, byte, _)| SourcePosition {
                char: at,
                byte,
                len: 0,
            });
        found_at.insert(index, position);
    }
    found_at
}

fn same(normalized: char, source: char) -> bool {
    normalized == source
        || (normalized.is_whitespace() && (source.is_whitespace() || source.is_control()))
}

/// Bytes per block of [`CharIndex`]: a lookup counts at most this many bytes.
const BLOCK: usize = 64;

/// The character offset of any byte offset of one text, in constant time.
///
/// A table of every character's byte offset took eight bytes a character to build and a binary
/// search that missed the cache at each step to read, for every span handed out. This keeps one
/// count a block of 64 bytes and counts the rest of the block; for ASCII text, nearly every
/// English article, it keeps nothing, as a byte is a character.
#[derive(Clone, Debug)]
pub(super) struct CharIndex {
    ascii: bool,
    /// The characters before each block, and after the last one the text's character count.
    before_block: Vec<usize>,
}

impl CharIndex {
    /// The index of `text`, which every later lookup must be given again.
    pub(super) fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex {
                ascii: true,
                before_block: Vec::new(),
            };
        }
        let mut before_block = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut chars = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            before_block.push(chars);
            chars += char_starts(block);
        }
        before_block.push(chars);
        CharIndex {
            ascii: false,
            before_block,
        }
    }

    /// The number of characters of `text` before byte `at`, a character boundary of the text
    /// this index was built from.
    pub(super) fn chars_before(&self, text: &str, at: usize) -> usize {
        if self.ascii {
            return at;
        }
        let block = at / BLOCK;
        let counted = self.before_block.get(block).copied().unwrap_or_default();
        let rest = text.as_bytes().get(block * BLOCK..at).unwrap_or_default();
        counted + char_starts(rest)
    }
}

/// How many characters start in `bytes`: the bytes that are not UTF-8 continuation bytes.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Document, Format};

    fn check(source: &str, format: Format) {
        let doc = Document::parse(source, format);
        let map = source_offsets(source, doc.text());
        let src: Vec<char> = source.chars().collect();
        for (i, ch) in doc.text().chars().enumerate() {
            if !ch.is_whitespace() {
                assert_eq!(src[map[i]], ch, "char {i} of {:?}", doc.text());
            }
        }
        assert_eq!(map.len(), doc.text().chars().count() + 1);
    }

    #[test]
    fn recovers_positions_through_normalization() {
        check(
            "\u{feff}Title\r\n\r\n\r\n\r\nHe said “it’s fine”.  \r\nMore\ttext.",
            Format::Text,
        );
        check(
            "# Head\n\nSome **bold** and [a link](https://x.org) here.\n\n- item one",
            Format::Markdown,
        );
        check("  leading and trailing  \n\n\n", Format::Text);
    }

    #[test]
    fn char_index_counts_characters_before_every_boundary() {
        let long_ascii = "a".repeat(3 * BLOCK);
        let mixed = format!("{}é€😀 «x»{}", "b".repeat(BLOCK - 1), "ü".repeat(BLOCK));
        for text in [
            "",
            "plain ascii",
            "héllo wörld",
            long_ascii.as_str(),
            mixed.as_str(),
        ] {
            let index = CharIndex::new(text);
            let boundaries = text.char_indices().map(|(at, _)| at).chain([text.len()]);
            for (chars, at) in boundaries.enumerate() {
                assert_eq!(index.chars_before(text, at), chars, "byte {at} of {text:?}");
            }
        }
    }

    #[test]
    fn positions_agree_with_the_whole_table() {
        for (source, format) in [
            (
                "\u{feff}Title\r\n\r\n\r\nHe said “it’s fine”.  \r\nMore\ttext é€.",
                Format::Text,
            ),
            (
                "# Head\n\nSome **bold** and [a link](https://x.org) here.\n\n- item one",
                Format::Markdown,
            ),
            ("Cafe\u{301} du monde, 8,000 people", Format::Text),
        ] {
            let doc = Document::parse(source, format);
            let table = source_offsets(source, doc.text());
            let all: Vec<usize> = (0..table.len()).rev().collect();
            let positions = source_positions(source, doc.text(), &all);
            let byte_of: Vec<usize> = source
                .char_indices()
                .map(|(b, _)| b)
                .chain([source.len()])
                .collect();
            for (index, &char) in table.iter().enumerate() {
                let position = positions[&index];
                assert_eq!(position.char, char, "char {index} of {source:?}");
                assert_eq!(position.byte, byte_of[char], "byte of char {index}");
            }
        }
    }

    #[test]
    fn unmatched_characters_do_not_derail_the_rest() {
        // "e" + combining acute composes to "é" under NFC: the one character is approximate, the
        // rest exact.
        let source = "Cafe\u{301} du monde, 8,000 people";
        let doc = Document::parse(source, Format::Text);
        let map = source_offsets(source, doc.text());
        let at = doc.text().chars().position(|c| c == '8').expect("digit");
        assert_eq!(source.chars().nth(map[at]), Some('8'));
    }
}
