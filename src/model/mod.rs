//! The domain nouns of factdesk: plain data and identifiers, no I/O, no serde.
//!
//! What is stored on disk lives in `store::records` and is converted at that edge, so that a change
//! here never silently changes the on-disk format.

mod time;

use std::fmt;

pub use self::time::{Published, Timestamp};

/// A half-open range of a text, in Unicode characters and in UTF-8 bytes.
///
/// Both are kept because the command line speaks characters (what an editor counts) while slicing
/// a `str` needs bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First character, counted in Unicode scalar values.
    pub start_char: usize,
    /// One past the last character.
    pub end_char: usize,
    /// First byte.
    pub start_byte: usize,
    /// One past the last byte.
    pub end_byte: usize,
}

impl Span {
    /// The slice of `text` this span covers; empty if the span does not fit `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start_byte..self.end_byte).unwrap_or("")
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start_byte <= other.start_byte && other.end_byte <= self.end_byte
    }
}

/// What kind of thing a claim is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimKind {
    /// Words put in someone's mouth between quotation marks.
    Quote,
    /// A number stated as fact: a count, an amount, a measure.
    Number,
}

impl ClaimKind {
    /// The word used on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Quote => "quote",
            ClaimKind::Number => "number",
        }
    }

    /// Parses the command-line word.
    pub fn parse(word: &str) -> Option<ClaimKind> {
        match word {
            "quote" => Some(ClaimKind::Quote),
            "number" => Some(ClaimKind::Number),
            _ => None,
        }
    }
}

impl fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so that a listing's `{:<6}` lines it up.
        f.pad(self.as_str())
    }
}

/// A 32-byte BLAKE3 digest.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash32(pub [u8; 32]);

impl Hash32 {
    /// Lower-case hex, 64 digits.
    pub fn to_hex(&self) -> String {
        blake3::Hash::from_bytes(self.0).to_hex().to_string()
    }

    /// Parses 64 hex digits (either case).
    pub fn from_hex(hex: &str) -> Option<Hash32> {
        blake3::Hash::from_hex(hex)
            .ok()
            .map(|hash| Hash32(*hash.as_bytes()))
    }

    /// BLAKE3 of `bytes`, keyed by a context string so that hashes of different things never
    /// collide by construction.
    pub fn derive(context: &str, bytes: &[u8]) -> Hash32 {
        let mut hasher = blake3::Hasher::new_derive_key(context);
        hasher.update(bytes);
        Hash32(*hasher.finalize().as_bytes())
    }

    /// Plain BLAKE3 of `bytes`, as `b3sum` prints it (used for content hashes people may check).
    pub fn of(bytes: &[u8]) -> Hash32 {
        Hash32(*blake3::hash(bytes).as_bytes())
    }
}

impl fmt::Debug for Hash32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash32({})", &self.to_hex()[..12])
    }
}

impl fmt::Display for Hash32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// The identity of a claim: BLAKE3 of its kind and canonical content.
///
/// The speaker of a quote is deliberately not part of it, so a resolved pronoun or a changed
/// attribution does not make a new claim.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimId(pub Hash32);

/// How many hex digits a short id shows.
pub const SHORT_ID_LEN: usize = 10;

/// The fewest hex digits accepted as a claim id prefix.
pub const MIN_PREFIX_LEN: usize = 6;

impl ClaimId {
    /// The id of a claim whose canonical form is `canonical` (see `extract`).
    pub fn from_canonical(kind: ClaimKind, canonical: &str) -> ClaimId {
        let mut bytes = Vec::with_capacity(canonical.len() + 8);
        bytes.extend_from_slice(kind.as_str().as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(canonical.as_bytes());
        ClaimId(Hash32::derive("factdesk claim id v1", &bytes))
    }

    /// Full hex form.
    pub fn to_hex(&self) -> String {
        self.0.to_hex()
    }

    /// The short form shown in listings.
    pub fn short(&self) -> String {
        self.0.to_hex()[..SHORT_ID_LEN].to_owned()
    }
}

impl fmt::Debug for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClaimId({})", self.short())
    }
}

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// An article's id: a slug of lower-case letters, digits, `-`, `_` and `.`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ArticleId(String);

