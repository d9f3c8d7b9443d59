//! Who said it: reporting verbs, their subjects, a registry of the people an article names, and
//! the resolution of surnames and pronouns to full names.
//!
//! The article is read in order, sentence by sentence. Every reporting verb with a subject makes
//! that subject the latest speaker of its kind (person or organisation), whether or not a quote
//! is near, so that "Kellenberger said he…" followed by `"…," he said` resolves to Kellenberger.

use std::collections::HashMap;

use super::quotes::Candidate;
use super::tokens::{Token, tokenize};
use crate::model::Attribution;
use crate::text::Document;

/// Reporting verbs, every form, lower case. `according` is handled with its `to`.
#[rustfmt::skip]
const VERBS: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds", "added",
    "adding", "ask", "asks", "asked", "asking", "argue", "argues", "argued", "arguing", "write",
    "writes", "wrote", "writing", "tweet", "tweets", "tweeted", "tweeting", "posted", "stated",
    "insist", "insists", "insisted", "insisting", "warn", "warns", "warned", "warning", "explain",
    "explains", "explained", "explaining", "note", "notes", "noted", "noting", "claim", "claims",
    "claimed", "claiming", "declare", "declares", "declared", "declaring", "announce", "announces",
    "announced", "announcing", "reply", "replies", "replied", "replying", "respond", "responds",
    "responded", "responding", "continue", "continues", "continued", "acknowledge", "acknowledges",
    "acknowledged", "acknowledging", "admit", "admits", "admitted", "admitting", "urge", "urges",
    "urged", "urging", "stress", "stresses", "stressed", "stressing", "emphasise", "emphasised",
    "emphasize", "emphasized", "emphasizes", "emphasises", "underscored", "underlined", "suggest",
    "suggests", "suggested", "predict", "predicts", "predicted", "promise", "promises", "promised",
    "vow", "vows", "vowed", "pledge", "pledges", "pledged", "confirm", "confirms", "confirmed",
    "deny", "denies", "denied", "repeat", "repeats", "repeated", "recall", "recalls", "recalled",
    "concede", "concedes", "conceded", "complain", "complains", "complained", "boast", "boasts",
    "boasted", "remark", "remarks", "remarked", "observe", "observes", "observed", "comment",
    "comments", "commented", "conclude", "concludes", "concluded", "maintain", "maintains",
    "maintained", "allege", "alleges", "alleged", "accuse", "accuses", "accused", "demand",
    "demands", "demanded", "estimate", "estimates", "estimated", "report", "reports", "reported",
    "reiterate", "reiterates", "reiterated", "testify", "testifies", "testified", "shout",
    "shouted", "cry", "cried", "whisper", "whispered", "counter", "countered", "retort", "retorted",
    "describe", "describes", "described", "describing", "protest", "protested", "thundered",
    "quipped", "joked", "mused", "wondered", "cautioned", "objected", "acknowledged", "told",
    "informed", "assured", "conceded", "revealed", "reveals", "disclosed", "contend", "contends",
    "contended", "asserted", "asserts", "affirmed", "calls", "called", "call", "calling",
];

/// Verbs common in other senses that count only near a quote or before "that".
#[rustfmt::skip]
const WEAK: &[&str] = &[
    "add", "adds", "added", "adding", "continue", "continues", "continued", "posted", "note",
    "notes", "noted", "report", "reports", "reported", "maintain", "maintains", "maintained",
    "observe", "observes", "observed", "estimate", "estimates", "estimated", "repeat", "repeats",
    "repeated", "protest", "protested", "demand", "demands", "demanded", "comment", "comments",
    "remarks", "cry", "cried", "counter", "countered", "describe", "describes", "described",
    "describing", "ask", "asks", "asked", "asking",
];

