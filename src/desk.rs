//! The operations an editor performs on a store: the library's facade.
//!
//! Each write operation is one [`Store::write`] transaction that also appends its audit event.
//! Work that cannot fail and needs no store (decoding, extraction, diffing) happens before the
//! transaction opens, because sled may run the transaction body more than once.

use std::path::Path;

use crate::extract::{self, EXTRACTOR_VERSION};
use crate::model::{
    Article, ArticleId, ChangedClaim, Claim, ClaimId, ClaimKind, Event, EventKind, EvidenceRef,
    Published, Remark, Review, Revision, Timestamp,
};
use crate::revision::{self, Change, ClaimChange};
use crate::store::{EncodedPack, FoundClaim, Lookup, Store, StoreError, TxError, WriteTx};
use crate::text::{Document, Format, html};
use crate::workflow::{TransitionRejected, TransitionRequest, Workflow, WorkflowError};

/// What [`Succession::Realigned`] says of a claim that kept its review under a new id.
pub const INHERITED: &str = "same claim, new id: another number in its sentence changed";

/// How a claim of one revision took over from a claim of the revision before.
#[derive(Clone, Debug, PartialEq)]
pub enum Succession {
    /// The ingest recorded the change (`RevisionAdded::changed`): the claim went back to review
    /// carrying the old verdict.
    Changed(ChangedClaim),
    /// Nothing records it; the two revisions' claims, aligned again, pair them. `summary` is
    /// [`INHERITED`] for a claim that kept its review, else what changed.
    Realigned {
        /// The claim in the older revision.
        old: ClaimId,
        /// The claim in the newer revision.
        new: ClaimId,
        /// What changed, for people.
        summary: String,
    },
}

impl Succession {
    /// The claim in the older revision.
    pub fn earlier(&self) -> ClaimId {
        match self {
            Succession::Changed(change) => change.old,
            Succession::Realigned { old, .. } => *old,
        }
    }

    /// The claim in the newer revision.
    pub fn later(&self) -> ClaimId {
        match self {
            Succession::Changed(change) => change.new,
            Succession::Realigned { new, .. } => *new,
        }
    }

    /// What changed, for people: `value 8,000 → 9,000`.
    pub fn summary(&self) -> &str {
        match self {
            Succession::Changed(change) => &change.summary,
            Succession::Realigned { summary, .. } => summary,
        }
    }
}

/// One event of a claim's history (see [`Desk::claim_history`]).
#[derive(Clone, Debug)]
pub struct HistoryEntry {
    /// The audit event.
    pub event: Event,
    /// The claim the event was about: the one asked for, or one it replaced. For an ingest, the
    /// claim the revision carries (the one that left it, for a removal).
    pub claim: ClaimId,
    /// For an ingest: whether the revision carries `claim` (false: the claim left with it).
    pub appeared: Option<bool>,
    /// On the ingest where `claim` took over from an earlier claim: how.
    pub succession: Option<Succession>,
    /// On the ingest where `claim` left the article: the claim that took over from it, if one
    /// did (its value changed, say), so a claim that was replaced does not read as removed.
    pub replaced_by: Option<Succession>,
}

/// The line of claims that led to one claim of an article, revision by revision.
pub(crate) struct Lineage {
    asked: ClaimId,
    /// `ids[n]`: the claim of the line in revision `n` (index 0 stands for "before revision 1").
    ids: Vec<Option<ClaimId>>,
    /// `successions[n]`: how `ids[n]` took over from `ids[n - 1]`.
    successions: Vec<Option<Succession>>,
    /// `asked_present[n]`: whether revision `n` carries the asked claim itself, which may also
    /// stand outside the line (an article that went back to an earlier wording).
    asked_present: Vec<bool>,
    /// `(seq, number)` of each ingest, in log order.
    ingests: Vec<(u64, u32)>,
    /// The revision after the asked claim's newest, and the claim of it that took over from the
    /// asked one there.
    successor: Option<(usize, Succession)>,
}

/// Pairs found by aligning a revision with the one before, per revision: a report follows every
/// claim's line and aligns each revision at most once.
#[derive(Default)]
pub(crate) struct Realignments(std::collections::HashMap<u32, Vec<Succession>>);

/// Where a [`Lineage`] places one event.
pub(crate) struct LineageEntry<'l> {
    pub(crate) claim: ClaimId,
    pub(crate) appeared: Option<bool>,
    pub(crate) succession: Option<&'l Succession>,
    pub(crate) replaced_by: Option<&'l Succession>,
}

impl Lineage {
    /// The events of `events` (in log order) that belong to the line's history.
    pub(crate) fn select<'e>(&self, events: &'e [Event]) -> Vec<(&'e Event, LineageEntry<'_>)> {
        let id_at = |n: usize| self.ids.get(n).copied().flatten();
        let asked_at = |n: usize| self.asked_present.get(n).copied().unwrap_or(false);
        let mut out = Vec::new();
        for event in events {
            match &event.kind {
                EventKind::Transition { claim, .. } => {
                    // A predecessor's transitions count while it stood in the article; the
                    // asked claim's always did.
                    let standing = self
                        .ingests
                        .iter()
                        .take_while(|(seq, _)| *seq < event.seq)
                        .last()
                        .map_or(0, |(_, number)| *number as usize);
                    if *claim == self.asked || id_at(standing) == Some(*claim) {
                        let entry = LineageEntry {
                            claim: *claim,
                            appeared: None,
                            succession: None,
                            replaced_by: None,
                        };
                        out.push((event, entry));
                    }
                }
                EventKind::RevisionAdded { number, .. } => {
                    let n = *number as usize;
                    let (before, after) = (id_at(n.saturating_sub(1)), id_at(n));
                    let line_moved = n >= 1 && before != after;
                    let asked_moved = n >= 1 && asked_at(n) != asked_at(n - 1);
                    if line_moved || asked_moved {
                        let (claim, appeared) = match (line_moved, after, before) {
                            (true, Some(after), _) => (after, true),
                            (true, None, Some(before)) => (before, false),
                            _ => (self.asked, asked_at(n)),
                        };
                        let replaced_by = match &self.successor {
                            Some((at, successor)) if *at == n && !appeared => Some(successor),
                            _ => None,
                        };
                        let entry = LineageEntry {
                            claim,
                            appeared: Some(appeared),
                            succession: self.successions.get(n).and_then(Option::as_ref),
                            replaced_by,
                        };
                        out.push((event, entry));
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// The change revision `number`'s ingest recorded that `pick` accepts, if any.
fn recorded_change(
    events: &[Event],
    number: u32,
    pick: impl Fn(&ChangedClaim) -> bool,
) -> Option<&ChangedClaim> {
    events.iter().find_map(|e| match &e.kind {
        EventKind::RevisionAdded {
            number: n, changed, ..
        } if *n == number => changed.iter().find(|c| c.old != c.new && pick(c)),
        _ => None,
    })
}

/// Settings an editor may set with `factdesk config set`.
pub const CONFIG_KEYS: [(&str, &str); 3] = [
    (
        "org.name",
        "the organisation that publishes the reviews (ClaimReview author)",
    ),
    ("org.url", "the organisation's web site"),
    (
        "review.url-template",
        "URL of a published review; {article} and {claim} are replaced",
    ),
];

/// Why an operation could not be done.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The store failed or is damaged.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store's workflow does not parse: it was damaged or written by another version.
    #[error("the store's workflow is invalid: {0}")]
    StoredWorkflow(#[source] WorkflowError),
    /// The article id is not a slug.
    #[error(
        "`{given}` is not a valid article id: use lower-case letters, digits, '-', '_' and '.' (for example `syria-truce`)"
    )]
    InvalidArticleId {
        /// What was given.
        given: String,
    },
    /// No such article.
    #[error("no article `{id}` in the store: `factdesk articles` lists them")]
    UnknownArticle {
        /// The id asked for.
        id: String,
    },
    /// No such revision.
    #[error("article `{article}` has no revision {number}: it has revisions 1 to {latest}")]
    UnknownRevision {
        /// The article.
        article: ArticleId,
        /// The revision asked for.
        number: u32,
        /// Its newest revision.
        latest: u32,
    },
    /// The claim id prefix is not hex or too short.
    #[error(
        "`{given}` is not a claim id: give at least 6 hex digits of the id that `factdesk claims` shows"
    )]
    InvalidClaimId {
        /// What was given.
        given: String,
    },
    /// No claim has the prefix.
    #[error("no claim with id `{given}`: `factdesk claims ARTICLE` lists the ids")]
    UnknownClaim {
        /// What was given.
        given: String,
    },
    /// Several claims have the prefix.
    #[error("claim id `{given}` is ambiguous ({}): give more digits", candidates.iter().map(|c| c.short()).collect::<Vec<_>>().join(", "))]
    AmbiguousClaim {
        /// What was given.
        given: String,
        /// Some of the claims that match.
        candidates: Vec<ClaimId>,
    },
    /// The claim is in several articles and none was named.
    #[error("claim {} appears in several articles ({}): add --article ID", claim.short(), articles.iter().map(ArticleId::as_str).collect::<Vec<_>>().join(", "))]
    ClaimInSeveralArticles {
        /// The claim.
        claim: ClaimId,
        /// The articles.
        articles: Vec<ArticleId>,
    },
    /// The claim does not appear in the named article.
    #[error("claim {} does not appear in article `{article}`", claim.short())]
    ClaimNotInArticle {
        /// The claim.
        claim: ClaimId,
        /// The article.
        article: ArticleId,
    },
    /// The claim was removed by a later revision.
    #[error("claim {} is not in the latest revision ({latest}) of `{article}`: {}", claim.short(), match current {
        Some(current) => format!("a later revision changed it into {}: review that claim (`factdesk show {}`)", current.short(), current.short()),
        None => "it was removed, so there is nothing to review".to_owned(),
    })]
    ClaimNotInLatest {
        /// The claim.
        claim: ClaimId,
        /// The article.
        article: ArticleId,
        /// The latest revision.
        latest: u32,
        /// The claim of the latest revision that the claim became, if it was changed rather
        /// than removed.
        current: Option<ClaimId>,
    },
    /// Not a known setting.
    #[error("unknown setting `{key}`: known settings are {}", CONFIG_KEYS.map(|(k, _)| k).join(", "))]
    UnknownConfigKey {
        /// What was given.
        key: String,
    },
    /// A value that cannot be used.
    #[error("{what}")]
    InvalidValue {
        /// What is wrong and how to fix it.
        what: String,
    },
}