impl ArticleId {
    /// The longest id accepted.
    pub const MAX_LEN: usize = 120;

    /// Checks `id` and wraps it; `None` if it is not a valid slug.
    pub fn new(id: &str) -> Option<ArticleId> {
        let valid = !id.is_empty()
            && id.len() <= Self::MAX_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
            && !id.starts_with(['-', '.']);
        valid.then(|| ArticleId(id.to_owned()))
    }

    /// Makes a slug out of any text (a file name, a title): lower case, runs of other characters
    /// turned into single dashes. `None` if nothing usable is left.
    pub fn slugify(text: &str) -> Option<ArticleId> {
        let mut slug = String::new();
        for ch in text.chars().flat_map(char::to_lowercase) {
            if ch.is_ascii_alphanumeric() {
                slug.push(ch);
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
            if slug.len() >= Self::MAX_LEN {
                break;
            }
        }
        let slug = slug.trim_end_matches('-');
        ArticleId::new(slug)
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a number's hedge says about the true value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound {
    /// Stated as the value ("8,000 people").
    Exact,
    /// Around the value ("some 30", "about 200").
    Approximate,
    /// The value is a floor ("more than 8,000", "at least two").
    Lower,
    /// The value is a ceiling ("up to 500", "fewer than ten").
    Upper,
    /// Between `low` and `high`.
    Range,
    /// A vague count ("dozens", "thousands"): an order of magnitude only.
    Vague,
    /// A tally or a score ("a 53-36 vote", "won 6-3"): `low` is the first count as written and
    /// `high` the second (which may be smaller); neither a range nor a difference.
    Tally,
}

impl Bound {
    /// The word used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::Approximate => "approx",
            Bound::Lower => "lower",
            Bound::Upper => "upper",
            Bound::Range => "range",
            Bound::Vague => "vague",
            Bound::Tally => "tally",
        }
    }

    /// Parses [`Bound::as_str`]'s words, and "approximate", which stores written before the
    /// JSON contract settled on "approx" hold.
    pub fn parse(word: &str) -> Option<Bound> {
        Some(match word {
            "exact" => Bound::Exact,
            "approx" | "approximate" => Bound::Approximate,
            "lower" => Bound::Lower,
            "upper" => Bound::Upper,
            "range" => Bound::Range,
            "vague" => Bound::Vague,
            "tally" => Bound::Tally,
            _ => return None,
        })
    }
}

/// Who said a quote, as resolved and as written.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Attribution {
    /// The resolved name ("Jakob Kellenberger", "Foreign Ministry").
    pub speaker: Option<String>,
    /// The words as written at the attribution ("he", "The Foreign Ministry").
    pub mention: Option<String>,
    /// A title or role trimmed from the mention ("ICRC President").
    pub title: Option<String>,
}

/// The parts of a numeric claim.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Quantity {
    /// The value as a number, when a single value is stated (`None` for a two-sided range).
    pub value: Option<f64>,
    /// Lower end of a range or of a vague count.
    pub low: Option<f64>,
    /// Upper end of a range or of a vague count.
    pub high: Option<f64>,
    /// The unit or counted noun, normalised ("people", "hour", "percent", "USD").
    pub unit: Option<String>,
    /// The unit as written ("draft resolutions", "%").
    pub unit_text: Option<String>,
    /// The hedge as written, lower-cased ("more than", "some").
    pub qualifier: Option<String>,
    /// What the hedge means.
    pub bound: Option<Bound>,
    /// The whole expression: hedge, number and unit ("more than 8,000 people").
    pub phrase: String,
}

/// The kind-specific part of a claim.
#[derive(Clone, Debug, PartialEq)]
pub enum ClaimDetail {
    /// A quote and its speaker.
    Quote(Attribution),
    /// A number and its hedge and unit.
    Number(Quantity),
}