/// Whether `lower` is a reporting verb (in any sense).
pub(crate) fn is_reporting_word(lower: &str) -> bool {
    VERBS.contains(&lower) || lower == "according"
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "him", "her", "them",
];
const DETERMINERS: &[&str] = &["the", "a", "an"];
/// Words before a verb-looking word that make it a noun ("his claims", "the report").
#[rustfmt::skip]
const NOUN_MARKERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "your", "my", "this", "these", "those",
    "no", "any", "some", "final", "last", "such", "every", "each", "whose", "of", "to",
];
const PASSIVE: &[&str] = &[
    "was", "were", "been", "be", "being", "is", "are", "am", "get", "got",
];
/// Words between a subject and its verb: "has also said", "later told".
#[rustfmt::skip]
const BETWEEN: &[&str] = &[
    "also", "later", "then", "again", "repeatedly", "previously", "recently", "earlier", "once",
    "has", "have", "had", "will", "would", "could", "may", "might", "did", "does", "do",
    "reportedly", "publicly", "separately", "further", "simply", "only", "had", "often", "never",
    "always", "initially", "subsequently", "privately", "angrily", "flatly", "firmly", "quickly",
    "frequently", "shall", "should", "must", "can", "not", "already", "still", "now", "first",
    "last", "similarly",
];
/// Words that end a noun phrase (looking away from the verb).
#[rustfmt::skip]
const STOP: &[&str] = &[
    "that", "which", "who", "whom", "whose", "and", "or", "but", "nor", "when", "while", "as", "if",
    "because", "after", "before", "since", "so", "then", "also", "although", "though", "where",
    "in", "on", "at", "of", "for", "to", "with", "by", "from", "into", "about", "during", "over",
    "under", "than", "between", "against", "without", "within", "through", "across", "upon", "is",
    "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
    "may", "might", "must", "should", "not", "do", "does", "did", "meanwhile", "however",
    "yesterday", "today", "tomorrow", "tonight", "earlier", "later", "separately", "ahead", "now",
    "still", "there", "here", "what", "how", "why", "this", "these", "those", "thus", "hence",
    "moreover", "furthermore", "instead", "indeed", "yet", "once", "again", "last", "next",
    "according",
];
/// Titles and roles trimmed from names, lower case, without a final dot.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "gen", "general", "sen", "senator", "rep",
    "representative", "gov", "governor", "lt", "lieutenant", "col", "colonel", "sgt", "sergeant",
    "capt", "captain", "major", "maj", "admiral", "adm", "marshal", "commander", "president",
    "vice", "minister", "secretary", "chancellor", "premier", "king", "queen", "prince", "princess",
    "pope", "judge", "justice", "mayor", "ambassador", "envoy", "spokesman", "spokeswoman",
    "spokesperson", "chairman", "chairwoman", "chair", "director", "chief", "ceo", "cfo",
    "commissioner", "officer", "leader", "head", "sheikh", "ayatollah", "archbishop", "bishop",
    "rev", "reverend", "lord", "lady", "sir", "dame", "deputy", "doctor", "attorney", "coach",
    "manager", "founder", "editor", "inspector", "detective", "congressman", "congresswoman",
    "councillor", "councilman", "councilwoman", "sheriff", "pastor", "father", "rabbi", "imam",
    "chairperson", "superintendent", "presidential", "candidate", "adviser", "advisor", "economist",
    "analyst", "official", "correspondent", "negotiator", "mediator", "emir", "sultan", "speaker",
    "rapporteur", "coordinator", "counsel", "lawyer", "prosecutor",
];
/// Words that make a capitalized run an organisation or a place rather than a person.
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "ministry", "committee", "council", "cross", "crescent", "league", "union", "nations",
    "department", "office", "party", "government", "court", "bank", "agency", "association",
    "organization", "organisation", "institute", "university", "company", "group", "corp", "inc",
    "ltd", "news", "times", "post", "security", "house", "army", "forces", "force", "police",
    "service", "services", "commission", "parliament", "assembly", "congress", "senate",
    "federation", "fund", "foundation", "centre", "center", "authority", "board", "church",
    "republic", "kingdom", "states", "street", "square", "avenue", "city", "county", "province",
    "region", "airport", "hospital", "school", "college", "press", "network", "television", "radio",
    "club", "team", "international", "watch", "programme", "program", "front", "movement",
    "coalition", "alliance", "brigade", "brigades", "navy", "guard", "guards", "reuters", "afp",
    "ap", "bbc", "cnn", "ministries", "affairs", "health", "water", "river", "sea", "ocean",
    "island", "islands", "mountains", "valley", "district", "state",
];
#[rustfmt::skip]
const NOT_PERSON_FIRST: &[&str] = &[
    "new", "north", "south", "east", "west", "saudi", "united", "middle", "gulf", "san", "los",
    "las", "upper", "lower", "greater", "central", "western", "eastern", "northern", "southern",
    "st", "saint", "fort", "port", "lake", "mount",
];
#[rustfmt::skip]
const CALENDAR: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
];
#[rustfmt::skip]
const PARTICLES: &[&str] = &[
    "al", "bin", "ibn", "van", "von", "de", "da", "del", "der", "den", "di", "du", "la", "le", "el",
    "abu", "dos", "das", "ter", "y",
];

