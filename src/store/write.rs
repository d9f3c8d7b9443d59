//! Writes: one transaction a command, its records and the audit event that records them.

use super::*;

/// A revision's occurrence pack, encoded, with what its revision row records of it: made before
/// the revision's transaction, on any thread, from the very text and claims the transaction will
/// write (`Desk::pack_occurrences`), so that the single thread that commits a batch ingest only
/// checks that it fits (`WriteTx::put_revision`).
///
/// Made for the revision number the article was expected to get, with the workflow's initial
/// state and hash: a pack that differs in any of them is made again inside the transaction, so a
/// stale one costs time, never correctness.
#[derive(Debug)]
pub struct EncodedPack {
    number: u32,
    initial_state: String,
    workflow_hash: Hash32,
    /// The revision's claim ids, each once, in order: the pack's order.
    ids: Vec<[u8; 32]>,
    /// The same hash as format 1's over its occurrence rows (key, payload of each, in key
    /// order), over the one row the pack is: `audit verify` reads both shapes alike.
    occurrences_hash: [u8; 32],
    value: Vec<u8>,
}

impl EncodedPack {
    /// Packs the occurrences of `claims` in revision `number` of `article`, whose text is `text`.
    pub(crate) fn new(
        article: &ArticleId,
        number: u32,
        text: &str,
        claims: &[Claim],
        initial_state: &str,
        workflow_hash: Hash32,
    ) -> EncodedPack {
        let mut ids = Vec::with_capacity(claims.len());
        let mut occurrences = Vec::with_capacity(claims.len());
        for claim in claims {
            // Extraction yields each claim once; should one repeat, its first occurrence stands.
            if ids.contains(&claim.id.0.0) {
                continue;
            }
            ids.push(claim.id.0.0);
            occurrences.push(PackedOccurrence::from_claim(claim, text));
        }
        let pack = OccurrencePack {
            initial_state: initial_state.to_owned(),
            workflow_hash: workflow_hash.0,
            occurrences,
        };
        let mut occurrences_hasher = blake3::Hasher::new();
        occurrences_hasher.update(&keys::revision(article, number));
        occurrences_hasher.update(&codec::payload(&pack));
        EncodedPack {
            number,
            initial_state: pack.initial_state.clone(),
            workflow_hash,
            ids,
            occurrences_hash: *occurrences_hasher.finalize().as_bytes(),
            value: codec::encode(&pack),
        }
    }
}