/// One claim found in one text, with where it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Identity across revisions and articles.
    pub id: ClaimId,
    /// Quote or number.
    pub kind: ClaimKind,
    /// The claim's text: the quoted words (parts joined by a space), or the number as written.
    pub text: String,
    /// The canonical form hashed into `id`.
    pub canonical: String,
    /// The whole extent: first part's start to last part's end.
    pub span: Span,
    /// Each part of a quote in several parts; a single element otherwise.
    pub parts: Vec<Span>,
    /// Index of the sentence (in the document's sentence list) that holds the start.
    pub sentence: usize,
    /// Index of the paragraph that holds the start.
    pub paragraph: usize,
    /// The text of that sentence: what revision alignment compares and reports show as context.
    pub sentence_text: String,
    /// Speaker or quantity.
    pub detail: ClaimDetail,
}

impl Claim {
    /// The attribution of a quote.
    pub fn attribution(&self) -> Option<&Attribution> {
        match &self.detail {
            ClaimDetail::Quote(attribution) => Some(attribution),
            ClaimDetail::Number(_) => None,
        }
    }

    /// The quantity of a number.
    pub fn quantity(&self) -> Option<&Quantity> {
        match &self.detail {
            ClaimDetail::Number(quantity) => Some(quantity),
            ClaimDetail::Quote(_) => None,
        }
    }

    /// The resolved speaker of a quote.
    pub fn speaker(&self) -> Option<&str> {
        self.attribution().and_then(|a| a.speaker.as_deref())
    }
}

/// An article: the thing that has revisions.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    /// Its slug.
    pub id: ArticleId,
    /// Headline, as given or detected.
    pub title: Option<String>,
    /// Where it is published.
    pub url: Option<String>,
    /// When it was first published, if its source said.
    pub published: Option<Published>,
    /// When its first revision was ingested.
    pub created_at: Timestamp,
    /// Who ingested the first revision.
    pub created_by: String,
    /// Number of the newest revision (revisions are numbered from 1 without gaps).
    pub latest: u32,
}

/// One ingested version of an article.
#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    /// The article it belongs to.
    pub article: ArticleId,
    /// 1, 2, …
    pub number: u32,
    /// BLAKE3 of the normalized text.
    pub content_hash: Hash32,
    /// The normalized text every offset refers to.
    pub text: String,
    /// File name or URL it came from.
    pub source: String,
    /// `text` or `markdown`.
    pub format: String,
    /// When it was ingested.
    pub ingested_at: Timestamp,
    /// Who ingested it.
    pub ingested_by: String,
    /// The extractor version that produced its claims.
    pub extractor: String,
    /// Its claims in text order.
    pub claims: Vec<ClaimId>,
    /// BLAKE3 of the file as given, when it was not plain text (an HTML page): kept in the store so
    /// the revision's source can be shown as it was.
    pub raw_source: Option<Hash32>,
    /// When this version came out, if its source said (`--published`, a JSONL line's
    /// `"published"`, an HTML page's own date).
    pub published: Option<Published>,
}

/// A dated remark by someone: a source given or a note written.
#[derive(Clone, Debug, PartialEq)]
pub struct Remark {
    /// The URL, citation or note.
    pub text: String,
    /// Who gave it.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// Audit event that recorded it.
    pub seq: u64,
}

/// The review of one claim in one article.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    /// The article.
    pub article: ArticleId,
    /// The claim.
    pub claim: ClaimId,
    /// Current workflow state.
    pub state: String,
    /// Sources attached, oldest first.
    pub sources: Vec<Remark>,
    /// Notes written, oldest first.
    pub notes: Vec<Remark>,
    /// Who made the last change.
    pub updated_by: String,
    /// When.
    pub updated_at: Timestamp,
    /// The audit event of the last change.
    pub event_seq: u64,
    /// Hash of the workflow under which the last decision was made.
    pub workflow_hash: Hash32,
    /// Who last applied each transition (for workflows that need a second person).
    pub last_user_of: std::collections::BTreeMap<String, String>,
    /// Evidence files bound to decisions, oldest first.
    pub evidence: Vec<EvidenceRef>,
    /// The verdict this review replaced when its claim changed in a new revision: kept visible so
    /// the checker sees what was decided about the old wording.
    pub carried_from: Option<ChangedClaim>,
    /// What editors changed about the claim itself: added it, fixed its speaker, dismissed it,
    /// let it through the gate.
    pub curation: Curation,
}