fn is_title_word(word: &str) -> bool {
    TITLES.contains(&word.trim_end_matches('.').to_lowercase().as_str())
}

fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word) || word.starts_with("al-") || word.starts_with("el-")
}

/// Whether `word` can be part of a name: capitalized, or a particle, or `al-Assad`.
fn name_like(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) || is_particle(word)
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// What a speaker is, for pronoun resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Person,
    Group,
    Unknown,
}

/// The people named in an article: full names, and surnames pointing to them.
#[derive(Debug, Default)]
struct Registry {
    people: Vec<String>,
    surnames: HashMap<String, String>,
}

impl Registry {
    fn build(doc: &Document, quoted: &[(usize, usize)]) -> Registry {
        let mut registry = Registry::default();
        let title_para = doc.title().and_then(|t| {
            doc.paragraphs()
                .iter()
                .position(|p| p.span.slice(doc.text()) == t)
        });
        for sentence in doc.sentences() {
            let chrome = doc.in_chrome(sentence);
            if chrome || Some(sentence.paragraph) == title_para {
                continue;
            }
            let tokens = tokenize(
                doc.text(),
                sentence.span.start_byte,
                sentence.span.end_byte,
                quoted,
            );
            let mut run: Vec<&str> = Vec::new();
            for token in &tokens {
                let usable = !token.quoted
                    && name_like(token.word)
                    && !token.word.chars().any(|c| c.is_ascii_digit());
                if usable && (!token.starts_phrase() || run.is_empty()) {
                    run.push(token.word);
                } else {
                    registry.add_run(&run);
                    run.clear();
                    if usable {
                        run.push(token.word);
                    }
                }
                if token.ends_phrase() && !token.abbreviation_dot(is_title_word) {
                    registry.add_run(&run);
                    run.clear();
                }
            }
            registry.add_run(&run);
        }
        registry
    }

    fn add_run(&mut self, run: &[&str]) {
        let mut words = run;
        while let Some((first, rest)) = words.split_first() {
            let lower = first.to_lowercase();
            if STOP.contains(&lower.as_str())
                || DETERMINERS.contains(&lower.as_str())
                || is_particle(first)
            {
                words = rest;
            } else {
                break;
            }
        }
        let name = split_title(words).1;
        if let Some(full) = person_name(name) {
            self.add(full);
        }
    }

    fn add(&mut self, full: String) {
        if self.people.contains(&full) {
            return;
        }
        if let Some(last) = full.split(' ').next_back() {
            for key in surname_keys(last) {
                self.surnames.entry(key).or_insert_with(|| full.clone());
            }
        }
        self.people.push(full);
    }

    fn full_name(&self, surname: &str) -> Option<&str> {
        self.surnames
            .get(strip_possessive(surname))
            .map(String::as_str)
    }
}

