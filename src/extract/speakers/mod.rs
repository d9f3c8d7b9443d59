//! Who said it: reporting verbs, their subjects, a registry of the people an article names, and
//! the resolution of surnames and pronouns to full names.
//!
//! The article is read in order, sentence by sentence. Every reporting verb with a subject makes
//! that subject the latest speaker of its kind (person or organisation), whether or not a quote
//! is near, so that "Kellenberger said he…" followed by `"…," he said` resolves to Kellenberger.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::lexicon::{self, Classes, class};

use super::quotes::{Candidate, SentenceEdges};
use super::tokens::{SentenceTokens, Token, starts_upper};
use crate::model::Attribution;
use crate::text::Document;

mod grammar;
mod registry;
#[cfg(test)]
mod tests;
mod words;

use self::grammar::*;
use self::registry::*;
pub(in crate::extract) use self::words::*;

/// What attribution found for one quote candidate.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Found {
    /// The speaker, if one was found in the quote's sentences.
    pub(crate) attribution: Option<Attribution>,
    /// Whether a quote sentence has a reporting verb outside the quote.
    pub(crate) has_verb: bool,
    /// Whether the quote is the predicate of a named subject right before it (`Moscow "urged…"`).
    pub(crate) predicate: bool,
}

/// A reporting verb in a sentence and its resolved subject.
#[derive(Debug)]
struct Hit {
    start: usize,
    end: usize,
    attribution: Option<Attribution>,
    /// Whether the verb and its subject open the sentence (`Trump asked, …`, `Said Stone:`).
    leading: bool,
    /// Whether the subject is a name or a pronoun rather than a common noun phrase.
    named: bool,
}

/// What one sentence offers to the quotes next to it.
#[derive(Debug, Default)]
struct Around {
    /// The subject of a reporting verb that opens the sentence: the speaker of a quote that ends
    /// the sentence before.
    leading: Option<Attribution>,
    /// Whether the sentence is no more than its leading attribution (`Trump asked.`), rather than
    /// a statement of its own that opens with one (`Rubio fired back at Christie over …`).
    leading_only: bool,
    /// Whether [`Around::last`] is the speaker of a quote of the sentence.
    last_quoted: bool,
    /// The name on a dash line of its own (`— Bernie Sanders`).
    dash: Option<Attribution>,
    /// The subject of the sentence's last reporting verb: the speaker of a quote standing alone
    /// in the sentence after (`Sami recalled how … "And I was like…"`).
    last: Option<Attribution>,
    /// The subject of a sentence that ends with a colon (`Clinton released a statement:`).
    colon: Option<Attribution>,
    /// The subject of the sentence, for a quote inside it that no verb attributes.
    subject: Option<Attribution>,
    /// The subject of the sentence when it is a person: for a quote standing alone right after
    /// it (`Roloson supports Clinton. "I'm a college graduate…"`), and before the name that
    /// introduces a quote with a colon.
    person: Option<Attribution>,
}