/// An editor's corrections of the machine on one claim of one article.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Curation {
    /// The claim was added by an editor, not extracted.
    pub added: Option<Addition>,
    /// The quote's speaker as an editor gave it.
    pub speaker: Option<SpeakerFix>,
    /// The claim is not one to check.
    pub dismissed: Option<Dismissal>,
    /// An editor let the claim's verdict through the gate.
    pub overridden: Option<Override>,
}

impl Curation {
    /// Whether the claim counts: not dismissed.
    pub fn is_dismissed(&self) -> bool {
        self.dismissed.is_some()
    }

    /// The occurrence of `claim` an editor added to revision `number`, if this curation (of
    /// `claim`'s review) holds one. A review inherited under a new id keeps its addition as
    /// history: the occurrence is still the old id's, and is not this claim's.
    pub fn added_to(&self, claim: &ClaimId, number: u32) -> Option<&Claim> {
        self.added
            .as_ref()
            .filter(|added| added.revision == number && added.occurrence.id == *claim)
            .map(|added| &added.occurrence)
    }
}

/// A claim an editor added to the revision that was latest then.
#[derive(Clone, Debug, PartialEq)]
pub struct Addition {
    /// The revision it was added to; later revisions carry it as long as its words are there.
    pub revision: u32,
    /// The claim as located in that revision.
    pub occurrence: Claim,
    /// Who added it.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// The audit event that recorded it.
    pub seq: u64,
}

/// A quote's speaker as corrected by an editor.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeakerFix {
    /// The speaker the editor gave.
    pub speaker: String,
    /// The speaker the extractor had resolved, if any.
    pub was: Option<String>,
    /// The attribution as written when the fix was made: the fix holds while the text still
    /// attributes the quote with the same words.
    pub mention: Option<String>,
    /// The revision the fix was made on; older revisions are shown as they were.
    pub since: u32,
    /// Why.
    pub note: Option<String>,
    /// Who.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// The audit event that recorded it.
    pub seq: u64,
}

impl SpeakerFix {
    /// Whether the fix applies to `claim` as it occurs in revision `number`: made on this
    /// revision or an earlier one, and the attribution still reads the same.
    pub fn applies_to(&self, claim: &Claim, number: u32) -> bool {
        number >= self.since
            && claim
                .attribution()
                .is_some_and(|a| a.mention == self.mention)
    }
}

/// Why a claim is not one to check: a fixed list, so that reports and corrections count alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DismissReason {
    /// Not a claim at all (a misread number, a stray quotation mark).
    NotAClaim,
    /// A title or a name in quotation marks, or a number that is part of a name.
    TitleOrName,
    /// Quotation marks used for distance, not to report speech.
    ScareQuote,
    /// The same claim as another one listed.
    Duplicate,
    /// A claim, but not one this desk checks.
    OutOfScope,
}

impl DismissReason {
    /// Every reason, in the order help lists them.
    pub const ALL: [DismissReason; 5] = [
        DismissReason::NotAClaim,
        DismissReason::TitleOrName,
        DismissReason::ScareQuote,
        DismissReason::Duplicate,
        DismissReason::OutOfScope,
    ];

    /// The word used on the command line, in JSON and in stores.
    pub fn as_str(self) -> &'static str {
        match self {
            DismissReason::NotAClaim => "not-a-claim",
            DismissReason::TitleOrName => "title-or-name",
            DismissReason::ScareQuote => "scare-quote",
            DismissReason::Duplicate => "duplicate",
            DismissReason::OutOfScope => "out-of-scope",
        }
    }

    /// Parses [`DismissReason::as_str`]'s words.
    pub fn parse(word: &str) -> Option<DismissReason> {
        DismissReason::ALL.into_iter().find(|r| r.as_str() == word)
    }
}

