//! Quote candidates: the quotation-mark regions of the text assembled into quotes (one part per
//! paragraph of a multi-paragraph quote, or per piece of a quote split by its attribution), and
//! the rules that set scare quotes and titles aside.

use super::speakers;
use super::tokens::SentenceTokens;
use super::{
    Diagnostic, MAX_CLAIMS_PER_SENTENCE, Rejected, canonical_quote, collapse_whitespace, new_claim,
};
use crate::model::{Attribution, Claim, ClaimDetail, ClaimKind, Span};
use crate::text::Document;
use crate::text::quotes::Region;

/// One stretch of quoted words. Offsets are bytes into the document text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    /// The opening mark.
    pub(crate) open: usize,
    /// Start of the quoted words.
    pub(crate) start: usize,
    /// End of the quoted words.
    pub(crate) end: usize,
    /// One past the closing mark (or the words' end when unclosed).
    pub(crate) outer_end: usize,
    /// Whether a closing mark was found.
    pub(crate) closed: bool,
}

impl Part {
    fn of(region: &Region) -> Part {
        Part {
            open: region.open,
            start: region.start,
            end: region.end,
            outer_end: region.outer_end(),
            closed: region.close_end.is_some(),
        }
    }
}

/// A quote before attribution: its parts in order and the paragraph it starts in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// The quoted stretches; never empty.
    pub(crate) parts: Vec<Part>,
    /// The paragraph of the first part.
    pub(crate) paragraph: usize,
}

/// The quote claims of `doc` into `claims`, the quoted text set aside into `rejected`, broken
/// quotation marks into `diagnostics`.
pub(crate) fn add_claims(
    doc: &Document,
    candidates: &[Candidate],
    sentence_tokens: &SentenceTokens<'_>,
    claims: &mut Vec<Claim>,
    rejected: &mut Vec<Rejected>,
) {
    let text = doc.text();
    let edges = SentenceEdges::new(doc);
    let found = speakers::attribute(doc, candidates, sentence_tokens, &edges);
    // The last kept quote: the sentence it ends in and its attribution, for floating quotes.
    let mut previous: Option<(usize, Attribution)> = None;
    // The sentence of the last quote kept and how many it holds, for the cap on quotes a sentence.
    let mut crowd = (usize::MAX, 0);
    for (candidate, found) in candidates.iter().zip(found) {
        let (Some(first), Some(last)) = (candidate.parts.first(), candidate.parts.last()) else {
            continue;
        };
        let reason = rejection(doc, &edges, candidate, found.has_verb, found.predicate);
        let sentence = doc.sentence_at(first.start);
        let crowded = reason.is_none()
            && sentence.is_some_and(|s| s == crowd.0 && crowd.1 >= MAX_CLAIMS_PER_SENTENCE);
        if let Some(reason) = reason.or_else(|| crowded.then(|| CROWDED.to_owned())) {
            rejected.push(Rejected {
                kind: ClaimKind::Quote,
                text: joined_text(text, candidate),
                span: doc.span(first.start, last.end),
                reason,
            });
            continue;
        }
        let Some(sentence) = sentence else {
            continue;
        };
        crowd = if crowd.0 == sentence {
            (sentence, crowd.1 + 1)
        } else {
            (sentence, 1)
        };
        let joined = joined_text(text, candidate);
        let mut attribution = found.attribution;
        if attribution.is_none() && !found.has_verb {
            // A quote standing alone right after a quote of a known speaker continues it (a
            // pronoun no name resolves, `"…," he said.`, is still a known speaker).
            if let Some((prev_sentence, prev)) = &previous
                && (prev.speaker.is_some() || prev.mention.is_some())
                && (*prev_sentence == sentence || prev_sentence + 1 == sentence)
            {
                attribution = Some(prev.clone());
            }
        }
        let attribution = attribution.unwrap_or_default();
        let end_sentence = doc.sentence_at(last.start).unwrap_or(sentence);
        previous = Some((end_sentence, attribution.clone()));
        // The text is NFC already (`Document::parse`) and an ASCII quote has no curly marks to
        // straighten: collapsing its whitespace is all `canonical_quote` would do.
        let canonical = if joined.is_ascii() {
            collapse_whitespace(&joined).into_owned()
        } else {
            canonical_quote(&joined)
        };
        let parts: Vec<Span> = candidate
            .parts
            .iter()
            .map(|p| doc.span(p.start, p.end))
            .collect();
        claims.push(new_claim(
            doc,
            ClaimKind::Quote,
            joined,
            canonical,
            doc.span(first.start, last.end),
            parts,
            sentence,
            ClaimDetail::Quote(attribution),
        ));
    }
}

