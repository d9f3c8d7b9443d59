//! Mapping offsets in the normalized text back to the input as it was written.
//!
//! Normalization only deletes characters (BOM, markup, surplus blank lines, trailing spaces),
//! turns whitespace of any kind into a space or a newline, and composes characters (NFC). So the
//! normalized text is, nearly, a subsequence of the input: a greedy walk that lets whitespace match
//! whitespace recovers where each character came from. Characters NFC composed are mapped to the
//! position where the walk stood; the walk never looks further than a short window ahead, so one
//! unmatched character cannot throw the rest of the mapping off.

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