impl fmt::Display for DismissReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A claim dismissed as not one to check.
#[derive(Clone, Debug, PartialEq)]
pub struct Dismissal {
    /// Why.
    pub reason: DismissReason,
    /// In the editor's words.
    pub note: Option<String>,
    /// Who.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// The audit event that recorded it.
    pub seq: u64,
}

/// A verdict let through the gate by an editor although its state blocks publication.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    /// The state it was let through in; a later decision ends the override.
    pub state: String,
    /// Why it may be published anyway.
    pub note: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// The audit event that recorded it.
    pub seq: u64,
}

/// Someone who may log in to the web desk, or whose roles the workflow consults.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    /// The name every audit event of theirs carries.
    pub name: String,
    /// The workflow roles they hold, besides any the workflow's `[roles]` gives them.
    pub roles: Vec<String>,
    /// The password as an Argon2id PHC string (salt and parameters included); never the password.
    pub password_hash: String,
    /// A disabled user can no longer log in or use their tokens; their history stays.
    pub disabled: bool,
    /// When they were added.
    pub created_at: Timestamp,
}

/// A credential for a program (a CMS, a script), acting as its owner.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiToken {
    /// The public part, shown in listings and carried by the token itself.
    pub id: String,
    /// The user it acts as.
    pub owner: String,
    /// BLAKE3 of the secret part; the secret is shown once, when the token is made.
    pub secret_hash: Hash32,
    /// When it was made.
    pub created_at: Timestamp,
}

/// Who is to work on an article or on one of its claims: the desk's "what needs me".
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// The article.
    pub article: ArticleId,
    /// The claim; `None` when the whole article is assigned.
    pub claim: Option<ClaimId>,
    /// Who it is assigned to.
    pub assignee: String,
    /// Who assigned it (the assignee, when they took it).
    pub by: String,
    /// When.
    pub at: Timestamp,
}

/// What was done to a user, as the audit log records it (never a password or a secret).
#[derive(Clone, Debug, PartialEq)]
pub enum UserAction {
    /// Added, with these roles.
    Added {
        /// The roles given.
        roles: Vec<String>,
    },
    /// Their password was set anew.
    PasswordSet,
    /// Disabled.
    Disabled,
    /// An API token was made for them.
    TokenAdded {
        /// The token's public id.
        id: String,
    },
}

/// Another fact-checker's published verdict on a claim, read from its ClaimReview markup
/// (`factdesk claimreview import`): a reference for "seen before", never one of the newsroom's own
/// reviews. Texts are as published, whitespace collapsed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceVerdict {
    /// The claim as the fact-checker wrote it (`claimReviewed`).
    pub claim_reviewed: String,
    /// Who made the claim (`itemReviewed.author.name`).
    pub claimant: Option<String>,
    /// The verdict.
    pub rating: Rating,
    /// The fact-checker's name (`author.name`).
    pub publisher: Option<String>,
    /// The fact-checker's site (`author.url`).
    pub publisher_url: Option<String>,
    /// When the review was published (`datePublished`), checked to be a real day.
    pub published: Option<Published>,
    /// The review's address (`url`): with `claim_reviewed`, what identifies it.
    pub url: String,
    /// Where the claim first appeared (`itemReviewed.firstAppearance` or `appearance`).
    pub appearance: Option<String>,
    /// The review's language (`inLanguage`), as given.
    pub language: Option<String>,
}

/// A ClaimReview's `reviewRating`, as published: Google's Fact Check markup asks for the textual
/// rating (`alternateName`), the number is optional. Numbers are kept as written.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Rating {
    /// The verdict in words ("False", "Mostly true").
    pub alternate_name: Option<String>,
    /// `ratingValue`.
    pub value: Option<String>,
    /// `bestRating`.
    pub best: Option<String>,
    /// `worstRating`.
    pub worst: Option<String>,
}

