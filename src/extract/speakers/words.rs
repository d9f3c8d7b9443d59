//! The words that tell who speaks: reporting verbs (strong and weak), pronouns, titles,
//! organisation words, and the small tests on a word the grammar asks.

use super::*;

/// Reporting verbs, every form, lower case: verbs of saying in news English. Started from
/// the list of the SFU Discourse Lab's GenderGapTracker (MIT), with forms added for every lemma and
/// the verbs that are not about speech (accept, ensure, find) left out. `according` is handled
/// with its `to`, phrasal cues ("pointed out", "went on") in [`PHRASAL`].
#[rustfmt::skip]
pub(super) const STRONG_VERBS: &[&str] = &[
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
    // `he implored them to "…"`, `she likened the plan to "…"`.
    "implore", "implored", "implores", "imploring", "liken", "likened", "likening", "likens",
];
/// Verbs common in other senses ("the report", "he added a clause", "it read"), sorted: they
/// report speech only next to a quote, before "that" or before a colon.
#[rustfmt::skip]
pub(super) const WEAK_VERBS: &[&str] = &[
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
    // Verbs of manner and of citing, that report the words next to them: `some protesters
    // chanted "…"`, `she echoed "…"`, `he slammed the plan as "…"`.
    "blast", "blasted", "blasting", "blasts", "chant", "chanted", "chanting", "chants", "cite",
    "cited", "cites", "citing", "dismiss", "dismissed", "dismisses", "dismissing", "echo", "echoed", "echoes", "echoing", "lecture", "lectured",
    "lectures", "lecturing", "sang", "sing", "singing", "sings", "slam", "slammed", "slamming",
    "slams",
];

/// Phrasal cues: a verb that reports speech only with its particle, and how many words after the
/// verb belong to the cue. All are weak.
#[rustfmt::skip]
pub(in crate::extract) const PHRASAL: &[(&[&str], &str)] = &[
    (&["point", "points", "pointed", "pointing"], "out"),
    (&["go", "goes", "went", "going"], "on"),
    (&["put", "puts", "putting"], "it"),
    (&["shoot", "shoots", "shot", "fire", "fires", "fired", "hit", "hits", "snapped", "wrote"],
     "back"),
    (&["weigh", "weighs", "weighed", "chime", "chimes", "chimed", "cut", "cuts", "broke"], "in"),
    (&["sum", "sums", "summed", "spell", "spells", "spelled"], "up"),
    (&["speak", "speaks", "spoke", "speaking", "lash", "lashed", "lashes", "cry", "cried"],
     "out"),
    (&["refer", "refers", "referred", "referring"], "to"),
];

/// How strongly a word reports speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Strength {
    /// Always a reporting verb when used as a verb.
    Strong,
    /// Only near a quote, "that" or a colon.
    Weak,
}