/// What to ingest.
#[derive(Debug, Clone)]
pub struct IngestRequest {
    /// The article to add a revision to (created if new).
    pub article: ArticleId,
    /// Headline; detected from the text when not given on first ingest.
    pub title: Option<String>,
    /// Published URL.
    pub url: Option<String>,
    /// When the article was first published (kept from an earlier revision when not given).
    pub published: Option<Published>,
    /// File name or URL it came from, kept as provenance.
    pub source: String,
    /// How to read `text`.
    pub format: Format,
    /// The decoded text.
    pub text: String,
}

/// What an ingest did.
#[derive(Debug, Clone, PartialEq)]
pub enum IngestOutcome {
    /// The text equals the latest revision's: nothing was added.
    Unchanged {
        /// The article.
        article: ArticleId,
        /// Its latest revision, identical to the input.
        revision: u32,
    },
    /// A revision was added.
    Added(IngestSummary),
}

/// Counts of what a new revision brought.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestSummary {
    /// The article.
    pub article: ArticleId,
    /// The new revision's number.
    pub revision: u32,
    /// Claims in the new revision.
    pub claims: usize,
    /// Of them, claims that already had a review in this article (their state is kept).
    pub kept: usize,
    /// Of them, claims new to this article (starting in the workflow's initial state).
    pub new: usize,
    /// Compared with the previous revision: claims unchanged or only moved.
    pub unchanged: usize,
    /// Claims whose value, hedge, unit, wording or speaker changed (to be re-checked).
    pub modified: usize,
    /// Claims with no counterpart in the previous revision.
    pub added: usize,
    /// Claims of the previous revision that are gone.
    pub removed: usize,
    /// Extraction diagnostics (unclosed quotes and the like), as text.
    pub diagnostics: Vec<String>,
}

/// A transition to apply to one claim.
#[derive(Debug, Clone)]
pub struct MarkRequest {
    /// The article the claim is reviewed in.
    pub article: ArticleId,
    /// The claim.
    pub claim: ClaimId,
    /// The target state.
    pub to: String,
    /// A URL or citation.
    pub source: Option<String>,
    /// A note.
    pub note: Option<String>,
    /// A file kept as evidence (the page as checked, a document): its name and bytes.
    pub evidence: Option<(String, Vec<u8>)>,
    /// Apply only if the claim is still in this state (what the editor last saw), so a decision
    /// based on a stale view is refused rather than applied over someone else's.
    pub expected_state: Option<String>,
}

/// Why a transition was not applied: an expected outcome, not a failure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// The workflow does not allow it.
    #[error(transparent)]
    Workflow(#[from] TransitionRejected),
    /// Someone changed the claim since the editor looked.
    #[error(
        "the claim is now \"{actual}\", not \"{expected}\": someone changed it meanwhile; look again (`factdesk show`) and retry"
    )]
    Stale {
        /// The state the editor expected.
        expected: String,
        /// The state it is in.
        actual: String,
    },
}

/// What a transition did.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    /// The state before.
    pub from: String,
    /// The state after.
    pub to: String,
    /// The workflow transition used.
    pub transition: String,
    /// The audit event recording it.
    pub seq: u64,
}

/// A claim of a revision with its review.
#[derive(Debug, Clone)]
pub struct ReviewedClaim {
    /// The claim as found in the revision.
    pub claim: Claim,
    /// Its review in the article.
    pub review: Review,
}

/// The claim changes and text changes between two revisions, owned.
#[derive(Debug, Clone)]
pub struct RevisionDiff {
    /// The older revision.
    pub from: Revision,
    /// The newer revision.
    pub to: Revision,
    /// Claims of `from`.
    pub old_claims: Vec<Claim>,
    /// Claims of `to`.
    pub new_claims: Vec<Claim>,
}

impl RevisionDiff {
    /// Claim changes: new revision's claims in order, then removed ones.
    pub fn claim_changes(&self) -> Vec<ClaimChange<'_>> {
        revision::align_claims(&self.old_claims, &self.new_claims)
    }

    /// The text diff: paragraphs aligned, words diffed inside the edited ones.
    pub fn text_changes(&self) -> Vec<revision::ParagraphDiff<'_>> {
        revision::paragraph_diff(&self.from.text, &self.to.text)
    }
}

/// What `workflow use` did.
#[derive(Debug, Clone)]
pub struct WorkflowSwitch {
    /// False when the workflow was already in force (nothing recorded).
    pub changed: bool,
    /// Reviews whose state the new workflow does not have: kept as they are, and reported, because
    /// mapping them silently would put words in a checker's mouth.
    pub stranded: Vec<Review>,
}

/// Why a claim is in the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    /// Its value, wording or speaker changed in the newest revision.
    Changed,
    /// It first appeared in the newest revision.
    New,
    /// It has been waiting since an earlier revision.
    Waiting,
}

impl Urgency {
    /// The word shown in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Changed => "changed",
            Urgency::New => "new",
            Urgency::Waiting => "waiting",
        }
    }
}

