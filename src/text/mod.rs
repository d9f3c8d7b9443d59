//! The text of an article: turning a file's bytes into one normalized string, and cutting that
//! string into paragraphs and sentences.
//!
//! Everything downstream (claims, revisions, reports) points into [`Document::text`], so the
//! normalization here is the one definition of "the same text": it must be idempotent, and every
//! span handed out carries both character and byte offsets into that text.

pub mod html;
mod normalize;
mod offsets;
pub(crate) mod quotes;
mod sentences;

use crate::model::{Hash32, Span};

pub(crate) use self::normalize::is_nfc_quickly;
use self::offsets::CharIndex;
pub use self::offsets::{SourcePosition, source_offsets, source_positions};

/// The markup of an input text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text: paragraphs separated by blank lines.
    Text,
    /// Markdown: markup is stripped before anything else looks at the text.
    Markdown,
    /// An HTML page: the article's text is taken out of it (see [`html`]).
    Html,
}

impl Format {
    /// The name stored with a revision and accepted by `--format`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// Why a file cannot be read as an article.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Zero bytes, or only whitespace.
    #[error(
        "the file is empty or holds only whitespace: paste the article's text into it and try again"
    )]
    Empty,
    /// A NUL byte, or mostly control bytes: an image, a PDF, a word-processor file.
    #[error(
        "the file looks binary, not text (control byte at byte {offset}): export the article as plain text or Markdown (UTF-8) and try again"
    )]
    Binary {
        /// Byte offset of the first byte that cannot be text.
        offset: usize,
    },
    /// The bytes are not UTF-8.
    #[error(
        "the file is not valid UTF-8 (line {line}, column {column}, byte {offset}): save it as UTF-8 and try again"
    )]
    InvalidUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column, in characters, of the first invalid byte.
        column: usize,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Checks that `bytes` are a text file and returns them as a string without a UTF-8 BOM.
///
/// Nothing else is changed here: normalization belongs to [`Document::parse`].
pub fn decode(bytes: &[u8]) -> Result<String, InputError> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let bom_len = bytes.len() - body.len();
    if body.is_empty() {
        return Err(InputError::Empty);
    }
    if let Some(offset) = binary_offset(body) {
        return Err(InputError::Binary {
            offset: offset + bom_len,
        });
    }
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.valid_up_to();
            let before = body.get(..offset).unwrap_or_default();
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column = before
                .get(line_start..)
                .and_then(|l| std::str::from_utf8(l).ok())
                .map_or(1, |l| l.chars().count() + 1);
            return Err(InputError::InvalidUtf8 {
                line,
                column,
                offset: offset + bom_len,
            });
        }
    };
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    Ok(text.to_owned())
}

/// The first byte that makes `bytes` binary rather than text, if it is binary.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let is_control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f;
    if bytes.contains(&0) {
        return bytes.iter().position(|&b| is_control(b));
    }
    // A few stray control bytes happen in pasted text; a file made of them does not.
    let sample = bytes.get(..8192).unwrap_or(bytes);
    let controls = sample.iter().filter(|&&b| is_control(b)).count();
    if controls * 10 > sample.len() {
        return sample.iter().position(|&b| is_control(b));
    }
    None
}

/// Guesses the format from the file name, then from the text itself.
///
/// `.md` and `.markdown` files are Markdown; otherwise Markdown is assumed only when the text has
/// `#` headings, `[text](url)` links or `**bold**`, which plain prose does not.
pub fn detect_format(file_name: Option<&str>, text: &str) -> Format {
    // Content first: a page saved as .txt is still a page.
    if html::looks_like_html(text) {
        return Format::Html;
    }
    if let Some(name) = file_name {
        let lower = name.to_lowercase();
        if [".html", ".htm", ".xhtml"]
            .iter()
            .any(|ext| lower.ends_with(ext))
            && text.contains('<')
        {
            return Format::Html;
        }
        if [".md", ".markdown", ".mdown", ".mkd"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            return Format::Markdown;
        }
    }
    let heading = text.lines().any(|line| {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&hashes) && line.get(hashes..).is_some_and(|rest| rest.starts_with(' '))
    });
    // A `](` with a `[` before it and a `)` after it on its line. Each line is read once: looking
    // for the line's ends from every `](` made a long line of them quadratic.
    let link = text.split('\n').any(|line| {
        let (Some(first_open), Some(last_close)) = (line.find('['), line.rfind(')')) else {
            return false;
        };
        line.match_indices("](")
            .any(|(at, _)| first_open < at && at + 2 <= last_close)
    });
    let bold = text.lines().any(|line| {
        line.match_indices("**").count() >= 2
            && line
                .split("**")
                .nth(1)
                .is_some_and(|inner| !inner.is_empty() && !inner.starts_with(' '))
    });
    if heading || link || bold {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// A block of text separated from its neighbours by a blank line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Where it is in [`Document::text`], without surrounding whitespace.
    pub span: Span,
    /// Page furniture pasted along with the article ("Skip to content"): kept in the text,
    /// skipped by extraction.
    pub chrome: bool,
}