/// "al-Assad" is found as "al-Assad" and as "Assad".
fn surname_keys(last: &str) -> Vec<String> {
    let mut keys = vec![last.to_owned()];
    if let Some((prefix, rest)) = last.split_once('-')
        && is_particle(prefix)
        && !rest.is_empty()
    {
        keys.push(rest.to_owned());
    }
    keys
}

/// `words` split at the last title word followed by a name: (title, name).
fn split_title<'a, 'w>(words: &'a [&'w str]) -> (&'a [&'w str], &'a [&'w str]) {
    let cut = words
        .iter()
        .rposition(|w| is_title_word(w))
        .map_or(0, |i| i + 1);
    match words.split_at_checked(cut) {
        Some((title, name)) if !name.is_empty() && name.iter().all(|w| name_like(w)) => {
            (title, name)
        }
        _ => (&[], words),
    }
}

/// The run as a person's full name, if it looks like one.
fn person_name(words: &[&str]) -> Option<String> {
    let mut words: Vec<&str> = words.to_vec();
    while words.last().is_some_and(|w| is_particle(w)) {
        words.pop();
    }
    let capitalized = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let looks_like = (2..=5).contains(&words.len())
        && capitalized >= 2
        && words
            .first()
            .is_some_and(|w| !NOT_PERSON_FIRST.contains(&w.to_lowercase().as_str()))
        && words.iter().all(|w| {
            let lower = strip_possessive(w).to_lowercase();
            let all_caps = w.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !w.chars().any(char::is_lowercase);
            !all_caps
                && !ORG_WORDS.contains(&lower.as_str())
                && !CALENDAR.contains(&lower.as_str())
                && !is_title_word(w)
                && !w.contains('.')
                || is_particle(w)
        });
    if !looks_like {
        return None;
    }
    let mut full = words.join(" ");
    if let Some(stripped) = full.strip_suffix("'s").or_else(|| full.strip_suffix("’s")) {
        full = stripped.to_owned();
    }
    Some(full)
}

/// The latest speaker of each kind, for pronouns.
#[derive(Debug, Default)]
struct State {
    person: Option<Attribution>,
    group: Option<Attribution>,
}

impl State {
    fn note(&mut self, attribution: &Attribution, kind: Kind) {
        match kind {
            Kind::Person => self.person = Some(attribution.clone()),
            Kind::Group => self.group = Some(attribution.clone()),
            Kind::Unknown => {}
        }
    }
}

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
}

/// Attributes every candidate (same order as `candidates`).
pub(crate) fn attribute(doc: &Document, candidates: &[Candidate]) -> Vec<Found> {
    let text = doc.text();
    let quoted: Vec<(usize, usize)> = candidates
        .iter()
        .flat_map(|c| c.parts.iter().map(|p| (p.open, p.outer_end)))
        .collect();
    let registry = Registry::build(doc, &quoted);
    let mut by_sentence: HashMap<usize, Vec<usize>> = HashMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let mut sentences: Vec<usize> = candidate
            .parts
            .iter()
            .filter_map(|p| doc.sentence_at(p.start))
            .collect();
        sentences.dedup();
        for s in sentences {
            by_sentence.entry(s).or_default().push(index);
        }
    }
    let mut found = vec![Found::default(); candidates.len()];
    let mut state = State::default();
    for (index, sentence) in doc.sentences().iter().enumerate() {
        if doc.in_chrome(sentence) {
            continue;
        }
        let tokens = tokenize(
            text,
            sentence.span.start_byte,
            sentence.span.end_byte,
            &quoted,
        );
        let here = by_sentence
            .get(&index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let has_quote = !here.is_empty();
        let mut hits = Vec::new();
        for (i, _) in tokens.iter().enumerate() {
            if let Some((end_token, subject)) = verb_at(&tokens, i, has_quote) {
                let attribution = subject.map(|(s, e)| {
                    let (attribution, kind) = resolve(text, &tokens, s, e, &registry, &state);
                    state.note(&attribution, kind);
                    attribution
                });
                let end = tokens.get(end_token).map_or(0, |t| t.end);
                hits.push(Hit {
                    start: tokens.get(i).map_or(0, |t| t.start),
                    end,
                    attribution,
                });
            }
        }
        for &c in here {
            let (Some(candidate), Some(slot)) = (candidates.get(c), found.get_mut(c)) else {
                continue;
            };
            slot.has_verb |= !hits.is_empty();
            if slot.attribution.is_some() {
                continue;
            }
            let parts: Vec<_> = candidate
                .parts
                .iter()
                .filter(|p| doc.sentence_at(p.start) == Some(index))
                .collect();
            if let Some(first) = parts.first()
                && let Some((attribution, kind)) =
                    predicate_subject(text, &tokens, first.open, &hits, &registry, &state)
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
            slot.attribution = nearest.and_then(|h| h.attribution.clone());
        }
    }
    found
}

