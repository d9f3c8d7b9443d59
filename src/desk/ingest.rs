//! Ingest: an article read, extracted and aligned with its previous revision outside the
//! transaction (pure, on any thread), then applied in one transaction with its audit event.

use super::{Desk, DeskError};
use crate::extract::{self, EXTRACTOR_VERSION};
use crate::model::{
    Article, ArticleId, ChangedClaim, Claim, ClaimId, Curation, EventKind, Published, Review,
    Revision, Timestamp,
};
use crate::revision::{self, Change};
use crate::store::{EncodedPack, TxError, WriteTx};
use crate::text::{Document, Format, html};

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
    /// Take the text as the article's next revision even when it shares almost nothing with
    /// the latest one (see [`UNRELATED_BELOW`]).
    pub force: bool,
}

/// Below this share of words in common with the article's latest revision
/// ([`revision::shared_vocabulary`], which notes the measurements), a text is taken for another
/// story filed under the wrong id and refused unless forced.
pub const UNRELATED_BELOW: f64 = 0.10;

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
    /// Compared with the previous revision: claims unchanged, where they were.
    pub unchanged: usize,
    /// Claims unchanged but in another place (their paragraph moved): counted apart, as
    /// `diff` and `revisions` count them.
    pub moved: usize,
    /// Claims whose value, hedge, unit, wording or speaker changed (to be re-checked).
    pub modified: usize,
    /// Claims with no counterpart in the previous revision.
    pub added: usize,
    /// Claims of the previous revision that are gone.
    pub removed: usize,
    /// Extraction diagnostics (unclosed quotes and the like), as text.
    pub diagnostics: Vec<String>,
}