/// A reference verdict as the store holds it: who imported it, when, in which event.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldReference {
    /// The verdict.
    pub verdict: ReferenceVerdict,
    /// Who imported it.
    pub imported_by: String,
    /// When.
    pub imported_at: Timestamp,
    /// The audit event of the import.
    pub seq: u64,
}

/// A web address that is told of the desk's changes (`factdesk webhook add`): each event it
/// subscribes to is POSTed to it as JSON, signed with its secret.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// Its public id (hex), as listings show it.
    pub id: String,
    /// Where the events are POSTed (http or https).
    pub url: String,
    /// What it is told of.
    pub events: Vec<WebhookEvent>,
    /// What it is for, in the words of who added it.
    pub description: Option<String>,
    /// The key of the HMAC-SHA256 signature of each delivery: shown once when the webhook is
    /// added, and kept, since every delivery is signed with it.
    pub secret: String,
    /// A removed webhook is kept, disabled: nothing more is sent to it.
    pub disabled: bool,
    /// Who added it.
    pub created_by: String,
    /// When.
    pub created_at: Timestamp,
    /// The audit event that added it: only later events are sent to it.
    pub added_seq: u64,
}

/// The kinds of change a webhook subscribes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WebhookEvent {
    /// A claim's review moved to another state (`claim.state_changed`).
    State,
    /// An article got a new revision (`revision.added`).
    Revision,
    /// An article's publication gate opened or closed (`gate.opened`, `gate.closed`).
    Gate,
}

impl WebhookEvent {
    /// Every kind, in the order listings show them.
    pub const ALL: [WebhookEvent; 3] = [
        WebhookEvent::State,
        WebhookEvent::Revision,
        WebhookEvent::Gate,
    ];

    /// The name `--events` takes and listings show: `state`, `revision`, `gate`.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEvent::State => "state",
            WebhookEvent::Revision => "revision",
            WebhookEvent::Gate => "gate",
        }
    }

    /// The kind named `name`, if any.
    pub fn parse(name: &str) -> Option<WebhookEvent> {
        WebhookEvent::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

impl fmt::Display for WebhookEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What was done to a webhook, as the audit log records it (never its secret).
#[derive(Clone, Debug, PartialEq)]
pub enum WebhookAction {
    /// Added.
    Added {
        /// The site it posts to: scheme, host and port only. The path and query of a hook's
        /// address are often a secret of their own (a chat service's incoming hook), and the
        /// log keeps what it records forever; the whole address is in the webhook's record,
        /// which the event proves by its hash.
        site: String,
        /// What it is told of.
        events: Vec<WebhookEvent>,
        /// What it is for.
        description: Option<String>,
    },
    /// Removed: kept, disabled.
    Removed,
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Not yet delivered: the next attempt is due at the delivery's `next_at`.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed (or the webhook was removed before it was sent).
    Failed,
}

impl DeliveryStatus {
    /// `pending`, `delivered`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }
}

/// One try at POSTing a delivery.
#[derive(Clone, Debug, PartialEq)]
pub struct DeliveryAttempt {
    /// When it was made.
    pub at: Timestamp,
    /// The HTTP status the receiver answered, if it answered.
    pub status: Option<u16>,
    /// What went wrong, if anything did (a status other than 2xx, a timeout, a refused
    /// connection).
    pub error: Option<String>,
}

/// One event to tell one webhook, with its attempts: a row of the outbox.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    /// Its id, `SEQ-HASH`: the audit event it tells of and 8 hex digits that tell the webhook
    /// and the kind apart. The same event, webhook and kind always give the same id, so a
    /// receiver can recognise a delivery sent again.
    pub id: String,
    /// The webhook it is for.
    pub webhook: String,
    /// What it tells: `claim.state_changed`, `revision.added`, `gate.opened`, `gate.closed`.
    pub event: String,
    /// The audit event it tells of (for a gate, the article's last event before it was read).
    pub seq: u64,
    /// The article concerned.
    pub article: Option<ArticleId>,
    /// The exact JSON body sent, signed as it is.
    pub body: String,
    /// When it was queued.
    pub created_at: Timestamp,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// When the next attempt is due, while pending.
    pub next_at: Timestamp,
    /// Every attempt so far, oldest first.
    pub attempts: Vec<DeliveryAttempt>,
    /// How many of `attempts` came before the last `webhook retry`: the attempts a delivery is
    /// allowed are counted from there.
    pub round_start: u32,
}