/// The strength as a reporting verb of a word of `classes`.
pub(super) fn strength(classes: Classes) -> Option<Strength> {
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

pub(super) const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "him", "her", "them",
];
pub(super) const DETERMINERS: &[&str] = &["the", "a", "an"];
/// Words before a verb-looking word that make it a noun ("his claims", "the report").
#[rustfmt::skip]
pub(super) const NOUN_MARKERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "your", "my", "this", "these", "those",
    "no", "any", "some", "final", "last", "such", "every", "each", "whose", "of", "to",
];
pub(super) const PASSIVE: &[&str] = &[
    "was", "were", "been", "be", "being", "is", "are", "am", "get", "got",
];
/// Words between a subject and its verb: "has also said", "later told".
#[rustfmt::skip]
pub(super) const BETWEEN: &[&str] = &[
    "also", "later", "then", "again", "repeatedly", "previously", "recently", "earlier", "once",
    "has", "have", "had", "will", "would", "could", "may", "might", "did", "does", "do",
    "reportedly", "publicly", "separately", "further", "simply", "only", "had", "often", "never",
    "always", "initially", "subsequently", "privately", "angrily", "flatly", "firmly", "quickly",
    "frequently", "shall", "should", "must", "can", "not", "already", "still", "now", "first",
    "last", "similarly", "even", "ever", "actually", "really", "long", "since", "just",
];
/// Words that end a noun phrase (looking away from the verb).
#[rustfmt::skip]
pub(super) const STOP: &[&str] = &[
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
pub(super) const TITLES: &[&str] = &[
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
pub(super) const ORG_WORDS: &[&str] = &[
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
pub(super) const NOT_PERSON_FIRST: &[&str] = &[
    "new", "north", "south", "east", "west", "saudi", "united", "middle", "gulf", "san", "los",
    "las", "upper", "lower", "greater", "central", "western", "eastern", "northern", "southern",
    "st", "saint", "fort", "port", "lake", "mount",
];
#[rustfmt::skip]
pub(super) const CALENDAR: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
];

/// Every word list above and below, with its class: gathered into [`lexicon::WORDS`].
pub(in crate::extract) const LISTS: &[(&[&str], Classes)] = &[
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
pub(super) fn one_of(word: &str, words: &[&str]) -> bool {
    words.iter().any(|w| word.eq_ignore_ascii_case(w))
}

pub(super) fn ends_with_ignore_case(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len()
        && word
            .get(word.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

pub(super) fn starts_with_ignore_case(word: &str, prefix: &str) -> bool {
    word.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// Whether `word` (any ASCII case) is in one of `classes`.
pub(super) fn is(word: &str, classes: Classes) -> bool {
    lexicon::WORDS.is(word, classes)
}

pub(super) fn is_title_word(word: &str) -> bool {
    is(word.strip_suffix('.').unwrap_or(word), class::TITLE)
}

pub(super) fn is_particle(word: &str) -> bool {
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
pub(super) fn name_like(word: &str) -> bool {
    starts_upper(word) || is_particle(word)
}

/// Whether the base form `word` (not "-s", "-ed", "-ing" or an irregular past).
pub(super) fn base_form(word: &str) -> bool {
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
pub(super) fn noun_use(tokens: &[Token<'_>], i: usize) -> bool {
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
pub(super) fn possessive_noun(word: &str) -> bool {
    let stripped = strip_possessive(word);
    stripped.len() < word.len()
        && !is(stripped, class::PRONOUN)
        && !one_of(
            stripped,
            &["that", "there", "who", "what", "here", "let", "where"],
        )
}

pub(super) fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// Words that are never a speaker on their own, nor the last word of one: times, and adverbs
/// and quantifiers that stand in a subject's place (`Trump has even claimed`, `for many state
/// workers "…"`).
#[rustfmt::skip]
const NO_ONE: &[&str] = &[
    "past", "future", "later", "ago", "earlier", "morning", "afternoon", "evening", "night",
    "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "hours",
    "minutes", "moment", "even", "ever", "many", "much", "rather", "just", "too", "very",
];

/// Whether an attribution's mention names no one: a phrase of three words at most ending in a
/// time, an adverb or a quantifier, or one lower-case word in "-ly" or "-ing" (`hastily`,
/// `taking`). Pronouns and names are never caught.
pub(super) fn names_no_one(attribution: &Attribution) -> bool {
    let Some(mention) = attribution.mention.as_deref() else {
        return false;
    };
    let words: Vec<&str> = mention.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let last = last.trim_matches(|c: char| !c.is_alphanumeric());
    if is_pronoun_mention(first) || name_like(last) {
        return false;
    }
    let lower = |w: &str| w.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
    let verb_or_adverb = words.len() == 1
        && lower(last)
        && ["ly", "ing"]
            .iter()
            .any(|end| ends_with_ignore_case(last, end));
    // A long phrase ending in a time has its head before it (`a report issued earlier this
    // year`).
    (words.len() <= 3 && one_of(last, NO_ONE)) || verb_or_adverb
}

/// Common given names of men, lower case: gender evidence for "he".
#[rustfmt::skip]
pub(super) const MALE_NAMES: &[&str] = &[
    "john", "james", "robert", "michael", "william", "david", "richard", "joseph", "thomas",
    "charles", "christopher", "daniel", "matthew", "anthony", "mark", "donald", "steven", "paul",
    "andrew", "joshua", "kenneth", "kevin", "brian", "george", "edward", "ronald", "timothy",
    "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen",
    "larry", "justin", "scott", "brandon", "benjamin", "samuel", "frank", "gregory", "raymond",
    "patrick", "jack", "dennis", "jerry", "tyler", "aaron", "jose", "henry", "adam", "douglas",
    "peter", "nathan", "kyle", "walter", "harold", "carl", "jeremy", "keith", "roger", "gerald",
    "arthur", "sean", "lawrence", "joe", "jesse", "albert", "bruce", "alan", "ralph", "roy",
    "juan", "wayne", "louis", "russell", "vincent", "philip", "bill", "bob", "jim", "tom", "mike",
    "ben", "ted", "tim", "jeb", "chris", "steve", "dan", "dave", "tony", "rick", "ron", "jeff",
    "greg", "ed", "newt", "mitt", "rand", "marco", "bernie", "barack", "vladimir", "francois",
    "ahmed", "mohammed", "muhammad", "ali", "hassan", "ivan", "sergei", "pierre", "hans", "karl",
];

/// Common given names of women, lower case: gender evidence for "she".
#[rustfmt::skip]
pub(super) const FEMALE_NAMES: &[&str] = &[
    "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah",
    "karen", "nancy", "lisa", "margaret", "betty", "sandra", "ashley", "dorothy", "kimberly",
    "emily", "donna", "michelle", "carol", "amanda", "melissa", "deborah", "stephanie", "rebecca",
    "laura", "sharon", "cynthia", "kathleen", "amy", "shirley", "angela", "helen", "anna",
    "brenda", "pamela", "nicole", "samantha", "katherine", "emma", "ruth", "christine",
    "catherine", "debra", "rachel", "carolyn", "janet", "virginia", "maria", "heather", "diane",
    "julie", "joyce", "victoria", "kelly", "christina", "joan", "evelyn", "lauren", "judith",
    "olivia", "martha", "cheryl", "megan", "andrea", "hannah", "ann", "anne", "jean", "alice",
    "kathryn", "gloria", "teresa", "sara", "julia", "marie", "grace", "judy", "denise", "diana",
    "natalie", "sophia", "jane", "hillary", "carly", "nikki", "loretta", "debbie", "marta", "eva",
    "angela", "theresa", "madeleine", "condoleezza", "huma", "melania", "ivanka", "chelsea",
    "nancy", "dianne", "kirsten", "tammy", "claire", "jeanne", "kelly", "megyn", "sheryl",
];