/// The article as a new revision finds it.
#[derive(Default)]
struct Previous {
    claims: Vec<Claim>,
    /// The latest revision's text; `None` for a new article.
    text: Option<String>,
    number: u32,
    curations: Vec<(ClaimId, Curation)>,
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
    moved: usize,
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
    if let Some(url) = &request.url {
        super::check_web_address("the article's URL", url)?;
    }
    let (document, page) = match request.format {
        Format::Html => {
            let page = html::article(&request.text).map_err(|err| DeskError::InvalidValue {
                what: format!("{}: {err}", request.source),
            })?;
            let meta = PageMeta {
                // A page's own address is a hint too: one that is not a clean web address is
                // left out, not refused.
                url: page
                    .url
                    .clone()
                    .filter(|url| super::check_web_address("", url).is_ok()),
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
            .map(|d| d.describe(document.text()))
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
///
/// `curations` are the article's: the claims editors added are carried into the new revision,
/// and the speakers they corrected count as the speakers of the new claims they still apply to,
/// so that a fix does not read as a change.
fn align<'r>(
    request: &'r IngestRequest,
    mut found: Found,
    previous_claims: &[Claim],
    curations: &[(ClaimId, Curation)],
) -> Prepared<'r> {
    let mut curated_claims = None;
    if !curations.is_empty() {
        let before = found.claims.len();
        super::curation::carry_additions(
            &found.document,
            &mut found.claims,
            previous_claims,
            curations,
        );
        if found.claims.len() != before {
            // Made for the claims extraction found; the transaction makes the right one.
            found.pack = None;
        }
        if curations.iter().any(|(_, c)| c.speaker.is_some()) {
            let mut claims = found.claims.clone();
            // A new revision is newer than every fix.
            crate::store::curate(&mut claims, curations, u32::MAX);
            curated_claims = Some(claims);
        }
    }
    let compared = curated_claims.as_deref().unwrap_or(&found.claims);
    let changes = revision::align_claims(previous_claims, compared);
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
    let unchanged = count(&[Change::Unchanged]);
    let moved = count(&[Change::Moved]);
    let modified = count(&[Change::Modified]);
    let added = count(&[Change::Added]);
    let removed = count(&[Change::Removed]);
    drop(changes);
    Prepared {
        request,
        content_hash: found.document.content_hash(),
        page: found.page,
        unchanged,
        moved,
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

impl Desk {
    /// Adds a revision of an article (or says the text is unchanged).
    pub fn ingest(
        &self,
        request: &IngestRequest,
        actor: &str,
        now: Timestamp,
    ) -> Result<IngestOutcome, DeskError> {
        // Read outside the transaction: it only feeds the alignment, and we hold the store's
        // lock, so no other writer can change the previous revision meanwhile.
        let previous = self.previous(&request.article)?;
        let prepared = self.prepare(request, &previous)?;
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
        let Some(first) = requests.first() else {
            return Ok(Vec::new());
        };
        let mut previous = self.previous(&first.article)?;
        let mut prepared = Vec::with_capacity(requests.len());
        for request in requests {
            let next = self.prepare(request, &previous)?;
            previous.claims.clone_from(&next.claims);
            previous.text = Some(next.document.text().to_owned());
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
            // A new article (most of a batch) has no curation and no earlier claims: one read.
            let stored = self.store.article(&request.article)?;
            let curations = match &stored {
                Some(_) => self.store.curations_of(&request.article)?,
                None => Vec::new(),
            };
            let next = match (in_batch.get(&request.article), stored) {
                (Some(&earlier), _) => align(request, found, &prepared[earlier].claims, &curations),
                (None, Some(article)) => {
                    let claims =
                        self.store
                            .claims_curated_by(&article.id, article.latest, &curations)?;
                    align(request, found, &claims, &curations)
                }
                (None, None) => align(request, found, &[], &curations),
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
    ///
    /// A text that shares almost nothing with the latest revision is refused unless forced.
    fn prepare<'r>(
        &self,
        request: &'r IngestRequest,
        previous: &Previous,
    ) -> Result<Prepared<'r>, DeskError> {
        let extracted = extract_request(request)?;
        if let Some(text) = &previous.text
            && !request.force
            && let Some(shared) = revision::shared_vocabulary(text, extracted.document.text())
            && shared < UNRELATED_BELOW
            && extracted.document.content_hash() != crate::model::Hash32::of(text.as_bytes())
        {
            return Err(DeskError::UnrelatedRevision {
                article: request.article.clone(),
                latest: previous.number,
                shared_percent: (shared * 100.0).round() as u32,
            });
        }
        if let Some(text) = &previous.text
            && !request.force
            && let Some((words, before)) = revision::stub_beside(text, extracted.document.text())
        {
            return Err(DeskError::StubRevision {
                article: request.article.clone(),
                latest: previous.number,
                words,
                before,
            });
        }
        Ok(align(
            request,
            extracted,
            &previous.claims,
            &previous.curations,
        ))
    }

    /// What a new revision of `id` is compared with: its latest revision's claims and text,
    /// and the article's curation.
    fn previous(&self, id: &ArticleId) -> Result<Previous, DeskError> {
        let Some(article) = self.store.article(id)? else {
            return Ok(Previous::default());
        };
        let text = self.store.revision(id, article.latest)?.map(|r| r.text);
        let curations = self.store.curations_of(id)?;
        Ok(Previous {
            claims: self
                .store
                .claims_curated_by(id, article.latest, &curations)?,
            text,
            number: article.latest,
            curations,
        })
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
        let published = p
            .request
            .published
            .clone()
            .or_else(|| p.page.published.clone());
        let article = article_with_revision(existing, p, number, published.clone(), actor, now);
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
            published,
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
        let decision = Decision {
            actor,
            now,
            initial,
            on_change,
            workflow_hash,
        };
        for claim in &p.claims {
            let existing = if known.contains(&claim.id) || !first_seen.insert(claim.id) {
                tx.review(&p.request.article, &claim.id)?
            } else {
                None
            };
            if existing.is_none() {
                new += 1;
            }
            let action = review_action(
                existing.is_some(),
                p.replaces.get(&claim.id),
                p.inherits.get(&claim.id),
            );
            match action {
                ReviewAction::Reset { old, summary } => {
                    // The old claim's review is read only when the claim has none of its own,
                    // whose verdict is then the one reset.
                    let replaced_review = match existing {
                        Some(_) => None,
                        None => tx.review(&p.request.article, &old)?,
                    };
                    let (review, carried) = reset_review(
                        existing.unwrap_or_else(|| {
                            decision.fresh_review(&p.request.article, claim.id, tx.seq())
                        }),
                        replaced_review,
                        old,
                        summary,
                        &decision,
                    );
                    changed.push(carried);
                    tx.put_review(&review)?;
                    carry_assignment(tx, &p.request.article, &old, &claim.id, actor, now)?;
                }
                ReviewAction::Inherit { old } => {
                    if let Some(previous) = tx.review(&p.request.article, &old)? {
                        tx.put_review(&Review {
                            claim: claim.id,
                            ..previous
                        })?;
                    }
                    carry_assignment(tx, &p.request.article, &old, &claim.id, actor, now)?;
                    kept += 1;
                }
                ReviewAction::Keep => kept += 1,
                // No row: the revision's pack says it starts in the initial state.
                ReviewAction::Start => {}
            }
        }
        let summary = IngestSummary {
            article: p.request.article.clone(),
            revision: number,
            claims: p.claims.len(),
            kept,
            new,
            unchanged: p.unchanged,
            moved: p.moved,
            modified: p.modified,
            added: p.added,
            removed: p.removed,
            diagnostics: p.diagnostics.clone(),
        };
        // In the revision's claim order: the event's bytes must not depend on a hash map's.
        let mut recorded = std::collections::HashSet::new();
        let realigned = p
            .claims
            .iter()
            .filter(|claim| recorded.insert(claim.id))
            .filter_map(|claim| Some((*p.inherits.get(&claim.id)?, claim.id)))
            .collect();
        let event = EventKind::RevisionAdded {
            article: p.request.article.clone(),
            number,
            content_hash: p.content_hash,
            claims: p.claims.len() as u32,
            new_claims: new as u32,
            changed,
            realigned: Some(realigned),
        };
        Ok((IngestOutcome::Added(summary), Some(event)))
    }
}

/// A claim that carries on under a new id stays with whoever it was assigned to: a changed
/// figure back in review lands in its checker's queue, not in no one's.
fn carry_assignment<E>(
    tx: &mut WriteTx<'_>,
    article: &ArticleId,
    old: &ClaimId,
    new: &ClaimId,
    actor: &str,
    now: Timestamp,
) -> Result<(), TxError<E>> {
    if let Some(assignee) = tx.assignee(article, Some(old))?
        && tx.assignee(article, Some(new))?.is_none()
    {
        tx.put_assignment(article, Some(new), Some(&assignee), actor, now)?;
    }
    Ok(())
}

/// The article as it stands once revision `number` of `p` is added: created with it, or
/// `existing` with its latest revision, title and address brought up to date.
fn article_with_revision(
    existing: Option<Article>,
    p: &Prepared<'_>,
    number: u32,
    published: Option<Published>,
    actor: &str,
    now: Timestamp,
) -> Article {
    match existing {
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
            // The article came out when its first dated version did; a later version's
            // date is that version's own.
            if article.published.is_none() {
                article.published = published;
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
            published,
            created_at: now,
            created_by: actor.to_owned(),
            latest: number,
        },
    }
}

/// What a new revision does to the review of one of its claims: the rule that decides whether a
/// verdict survives an edit.
#[derive(Debug, PartialEq)]
enum ReviewAction<'a> {
    /// The claim changed since the previous revision (it replaced `old`, as `summary` says): it
    /// goes back to review, whatever it was before. That includes a claim the article carried in
    /// an earlier revision with its own verdict: a quote whose speaker changed (its id does not
    /// hold the speaker), or a wording the writer went back to ("8,000", then "9,000", then
    /// "8,000" again), which was checked against the facts of its day.
    Reset { old: ClaimId, summary: &'a str },
    /// The same claim under a new id (its sentence changed only inside another claim): it takes
    /// over `old`'s review as decided.
    Inherit { old: ClaimId },
    /// Carried over with its review as it stands.
    Keep,
    /// New to the article: it starts in the workflow's initial state.
    Start,
}

/// The rule, given whether the claim has a review in the article already, the claim it replaced
/// (if the alignment found it changed) and the claim whose review it inherits (if it is the same
/// claim under a new id).
fn review_action<'a>(
    has_review: bool,
    replaced: Option<&'a (ClaimId, String)>,
    inherits: Option<&ClaimId>,
) -> ReviewAction<'a> {
    match (replaced, inherits) {
        (Some((old, summary)), _) => ReviewAction::Reset { old: *old, summary },
        (None, _) if has_review => ReviewAction::Keep,
        (None, Some(old)) => ReviewAction::Inherit { old: *old },
        (None, None) => ReviewAction::Start,
    }
}

/// Who decides, when, and under which workflow: what every review an ingest writes records.
struct Decision<'a> {
    actor: &'a str,
    now: Timestamp,
    initial: &'a str,
    on_change: &'a str,
    workflow_hash: crate::model::Hash32,
}

impl Decision<'_> {
    /// The review a claim new to the article has: the initial state, nothing attached.
    fn fresh_review(&self, article: &ArticleId, claim: ClaimId, event_seq: u64) -> Review {
        Review {
            article: article.clone(),
            claim,
            state: self.initial.to_owned(),
            sources: Vec::new(),
            notes: Vec::new(),
            updated_by: self.actor.to_owned(),
            updated_at: self.now,
            event_seq,
            workflow_hash: self.workflow_hash,
            last_user_of: Default::default(),
            evidence: Vec::new(),
            carried_from: None,
            curation: Default::default(),
        }
    }
}

/// [`ReviewAction::Reset`]: `review` (the claim's own, or a fresh one when the article never
/// carried it) goes to the on-change state. The verdict reset is the claim's own when it had a
/// review, else `replaced_review`'s, whose sources, notes and evidence the changed claim then
/// shows (they were gathered for the old wording); with neither, the initial state.
fn reset_review(
    mut review: Review,
    replaced_review: Option<Review>,
    old: ClaimId,
    summary: &str,
    decision: &Decision<'_>,
) -> (Review, ChangedClaim) {
    let old_state = match replaced_review {
        Some(previous) => {
            review.sources = previous.sources;
            review.notes = previous.notes;
            review.evidence = previous.evidence;
            previous.state
        }
        None => review.state.clone(),
    };
    let carried = ChangedClaim {
        old,
        new: review.claim,
        old_state,
        new_state: decision.on_change.to_owned(),
        summary: summary.to_owned(),
    };
    review.state = decision.on_change.to_owned();
    review.updated_by = decision.actor.to_owned();
    review.updated_at = decision.now;
    review.workflow_hash = decision.workflow_hash;
    review.carried_from = Some(carried.clone());
    (review, carried)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hash32, Remark};

