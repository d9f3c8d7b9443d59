//! Words of a sentence with their punctuation and whether they sit inside a quote: the shared
//! view the speaker and number finders work on.

use std::borrow::Cow;

use super::lexicon::{self, Classes};
use crate::text::{Document, group};

/// One whitespace-separated chunk of text, split into leading punctuation, word and trailing
/// punctuation. Offsets are bytes into the document text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'t> {
    /// The word without surrounding punctuation (may be empty for a lone dash).
    pub(crate) word: &'t str,
    /// Start of `word`.
    pub(crate) start: usize,
    /// End of `word`.
    pub(crate) end: usize,
    /// Punctuation before the word ("\"", "($").
    pub(crate) lead: &'t str,
    /// Punctuation after the word (",", ".\"", "%").
    pub(crate) trail: &'t str,
    /// Whether the word lies inside a quotation.
    pub(crate) quoted: bool,
    /// The word's classes in [`lexicon::WORDS`]: looked up once here, as both finders ask about
    /// nearly every word, some several times.
    pub(crate) classes: Classes,
}

impl<'t> Token<'t> {
    /// Whether the word is in any of `classes`.
    pub(crate) fn is(&self, classes: Classes) -> bool {
        self.classes & classes != 0
    }

    /// Whether punctuation after this word separates it from the next one.
    pub(crate) fn ends_phrase(&self) -> bool {
        self.trail.chars().any(|c| !matches!(c, '\'' | '’'))
    }

    /// Whether the only punctuation after the word is the dot of an abbreviation or initial
    /// ("Dr.", "J."), which does not end a name.
    pub(crate) fn abbreviation_dot(&self, abbreviation: impl Fn(&str) -> bool) -> bool {
        self.trail == "." && (self.word.chars().count() == 1 || abbreviation(self.word))
    }

    /// Whether punctuation before this word separates it from the previous one.
    pub(crate) fn starts_phrase(&self) -> bool {
        !self.lead.is_empty()
    }

    /// Whether the word starts with an upper-case letter.
    pub(crate) fn capitalized(&self) -> bool {
        starts_upper(self.word)
    }

    /// The word in lower case: borrowed when it is lower-case ASCII already, as most words of a
    /// text are, so that the number finder can lower every word it looks at without allocating.
    pub(crate) fn lower(&self) -> Cow<'t, str> {
        if self
            .word
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            Cow::Borrowed(self.word)
        } else {
            Cow::Owned(self.word.to_lowercase())
        }
    }
}

/// Whether `word` starts with an upper-case letter; an ASCII one, nearly always, is told without
/// decoding: every rule about names asks this of nearly every word.
pub(crate) fn starts_upper(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(byte) if byte.is_ascii() => byte.is_ascii_uppercase(),
        Some(_) => word.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

/// The tokens of `text[start..end]`, appended to `out`; `quoted` ranges are `(open, outer_end)`
/// byte pairs, sorted and disjoint (as the quotation-mark scanner finds them), so that one cursor
/// walking along with the words finds the one around a word: a linear scan made tokenizing
/// quadratic in the length of a long text.
///
/// One pass over the bytes; ASCII (nearly all of an English article) is classified without
/// decoding, other characters are decoded and classified as `char::is_whitespace` and
/// `char::is_alphanumeric` say.
pub(crate) fn tokenize_into<'t>(
    out: &mut Vec<Token<'t>>,
    text: &'t str,
    start: usize,
    end: usize,
    quoted: &[(usize, usize)],
) {
    let Some(slice) = text.get(start..end) else {
        return;
    };
    // The first quoted range that opens at or after the words seen so far: found by halving for
    // the first word, since a cursor restarted at zero for every sentence made tokenizing a long
    // text quadratic in its number of quotes.
    let mut range = quoted.partition_point(|&(open, _)| open < start);
    let mut at = 0;
    while let Some((class, len)) = class_at(slice, at) {
        if class == SPACE {
            at += len;
            continue;
        }
        // One pass over the chunk finds its end and where its word starts and ends.
        let chunk_start = at;
        let mut word_from = None;
        let mut word_to = chunk_start;
        while let Some((class, len)) = class_at(slice, at) {
            if class == SPACE {
                break;
            }
            if class == ALPHANUMERIC {
                word_from.get_or_insert(at);
                word_to = at + len;
            }
            // A quotation mark with no space between it and the next word (`paranoia,”Clinton
            // said`, `said:“We`) still ends one word and starts the other.
            if class == PUNCTUATION && word_from.is_some() {
                match glued_quotation_mark(slice, at, len) {
                    Some(Glued::Closing) => {
                        at += len;
                        break;
                    }
                    Some(Glued::Opening) => break,
                    None => {}
                }
            }
            at += len;
        }
        // Without a letter or digit the chunk is all lead ("—", "…”").
        let word_from = word_from.unwrap_or(at);
        let word_to = word_to.max(word_from);
        let word_start = start + word_from;
        while quoted
            .get(range)
            .is_some_and(|&(open, _)| open < word_start)
        {
            range += 1;
        }
        let inside = range
            .checked_sub(1)
            .and_then(|r| quoted.get(r))
            .is_some_and(|&(_, close)| word_start < close);
        let word = slice.get(word_from..word_to).unwrap_or("");
        out.push(Token {
            word,
            start: word_start,
            end: start + word_to,
            lead: slice.get(chunk_start..word_from).unwrap_or(""),
            trail: slice.get(word_to..at).unwrap_or(""),
            quoted: inside,
            classes: lexicon::WORDS.classes(word),
        });
    }
}

