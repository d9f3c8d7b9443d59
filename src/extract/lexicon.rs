//! Word classes looked up by hash, case-insensitively, without allocating: the word lists of the
//! extractor gathered once into one map ([`WORDS`]) from a lower-case word to the bit set of its
//! classes. Every token is looked up once, when it is cut ([`super::tokens`]), for the speaker
//! and the number finders both.
//!
//! Extraction looks up several lists for nearly every word of an article; binary searches and
//! linear scans over constant lists, each after a `to_lowercase` allocation, were most of its
//! time. Here a word is lowered (ASCII only: every listed word is ASCII, and no non-ASCII letter
//! lowers to an ASCII one that matters here) into one 128-bit integer and looked up once: hashing
//! and comparing the integer costs a fraction of hashing and comparing the bytes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// A set of word classes, one bit each (see [`class`]).
pub(crate) type Classes = u64;

/// The classes of [`WORDS`]; each list is defined, and documented, where it is read.
pub(crate) mod class {
    use super::Classes;
    /// `speakers::STRONG_VERBS`.
    pub(crate) const STRONG: Classes = 1;
    /// `speakers::WEAK_VERBS`.
    pub(crate) const WEAK: Classes = 1 << 1;
    /// `speakers::PRONOUNS`.
    pub(crate) const PRONOUN: Classes = 1 << 2;
    /// `speakers::DETERMINERS`.
    pub(crate) const DETERMINER: Classes = 1 << 3;
    /// `speakers::NOUN_MARKERS`.
    pub(crate) const NOUN_MARKER: Classes = 1 << 4;
    /// `speakers::PASSIVE`.
    pub(crate) const PASSIVE: Classes = 1 << 5;
    /// `speakers::BETWEEN`.
    pub(crate) const BETWEEN: Classes = 1 << 6;
    /// `speakers::STOP`.
    pub(crate) const STOP: Classes = 1 << 7;
    /// `speakers::TITLES`.
    pub(crate) const TITLE: Classes = 1 << 8;
    /// `speakers::ORG_WORDS`.
    pub(crate) const ORG: Classes = 1 << 9;
    /// `speakers::NOT_PERSON_FIRST`.
    pub(crate) const NOT_PERSON_FIRST: Classes = 1 << 10;
    /// `speakers::CALENDAR`.
    pub(crate) const CALENDAR: Classes = 1 << 11;
    /// `speakers::OPENERS`.
    pub(crate) const OPENER: Classes = 1 << 12;
    /// `speakers::NOT_SUBJECTS`.
    pub(crate) const NOT_SUBJECT: Classes = 1 << 13;
    /// `speakers::AUXILIARIES`.
    pub(crate) const AUXILIARY: Classes = 1 << 14;
    /// `numbers::OPENING_WORDS`.
    pub(crate) const NUMBER_OPENING: Classes = 1 << 15;
    /// The verbs of `speakers::PHRASAL`, any particle.
    pub(crate) const PHRASAL_VERB: Classes = 1 << 16;
}

/// Every word list of the speaker and number finders.
pub(crate) static WORDS: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lists = super::speakers::LISTS.to_vec();
    lists.push((super::numbers::OPENING_WORDS, class::NUMBER_OPENING));
    lists.extend(
        super::speakers::PHRASAL
            .iter()
            .map(|&(verbs, _)| (verbs, class::PHRASAL_VERB)),
    );
    Lexicon::new(&lists)
});

/// Lower-case words and their classes.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// By [`key`]: the word's length (two words differing only by trailing NUL bytes share a
    /// key) and its classes.
    words: HashMap<u128, (usize, Classes), BuildHasherDefault<KeyHasher>>,
    /// The longest word, in bytes: longer words are in no class without hashing them.
    longest: usize,
    /// By a word's first byte (its low five bits, which fold ASCII case), a bit for each length
    /// of a listed word starting so: most words of a text are in no list, and most of those are
    /// told apart by this without hashing them.
    shapes: [u32; 32],
}