    fn id(n: u8) -> ClaimId {
        ClaimId(Hash32([n; 32]))
    }

    const DECISION: Decision<'static> = Decision {
        actor: "ana",
        now: Timestamp(1_000),
        initial: "unverified",
        on_change: "unverified",
        workflow_hash: Hash32([7; 32]),
    };

    fn review(claim: ClaimId, state: &str, source: &str) -> Review {
        let mut review = DECISION.fresh_review(&ArticleId::new("a").expect("slug"), claim, 1);
        review.state = state.to_owned();
        review.updated_by = "ben".to_owned();
        review.sources.push(Remark {
            text: source.to_owned(),
            by: "ben".to_owned(),
            at: Timestamp(500),
            seq: 1,
        });
        review
    }

    #[test]
    fn a_changed_claim_is_reset_whether_or_not_it_has_a_review() {
        let replaced = (id(1), "value 8,000 → 9,000".to_owned());
        for has_review in [false, true] {
            for inherits in [None, Some(&id(3))] {
                assert_eq!(
                    review_action(has_review, Some(&replaced), inherits),
                    ReviewAction::Reset {
                        old: id(1),
                        summary: "value 8,000 → 9,000"
                    }
                );
            }
        }
    }

    #[test]
    fn an_unchanged_claim_keeps_inherits_or_starts() {
        assert_eq!(review_action(true, None, None), ReviewAction::Keep);
        // Its own review wins over the one it would inherit.
        assert_eq!(review_action(true, None, Some(&id(3))), ReviewAction::Keep);
        assert_eq!(
            review_action(false, None, Some(&id(3))),
            ReviewAction::Inherit { old: id(3) }
        );
        assert_eq!(review_action(false, None, None), ReviewAction::Start);
    }

    #[test]
    fn a_new_wording_resets_the_old_claims_verdict_and_shows_its_sources() {
        let fresh = DECISION.fresh_review(&ArticleId::new("a").expect("slug"), id(2), 9);
        let (review, carried) = reset_review(
            fresh,
            Some(review(id(1), "verified", "UN briefing")),
            id(1),
            "value 8,000 → 9,000",
            &DECISION,
        );
        assert_eq!(review.state, "unverified");
        assert_eq!(review.claim, id(2));
        assert_eq!(review.sources[0].text, "UN briefing");
        assert_eq!(review.updated_by, "ana");
        assert_eq!(carried.old, id(1));
        assert_eq!(carried.new, id(2));
        assert_eq!(carried.old_state, "verified");
        assert_eq!(carried.new_state, "unverified");
        assert_eq!(review.carried_from, Some(carried));
    }

    #[test]
    fn a_wording_the_article_carried_before_resets_its_own_verdict() {
        // 8,000 → 9,000 → 8,000: the first draft's claim is back with its own review.
        let own = review(id(1), "verified", "UN briefing");
        let (review, carried) = reset_review(own, None, id(2), "value 9,000 → 8,000", &DECISION);
        assert_eq!(carried.old_state, "verified");
        assert_eq!(carried.old, id(2));
        assert_eq!(carried.new, id(1));
        assert_eq!(review.state, "unverified");
        assert_eq!(
            review.sources[0].text, "UN briefing",
            "its own sources stay"
        );
    }

    #[test]
    fn a_changed_claim_with_no_verdict_anywhere_resets_the_initial_state() {
        let fresh = DECISION.fresh_review(&ArticleId::new("a").expect("slug"), id(2), 9);
        let (review, carried) = reset_review(fresh, None, id(1), "wording", &DECISION);
        assert_eq!(carried.old_state, "unverified");
        assert!(review.sources.is_empty());
    }
}
