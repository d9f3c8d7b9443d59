//! Word classes looked up by hash, case-insensitively, without allocating: the word lists of the
//! extractor gathered once into one map from a lower-case word to the bit set of its classes.
//!
//! Extraction looks up several lists for nearly every word of an article; binary searches and
//! linear scans over constant lists, each after a `to_lowercase` allocation, were most of its
//! time. Here a word is lowered into a stack buffer (ASCII only: every listed word is ASCII, and no
//! non-ASCII letter lowers to an ASCII one that matters here) and looked up once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A set of word classes, one bit each; the meaning of the bits belongs to the caller.
pub(crate) type Classes = u64;

/// Lower-case words and their classes.
#[derive(Debug)]
pub(crate) struct Lexicon {
    words: HashMap<&'static [u8], Classes, BuildHasherDefault<Fnv>>,
    /// The longest word, in bytes: longer words are in no class without hashing them.
    longest: usize,
    /// By a word's first byte (its low five bits, which fold ASCII case), a bit for each length
    /// of a listed word starting so: most words of a text are in no list, and most of those are
    /// told apart by this without hashing them.
    shapes: [u32; 32],
}

/// The stack buffer words are lowered into; longer words are in no class.
const BUFFER: usize = 32;

impl Lexicon {
    /// The lexicon of `lists`: each word of a list gets the list's classes. Words must be lower
    /// case ASCII; longer than 32 bytes, they are left out.
    pub(crate) fn new(lists: &[(&[&'static str], Classes)]) -> Lexicon {
        let mut words: HashMap<&'static [u8], Classes, BuildHasherDefault<Fnv>> =
            HashMap::default();
        let mut longest = 0;
        let mut shapes = [0u32; 32];
        for &(list, classes) in lists {
            for &word in list {
                if word.len() <= BUFFER {
                    *words.entry(word.as_bytes()).or_default() |= classes;
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
        let mut buffer = [0u8; BUFFER];
        let Some(lowered) = buffer.get_mut(..bytes.len()) else {
            return 0;
        };
        for (to, &from) in lowered.iter_mut().zip(bytes) {
            *to = from.to_ascii_lowercase();
        }
        // Keyed by bytes: a lowered word needs no UTF-8 check to be looked up.
        self.words.get(&*lowered).copied().unwrap_or(0)
    }

    /// Whether `word` is in any of `classes`.
    pub(crate) fn is(&self, word: &str, classes: Classes) -> bool {
        self.classes(word) & classes != 0
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

/// FNV-1a: the keys are short words, for which it is several times faster than SipHash; the
/// lexicon is built from constants, so there is no one to mount a collision attack.
#[derive(Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
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
    }
}