/// Which side of a quotation mark glued to a word the mark belongs to.
enum Glued {
    /// It closes a quote: it ends the word before it.
    Closing,
    /// It opens a quote: it leads the word after it.
    Opening,
}

/// Whether the `len` bytes at `at` are a typographic double quotation mark directly followed by
/// a letter or digit. Straight quotes say nothing of their side, and a single mark is also an
/// apostrophe ("don’t"): neither splits a word.
fn glued_quotation_mark(slice: &str, at: usize, len: usize) -> Option<Glued> {
    let glued = class_at(slice, at + len).is_some_and(|(class, _)| class == ALPHANUMERIC);
    if !glued {
        return None;
    }
    match slice.get(at..at + len)? {
        "”" | "»" => Some(Glued::Closing),
        "“" | "„" | "«" => Some(Glued::Opening),
        _ => None,
    }
}

/// A character that is neither whitespace nor a letter or digit.
const PUNCTUATION: u8 = 0;
/// Whitespace as `char::is_whitespace` says.
const SPACE: u8 = 1;
/// A letter or digit, as `char::is_alphanumeric` says.
const ALPHANUMERIC: u8 = 2;

/// The class of each ASCII byte.
const ASCII_CLASSES: [u8; 128] = {
    let mut classes = [PUNCTUATION; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        // `u8::is_ascii_whitespace` leaves out the vertical tab, which `char::is_whitespace`
        // counts.
        if byte.is_ascii_whitespace() || byte == 0x0b {
            classes[b] = SPACE;
        } else if byte.is_ascii_alphanumeric() {
            classes[b] = ALPHANUMERIC;
        }
        b += 1;
    }
    classes
};

/// The class of the character at byte `at` of `s` and its length; `None` past the end. ASCII,
/// nearly all of an English article, is classified from a table without decoding.
fn class_at(s: &str, at: usize) -> Option<(u8, usize)> {
    let &byte = s.as_bytes().get(at)?;
    if let Some(&class) = ASCII_CLASSES.get(usize::from(byte)) {
        return Some((class, 1));
    }
    Some(
        s.get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or((PUNCTUATION, 1), |c| {
                let class = if c.is_whitespace() {
                    SPACE
                } else if c.is_alphanumeric() {
                    ALPHANUMERIC
                } else {
                    PUNCTUATION
                };
                (class, c.len_utf8())
            }),
    )
}

/// The tokens of every sentence of a document (none for chrome), in one buffer: the speaker
/// finder and the number finder read the same words, so an article is tokenized once for both,
/// into one allocation rather than one per sentence.
#[derive(Debug, Default)]
pub(crate) struct SentenceTokens<'t> {
    tokens: Vec<Token<'t>>,
    /// Where each sentence's tokens end in `tokens`, by sentence index.
    ends: Vec<usize>,
}

impl<'t> SentenceTokens<'t> {
    /// The tokens of the sentences of `doc`; `quoted` as for [`tokenize_into`].
    pub(crate) fn new(doc: &'t Document, quoted: &[(usize, usize)]) -> SentenceTokens<'t> {
        let text = doc.text();
        // Roughly one word in six bytes of English.
        let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
        let mut ends = Vec::with_capacity(doc.sentences().len());
        for sentence in doc.sentences() {
            if !doc.in_chrome(sentence) {
                tokenize_into(
                    &mut tokens,
                    text,
                    sentence.span.start_byte,
                    sentence.span.end_byte,
                    quoted,
                );
            }
            ends.push(tokens.len());
        }
        SentenceTokens { tokens, ends }
    }

    /// The tokens of sentence `index` (none past the last sentence).
    pub(crate) fn of(&self, index: usize) -> &[Token<'t>] {
        group(&self.tokens, &self.ends, index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_double_quotation_mark_glued_to_a_word_splits_it_but_an_apostrophe_does_not() {
        let text = "of paranoia,”Clinton said:“We don’t,”she “said”";
        let mut tokens = Vec::new();
        tokenize_into(&mut tokens, text, 0, text.len(), &[]);
        let seen: Vec<(&str, &str, &str)> =
            tokens.iter().map(|t| (t.lead, t.word, t.trail)).collect();
        assert_eq!(
            seen,
            [
                ("", "of", ""),
                ("", "paranoia", ",”"),
                ("", "Clinton", ""),
                ("", "said", ":"),
                ("“", "We", ""),
                ("", "don’t", ",”"),
                ("", "she", ""),
                ("“", "said", "”"),
            ]
        );
    }

    #[test]
    fn splits_words_from_their_punctuation_and_marks_quoted_ones() {
        let text = "He said: “Über 8,000 — ½ …” (née\u{a0}Smith)\u{2003}x.  ";
        let open = text.find('“').unwrap_or_default();
        let close = text.find('”').map_or(0, |at| at + '”'.len_utf8());
        let mut tokens = Vec::new();
        tokenize_into(&mut tokens, text, 0, text.len(), &[(open, close)]);
        let seen: Vec<(&str, &str, &str, bool)> = tokens
            .iter()
            .map(|t| (t.lead, t.word, t.trail, t.quoted))
            .collect();
        assert_eq!(
            seen,
            [
                ("", "He", "", false),
                ("", "said", ":", false),
                ("“", "Über", "", true),
                ("", "8,000", "", true),
                ("—", "", "", true),
                ("", "½", "", true),
                ("…”", "", "", false),
                ("(", "née", "", false),
                ("", "Smith", ")", false),
                ("", "x", ".", false),
            ]
        );
        for token in &tokens {
            assert_eq!(text.get(token.start..token.end), Some(token.word));
        }
        let mut none = Vec::new();
        tokenize_into(&mut none, text, 5, 2, &[]);
        assert!(none.is_empty());
    }
}