/// What an editor did to a claim, as the audit log records it.
#[derive(Clone, Debug, PartialEq)]
pub enum CurationAction {
    /// Added a claim the extractor missed to revision `revision`.
    Added {
        /// The revision it was added to.
        revision: u32,
        /// Quote or number.
        kind: ClaimKind,
        /// Its words as located.
        text: String,
        /// The speaker given for a quote.
        speaker: Option<String>,
    },
    /// Corrected a quote's speaker.
    SpeakerCorrected {
        /// The new speaker.
        speaker: String,
        /// The one shown before.
        was: Option<String>,
        /// Why.
        note: Option<String>,
    },
    /// Dismissed the claim.
    Dismissed {
        /// Why.
        reason: DismissReason,
        /// In the editor's words.
        note: Option<String>,
    },
    /// Took back a dismissal.
    Restored {
        /// Why.
        note: Option<String>,
    },
    /// Let a blocking verdict through the gate.
    Overridden {
        /// The state let through.
        state: String,
        /// Why.
        note: String,
    },
}

impl CurationAction {
    /// The word used in histories: `add`, `speaker`, `dismiss`, `restore`, `override`.
    pub fn verb(&self) -> &'static str {
        match self {
            CurationAction::Added { .. } => "add",
            CurationAction::SpeakerCorrected { .. } => "speaker",
            CurationAction::Dismissed { .. } => "dismiss",
            CurationAction::Restored { .. } => "restore",
            CurationAction::Overridden { .. } => "override",
        }
    }
}

/// A claim that changed between revisions and went back to review.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangedClaim {
    /// The claim in the older revision.
    pub old: ClaimId,
    /// The claim in the newer revision (the same id when only the speaker changed).
    pub new: ClaimId,
    /// The verdict the change reset: the old claim's state, or the new claim's own where the
    /// article carried it before (its speaker changed, or the writer went back to an earlier
    /// wording).
    pub old_state: String,
    /// The state the new claim was put in (the workflow's on-change state).
    pub new_state: String,
    /// What changed, for people: `value 8,000 → 9,000`.
    pub summary: String,
}

/// An evidence file kept in the store, as bound to a decision.
#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceRef {
    /// BLAKE3 of the file's bytes: the key it is stored under.
    pub hash: Hash32,
    /// The file name it was given as.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Who attached it.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// The audit event that recorded it.
    pub seq: u64,
}

