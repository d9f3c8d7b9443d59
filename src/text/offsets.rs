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