/// The `(open, outer_end)` byte ranges of every part of `candidates`, sorted, as
/// [`super::tokens::tokenize_into`] reads them.
pub(crate) fn quoted_ranges(candidates: &[Candidate]) -> Vec<(usize, usize)> {
    let mut quoted: Vec<(usize, usize)> = candidates
        .iter()
        .flat_map(|c| c.parts.iter().map(|p| (p.open, p.outer_end)))
        .collect();
    // Parts of a multi-paragraph quote come after the quotes between them.
    quoted.sort_unstable();
    quoted
}

/// Why a quote past the [`MAX_CLAIMS_PER_SENTENCE`]th of its sentence is not a claim.
pub(crate) const CROWDED: &str =
    "past the 64th quote of its sentence: a list of quoted words, not a claim to check one by one";

/// Where the letters and digits of each sentence start and end: whether the words of a sentence
/// around a quote hold any is then known without reading them again for every quote, which made
/// a sentence of quotes quadratic.
pub(crate) struct SentenceEdges {
    /// By sentence: the first byte of its first letter or digit and of its last one.
    edges: Vec<Option<(usize, usize)>>,
}

impl SentenceEdges {
    pub(crate) fn new(doc: &Document) -> SentenceEdges {
        let text = doc.text();
        let edges = doc
            .sentences()
            .iter()
            .map(|sentence| {
                let start = sentence.span.start_byte;
                let words = sentence.span.slice(text);
                let first = words.char_indices().find(|(_, c)| c.is_alphanumeric())?.0;
                let last = words.char_indices().rfind(|(_, c)| c.is_alphanumeric())?.0;
                Some((start + first, start + last))
            })
            .collect();
        SentenceEdges { edges }
    }

    /// Whether a letter or digit of sentence `index` starts before byte `at`.
    pub(crate) fn before(&self, index: usize, at: usize) -> bool {
        self.edges
            .get(index)
            .copied()
            .flatten()
            .is_some_and(|(first, _)| first < at)
    }

    /// Whether a letter or digit of sentence `index` starts at byte `at` or after it.
    pub(crate) fn after(&self, index: usize, at: usize) -> bool {
        self.edges
            .get(index)
            .copied()
            .flatten()
            .is_some_and(|(_, last)| last >= at)
    }
}

/// The words of every part of `candidate`, joined by a space.
fn joined_text(text: &str, candidate: &Candidate) -> String {
    let mut joined = String::new();
    for part in &candidate.parts {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(text.get(part.start..part.end).unwrap_or(""));
    }
    joined
}

