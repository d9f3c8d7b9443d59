//! Words of a sentence with their punctuation and whether they sit inside a quote: the shared
//! view the speaker and number finders work on.

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
}

impl Token<'_> {
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
        self.word.chars().next().is_some_and(char::is_uppercase)
    }

    /// The word in lower case.
    pub(crate) fn lower(&self) -> String {
        self.word.to_lowercase()
    }
}

/// The tokens of `text[start..end]`; `quoted` ranges are `(open, outer_end)` byte pairs, sorted
/// and disjoint (as the quotation-mark scanner finds them), so that a binary search finds the one
/// around a word: a linear scan made tokenizing quadratic in the length of a long text.
pub(crate) fn tokenize<'t>(
    text: &'t str,
    start: usize,
    end: usize,
    quoted: &[(usize, usize)],
) -> Vec<Token<'t>> {
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for chunk in slice.split(char::is_whitespace) {
        // `chunk` is a subslice of `slice`, so the pointer difference is its byte offset.
        let chunk_start = start + (chunk.as_ptr() as usize - slice.as_ptr() as usize);
        if chunk.is_empty() {
            continue;
        }
        let lead_len = chunk.len()
            - chunk
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let core_and_trail = chunk.get(lead_len..).unwrap_or("");
        let word = core_and_trail.trim_end_matches(|c: char| !c.is_alphanumeric());
        let word_start = chunk_start + lead_len;
        let word_end = word_start + word.len();
        out.push(Token {
            word,
            start: word_start,
            end: word_end,
            lead: chunk.get(..lead_len).unwrap_or(""),
            trail: core_and_trail.get(word.len()..).unwrap_or(""),
            quoted: in_ranges(quoted, word_start),
        });
    }
    out
}

/// Whether `at` lies strictly inside one of the sorted, disjoint `(open, close)` ranges.
fn in_ranges(ranges: &[(usize, usize)], at: usize) -> bool {
    let after = ranges.partition_point(|&(open, _)| open < at);
    after
        .checked_sub(1)
        .and_then(|i| ranges.get(i))
        .is_some_and(|&(_, close)| at < close)
}