/// A claim waiting for a checker.
#[derive(Debug, Clone)]
pub struct QueueItem {
    /// Why it is waiting.
    pub urgency: Urgency,
    /// The article's newest revision, where the claim stands.
    pub revision: Revision,
    /// The claim and its review.
    pub reviewed: ReviewedClaim,
}

/// A claim found by `search`, with where it appeared and its state there.
#[derive(Debug, Clone)]
pub struct SearchHit {
    /// The claim.
    pub claim: ClaimId,
    /// Quote or number.
    pub kind: ClaimKind,
    /// Its text.
    pub text: String,
    /// For a number, the sentence it was said in (where the store first saw it): its text is
    /// the figure alone.
    pub sentence: Option<String>,
    /// Each article it appears in, with the claim's review there.
    pub appearances: Vec<Review>,
}

/// What `search` looks for: the query's words, folded.
struct SearchQuery {
    folded: String,
}

impl SearchQuery {
    fn new(query: &str) -> Result<Self, DeskError> {
        let folded = fold(query);
        if folded.is_empty() {
            return Err(DeskError::InvalidValue {
                what: "the search text has no letters or digits: give words of the quote or claim"
                    .to_owned(),
            });
        }
        Ok(Self { folded })
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        self.folded.split(' ')
    }

    /// The longest ASCII word, which every match holds as written: the scan skips, unread, the
    /// claims without it.
    fn scan_word(&self) -> Option<&str> {
        self.words()
            .filter(|w| w.is_ascii())
            .max_by_key(|w| w.len())
    }

    fn matches(&self, claim: &FoundClaim) -> bool {
        let text = fold(&claim.text);
        if text.contains(&self.folded) {
            return true;
        }
        claim.kind == ClaimKind::Number
            && extract::sentence_of_canonical(&claim.canonical)
                .is_some_and(|sentence| self.names_number(&text, sentence))
    }

    /// A number's text is the figure alone, so it is also found by words around it ("8,000
    /// killed", "two rebels"): each word of the query begins a word of its sentence, one is the
    /// number's own, and so is every word with a digit ("8,000 people" must not find the 8 of
    /// "8 of the 1,000 people").
    fn names_number(&self, number: &str, sentence: &str) -> bool {
        let sentence = fold(sentence);
        let mut names_it = false;
        for word in self.words() {
            if number.split(' ').any(|own| own == word) {
                names_it = true;
            } else if word.bytes().any(|b| b.is_ascii_digit())
                || !sentence.split(' ').any(|other| other.starts_with(word))
            {
                return false;
            }
        }
        names_it
    }
}

/// Folds text for matching across articles: case, punctuation and quotation marks ignored.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// An ingest worked out before its transaction.
struct Prepared<'r> {
    request: &'r IngestRequest,
    document: Document,
    page: PageMeta,
    claims: Vec<Claim>,
    content_hash: crate::model::Hash32,
    replaces: std::collections::HashMap<ClaimId, (ClaimId, String)>,
    /// Unchanged claims whose id is new (their sentence changed only in another claim): the
    /// claim of the previous revision whose review they keep.
    inherits: std::collections::HashMap<ClaimId, ClaimId>,
    /// The occurrence pack, if made before the transaction.
    pack: Option<EncodedPack>,
    unchanged: usize,
    modified: usize,
    added: usize,
    removed: usize,
    diagnostics: Vec<String>,
}

/// What an HTML page says about its article besides the text.
#[derive(Default)]
struct PageMeta {
    url: Option<String>,
    published: Option<Published>,
}

/// What extraction found in one request: everything an ingest needs that no store read decides.
struct Found {
    document: Document,
    page: PageMeta,
    claims: Vec<Claim>,
    diagnostics: Vec<String>,
    /// The occurrence pack made ahead of the transaction ([`Desk::pack_occurrences`]), if any.
    pack: Option<EncodedPack>,
}

/// Reads the input (HTML, Markdown or text) into a document: pure, no store.
fn read_request(request: &IngestRequest) -> Result<(Document, PageMeta), DeskError> {
    let (document, page) = match request.format {
        Format::Html => {
            let page = html::article(&request.text).map_err(|err| DeskError::InvalidValue {
                what: format!("{}: {err}", request.source),
            })?;
            let meta = PageMeta {
                url: page.url.clone(),
                // A page's own date is a hint: one in another shape is left out, not refused.
                published: page.published.as_deref().and_then(Published::parse),
            };
            (Document::from_html(&page), meta)
        }
        format => (Document::parse(&request.text, format), PageMeta::default()),
    };
    if document.text().trim().is_empty() {
        return Err(DeskError::InvalidValue {
            what: format!(
                "`{}` has no text once markup is removed: check the file and its --format",
                request.source
            ),
        });
    }
    Ok((document, page))
}

/// Extracts the claims of a document read by [`read_request`]: pure, never fails.
fn extract_document(document: Document, page: PageMeta) -> Found {
    let extraction = extract::extract(&document);
    Found {
        page,
        diagnostics: extraction
            .diagnostics
            .iter()
            .map(|d| format!("char {}: {}", d.span.start_char, d.message))
            .collect(),
        claims: extraction.claims,
        document,
        pack: None,
    }
}

/// Reads the input and extracts its claims: pure, no store.
fn extract_request(request: &IngestRequest) -> Result<Found, DeskError> {
    let (document, page) = read_request(request)?;
    Ok(extract_document(document, page))
}

/// Aligns extracted claims with the previous revision's: cheap, so the single writer of a batch
/// can redo it when an earlier line of the same batch changed the article.
fn align<'r>(request: &'r IngestRequest, found: Found, previous_claims: &[Claim]) -> Prepared<'r> {
    let changes = revision::align_claims(previous_claims, &found.claims);
    let count = |kind: &[Change]| changes.iter().filter(|c| kind.contains(&c.change)).count();
    // Which claim of the previous revision each modified claim replaces, and what changed.
    let replaces = changes
        .iter()
        .filter(|c| c.change == Change::Modified)
        .filter_map(|c| Some((c.new?.id, (c.old?.id, c.summary()))))
        .collect();
    let inherits = changes
        .iter()
        .filter(|c| matches!(c.change, Change::Unchanged | Change::Moved))
        .filter_map(|c| Some((c.new?.id, c.old?.id)))
        .filter(|(new, old)| new != old)
        .collect();
    let unchanged = count(&[Change::Unchanged, Change::Moved]);
    let modified = count(&[Change::Modified]);
    let added = count(&[Change::Added]);
    let removed = count(&[Change::Removed]);
    drop(changes);
    Prepared {
        request,
        content_hash: found.document.content_hash(),
        page: found.page,
        unchanged,
        modified,
        added,
        removed,
        replaces,
        inherits,
        pack: found.pack,
        diagnostics: found.diagnostics,
        claims: found.claims,
        document: found.document,
    }
}

/// An article read and normalized but not yet extracted (see [`Desk::read`]): enough to know its
/// content hash, so a batch can skip an article it already holds before paying for extraction.
pub struct Parsed {
    request: IngestRequest,
    document: Document,
    page: PageMeta,
}

impl Parsed {
    /// The request it was made from.
    pub fn request(&self) -> &IngestRequest {
        &self.request
    }

    /// BLAKE3 of the normalized text: the revision's content hash once stored.
    pub fn content_hash(&self) -> crate::model::Hash32 {
        self.document.content_hash()
    }

    /// Extracts its claims (pure; may run on any thread).
    pub fn extract(self) -> Extracted {
        Extracted {
            request: self.request,
            found: extract_document(self.document, self.page),
        }
    }
}