/// The quotes of the non-chrome paragraphs of `doc`, in order; broken marks are reported.
pub(crate) fn find(doc: &Document, diagnostics: &mut Vec<Diagnostic>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    // A quote left open at the end of a paragraph, waiting for the next paragraph to go on.
    let mut pending: Option<Candidate> = None;
    for (index, paragraph) in doc.paragraphs().iter().enumerate() {
        if paragraph.chrome {
            continue;
        }
        let regions = doc.quote_regions(index);
        let continues = regions
            .first()
            .is_some_and(|r| r.open == paragraph.span.start_byte);
        let mut rest = regions;
        if let Some(mut open) = pending.take() {
            if let (true, Some((first, after))) = (continues, regions.split_first()) {
                open.parts.push(Part::of(first));
                rest = after;
                if first.close_end.is_none() && first.to_paragraph_end {
                    pending = Some(open);
                    continue;
                }
                if first.close_end.is_none() {
                    report_unclosed(doc, first, diagnostics);
                }
                out.push(open);
            } else {
                if let Some(last) = open.parts.last() {
                    diagnostics.push(Diagnostic {
                        span: doc.span(last.open, last.end),
                        message: "quotation mark opened here is never closed: the quote is taken to end with its paragraph".to_owned(),
                    });
                }
                out.push(open);
            }
        }
        for region in rest {
            let part = Part::of(region);
            let joins = out
                .last()
                .is_some_and(|prev| prev.paragraph == index && is_split_quote(doc, prev, &part));
            let candidate = match (joins, out.last_mut()) {
                (true, Some(prev)) => {
                    prev.parts.push(part);
                    None
                }
                _ => Some(Candidate {
                    parts: vec![part],
                    paragraph: index,
                }),
            };
            if region.close_end.is_none() {
                if region.to_paragraph_end {
                    // Possibly continued by the next paragraph: decided there.
                    pending = match candidate {
                        Some(c) => Some(c),
                        None => out.pop(),
                    };
                    continue;
                }
                report_unclosed(doc, region, diagnostics);
            }
            if let Some(c) = candidate {
                out.push(c);
            }
        }
    }
    if let Some(open) = pending {
        if let Some(last) = open.parts.last() {
            diagnostics.push(Diagnostic {
                span: doc.span(last.open, last.end),
                message: "quotation mark opened here is never closed: the quote is taken to end with its paragraph".to_owned(),
            });
        }
        out.push(open);
    }
    out
}

fn report_unclosed(doc: &Document, region: &Region, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(Diagnostic {
        span: doc.span(region.open, region.end),
        message: "quotation mark opened here is never closed before the next one: the quote is taken to end there".to_owned(),
    });
}

/// `"X," he said, "Y."`: the previous quote and `next` are one quote split by its attribution.
fn is_split_quote(doc: &Document, prev: &Candidate, next: &Part) -> bool {
    let Some(last) = prev.parts.last() else {
        return false;
    };
    if !last.closed || doc.sentence_at(last.start) != doc.sentence_at(next.start) {
        return false;
    }
    let between = doc
        .text()
        .get(last.outer_end..next.open)
        .unwrap_or("")
        .trim();
    let words: Vec<&str> = between.split_whitespace().collect();
    !between.contains(['.', '!', '?', ';'])
        && between.ends_with([',', ':', '—', '–'])
        && (1..=8).contains(&words.len())
        && words.iter().any(|w| {
            speakers::is_reporting_word(w.trim_matches(|c: char| !c.is_alphanumeric()))
        })
        // `"…," she said, but despite the tone, "…," said Kunin`: a clause of its own between
        // two quotes, each with its speaker; `on "A" and wrote her memoir, "B"`: two things
        // named, joined by "and", not one quote cut by its attribution.
        && !words.iter().any(|w| {
            ["but", "while", "although", "though", "despite", "yet"].contains(w)
        })
        && words.first() != Some(&"and")
}

/// Words right before a quote that make it a name or a scare quote rather than speech.
#[rustfmt::skip]
const NAMING: &[&str] = &[
    "so-called", "called", "named", "titled", "entitled", "dubbed", "nicknamed", "termed",
    "labelled", "labeled", "branded", "word", "term", "film", "movie", "book", "song", "album",
    "show", "series", "novel", "play", "slogan", "hashtag", "operation", "campaign", "author",
    "co-author", "podcast", "documentary", "episode", "magazine", "program", "programme",
];

/// Works whose title follows them after a comma: `her memoir, "Plenty of Grit"`.
const WORKS: &[&str] = &[
    "memoir",
    "biography",
    "autobiography",
    "book",
    "novel",
    "film",
    "movie",
    "documentary",
    "song",
    "album",
    "single",
    "play",
    "musical",
    "opera",
    "poem",
    "essay",
    "show",
    "series",
    "podcast",
    "episode",
    "sitcom",
    "column",
    "blog",
    "newsletter",
    "anthem",
];

/// People whose work a title after "of" names.
const MAKERS: &[&str] = &[
    "author",
    "co-author",
    "host",
    "star",
    "creator",
    "editor",
    "director",
    "producer",
];

/// How many bytes before a quote [`rejection`] reads for the words that introduce it.
const BEFORE_WINDOW: usize = 256;

