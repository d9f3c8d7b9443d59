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

/// Reporting verbs, every form, lower case: verbs of saying in news English. Started from
/// the list of the SFU Discourse Lab's GenderGapTracker (MIT), with forms added for every lemma and
/// the verbs that are not about speech (accept, ensure, find) left out. `according` is handled
/// with its `to`, phrasal cues ("pointed out", "went on") in [`PHRASAL`].
#[rustfmt::skip]
const STRONG_VERBS: &[&str] = &[
    "accuse", "accused", "accuses", "accusing", "acknowledge", "acknowledged", "acknowledges",
    "acknowledging", "admit", "admits", "admitted", "admitting", "advise", "advised", "advises",
    "advising", "affirm", "affirmed", "affirming", "affirms", "allege", "alleged", "alleges",
    "alleging", "announce", "announced", "announces", "announcing", "answer", "answered",
    "answering", "answers", "argue", "argued", "argues", "arguing", "assert", "asserted",
    "asserting", "asserts", "assure", "assured", "assures", "assuring", "beg", "begged", "begging",
    "begs", "boast", "boasted", "boasting", "boasts", "brag", "bragged", "bragging", "brags",
    "caution", "cautioned", "cautioning", "cautions", "chide", "chided", "chides", "chiding",
    "claim", "claimed", "claiming", "claims", "clarified", "clarifies", "clarify", "clarifying",
    "complain", "complained", "complaining", "complains", "concede", "conceded", "concedes",
    "conceding", "conclude", "concluded", "concludes", "concluding", "concur", "concurred",
    "concurring", "concurs", "confess", "confessed", "confesses", "confessing", "confirm",
    "confirmed", "confirming", "confirms", "contend", "contended", "contending", "contends",
    "counsel", "counseled", "counseling", "counsels", "criticise", "criticised", "criticises",
    "criticising", "criticize", "criticized", "criticizes", "criticizing", "declare", "declared",
    "declares", "declaring", "decried", "decries", "decry", "decrying", "denied", "denies",
    "denounce", "denounced", "denounces", "denouncing", "deny", "denying", "disclaim", "disclaimed",
    "disclaiming", "disclaims", "disclose", "disclosed", "discloses", "disclosing", "dispute",
    "disputed", "disputes", "disputing", "elaborate", "elaborated", "elaborates", "elaborating",
    "email", "emailed", "emailing", "emails", "emphasise", "emphasised", "emphasises",
    "emphasising", "emphasize", "emphasized", "emphasizes", "emphasizing", "exclaim", "exclaimed",
    "exclaiming", "exclaims", "explain", "explained", "explaining", "explains", "fume", "fumed",
    "fumes", "fuming", "grumble", "grumbled", "grumbles", "grumbling", "gush", "gushed", "gushes",
    "gushing", "hint", "hinted", "hinting", "hints", "inform", "informed", "informing", "informs",
    "insist", "insisted", "insisting", "insists", "interject", "interjected", "interjecting",
    "interjects", "joke", "joked", "jokes", "joking", "lament", "lamented", "lamenting", "laments",
    "marvel", "marveled", "marveling", "marvels", "message", "messaged", "messages", "messaging",
    "murmur", "murmured", "murmuring", "murmurs", "muse", "mused", "muses", "musing", "mutter",
    "muttered", "muttering", "mutters", "object", "objected", "objecting", "objects", "opine",
    "opined", "opines", "opining", "plead", "pleaded", "pleading", "pleads", "pledge", "pledged",
    "pledges", "pledging", "posit", "posited", "positing", "posits", "preach", "preached",
    "preaches", "preaching", "predict", "predicted", "predicting", "predicts", "proclaim",
    "proclaimed", "proclaiming", "proclaims", "promise", "promised", "promises", "promising",
    "quip", "quipped", "quipping", "quips", "rave", "raved", "raves", "raving", "reaffirm",
    "reaffirmed", "reaffirming", "reaffirms", "reason", "reasoned", "reasoning", "reasons",
    "reassert", "reasserted", "reasserting", "reasserts", "reassure", "reassured", "reassures",
    "reassuring", "rebut", "rebuts", "rebutted", "rebutting", "recall", "recalled", "recalling",
    "recalls", "recommend", "recommended", "recommending", "recommends", "reconfirm", "reconfirmed",
    "reconfirming", "reconfirms", "recount", "recounted", "recounting", "recounts", "reiterate",
    "reiterated", "reiterates", "reiterating", "remind", "reminded", "reminding", "reminds",
    "replied", "replies", "reply", "replying", "respond", "responded", "responding", "responds",
    "restate", "restated", "restates", "restating", "retell", "retelling", "retells", "retold",
    "retort", "retorted", "retorting", "retorts", "retweet", "retweeted", "retweeting", "retweets",
    "reveal", "revealed", "revealing", "reveals", "said", "say", "saying", "says", "scoff",
    "scoffed", "scoffing", "scoffs", "scold", "scolded", "scolding", "scolds", "scream", "screamed",
    "screaming", "screams", "shout", "shouted", "shouting", "shouts", "snap", "snapped", "snapping",
    "snaps", "sneer", "sneered", "sneering", "sneers", "speculate", "speculated", "speculates",
    "speculating", "stated", "stating", "stress", "stressed", "stresses",
    "stressing", "suggest", "suggested", "suggesting", "suggests", "surmise", "surmised",
    "surmises", "surmising", "tease", "teased", "teases", "teasing", "tell", "telling", "tells",
    "testified", "testifies", "testify", "testifying", "text", "texted", "texting", "texts",
    "theorise", "theorised", "theorises", "theorising", "theorize", "theorized", "theorizes",
    "theorizing", "threaten", "threatened", "threatening", "threatens", "told", "tout", "touted",
    "touting", "touts", "tweet", "tweeted", "tweeting", "tweets", "underline", "underlined",
    "underlines", "underlining", "underscore", "underscored", "underscores", "underscoring", "urge",
    "urged", "urges", "urging", "vow", "vowed", "vowing", "vows", "warn", "warned", "warning",
    "warns", "whisper", "whispered", "whispering", "whispers", "wonder", "wondered", "wondering",
    "wonders", "write", "writes", "writing", "written", "wrote", "yell", "yelled", "yelling",
    "yells",
];
/// Verbs common in other senses ("the report", "he added a clause", "it read"), sorted: they
/// report speech only next to a quote, before "that" or before a colon.
#[rustfmt::skip]
const WEAK_VERBS: &[&str] = &[
    "add", "added", "adding", "adds", "agree", "agreed", "agreeing", "agrees", "ask", "asked",
    "asking", "asks", "bark", "barked", "barking", "barks", "beam", "beamed", "beaming", "beams",
    "believe", "believed", "believes", "believing", "call", "called", "calling", "calls", "charge",
    "charged", "charges", "charging", "comment", "commented", "commenting", "comments", "continue",
    "continued", "continues", "continuing", "counter", "countered", "countering", "counters",
    "cried", "cries", "cry", "crying", "demand", "demanded", "demanding", "demands", "describe",
    "described", "describes", "describing", "estimate", "estimated", "estimates", "estimating",
    "exhort", "exhorted", "exhorting", "exhorts", "highlight", "highlighted", "highlighting",
    "highlights", "illustrate", "illustrated", "illustrates", "illustrating", "indicate",
    "indicated", "indicates", "indicating", "maintain", "maintained", "maintaining", "maintains",
    "mention", "mentioned", "mentioning", "mentions", "mock", "mocked", "mocking", "mocks", "note",
    "noted", "notes", "noting", "observe", "observed", "observes", "observing", "post", "posted",
    "posting", "posts", "press", "pressed", "presses", "pressing", "protest", "protested",
    "protesting", "protests", "question", "questioned", "questioning", "questions", "quote",
    "quoted", "quotes", "quoting", "react", "reacted", "reacting", "reacts", "read", "reading",
    "reads", "remark", "remarked", "remarking", "remarks", "remember", "remembered", "remembering",
    "remembers", "repeat", "repeated", "repeating", "repeats", "report", "reported", "reporting",
    "reports", "riff", "riffed", "riffing", "riffs", "state", "states", "think", "thinking", "thinks", "thought",
];

