//! The sentence around a quote: its subject, the reporting verb and its subject, phrases before
//! and after, asides between dashes.

use super::*;

/// Words that open a sentence before its subject: an adverbial up to the first comma
/// (`On Monday, …`, `Speaking in Iowa, …`) or a conjunction (`But …`).
#[rustfmt::skip]
pub(super) const OPENERS: &[&str] = &[
    "in", "on", "at", "after", "before", "during", "when", "while", "as", "since", "with",
    "without", "speaking", "asked", "despite", "although", "though", "if", "for", "from", "by",
    "last", "earlier", "later", "still", "instead", "meanwhile", "however", "yet", "then", "now",
    "today", "yesterday", "separately", "also", "once", "under", "over", "within", "according",
    "amid", "amidst", "like", "unlike", "following", "among", "until", "because", "whether",
];

/// The subject of a sentence: the noun phrase after any opening adverbial, when a lower-case word
/// (its verb) follows it. `Cruz, leading in Iowa, questioned …` gives "Cruz".
pub(super) fn sentence_subject(tokens: &[Token<'_>]) -> Option<(usize, usize)> {
    let mut k = 0;
    let first = tokens.first()?;
    let lower = first.word;
    // `Hours later, she issued …`, `Flying home that night, she vented …`: a short opening
    // phrase, then a pronoun subject after its comma.
    if !first.is(class::PRONOUN)
        && let Some(comma) = tokens.iter().take(7).position(|t| t.trail.contains(','))
        && !tokens.get(..=comma)?.iter().any(|t| t.quoted)
        && let Some(pronoun) = tokens.get(comma + 1)
        && one_of(pronoun.word, &["he", "she", "they", "we", "i"])
        && !pronoun.quoted
    {
        return Some((comma + 1, comma + 1));
    }
    if one_of(lower, &["but", "and", "so", "or"]) {
        k = 1;
    }
    // `Hours later, Trump returned …`: a short opening phrase with a lower-case word in it (so not
    // a name with its appositive, `Lavrov, the minister, said`), then a named subject.
    // After a conjunction too: `But hours later, Trump returned …`.
    let short_opening = tokens
        .iter()
        .skip(k)
        .take(5)
        .position(|t| t.quoted || t.trail.contains(','))
        .map(|p| p + k)
        .filter(|&comma| {
            tokens.get(k..=comma).is_some_and(|ts| {
                ts.iter().all(|t| !t.quoted)
                    && ts.iter().skip(1).any(|t| {
                        t.word
                            .bytes()
                            .next()
                            .is_some_and(|b| b.is_ascii_lowercase())
                            && !is_particle(t.word)
                    })
            }) && tokens
                .get(comma + 1)
                .is_some_and(|t| !t.quoted && t.capitalized())
        });
    if let Some(comma) = short_opening {
        k = comma + 1;
    } else if let Some(comma) = time_opening(tokens, k) {
        k = comma + 1;
    }
    // `On Thursday, after remaining neutral, Warren appeared …`: openers may follow each other.
    for _ in 0..3 {
        let opens = tokens.get(k).is_some_and(|t| {
            // `Casting himself as her prosecutor, Mr. Christie roused …`: a participle opens too.
            t.is(class::OPENER) || (k == 0 && t.capitalized() && t.word.ends_with("ing"))
        });
        if !opens {
            break;
        }
        let comma = k + tokens
            .iter()
            .skip(k)
            .take(20)
            .position(|t| t.quoted || t.trail.contains(','))?;
        if tokens.get(comma).is_some_and(|t| t.quoted) {
            return None;
        }
        k = comma + 1;
    }
    let opened = k > 0;
    let (mut s, mut e) = subject_phrase(tokens, k)?;
    // `Speaking in Salem, New Hampshire, Keller went …`: after an opening phrase, a place set off
    // by commas ends it, and the name after the place is the subject.
    if opened
        && tokens.get(e).is_some_and(|t| t.trail == ",")
        && let Some((s2, e2)) = subject_phrase(tokens, e + 1)
        && named_phrase(tokens, s2, e2)
        && tokens.get(s2..=e2).is_some_and(|ts| {
            ts.iter()
                .all(|t| !t.is(class::DETERMINER | class::PRONOUN | class::CALENDAR))
        })
        && tokens.get(e2).is_some_and(|t| t.trail.is_empty())
        && tokens
            .get(e2 + 1)
            .is_some_and(|v| !v.quoted && !v.word.is_empty() && !v.capitalized())
    {
        (s, e) = (s2, e2);
    }
    // The verb: the next word outside the quote, in lower case (after an appositive in commas).
    let mut v = e + 1;
    if tokens.get(e).is_some_and(|t| t.trail.contains(',')) {
        v = (e + 1..tokens.len().min(e + 14)).find(|&j| {
            tokens
                .get(j)
                .is_some_and(|t| t.quoted || t.trail.contains(','))
        })? + 1;
    }
    // `Keller on Monday rejected …`, `Keller Monday rejected`: a day between the subject and its
    // verb, as `subject_before` skips it.
    for _ in 0..2 {
        let Some(t) = tokens.get(v).filter(|t| !t.quoted && !t.ends_phrase()) else {
            break;
        };
        let day = |k: usize| {
            tokens
                .get(k)
                .is_some_and(|d| !d.quoted && d.capitalized() && d.is(class::CALENDAR))
        };
        if one_of(t.word, &["on", "last", "this"]) && day(v + 1) {
            v += 2;
        } else if day(v) {
            v += 1;
        } else {
            break;
        }
    }
    let verb = tokens.get(v)?;
    let verb_like = !verb.quoted && !verb.word.is_empty() && !verb.capitalized() && {
        !verb.is(class::STOP) || verb.is(class::AUXILIARY)
    };
    verb_like.then_some((s, e))
}

/// Words that end a phrase of time: `a few weeks later,`, `that morning,`.
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "later", "ago", "earlier", "morning", "afternoon", "evening", "night", "day", "days", "week",
    "weeks", "weekend", "month", "months", "year", "years", "hours", "minutes", "moment",
];