/// What an audit event records.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// The store was created with a workflow.
    StoreCreated {
        /// BLAKE3 of the workflow text.
        workflow: Hash32,
        /// The workflow's name.
        workflow_name: String,
    },
    /// A revision was ingested.
    RevisionAdded {
        /// The article.
        article: ArticleId,
        /// Its new revision number.
        number: u32,
        /// BLAKE3 of the normalized text.
        content_hash: Hash32,
        /// Claims in the revision.
        claims: u32,
        /// Claims seen for the first time in this article.
        new_claims: u32,
        /// Claims that changed since the previous revision and went back to review.
        changed: Vec<ChangedClaim>,
        /// Claims that stayed the same under a new id (a number whose sentence changed only in
        /// another number) and kept the review of the claim they replaced, as `(old, new)`, in
        /// the revision's claim order. `None` for an ingest recorded before these pairs were
        /// (format 2 and older): the pairs are then found by aligning the two revisions again.
        realigned: Option<Vec<(ClaimId, ClaimId)>>,
    },
    /// A claim's review moved (or stayed, with a new source or note).
    Transition {
        /// The article.
        article: ArticleId,
        /// The claim.
        claim: ClaimId,
        /// Name of the workflow transition.
        transition: String,
        /// State before.
        from: String,
        /// State after.
        to: String,
        /// Source given with it.
        source: Option<String>,
        /// Note given with it.
        note: Option<String>,
        /// BLAKE3 of an evidence file stored with it.
        evidence: Option<Hash32>,
        /// The workflow under which the decision was made.
        workflow: Hash32,
    },
    /// The store switched to another workflow.
    WorkflowChanged {
        /// BLAKE3 of the new workflow's text.
        workflow: Hash32,
        /// Its name.
        workflow_name: String,
        /// BLAKE3 of the workflow it replaced.
        previous: Hash32,
    },
    /// A store setting changed.
    ConfigSet {
        /// Setting name.
        key: String,
        /// New value.
        value: String,
    },
    /// A revision filed by mistake was withdrawn: the text of the one before it came back as a
    /// new revision (`as_revision`, recorded by the `RevisionAdded` event just before this one),
    /// with the verdicts as they stood. Nothing is deleted.
    RevisionRetracted {
        /// The article.
        article: ArticleId,
        /// The revision withdrawn.
        number: u32,
        /// The revision whose text came back.
        restored: u32,
        /// The revision that now carries it.
        as_revision: u32,
        /// Why.
        note: String,
    },
    /// A user of the desk was added or changed.
    UserChanged {
        /// The user.
        name: String,
        /// What was done.
        action: UserAction,
    },
    /// An article, or one of its claims, was assigned to someone (`assignee`), or released
    /// (`None`).
    Assigned {
        /// The article.
        article: ArticleId,
        /// The claim, when one claim was assigned rather than the article.
        claim: Option<ClaimId>,
        /// Who it is assigned to now; `None` when released.
        assignee: Option<String>,
    },
    /// An editor corrected the machine on a claim.
    Curated {
        /// The article.
        article: ArticleId,
        /// The claim.
        claim: ClaimId,
        /// What was done.
        action: CurationAction,
    },
    /// A webhook was added or removed.
    WebhookChanged {
        /// The webhook's id.
        id: String,
        /// What was done.
        action: WebhookAction,
    },
    /// Other fact-checkers' ClaimReviews were imported as reference verdicts.
    ReferencesImported {
        /// The verdicts new to the store, each written as a row.
        count: u32,
        /// Those of the file the store held already.
        held: u32,
        /// The items of the file skipped as unusable.
        skipped: u32,
        /// BLAKE3 of the file's bytes.
        file: Hash32,
    },
}

/// One entry of the append-only, hash-chained audit log.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Position in the log, from 1, without gaps.
    pub seq: u64,
    /// Hash of the previous event (zeros for the first).
    pub prev: Hash32,
    /// This event's hash, which the next event carries.
    pub hash: Hash32,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: String,
    /// What.
    pub kind: EventKind,
}

impl Event {
    /// The article this event concerns, if any.
    pub fn article(&self) -> Option<&ArticleId> {
        match &self.kind {
            EventKind::RevisionAdded { article, .. }
            | EventKind::Transition { article, .. }
            | EventKind::Curated { article, .. }
            | EventKind::Assigned { article, .. }
            | EventKind::RevisionRetracted { article, .. } => Some(article),
            EventKind::StoreCreated { .. }
            | EventKind::WorkflowChanged { .. }
            | EventKind::ConfigSet { .. }
            | EventKind::UserChanged { .. }
            | EventKind::WebhookChanged { .. }
            | EventKind::ReferencesImported { .. } => None,
        }
    }
}

/// The newest event of the audit log: what a report or an anchor cites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct AuditHead {
    /// Sequence number of the newest event (0 for an empty log).
    pub seq: u64,
    /// Its hash.
    pub hash: Hash32,
}