/// Phrasal cues: a verb that reports speech only with its particle, and how many words after the
/// verb belong to the cue. All are weak.
#[rustfmt::skip]
pub(super) const PHRASAL: &[(&[&str], &str)] = &[
    (&["point", "points", "pointed", "pointing"], "out"),
    (&["go", "goes", "went", "going"], "on"),
    (&["put", "puts", "putting"], "it"),
    (&["shoot", "shoots", "shot", "fire", "fires", "fired", "hit", "hits", "snapped", "wrote"],
     "back"),
    (&["weigh", "weighs", "weighed", "chime", "chimes", "chimed", "cut", "cuts", "broke"], "in"),
    (&["sum", "sums", "summed", "spell", "spells", "spelled"], "up"),
    (&["speak", "speaks", "spoke", "speaking", "lash", "lashed", "lashes", "cry", "cried"],
     "out"),
];

/// How strongly a word reports speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strength {
    /// Always a reporting verb when used as a verb.
    Strong,
    /// Only near a quote, "that" or a colon.
    Weak,
}

/// The strength as a reporting verb of a word of `classes`.
fn strength(classes: Classes) -> Option<Strength> {
    if classes & class::STRONG != 0 {
        Some(Strength::Strong)
    } else if classes & class::WEAK != 0 {
        Some(Strength::Weak)
    } else {
        None
    }
}