impl Store {
    /// Runs `change` and the audit event it returns as one transaction, fsynced before returning.
    ///
    /// `change` may run more than once (the engine retries on conflict), so it must not have side
    /// effects outside `tx`. It returns its result and the event to append, or `None` when it
    /// decided to change nothing, in which case it must not have written anything. An
    /// `Err(TxError::abort(e))` rolls everything back and comes out as `Ok(Err(e))`.
    pub(crate) fn write<T, E, F>(
        &self,
        actor: &str,
        now: Timestamp,
        change: F,
    ) -> Result<Result<T, E>, StoreError>
    where
        F: Fn(&mut WriteTx<'_>) -> Result<(T, Option<EventKind>), TxError<E>>,
    {
        if !self.room_reserved {
            // Reads need the room a write would take (see `reserve`).
            return Err(StoreError::DiskFull {
                path: self.path.clone(),
            });
        }
        let older_format = self.older_format.load(std::sync::atomic::Ordering::SeqCst);
        let result = engine::transaction(&self.trees.all(), |views| {
            let trees = Trees::from_array(views.each_ref());
            let meta = trees.meta;
            let head = read_head(meta)?;
            let mut tx = WriteTx {
                trees,
                actor,
                at: now,
                seq: head.seq + 1,
                prev: head.hash,
                touched: Vec::new(),
            };
            let (value, kind) = change(&mut tx)?;
            if let Some(kind) = kind {
                tx.emit(&kind)?;
            }
            if tx.seq == head.seq + 1 {
                debug_assert!(
                    tx.touched.is_empty(),
                    "a change that wrote must record an event"
                );
                return Ok(value);
            }
            let new_head = HeadRecord {
                seq: tx.seq - 1,
                hash: tx.prev,
            };
            meta.insert(keys::META_HEAD, codec::encode(&new_head))?;
            if older_format {
                upgrade_format(meta)?;
            }
            meta.commit_durably();
            Ok(value)
        });
        result.map_err(|err| {
            self.note_failure(&err);
            match err {
                StoreError::DiskFull { .. } => StoreError::DiskFull {
                    path: self.path.clone(),
                },
                other => other,
            }
        })
    }

    /// Remembers a storage-engine failure, so that drop does not wait on the engine (see
    /// `failed`).
    pub(crate) fn note_failure(&self, err: &StoreError) {
        if matches!(
            err,
            StoreError::Backend(_)
                | StoreError::DiskFull { .. }
                | StoreError::Io { .. }
                | StoreError::Unreadable { .. }
        ) {
            self.failed.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// Records this build's format in a store of an older one, keeping when and by whom it was made.
/// Not an audited record: the format row predates every event and describes the layout.
fn upgrade_format<E>(meta: &TxTree<'_>) -> Result<(), TxError<E>> {
    let Some(bytes) = meta.get(keys::META_FORMAT)? else {
        return Ok(());
    };
    let mut format: FormatRecord = decode_in("meta", keys::META_FORMAT, &bytes)?;
    if format.format < FORMAT_VERSION {
        format.format = FORMAT_VERSION;
        meta.insert(keys::META_FORMAT, codec::encode(&format))?;
    }
    Ok(())
}

/// Fills in `out[i]` (when `None`) with the initial review of `claims[i]`: the state recorded by
/// the pack of the first revision (of 1..=`latest`) carrying the claim, as of that revision's
/// ingest event. A claim first carried by a format-1 revision keeps `None`: format 1 wrote a
/// review row for every claim, so a missing one is damage. Reads through `revision_at` and
/// `pack_at` (a plain tree or a transaction's view), revision by revision, until every claim is
/// placed.
pub(super) fn initial_reviews<E: From<StoreError>>(
    article: &ArticleId,
    latest: u32,
    claims: &[ClaimId],
    out: &mut [Option<Review>],
    revision_at: impl Fn(&[u8]) -> Result<Option<Bytes>, E>,
    pack_at: impl Fn(&[u8]) -> Result<Option<Bytes>, E>,
) -> Result<(), E> {
    let mut placed: Vec<bool> = out.iter().map(Option::is_some).collect();
    for number in 1..=latest {
        if placed.iter().all(|p| *p) {
            break;
        }
        let key = keys::revision(article, number);
        let Some(bytes) = revision_at(&key)? else {
            continue;
        };
        let revision: RevisionRecord = decode_in("revisions", &key, &bytes)?;
        // A set: `claims` may be every claim of a long article, and so may the revision's.
        let in_revision: std::collections::HashSet<&records::RawHash> =
            revision.claims.iter().collect();
        let carried: Vec<usize> = (0..claims.len())
            .filter(|&i| !placed[i] && in_revision.contains(&claims[i].0.0))
            .collect();
        if carried.is_empty() {
            continue;
        }
        let pack = match pack_at(&key)? {
            Some(bytes) => Some(decode_in::<OccurrencePack>("occurrences", &key, &bytes)?),
            None => None,
        };
        for i in carried {
            placed[i] = true;
            out[i] = pack.as_ref().map(|pack| Review {
                article: article.clone(),
                claim: claims[i],
                state: pack.initial_state.clone(),
                sources: Vec::new(),
                notes: Vec::new(),
                updated_by: revision.ingested_by.clone(),
                updated_at: Timestamp(revision.ingested_at),
                event_seq: revision.event_seq,
                workflow_hash: Hash32(pack.workflow_hash),
                last_user_of: Default::default(),
                evidence: Vec::new(),
                carried_from: None,
                curation: Default::default(),
            });
        }
    }
    Ok(())
}

fn read_head<E>(meta: &TxTree<'_>) -> Result<HeadRecord, TxError<E>> {
    match meta.get(keys::META_HEAD)? {
        Some(bytes) => Ok(decode_in("meta", keys::META_HEAD, &bytes)?),
        None => Ok(HeadRecord {
            seq: 0,
            hash: [0; 32],
        }),
    }
}

/// The view of the store inside a write transaction: point reads and typed writes.
///
/// Every write is recorded (tree, key, payload hash) in the event that the transaction appends, so
/// `audit verify` can check each record against the event that last wrote it.
pub(crate) struct WriteTx<'a> {
    trees: Trees<&'a TxTree<'a>>,
    actor: &'a str,
    at: Timestamp,
    /// The sequence number the next event will get.
    seq: u64,
    /// The hash of the last event, which the next one links to.
    prev: [u8; 32],
    /// Records written since the last event, which the next event lists.
    touched: Vec<Touched>,
}

type TxResult<T, E> = Result<T, TxError<E>>;

impl WriteTx<'_> {
    /// The sequence number the next event of this transaction will get: records written now name
    /// it as the event that wrote them.
    pub(crate) fn seq(&self) -> u64 {
        self.seq
    }

    /// Appends an event recording what was written since the previous one. A transaction that
    /// does several things (a folder of revisions) emits one event for each, all committed
    /// together; the last one may instead be returned from the change.
    pub(crate) fn emit<E>(&mut self, kind: &EventKind) -> TxResult<(), E> {
        let event = EventRecord {
            seq: self.seq,
            prev: self.prev,
            at: self.at.0,
            actor: self.actor.to_owned(),
            kind: EventKindRecord::from_kind(kind),
            touched: std::mem::take(&mut self.touched),
        };
        self.trees
            .events
            .insert(keys::event(event.seq), codec::encode(&event))?;
        if let Some(row) = keys::event_index(&event.kind, event.seq) {
            self.trees.event_index.insert(row, &[][..])?;
        }
        self.prev = event.chain_hash().0;
        self.seq += 1;
        Ok(())
    }

    fn touch<T: Record>(&mut self, tree: &str, key: &[u8], record: &T) {
        self.touched.push(Touched {
            tree: tree.to_owned(),
            key: key.to_vec(),
            hash: codec::payload_hash(record).0,
        });
    }

    pub(super) fn put_meta<T: Record, E>(&mut self, key: &[u8], record: &T) -> TxResult<(), E> {
        self.trees.meta.insert(key, codec::encode(record))?;
        self.touch("meta", key, record);
        Ok(())
    }

    /// Replaces the workflow in force.
    pub(crate) fn put_workflow<E>(&mut self, text: &str) -> TxResult<(), E> {
        let record = WorkflowRecord {
            text: text.to_owned(),
            hash: Hash32::of(text.as_bytes()).0,
            event_seq: self.seq,
        };
        self.put_meta(keys::META_WORKFLOW, &record)
    }

    /// Sets a store setting.
    pub(crate) fn put_config<E>(&mut self, name: &str, value: &str) -> TxResult<(), E> {
        let record = ConfigRecord {
            value: value.to_owned(),
            event_seq: self.seq,
        };
        self.put_meta(&keys::config(name), &record)
    }

    /// Reads a user.
    pub(crate) fn user<E>(&self, name: &str) -> TxResult<Option<User>, E> {
        let key = keys::user(name);
        match self.trees.meta.get(&key)? {
            Some(bytes) => Ok(Some(
                decode_in::<UserRecord>("meta", &key, &bytes)?.to_user(),
            )),
            None => Ok(None),
        }
    }

    /// Writes a user.
    pub(crate) fn put_user<E>(&mut self, user: &User) -> TxResult<(), E> {
        let record = UserRecord {
            name: user.name.clone(),
            roles: user.roles.clone(),
            password_hash: user.password_hash.clone(),
            disabled: user.disabled,
            created_at: user.created_at.0,
            event_seq: self.seq,
        };
        self.put_meta(&keys::user(&user.name), &record)
    }

    /// Writes an API token.
    pub(crate) fn put_token<E>(&mut self, token: &ApiToken) -> TxResult<(), E> {
        let record = TokenRecord {
            id: token.id.clone(),
            owner: token.owner.clone(),
            secret_hash: token.secret_hash.0,
            created_at: token.created_at.0,
            event_seq: self.seq,
        };
        self.put_meta(&keys::token(&token.id), &record)
    }

    /// Who an article (no claim) or one of its claims is assigned to; `None` when no one is.
    pub(crate) fn assignee<E>(
        &self,
        article: &ArticleId,
        claim: Option<&ClaimId>,
    ) -> TxResult<Option<String>, E> {
        let key = keys::assignment(article, claim);
        match self.trees.meta.get(&key)? {
            Some(bytes) => Ok(decode_in::<AssignmentRecord>("meta", &key, &bytes)?.assignee),
            None => Ok(None),
        }
    }

    /// Reads a webhook.
    pub(crate) fn webhook<E>(&self, id: &str) -> TxResult<Option<Webhook>, E> {
        let key = keys::webhook(id);
        match self.trees.meta.get(&key)? {
            Some(bytes) => Ok(Some(
                decode_in::<WebhookRecord>("meta", &key, &bytes)?.to_webhook(),
            )),
            None => Ok(None),
        }
    }

    /// Assigns an article (no claim) or one of its claims, or releases it (`assignee: None`).
    pub(crate) fn put_assignment<E>(
        &mut self,
        article: &ArticleId,
        claim: Option<&ClaimId>,
        assignee: Option<&str>,
        by: &str,
        at: Timestamp,
    ) -> TxResult<(), E> {
        let record = AssignmentRecord {
            assignee: assignee.map(str::to_owned),
            by: by.to_owned(),
            at: at.0,
            event_seq: self.seq,
        };
        self.put_meta(&keys::assignment(article, claim), &record)
    }

    /// Whether a reference verdict with this identity is held.
    pub(crate) fn holds_reference<E>(&self, identity: &Hash32) -> TxResult<bool, E> {
        Ok(self.trees.meta.get(keys::reference(identity))?.is_some())
    }

    /// Writes a reference verdict, imported by this transaction's actor.
    pub(crate) fn put_reference<E>(
        &mut self,
        identity: &Hash32,
        verdict: &ReferenceVerdict,
    ) -> TxResult<(), E> {
        let record = ReferenceRecord::from_verdict(verdict, self.actor, self.at, self.seq);
        self.put_meta(&keys::reference(identity), &record)
    }

    /// Writes a webhook, secret included.
    pub(crate) fn put_webhook<E>(&mut self, webhook: &Webhook) -> TxResult<(), E> {
        let record = WebhookRecord::from_webhook(webhook, self.seq);
        self.put_meta(&keys::webhook(&webhook.id), &record)
    }

    /// Reads an article.
    pub(crate) fn article<E>(&self, id: &ArticleId) -> TxResult<Option<Article>, E> {
        let key = keys::article(id);
        match self.trees.articles.get(&key)? {
            Some(bytes) => Ok(Some(article_from("articles", &key, &bytes)?)),
            None => Ok(None),
        }
    }

    /// Writes an article.
    pub(crate) fn put_article<E>(&mut self, article: &Article) -> TxResult<(), E> {
        let key = keys::article(&article.id);
        let record = ArticleRecord {
            id: article.id.as_str().to_owned(),
            title: article.title.clone(),
            url: article.url.clone(),
            created_at: article.created_at.0,
            created_by: article.created_by.clone(),
            latest: article.latest,
            event_seq: self.seq,
            published: article.published.as_ref().map(|p| p.as_str().to_owned()),
        };
        self.trees
            .articles
            .insert(key.as_slice(), codec::encode(&record))?;
        self.touch("articles", &key, &record);
        Ok(())
    }

    /// Reads the claim ids and content hash of a revision.
    pub(crate) fn revision<E>(&self, id: &ArticleId, number: u32) -> TxResult<Option<Revision>, E> {
        let key = keys::revision(id, number);
        match self.trees.revisions.get(&key)? {
            Some(bytes) => {
                let record: RevisionRecord = decode_in("revisions", &key, &bytes)?;
                let revision = record.to_revision().ok_or_else(|| {
                    integrity("revisions", &key, "the article id is not a valid slug")
                })?;
                Ok(Some(revision))
            }
            None => Ok(None),
        }
    }

    /// Whether a claim appeared in any revision of an article stored so far: the article its
    /// record names, or one with a claim → article row.
    pub(crate) fn claim_in_article<E>(
        &self,
        claim: &ClaimId,
        article: &ArticleId,
    ) -> TxResult<bool, E> {
        let claim_key = keys::claim(claim);
        let Some(bytes) = self.trees.claims.get(&claim_key)? else {
            return Ok(false);
        };
        let record: ClaimRecord = decode_in("claims", &claim_key, &bytes)?;
        if record.first_article.as_deref() == Some(article.as_str()) {
            return Ok(true);
        }
        Ok(self
            .trees
            .claim_articles
            .get(keys::claim_article(claim, article))?
            .is_some())
    }

    /// Writes a revision with its claims: the revision row, the pack of its occurrences (the
    /// provenance, with `initial_state` and `workflow_hash`: the review of each claim it brings
    /// until someone changes it), each new claim's content, and the claim → article index.
    ///
    /// Returns how many of `claims` the store had never seen in any article. `packed`, the pack
    /// made beforehand, is written if it fits this revision; else the pack is made here.
    pub(crate) fn put_revision<E>(
        &mut self,
        revision: &Revision,
        claims: &[Claim],
        initial_state: &str,
        workflow_hash: Hash32,
        packed: Option<&EncodedPack>,
    ) -> TxResult<u32, E> {
        let made;
        let pack = match packed {
            Some(pack)
                if pack.number == revision.number
                    && pack.initial_state == initial_state
                    && pack.workflow_hash == workflow_hash =>
            {
                pack
            }
            _ => {
                made = EncodedPack::new(
                    &revision.article,
                    revision.number,
                    &revision.text,
                    claims,
                    initial_state,
                    workflow_hash,
                );
                &made
            }
        };
        let this_article = Some(revision.article.as_str());
        let mut new_anywhere = 0;
        let mut seen = std::collections::HashSet::with_capacity(claims.len());
        for claim in claims {
            // The pack lists a repeated claim once, as it first occurs: so is it written.
            if !seen.insert(claim.id) {
                continue;
            }
            let claim_key = keys::claim(&claim.id);
            let first_is_this = match self.trees.claims.get(&claim_key)? {
                Some(bytes) => {
                    decode_in::<ClaimRecord>("claims", &claim_key, &bytes)?
                        .first_article
                        .as_deref()
                        == this_article
                }
                None => {
                    new_anywhere += 1;
                    let record = ClaimRecord::from_claim(claim, &revision.article);
                    self.trees
                        .claims
                        .insert(claim_key, codec::encode(&record))?;
                    true
                }
            };
            // The article a claim was first seen in is named by its record; others get a row.
            if !first_is_this {
                self.trees
                    .claim_articles
                    .insert(keys::claim_article(&claim.id, &revision.article), &[][..])?;
            }
        }
        let key = keys::revision(&revision.article, revision.number);
        self.trees
            .occurrences
            .insert(key.as_slice(), pack.value.as_slice())?;
        let record = RevisionRecord {
            article: revision.article.as_str().to_owned(),
            number: revision.number,
            content_hash: revision.content_hash.0,
            text: revision.text.clone(),
            source: revision.source.clone(),
            format: revision.format.clone(),
            ingested_at: revision.ingested_at.0,
            ingested_by: revision.ingested_by.clone(),
            extractor: revision.extractor.clone(),
            claims: pack.ids.clone(),
            occurrences_hash: pack.occurrences_hash,
            event_seq: self.seq,
            raw_source: revision.raw_source.map(|h| h.0),
            published: revision.published.as_ref().map(|p| p.as_str().to_owned()),
        };
        self.trees
            .revisions
            .insert(key.as_slice(), codec::encode(&record))?;
        self.touch("revisions", &key, &record);
        Ok(new_anywhere)
    }

    /// Stores a claim an editor added (its content, once) and records it as one of the
    /// article's claims, as [`WriteTx::put_revision`] does for extracted ones.
    pub(crate) fn put_claim<E>(&mut self, claim: &Claim, article: &ArticleId) -> TxResult<(), E> {
        let claim_key = keys::claim(&claim.id);
        match self.trees.claims.get(&claim_key)? {
            Some(bytes) => {
                let record: ClaimRecord = decode_in("claims", &claim_key, &bytes)?;
                if record.first_article.as_deref() != Some(article.as_str()) {
                    self.trees
                        .claim_articles
                        .insert(keys::claim_article(&claim.id, article), &[][..])?;
                }
            }
            None => {
                let record = ClaimRecord::from_claim(claim, article);
                self.trees
                    .claims
                    .insert(claim_key, codec::encode(&record))?;
            }
        }
        Ok(())
    }

    /// Stores an evidence file under the BLAKE3 of its bytes (once: equal files share a key).
    pub(crate) fn put_evidence<E>(&mut self, name: &str, bytes: &[u8]) -> TxResult<Hash32, E> {
        let hash = Hash32::of(bytes);
        if self.trees.evidence.get(hash.0)?.is_none() {
            let record = EvidenceRecord {
                name: name.to_owned(),
                bytes: bytes.to_vec(),
            };
            self.trees
                .evidence
                .insert(&hash.0[..], codec::encode(&record))?;
        }
        Ok(hash)
    }

    /// Reads a review: its row, or the initial review of an untouched claim, as
    /// [`Store::review`] does.
    pub(crate) fn review<E>(&self, id: &ArticleId, claim: &ClaimId) -> TxResult<Option<Review>, E> {
        let key = keys::review(id, claim);
        if let Some(bytes) = self.trees.reviews.get(&key)? {
            let record: ReviewRecord = decode_in("reviews", &key, &bytes)?;
            return Ok(Some(record.to_review(id.clone(), *claim)));
        }
        let Some(article) = self.article(id)? else {
            return Ok(None);
        };
        let mut out = [None];
        initial_reviews(
            id,
            article.latest,
            std::slice::from_ref(claim),
            &mut out,
            |key| self.trees.revisions.get(key),
            |key| self.trees.occurrences.get(key),
        )?;
        let [review] = out;
        Ok(review)
    }

    /// Writes a review; its `event_seq` is set to this transaction's event.
    pub(crate) fn put_review<E>(&mut self, review: &Review) -> TxResult<(), E> {
        let key = keys::review(&review.article, &review.claim);
        let mut record = ReviewRecord::from_review(review);
        record.event_seq = self.seq;
        self.trees
            .reviews
            .insert(key.as_slice(), codec::encode(&record))?;
        self.touch("reviews", &key, &record);
        Ok(())
    }
}