/// Why `candidate` is not a quote claim, if it is not.
pub(crate) fn rejection(
    doc: &Document,
    edges: &SentenceEdges,
    candidate: &Candidate,
    has_verb: bool,
    predicate: bool,
) -> Option<String> {
    let text = doc.text();
    let first = candidate.parts.first()?;
    if candidate.parts.len() > 1 {
        return None;
    }
    let words: Vec<&str> = text
        .get(first.start..first.end)
        .unwrap_or("")
        .split_whitespace()
        .collect();
    // Only the last words before the quote are read, from a stretch far longer than any two
    // words: reading back from the quote to a space through text without any ("/"a"/"b"/…)
    // made every quote read all the text before it.
    let window = crate::text::floor_boundary(text, first.open.saturating_sub(BEFORE_WINDOW));
    let before = text.get(window..first.open).unwrap_or("");
    let mut previous = before.split_whitespace().rev().map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase()
    });
    // `… for John Kerry's campaign. "The numbers don't add up"`: a word that ends a sentence or
    // clause does not introduce the quote.
    let last_word = previous
        .next()
        .filter(|_| {
            !before
                .trim_end()
                .ends_with(['.', '!', '?', ':', ';', ',', ')'])
        })
        .unwrap_or_default();
    let second_last = previous.next().unwrap_or_default();
    let known_as = last_word == "as" && second_last == "known";
    // `her memoir, "Plenty of Grit"`: a work named after a comma.
    let work_named = before.trim_end().ends_with(',')
        && before
            .split_whitespace()
            .next_back()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .is_some_and(|w| WORKS.contains(&w.as_str()));
    if words.len() <= 8 && work_named {
        return Some("title: the name of a work after a comma (\"her memoir, …\")".to_owned());
    }
    // `author of "A Bitter Pill"`, `host of "Meet the Press"`: the work of a person.
    let work_of = last_word == "of" && MAKERS.contains(&second_last.as_str());
    if words.len() <= 8 && (NAMING.contains(&last_word.as_str()) || known_as || work_of) {
        let by = if known_as || work_of {
            format!("{second_last} {last_word}")
        } else {
            last_word
        };
        return Some(format!("scare quote or name: introduced by \"{by}\""));
    }
    let title_case = words
        .first()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words
            .iter()
            .all(|w| w.chars().count() <= 3 || !w.chars().next().is_some_and(char::is_lowercase));
    // `on ABC's "This Week,"`, `NBC's "Meet the Press"`: Title Case words right after a named
    // owner are a show, a book or a paper, whatever verb the sentence has.
    let owner = before
        .split_whitespace()
        .next_back()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .is_some_and(|w| w.ends_with("'s") || w.ends_with("’s"));
    if words.len() <= 6 && title_case && owner {
        return Some("title: short Title Case words after a possessive name".to_owned());
    }
    // `appeared on "Meet the Press"`: Title Case words after "on" name a programme or a page,
    // not speech, whatever verb the sentence has.
    let ends_sentence = words
        .last()
        .is_some_and(|w| w.ends_with(['.', '!', '?', ',']));
    if words.len() <= 6 && title_case && last_word == "on" && !ends_sentence {
        return Some("title: short Title Case words after \"on\"".to_owned());
    }
    if has_verb {
        return None;
    }
    // Words of the sentence before the quote or after it (none when the quote opens before the
    // sentence starts or closes after it ends).
    let sentence = doc.sentence_at(first.start)?;
    let words_outside =
        edges.before(sentence, first.open) || edges.after(sentence, first.outer_end);
    if !words_outside {
        // A sentence that is nothing but the quote: speech, attributed by what precedes it.
        return None;
    }
    let ends_sentence = words.last().is_some_and(|w| w.ends_with(['.', '!', '?']));
    if words.len() <= 6 && title_case && !ends_sentence {
        return Some(
            "title or name: short Title Case words and no reporting verb in the sentence"
                .to_owned(),
        );
    }
    if words.len() <= 2 && !predicate {
        let n = words.len();
        return Some(format!(
            "scare quote: {n} word{} and no reporting verb in the sentence",
            if n == 1 { "" } else { "s" }
        ));
    }
    None
}