/// Whether `word` (any ASCII case) is a reporting verb (in any sense).
pub(crate) fn is_reporting_word(word: &str) -> bool {
    is(word, class::STRONG | class::WEAK) || word.eq_ignore_ascii_case("according")
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
    "rapporteur", "coordinator", "counsel", "lawyer", "prosecutor", "moderator", "host", "anchor",
    "columnist", "commentator", "strategist", "pollster", "historian",
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

/// Every word list above and below, with its class: gathered into [`lexicon::WORDS`].
pub(super) const LISTS: &[(&[&str], Classes)] = &[
    (STRONG_VERBS, class::STRONG),
    (WEAK_VERBS, class::WEAK),
    (PRONOUNS, class::PRONOUN),
    (DETERMINERS, class::DETERMINER),
    (NOUN_MARKERS, class::NOUN_MARKER),
    (PASSIVE, class::PASSIVE),
    (BETWEEN, class::BETWEEN),
    (STOP, class::STOP),
    (TITLES, class::TITLE),
    (ORG_WORDS, class::ORG),
    (NOT_PERSON_FIRST, class::NOT_PERSON_FIRST),
    (CALENDAR, class::CALENDAR),
    (OPENERS, class::OPENER),
    (NOT_SUBJECTS, class::NOT_SUBJECT),
    (AUXILIARIES, class::AUXILIARY),
];

/// Whether `word` is one of the lower-case `words`, in any ASCII case: for lists too short to
/// hash.
fn one_of(word: &str, words: &[&str]) -> bool {
    words.iter().any(|w| word.eq_ignore_ascii_case(w))
}

fn ends_with_ignore_case(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len()
        && word
            .get(word.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

fn starts_with_ignore_case(word: &str, prefix: &str) -> bool {
    word.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// Whether `word` (any ASCII case) is in one of `classes`.
fn is(word: &str, classes: Classes) -> bool {
    lexicon::WORDS.is(word, classes)
}

fn is_title_word(word: &str) -> bool {
    is(word.strip_suffix('.').unwrap_or(word), class::TITLE)
}

fn is_particle(word: &str) -> bool {
    // Case matters: "de" is a particle, "De" starts a name. Matched as written rather than looked
    // up: short lower-case words ("the", "of") are a third of a text, and the registry asks about
    // every one.
    #[rustfmt::skip]
    let particle = matches!(
        word,
        "al" | "bin" | "ibn" | "van" | "von" | "de" | "da" | "del" | "der" | "den" | "di" | "du"
            | "la" | "le" | "el" | "abu" | "dos" | "das" | "ter" | "y"
    );
    particle || word.starts_with("al-") || word.starts_with("el-")
}

/// Whether `word` can be part of a name: capitalized, or a particle, or `al-Assad`.
fn name_like(word: &str) -> bool {
    starts_upper(word) || is_particle(word)
}

/// Whether the base form `word` (not "-s", "-ed", "-ing" or an irregular past).
fn base_form(word: &str) -> bool {
    (!ends_with_ignore_case(word, "s") || ends_with_ignore_case(word, "ss"))
        && !ends_with_ignore_case(word, "ed")
        && !ends_with_ignore_case(word, "ing")
        && !one_of(
            word,
            &[
                "said", "told", "wrote", "written", "thought", "read", "put", "hit", "cut", "shot",
                "spoke", "went", "broke", "retold",
            ],
        )
}

/// Whether the verb-looking word at `i` is used as a noun: `an incendiary press conference`
/// (a base form after a singular determiner: no verb agrees with it), `his home state of Ohio`
/// (a present form followed by "of", which few verbs of saying take).
fn noun_use(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(token) = tokens.get(i) else {
        return false;
    };
    let word = token.word;
    let singular_before = i
        .checked_sub(2)
        .and_then(|p| tokens.get(p..i))
        .is_some_and(|ts| {
            ts.iter().all(|t| !t.quoted && !t.ends_phrase())
                && ts
                    .first()
                    .is_some_and(|d| one_of(d.word, &["a", "an", "each", "every", "another"]))
                && ts
                    .get(1)
                    .is_some_and(|a| !a.capitalized() || a.starts_phrase())
        });
    if singular_before && base_form(word) {
        return true;
    }
    let of_follows = !token.ends_phrase()
        && tokens
            .get(i + 1)
            .is_some_and(|n| !n.quoted && n.word.eq_ignore_ascii_case("of"));
    of_follows
        && !ends_with_ignore_case(word, "ed")
        && !ends_with_ignore_case(word, "ing")
        && !one_of(
            word,
            &[
                "say",
                "says",
                "tell",
                "tells",
                "speak",
                "speaks",
                "warn",
                "warns",
                "think",
                "thinks",
                "complain",
                "complains",
                "boast",
                "boasts",
                "write",
                "writes",
                "remind",
                "reminds",
                "inform",
                "informs",
                "accuse",
                "accuses",
                "assure",
                "assures",
                "ask",
                "asks",
                "said",
                "told",
                "wrote",
                "spoke",
                "thought",
            ],
        )
}

/// `Trump's`, `the committee’s`: a noun in the possessive, not a pronoun's contraction.
fn possessive_noun(word: &str) -> bool {
    let stripped = strip_possessive(word);
    stripped.len() < word.len()
        && !is(stripped, class::PRONOUN)
        && !one_of(
            stripped,
            &["that", "there", "who", "what", "here", "let", "where"],
        )
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
    /// One capitalized word named nowhere in full (`Sanders`, `Moscow`): a person or a group.
    Name,
    Unknown,
}

/// The people named in an article: full names, and surnames pointing to them.
#[derive(Debug, Default)]
struct Registry {
    people: HashSet<String>,
    surnames: HashMap<String, String>,
}

impl Registry {
    /// The people named in `doc`; `tokens` are the words of each of its sentences (none for
    /// chrome).
    fn build(doc: &Document, sentence_tokens: &SentenceTokens<'_>) -> Registry {
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
        registry
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
    let mut cut = words
        .iter()
        .rposition(|w| is_title_word(w))
        .map_or(0, |i| i + 1);
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
fn person_name(words: &[&str]) -> Option<String> {
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
            Kind::Name => {
                self.person = Some(attribution.clone());
                self.group = Some(attribution.clone());
            }
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
        }
    }
    for ((candidate, slot), colon) in candidates.iter().zip(found.iter_mut()).zip(colon_before) {
        if slot.attribution.is_none() {
            slot.attribution = from_neighbours(doc, edges, candidate, &around, colon);
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
        let leading = next
            .leading
            .as_ref()
            .filter(|_| same_paragraph(last_sentence, last_sentence + 1));
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
    let dashed = first.lead.starts_with(['-', '—', '–'])
        || first.word.is_empty() && first.trail.starts_with(['-', '—', '–']);
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

/// Words that open a sentence before its subject: an adverbial up to the first comma
/// (`On Monday, …`, `Speaking in Iowa, …`) or a conjunction (`But …`).
#[rustfmt::skip]
const OPENERS: &[&str] = &[
    "in", "on", "at", "after", "before", "during", "when", "while", "as", "since", "with",
    "without", "speaking", "asked", "despite", "although", "though", "if", "for", "from", "by",
    "last", "earlier", "later", "still", "instead", "meanwhile", "however", "yet", "then", "now",
    "today", "yesterday", "separately", "also", "once", "under", "over", "within", "according",
    "amid", "amidst", "like", "unlike", "following", "among", "until", "because", "whether",
];

/// The subject of a sentence: the noun phrase after any opening adverbial, when a lower-case word
/// (its verb) follows it. `Cruz, leading in Iowa, questioned …` gives "Cruz".
fn sentence_subject(tokens: &[Token<'_>]) -> Option<(usize, usize)> {
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
    let short_opening = tokens
        .iter()
        .take(5)
        .position(|t| t.quoted || t.trail.contains(','))
        .filter(|&comma| {
            tokens.get(..=comma).is_some_and(|ts| {
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
    if let Some(comma) = short_opening.filter(|_| k == 0) {
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
    let (s, e) = subject_phrase(tokens, k)?;
    // The verb: the next word outside the quote, in lower case (after an appositive in commas).
    let mut v = e + 1;
    if tokens.get(e).is_some_and(|t| t.trail.contains(',')) {
        v = (e + 1..tokens.len().min(e + 14)).find(|&j| {
            tokens
                .get(j)
                .is_some_and(|t| t.quoted || t.trail.contains(','))
        })? + 1;
    }
    let verb = tokens.get(v)?;
    let verb_like = !verb.quoted && !verb.word.is_empty() && !verb.capitalized() && {
        !verb.is(class::STOP) || verb.is(class::AUXILIARY)
    };
    verb_like.then_some((s, e))
}

/// Capitalized words that open sentences without being their subjects.
#[rustfmt::skip]
const NOT_SUBJECTS: &[&str] = &[
    "rather", "perhaps", "apparently", "even", "only", "just", "indeed", "clearly", "obviously",
    "certainly", "sometimes", "often", "never", "always", "nor", "neither", "either", "no", "not",
    "its", "his", "her", "their", "our", "my", "your", "there",
];

/// Verbs that may follow a subject although they stop noun phrases.
const AUXILIARIES: &[&str] = &[
    "has", "had", "have", "was", "is", "were", "are", "will", "would", "also", "could", "can",
    "did", "does", "do", "may", "might", "should", "must", "later", "then", "once", "still",
];

/// A subject starting at token `k`: a pronoun, a run of name words (titles and initials
/// included: "Sen. Ted Cruz", "Iowa State University's Dianne Bystrom"), or a determiner and the
/// lower-case words up to the first that looks like a verb ("The former candidate has …").
fn subject_phrase(tokens: &[Token<'_>], k: usize) -> Option<(usize, usize)> {
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
            || ends_with_ignore_case(lower, "ed");
        if t.quoted || verb || e + 1 - k >= 6 || tokens.get(e)?.ends_phrase() {
            break;
        }
        e += 1;
    }
    (e > k).then_some((k, e))
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
fn adverb(tokens: &[Token<'_>], k: usize) -> bool {
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
const RELATIVES: &[&str] = &["who", "which"];

/// The subject before the verb at `i`, skipping adverbs, auxiliaries and appositives.
fn subject_before(tokens: &[Token<'_>], i: usize, progressive: bool) -> Option<(usize, usize)> {
    let mut j = i;
    while j > 0 {
        let t = tokens.get(j - 1)?;
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
    // `Gingrich — mentioned by Newsmax as the leading choice — told …`: the subject is before
    // an aside set off by dashes.
    if let Some(opening) = dash_aside_start(tokens, j) {
        j = opening;
    }
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
            || party_and_state(first.word);
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

/// Words that are far more often nouns than verbs of saying.
#[rustfmt::skip]
const NOUN_LIKE: &[&str] = &[
    "email", "emails", "text", "texts", "message", "messages", "post", "posts", "tweet", "tweets",
    "quote", "quotes", "answer", "answers", "remark", "remarks", "comment", "comments", "question",
    "questions", "report", "reports", "shout", "shouts",
];

/// `her recovered emails`, `a private email server`: a noun-like verb after a lower-case word
/// that is no pronoun, auxiliary or adverb is the end of a compound noun.
fn compound_noun(tokens: &[Token<'_>], i: usize) -> bool {
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
fn author_of(tokens: &[Token<'_>], (start, end): (usize, usize)) -> (usize, usize) {
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
fn object_of_preposition(tokens: &[Token<'_>], i: usize) -> bool {
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

/// Whether a mention as written is a personal or relative pronoun ("he", "who").
fn is_pronoun_mention(mention: &str) -> bool {
    is(mention, class::PRONOUN) || RELATIVES.contains(&mention)
}

/// Whether the subject `start..=end` is a pronoun or a name (determiners and titles aside).
fn named_phrase(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
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
fn auxiliary_name(tokens: &[Token<'_>], k: usize) -> bool {
    k > 0
        && tokens
            .get(k)
            .is_some_and(|t| t.capitalized() && t.is(class::BETWEEN))
}

/// `R-Pa`, `D-Calif`: a lawmaker's party and state, set off by commas after the name.
fn party_and_state(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() >= 4
        && matches!(bytes.first(), Some(b'R' | b'D' | b'I'))
        && bytes.get(1) == Some(&b'-')
        && bytes.get(2).is_some_and(u8::is_ascii_uppercase)
}

/// A lone dash (a token of its own).
fn is_dash(token: &Token<'_>) -> bool {
    token.word.is_empty() && (token.lead.starts_with(['—', '–']) || token.lead == "--")
}

/// When the token before `j` is a dash closing an aside (`X — an aside — said`), the index of
/// the dash that opens it.
fn dash_aside_start(tokens: &[Token<'_>], j: usize) -> Option<usize> {
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
fn forward_phrase(tokens: &[Token<'_>], from: usize) -> Option<(usize, usize)> {
    let mut end = from;
    while end < tokens.len() && end - from < 7 {
        let t = tokens.get(end)?;
        if t.quoted || t.word.is_empty() || (end > from && t.starts_phrase()) {
            break;
        }
        let determiner = end == from && t.is(class::DETERMINER);
        if !determiner && (t.is(class::STOP) || strength(t.classes).is_some()) {
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
fn named_after(tokens: &[Token<'_>], (start, end): (usize, usize)) -> (usize, usize) {
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
fn predicate_subject(
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
    if let [single] = words.as_slice()
        && RELATIVES.contains(single)
    {
        // `Obama, who said`: the speaker is the noun phrase the pronoun follows; the mention is
        // the pronoun, as written.
        let antecedent = backward_phrase(tokens, start)
            .filter(|&(_, e)| tokens.get(e).is_some_and(|t| t.trail.contains(',')))
            // `The mayor praised Anna Berg, who`: the name the phrase ends with.
            .map(|(s, e)| {
                let mut from = e + 1;
                while from > s && tokens.get(from - 1).is_some_and(|t| name_like(t.word)) {
                    from -= 1;
                }
                if from <= e { (from, e) } else { (s, e) }
            })
            .map(|(s, e)| resolve(text, tokens, s, e, registry, state));
        let (mut attribution, kind) = antecedent.unwrap_or((Attribution::default(), Kind::Unknown));
        attribution.mention = Some(mention);
        return (attribution, kind);
    }
    if let [single] = words.as_slice() {
        // "He's predicting": the pronoun without its contracted verb.
        let lower = strip_possessive(&single.to_lowercase()).to_owned();
        let previous = match lower.as_str() {
            "he" | "she" | "him" | "her" => Some((&state.person, Kind::Person)),
            "they" | "it" | "them" => Some((&state.group, Kind::Group)),
            "i" | "we" | "you" => Some((&None, Kind::Unknown)),
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
                Kind::Name
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
    use crate::extract::quotes::quoted_ranges;
    use crate::text::Format;

    fn speakers(input: &str) -> Vec<(Option<String>, Option<String>, Option<String>)> {
        let doc = Document::parse(input, Format::Text);
        let mut diagnostics = Vec::new();
        let candidates = super::super::quotes::find(&doc, &mut diagnostics);
        let sentence_tokens = SentenceTokens::new(&doc, &quoted_ranges(&candidates));
        attribute(
            &doc,
            &candidates,
            &sentence_tokens,
            &super::super::quotes::SentenceEdges::new(&doc),
        )
        .into_iter()
        .map(|f| {
            let a = f.attribution.unwrap_or_default();
            (a.speaker, a.mention, a.title)
        })
        .collect()
    }

    #[test]
    fn every_listed_word_is_in_the_lexicon() {
        // The lexicon leaves out words longer than it can key.
        for &(list, classes) in LISTS {
            for word in list {
                assert!(is(word, classes), "{word}");
            }
        }
        for (verbs, _) in PHRASAL {
            for word in *verbs {
                assert!(is(word, class::PHRASAL_VERB), "{word}");
            }
        }
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
    fn relative_pronoun_subjects_keep_the_pronoun_as_mention() {
        assert_eq!(
            speakers("The mayor praised Anna Berg, who called the plan \"a real step forward.\""),
            [(some("Anna Berg"), some("who"), None)]
        );
    }

    #[test]
    fn contracted_pronoun_mentions_drop_the_verb() {
        let got =
            speakers("Tom Keller said he was tired. He's predicting a \"very long night\" ahead.");
        assert_eq!(got, [(some("Tom Keller"), some("He"), None)]);
    }

    #[test]
    fn adverbs_between_subject_and_verb_are_skipped() {
        assert_eq!(
            speakers("Berg has increasingly warned of \"a wave of closures\" in the region."),
            [(some("Berg"), some("Berg"), None)]
        );
    }

    #[test]
    fn verb_looking_nouns_are_not_verbs() {
        // After a possessive, after a singular determiner, and before "of".
        assert_eq!(
            speakers("Anna Berg called Keller's claims \"utter nonsense\" on Monday."),
            [(some("Anna Berg"), some("Anna Berg"), None)]
        );
        assert_eq!(
            speakers("At an angry press conference, Anna Berg called the plan \"a disgrace.\""),
            [(some("Anna Berg"), some("Anna Berg"), None)]
        );
        assert_eq!(
            speakers("Berg told voters in her home state of Ohio that the deal was \"dead.\""),
            [(some("Berg"), some("Berg"), None)]
        );
    }

    #[test]
    fn participles_take_the_clause_subject() {
        assert_eq!(
            speakers(
                "Anna Berg defended her \"clean energy,\" saying the plan would \"pay for itself.\""
            )[1],
            (some("Anna Berg"), some("Anna Berg"), None)
        );
    }

    #[test]
    fn coordinated_names_and_short_openings() {
        assert_eq!(
            speakers("Berg and Keller issued a statement describing the talks as \"very useful.\"")
                [0]
            .1,
            some("Berg and Keller")
        );
        assert_eq!(
            speakers(
                "Hours later, Anna Berg returned the favour, telling reporters \"he is a good man.\""
            ),
            [(some("Anna Berg"), some("Anna Berg"), None)]
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

    #[test]
    fn a_pronoun_after_a_lone_surname_is_that_speaker_not_an_earlier_person() {
        // "Sanders" is named nowhere in full: a person or a group, and the one who just spoke.
        let got = speakers(
            "Jakob Kellenberger spoke first. \"Aid must flow,\" Kellenberger said.\n\n\"We will win,\" Sanders said. \"It is a long road,\" he added.",
        );
        assert_eq!(got[0].0, some("Jakob Kellenberger"));
        assert_eq!(got[1].0, some("Sanders"));
        assert_eq!(got[2], (some("Sanders"), some("he"), None));
    }

    #[test]
    fn only_a_quote_ending_its_clause_is_followed_by_an_inverted_weak_verb() {
        let got = speakers(
            "Aides hoped to head off \"more radical\" protest suggestions, including walkouts.",
        );
        assert_ne!(got[0].0, some("suggestions"));
        assert_eq!(
            speakers("\"We are ready,\" noted Anna Berg."),
            [(some("Anna Berg"), some("Anna Berg"), None)]
        );
    }

    #[test]
    fn the_name_after_told_is_the_listener() {
        let got = speakers(
            "On Friday, Tom Keller — a candidate for the Senate — told Anna Berg of Fox News that \"it is time.\"",
        );
        assert_eq!(got, [(some("Tom Keller"), some("Tom Keller"), None)]);
    }

    #[test]
    fn a_capitalized_auxiliary_inside_a_sentence_is_a_name() {
        assert_eq!(
            speakers("\"This might, and should, end the race,\" Will wrote."),
            [(some("Will"), some("Will"), None)]
        );
    }

    #[test]
    fn as_a_name_put_it() {
        assert_eq!(
            speakers(
                "Or, as Tom Keller, a former mayor of the city, put it: \"The gate is open.\""
            ),
            [(some("Tom Keller"), some("Tom Keller"), None)]
        );
        // An aside opened by a preposition does not name the subject.
        assert_eq!(
            speakers("Keller, in Ohio, said Berg was \"a total lightweight.\""),
            [(some("Keller"), some("Keller"), None)]
        );
    }

    #[test]
    fn verbs_of_manner_report_next_to_a_quote() {
        assert_eq!(
            speakers("\"Go back home,\" Keller barked."),
            [(some("Keller"), some("Keller"), None)]
        );
    }

    #[test]
    fn a_lone_quote_after_a_sentence_about_a_person_is_theirs() {
        let got = speakers(
            "\"It is education,\" says Anna Berg, 32, of Sodus. Berg supports the mayor.\n\n\"I have student loans.\"",
        );
        assert_eq!(got[1].0, some("Anna Berg"));
    }

    #[test]
    fn a_subject_never_holds_a_past_reporting_verb() {
        let got = speakers("Berg also decried Keller's repeated calls to \"shut the border.\"");
        assert_eq!(got, [(some("Berg"), some("Berg"), None)]);
        // The base form is often a noun: "the email said".
        assert_eq!(
            speakers("\"We need you,\" the email said.")[0].0,
            some("email")
        );
    }

    #[test]
    fn state_as_a_noun_is_no_rival_reporting_verb() {
        let got = speakers("Keller wrote a column mocking GOP state leaders as \"obsessed.\"");
        assert_eq!(got[0].0, some("Keller"));
    }

    #[test]
    fn a_name_introducing_a_quote_with_a_colon() {
        assert_eq!(
            speakers(
                "The timing does not surprise pollster Tom Keller: \"Late surges are common.\""
            )[0]
            .0,
            some("Tom Keller")
        );
        // Unless the subject is a person: the name before the colon is the listener.
        assert_eq!(
            speakers("Anna Berg delivered a blunt message to Keller: \"Stop attacking people.\"")
                [0]
            .0,
            some("Anna Berg")
        );
    }

    #[test]
    fn a_leading_name_said_outranks_a_common_noun_in_what_was_said() {
        let got = speakers(
            "Starr said Clinton's situation reminds him of an old book, explaining, \"It is a tragedy.\"",
        );
        assert_eq!(got, [(some("Starr"), some("Starr"), None)]);
    }

    #[test]
    fn a_pronoun_gives_way_to_the_same_person_named_in_the_sentence() {
        let got = speakers(
            "Anna Berg said that she has begun \"to unmask\" Keller, whom she called \"a con artist.\"",
        );
        assert_eq!(got[0], (some("Anna Berg"), some("Anna Berg"), None));
        assert_eq!(got[1].1, some("Anna Berg"));
    }

    #[test]
    fn a_name_after_said_and_a_comma_is_the_inverted_subject() {
        let got = speakers(
            "\"It seems unlikely\" that Berg can catch Keller, said Tom Reyes, a strategist.",
        );
        assert_eq!(got, [(some("Tom Reyes"), some("Tom Reyes"), None)]);
        // Not when the name is the subject of what was said.
        let got = speakers(
            "Tom Reyes, the party's senior adviser, said Republicans are engaged in \"mischief.\"",
        );
        assert_ne!(got[0].0, some("Republicans"));
    }

    #[test]
    fn a_day_between_subject_and_verb_is_skipped() {
        assert_eq!(
            speakers("Keller later Thursday told Fox News: \"Both men are meeting.\"")[0].0,
            some("Keller")
        );
        assert_eq!(
            speakers("The monument, which Berg on Friday declared \"a place to tell the story.\"")
                [0]
            .0,
            some("Berg")
        );
    }

    #[test]
    fn openers_before_the_subject_are_skipped() {
        assert_eq!(
            speakers("Casting himself as a prosecutor, Tom Keller roused the crowd to chants of \"Lock her up!\"")[0].0,
            some("Tom Keller")
        );
        assert_eq!(
            speakers("Like Berg, Keller also rejected the notion, arguing there is \"room for the administration.\"")[0].0,
            some("Keller")
        );
    }

    #[test]
    fn a_name_after_a_preposition_is_not_the_subject_of_a_participle() {
        assert_eq!(
            speakers("Keller wrote in a statement to Wired explaining that \"most people agree.\"")
                [0]
            .0,
            some("Keller")
        );
        // `with Berg calling it …`: the name is the participle's subject.
        assert_eq!(
            speakers("Republicans were irritated, with Anna Berg calling it a \"Chinese menu.\"")
                [0]
            .0,
            some("Anna Berg")
        );
    }

    #[test]
    fn a_noun_like_verb_after_a_lower_case_word_is_a_noun() {
        let got = speakers("Keller called Berg's claim over her recovered emails \"disturbing.\"");
        assert_eq!(got[0].0, some("Keller"));
        assert_eq!(
            speakers("\"We won,\" Berg emails supporters.")[0].0,
            some("Berg")
        );
    }

    #[test]
    fn according_to_a_document_by_a_named_author() {
        assert_eq!(
            speakers("A living wage is \"about $12 an hour,\" according to calculations by Amy Glasmeier.")[0].0,
            some("Amy Glasmeier")
        );
    }

    #[test]
    fn an_inverted_subject_may_open_with_lower_case_words() {
        assert_eq!(
            speakers("In other words, explained CBS moderator Anna Berg: \"What does that have to do with it?\"")[0].0,
            some("Anna Berg")
        );
    }

    #[test]
    fn party_and_state_after_a_name_is_an_appositive() {
        assert_eq!(
            speakers("\"Perpetual motion!\" Rep. Tom Keller, R-Pa., said of the week."),
            [(some("Tom Keller"), some("Rep. Tom Keller"), some("Rep."))]
        );
    }

    #[test]
    fn sentence_subjects_after_several_openers_and_with_of() {
        assert_eq!(
            speakers("On Thursday, after staying neutral, Berg appeared on TV and endorsed Keller, saying, \"She is a fighter.\"")[0].0,
            some("Berg")
        );
        assert_eq!(
            speakers("Former Secretary of State Anna Berg clashed with Keller during the hearing, chiding him, \"What difference does it make?\"")[0].0,
            some("Anna Berg")
        );
    }
}
