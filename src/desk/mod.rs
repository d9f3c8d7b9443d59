//! The operations an editor performs on a store: the library's facade.
//!
//! Each write operation is one `Store::write` transaction that also appends its audit event.
//! Work that cannot fail and needs no store (decoding, extraction, diffing) happens before the
//! transaction opens, because sled may run the transaction body more than once.

use std::path::Path;

use crate::model::{
    Article, ArticleId, AuditHead, Claim, ClaimId, Event, EventKind, Review, Revision, Timestamp,
};
use crate::revision::{self, ClaimChange};
use crate::store::{Lookup, Store, StoreError, TxError};
use crate::workflow::{Workflow, WorkflowError};

mod assign;
pub mod batch;
mod carried;
mod curation;
mod ingest;
mod lineage;
mod references;
mod retract;
mod review;
mod search;
mod users;
mod webhooks;

pub use self::assign::{AssignRequest, Assigned};
pub use self::carried::Carried;
pub use self::curation::{AddClaim, CurationRefused, MAX_ADDED_WORDS};
pub use self::ingest::{
    Extracted, IngestOutcome, IngestRequest, IngestSummary, Parsed, UNRELATED_BELOW,
};
pub use self::lineage::{HistoryEntry, INHERITED, Succession};
pub(crate) use self::lineage::{Lineage, Realignments};
pub use self::references::{
    ClaimReviewError, MAX_CLAIM_BYTES, MAX_FIELD_BYTES, MAX_REFERENCES, MAX_VALUES, ParsedReviews,
    ReferenceImport, SkippedItem, parse_claim_reviews,
};
pub use self::retract::Retracted;
pub use self::review::{
    MarkRequest, Marked, QueueFor, QueueItem, Refusal, Urgency, WorkflowSwitch,
};
pub use self::search::{Appearance, SearchHit, fold};
pub use self::users::{
    AuthError, LiveSession, MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS, SessionTicket, check_user_name,
    random_bytes,
};
pub use self::webhooks::{
    DeliveryRound, MAX_WEBHOOK_DESCRIPTION, RetryPolicy, parse_webhook_events,
};

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

/// Checks a value for a setting, as `config set` stores it (and `report --review-url` uses it):
/// a blank name would publish an empty author, a template without `{claim}` one URL for every
/// review.
pub fn check_setting(key: &str, value: &str) -> Result<(), DeskError> {
    if !CONFIG_KEYS.iter().any(|(k, _)| *k == key) {
        return Err(DeskError::UnknownConfigKey {
            key: key.to_owned(),
        });
    }
    let invalid = |what: String| Err(DeskError::InvalidValue { what });
    if value.trim().is_empty() {
        return invalid(format!("{key} cannot be empty: give a value"));
    }
    if key.ends_with("url") {
        check_web_address(key, value)?;
    }
    if key.ends_with("url-template") {
        let mut rest = value;
        while let Some(open) = rest.find(['{', '}']) {
            let placeholder = rest[open..]
                .strip_prefix('{')
                .and_then(|after| after.find('}').map(|close| &after[..close]));
            match placeholder {
                Some(name @ ("article" | "claim")) => rest = &rest[open + name.len() + 2..],
                Some(other) => {
                    return invalid(format!(
                        "`{value}`: {{{other}}} is not a placeholder: use {{article}} and {{claim}}"
                    ));
                }
                None => {
                    return invalid(format!(
                        "`{value}` has an unmatched `{}`: placeholders are {{article}} and {{claim}}",
                        &rest[open..open + 1]
                    ));
                }
            }
        }
        // Checked as the URL it becomes: the braces of the placeholders are not the URL's.
        check_web_address(
            key,
            &value
                .replace("{article}", "article")
                .replace("{claim}", "0123456789"),
        )
        .map_err(|_| DeskError::InvalidValue {
            what: format!(
                "{key} `{}` is not a web address once {{article}} and {{claim}} are filled in: give a URL such as https://example.org/checks/{{article}}#{{claim}}",
                value.escape_debug()
            ),
        })?;
        if !value.contains("{claim}") {
            return invalid(format!(
                "`{value}` has no {{claim}}: each review needs its own URL (for example https://example.org/checks/{{article}}#{{claim}})"
            ));
        }
    }
    Ok(())
}