/// An article read and extracted ahead of a batch commit (see [`Desk::ingest_batch`]): the
/// expensive, store-free half of an ingest, which may run on any thread.
pub struct Extracted {
    request: IngestRequest,
    found: Found,
}

impl Extracted {
    /// The request it was made from.
    pub fn request(&self) -> &IngestRequest {
        &self.request
    }

    /// Claims found.
    pub fn claim_count(&self) -> usize {
        self.found.claims.len()
    }
}

/// An open store with its workflow.
pub struct Desk {
    store: Store,
    workflow: Workflow,
}

impl Desk {
    /// Creates a store at `dir` under `workflow`.
    pub fn init(
        dir: &Path,
        workflow: &Workflow,
        actor: &str,
        now: Timestamp,
    ) -> Result<Desk, DeskError> {
        let store = Store::create(dir, workflow.text(), workflow.name(), actor, now)?;
        Ok(Desk {
            store,
            workflow: workflow.clone(),
        })
    }

    /// Opens the store at `dir`.
    pub fn open(dir: &Path) -> Result<Desk, DeskError> {
        Desk::open_waiting(dir, std::time::Duration::ZERO)
    }

    /// Opens the store at `dir`, waiting up to `wait` for another process that has it.
    pub fn open_waiting(dir: &Path, wait: std::time::Duration) -> Result<Desk, DeskError> {
        let store = Store::open_waiting(dir, wait)?;
        let workflow =
            Workflow::parse(&store.workflow_text()?).map_err(DeskError::StoredWorkflow)?;
        Ok(Desk { store, workflow })
    }

    /// Rewrites the store's database compactly ([`Store::compact`]); the workflow is kept.
    pub fn compact(self) -> Result<(Desk, crate::store::CompactSummary), DeskError> {
        let (store, summary) = self.store.compact()?;
        let desk = Desk {
            store,
            workflow: self.workflow,
        };
        Ok((desk, summary))
    }

    /// Whether another process is waiting for this store (see [`Desk::yield_to_waiters`]).
    pub fn has_waiters(&self) -> bool {
        self.store.has_waiters()
    }

    /// Lets the processes waiting for the store have it, then opens it again, waiting up to
    /// `wait` for them to finish. For a process that keeps the store for long (a batch ingest),
    /// between two of its transactions: everything it committed stays; the workflow is read
    /// anew, as another process may have changed it.
    pub fn yield_to_waiters(self, wait: std::time::Duration) -> Result<Desk, DeskError> {
        let dir = self.store.path().to_owned();
        self.store.close_for_waiters(wait);
        Desk::open_waiting(&dir, wait)
    }

    /// The underlying store, for reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The workflow in force.
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// Adds a revision of an article (or says the text is unchanged).
    pub fn ingest(
        &self,
        request: &IngestRequest,
        actor: &str,
        now: Timestamp,
    ) -> Result<IngestOutcome, DeskError> {
        // Read outside the transaction: it only feeds the alignment, and we hold the store's
        // lock, so no other writer can change the previous revision meanwhile.
        let previous_claims = match self.store.article(&request.article)? {
            Some(article) => self.store.claims_of(&article.id, article.latest)?,
            None => Vec::new(),
        };
        let prepared = self.prepare(request, &previous_claims)?;
        let outcome = self.store.write(actor, now, |tx| {
            let (outcome, event) = self.apply(tx, &prepared, actor, now)?;
            Ok::<_, TxError<std::convert::Infallible>>((outcome, event))
        })?;
        match outcome {
            Ok(outcome) => Ok(outcome),
            Err(never) => match never {},
        }
    }

    /// Adds successive revisions of one article (a folder of drafts) in one transaction: all of
    /// them or, if the process dies, none. Each one gets its own audit event.
    pub fn ingest_series(
        &self,
        requests: &[IngestRequest],
        actor: &str,
        now: Timestamp,
    ) -> Result<Vec<IngestOutcome>, DeskError> {
        let mut previous_claims = match requests
            .first()
            .map(|r| self.store.article(&r.article))
            .transpose()?
            .flatten()
        {
            Some(article) => self.store.claims_of(&article.id, article.latest)?,
            None => Vec::new(),
        };
        let mut prepared = Vec::with_capacity(requests.len());
        for request in requests {
            let next = self.prepare(request, &previous_claims)?;
            previous_claims.clone_from(&next.claims);
            prepared.push(next);
        }
        self.apply_all(&prepared, actor, now)
    }

    /// Reads and normalizes an article without touching the store; [`Parsed::extract`] then
    /// extracts it for [`Desk::ingest_batch`].
    ///
    /// Pure and thread-safe: a batch ingest runs it on every core while one thread commits.
    pub fn read(request: IngestRequest) -> Result<Parsed, DeskError> {
        let (document, page) = read_request(&request)?;
        Ok(Parsed {
            request,
            document,
            page,
        })
    }

    /// The revision of an article whose normalized text has this content hash: the latest one
    /// only, or with `any_revision` any of them (a batch resumed after an interruption skips an
    /// article already stored at any revision). `None` for an unknown article.
    ///
    /// Lets a batch skip unchanged articles before extracting them.
    pub fn stored_revision_with_hash(
        &self,
        id: &ArticleId,
        hash: &crate::model::Hash32,
        any_revision: bool,
    ) -> Result<Option<u32>, DeskError> {
        let Some(article) = self.store.article(id)? else {
            return Ok(None);
        };
        if any_revision {
            return Ok(self.store.revision_with_hash(id, hash)?);
        }
        let latest = self.store.revision_hash(id, article.latest)?;
        Ok((latest == Some(*hash)).then_some(article.latest))
    }

    /// Makes the occurrence pack of an extracted article's next revision ahead of its
    /// transaction, so that [`Desk::ingest_batch`], whose single thread limits a batch ingest,
    /// does not. Thread-safe: a batch ingest makes them on its extraction threads.
    ///
    /// Assumes the revision number the store gives the article now; the transaction checks it
    /// (see [`EncodedPack`]).
    pub fn pack_occurrences(&self, extracted: &mut Extracted) -> Result<(), DeskError> {
        let article = &extracted.request.article;
        let number = self.store.article(article)?.map_or(1, |a| a.latest + 1);
        let found = &mut extracted.found;
        found.pack = Some(EncodedPack::new(
            article,
            number,
            found.document.text(),
            &found.claims,
            self.workflow.initial(),
            self.workflow.hash(),
        ));
        Ok(())
    }

    /// Adds many articles (or revisions) in ONE transaction, in order, each with its own audit
    /// event: all of them or, if the process dies, none.
    ///
    /// Extraction was done beforehand ([`Desk::read`], then [`Parsed::extract`]); only the cheap
    /// alignment with each article's previous revision happens here, against the store or against
    /// an earlier item of the same batch. Outcomes are in input order.
    pub fn ingest_batch(
        &self,
        items: Vec<Extracted>,
        actor: &str,
        now: Timestamp,
    ) -> Result<Vec<IngestOutcome>, DeskError> {
        // Where each article's newest claims are as this batch leaves it: an earlier item of the
        // batch (by index, not copied: most articles appear once), else the store.
        let mut in_batch: std::collections::HashMap<&ArticleId, usize> =
            std::collections::HashMap::new();
        let (requests, founds): (Vec<IngestRequest>, Vec<Found>) =
            items.into_iter().map(|e| (e.request, e.found)).unzip();
        let mut prepared: Vec<Prepared<'_>> = Vec::with_capacity(requests.len());
        for (request, found) in requests.iter().zip(founds) {
            let next = match in_batch.get(&request.article) {
                Some(&earlier) => align(request, found, &prepared[earlier].claims),
                None => {
                    let stored = match self.store.article(&request.article)? {
                        Some(article) => self.store.claims_of(&article.id, article.latest)?,
                        None => Vec::new(),
                    };
                    align(request, found, &stored)
                }
            };
            in_batch.insert(&request.article, prepared.len());
            prepared.push(next);
        }
        self.apply_all(&prepared, actor, now)
    }