/// One sentence; sentences never cross paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is in [`Document::text`], without surrounding whitespace.
    pub span: Span,
    /// Index of its paragraph in [`Document::paragraphs`].
    pub paragraph: usize,
}

/// A normalized article text with its paragraphs and sentences.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    paragraphs: Vec<Paragraph>,
    sentences: Vec<Sentence>,
    title: Option<Span>,
    /// The headline an HTML page declares, which need not appear in the text.
    page_title: Option<String>,
    /// Character offsets of byte offsets, for spans.
    chars: CharIndex,
    /// The quotes of every paragraph, in order: found once for the sentence splitter and kept
    /// for the quote finder, which scanned every paragraph again.
    quote_regions: Vec<quotes::Region>,
    /// Where each paragraph's quotes end in `quote_regions`, by paragraph index.
    quotes_end: Vec<usize>,
}

impl Document {
    /// The document of an article taken out of an HTML page, titled as the page is.
    pub fn from_html(page: &html::HtmlArticle) -> Document {
        let mut doc = Document::parse(&page.text, Format::Text);
        doc.page_title.clone_from(&page.title);
        doc
    }

    /// Normalizes `input` and finds its paragraphs, sentences and title. Never fails: any
    /// string, even an empty one, gives a document.
    pub fn parse(input: &str, format: Format) -> Document {
        if format == Format::Html {
            // A page with no readable article still gives a document: its text with tags dropped,
            // so that `extract` shows something; `ingest` refuses such pages before getting here.
            return match html::article(input) {
                Ok(page) => Document::from_html(&page),
                Err(_) => Document::parse(&html::strip_tags(input), Format::Text),
            };
        }
        let (text, heading) = normalize::normalize(input, format);
        let chars = CharIndex::new(&text);
        let mut doc = Document {
            text,
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            title: None,
            page_title: None,
            chars,
            quote_regions: Vec::new(),
            quotes_end: Vec::new(),
        };
        let blocks = normalize::paragraph_ranges(&doc.text);
        let chrome = normalize::chrome_flags(&doc.text, &blocks);
        doc.paragraphs = blocks
            .iter()
            .zip(chrome)
            .map(|(&(start, end), chrome)| Paragraph {
                span: doc.span(start, end),
                chrome,
            })
            .collect();
        let mut sentences = Vec::new();
        let mut quote_regions = Vec::new();
        let mut quotes_end = Vec::with_capacity(doc.paragraphs.len());
        for (index, paragraph) in doc.paragraphs.iter().enumerate() {
            let (start, end) = (paragraph.span.start_byte, paragraph.span.end_byte);
            let regions = quotes::scan(&doc.text, start, end);
            for (start, end) in sentences::split(&doc.text, start, end, &regions) {
                sentences.push(Sentence {
                    span: doc.span(start, end),
                    paragraph: index,
                });
            }
            quote_regions.extend(regions);
            quotes_end.push(quote_regions.len());
        }
        doc.sentences = sentences;
        doc.quote_regions = quote_regions;
        doc.quotes_end = quotes_end;
        doc.title = doc.find_title(heading.as_deref());
        doc
    }

    /// The normalized text every span points into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The paragraphs, in order.
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// The sentences of all paragraphs, in order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The quotes of paragraph `index`, in order, as [`quotes::scan`] finds them (none past the
    /// last paragraph).
    pub(crate) fn quote_regions(&self, index: usize) -> &[quotes::Region] {
        group(&self.quote_regions, &self.quotes_end, index)
    }

    /// Whether a sentence sits in page chrome ("Accessibility links"), where no claim is made.
    pub fn in_chrome(&self, sentence: &Sentence) -> bool {
        self.paragraphs
            .get(sentence.paragraph)
            .is_none_or(|p| p.chrome)
    }