/// Checks that `value` (given as `what`) is an http or https address with a host, written as a
/// browser would send it: no spaces, line breaks or characters that must be percent-encoded
/// (quotation marks, `<`, `>`, …), so it can be put in any report as it is. The URL parser alone
/// would let some of these through (it drops a line break, and takes `"` in a host).
pub fn check_web_address(what: &str, value: &str) -> Result<(), DeskError> {
    let refuse = |why: String| DeskError::InvalidValue {
        what: format!(
            "{what} `{}` is not a web address: {why}",
            value.escape_debug()
        ),
    };
    if let Some(c) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let why = if c == ' ' {
            "it holds a space: write it as %20, or check the address".to_owned()
        } else {
            format!("it holds {}: remove it", c.escape_debug())
        };
        return Err(refuse(why));
    }
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}'))
    {
        return Err(refuse(format!(
            "`{c}` must be percent-encoded in a URL (%{:02X})",
            u32::from(c)
        )));
    }
    let parsed = url::Url::parse(value).map_err(|err| {
        refuse(match err {
            url::ParseError::RelativeUrlWithoutBase => {
                "give the whole address, starting with https://".to_owned()
            }
            url::ParseError::EmptyHost => {
                "it names no site: give the whole address, such as https://example.org/page"
                    .to_owned()
            }
            url::ParseError::InvalidDomainCharacter | url::ParseError::IdnaError => {
                "its site name holds a character no site name can".to_owned()
            }
            url::ParseError::InvalidPort => "its port is not a number up to 65535".to_owned(),
            other => other.to_string(),
        })
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(refuse("give an address starting with https://".to_owned()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(refuse(
            "it names no site: give the whole address, such as https://example.org/page".to_owned(),
        ));
    }
    Ok(())
}

/// Whether a source is given as a web address (and is then checked as one), not as a citation.
pub fn is_web_address(source: &str) -> bool {
    let lower = source.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

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
    #[error("no article `{id}` in the store{}: `factdesk articles` lists them", meant.as_ref().map_or_else(String::new, |m| format!("; did you mean `{m}`?")))]
    UnknownArticle {
        /// The id asked for.
        id: String,
        /// The stored article whose id is closest to it, if one is close.
        meant: Option<String>,
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
    /// The evidence hash prefix is not hex or too short.
    #[error("`{given}` is not an evidence hash: give at least 6 hex digits of it")]
    InvalidEvidenceHash {
        /// What was given.
        given: String,
    },
    /// No evidence file has the prefix.
    #[error("no evidence file with hash `{given}`: `factdesk show CLAIM` lists a claim's evidence")]
    UnknownEvidence {
        /// What was given.
        given: String,
    },
    /// Several evidence files have the prefix.
    #[error("evidence hash `{given}` is ambiguous ({} files): give more digits", candidates.len())]
    AmbiguousEvidence {
        /// What was given.
        given: String,
        /// Some of the files that match.
        candidates: Vec<crate::model::Hash32>,
    },
    /// An evidence file over [`crate::store::MAX_EVIDENCE_BYTES`].
    #[error(
        "evidence file {name} is {size} bytes, over the {} MiB a store keeps: keep an excerpt or a link instead",
        crate::store::MAX_EVIDENCE_BYTES >> 20
    )]
    EvidenceTooLarge {
        /// The file's name.
        name: String,
        /// Its size in bytes.
        size: u64,
    },
    /// A text that shares almost nothing with the article's latest revision.
    #[error(
        "this text shares {shared_percent}% of its words with revision {latest} of `{article}`: it looks like another story; check the article id, or add --force if the story was rewritten"
    )]
    UnrelatedRevision {
        /// The article.
        article: ArticleId,
        /// Its latest revision.
        latest: u32,
        /// The share of words in common, in percent.
        shared_percent: u32,
    },

    /// A text too short to be the next draft of a story that is not: a stub or a cut, which
    /// would retire every claim of the article.
    #[error(
        "this text has {words} distinct words of four letters or more where revision {latest} of `{article}` has {before}: it looks like a stub or a cut, not the next draft; add --force if the story really is this short now"
    )]
    StubRevision {
        /// The article.
        article: ArticleId,
        /// Its latest revision.
        latest: u32,
        /// The content words of the text given.
        words: usize,
        /// Those of the latest revision.
        before: usize,
    },
    /// A login or API token refused.
    #[error(transparent)]
    Auth(users::AuthError),
    /// A curation step refused: it would change nothing, or the words cannot be placed.
    #[error(transparent)]
    Refused(curation::CurationRefused),
    /// A value that cannot be used.
    #[error("{what}")]
    InvalidValue {
        /// What is wrong and how to fix it.
        what: String,
    },
    /// A file of ClaimReviews that could not be read at all.
    #[error(transparent)]
    ClaimReviews(references::ClaimReviewError),
    /// A file of ClaimReviews none of which could be used: nothing was imported.
    #[error("{}", no_references(skipped))]
    NoReferences {
        /// Each item and why it was skipped, in file order.
        skipped: Vec<references::SkippedItem>,
    },
    /// The step asked for is already the case: nothing was written.
    #[error("{what}")]
    Unchanged {
        /// What is already so.
        what: String,
    },
}

fn no_references(skipped: &[references::SkippedItem]) -> String {
    match skipped {
        [] => "the file holds no ClaimReview: nothing imported".to_owned(),
        [one] => format!("its one item cannot be used ({one}): nothing imported"),
        many => format!(
            "none of its {} items can be used (the first, {}): nothing imported",
            many.len(),
            many[0]
        ),
    }
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
    /// The article's curation, by claim: what editors added, fixed and dismissed.
    pub curations: Vec<(ClaimId, crate::model::Curation)>,
}