/// Attributes every candidate (same order as `candidates`).
///
/// First in the quote's own sentence (a reporting verb's subject, or the named subject the quote is
/// the predicate of), then in the sentences next to it: an attribution opening the next sentence
/// (`"Why?" Trump asked.` is split after the question mark), a reporting verb or a colon in the
/// sentence before, and last the subject of the quote's own sentence (`Cruz questioned Trump's
/// "New York values"`).
pub(crate) fn attribute(
    doc: &Document,
    candidates: &[Candidate],
    sentence_tokens: &SentenceTokens<'_>,
    edges: &SentenceEdges,
) -> Vec<Found> {
    let text = doc.text();
    let registry = Registry::build(doc, sentence_tokens);
    // The candidates with a part in each sentence, by sentence index, each with the range of its
    // parts that lie there: parts are in text order, so a sentence's parts follow each other, and
    // a quote of many paragraphs is not searched whole for each of its sentences.
    let mut by_sentence: Vec<Vec<(usize, Range<usize>)>> = vec![Vec::new(); doc.sentences().len()];
    for (index, candidate) in candidates.iter().enumerate() {
        let mut from = 0;
        let mut current = None;
        for (k, part) in candidate.parts.iter().enumerate() {
            let sentence = doc.sentence_at(part.start);
            if sentence == current {
                continue;
            }
            if let Some(here) = current.and_then(|s| by_sentence.get_mut(s)) {
                here.push((index, from..k));
            }
            (current, from) = (sentence, k);
        }
        if let Some(here) = current.and_then(|s| by_sentence.get_mut(s)) {
            here.push((index, from..candidate.parts.len()));
        }
    }
    let has_candidate = |s: usize| by_sentence.get(s).is_some_and(|here| !here.is_empty());
    let near = |s: usize| {
        has_candidate(s) || s.checked_sub(1).is_some_and(has_candidate) || has_candidate(s + 1)
    };
    let mut found = vec![Found::default(); candidates.len()];
    let mut around: Vec<Around> = Vec::with_capacity(doc.sentences().len());
    // `More from Jones: "…"`: the words before a colon that introduces a quote.
    let mut colon_before: Vec<Option<Attribution>> = vec![None; candidates.len()];
    let mut state = State::default();
    for (index, sentence) in doc.sentences().iter().enumerate() {
        let tokens = sentence_tokens.of(index);
        around.push(Around::default());
        if doc.in_chrome(sentence) {
            continue;
        }
        let here = by_sentence
            .get(index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let has_quote = near(index);
        let mut hits: Vec<Hit> = Vec::new();
        // The last word outside quotes before each quote, found by halving when a quote asks.
        let words_outside = (!here.is_empty()).then(|| Unquoted::new(tokens));
        // The sentence's subject, found once when a participle needs it.
        let mut sentence_subject_cache: Option<Option<(usize, usize)>> = None;
        for (i, token) in tokens.iter().enumerate() {
            if let Some((end_token, mut subject)) = verb_at(tokens, i, has_quote) {
                let leading = i == 0 || subject.is_some_and(|(s, _)| s == 0 && i <= 8);
                // `she said, adding that "…"`, `Clinton tried to explain, saying "…"`, `she sent
                // an email saying "…"`: a participle's subject is the clause's, not the words
                // before it.
                let common_subject = subject.is_some_and(|(s, _)| {
                    tokens
                        .get(s)
                        .is_some_and(|t| !name_like(t.word) && !t.is(class::PRONOUN))
                });
                let participle = token.word.ends_with("ing")
                    && !token.word.eq_ignore_ascii_case("according")
                    && i.checked_sub(1)
                        .and_then(|p| tokens.get(p))
                        // `a defense of "New York values," saying …`: a comma inside the
                        // closing mark ends the clause too.
                        .is_some_and(|p| {
                            p.trail.contains(',')
                                || (!p.quoted && common_subject)
                                || object_of_preposition(tokens, i)
                        });
                if participle {
                    if let Some((previous, named)) = hits
                        .last()
                        .and_then(|h| Some((h.attribution.clone()?, h.named)))
                    {
                        hits.push(Hit {
                            start: token.start,
                            end: tokens.get(end_token).map_or(0, |t| t.end),
                            attribution: Some(previous),
                            leading: false,
                            named,
                        });
                        continue;
                    }
                    let clause =
                        *sentence_subject_cache.get_or_insert_with(|| sentence_subject(tokens));
                    if let Some(found) = clause.filter(|&(_, e)| e < i) {
                        subject = Some(found);
                    } else if subject.is_some_and(|(s, _)| after_preposition(tokens, s))
                        && let Some((s, e)) = subject_phrase(tokens, 0)
                        && e < i
                        && named_phrase(tokens, s, e)
                        && tokens.get(s).is_some_and(|t| !t.is(class::PRONOUN))
                    {
                        // `Netanyahu and other leaders shunned Carter during trips to Israel,
                        // claiming …`: not the object of "to", but the name opening the sentence.
                        subject = Some((s, e));
                    }
                }
                let attribution = subject.map(|(s, e)| {
                    let (attribution, kind) = resolve(text, tokens, s, e, &registry, &state);
                    state.note(&attribution, kind);
                    attribution
                });
                let end = tokens.get(end_token).map_or(0, |t| t.end);
                let named = subject.is_some_and(|(s, e)| named_phrase(tokens, s, e));
                hits.push(Hit {
                    start: tokens.get(i).map_or(0, |t| t.start),
                    end,
                    attribution,
                    leading,
                    named,
                });
            }
        }
        if let Some(slot) = around.last_mut() {
            slot.leading = hits
                .first()
                .filter(|h| h.leading)
                .and_then(|h| h.attribution.clone());
            slot.leading_only = hits.first().is_some_and(|h| {
                h.leading && tokens.iter().filter(|t| t.start >= h.end).count() <= 2
            });
            slot.dash = dash_line(text, tokens, &registry, &state);
            slot.last = hits.iter().rev().find_map(|h| h.attribution.clone());
            let ends_with_colon = tokens.last().is_some_and(|t| t.trail.ends_with(':'));
            let before_quote = has_candidate(index + 1);
            if ends_with_colon || before_quote || !here.is_empty() {
                let subject = sentence_subject(tokens)
                    .map(|(s, e)| resolve(text, tokens, s, e, &registry, &state));
                slot.person = subject
                    .as_ref()
                    .filter(|(_, kind)| *kind == Kind::Person)
                    .map(|(a, _)| a.clone());
                let subject = subject.map(|(a, _)| a);
                if ends_with_colon {
                    slot.colon.clone_from(&subject);
                }
                slot.subject = subject;
            }
        }
        let attributed = hits.iter().any(|h| h.attribution.is_some());
        for (c, in_sentence) in here {
            let (Some(candidate), Some(slot)) = (candidates.get(*c), found.get_mut(*c)) else {
                continue;
            };
            slot.has_verb |= !hits.is_empty();
            if slot.attribution.is_some() {
                continue;
            }
            let parts: Vec<_> = candidate
                .parts
                .get(in_sentence.clone())
                .unwrap_or_default()
                .iter()
                .collect();
            let unquoted = words_outside.as_ref();
            // `Moscow "underscored…"`, unless a reporting verb says who spoke: `Voters "think
            // so," he said.`
            if let Some(first) = parts.first()
                && !attributed
                && let Some((attribution, kind)) = unquoted.and_then(|unquoted| {
                    predicate_subject(text, tokens, unquoted, first.open, &registry, &state)
                })
            {
                state.note(&attribution, kind);
                slot.attribution = Some(attribution);
                slot.predicate = true;
                continue;
            }
            let nearest = hits
                .iter()
                .filter(|h| h.attribution.is_some())
                .min_by_key(|h| {
                    parts
                        .iter()
                        .map(|p| {
                            if h.start >= p.outer_end {
                                h.start - p.outer_end
                            } else {
                                p.open.saturating_sub(h.end)
                            }
                        })
                        .min()
                        .unwrap_or(usize::MAX)
                });
            // `Starr said Clinton's situation reminds him of …, explaining, "…"`: the words
            // after a leading `Name said` are what the name said; a common noun phrase there is
            // no rival speaker.
            let opening = hits
                .first()
                .filter(|h| h.leading && h.named && parts.first().is_some_and(|p| h.end <= p.open));
            let nearest = match (nearest, opening) {
                (Some(n), Some(o)) if !n.named => Some(o),
                (n, _) => n,
            };
            // `Rubio said that he has begun "to unmask" Trump, whom he called …`: the same person
            // named earlier in the sentence is the mention to report, not a pronoun that is not
            // attached to the quote (`"…," he said`, `he said: "…"`).
            let nearest = nearest.map(|n| {
                let attached = parts.iter().any(|p| {
                    let between = if n.start >= p.outer_end {
                        text.get(p.outer_end..n.start)
                    } else {
                        text.get(n.end.min(p.open)..p.open)
                    };
                    between.is_some_and(|b| b.split_whitespace().count() <= 1)
                });
                // A relative pronoun opens a clause of its own (`said Weaver, who said …`).
                let pronoun = !attached
                    && n.attribution
                        .as_ref()
                        .and_then(|a| a.mention.as_deref())
                        .is_some_and(|m| is(m, class::PRONOUN));
                let speaker = n.attribution.as_ref().and_then(|a| a.speaker.as_deref());
                let named = |h: &&Hit| {
                    h.attribution.as_ref().is_some_and(|a| {
                        speaker.is_some()
                            && a.speaker.as_deref() == speaker
                            && !a.mention.as_deref().is_some_and(is_pronoun_mention)
                    })
                };
                if pronoun {
                    hits.iter().find(named).unwrap_or(n)
                } else {
                    n
                }
            });
            slot.attribution = nearest.and_then(|h| h.attribution.clone());
            // `Berg is slamming candidates who think they can "…"`: a relative pronoun that
            // stands for no one named is no speaker; the sentence around it says who spoke.
            if slot.attribution.as_ref().is_some_and(|a| {
                a.speaker.is_none() && a.mention.as_deref().is_some_and(|m| RELATIVES.contains(&m))
            }) {
                slot.attribution = None;
            }
            // `"…," he said. "You just haven't." Berg shot back at Keller over …`: a quote that
            // opens its sentence and ends with its own full stop goes on from the attributed quote
            // of the sentence before; the statement after it is someone else's.
            if let (Some(hit), [part]) = (nearest, parts.as_slice())
                && hit.start >= part.outer_end
                && tokens.len() - tokens.partition_point(|t| t.start < hit.end) > 2
                && tokens
                    .first()
                    .is_some_and(|t| t.quoted && t.start >= part.start)
                && text
                    .get(part.start..part.end)
                    .is_some_and(|q| q.trim_end().ends_with(['.', '!', '?']))
                && let Some(previous) = index.checked_sub(1).and_then(|p| around.get(p))
                && previous.last_quoted
                && doc.sentences().get(index - 1).map(|s| s.paragraph) == Some(sentence.paragraph)
            {
                slot.attribution.clone_from(&previous.last);
            }
            // `Berg has long attacked what she calls the "tax trap"`: "he" or "she" in a clause
            // after the sentence's named subject, with no other name between them, is that
            // subject; the name is the mention to report.
            if let Some(hit) = nearest
                && !hit.leading
                && hit
                    .attribution
                    .as_ref()
                    .and_then(|a| a.mention.as_deref())
                    .is_some_and(|m| one_of(strip_possessive(m), &["he", "she"]))
                && in_clause(text, tokens, hit.start, &parts)
                && let Some((s, e)) =
                    *sentence_subject_cache.get_or_insert_with(|| sentence_subject(tokens))
                && let Some(subject) = subject_before_pronoun(tokens, s, e, hit.start)
            {
                let (attribution, kind) =
                    resolve(text, tokens, subject.0, subject.1, &registry, &state);
                if kind == Kind::Person {
                    slot.attribution = Some(attribution);
                }
            }
            // `"…" ― Maria Lopez`: a name after a dash right after the quote, ending the line.
            if slot.attribution.is_none()
                && let Some(last) = parts.last()
            {
                slot.attribution = dash_after(text, tokens, last.outer_end, &registry, &state);
            }
            // `for many state workers "…"`, `the past`: words that name no one are no speaker;
            // the sentences around the quote may say who spoke.
            if slot.attribution.as_ref().is_some_and(names_no_one) {
                slot.attribution = None;
            }
            if slot.attribution.is_none()
                && let (Some(first), Some(colon), Some(unquoted)) =
                    (parts.first(), colon_before.get_mut(*c), unquoted)
            {
                *colon = named_before_colon(text, tokens, unquoted, first.open, &registry, &state);
            }
        }
        // A quote standing alone after this sentence continues its last attributed quote, if it
        // has one, rather than whoever its last verb's subject is ("what he calls").
        if let Some(slot) = around.last_mut()
            && let Some(quoted) = here
                .iter()
                .rev()
                .find_map(|(c, _)| found.get(*c).and_then(|f| f.attribution.clone()))
        {
            slot.last = Some(quoted);
            slot.last_quoted = true;
        }
    }
    for ((candidate, slot), colon) in candidates.iter().zip(found.iter_mut()).zip(colon_before) {
        if slot.attribution.is_none() {
            slot.attribution =
                from_neighbours(doc, edges, candidate, &around, colon).filter(|a| !names_no_one(a));
        }
    }
    found
}

/// For each token of a sentence, the last token up to it that is outside every quote: the word
/// before a quote is then found by halving, rather than by a search from the sentence's end (and
/// back over the quotes before it) for every quote, which made a sentence of quotes quadratic.
struct Unquoted {
    last: Vec<Option<usize>>,
}

impl Unquoted {
    fn new(tokens: &[Token<'_>]) -> Unquoted {
        let mut last = None;
        let last = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if !t.quoted {
                    last = Some(i);
                }
                last
            })
            .collect();
        Unquoted { last }
    }

    /// The last token outside quotes that ends at byte `at` or before it (tokens end in order).
    fn before(&self, tokens: &[Token<'_>], at: usize) -> Option<usize> {
        let ended = tokens.partition_point(|t| t.end <= at);
        self.last.get(ended.checked_sub(1)?).copied().flatten()
    }
}

/// The speaker of a quote its own sentence does not attribute, from the sentences around it;
/// else the name before the colon that opens it (`colon`), else the subject of its sentence.
fn from_neighbours(
    doc: &Document,
    edges: &SentenceEdges,
    candidate: &Candidate,
    around: &[Around],
    colon: Option<Attribution>,
) -> Option<Attribution> {
    let (first, last) = (candidate.parts.first()?, candidate.parts.last()?);
    let (first_sentence, last_sentence) =
        (doc.sentence_at(first.start)?, doc.sentence_at(last.start)?);
    let sentences = doc.sentences();
    // No words before the quote in its sentence (which must not start after the quote opens), nor
    // after it (which must not end before the quote closes).
    let alone_before = sentences.get(first_sentence).is_some_and(|s| {
        s.span.start_byte <= first.open && !edges.before(first_sentence, first.open)
    });
    let alone_after = sentences.get(last_sentence).is_some_and(|s| {
        last.outer_end <= s.span.end_byte && !edges.after(last_sentence, last.outer_end)
    });
    let same_paragraph = |a: usize, b: usize| {
        sentences.get(a).map(|s| s.paragraph) == sentences.get(b).map(|s| s.paragraph)
    };
    if alone_after && let Some(next) = around.get(last_sentence + 1) {
        // An attribution opening the next sentence belongs to this quote only in the same
        // paragraph: a new paragraph starts new business. A dash line is made to follow.
        // `"…," he said. "…." Rubio fired back at Christie …`: a quote going on from an attributed
        // quote in the sentence before keeps its speaker, unless the next sentence is only an
        // attribution (`"Why?" Trump asked.`).
        let continues = alone_before
            && first_sentence
                .checked_sub(1)
                .and_then(|p| around.get(p))
                .is_some_and(|p| {
                    p.last_quoted && same_paragraph(first_sentence - 1, first_sentence)
                });
        let leading = next
            .leading
            .as_ref()
            .filter(|_| same_paragraph(last_sentence, last_sentence + 1))
            .filter(|_| next.leading_only || !continues);
        if let Some(found) = next.dash.as_ref().or(leading) {
            return Some(found.clone());
        }
    }
    if alone_before
        && let Some(previous) = first_sentence.checked_sub(1).and_then(|p| around.get(p))
    {
        if let Some(colon) = &previous.colon {
            return Some(colon.clone());
        }
        if alone_after && let Some(last) = previous.last.as_ref().or(previous.person.as_ref()) {
            return Some(last.clone());
        }
    }
    if alone_before && alone_after {
        return colon;
    }
    // `The timing doesn't surprise pollster Daron Shaw: "…"`: the name that introduces the
    // quote, unless the sentence's subject is a person (`McConnell delivered a message to
    // Trump: "…"`).
    let own = around.get(first_sentence)?;
    own.person.clone().or(colon).or_else(|| own.subject.clone())
}

/// `More from Jones: "…"`, `Michael McDonald: "…"`: the name ending right before the colon that
/// opens the quote at byte `open`.
fn named_before_colon(
    text: &str,
    tokens: &[Token<'_>],
    unquoted: &Unquoted,
    open: usize,
    registry: &Registry,
    state: &State,
) -> Option<Attribution> {
    let last = unquoted.before(tokens, open)?;
    let token = tokens.get(last)?;
    if token.trail != ":" || !text.get(token.end + 1..open)?.trim().is_empty() {
        return None;
    }
    let mut start = last;
    while start > 0
        && last - start < 5
        && tokens
            .get(start - 1)
            .is_some_and(|t| !t.quoted && !t.ends_phrase() && name_like(t.word))
    {
        start -= 1;
    }
    let named = tokens
        .get(start..=last)?
        .iter()
        .all(|t| name_like(t.word) && !t.is(class::CALENDAR));
    named.then(|| resolve(text, tokens, start, last, registry, state).0)
}

/// `— Bernie Sanders.` on a line of its own after a quote: the name, as an attribution.
fn dash_line(
    text: &str,
    tokens: &[Token<'_>],
    registry: &Registry,
    state: &State,
) -> Option<Attribution> {
    let first = tokens.first()?;
    // The horizontal bar (―) opens attribution lines in some house styles.
    let dashed = first.lead.starts_with(['-', '—', '–', '―'])
        || first.word.is_empty() && first.trail.starts_with(['-', '—', '–', '―']);
    if !dashed || tokens.len() > 7 {
        return None;
    }
    let words: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens.get(i).is_some_and(|t| !t.word.is_empty()))
        .collect();
    let (&s, &e) = (words.first()?, words.last()?);
    let named = tokens
        .get(s..=e)?
        .iter()
        .all(|t| t.word.is_empty() || name_like(t.word) || t.is(class::DETERMINER));
    named.then(|| resolve(text, tokens, s, e, registry, state).0)
}

/// Whether a token is a dash, or opens with one (`―Maria`): the mark of a name that signs what
/// comes before it.
fn dashed(token: &Token<'_>) -> bool {
    let dash = ['-', '—', '–', '―'];
    token.lead.starts_with(dash) || token.word.is_empty() && token.trail.starts_with(dash)
}

/// `"…" ― Maria Lopez`, `"…" — Maria Lopez, farmer`: a dash right after the quote ending at
/// byte `outer_end`, then a name of five words at most that ends the sentence or a comma.
fn dash_after(
    text: &str,
    tokens: &[Token<'_>],
    outer_end: usize,
    registry: &Registry,
    state: &State,
) -> Option<Attribution> {
    let at = tokens.partition_point(|t| t.start < outer_end);
    let dash = tokens.get(at)?;
    if dash.quoted || !dashed(dash) {
        return None;
    }
    let start = if dash.word.is_empty() { at + 1 } else { at };
    let mut end = start;
    loop {
        let t = tokens.get(end)?;
        if t.quoted || !name_like(t.word) || t.is(class::CALENDAR) || end - start >= 5 {
            return None;
        }
        if t.ends_phrase() && !t.abbreviation_dot(is_title_word) {
            break;
        }
        if end + 1 == tokens.len() {
            break;
        }
        end += 1;
    }
    let closes = tokens.get(end).is_some_and(|t| {
        end + 1 == tokens.len() || t.trail.starts_with(',') || t.trail.starts_with('.')
    });
    closes.then(|| resolve(text, tokens, start, end, registry, state).0)
}

/// How many words may separate a sentence's subject from the verb of a pronoun standing for it.
const MAX_PRONOUN_GAP: usize = 40;

/// The sentence subject `start..=end` when it is a name (no pronoun) that ends before byte `at`
/// with no other capitalized word outside quotes between them: the person a pronoun at `at`
/// stands for.
fn subject_before_pronoun(
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    at: usize,
) -> Option<(usize, usize)> {
    let subject = tokens.get(start..=end)?;
    // `Anna Berg`, `Radio host Anna Berg`, `The president`: a name or a title ends the phrase.
    let head = subject
        .last()
        .is_some_and(|t| name_like(t.word) || is_title_word(t.word));
    let named = head
        && subject
            .iter()
            .all(|t| !t.is(class::PRONOUN | class::CALENDAR) && !RELATIVES.contains(&t.word));
    if !named || subject.last()?.end > at {
        return None;
    }
    // Read at most a short stretch: every quote of a sentence may ask, and a sentence of many
    // quotes must not be read once for each.
    let verb = tokens.partition_point(|t| t.end <= at);
    if verb.saturating_sub(end) > MAX_PRONOUN_GAP {
        return None;
    }
    let rival = tokens
        .get(end + 1..verb)
        .unwrap_or_default()
        .iter()
        .any(|t| !t.quoted && t.capitalized() && !t.is(class::PRONOUN));
    (!rival).then_some((start, end))
}

/// Whether the pronoun subject of the verb at byte `verb` opens a clause inside the sentence (`what he calls`,
/// `said he believes`) rather than an attribution of its own: a lower-case word right before it,
/// and no quote part right after its verb or right before it (`"…," she said`, `she said: "…"`).
fn in_clause(
    text: &str,
    tokens: &[Token<'_>],
    verb: usize,
    parts: &[&super::quotes::Part],
) -> bool {
    // The pronoun: the word before the verb starting at byte `verb`, or two words before it
    // (`she often calls`).
    let verb_index = tokens.partition_point(|t| t.start < verb);
    let Some(index) = (1..=2)
        .filter_map(|back| verb_index.checked_sub(back))
        .find(|&k| {
            tokens
                .get(k)
                .is_some_and(|t| !t.quoted && one_of(t.word, &["he", "she"]))
        })
    else {
        return false;
    };
    let Some(at) = tokens.get(index).map(|t| t.start) else {
        return false;
    };
    let lower_before = index
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| {
            !p.quoted
                && p.trail.is_empty()
                && p.word
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_lowercase())
        });
    let attached = parts.iter().any(|p| {
        if at >= p.outer_end {
            text.get(p.outer_end..at)
                .is_some_and(|b| b.split_whitespace().count() <= 1)
        } else {
            // `she said: "…"` is attached; `said he believes "…"` is a clause.
            text.get(at..p.open).is_some_and(|b| {
                b.split_whitespace().count() <= 2 && b.trim_end().ends_with([',', ':'])
            })
        }
    });
    lower_before && !attached
}