/// The longest word a lexicon holds, in bytes: the width of a [`key`]. Every listed word of the
/// extractor is shorter (the longest, "superintendent", has 14 letters).
const LONGEST: usize = 16;

impl Lexicon {
    /// The lexicon of `lists`: each word of a list gets the list's classes. Words must be lower
    /// case ASCII; longer than 16 bytes, they are left out.
    pub(crate) fn new(lists: &[(&[&'static str], Classes)]) -> Lexicon {
        let mut words: HashMap<u128, (usize, Classes), BuildHasherDefault<KeyHasher>> =
            HashMap::default();
        let mut longest = 0;
        let mut shapes = [0u32; 32];
        for &(list, classes) in lists {
            for &word in list {
                let Some(key) = key(word.as_bytes()) else {
                    continue;
                };
                words.entry(key).or_insert((word.len(), 0)).1 |= classes;
                longest = longest.max(word.len());
                if let Some(shape) = word
                    .as_bytes()
                    .first()
                    .and_then(|&b| shapes.get_mut(shape_index(b)))
                {
                    *shape |= shape_bit(word.len());
                }
            }
        }
        Lexicon {
            words,
            longest,
            shapes,
        }
    }

    /// The classes of `word`, whatever its ASCII case.
    pub(crate) fn classes(&self, word: &str) -> Classes {
        let bytes = word.as_bytes();
        let Some(&first) = bytes.first() else {
            return 0;
        };
        if bytes.len() > self.longest
            || self
                .shapes
                .get(shape_index(first))
                .is_none_or(|&shape| shape & shape_bit(bytes.len()) == 0)
        {
            return 0;
        }
        match key(bytes).and_then(|key| self.words.get(&key)) {
            Some(&(len, classes)) if len == bytes.len() => classes,
            _ => 0,
        }
    }

    /// Whether `word` is in any of `classes`.
    pub(crate) fn is(&self, word: &str, classes: Classes) -> bool {
        self.classes(word) & classes != 0
    }
}

/// `word` in ASCII lower case as one integer (its bytes little-endian, zero-padded); `None` when
/// longer than [`LONGEST`].
fn key(word: &[u8]) -> Option<u128> {
    let raw = u128::from(low_half(word)?) | u128::from(high_half(word)?) << 64;
    // Lower-cased sixteen bytes at once: a byte gets 0x20 added when it is in 'A'..='Z'. Adding
    // to each byte's low seven bits never carries into the next byte; bytes of 0x80 and more are
    // left as they are, as `u8::to_ascii_lowercase` leaves them.
    const LOW_SEVEN: u128 = u128::from_le_bytes([0x7f; LONGEST]);
    const HIGH: u128 = u128::from_le_bytes([0x80; LONGEST]);
    let low = raw & LOW_SEVEN;
    let from_a = low + u128::from_le_bytes([0x80 - b'A'; LONGEST]);
    let past_z = low + u128::from_le_bytes([0x80 - b'Z' - 1; LONGEST]);
    let upper = from_a & !past_z & !raw & HIGH;
    Some(raw | upper >> 2)
}

// The halves are read with loads that may overlap, joined by `|`: a byte read twice lands in
// the same place both times. Copying the word into a zeroed buffer instead stalled every lookup
// on reading back what the copy had just written.

/// Bytes 0 to 8 of `word` (zero-padded) as a little-endian integer.
fn low_half(word: &[u8]) -> Option<u64> {
    let len = word.len();
    Some(match len {
        0 => 0,
        1..=3 => {
            let byte = |i: usize| word.get(i).map_or(0, |&b| u64::from(b) << (8 * i));
            byte(0) | byte(len / 2) | byte(len - 1)
        }
        4..=7 => {
            let head = u32::from_le_bytes(word.get(..4)?.try_into().ok()?);
            let tail = u32::from_le_bytes(word.get(len - 4..)?.try_into().ok()?);
            u64::from(head) | u64::from(tail) << (8 * (len - 4))
        }
        _ => u64::from_le_bytes(word.get(..8)?.try_into().ok()?),
    })
}

/// Bytes 8 to 16 of `word` (zero-padded) as a little-endian integer; `None` when `word` is longer.
fn high_half(word: &[u8]) -> Option<u64> {
    let len = word.len();
    match len {
        0..=8 => Some(0),
        9..=LONGEST => {
            // The last eight bytes, moved down so that byte 8 of the word comes first.
            let tail = u64::from_le_bytes(word.get(len - 8..)?.try_into().ok()?);
            Some(tail >> (8 * (LONGEST - len)))
        }
        _ => None,
    }
}

/// The slot of [`Lexicon::shapes`] for a word starting with `first`: ASCII letters of either case
/// share one; other bytes may share a slot with a letter, which only lets more words through.
fn shape_index(first: u8) -> usize {
    usize::from(first & 31)
}

/// The bit of [`Lexicon::shapes`] for a word of `len` bytes; lengths of 31 and more share one.
fn shape_bit(len: usize) -> u32 {
    1 << len.min(31)
}

/// Hashes a [`key`] with one 128-bit multiplication whose halves are folded together: the keys
/// are built from constants, so there is no one to mount a collision attack, and SipHash would
/// cost more than the rest of a lookup.
#[derive(Debug, Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u128(&mut self, key: u128) {
        // Both halves of the product depend on every byte of the key; the table takes its slot
        // from the low bits and its tag from the high ones. The constants are SplitMix's and
        // PCG's multipliers.
        let mixed = (key as u64 ^ (key >> 64) as u64 ^ self.0)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
        let product = u128::from(mixed) * 0x5851_f42d_4c95_7f2d;
        self.0 = product as u64 ^ (product >> 64) as u64;
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u128` keys are hashed; other input is folded in a byte at a time, correctly if
        // slowly.
        for &b in bytes {
            self.write_u128(u128::from(b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_ignore_ascii_case_and_combine() {
        let lexicon = Lexicon::new(&[(&["said", "the"], 1), (&["the"], 2)]);
        assert_eq!(lexicon.classes("SAID"), 1);
        assert_eq!(lexicon.classes("The"), 3);
        assert!(lexicon.is("the", 2));
        assert_eq!(lexicon.classes("saidx"), 0);
        // The shape of a listed word (first letter, length) is not enough.
        assert_eq!(lexicon.classes("Sand"), 0);
        assert_eq!(lexicon.classes("3aid"), 0);
        assert_eq!(lexicon.classes(""), 0);
        assert_eq!(lexicon.classes("Ünïcode"), 0);
        assert_eq!(lexicon.classes(&"a".repeat(100)), 0);
        // Words that differ only past the sixteenth byte, or only by a trailing NUL, differ.
        let long = Lexicon::new(&[(&["abcdefghijklmnop", "abcdefghijklmnopq", "ab"], 1)]);
        assert_eq!(long.classes("ABCDEFGHIJKLMNOP"), 1);
        assert_eq!(long.classes("abcdefghijklmnopq"), 0);
        assert_eq!(long.classes("ab\0"), 0);
        assert_eq!(long.classes("aB"), 1);
    }

    #[test]
    fn keys_lower_only_ascii_capitals() {
        let every_byte: Vec<u8> = (0..=255).collect();
        for len in 0..=LONGEST {
            for chunk in every_byte.chunks(len.max(1)) {
                let chunk = chunk.get(..len).unwrap_or(chunk);
                let lowered: Vec<u8> = chunk.iter().map(u8::to_ascii_lowercase).collect();
                assert_eq!(key(chunk), key_of_lowered(&lowered), "{chunk:?}");
            }
        }
        assert_eq!(key(&[b'a'; LONGEST + 1]), None);
    }

    /// The key of bytes already lowered, byte by byte.
    fn key_of_lowered(lowered: &[u8]) -> Option<u128> {
        let mut bytes = [0u8; LONGEST];
        bytes.get_mut(..lowered.len())?.copy_from_slice(lowered);
        Some(u128::from_le_bytes(bytes))
    }
}