/// `And a few weeks later, Mr. Obama …`, `But that morning, an angry crowd …`: a phrase of at
/// most six words from token `k` that ends in a word of time and a comma, before a name or a
/// determiner; the index of the token with the comma.
fn time_opening(tokens: &[Token<'_>], k: usize) -> Option<usize> {
    let comma = k + tokens
        .iter()
        .skip(k)
        .take(6)
        .position(|t| t.quoted || t.trail.contains(','))?;
    let phrase = tokens.get(k..=comma)?;
    let timed = phrase.iter().all(|t| !t.quoted)
        && phrase.last().is_some_and(|t| one_of(t.word, TIME_WORDS));
    let next = tokens.get(comma + 1)?;
    let subject_follows = !next.quoted && (next.capitalized() || next.is(class::DETERMINER));
    (timed && subject_follows).then_some(comma)
}

/// Capitalized words that open sentences without being their subjects.
#[rustfmt::skip]
pub(super) const NOT_SUBJECTS: &[&str] = &[
    "rather", "perhaps", "apparently", "even", "only", "just", "indeed", "clearly", "obviously",
    "certainly", "sometimes", "often", "never", "always", "nor", "neither", "either", "no", "not",
    "its", "his", "her", "their", "our", "my", "your", "there",
];

/// Verbs that may follow a subject although they stop noun phrases.
pub(super) const AUXILIARIES: &[&str] = &[
    "has", "had", "have", "was", "is", "were", "are", "will", "would", "also", "could", "can",
    "did", "does", "do", "may", "might", "should", "must", "later", "then", "once", "still",
];

/// A subject starting at token `k`: a pronoun, a run of name words (titles and initials
/// included: "Sen. Ted Cruz", "Iowa State University's Dianne Bystrom"), or a determiner and the
/// lower-case words up to the first that looks like a verb ("The former candidate has …").
pub(super) fn subject_phrase(tokens: &[Token<'_>], k: usize) -> Option<(usize, usize)> {
    let first = tokens.get(k)?;
    if first.quoted || first.word.is_empty() {
        return None;
    }
    let lower = first.word;
    if one_of(lower, &["he", "she", "they", "it", "we", "i"]) {
        return Some((k, k));
    }
    let mut e = k;
    // "There is", "That is", "Rather, …", "It's": function words, not subjects.
    if first.is(class::STOP) || first.is(class::NOT_SUBJECT) || lower.contains(['\'', '’']) {
        return None;
    }
    if name_like(first.word) && !first.is(class::DETERMINER) {
        while let Some(t) = tokens.get(e + 1) {
            let prev = tokens.get(e)?;
            let joined = !prev.ends_phrase() || prev.abbreviation_dot(is_title_word);
            // `Trump and Ryan issued …`: two names joined are one subject.
            let and_name = t.word == "and"
                && !t.ends_phrase()
                && tokens
                    .get(e + 2)
                    .is_some_and(|n| !n.quoted && n.capitalized() && name_like(n.word));
            if and_name && e + 2 - k < 8 {
                e += 2;
                continue;
            }
            // `Former Secretary of State Hillary Clinton`: "of" between capitalized words.
            let of_name = t.word == "of"
                && !t.ends_phrase()
                && tokens
                    .get(e + 2)
                    .is_some_and(|n| !n.quoted && n.capitalized());
            if of_name && e + 2 - k < 8 {
                e += 2;
                continue;
            }
            if t.quoted || !joined || !name_like(t.word) || e + 1 - k >= 8 {
                break;
            }
            e += 1;
        }
        return Some((k, e));
    }
    if !first.is(class::DETERMINER) {
        return None;
    }
    while let Some(t) = tokens.get(e + 1) {
        let lower = t.word;
        let verb = strength(t.classes).is_some()
            || t.is(class::AUXILIARY)
            || ends_with_ignore_case(lower, "ed")
            || (e > k && one_of(lower, IRREGULAR_PAST));
        if t.quoted || verb || e + 1 - k >= 6 || tokens.get(e)?.ends_phrase() {
            break;
        }
        e += 1;
    }
    (e > k).then_some((k, e))
}

/// Irregular past forms of common verbs that are not verbs of saying: in `The retired surgeon
/// began by …` the first of them after a determiner's noun is the verb, as a word in "-ed" is.
#[rustfmt::skip]
pub(super) const IRREGULAR_PAST: &[&str] = &[
    "began", "became", "brought", "came", "drew", "felt", "fought", "gave", "got", "held", "kept",
    "knew", "led", "left", "lost", "made", "met", "paid", "ran", "sat", "saw", "sent", "spent",
    "stood", "took", "went", "won",
];

/// Whether token `i` is a reporting verb; if so the last token of the verb and its subject.
#[allow(clippy::type_complexity)]
pub(super) fn verb_at(
    tokens: &[Token<'_>],
    i: usize,
    has_quote: bool,
) -> Option<(usize, Option<(usize, usize)>)> {
    let token = tokens.get(i)?;
    if token.quoted {
        return None;
    }
    let word = token.word;
    let according = word.eq_ignore_ascii_case("according");
    // Capitalized, a verb only at the start of a sentence ("Said Stone:"); "States" is a noun.
    if i > 0 && token.capitalized() && !according {
        return None;
    }
    let next = tokens
        .get(i + 1)
        .filter(|n| !n.quoted && !token.ends_phrase());
    let next_lower = next.map_or("", |n| n.word);
    if according {
        if !next_lower.eq_ignore_ascii_case("to") {
            return None;
        }
        return Some((
            i + 1,
            forward_phrase(tokens, i + 2).map(|np| author_of(tokens, np)),
        ));
    }
    let mut last = i;
    let phrasal = token.is(class::PHRASAL_VERB)
        && PHRASAL.iter().any(|(verbs, particle)| {
            next_lower.eq_ignore_ascii_case(particle) && one_of(word, verbs)
        });
    let strength = if phrasal {
        last = i + 1;
        // "went on to say", "went on to add": the cue takes the infinitive too.
        let to = tokens
            .get(i + 2)
            .is_some_and(|t| t.word.eq_ignore_ascii_case("to") && !t.quoted);
        if to
            && tokens
                .get(i + 3)
                .is_some_and(|t| strength(t.classes).is_some())
        {
            last = i + 3;
        }
        Strength::Weak
    } else {
        strength(token.classes)?
    };
    let prev = i
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .filter(|p| !p.quoted && !p.ends_phrase());
    let prev_is = |classes| prev.is_some_and(|p| p.is(classes));
    let progressive = ends_with_ignore_case(word, "ing");
    if (!progressive && prev_is(class::PASSIVE)) || prev_is(class::NOUN_MARKER) {
        return None;
    }
    if noun_use(tokens, i) || compound_noun(tokens, i) {
        return None;
    }
    // `Repair estimates, he added, were "…"`: a word before an attribution set off by commas
    // ends the noun phrase the attribution interrupts.
    let parenthetical = token.trail == ","
        && tokens
            .get(i + 1)
            .is_some_and(|t| !t.quoted && one_of(t.word, &["he", "she", "they", "it", "we", "i"]))
        && tokens
            .get(i + 2)
            .is_some_and(|t| !t.quoted && t.is(class::STRONG | class::WEAK));
    if parenthetical {
        return None;
    }
    // `Trump's charge "…"`, `the report's claims`: after a possessive the word is a noun; but
    // `he's said`, `she's told` are contractions of "has".
    if prev.is_some_and(|p| p.trail.is_empty() && possessive_noun(p.word))
        && !ends_with_ignore_case(word, "ed")
        && !one_of(word, &["said", "told", "written", "wrote", "thought"])
    {
        return None;
    }
    if starts_with_ignore_case(word, "call") {
        // "called on/for" reports; so does "called Rubio "Little Marco"" (a name, then the
        // quote); "a film called "X"" and "a town called Hope" name.
        if one_of(next_lower, &["on", "for", "upon"]) {
            last = i + 1;
        } else if next.is_none() || next.is_some_and(|n| n.starts_phrase()) {
            return None;
        } else if next.is_some_and(Token::capitalized) {
            let quote_follows = tokens
                .get(i + 2..tokens.len().min(i + 6))
                .is_some_and(|ts| ts.iter().any(|t| t.quoted));
            if !quote_follows {
                return None;
            }
        }
    }
    let near_quote =
        has_quote || next_lower.eq_ignore_ascii_case("that") || token.trail.contains(':');
    if strength == Strength::Weak && !near_quote {
        return None;
    }
    let inverted = || {
        // Inverted order right after a quote or a clause: `"…," said Jakob Kellenberger.`
        let after_break = i == 0
            || tokens.get(i - 1).is_some_and(|p| {
                // Only a quote that ends its clause (`"…," said`) is followed by an inverted
                // weak verb: in `head off "more radical" protest suggestions` the words after
                // the verb are its object. A lone closing mark after a space (`'above the law,' "
                // said`) breaks too.
                (p.quoted
                    && (strength == Strength::Strong
                        || p.trail
                            .contains([',', '.', '!', '?', ':', ';', '—', '–', '-'])))
                    || (!p.quoted && p.ends_phrase())
                    || p.word.is_empty()
            });
        // A participle is never inverted: the words after `saying` are what was said; nor is
        // "told": the name after it is the listener (`— told Bill O'Reilly`).
        if after_break && !progressive && !one_of(word, &["told", "tell", "tells"]) {
            forward_phrase(tokens, last + 1).map(|np| named_after(tokens, np))
        } else {
            None
        }
    };
    let subject = match subject_before(tokens, i, progressive) {
        // `"…" that Sanders can catch Clinton, said Steve Elmendorf, …`: after a comma, a name
        // (not "it", not "Sunday") following the verb is its subject rather than the end of the
        // clause before.
        Some((s, e))
            if !named_phrase(tokens, s, e)
                && tokens.get(i - 1).is_some_and(|p| p.trail.ends_with(',')) =>
        {
            inverted()
                .filter(|&(s, e)| {
                    // The name ends its clause (`said Steve Elmendorf, deputy …`); in `said
                    // Republicans are engaged` it is the subject of what was said.
                    let ends_clause = tokens
                        .get(e)
                        .is_some_and(|t| t.trail.contains([',', '.', ';', ':', '!', '?']))
                        || e + 1 == tokens.len();
                    // `said CBS moderator Nancy Cordes:`: lower-case words may come before the
                    // name that ends the phrase.
                    ends_clause
                        && tokens.get(s..=e).is_some_and(|ts| {
                            ts.last().is_some_and(|t| {
                                name_like(t.word) && !t.is(class::CALENDAR | class::DETERMINER)
                            }) && ts.iter().all(|t| !t.is(class::PRONOUN))
                        })
                })
                .or(Some((s, e)))
        }
        Some(found) => Some(found),
        None => inverted(),
    };
    Some((last, subject))
}

/// `she really thinks`, `Clinton has increasingly decried`: token `k` is an adverb in "-ly" (not
/// a noun such as "the family", "his ally": those follow a determiner).
pub(super) fn adverb(tokens: &[Token<'_>], k: usize) -> bool {
    let Some(t) = tokens.get(k) else {
        return false;
    };
    let after_noun_marker = k
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| !p.ends_phrase() && (p.is(class::NOUN_MARKER) || possessive_noun(p.word)));
    t.word.len() > 4
        && t.word.ends_with("ly")
        && t.word.bytes().all(|b| b.is_ascii_lowercase())
        && !after_noun_marker
}

/// Relative pronouns that can be the subject of a reporting verb ("that" is far more often a
/// conjunction).
pub(super) const RELATIVES: &[&str] = &["who", "which"];

/// The subject before the verb at `i`, skipping adverbs, auxiliaries and appositives.
pub(super) fn subject_before(
    tokens: &[Token<'_>],
    i: usize,
    progressive: bool,
) -> Option<(usize, usize)> {
    let mut j = skip_between(tokens, i, progressive);
    // `Beck, who has in the past described`, `Keller over the weekend called`: a phrase in lower
    // case after a preposition is when or where, never who; the subject is before it.
    // Two at most: `at a rally in the square`.
    for _ in 0..2 {
        let Some(preposition) = preposition_phrase_before(tokens, j) else {
            break;
        };
        j = skip_between(tokens, preposition, progressive);
    }
    // `Gingrich — mentioned by Newsmax as the leading choice — told …`: the subject is before
    // an aside set off by dashes.
    if let Some(opening) = dash_aside_start(tokens, j) {
        j = opening;
    }
    // `Rivera, in St. Paul, lamented`: a place set off by commas is where, never who.
    if let Some(preposition) = comma_place_aside_start(tokens, j) {
        j = preposition;
    }
    // `he laughed and said`, `Berg paused and added`: a verb in the past right before "and"
    // shares its subject, when that is a name or a pronoun.
    let coordinated = j
        .checked_sub(2)
        .filter(|&verb| {
            let (Some(v), Some(and)) = (tokens.get(verb), tokens.get(verb + 1)) else {
                return false;
            };
            and.word == "and"
                && !and.quoted
                && !v.quoted
                && !v.ends_phrase()
                && !v.capitalized()
                && (ends_with_ignore_case(v.word, "ed") || one_of(v.word, IRREGULAR_PAST))
        })
        .and_then(|verb| subject_ending_before(tokens, skip_between(tokens, verb, progressive)))
        .filter(|&(s, e)| named_phrase(tokens, s, e));
    coordinated.or_else(|| subject_ending_before(tokens, j))
}

/// Prepositions whose lower-case object, between a subject and its verb, says when or where:
/// "for" is left out (`a spokesman for the campaign said` names the campaign), and so are the
/// words that also open clauses ("after the man had posted").
const ADVERBIAL_PREPOSITIONS: &[&str] =
    &["in", "over", "during", "at", "on", "within", "throughout"];

/// When the words before token `j` are a preposition and its object in lower case (`in the
/// past`, `over the weekend`, `at a rally`), with a word before the preposition in the same
/// clause, the index of the preposition.
fn preposition_phrase_before(tokens: &[Token<'_>], j: usize) -> Option<usize> {
    let end = j.checked_sub(1)?;
    let mut k = end;
    // At most a preposition, a determiner and three words.
    while k + 5 > end {
        let t = tokens.get(k)?;
        if t.quoted || t.word.is_empty() || t.ends_phrase() {
            return None;
        }
        if k < end && one_of(t.word, ADVERBIAL_PREPOSITIONS) {
            let before = tokens.get(k.checked_sub(1)?)?;
            // Not a verb's complement (`voiced in his famous demand`).
            let subject_side = !before.quoted
                && !before.ends_phrase()
                && !before.word.is_empty()
                && !ends_with_ignore_case(before.word, "ed");
            return subject_side.then_some(k);
        }
        let lower = t
            .word
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase());
        if !lower || t.is(class::STOP) || strength(t.classes).is_some() {
            return None;
        }
        k = k.checked_sub(1)?;
    }
    None
}

/// When the words before token `j` are `, in Place Name,` (a preposition of place and at most
/// four capitalized words, set off by commas after a word), the index of the preposition.
fn comma_place_aside_start(tokens: &[Token<'_>], j: usize) -> Option<usize> {
    let closing = j.checked_sub(1)?;
    if tokens.get(closing)?.trail != "," {
        return None;
    }
    let mut k = closing;
    while closing - k < 5 {
        let t = tokens.get(k)?;
        if t.quoted || t.word.is_empty() {
            return None;
        }
        if k < closing && one_of(t.word, PLACE_PREPOSITIONS) && t.trail.is_empty() {
            let before = tokens.get(k.checked_sub(1)?)?;
            return (before.trail == "," && !before.quoted && !before.word.is_empty()).then_some(k);
        }
        let inner_trail_ok = k == closing
            || t.trail.is_empty()
            || t.abbreviation_dot(is_title_word)
            || t.trail == ".";
        if !t.capitalized() || !inner_trail_ok {
            return None;
        }
        k = k.checked_sub(1)?;
    }
    None
}

/// Prepositions of place that open an aside between a subject and its verb.
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "from", "near", "outside"];

/// Token `i` moved back over the adverbs, auxiliaries and days between a subject and its verb.
fn skip_between(tokens: &[Token<'_>], i: usize, progressive: bool) -> usize {
    let mut j = i;
    while j > 0 {
        let Some(t) = tokens.get(j - 1) else {
            break;
        };
        let lower = t.word;
        // `Priebus later Thursday told`, `Obama on Friday declared`: the day is no subject.
        let day = t.is(class::CALENDAR) && t.capitalized()
            || lower == "on"
                && tokens
                    .get(j)
                    .is_some_and(|d| d.is(class::CALENDAR) && d.capitalized());
        let skip = (t.is(class::BETWEEN) && !auxiliary_name(tokens, j - 1))
            || day
            || (progressive && t.is(class::PASSIVE))
            || adverb(tokens, j - 1);
        if !t.quoted && !t.ends_phrase() && skip {
            j -= 1;
        } else {
            break;
        }
    }
    j
}

/// The subject ending right before token `j`: a relative pronoun, a noun phrase, or the head
/// of a name and its appositives in commas.
fn subject_ending_before(tokens: &[Token<'_>], j: usize) -> Option<(usize, usize)> {
    let prev = tokens.get(j.checked_sub(1)?)?;
    if prev.quoted {
        return None;
    }
    // `Obama, who called the nominee "unfit"`: the relative pronoun is the subject as written;
    // `resolve` finds what it stands for.
    if RELATIVES.contains(&prev.word) && prev.lead.is_empty() {
        return Some((j - 1, j - 1));
    }
    if !prev.trail.contains(',') {
        return backward_phrase(tokens, j);
    }
    // `Lavrov, the foreign minister, said`, `Tom Reyes, 62, who lost his home, said`: walk back
    // over comma-separated appositives to the head noun phrase.
    let proper = |(s, e): (usize, usize)| {
        tokens.get(s..=e).is_some_and(|ts| {
            ts.iter().any(|t| t.is(class::PRONOUN))
                || ts
                    .iter()
                    .filter(|t| !t.is(class::DETERMINER))
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
            // `Thompson, R-Pa., said`: a dot before a comma ends an abbreviation, not a sentence.
            if t.trail.starts_with(".,") {
                break Some(prev);
            }
            if t.quoted
                || close - prev > 24
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
        let appositive_like = !first.capitalized()
            || first.word.chars().any(|c| c.is_ascii_digit())
            || first.is(class::DETERMINER)
            || party_and_state(first.word)
            || opened.is_some_and(|comma| place_after_place(tokens, (k, close), comma));
        match opened {
            Some(comma) if appositive_like => {
                // `Or, as Tom Ridge, a former secretary, put it`: the name after the "as" that
                // opens the segment (other openers, `in Kentucky`, make an aside).
                let mut named = segment;
                if named.0 < named.1 && tokens.get(named.0).is_some_and(|t| t.word == "as") {
                    named.0 += 1;
                }
                if named_appositive.is_none() && proper(named) {
                    named_appositive = Some(named);
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

/// `…, who runs a bakery in Fargo, North Dakota, said`: the segment `start..=end` (set off by
/// commas) is one or two capitalized words after a place named by a preposition ("in Fargo,"
/// ends at token `comma`): a state or country, not the subject.
pub(super) fn place_after_place(
    tokens: &[Token<'_>],
    (start, end): (usize, usize),
    comma: usize,
) -> bool {
    let short_name = end + 1 - start <= 2
        && tokens
            .get(start..=end)
            .is_some_and(|ts| ts.iter().all(|t| t.capitalized() && !t.is(class::PRONOUN)));
    // Not a phrase opening the sentence (`In October, Mr. Paulson, who …`, `Of Carson, Levine`).
    let place_before = (comma.saturating_sub(3).max(1)..comma).any(|k| {
        tokens.get(k).is_some_and(|t| {
            !t.quoted && !t.ends_phrase() && one_of(t.word, &["in", "of", "from", "at", "near"])
        })
    }) && tokens
        .get(comma)
        .is_some_and(|t| t.capitalized() && !t.is(class::CALENDAR));
    short_name && place_before
}

/// Words that are far more often nouns than verbs of saying.
#[rustfmt::skip]
pub(super) const NOUN_LIKE: &[&str] = &[
    "email", "emails", "text", "texts", "message", "messages", "post", "posts", "tweet", "tweets",
    "quote", "quotes", "answer", "answers", "remark", "remarks", "comment", "comments", "question",
    "questions", "report", "reports", "shout", "shouts",
];

/// `her recovered emails`, `a private email server`: a noun-like verb after a lower-case word
/// that is no pronoun, auxiliary or adverb is the end of a compound noun.
pub(super) fn compound_noun(tokens: &[Token<'_>], i: usize) -> bool {
    let (Some(token), Some(prev)) = (tokens.get(i), i.checked_sub(1).and_then(|p| tokens.get(p)))
    else {
        return false;
    };
    one_of(token.word, NOUN_LIKE)
        && !prev.quoted
        && !prev.ends_phrase()
        && prev
            .word
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase())
        && !prev.is(class::PRONOUN | class::BETWEEN | class::PASSIVE)
        && !RELATIVES.contains(&prev.word)
        && !adverb(tokens, i - 1)
}

/// `according to calculations by Amy Glasmeier`: the named author of a document, when the
/// phrase `start..=end` is followed by "by" or "from" and a name.
pub(super) fn author_of(tokens: &[Token<'_>], (start, end): (usize, usize)) -> (usize, usize) {
    let by = tokens
        .get(end + 1)
        .is_some_and(|t| !t.quoted && one_of(t.word, &["by", "from"]))
        && tokens.get(end).is_some_and(|t| !t.ends_phrase());
    let named = |(s, e): (usize, usize)| {
        tokens.get(s..=e).is_some_and(|ts| {
            ts.last().is_some_and(|t| t.capitalized())
                && ts.iter().all(|t| !t.is(class::PRONOUN | class::CALENDAR))
        })
    };
    match forward_phrase(tokens, end + 2) {
        Some(author) if by && !named((start, end)) && named(author) => author,
        _ => (start, end),
    }
}

/// `Thiel wrote in a statement to Wired explaining …`: the name right before the word at `i`
/// is the object of a preposition, not a subject (`with McCain calling it` is one).
pub(super) fn object_of_preposition(tokens: &[Token<'_>], i: usize) -> bool {
    let mut k = i;
    while k > 0
        && tokens.get(k - 1).is_some_and(|t| {
            !t.quoted
                && t.capitalized()
                && !t.is(class::PRONOUN)
                && (k == i || !t.ends_phrase() || t.abbreviation_dot(is_title_word))
        })
    {
        k -= 1;
    }
    k < i
        && k.checked_sub(1)
            .and_then(|p| tokens.get(p))
            .is_some_and(|p| {
                !p.ends_phrase()
                    && one_of(
                        p.word,
                        &[
                            "to", "of", "from", "by", "in", "on", "at", "for", "about", "into",
                            "against",
                        ],
                    )
            })
}

/// Whether the phrase starting at token `start` follows a preposition (`attacks on Rubio`, `in
/// several speeches`): an object, not a subject.
pub(super) fn after_preposition(tokens: &[Token<'_>], start: usize) -> bool {
    start
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|p| {
            !p.quoted
                && !p.ends_phrase()
                && one_of(
                    p.word,
                    &[
                        "to", "of", "from", "by", "in", "on", "at", "for", "about", "into",
                        "against", "during", "with",
                    ],
                )
        })
}

/// Whether a mention as written is a personal or relative pronoun ("he", "who").
pub(super) fn is_pronoun_mention(mention: &str) -> bool {
    is(mention, class::PRONOUN) || RELATIVES.contains(&mention)
}

/// Whether the subject `start..=end` is a pronoun or a name (determiners and titles aside).
pub(super) fn named_phrase(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    tokens.get(start..=end).is_some_and(|ts| {
        ts.iter().any(|t| !t.is(class::DETERMINER))
            && ts.iter().all(|t| {
                t.is(class::DETERMINER | class::PRONOUN)
                    || RELATIVES.contains(&t.word)
                    || name_like(t.word)
            })
    })
}

/// A capitalized "Will" or "May" inside a sentence is a name (`"…," Will wrote`), not an
/// auxiliary.
pub(super) fn auxiliary_name(tokens: &[Token<'_>], k: usize) -> bool {
    k > 0
        && tokens
            .get(k)
            .is_some_and(|t| t.capitalized() && t.is(class::BETWEEN))
}

/// `R-Pa`, `D-Calif`: a lawmaker's party and state, set off by commas after the name.
pub(super) fn party_and_state(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() >= 4
        && matches!(bytes.first(), Some(b'R' | b'D' | b'I'))
        && bytes.get(1) == Some(&b'-')
        && bytes.get(2).is_some_and(u8::is_ascii_uppercase)
}

/// A lone dash (a token of its own).
pub(super) fn is_dash(token: &Token<'_>) -> bool {
    token.word.is_empty() && (token.lead.starts_with(['—', '–']) || token.lead == "--")
}

/// When the token before `j` is a dash closing an aside (`X — an aside — said`), the index of
/// the dash that opens it.
pub(super) fn dash_aside_start(tokens: &[Token<'_>], j: usize) -> Option<usize> {
    let closing = j.checked_sub(1)?;
    if !is_dash(tokens.get(closing)?) {
        return None;
    }
    let mut k = closing;
    while k > 0 && closing - k < 30 {
        k -= 1;
        let t = tokens.get(k)?;
        if is_dash(t) {
            return (k + 1 < closing).then_some(k);
        }
        if t.quoted
            || t.trail.contains(['.', ';', ':', '!', '?']) && !t.abbreviation_dot(is_title_word)
        {
            return None;
        }
    }
    None
}

/// The noun phrase ending just before token `end` (exclusive), read backwards.
pub(super) fn backward_phrase(tokens: &[Token<'_>], end: usize) -> Option<(usize, usize)> {
    let mut start = end;
    while start > 0 && end - start < 6 {
        let t = tokens.get(start - 1)?;
        if t.quoted
            || t.word.is_empty()
            || (start < end && t.ends_phrase() && !t.abbreviation_dot(is_title_word))
        {
            break;
        }
        let lower = t.word;
        // A subject never holds a reporting verb in the past (the base form may be a noun: "the
        // email said"): in `Khan decried Trump's repeated calls` the subject of "calls" is not
        // "decried Trump's repeated".
        let reports =
            !t.capitalized() && !base_form(lower) && strength(t.classes) == Some(Strength::Strong);
        if (t.is(class::STOP) && !auxiliary_name(tokens, start - 1))
            || reports
            || t.word.chars().any(|c| c.is_ascii_digit())
        {
            break;
        }
        if t.is(class::PRONOUN) {
            // A pronoun is a whole subject only when it is next to the verb.
            if start == end {
                start -= 1;
            }
            break;
        }
        start -= 1;
        if t.is(class::DETERMINER) || t.starts_phrase() {
            break;
        }
    }
    let only_determiner =
        start + 1 == end && tokens.get(start).is_some_and(|t| t.is(class::DETERMINER));
    (start < end && !only_determiner).then(|| (start, end - 1))
}

/// The noun phrase starting at token `from`, read forwards (inverted order, "according to").
pub(super) fn forward_phrase(tokens: &[Token<'_>], from: usize) -> Option<(usize, usize)> {
    let mut end = from;
    while end < tokens.len() && end - from < 7 {
        let t = tokens.get(end)?;
        if t.quoted || t.word.is_empty() || (end > from && t.starts_phrase()) {
            break;
        }
        let determiner = end == from && t.is(class::DETERMINER);
        // `according to the report`, `a comment by`: a reporting word right after a
        // determiner is its noun.
        let after_determiner =
            end == from + 1 && tokens.get(from).is_some_and(|d| d.is(class::DETERMINER));
        if !determiner
            && (t.is(class::STOP) || (strength(t.classes).is_some() && !after_determiner))
        {
            break;
        }
        end += 1;
        if (t.ends_phrase() && !t.abbreviation_dot(is_title_word))
            || (t.is(class::PRONOUN) && end == from + 1)
        {
            break;
        }
    }
    let only_determiner =
        end == from + 1 && tokens.get(from).is_some_and(|t| t.is(class::DETERMINER));
    (end > from && !only_determiner).then(|| (from, end - 1))
}

/// `said one patient, John Hale, who…`: a common-noun phrase followed by a name in commas
/// is that person; otherwise the phrase itself.
pub(super) fn named_after(tokens: &[Token<'_>], (start, end): (usize, usize)) -> (usize, usize) {
    let named = |ts: &[Token<'_>]| {
        ts.iter()
            .all(|t| t.is(class::DETERMINER) || name_like(t.word))
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

/// `Moscow "underscored…"`: a named subject opening the sentence directly before the quote, whose
/// words the quote is.
pub(super) fn predicate_subject(
    text: &str,
    tokens: &[Token<'_>],
    unquoted: &Unquoted,
    open: usize,
    registry: &Registry,
    state: &State,
) -> Option<(Attribution, Kind)> {
    let last = unquoted.before(tokens, open)?;
    let token = tokens.get(last)?;
    if !text.get(token.end..open)?.trim().is_empty() || !token.trail.is_empty() {
        return None;
    }
    let (start, end) = backward_phrase(tokens, last + 1)?;
    let named = tokens
        .get(start..=end)?
        .iter()
        .filter(|t| !t.is(class::DETERMINER))
        .all(|t| name_like(t.word));
    if !named {
        return None;
    }
    // Only a subject that opens the sentence: in `The statement added that Moscow "…"` the
    // quoted words are the statement's report, so its verb attributes them.
    if start != 0 {
        return None;
    }
    Some(resolve(text, tokens, start, end, registry, state))
}