impl RevisionDiff {
    /// The curation of `claim` in the article, if an editor touched it.
    pub fn curation(&self, claim: &ClaimId) -> Option<&crate::model::Curation> {
        self.curations
            .iter()
            .find(|(id, _)| id == claim)
            .map(|(_, curation)| curation)
    }
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

    /// The underlying store: the library's own reads (reports) go through it; everything outside
    /// the library reads and writes through the operations below, which keep the workflow's rules.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// Recomputes the audit chain and checks every record against it (`audit verify`); with an
    /// `anchor` kept outside the store, also proves nothing before it was rewritten or cut.
    pub fn verify(
        &self,
        anchor: Option<AuditHead>,
    ) -> Result<Result<AuditHead, crate::store::AuditFailure>, DeskError> {
        Ok(self.store.verify(anchor)?)
    }

    /// The store's directory.
    pub fn path(&self) -> &std::path::Path {
        self.store.path()
    }

    /// The newest audit event's position and hash.
    pub fn head(&self) -> Result<AuditHead, DeskError> {
        Ok(self.store.head()?)
    }

    /// Writes a backup of the whole store to `out` (refused when the store fails verification).
    pub fn export(
        &self,
        out: &mut dyn std::io::Write,
    ) -> Result<crate::store::ArchiveSummary, crate::store::ArchiveError> {
        self.store.export(out)
    }

    /// A store setting, if set.
    pub fn config(&self, key: &str) -> Result<Option<String>, DeskError> {
        Ok(self.store.config(key)?)
    }

    /// Every store setting, by name.
    pub fn config_all(&self) -> Result<Vec<(String, String)>, DeskError> {
        Ok(self.store.config_all()?)
    }

    /// Every article, in id order.
    pub fn articles(&self) -> Result<Vec<Article>, DeskError> {
        Ok(self.store.articles()?)
    }

    /// The review of a claim in an article, if the store holds a row for it.
    pub fn review(
        &self,
        article: &ArticleId,
        claim: &ClaimId,
    ) -> Result<Option<Review>, DeskError> {
        Ok(self.store.review(article, claim)?)
    }

    /// The articles a claim appears in.
    pub fn articles_of_claim(&self, claim: &ClaimId) -> Result<Vec<ArticleId>, DeskError> {
        Ok(self.store.articles_of_claim(claim)?)
    }

    /// The workflow in force.
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// Sets a store setting.
    pub fn set_config(
        &self,
        key: &str,
        value: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<(), DeskError> {
        check_setting(key, value)?;
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

    /// An evidence file by its BLAKE3 (or a unique prefix of 6+ hex digits): name and bytes.
    pub fn evidence(
        &self,
        given: &str,
    ) -> Result<(crate::model::Hash32, String, Vec<u8>), DeskError> {
        let hash = match self.store.resolve_evidence(given)? {
            Lookup::Found(hash) => hash,
            Lookup::NotFound => {
                return Err(DeskError::UnknownEvidence {
                    given: given.to_owned(),
                });
            }
            Lookup::Invalid => {
                return Err(DeskError::InvalidEvidenceHash {
                    given: given.to_owned(),
                });
            }
            Lookup::Ambiguous(found) => {
                return Err(DeskError::AmbiguousEvidence {
                    given: given.to_owned(),
                    candidates: found,
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
        match self.store.article(id)? {
            Some(article) => Ok(article),
            None => {
                // Only on the way to an error: reads every article's row.
                let articles = self.store.articles()?;
                let meant =
                    crate::suggest::closest(id.as_str(), articles.iter().map(|a| a.id.as_str()))
                        .map(str::to_owned);
                Err(DeskError::UnknownArticle {
                    id: id.to_string(),
                    meant,
                })
            }
        }
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
        if let Some(wanted) = article {
            // Two point reads, not the list of every article the claim is in: a claim that
            // recurs across an archive would make every `mark` pay for the whole list.
            if self.store.claim_in_article(&claim, wanted)? {
                return Ok((wanted.clone(), claim));
            }
            self.article(wanted)?;
            return Err(DeskError::ClaimNotInArticle {
                claim,
                article: wanted.clone(),
            });
        }
        match <[ArticleId; 1]>::try_from(self.store.articles_of_claim(&claim)?) {
            Ok([only]) => Ok((only, claim)),
            Err(articles) => Err(DeskError::ClaimInSeveralArticles { claim, articles }),
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
        let curations = self.store.curations_of(id)?;
        let old_claims = self.store.claims_curated_by(id, from.number, &curations)?;
        let new_claims = self.store.claims_curated_by(id, to.number, &curations)?;
        Ok(RevisionDiff {
            from,
            to,
            old_claims,
            new_claims,
            curations,
        })
    }
}