/// Whether token `i` is a reporting verb; if so the last token of the verb and its subject.
#[allow(clippy::type_complexity)]
fn verb_at(
    tokens: &[Token<'_>],
    i: usize,
    has_quote: bool,
) -> Option<(usize, Option<(usize, usize)>)> {
    let token = tokens.get(i)?;
    if token.quoted {
        return None;
    }
    let word = token.word;
    let next = tokens
        .get(i + 1)
        .filter(|n| !n.quoted && !token.ends_phrase());
    let next_lower = next.map(Token::lower).unwrap_or_default();
    if word == "according" || word == "According" {
        if next_lower != "to" {
            return None;
        }
        return Some((i + 1, forward_phrase(tokens, i + 2)));
    }
    if !VERBS.contains(&word) {
        return None;
    }
    let prev = i
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .filter(|p| !p.quoted && !p.ends_phrase());
    let prev_lower = prev.map(Token::lower).unwrap_or_default();
    let progressive = word.ends_with("ing");
    if (!progressive && PASSIVE.contains(&prev_lower.as_str()))
        || NOUN_MARKERS.contains(&prev_lower.as_str())
    {
        return None;
    }
    let mut last = i;
    if word.starts_with("call") {
        // "called on/for" reports; "a film called X" names.
        if matches!(next_lower.as_str(), "on" | "for" | "upon") {
            last = i + 1;
        } else if next.is_none_or(|n| n.capitalized() || n.starts_phrase()) || word != "called" {
            return None;
        }
    }
    let near_quote = has_quote || next_lower == "that" || token.trail.contains(':');
    if WEAK.contains(&word) && !near_quote {
        return None;
    }
    let subject = subject_before(tokens, i, progressive).or_else(|| {
        // Inverted order right after a quote or a clause: `"…," said Jakob Kellenberger.`
        let after_break = i == 0
            || tokens
                .get(i - 1)
                .is_some_and(|p| p.quoted || p.ends_phrase());
        if after_break {
            forward_phrase(tokens, last + 1).map(|np| named_after(tokens, np))
        } else {
            None
        }
    });
    Some((last, subject))
}

/// The subject before the verb at `i`, skipping adverbs, auxiliaries and appositives.
fn subject_before(tokens: &[Token<'_>], i: usize, progressive: bool) -> Option<(usize, usize)> {
    let mut j = i;
    while j > 0 {
        let t = tokens.get(j - 1)?;
        let lower = t.lower();
        let skip =
            BETWEEN.contains(&lower.as_str()) || (progressive && PASSIVE.contains(&lower.as_str()));
        if !t.quoted && !t.ends_phrase() && skip {
            j -= 1;
        } else {
            break;
        }
    }
    let prev = tokens.get(j.checked_sub(1)?)?;
    if prev.quoted {
        return None;
    }
    if !prev.trail.contains(',') {
        return backward_phrase(tokens, j);
    }
    // `Lavrov, the foreign minister, said`, `Tom Reyes, 62, who lost his home, said`: walk back
    // over comma-separated appositives to the head noun phrase.
    let proper = |(s, e): (usize, usize)| {
        tokens.get(s..=e).is_some_and(|ts| {
            ts.iter().any(|t| PRONOUNS.contains(&t.lower().as_str()))
                || ts
                    .iter()
                    .filter(|t| !DETERMINERS.contains(&t.lower().as_str()))
                    .all(|t| name_like(t.word))
        })
    };
    let mut close = j - 1;
    let mut named_appositive = None;
    for _ in 0..4 {
        let mut k = close;
        let opened = loop {
            let Some(prev) = k.checked_sub(1) else {
                break None;
            };
            let t = tokens.get(prev)?;
            if t.quoted
                || close - prev > 12
                || t.trail.contains(['.', ';', ':', '!', '?']) && !t.abbreviation_dot(is_title_word)
            {
                break None;
            }
            if t.trail.contains(',') {
                break Some(prev);
            }
            k = prev;
        };
        let segment = (k, close);
        let first = tokens.get(k)?;
        let first_lower = first.lower();
        let appositive_like = !first.capitalized()
            || first.word.chars().any(|c| c.is_ascii_digit())
            || DETERMINERS.contains(&first_lower.as_str());
        match opened {
            Some(comma) if appositive_like => {
                if named_appositive.is_none() && proper(segment) {
                    named_appositive = Some(segment);
                }
                close = comma;
            }
            _ => {
                let head = backward_phrase(tokens, close + 1);
                return match head {
                    Some(h) if proper(h) => Some(h),
                    other => named_appositive.or(other),
                };
            }
        }
    }
    named_appositive
}

/// The noun phrase ending just before token `end` (exclusive), read backwards.
fn backward_phrase(tokens: &[Token<'_>], end: usize) -> Option<(usize, usize)> {
    let mut start = end;
    while start > 0 && end - start < 6 {
        let t = tokens.get(start - 1)?;
        if t.quoted
            || t.word.is_empty()
            || (start < end && t.ends_phrase() && !t.abbreviation_dot(is_title_word))
        {
            break;
        }
        let lower = t.lower();
        if STOP.contains(&lower.as_str()) || t.word.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        if PRONOUNS.contains(&lower.as_str()) {
            // A pronoun is a whole subject only when it is next to the verb.
            if start == end {
                start -= 1;
            }
            break;
        }
        start -= 1;
        if DETERMINERS.contains(&lower.as_str()) || t.starts_phrase() {
            break;
        }
    }
    let only_determiner = start + 1 == end
        && tokens
            .get(start)
            .is_some_and(|t| DETERMINERS.contains(&t.lower().as_str()));
    (start < end && !only_determiner).then(|| (start, end - 1))
}

/// The noun phrase starting at token `from`, read forwards (inverted order, "according to").
fn forward_phrase(tokens: &[Token<'_>], from: usize) -> Option<(usize, usize)> {
    let mut end = from;
    while end < tokens.len() && end - from < 7 {
        let t = tokens.get(end)?;
        if t.quoted || t.word.is_empty() || (end > from && t.starts_phrase()) {
            break;
        }
        let lower = t.lower();
        let determiner = end == from && DETERMINERS.contains(&lower.as_str());
        if !determiner && (STOP.contains(&lower.as_str()) || VERBS.contains(&lower.as_str())) {
            break;
        }
        end += 1;
        if (t.ends_phrase() && !t.abbreviation_dot(is_title_word))
            || (PRONOUNS.contains(&lower.as_str()) && end == from + 1)
        {
            break;
        }
    }
    let only_determiner = end == from + 1
        && tokens
            .get(from)
            .is_some_and(|t| DETERMINERS.contains(&t.lower().as_str()));
    (end > from && !only_determiner).then(|| (from, end - 1))
}

/// `said one patient, John Hale, who…`: a common-noun phrase followed by a name in commas
/// is that person; otherwise the phrase itself.
fn named_after(tokens: &[Token<'_>], (start, end): (usize, usize)) -> (usize, usize) {
    let named = |ts: &[Token<'_>]| {
        ts.iter()
            .all(|t| DETERMINERS.contains(&t.lower().as_str()) || name_like(t.word))
    };
    let comma = tokens.get(end).is_some_and(|t| t.trail == ",");
    if !comma || tokens.get(start..=end).is_none_or(named) {
        return (start, end);
    }
    // The name is the capitalized run that ends the next comma-delimited segment.
    let mut k = end + 1;
    while let Some(t) = tokens.get(k) {
        if t.quoted || k > end + 6 {
            return (start, end);
        }
        if t.ends_phrase() && !t.abbreviation_dot(is_title_word) {
            break;
        }
        k += 1;
    }
    let last = k;
    let mut first = last;
    while first > end + 1
        && tokens
            .get(first - 1)
            .is_some_and(|t| name_like(t.word) && !t.ends_phrase())
    {
        first -= 1;
    }
    let run = tokens.get(first..=last).unwrap_or_default();
    if run.len() >= 2
        && run.iter().all(|t| name_like(t.word))
        && tokens
            .get(last)
            .is_some_and(|t| t.trail.starts_with([',', '.']))
    {
        (first, last)
    } else {
        (start, end)
    }
}

/// `The statement added that Moscow "underscored…"` and `Moscow "underscored…"`: a named subject
/// directly before the quote, whose words the quote is.
fn predicate_subject(
    text: &str,
    tokens: &[Token<'_>],
    open: usize,
    hits: &[Hit],
    registry: &Registry,
    state: &State,
) -> Option<(Attribution, Kind)> {
    let last = tokens.iter().rposition(|t| t.end <= open && !t.quoted)?;
    let token = tokens.get(last)?;
    if !text.get(token.end..open)?.trim().is_empty() || !token.trail.is_empty() {
        return None;
    }
    let (start, end) = backward_phrase(tokens, last + 1)?;
    let named = tokens
        .get(start..=end)?
        .iter()
        .filter(|t| !DETERMINERS.contains(&t.lower().as_str()))
        .all(|t| name_like(t.word));
    if !named {
        return None;
    }
    let at_start = start == 0;
    let after_that = start
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| p.lower() == "that" && hits.iter().any(|h| h.end <= p.start));
    if !(at_start || after_that) {
        return None;
    }
    Some(resolve(text, tokens, start, end, registry, state))
}

/// Turns the subject tokens `start..=end` into an attribution.
fn resolve(
    text: &str,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    registry: &Registry,
    state: &State,
) -> (Attribution, Kind) {
    let (Some(first), Some(last)) = (tokens.get(start), tokens.get(end)) else {
        return (Attribution::default(), Kind::Unknown);
    };
    let mention = text.get(first.start..last.end).unwrap_or("").to_owned();
    let words: Vec<&str> = tokens
        .get(start..=end)
        .unwrap_or_default()
        .iter()
        .map(|t| t.word)
        .collect();
    if let [single] = words.as_slice() {
        let lower = single.to_lowercase();
        let previous = match lower.as_str() {
            "he" | "she" | "him" | "her" => Some((&state.person, Kind::Person)),
            "they" | "it" | "them" => Some((&state.group, Kind::Group)),
            "i" | "we" | "you" => Some((&None, Kind::Unknown)),
            _ => None,
        };
        if let Some((previous, kind)) = previous {
            let speaker = previous.as_ref().and_then(|a| a.speaker.clone());
            return (
                Attribution {
                    speaker,
                    mention: Some(mention),
                    title: None,
                },
                kind,
            );
        }
    }
    let mut body: &[&str] = &words;
    while let Some((first, rest)) = body.split_first() {
        if DETERMINERS.contains(&first.to_lowercase().as_str()) && !rest.is_empty() {
            body = rest;
        } else {
            break;
        }
    }
    let (title_words, name_words) = split_title(body);
    let title = match (title_words.first(), title_words.last()) {
        (Some(f), Some(l)) => {
            let from = mention.find(f).unwrap_or(0);
            let mut to = mention.rfind(l).map_or(mention.len(), |at| at + l.len());
            if mention.get(to..).is_some_and(|rest| rest.starts_with('.')) {
                to += 1;
            }
            mention.get(from..to).map(str::to_owned)
        }
        _ => None,
    };
    let mut name = name_words.join(" ");
    if let Some(stripped) = name.strip_suffix("'s").or_else(|| name.strip_suffix("’s")) {
        name = stripped.to_owned();
    }
    let kind;
    if let [single] = name_words {
        if let Some(full) = registry.full_name(single) {
            name = full.to_owned();
            kind = Kind::Person;
        } else if title.is_some() {
            kind = Kind::Person;
        } else {
            kind = if name_like(single) {
                Kind::Group
            } else {
                head_kind(single)
            };
        }
    } else if registry.people.contains(&name) || person_name(name_words).is_some() {
        kind = Kind::Person;
    } else {
        kind = name_words.last().map_or(Kind::Unknown, |w| head_kind(w));
    }
    (
        Attribution {
            speaker: Some(name),
            mention: Some(mention),
            title,
        },
        kind,
    )
}

/// The kind of a lower-case head noun: roles are people, the rest groups ("activists").
fn head_kind(word: &str) -> Kind {
    if is_title_word(word) {
        Kind::Person
    } else {
        Kind::Group
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Format;

    fn speakers(input: &str) -> Vec<(Option<String>, Option<String>, Option<String>)> {
        let doc = Document::parse(input, Format::Text);
        let mut diagnostics = Vec::new();
        let candidates = super::super::quotes::find(&doc, &mut diagnostics);
        attribute(&doc, &candidates)
            .into_iter()
            .map(|f| {
                let a = f.attribution.unwrap_or_default();
                (a.speaker, a.mention, a.title)
            })
            .collect()
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn titles_and_appositives() {
        assert_eq!(
            speakers(
                "Russian Foreign Minister Sergei Lavrov said the talks were \"useful and frank.\""
            ),
            [(
                some("Sergei Lavrov"),
                some("Russian Foreign Minister Sergei Lavrov"),
                some("Russian Foreign Minister")
            )]
        );
        assert_eq!(
            speakers(
                "Sergei Lavrov met them.\n\nLavrov, the foreign minister, said the talks were \"useful and frank.\""
            ),
            [(some("Sergei Lavrov"), some("Lavrov"), None)]
        );
    }

    #[test]
    fn inverted_and_according_to() {
        assert_eq!(
            speakers("\"We are ready to help,\" said Jakob Kellenberger, the ICRC president."),
            [(some("Jakob Kellenberger"), some("Jakob Kellenberger"), None)]
        );
        assert_eq!(
            speakers("The plan is \"dead on arrival,\" according to the Foreign Ministry."),
            [(some("Foreign Ministry"), some("the Foreign Ministry"), None)]
        );
    }

    #[test]
    fn appositive_chains_and_named_inversions() {
        assert_eq!(
            speakers("Mr. Tom Reyes, 62, who lost his home, said: \"I have nothing left.\""),
            [(some("Tom Reyes"), some("Mr. Tom Reyes"), some("Mr."))]
        );
        assert_eq!(
            speakers(
                "\"It hurts,\" said one patient, 71-year-old John Hale, who was treated there."
            ),
            [(some("John Hale"), some("John Hale"), None)]
        );
        assert_eq!(
            speakers(
                "Moscow, a key ally of Syria, has been calling for \"an immediate halt\" to the fighting."
            ),
            [(some("Moscow"), some("Moscow"), None)]
        );
    }

    #[test]
    fn pronouns_follow_the_last_speaker() {
        let got = speakers(
            "Anna Berg met Tom Keller on Monday. Berg told reporters she was hopeful.\n\n\"We will get there,\" she said. The ministry said it would wait.\n\n\"Not yet,\" it said.",
        );
        assert_eq!(got[0], (some("Anna Berg"), some("she"), None));
        assert_eq!(got[1], (some("ministry"), some("it"), None));
    }
}