    /// The headline: a Markdown `# ` heading, or else the first non-chrome paragraph when it is
    /// short and does not end like a sentence.
    pub fn title(&self) -> Option<&str> {
        self.page_title
            .as_deref()
            .or_else(|| self.title.map(|span| span.slice(&self.text)))
    }

    /// BLAKE3 of the normalized text.
    pub fn content_hash(&self) -> Hash32 {
        Hash32::of(self.text.as_bytes())
    }

    /// A span of the text from byte offsets, with character offsets filled in. Offsets are
    /// clamped to the text and moved back onto character boundaries, so any input is safe.
    pub fn span(&self, start_byte: usize, end_byte: usize) -> Span {
        let end = floor_boundary(&self.text, end_byte);
        let start = floor_boundary(&self.text, start_byte).min(end);
        Span {
            start_char: self.chars.chars_before(&self.text, start),
            end_char: self.chars.chars_before(&self.text, end),
            start_byte: start,
            end_byte: end,
        }
    }

    /// Index of the sentence holding byte `at` (the last one starting at or before it).
    pub(crate) fn sentence_at(&self, at: usize) -> Option<usize> {
        let after = self.sentences.partition_point(|s| s.span.start_byte <= at);
        after.checked_sub(1)
    }

    fn find_title(&self, heading: Option<&str>) -> Option<Span> {
        if let Some(heading) = heading {
            let found = self
                .paragraphs
                .iter()
                .find(|p| p.span.slice(&self.text) == heading);
            if let Some(paragraph) = found {
                return Some(paragraph.span);
            }
        }
        let first = self.paragraphs.iter().find(|p| !p.chrome)?;
        let text = first.span.slice(&self.text);
        let words = text.split_whitespace().count();
        let ends_like_sentence = text
            .trim_end_matches(['"', '\'', '”', '’', '»', ')'])
            .ends_with(['.', '!', '?', ':', ';', ',']);
        (words < 20 && !text.contains('\n') && !ends_like_sentence).then_some(first.span)
    }
}

/// `at` clamped to `text` and moved back to the nearest character boundary.
pub(crate) fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Group `index` of `items`, which are kept in groups one after another, each ending where `ends`
/// says (by group index); none past the last group. The scanners keep what they find for every
/// paragraph or sentence in one buffer this way, rather than in a vector each.
pub(crate) fn group<'a, T>(items: &'a [T], ends: &[usize], index: usize) -> &'a [T] {
    let start = index
        .checked_sub(1)
        .and_then(|previous| ends.get(previous))
        .copied()
        .unwrap_or(0);
    let end = ends.get(index).copied().unwrap_or(start);
    items.get(start..end).unwrap_or_default()
}