    /// Writes prepared revisions in one transaction, one audit event each.
    fn apply_all(
        &self,
        prepared: &[Prepared<'_>],
        actor: &str,
        now: Timestamp,
    ) -> Result<Vec<IngestOutcome>, DeskError> {
        let outcome = self.store.write(actor, now, |tx| {
            let mut outcomes = Vec::with_capacity(prepared.len());
            for p in prepared {
                let (outcome, event) = self.apply(tx, p, actor, now)?;
                if let Some(event) = event {
                    tx.emit(&event)?;
                }
                outcomes.push(outcome);
            }
            Ok::<_, TxError<std::convert::Infallible>>((outcomes, None))
        })?;
        match outcome {
            Ok(outcomes) => Ok(outcomes),
            Err(never) => match never {},
        }
    }

    /// The work of an ingest that needs no store: reading the input, extracting, aligning with
    /// the previous revision's claims. Done before the transaction, which sled may re-run.
    fn prepare<'r>(
        &self,
        request: &'r IngestRequest,
        previous_claims: &[Claim],
    ) -> Result<Prepared<'r>, DeskError> {
        let extracted = extract_request(request)?;
        Ok(align(request, extracted, previous_claims))
    }

    /// Writes one prepared revision inside a transaction; returns what it did and the event that
    /// records it (`None` when the text equals the latest revision's).
    fn apply<E>(
        &self,
        tx: &mut WriteTx<'_>,
        p: &Prepared<'_>,
        actor: &str,
        now: Timestamp,
    ) -> Result<(IngestOutcome, Option<EventKind>), TxError<E>> {
        let initial = self.workflow.initial();
        let on_change = self.workflow.on_change();
        let workflow_hash = self.workflow.hash();
        // The page as served is kept beside the text taken out of it.
        let raw_source = (p.request.format == Format::Html).then_some(p.request.text.as_bytes());
        let existing = tx.article(&p.request.article)?;
        let previous = match &existing {
            Some(article) => tx.revision(&p.request.article, article.latest)?,
            None => None,
        };
        if let Some(previous) = &previous
            && previous.content_hash == p.content_hash
        {
            let unchanged = IngestOutcome::Unchanged {
                article: p.request.article.clone(),
                revision: previous.number,
            };
            return Ok((unchanged, None));
        }
        let number = previous.as_ref().map_or(1, |prev| prev.number + 1);
        let article = match existing {
            Some(mut article) => {
                article.latest = number;
                if p.request.title.is_some() {
                    article.title.clone_from(&p.request.title);
                }
                if p.request.url.is_some() {
                    article.url.clone_from(&p.request.url);
                } else if article.url.is_none() {
                    article.url.clone_from(&p.page.url);
                }
                if p.request.published.is_some() {
                    article.published.clone_from(&p.request.published);
                } else if article.published.is_none() {
                    article.published.clone_from(&p.page.published);
                }
                article
            }
            None => Article {
                id: p.request.article.clone(),
                title: p
                    .request
                    .title
                    .clone()
                    .or_else(|| p.document.title().map(str::to_owned)),
                url: p.request.url.clone().or_else(|| p.page.url.clone()),
                published: p
                    .request
                    .published
                    .clone()
                    .or_else(|| p.page.published.clone()),
                created_at: now,
                created_by: actor.to_owned(),
                latest: number,
            },
        };
        tx.put_article(&article)?;
        let revision = Revision {
            article: p.request.article.clone(),
            number,
            content_hash: p.content_hash,
            text: p.document.text().to_owned(),
            source: p.request.source.clone(),
            format: p.request.format.as_str().to_owned(),
            ingested_at: now,
            ingested_by: actor.to_owned(),
            extractor: EXTRACTOR_VERSION.to_owned(),
            claims: p.claims.iter().map(|c| c.id).collect(),
            raw_source: match raw_source {
                Some(bytes) => Some(tx.put_evidence(&p.request.source, bytes)?),
                None => None,
            },
        };
        // Claims the article carried before this revision have a review (a row, or the initial
        // one their first revision implies); the others are new here. Asked before the revision
        // is written, as writing it records every claim in the article. A new article has none:
        // no read for most of a batch ingest.
        let mut known = std::collections::HashSet::new();
        if previous.is_some() {
            for claim in &p.claims {
                if tx.claim_in_article(&claim.id, &p.request.article)? {
                    known.insert(claim.id);
                }
            }
        }
        tx.put_revision(
            &revision,
            &p.claims,
            initial,
            workflow_hash,
            p.pack.as_ref(),
        )?;
        let (mut kept, mut new) = (0, 0);
        let mut changed = Vec::new();
        let mut first_seen = std::collections::HashSet::with_capacity(p.claims.len());
        for claim in &p.claims {
            let existing = if known.contains(&claim.id) || !first_seen.insert(claim.id) {
                tx.review(&p.request.article, &claim.id)?
            } else {
                None
            };
            let replaced = p.replaces.get(&claim.id);
            let is_new = existing.is_none();
            let mut review = existing.unwrap_or_else(|| Review {
                article: p.request.article.clone(),
                claim: claim.id,
                state: initial.to_owned(),
                sources: Vec::new(),
                notes: Vec::new(),
                updated_by: actor.to_owned(),
                updated_at: now,
                event_seq: tx.seq(),
                workflow_hash,
                last_user_of: Default::default(),
                evidence: Vec::new(),
                carried_from: None,
            });
            if is_new {
                new += 1;
            }
            // A claim seen before keeps its verdict, unless what changed is not part of its id
            // (a quote's speaker): then it goes back to review like any changed claim.
            match replaced {
                Some((old, summary)) if is_new || *old == claim.id => {
                    // The old verdict and its evidence stay visible on the changed claim.
                    let previous = if *old == claim.id {
                        Some(review.clone())
                    } else {
                        tx.review(&p.request.article, old)?
                    };
                    let old_state = previous
                        .as_ref()
                        .map_or_else(|| initial.to_owned(), |p| p.state.clone());
                    if let Some(previous) = previous.filter(|_| *old != claim.id) {
                        review.sources = previous.sources;
                        review.notes = previous.notes;
                        review.evidence = previous.evidence;
                    }
                    let carried = ChangedClaim {
                        old: *old,
                        new: claim.id,
                        old_state,
                        new_state: on_change.to_owned(),
                        summary: summary.clone(),
                    };
                    review.state = on_change.to_owned();
                    review.updated_by = actor.to_owned();
                    review.updated_at = now;
                    review.workflow_hash = workflow_hash;
                    review.carried_from = Some(carried.clone());
                    changed.push(carried);
                    tx.put_review(&review)?;
                }
                _ if is_new => {
                    // The same claim under a new id keeps its review as decided; any other new
                    // claim gets no row: the revision's pack says it starts in the initial state.
                    if let Some(old) = p.inherits.get(&claim.id) {
                        if let Some(previous) = tx.review(&p.request.article, old)? {
                            tx.put_review(&Review {
                                claim: claim.id,
                                ..previous
                            })?;
                        }
                        kept += 1;
                    }
                }
                _ => kept += 1,
            }
        }
        let summary = IngestSummary {
            article: p.request.article.clone(),
            revision: number,
            claims: p.claims.len(),
            kept,
            new,
            unchanged: p.unchanged,
            modified: p.modified,
            added: p.added,
            removed: p.removed,
            diagnostics: p.diagnostics.clone(),
        };
        let event = EventKind::RevisionAdded {
            article: p.request.article.clone(),
            number,
            content_hash: p.content_hash,
            claims: p.claims.len() as u32,
            new_claims: new as u32,
            changed,
        };
        Ok((IngestOutcome::Added(summary), Some(event)))
    }

    /// Moves a claim's review to another state, if the workflow allows it.
    pub fn mark(
        &self,
        request: &MarkRequest,
        actor: &str,
        now: Timestamp,
    ) -> Result<Result<Marked, Refusal>, DeskError> {
        let article = self.article(&request.article)?;
        let latest = self.store.revision(&article.id, article.latest)?;
        if !latest.is_some_and(|r| r.claims.contains(&request.claim)) {
            let current = self.current_successor(&article.id, &request.claim)?;
            return Err(DeskError::ClaimNotInLatest {
                claim: request.claim,
                article: article.id,
                latest: article.latest,
                current,
            });
        }
        let workflow = &self.workflow;
        let outcome = self.store.write(actor, now, |tx| {
            let Some(mut review) = tx.review(&request.article, &request.claim)? else {
                // Every claim of a stored revision has a review: a row, or its initial one.
                return Err(StoreError::Integrity {
                    tree: "reviews".into(),
                    key: format!("{}/{}", request.article, request.claim),
                    detail: "a claim of the latest revision has no review".into(),
                }
                .into());
            };
            if let Some(expected) = &request.expected_state
                && expected != &review.state
            {
                return Err(TxError::abort(Refusal::Stale {
                    expected: expected.clone(),
                    actual: review.state.clone(),
                }));
            }
            let history = review.last_user_of.clone();
            let last_user_of = move |name: &str| history.get(name).cloned();
            let transition = workflow
                .check(
                    &review.state,
                    &request.to,
                    &TransitionRequest {
                        user: actor,
                        has_source: request.source.is_some(),
                        has_note: request.note.is_some(),
                        has_evidence: request.evidence.is_some(),
                        last_user_of: &last_user_of,
                    },
                )
                .map_err(|rejected| TxError::abort(Refusal::Workflow(rejected)))?;
            let seq = tx.seq();
            let evidence = match &request.evidence {
                Some((name, bytes)) => {
                    let hash = tx.put_evidence(name, bytes)?;
                    review.evidence.push(EvidenceRef {
                        hash,
                        name: name.clone(),
                        size: bytes.len() as u64,
                        by: actor.to_owned(),
                        at: now,
                        seq,
                    });
                    Some(hash)
                }
                None => None,
            };
            let from = std::mem::replace(&mut review.state, request.to.clone());
            let remark = |text: &String| Remark {
                text: text.clone(),
                by: actor.to_owned(),
                at: now,
                seq,
            };
            review.sources.extend(request.source.iter().map(remark));
            review.notes.extend(request.note.iter().map(remark));
            review.updated_by = actor.to_owned();
            review.updated_at = now;
            review.workflow_hash = workflow.hash();
            review
                .last_user_of
                .insert(transition.name.clone(), actor.to_owned());
            tx.put_review(&review)?;
            let marked = Marked {
                from: from.clone(),
                to: request.to.clone(),
                transition: transition.name.clone(),
                seq,
            };
            let event = EventKind::Transition {
                article: request.article.clone(),
                claim: request.claim,
                transition: transition.name.clone(),
                from,
                to: request.to.clone(),
                source: request.source.clone(),
                note: request.note.clone(),
                evidence,
                workflow: workflow.hash(),
            };
            Ok((marked, Some(event)))
        })?;
        Ok(outcome)
    }

    /// Sets a store setting.
    pub fn set_config(
        &self,
        key: &str,
        value: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), DeskError> {
        if !CONFIG_KEYS.iter().any(|(k, _)| *k == key) {
            return Err(DeskError::UnknownConfigKey {
                key: key.to_owned(),
            });
        }
        if (key.ends_with("url") || key.ends_with("url-template"))
            && !(value.starts_with("https://") || value.starts_with("http://"))
        {
            return Err(DeskError::InvalidValue {
                what: format!("`{value}` is not a web address: give a URL starting with https://"),
            });
        }
        let outcome = self.store.write(actor, now, |tx| {
            tx.put_config(key, value)?;
            let event = EventKind::ConfigSet {
                key: key.to_owned(),
                value: value.to_owned(),
            };
            Ok::<_, TxError<std::convert::Infallible>>(((), Some(event)))
        })?;
        match outcome {
            Ok(()) => Ok(()),
            Err(never) => match never {},
        }
    }

    /// Puts another workflow in force, recording it (text and hash) in the audit log.
    pub fn use_workflow(
        &mut self,
        workflow: &Workflow,
        actor: &str,
        now: Timestamp,
    ) -> Result<WorkflowSwitch, DeskError> {
        let mut stranded = Vec::new();
        for reviews in self.store.reviews() {
            stranded.extend(
                reviews?
                    .into_iter()
                    .filter(|review| workflow.state(&review.state).is_none()),
            );
        }
        if workflow.hash() == self.workflow.hash() {
            return Ok(WorkflowSwitch {
                changed: false,
                stranded,
            });
        }
        let previous = self.workflow.hash();
        let outcome = self.store.write(actor, now, |tx| {
            tx.put_workflow(workflow.text())?;
            let event = EventKind::WorkflowChanged {
                workflow: workflow.hash(),
                workflow_name: workflow.name().to_owned(),
                previous,
            };
            Ok::<_, TxError<std::convert::Infallible>>(((), Some(event)))
        })?;
        match outcome {
            Ok(()) => {}
            Err(never) => match never {},
        }
        self.workflow = workflow.clone();
        Ok(WorkflowSwitch {
            changed: true,
            stranded,
        })
    }

    /// The claims of a revision (default: latest) that block publication: those not in an
    /// accepted end state of the workflow. Empty means the revision may be published.
    pub fn gate(
        &self,
        id: &ArticleId,
        number: Option<u32>,
    ) -> Result<Vec<ReviewedClaim>, DeskError> {
        let claims = self.claims(id, number)?;
        Ok(claims
            .into_iter()
            .filter(|c| {
                !self
                    .workflow
                    .state(&c.review.state)
                    .is_some_and(|s| s.accepted)
            })
            .collect())
    }

    /// What needs checking, most urgent first: changed claims of the newest revisions, then new
    /// ones, then the rest still waiting; newer articles before older ones.
    pub fn queue(&self, only: Option<&ArticleId>) -> Result<Vec<QueueItem>, DeskError> {
        let articles = match only {
            Some(id) => vec![self.article(id)?],
            None => self.store.articles()?,
        };
        let mut items = Vec::new();
        for article in articles {
            let revision = self.revision(&article.id, None)?;
            let claims = self.claims(&article.id, None)?;
            let (mut changed, mut added) = (Vec::new(), Vec::new());
            if revision.number > 1 {
                let diff = self.diff(&article.id, None, None)?;
                for change in diff.claim_changes() {
                    let Some(new) = change.new else { continue };
                    match change.change {
                        Change::Modified => changed.push(new.id),
                        Change::Added => added.push(new.id),
                        _ => {}
                    }
                }
            } else {
                added = claims.iter().map(|c| c.claim.id).collect();
            }
            for reviewed in claims {
                if self
                    .workflow
                    .state(&reviewed.review.state)
                    .is_some_and(|s| s.accepted)
                {
                    continue;
                }
                let urgency = if changed.contains(&reviewed.claim.id) {
                    Urgency::Changed
                } else if added.contains(&reviewed.claim.id) {
                    Urgency::New
                } else {
                    Urgency::Waiting
                };
                items.push(QueueItem {
                    urgency,
                    revision: revision.clone(),
                    reviewed,
                });
            }
        }
        items.sort_by(|a, b| {
            (
                a.urgency,
                std::cmp::Reverse(a.revision.ingested_at),
                &a.revision.article,
                a.reviewed.claim.span.start_char,
            )
                .cmp(&(
                    b.urgency,
                    std::cmp::Reverse(b.revision.ingested_at),
                    &b.revision.article,
                    b.reviewed.claim.span.start_char,
                ))
        });
        Ok(items)
    }

    /// Claims in any article that `query` names, folded (see [`fold`]): a quote or number whose
    /// text holds it, or a number named with words of its sentence ("8,000 killed").
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>, DeskError> {
        let query = SearchQuery::new(query)?;
        let mut hits = Vec::new();
        // Reviews are read per article, all of its hits at once: a claim nobody has touched has
        // no review row, and its initial review is read from the article's revisions.
        // (hit, place in its list of articles, claim) by article; `slots` keeps each hit's
        // appearances in the order its articles are listed.
        let mut wanted_in: std::collections::BTreeMap<ArticleId, Vec<(usize, usize, ClaimId)>> =
            Default::default();
        let mut slots: Vec<Vec<Option<Review>>> = Vec::new();
        let found = self
            .store
            .find_claims(query.scan_word(), |claim| query.matches(claim))?;
        // A common phrase can be in thousands of claims and articles: their rows are read on
        // every core, as the scan was.
        let articles_of =
            crate::parallel::map(&found, |claim| self.store.articles_of_claim(&claim.id));
        for (claim, articles) in found.into_iter().zip(articles_of) {
            let articles = articles?;
            slots.push(vec![None; articles.len()]);
            for (place, article) in articles.into_iter().enumerate() {
                wanted_in
                    .entry(article)
                    .or_default()
                    .push((hits.len(), place, claim.id));
            }
            let sentence = match claim.kind {
                ClaimKind::Number => extract::sentence_of_canonical(&claim.canonical),
                ClaimKind::Quote => None,
            };
            hits.push(SearchHit {
                claim: claim.id,
                kind: claim.kind,
                sentence: sentence.map(str::to_owned),
                text: claim.text,
                appearances: Vec::new(),
            });
        }
        let wanted_in: Vec<_> = wanted_in.into_iter().collect();
        let reviews = crate::parallel::map(&wanted_in, |(article, wanted)| {
            let ids: Vec<ClaimId> = wanted.iter().map(|(.., id)| *id).collect();
            self.store.reviews_of(article, &ids)
        });
        for ((_, wanted), reviews) in wanted_in.into_iter().zip(reviews) {
            for ((hit, place, _), review) in wanted.into_iter().zip(reviews?) {
                slots[hit][place] = review;
            }
        }
        for (hit, found) in hits.iter_mut().zip(slots) {
            hit.appearances = found.into_iter().flatten().collect();
        }
        Ok(hits)
    }

    /// An evidence file by its BLAKE3 (or a unique prefix of 6+ hex digits): name and bytes.
    pub fn evidence(
        &self,
        given: &str,
    ) -> Result<(crate::model::Hash32, String, Vec<u8>), DeskError> {
        let hash = match self.store.resolve_evidence(given)? {
            Lookup::Found(hash) => hash,
            Lookup::NotFound => {
                return Err(DeskError::InvalidValue {
                    what: format!(
                        "no evidence file with hash `{given}`: `factdesk show CLAIM` lists a claim's evidence"
                    ),
                });
            }
            Lookup::Invalid => {
                return Err(DeskError::InvalidValue {
                    what: format!(
                        "`{given}` is not an evidence hash: give at least 6 hex digits of it"
                    ),
                });
            }
            Lookup::Ambiguous(found) => {
                return Err(DeskError::InvalidValue {
                    what: format!(
                        "evidence hash `{given}` is ambiguous ({} files): give more digits",
                        found.len()
                    ),
                });
            }
        };
        let (name, bytes) = self
            .store
            .evidence(&hash)?
            .ok_or_else(|| StoreError::Integrity {
                tree: "evidence".into(),
                key: hash.to_hex(),
                detail: "listed but not readable".into(),
            })?;
        Ok((hash, name, bytes))
    }

    // ---- reads -------------------------------------------------------------------------------

    /// An article, or a clear error naming the fix.
    pub fn article(&self, id: &ArticleId) -> Result<Article, DeskError> {
        self.store
            .article(id)?
            .ok_or_else(|| DeskError::UnknownArticle { id: id.to_string() })
    }

    /// A revision; `None` means the latest.
    pub fn revision(&self, id: &ArticleId, number: Option<u32>) -> Result<Revision, DeskError> {
        let article = self.article(id)?;
        let number = number.unwrap_or(article.latest);
        let missing = || DeskError::UnknownRevision {
            article: id.clone(),
            number,
            latest: article.latest,
        };
        if number == 0 || number > article.latest {
            return Err(missing());
        }
        self.store.revision(id, number)?.ok_or_else(missing)
    }

    /// The claims of a revision with their reviews, in text order.
    pub fn claims(
        &self,
        id: &ArticleId,
        number: Option<u32>,
    ) -> Result<Vec<ReviewedClaim>, DeskError> {
        let revision = self.revision(id, number)?;
        let claims = self.store.claims_of(id, revision.number)?;
        let ids: Vec<ClaimId> = claims.iter().map(|c| c.id).collect();
        let reviews = self.store.reviews_of(id, &ids)?;
        claims
            .into_iter()
            .zip(reviews)
            .map(|(claim, review)| {
                let review = review.ok_or_else(|| StoreError::Integrity {
                    tree: "reviews".into(),
                    key: format!("{id}/{}", claim.id),
                    detail: "a claim of the article has no review".into(),
                })?;
                Ok(ReviewedClaim { claim, review })
            })
            .collect()
    }

    /// Resolves a claim id prefix to a claim and the article it is reviewed in.
    pub fn resolve(
        &self,
        given: &str,
        article: Option<&ArticleId>,
    ) -> Result<(ArticleId, ClaimId), DeskError> {
        let claim = match self.store.resolve_claim(given)? {
            Lookup::Found(claim) => claim,
            Lookup::NotFound => {
                return Err(DeskError::UnknownClaim {
                    given: given.to_owned(),
                });
            }
            Lookup::Invalid => {
                return Err(DeskError::InvalidClaimId {
                    given: given.to_owned(),
                });
            }
            Lookup::Ambiguous(candidates) => {
                return Err(DeskError::AmbiguousClaim {
                    given: given.to_owned(),
                    candidates,
                });
            }
        };
        let articles = self.store.articles_of_claim(&claim)?;
        match article {
            Some(wanted) if articles.contains(wanted) => Ok((wanted.clone(), claim)),
            Some(wanted) => {
                self.article(wanted)?;
                Err(DeskError::ClaimNotInArticle {
                    claim,
                    article: wanted.clone(),
                })
            }
            None => match <[ArticleId; 1]>::try_from(articles) {
                Ok([only]) => Ok((only, claim)),
                Err(articles) => Err(DeskError::ClaimInSeveralArticles { claim, articles }),
            },
        }
    }

    /// The newest occurrence of a claim in an article: the revision number and the claim there.
    pub fn latest_occurrence(
        &self,
        id: &ArticleId,
        claim: &ClaimId,
    ) -> Result<Option<(u32, Claim)>, DeskError> {
        let article = self.article(id)?;
        for number in (1..=article.latest).rev() {
            if let Some(found) = self
                .store
                .claims_of(id, number)?
                .into_iter()
                .find(|c| c.id == *claim)
            {
                return Ok(Some((number, found)));
            }
        }
        Ok(None)
    }

    /// The audit events about an article, oldest first.
    pub fn history(&self, id: &ArticleId) -> Result<Vec<Event>, DeskError> {
        self.article(id)?;
        self.article_log(id)
    }

    /// The article's own events, through the event index rather than the whole log.
    fn article_log(&self, id: &ArticleId) -> Result<Vec<Event>, DeskError> {
        let mut out = Vec::new();
        for event in self.store.article_events(id) {
            let event = event?;
            if event.article() == Some(id) {
                out.push(event);
            }
        }
        Ok(out)
    }

    /// The audit events about one claim in an article, oldest first, following the claim back
    /// through the revisions where it replaced an earlier claim.
    ///
    /// Besides the claim's own transitions, it holds the transitions of each claim it replaced
    /// while that claim stood in the article, and the ingests with which the line of claims
    /// appeared, changed id, or disappeared.
    pub fn claim_history(
        &self,
        id: &ArticleId,
        claim: &ClaimId,
    ) -> Result<Vec<HistoryEntry>, DeskError> {
        let (revision_claims, events) = self.lineage_inputs(id)?;
        let mut realigned = Realignments::default();
        let lineage = self.lineage(id, claim, &revision_claims, &events, &mut realigned)?;
        Ok(lineage
            .select(&events)
            .into_iter()
            .map(|(event, entry)| HistoryEntry {
                event: event.clone(),
                claim: entry.claim,
                appeared: entry.appeared,
                succession: entry.succession.cloned(),
                replaced_by: entry.replaced_by.cloned(),
            })
            .collect())
    }

    /// What [`Desk::lineage`] reads: the claims of each revision of the article, and its events.
    fn lineage_inputs(&self, id: &ArticleId) -> Result<(Vec<Vec<ClaimId>>, Vec<Event>), DeskError> {
        let article = self.article(id)?;
        let mut revision_claims = Vec::with_capacity(article.latest as usize);
        for number in 1..=article.latest {
            revision_claims.push(self.revision(id, Some(number))?.claims);
        }
        Ok((revision_claims, self.article_log(id)?))
    }

    /// The claim of the article's latest revision that `claim` became through the revisions that
    /// replaced it, one after another; `None` if the line ends in a removal.
    pub fn current_successor(
        &self,
        id: &ArticleId,
        claim: &ClaimId,
    ) -> Result<Option<ClaimId>, DeskError> {
        let (revision_claims, events) = self.lineage_inputs(id)?;
        let mut realigned = Realignments::default();
        let mut current = *claim;
        // Each step moves at least one revision forward, so the walk ends.
        loop {
            if revision_claims
                .last()
                .is_some_and(|ids| ids.contains(&current))
            {
                return Ok((current != *claim).then_some(current));
            }
            let lineage = self.lineage(id, &current, &revision_claims, &events, &mut realigned)?;
            match lineage.successor {
                Some((_, successor)) => current = successor.later(),
                None => return Ok(None),
            }
        }
    }

    /// Which claim stood for `claim` in each revision up to `revision_claims.len()`.
    ///
    /// `revision_claims[i]` lists the claims of revision `i + 1`; `events` are the article's.
    /// Walking back from the newest revision that carries the claim, a claim that is not in the
    /// revision before took over from the claim its ingest recorded as changed into it
    /// (`RevisionAdded::changed`). Nothing records a claim that kept its review under a new id
    /// (a number whose sentence changed only in another number), so that pair is found by
    /// aligning the two revisions' stored claims again, as the ingest did; the same alignment
    /// also finds a change the ingest did not record because the new id was already known to
    /// the article. Re-aligning reads stored claims, never re-extracts.
    pub(crate) fn lineage(
        &self,
        id: &ArticleId,
        claim: &ClaimId,
        revision_claims: &[Vec<ClaimId>],
        events: &[Event],
        realigned: &mut Realignments,
    ) -> Result<Lineage, DeskError> {
        let present = |number: usize, claim: &ClaimId| {
            number >= 1
                && revision_claims
                    .get(number - 1)
                    .is_some_and(|ids| ids.contains(claim))
        };
        let mut ids = vec![None; revision_claims.len() + 1];
        let mut successions = vec![None; revision_claims.len() + 1];
        let newest = (1..=revision_claims.len())
            .rev()
            .find(|&n| present(n, claim));
        let mut current = *claim;
        if let Some(newest) = newest {
            for number in (1..=newest).rev() {
                ids[number] = Some(current);
                if number == 1 || present(number - 1, &current) {
                    continue;
                }
                let succession = match recorded_change(events, number as u32, |c| c.new == current)
                {
                    Some(change) => Some(Succession::Changed(change.clone())),
                    None => self
                        .realignment(id, number as u32, realigned)?
                        .iter()
                        .find(|s| s.later() == current)
                        .cloned(),
                };
                // A predecessor must stand in the revision before, or the line ends here. Each
                // step goes one revision back, so an article that returns to an earlier wording
                // (A → B → A) makes no loop.
                let Some(succession) = succession.filter(|s| present(number - 1, &s.earlier()))
                else {
                    break;
                };
                current = succession.earlier();
                successions[number] = Some(succession);
            }
        }
        // The claim that took over where the asked one left: what a checker looking at an old
        // claim needs next.
        let successor = match newest {
            Some(newest) if newest < revision_claims.len() => {
                let next = newest + 1;
                let succession = match recorded_change(events, next as u32, |c| c.old == *claim) {
                    Some(change) => Some(Succession::Changed(change.clone())),
                    None => self
                        .realignment(id, next as u32, realigned)?
                        .iter()
                        .find(|s| s.earlier() == *claim)
                        .cloned(),
                };
                succession
                    .filter(|s| present(next, &s.later()))
                    .map(|s| (next, s))
            }
            _ => None,
        };
        let ingests = events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::RevisionAdded { number, .. } => Some((e.seq, number)),
                _ => None,
            })
            .collect();
        let asked_present = (0..=revision_claims.len())
            .map(|n| present(n, claim))
            .collect();
        Ok(Lineage {
            asked: *claim,
            ids,
            successions,
            asked_present,
            ingests,
            successor,
        })
    }

    /// The claims of revision `number` that continue a claim of revision `number - 1` under
    /// another id, by aligning the two revisions' stored claims (once per revision, kept in
    /// `realigned`).
    fn realignment<'r>(
        &self,
        id: &ArticleId,
        number: u32,
        realigned: &'r mut Realignments,
    ) -> Result<&'r [Succession], DeskError> {
        if let std::collections::hash_map::Entry::Vacant(slot) = realigned.0.entry(number) {
            let old_claims = self.store.claims_of(id, number - 1)?;
            let new_claims = self.store.claims_of(id, number)?;
            let pairs = revision::align_claims(&old_claims, &new_claims)
                .iter()
                .filter_map(|c| {
                    let (old, new) = (c.old?, c.new?);
                    let summary = match c.change {
                        _ if old.id == new.id => return None,
                        Change::Unchanged | Change::Moved => INHERITED.to_owned(),
                        Change::Modified => c.summary(),
                        Change::Added | Change::Removed => return None,
                    };
                    Some(Succession::Realigned {
                        old: old.id,
                        new: new.id,
                        summary,
                    })
                })
                .collect();
            slot.insert(pairs);
        }
        Ok(realigned.0.get(&number).map_or(&[], Vec::as_slice))
    }

    /// Compares two revisions; defaults: `to` = latest, `from` = the one before `to`.
    pub fn diff(
        &self,
        id: &ArticleId,
        from: Option<u32>,
        to: Option<u32>,
    ) -> Result<RevisionDiff, DeskError> {
        let to = self.revision(id, to)?;
        let from_number = from.unwrap_or(to.number.saturating_sub(1).max(1));
        let from = self.revision(id, Some(from_number))?;
        let old_claims = self.store.claims_of(id, from.number)?;
        let new_claims = self.store.claims_of(id, to.number)?;
        Ok(RevisionDiff {
            from,
            to,
            old_claims,
            new_claims,
        })
    }
}
