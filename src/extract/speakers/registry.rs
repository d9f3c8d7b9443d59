//! The people and organisations an article names, and the resolution of a surname, a title or a
//! pronoun to the full name it stands for.

use super::*;

/// What a speaker is, for pronoun resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Person,
    Group,
    /// One capitalized word named nowhere in full (`Sanders`, `Moscow`): a person or a group.
    Name,
    Unknown,
}

/// The people named in an article: full names, and surnames pointing to them.
#[derive(Debug, Default)]
pub(super) struct Registry {
    people: HashSet<String>,
    surnames: HashMap<String, String>,
    /// The fullest form of a name the article gives in several (`Donald Trump` → `Donald J
    /// Trump`).
    canonical: HashMap<String, String>,
}

impl Registry {
    /// The people named in `doc`; `tokens` are the words of each of its sentences (none for
    /// chrome).
    pub(super) fn build(doc: &Document, sentence_tokens: &SentenceTokens<'_>) -> Registry {
        let mut registry = Registry::default();
        let title_para = doc.title().and_then(|t| {
            doc.paragraphs()
                .iter()
                .position(|p| p.span.slice(doc.text()) == t)
        });
        // One buffer for the capitalized runs of every sentence.
        let mut run: Vec<&str> = Vec::new();
        for (index, sentence) in doc.sentences().iter().enumerate() {
            if Some(sentence.paragraph) == title_para {
                continue;
            }
            run.clear();
            for token in sentence_tokens.of(index) {
                let usable = !token.quoted
                    && name_like(token.word)
                    && !token.word.bytes().any(|b| b.is_ascii_digit());
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
        registry.unify();
        registry
    }

    /// One person, one name: fills [`Registry::canonical`].
    fn unify(&mut self) {
        // `Donald Trump` and `Donald J Trump`: the same first and last word, and every word of
        // the shorter in the longer, in order. Names are compared only with those of the same
        // surname, and with a few of them: an article of many names stays linear.
        let mut by_surname: HashMap<&str, Vec<&String>> = HashMap::new();
        for person in &self.people {
            if let Some(last) = person.split(' ').next_back() {
                by_surname.entry(last).or_default().push(person);
            }
        }
        let mut fuller: Vec<(String, String)> = Vec::new();
        for group in by_surname.values_mut() {
            group.sort_by_key(|p| (std::cmp::Reverse(p.split(' ').count()), p.as_str()));
            group.truncate(MAX_SAME_SURNAME);
            for (i, short) in group.iter().enumerate() {
                let longer = group
                    .get(..i)
                    .unwrap_or_default()
                    .iter()
                    .find(|long| fuller_form(short, long));
                if let Some(long) = longer {
                    fuller.push(((*short).clone(), (*long).clone()));
                }
            }
        }
        self.canonical.extend(fuller);
    }

    /// The name the article's person goes by in the output: its fullest form.
    pub(super) fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        let mut name = name;
        // The fullest form is the longest of its surname's: one step.
        if let Some(fullest) = self.canonical.get(name) {
            name = fullest;
        }
        name
    }

    /// Whether `name` is a person the article names in full.
    pub(super) fn is_person(&self, name: &str) -> bool {
        self.people.contains(name)
    }

    fn add_run(&mut self, run: &[&str]) {
        // A person's name has two words at least, and trimming only removes words.
        if run.len() < 2 {
            return;
        }
        let mut words = run;
        while let Some((first, rest)) = words.split_first() {
            if is(first, class::STOP | class::DETERMINER) || is_particle(first) {
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
        self.people.insert(full);
    }

    pub(super) fn full_name(&self, surname: &str) -> Option<&str> {
        let surname = strip_possessive(surname);
        let full = self.surnames.get(surname).or_else(|| {
            // `JONES:` labelling a transcript's lines: the surname in capitals.
            let mut letters = surname.chars();
            let capitals = surname.chars().count() > 1
                && surname.chars().all(|c| !c.is_lowercase())
                && surname.chars().any(char::is_uppercase);
            let first = letters.next()?;
            let title_case: String = std::iter::once(first)
                .chain(letters.flat_map(char::to_lowercase))
                .collect();
            capitals.then(|| self.surnames.get(&title_case)).flatten()
        })?;
        Some(self.canonical(full))
    }
}

/// Capitalized words that describe the person whose name follows.
#[rustfmt::skip]
const DESCRIPTORS: &[&str] = &[
    "republican", "democrat", "democratic", "independent", "libertarian", "conservative",
    "liberal", "progressive", "gop", "billionaire", "american", "british", "french", "german",
    "russian", "chinese", "israeli", "palestinian", "iranian", "mexican", "canadian", "former",
];

/// How many names of one surname are compared for their fullest form.
const MAX_SAME_SURNAME: usize = 8;

/// Whether `long` is a fuller form of `short`: longer, the same first and last word, and every
/// word of `short` in it in order (`Hillary Clinton`, `Hillary Rodham Clinton`).
fn fuller_form(short: &str, long: &str) -> bool {
    let short: Vec<&str> = short.split(' ').collect();
    let long: Vec<&str> = long.split(' ').collect();
    if short.len() >= long.len() || short.first() != long.first() || short.last() != long.last() {
        return false;
    }
    let mut rest = long.iter();
    short.iter().all(|w| rest.any(|l| l == w))
}

/// "al-Assad" is found as "al-Assad" and as "Assad".
pub(super) fn surname_keys(last: &str) -> Vec<String> {
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
pub(super) fn split_title<'a, 'w>(words: &'a [&'w str]) -> (&'a [&'w str], &'a [&'w str]) {
    let mut cut = words
        .iter()
        .rposition(|w| is_title_word(w))
        .map_or(0, |i| i + 1);
    // `Republican Tom Berg`: a party or a country before a given name and a surname describes
    // the person (`Democratic National Convention` is no person).
    while words.len() >= cut + 3
        && words.get(cut).is_some_and(|w| one_of(w, DESCRIPTORS))
        && words
            .get(cut + 1)
            .is_some_and(|given| one_of(given, MALE_NAMES) || one_of(given, FEMALE_NAMES))
    {
        cut += 1;
    }
    // `Secretary of State Anna Berg`: "of" and a capitalized word belong to the title.
    while cut > 0
        && words.get(cut) == Some(&"of")
        && words
            .get(cut + 1)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        && cut + 2 < words.len()
    {
        cut += 2;
    }
    match words.split_at_checked(cut) {
        Some((title, name)) if !name.is_empty() && name.iter().all(|w| name_like(w)) => {
            (title, name)
        }
        _ => (&[], words),
    }
}

/// The run as a person's full name, if it looks like one.
pub(super) fn person_name(words: &[&str]) -> Option<String> {
    let mut words = words;
    while let Some((last, rest)) = words.split_last()
        && is_particle(last)
    {
        words = rest;
    }
    let capitalized = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let looks_like = (2..=5).contains(&words.len())
        && capitalized >= 2
        && words
            .first()
            .is_some_and(|w| !is(w, class::NOT_PERSON_FIRST))
        && words.iter().all(|w| {
            let lower = strip_possessive(w);
            let all_caps = w.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !w.chars().any(char::is_lowercase);
            !all_caps
                && !is(lower, class::ORG)
                && !is(lower, class::CALENDAR)
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

/// A person's gender, as the text shows it: for "he" and "she".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Gender {
    Male,
    Female,
}

/// How many of the latest people "he" or "she" may reach back to.
const RECENT_PEOPLE: usize = 4;

/// The latest speaker of each kind, for pronouns, and the gender of the people the text shows
/// one for.
#[derive(Debug, Default)]
pub(super) struct State {
    group: Option<Attribution>,
    /// The latest people (persons or lone names, with their kind), the latest last; each
    /// speaker once.
    people: Vec<(Attribution, Kind)>,
    genders: HashMap<String, Gender>,
}

impl State {
    pub(super) fn note(&mut self, attribution: &Attribution, kind: Kind) {
        if matches!(kind, Kind::Group | Kind::Name) {
            self.group = Some(attribution.clone());
        }
        if !matches!(kind, Kind::Person | Kind::Name) {
            return;
        }
        // A pronoun that stood for no one named leaves the people as they were.
        let Some(speaker) = attribution.speaker.as_deref() else {
            return;
        };
        {
            if let Some(gender) = gender_of(attribution) {
                // A title or a given name says more than a pronoun another rule resolved.
                let pronoun = attribution
                    .mention
                    .as_deref()
                    .is_some_and(is_pronoun_mention);
                if pronoun {
                    self.genders.entry(speaker.to_owned()).or_insert(gender);
                } else {
                    self.genders.insert(speaker.to_owned(), gender);
                }
            }
            self.people
                .retain(|(p, _)| p.speaker.as_deref() != Some(speaker));
        }
        self.people.push((attribution.clone(), kind));
        if self.people.len() > RECENT_PEOPLE {
            self.people.remove(0);
        }
    }

    /// The latest person, for "he" or "she" (`gender`): the latest whose gender is not known to
    /// be the other, among the few latest; none when all of them are the other's. Past the
    /// latest, only a person (not a lone name such as `Washington`) or one of that gender.
    fn person(&self, gender: Option<Gender>) -> Option<&Attribution> {
        let latest = self.people.len().checked_sub(1)?;
        self.people
            .iter()
            .enumerate()
            .rev()
            .find(|(i, (p, kind))| {
                let known = p.speaker.as_deref().and_then(|s| self.genders.get(s));
                let agrees = gender.is_none_or(|wanted| known.is_none_or(|&k| k == wanted));
                agrees && (*i == latest || *kind == Kind::Person || known.is_some())
            })
            .map(|(_, (p, _))| p)
    }
}

/// The gender an attribution shows: a pronoun ("he"), a title (`Mr.`, `Mrs.`, `Ms.`), or a
/// given name of a short list.
fn gender_of(attribution: &Attribution) -> Option<Gender> {
    let mention = attribution.mention.as_deref().unwrap_or_default();
    let first = mention.split_whitespace().next().unwrap_or_default();
    let first = strip_possessive(first.trim_end_matches('.'));
    if one_of(first, &["he", "him", "mr", "sir", "lord"]) {
        return Some(Gender::Male);
    }
    if one_of(first, &["she", "her", "mrs", "ms", "miss", "lady", "dame"]) {
        return Some(Gender::Female);
    }
    let given = attribution
        .speaker
        .as_deref()
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_default();
    if one_of(given, MALE_NAMES) {
        Some(Gender::Male)
    } else if one_of(given, FEMALE_NAMES) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// Turns the subject tokens `start..=end` into an attribution.
pub(super) fn resolve(
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
    if let [single] = words.as_slice()
        && RELATIVES.contains(single)
    {
        // `Obama, who said`: the speaker is the noun phrase the pronoun follows; the mention is
        // the pronoun, as written.
        let antecedent = backward_phrase(tokens, start)
            // `The mayor praised Anna Berg, who`: the name the phrase ends with.
            .map(|(s, e)| {
                let mut from = e + 1;
                while from > s && tokens.get(from - 1).is_some_and(|t| name_like(t.word)) {
                    from -= 1;
                }
                let comma = tokens.get(e).is_some_and(|t| t.trail.contains(','));
                if from <= e {
                    (from, e, comma)
                } else {
                    (s, e, comma)
                }
            })
            // After a comma; or, without one, a person's name (`a post from Tom Berg who
            // wrote`), not a common noun (`the people who say`).
            .filter(|&(s, e, comma)| {
                comma
                    || tokens.get(s..=e).is_some_and(|ts| {
                        let words: Vec<&str> = ts.iter().map(|t| t.word).collect();
                        person_name(&words).is_some()
                    })
            })
            .map(|(s, e, _)| resolve(text, tokens, s, e, registry, state));
        let (mut attribution, kind) = antecedent.unwrap_or((Attribution::default(), Kind::Unknown));
        attribution.mention = Some(mention);
        return (attribution, kind);
    }
    if let [single] = words.as_slice() {
        // "He's predicting": the pronoun without its contracted verb.
        let lower = strip_possessive(&single.to_lowercase()).to_owned();
        let previous = match lower.as_str() {
            "he" | "him" => Some((state.person(Some(Gender::Male)), Kind::Person)),
            "she" | "her" => Some((state.person(Some(Gender::Female)), Kind::Person)),
            "they" | "it" | "them" => Some((state.group.as_ref(), Kind::Group)),
            "i" | "we" | "you" => Some((None, Kind::Unknown)),
            _ => None,
        };
        if let Some((previous, kind)) = previous {
            let speaker = previous.as_ref().and_then(|a| a.speaker.clone());
            // The mention is the pronoun as written, without the contracted verb ("He's" → "He").
            let mention = strip_possessive(&mention).to_owned();
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
        if is(first, class::DETERMINER) && !rest.is_empty() {
            body = rest;
        } else {
            break;
        }
    }
    let (mut title_words, mut name_words) = split_title(body);
    // `retail worker Tom Blake`: lower-case words describing the person, then the name.
    if title_words.is_empty()
        && let Some(lower) = body.iter().rposition(|w| !name_like(w))
        && body.len() - lower > 2
        && body.get(..=lower).is_some_and(|d| {
            d.iter()
                .all(|w| w.bytes().next().is_some_and(|b| b.is_ascii_lowercase()))
        })
    {
        (title_words, name_words) = body.split_at(lower + 1);
    }
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
                Kind::Name
            } else {
                head_kind(single)
            };
        }
    } else if registry.is_person(&name) || person_name(name_words).is_some() {
        name = registry.canonical(&name).to_owned();
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
pub(super) fn head_kind(word: &str) -> Kind {
    if is_title_word(word) {
        Kind::Person
    } else {
        Kind::Group
    }
}