/// How many bytes at the start of `bytes` are `wanted`.
///
/// Sixteen bytes at a time while all are, a test the compiler runs on all sixteen at once: the
/// normalizer walks past runs of plain ASCII, most of a text, this way.
#[inline]
pub(crate) fn count_while(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> usize {
    let mut at = 0;
    for chunk in bytes.chunks_exact(16) {
        // `fold`, not `all`: without an early exit the sixteen tests become one.
        if !chunk.iter().fold(true, |all, &b| all & wanted(b)) {
            break;
        }
        at += 16;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest.iter().position(|&b| !wanted(b)).unwrap_or(rest.len())
}

/// The first byte of `haystack` that is one of `needles`.
///
/// Eight bytes at a time: the scanners jump from one quotation mark or sentence end to the next,
/// and a byte at a time that was most of their time.
pub(crate) fn find_any_byte(haystack: &[u8], needles: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = chunk.try_into().map_or(0, u64::from_le_bytes);
        let mut found = 0;
        for &needle in needles {
            // A byte equal to the needle is zero after the xor; subtracting one from every byte
            // sets the high bit of a zero byte. A borrow can flag bytes above a zero byte too, but
            // never below it, so the lowest flag is exact.
            let zeroed = word ^ (ONES * u64::from(needle));
            found |= zeroed.wrapping_sub(ONES) & !zeroed & HIGHS;
        }
        if found != 0 {
            return Some(offset + found.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|b| needles.contains(b))
        .map(|at| offset + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_wanted_bytes_up_to_the_first_other_at_any_position() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'a'; len];
                if let Some(other) = bytes.get_mut(at) {
                    *other = 0xE2;
                }
                assert_eq!(count_while(&bytes, |b| b.is_ascii()), at, "{len} {at}");
            }
        }
    }

    #[test]
    fn finds_the_first_of_several_bytes_at_any_position() {
        let needles = [b'"', 0xE2, b'.'];
        for len in 0..40 {
            for at in 0..=len {
                for &needle in &needles {
                    // Bytes one off from a needle, and needle bytes after the first, must not
                    // mislead it.
                    let mut haystack: Vec<u8> =
                        (0..len).map(|i| [b'a', b'#', 0xE1, b'-'][i % 4]).collect();
                    if at < len {
                        haystack[at] = needle;
                        for later in haystack.iter_mut().skip(at + 1).step_by(3) {
                            *later = b'.';
                        }
                    }
                    let expected = haystack.iter().position(|b| needles.contains(b));
                    assert_eq!(find_any_byte(&haystack, &needles), expected, "{haystack:?}");
                }
            }
        }
    }

    const SEED: &str = include_str!("../../fixtures/articles/syria-truce/v1.txt");

    fn sentence_texts(doc: &Document) -> Vec<&str> {
        doc.sentences()
            .iter()
            .map(|s| s.span.slice(doc.text()))
            .collect()
    }

    #[test]
    fn decode_rejects_empty_input() {
        assert_eq!(decode(b""), Err(InputError::Empty));
        assert_eq!(decode(b" \n\t\r\n "), Err(InputError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(InputError::Empty));
    }

    #[test]
    fn decode_rejects_binary_input() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        assert!(matches!(decode(png), Err(InputError::Binary { offset: 6 })));
        assert!(matches!(
            decode(b"hello\0world"),
            Err(InputError::Binary { offset: 5 })
        ));
        let message = decode(png).unwrap_err().to_string();
        assert!(
            message.contains("binary") && message.contains("plain text"),
            "{message}"
        );
    }

    #[test]
    fn decode_reports_where_utf8_breaks() {
        let bytes = b"first line\nsecond\nab\xC3\xA9cd\xFF rest";
        let error = decode(bytes).unwrap_err();
        assert_eq!(
            error,
            InputError::InvalidUtf8 {
                line: 3,
                column: 6,
                offset: 24
            }
        );
        let message = error.to_string();
        assert!(
            message.contains("line 3, column 6, byte 24") && message.contains("save it as UTF-8")
        );
        assert!(!message.contains('\n'));
    }

    #[test]
    fn decode_accepts_bom_and_crlf() {
        let text = decode(b"\xEF\xBB\xBFTitle\r\n\r\nBody text.\r\n").unwrap();
        assert_eq!(text, "Title\r\n\r\nBody text.\r\n");
        let doc = Document::parse(&text, Format::Text);
        assert_eq!(doc.text(), "Title\n\nBody text.");
        assert_eq!(doc.paragraphs().len(), 2);
    }

    #[test]
    fn detects_markdown() {
        assert_eq!(detect_format(Some("a.MD"), "plain"), Format::Markdown);
        assert_eq!(
            detect_format(Some("a.txt"), "# Heading\n\nText"),
            Format::Markdown
        );
        assert_eq!(
            detect_format(None, "See [the report](https://x.org)."),
            Format::Markdown
        );
        assert_eq!(
            detect_format(None, "This is **very** bold."),
            Format::Markdown
        );
        assert_eq!(
            detect_format(None, "He said 5 * 3 = 15 and #MeToo [sic]."),
            Format::Text
        );
    }

    #[test]
    fn normalizes_whitespace_and_is_idempotent() {
        let input =
            "\u{FEFF}  Title\u{00A0}here \r\n\r\n\r\n\r\nOne\tline.  \rTwo lines.\n\n\n\nEnd. ";
        let doc = Document::parse(input, Format::Text);
        assert_eq!(doc.text(), "Title here\n\nOne line.\nTwo lines.\n\nEnd.");
        let again = Document::parse(doc.text(), Format::Text);
        assert_eq!(again.text(), doc.text());
        let decomposed = Document::parse("Cafe\u{301}", Format::Text);
        assert_eq!(decomposed.text(), "Café");
    }

    #[test]
    fn strips_markdown() {
        let input = "# The *Big* Story\n\n> He said **\"hello\"** to [the team](http://x.y/z) ![logo](a.png)\n\n- one_two item\n- 2. _second_ item\n1. numbered\n\n```\n# kept *as is*\n```";
        let doc = Document::parse(input, Format::Markdown);
        assert_eq!(
            doc.text(),
            "The Big Story\n\nHe said \"hello\" to the team\n\none_two item\n2. second item\nnumbered\n\n```\n# kept *as is*\n```"
        );
        assert_eq!(doc.title(), Some("The Big Story"));
        assert_eq!(Document::parse(doc.text(), Format::Text).text(), doc.text());
    }

    #[test]
    fn seed_has_chrome_and_title() {
        let doc = Document::parse(SEED, Format::Text);
        let chrome: Vec<&str> = doc
            .paragraphs()
            .iter()
            .filter(|p| p.chrome)
            .map(|p| p.span.slice(doc.text()))
            .collect();
        assert_eq!(chrome, ["Accessibility links", "Breaking News"]);
        assert_eq!(
            doc.title(),
            Some("Russia Joins Red Cross Call For Daily Truce In Syria")
        );
        assert_eq!(doc.content_hash(), Hash32::of(doc.text().as_bytes()));
        assert!(!doc.paragraphs().last().is_some_and(|p| p.chrome));
    }

    #[test]
    fn splits_sentences_around_abbreviations() {
        let doc = Document::parse(
            "Mr. Smith met Dr. J. Jones in the U.S. on Tuesday. They left at 10 a.m. Friday. Growth was 3.5 percent. It fell! Why? \"Yes.\" No. 5 won. Talks ended on Jan. 5 with Gen. Lee.",
            Format::Text,
        );
        assert_eq!(
            sentence_texts(&doc),
            [
                "Mr. Smith met Dr. J. Jones in the U.S. on Tuesday.",
                "They left at 10 a.m. Friday.",
                "Growth was 3.5 percent.",
                "It fell!",
                "Why?",
                "\"Yes.\"",
                "No. 5 won.",
                "Talks ended on Jan. 5 with Gen. Lee."
            ]
        );
    }

    #[test]
    fn never_splits_inside_quotes() {
        let doc = Document::parse(
            "\"We will win. They will lose. Believe me,\" he said. \"Next.\" Then he left.\n\n“It is over. Done,” she said, “for now.”",
            Format::Text,
        );
        assert_eq!(
            sentence_texts(&doc),
            [
                "\"We will win. They will lose. Believe me,\" he said.",
                "\"Next.\"",
                "Then he left.",
                "“It is over. Done,” she said, “for now.”"
            ]
        );
        assert!(doc.sentences().iter().all(|s| s.paragraph < 2));
        assert_eq!(doc.sentences()[3].paragraph, 1);
    }

    #[test]
    fn an_over_long_sentence_is_cut_where_it_passed_ends_then_between_words() {
        let within = |doc: &Document| {
            sentence_texts(doc)
                .iter()
                .all(|s| !s.is_empty() && s.len() <= 1024 && *s == s.trim())
        };
        // A lower-case word after every period: no end the splitter takes, 5,400 bytes.
        let lower = "the talks went on. they ended late. ".repeat(150);
        let doc = Document::parse(&lower, Format::Text);
        assert_eq!(sentence_texts(&doc).len(), 300);
        assert_eq!(sentence_texts(&doc).first(), Some(&"the talks went on."));
        // The same under the limit stays one sentence.
        let doc = Document::parse(&"the talks went on. ".repeat(200), Format::Text);
        assert_eq!(sentence_texts(&doc).len(), 1);
        // No end at all: pieces between words.
        let doc = Document::parse(&"word ".repeat(2000), Format::Text);
        assert!(within(&doc) && sentence_texts(&doc).len() >= 10);
        assert!(
            sentence_texts(&doc)
                .iter()
                .all(|s| s.starts_with("word") && s.ends_with("word"))
        );
        // Nor a space: pieces on character boundaries, all of the text.
        let glued = "é".repeat(3000);
        let doc = Document::parse(&glued, Format::Text);
        assert!(within(&doc));
        assert_eq!(sentence_texts(&doc).concat(), glued);
    }

    #[test]
    fn single_newline_documents_have_line_paragraphs() {
        let doc = Document::parse("Headline\nFirst paragraph here.\nSecond one.", Format::Text);
        assert_eq!(doc.paragraphs().len(), 3);
        assert_eq!(doc.title(), Some("Headline"));
    }

    #[test]
    fn spans_are_clamped_to_boundaries() {
        let doc = Document::parse("héllo wörld", Format::Text);
        let span = doc.span(2, 100);
        assert_eq!((span.start_byte, span.end_byte), (1, doc.text().len()));
        assert_eq!((span.start_char, span.end_char), (1, 11));
        let reversed = doc.span(5, 1);
        assert!(reversed.start_byte <= reversed.end_byte);
    }
}
