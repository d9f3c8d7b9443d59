//! Reads: articles, revisions, claims, reviews, events and evidence as the model's types.

use super::*;

/// How a hex prefix (of a claim id or an evidence hash) resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    /// Exactly one key has the prefix.
    Found(T),
    /// No key has it.
    NotFound,
    /// Several do (up to a handful are listed).
    Ambiguous(Vec<T>),
    /// Not hex, or shorter than [`MIN_PREFIX_LEN`].
    Invalid,
}

impl<T> Lookup<T> {
    fn map<U>(self, f: impl Fn(T) -> U) -> Lookup<U> {
        match self {
            Lookup::Found(found) => Lookup::Found(f(found)),
            Lookup::NotFound => Lookup::NotFound,
            Lookup::Ambiguous(found) => Lookup::Ambiguous(found.into_iter().map(f).collect()),
            Lookup::Invalid => Lookup::Invalid,
        }
    }
}

/// A distinct claim as the claims tree holds it, read by a search.
#[derive(Debug, Clone)]
pub struct FoundClaim {
    /// Its id.
    pub id: ClaimId,
    /// Quote or number.
    pub kind: ClaimKind,
    /// The quoted words, or the number as written where the store first saw it.
    pub text: String,
    /// The form hashed into the id: for a number, its value, unit, hedge and whole sentence.
    pub canonical: String,
}

impl Store {
    /// The newest audit event's position and hash.
    pub fn head(&self) -> Result<AuditHead, StoreError> {
        let head = match self.trees.meta.get(keys::META_HEAD)? {
            Some(bytes) => decode_in::<HeadRecord>("meta", keys::META_HEAD, &bytes)?,
            None => HeadRecord {
                seq: 0,
                hash: [0; 32],
            },
        };
        Ok(AuditHead {
            seq: head.seq,
            hash: Hash32(head.hash),
        })
    }

    /// The store's on-disk format (`meta/format`): [`FORMAT_VERSION`] once this build wrote to it.
    pub fn format(&self) -> Result<u32, StoreError> {
        let bytes = self.trees.meta.get(keys::META_FORMAT)?;
        let bytes =
            bytes.ok_or_else(|| integrity("meta", keys::META_FORMAT, "the format is missing"))?;
        Ok(decode_in::<FormatRecord>("meta", keys::META_FORMAT, &bytes)?.format)
    }

    /// The workflow text in force.
    pub fn workflow_text(&self) -> Result<String, StoreError> {
        let bytes = self.trees.meta.get(keys::META_WORKFLOW)?;
        let bytes = bytes
            .ok_or_else(|| integrity("meta", keys::META_WORKFLOW, "the workflow is missing"))?;
        let record: WorkflowRecord = decode_in("meta", keys::META_WORKFLOW, &bytes)?;
        Ok(record.text)
    }

    /// A store setting.
    pub fn config(&self, name: &str) -> Result<Option<String>, StoreError> {
        let key = keys::config(name);
        match self.trees.meta.get(&key)? {
            Some(bytes) => Ok(Some(decode_in::<ConfigRecord>("meta", &key, &bytes)?.value)),
            None => Ok(None),
        }
    }

    /// Every store setting, by name.
    pub fn config_all(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.meta.scan_prefix(keys::CONFIG_PREFIX) {
            let (key, bytes) = item?;
            let record: ConfigRecord = decode_in("meta", &key, &bytes)?;
            let name = String::from_utf8_lossy(&key[keys::CONFIG_PREFIX.len()..]).into_owned();
            out.push((name, record.value));
        }
        Ok(out)
    }

    /// One article.
    pub fn article(&self, id: &ArticleId) -> Result<Option<Article>, StoreError> {
        let key = keys::article(id);
        match self.trees.articles.get(&key)? {
            Some(bytes) => Ok(Some(article_from("articles", &key, &bytes)?)),
            None => Ok(None),
        }
    }

    /// Every article, by id.
    pub fn articles(&self) -> Result<Vec<Article>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.articles.iter() {
            let (key, bytes) = item?;
            out.push(article_from("articles", &key, &bytes)?);
        }
        Ok(out)
    }

    /// One revision of an article.
    pub fn revision(&self, id: &ArticleId, number: u32) -> Result<Option<Revision>, StoreError> {
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

    /// The claims of one revision, in text order, as editors left them: the claims an editor
    /// added to it included, and each quote's speaker as corrected where the fix applies
    /// ([`crate::model::SpeakerFix::applies_to`]).
    pub fn claims_of(&self, id: &ArticleId, number: u32) -> Result<Vec<Claim>, StoreError> {
        self.claims_curated_by(id, number, &self.curations_of(id)?)
    }

    /// [`Store::claims_of`] with the article's curation read already ([`Store::curations_of`]).
    pub fn claims_curated_by(
        &self,
        id: &ArticleId,
        number: u32,
        curations: &[(ClaimId, Curation)],
    ) -> Result<Vec<Claim>, StoreError> {
        let mut claims = self.found_claims_of(id, number)?;
        if !curations.is_empty() {
            curate(&mut claims, curations, number);
        }
        Ok(claims)
    }

    /// A user of the desk.
    pub fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let key = keys::user(name);
        match self.trees.meta.get(&key)? {
            Some(bytes) => Ok(Some(
                decode_in::<UserRecord>("meta", &key, &bytes)?.to_user(),
            )),
            None => Ok(None),
        }
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.meta.scan_prefix(keys::USER_PREFIX) {
            let (key, bytes) = item?;
            out.push(decode_in::<UserRecord>("meta", &key, &bytes)?.to_user());
        }
        Ok(out)
    }

    /// Who an article and its claims are assigned to (released assignments left out): the
    /// article's own first, then its claims' in claim id order.
    pub fn assignments_of(&self, id: &ArticleId) -> Result<Vec<Assignment>, StoreError> {
        self.assignments_under(&keys::assignment_prefix(id))
    }

    /// Every reference verdict held (`claimreview import`), in key order.
    pub fn references(&self) -> Result<Vec<HeldReference>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.meta.scan_prefix(keys::REFERENCE_PREFIX) {
            let (key, bytes) = item?;
            out.push(decode_in::<ReferenceRecord>("meta", &key, &bytes)?.to_held());
        }
        Ok(out)
    }

    /// Every assignment in the store, as [`Store::assignments_of`] lists an article's.
    pub fn assignments(&self) -> Result<Vec<Assignment>, StoreError> {
        self.assignments_under(keys::ASSIGN_PREFIX)
    }

    fn assignments_under(&self, prefix: &[u8]) -> Result<Vec<Assignment>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.meta.scan_prefix(prefix) {
            let (key, bytes) = item?;
            let record = decode_in::<AssignmentRecord>("meta", &key, &bytes)?;
            let Some(assignee) = record.assignee else {
                continue;
            };
            let (article, claim) = keys::parse_assignment(&key)
                .ok_or_else(|| super::integrity("meta", &key, "not an assignment key"))?;
            out.push(Assignment {
                article,
                claim,
                assignee,
                by: record.by,
                at: Timestamp(record.at),
            });
        }
        Ok(out)
    }

    /// An API token by its public id.
    pub fn token(&self, id: &str) -> Result<Option<ApiToken>, StoreError> {
        let key = keys::token(id);
        match self.trees.meta.get(&key)? {
            Some(bytes) => Ok(Some(
                decode_in::<TokenRecord>("meta", &key, &bytes)?.to_token(),
            )),
            None => Ok(None),
        }
    }

    /// A webhook, by id.
    pub fn webhook(&self, id: &str) -> Result<Option<Webhook>, StoreError> {
        let key = keys::webhook(id);
        match self.trees.meta.get(&key)? {
            Some(bytes) => Ok(Some(
                decode_in::<WebhookRecord>("meta", &key, &bytes)?.to_webhook(),
            )),
            None => Ok(None),
        }
    }

    /// Every webhook, removed ones included, by id.
    pub fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.meta.scan_prefix(keys::WEBHOOK_PREFIX) {
            let (key, bytes) = item?;
            out.push(decode_in::<WebhookRecord>("meta", &key, &bytes)?.to_webhook());
        }
        Ok(out)
    }

    /// The curation of an article's claims: every review row that holds some, in claim id order.
    pub fn curations_of(&self, id: &ArticleId) -> Result<Vec<(ClaimId, Curation)>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.reviews.scan_prefix(keys::article_prefix(id)) {
            let (key, bytes) = item?;
            let record: ReviewRecord = decode_in("reviews", &key, &bytes)?;
            let curation = record.curation.to_model();
            if curation == Curation::default() {
                continue;
            }
            let claim = keys::split_article(&key)
                .and_then(|(_, claim)| keys::claim_id(claim))
                .ok_or_else(|| {
                    integrity("reviews", &key, "the key is not an article and a claim")
                })?;
            out.push((claim, curation));
        }
        Ok(out)
    }

    /// The claims of one revision as stored at its ingest: what extraction found (and what an
    /// ingest carried of editors' additions), with no correction applied.
    fn found_claims_of(&self, id: &ArticleId, number: u32) -> Result<Vec<Claim>, StoreError> {
        let prefix = keys::revision(id, number);
        if let Some(bytes) = self.trees.occurrences.get(&prefix)? {
            let pack: OccurrencePack = decode_in("occurrences", &prefix, &bytes)?;
            let Some(bytes) = self.trees.revisions.get(&prefix)? else {
                return Err(integrity(
                    "occurrences",
                    &prefix,
                    "the revision of these occurrences is missing",
                ));
            };
            let revision: RevisionRecord = decode_in("revisions", &prefix, &bytes)?;
            return self.unpack(&prefix, &pack, &revision);
        }
        // A revision written by format 1: one row per claim.
        let mut out = Vec::new();
        for item in self.trees.occurrences.scan_prefix(&prefix) {
            let (key, bytes) = item?;
            out.push(occurrence_from(&key, &key[prefix.len()..], &bytes)?);
        }
        out.sort_by_key(|claim| (claim.span.start_byte, claim.span.end_byte));
        Ok(out)
    }

    /// Rebuilds the claims of a format-2 revision from its pack, its text and the claims tree.
    fn unpack(
        &self,
        key: &[u8],
        pack: &OccurrencePack,
        revision: &RevisionRecord,
    ) -> Result<Vec<Claim>, StoreError> {
        if pack.occurrences.len() != revision.claims.len() {
            return Err(integrity(
                "occurrences",
                key,
                "the occurrences do not match the revision's claims",
            ));
        }
        let mut out = Vec::with_capacity(pack.occurrences.len());
        for (occurrence, raw_id) in pack.occurrences.iter().zip(&revision.claims) {
            let id = ClaimId(Hash32(*raw_id));
            let claim_key = keys::claim(&id);
            let Some(bytes) = self.trees.claims.get(&claim_key)? else {
                return Err(integrity(
                    "occurrences",
                    key,
                    format!("claim {id} of the revision is not stored"),
                ));
            };
            let stored: ClaimRecord = decode_in("claims", &claim_key, &bytes)?;
            if records::kind_from_code(stored.kind) != Some(occurrence.kind()) {
                return Err(integrity(
                    "occurrences",
                    key,
                    format!("claim {id} is stored as another kind of claim"),
                ));
            }
            let claim = occurrence
                .to_claim(id, stored.canonical, &revision.text)
                .ok_or_else(|| {
                    integrity(
                        "occurrences",
                        key,
                        "a span lies outside the revision's text",
                    )
                })?;
            out.push(claim);
        }
        out.sort_by_key(|claim| (claim.span.start_byte, claim.span.end_byte));
        Ok(out)
    }

    /// The review of a claim in an article: its review row, or, for a claim no one has touched,
    /// the review its first ingest implies (see [`Store::reviews_of`]). `None` if the claim never
    /// appeared in the article.
    pub fn review(&self, id: &ArticleId, claim: &ClaimId) -> Result<Option<Review>, StoreError> {
        Ok(self
            .reviews_of(id, std::slice::from_ref(claim))?
            .pop()
            .flatten())
    }

    /// The reviews of claims of an article, in the order given.
    ///
    /// A claim whose review never changed has no row (format 2 writes none at ingest): it stands
    /// in the initial state recorded by the first revision that carried it, since that
    /// revision's ingest event. `None` for a claim no revision of the article carries, or whose
    /// first revision is of format 1 with its row missing (damage, reported by the caller).
    pub fn reviews_of(
        &self,
        id: &ArticleId,
        claims: &[ClaimId],
    ) -> Result<Vec<Option<Review>>, StoreError> {
        let mut out = Vec::with_capacity(claims.len());
        for claim in claims {
            let key = keys::review(id, claim);
            out.push(match self.trees.reviews.get(&key)? {
                Some(bytes) => {
                    let record: ReviewRecord = decode_in("reviews", &key, &bytes)?;
                    Some(record.to_review(id.clone(), *claim))
                }
                None => None,
            });
        }
        if out.iter().all(Option::is_some) {
            return Ok(out);
        }
        let Some(article) = self.article(id)? else {
            return Ok(out);
        };
        let t = &self.trees;
        initial_reviews(
            id,
            article.latest,
            claims,
            &mut out,
            |key| t.revisions.get(key),
            |key| t.occurrences.get(key),
        )?;
        Ok(out)
    }

    /// Whether `claim` appears in `article`: its record's first article, or a claim-article row.
    pub fn claim_in_article(
        &self,
        claim: &ClaimId,
        article: &ArticleId,
    ) -> Result<bool, StoreError> {
        let claim_key = keys::claim(claim);
        if let Some(bytes) = self.trees.claims.get(&claim_key)? {
            let record: ClaimRecord = decode_in("claims", &claim_key, &bytes)?;
            if record.first_article.as_deref() == Some(article.as_str()) {
                return Ok(true);
            }
        }
        self.trees
            .claim_articles
            .contains_key(keys::claim_article(claim, article))
    }

    /// The articles a claim has appeared in.
    pub fn articles_of_claim(&self, claim: &ClaimId) -> Result<Vec<ArticleId>, StoreError> {
        let mut out = Vec::new();
        let claim_key = keys::claim(claim);
        if let Some(bytes) = self.trees.claims.get(&claim_key)? {
            let record: ClaimRecord = decode_in("claims", &claim_key, &bytes)?;
            if let Some(slug) = record.first_article {
                out.push(ArticleId::new(&slug).ok_or_else(|| {
                    integrity("claims", &claim_key, "names an invalid article id")
                })?);
            }
        }
        for item in self.trees.claim_articles.scan_prefix(keys::claim(claim)) {
            let (key, _) = item?;
            let slug = std::str::from_utf8(&key[32..])
                .ok()
                .and_then(ArticleId::new);
            out.push(
                slug.ok_or_else(|| integrity("claim_articles", &key, "not a valid article id"))?,
            );
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Resolves a hex prefix of a claim id, as git resolves commit prefixes.
    pub fn resolve_claim(&self, prefix: &str) -> Result<Lookup<ClaimId>, StoreError> {
        Ok(self
            .resolve_prefix(&self.trees.claims, "claims", prefix)?
            .map(ClaimId))
    }

    /// Resolves a hex prefix of an evidence file's BLAKE3.
    pub fn resolve_evidence(&self, prefix: &str) -> Result<Lookup<Hash32>, StoreError> {
        self.resolve_prefix(&self.trees.evidence, "evidence", prefix)
    }

    fn resolve_prefix(
        &self,
        tree: &Tree,
        name: &str,
        prefix: &str,
    ) -> Result<Lookup<Hash32>, StoreError> {
        let prefix = prefix.to_ascii_lowercase();
        if prefix.len() < MIN_PREFIX_LEN
            || prefix.len() > 64
            || !prefix.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Ok(Lookup::Invalid);
        }
        let whole_bytes: Vec<u8> = (0..prefix.len() / 2)
            .filter_map(|i| u8::from_str_radix(&prefix[2 * i..2 * i + 2], 16).ok())
            .collect();
        let mut found = Vec::new();
        for item in tree.scan_prefix(&whole_bytes) {
            let (key, _) = item?;
            let Some(id) = keys::claim_id(&key) else {
                return Err(integrity(name, &key, "key is not a 32-byte hash"));
            };
            if id.to_hex().starts_with(&prefix) {
                found.push(id.0);
                if found.len() > 5 {
                    break;
                }
            }
        }
        Ok(match found.len() {
            0 => Lookup::NotFound,
            1 => Lookup::Found(found[0]),
            _ => Lookup::Ambiguous(found),
        })
    }

    /// An evidence file: its name when first stored, and its bytes.
    pub fn evidence(&self, hash: &Hash32) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        match self.trees.evidence.get(hash.0)? {
            Some(bytes) => {
                let record: EvidenceRecord = decode_in("evidence", &hash.0, &bytes)?;
                if Hash32::of(&record.bytes) != *hash {
                    return Err(integrity(
                        "evidence",
                        &hash.0,
                        "the file's bytes do not hash to its key",
                    ));
                }
                Ok(Some((record.name, record.bytes)))
            }
            None => Ok(None),
        }
    }

    /// Every review in the store, article by article and by claim id within an article: the
    /// review rows and the initial reviews of untouched claims ([`Store::reviews_of`]). Reads
    /// every revision; only a workflow change needs it.
    pub fn reviews(&self) -> impl Iterator<Item = Result<Vec<Review>, StoreError>> + '_ {
        self.trees.articles.iter().map(|item| {
            let (key, bytes) = item?;
            let article = article_from("articles", &key, &bytes)?;
            let mut claims = std::collections::BTreeSet::new();
            for item in self
                .trees
                .revisions
                .scan_prefix(keys::article_prefix(&article.id))
            {
                let (key, bytes) = item?;
                let revision: RevisionRecord = decode_in("revisions", &key, &bytes)?;
                claims.extend(revision.claims.iter().map(|raw| ClaimId(Hash32(*raw))));
            }
            let claims: Vec<ClaimId> = claims.into_iter().collect();
            let reviews = self.reviews_of(&article.id, &claims)?;
            claims
                .iter()
                .zip(reviews)
                .map(|(claim, review)| {
                    review.ok_or_else(|| {
                        integrity(
                            "reviews",
                            &keys::review(&article.id, claim),
                            "a claim of the article has no review",
                        )
                    })
                })
                .collect()
        })
    }

    /// The distinct claims that `keep` accepts, in claim-id order.
    ///
    /// Reads every claim, so the claims tree is read in key ranges at once, a thread each. `word`
    /// (lower-case ASCII letters and digits, the query's rarest-looking word) lets a range skip,
    /// without checking or decoding them, the claims whose stored bytes (text and canonical form)
    /// cannot hold it in any case; `keep` decides for the others.
    pub fn find_claims<F>(&self, word: Option<&str>, keep: F) -> Result<Vec<FoundClaim>, StoreError>
    where
        F: Fn(&FoundClaim) -> bool + Sync,
    {
        let parts = crate::parallel::threads();
        let found = crate::parallel::run_parts(parts, |part| {
            self.find_claims_in(key_range_part(part, parts), word, &keep)
        });
        let mut out = Vec::new();
        for part in found {
            out.extend(part?);
        }
        Ok(out)
    }

    fn find_claims_in(
        &self,
        range: (Bound<Vec<u8>>, Bound<Vec<u8>>),
        word: Option<&str>,
        keep: &(impl Fn(&FoundClaim) -> bool + Sync),
    ) -> Result<Vec<FoundClaim>, StoreError> {
        let mut out = Vec::new();
        for item in self.trees.claims.range(range) {
            let (key, bytes) = item?;
            if word.is_some_and(|word| !codec::may_contain(&bytes, word.as_bytes())) {
                continue;
            }
            let record: ClaimRecord = decode_in("claims", &key, &bytes)?;
            let found = FoundClaim {
                id: keys::claim_id(&key)
                    .ok_or_else(|| integrity("claims", &key, "malformed key"))?,
                kind: records::kind_from_code(record.kind)
                    .ok_or_else(|| integrity("claims", &key, "unknown claim kind"))?,
                text: record.text,
                canonical: record.canonical,
            };
            if keep(&found) {
                out.push(found);
            }
        }
        Ok(out)
    }

    /// The audit events about one article (ingests and transitions), oldest first, read through
    /// the event index: the cost follows the article's history, not the log's length.
    pub fn article_events(
        &self,
        id: &ArticleId,
    ) -> impl Iterator<Item = Result<Event, StoreError>> + '_ {
        self.indexed_events(keys::article_prefix(id))
    }

    /// The events that set the workflow (the store's creation, each change), oldest first.
    pub fn workflow_events(&self) -> impl Iterator<Item = Result<Event, StoreError>> + '_ {
        self.indexed_events(keys::WORKFLOW_EVENTS.to_vec())
    }

    fn indexed_events(
        &self,
        prefix: Vec<u8>,
    ) -> impl Iterator<Item = Result<Event, StoreError>> + '_ {
        self.trees.event_index.scan_prefix(prefix).map(|item| {
            let (row, _) = item?;
            let seq = keys::indexed_seq(&row)
                .ok_or_else(|| integrity("event_index", &row, "malformed key"))?;
            let key = keys::event(seq);
            let bytes = self
                .trees
                .events
                .get(key)?
                .ok_or_else(|| integrity("event_index", &row, "names a missing event"))?;
            let record: EventRecord = decode_in("events", &key, &bytes)?;
            record
                .to_event()
                .ok_or_else(|| integrity("events", &key, "the event names an invalid article id"))
        })
    }

    /// The content hash of a revision, if it exists: read without inflating its text.
    pub fn revision_hash(&self, id: &ArticleId, number: u32) -> Result<Option<Hash32>, StoreError> {
        let key = keys::revision(id, number);
        match self.trees.revisions.get(&key)? {
            Some(bytes) => Ok(Some(Hash32(revision_head(id, &key, &bytes)?.content_hash))),
            None => Ok(None),
        }
    }

    /// The number of an article's revision with this content hash, if any: each revision's hash
    /// is read without inflating its text.
    pub fn revision_with_hash(
        &self,
        id: &ArticleId,
        hash: &Hash32,
    ) -> Result<Option<u32>, StoreError> {
        let prefix = keys::article_prefix(id);
        for item in self.trees.revisions.scan_prefix(&prefix) {
            let (key, bytes) = item?;
            let head = revision_head(id, &key, &bytes)?;
            if head.content_hash == hash.0 {
                return Ok(Some(head.number));
            }
        }
        Ok(None)
    }

    /// Every audit event from `from_seq` on, in order; stops at the first unreadable one.
    pub fn events(&self, from_seq: u64) -> impl Iterator<Item = Result<Event, StoreError>> + '_ {
        self.trees
            .events
            .range(keys::event(from_seq.max(1))..)
            .map(|item| {
                let (key, bytes) = item?;
                let record: EventRecord = decode_in("events", &key, &bytes)?;
                record.to_event().ok_or_else(|| {
                    integrity("events", &key, "the event names an invalid article id")
                })
            })
    }

    /// Checks one article's part of the audit trail: its events' links into the chain, the head,
    /// and the article's records against their events. Costs what the article holds, not what the
    /// store holds; [`Store::verify`] is the whole check.
    pub fn verify_article(
        &self,
        id: &ArticleId,
    ) -> Result<Result<AuditHead, AuditFailure>, StoreError> {
        verify::verify_article(self, id)
    }

    /// Recomputes the audit chain and checks every record against the event that last wrote it.
    ///
    /// `Ok(Err(failure))` names the first bad event or record; `Err` is a failure to read at all.
    ///
    /// With an `anchor` (a head kept outside the store earlier), also proves that the log still
    /// holds that event with that hash: nothing before it was rewritten or cut off.
    pub fn verify(
        &self,
        anchor: Option<AuditHead>,
    ) -> Result<Result<AuditHead, AuditFailure>, StoreError> {
        verify::verify(self, anchor)
    }
}

/// The leading fields of a stored revision of `id` (number, content hash), from the start of its
/// payload when they can be read there, else from the whole record decoded.
fn revision_head(id: &ArticleId, key: &[u8], bytes: &[u8]) -> Result<RevisionHead, StoreError> {
    let len = RevisionHead::encoded_len(id.as_str().len());
    // Both schemas begin with these fields.
    let leading = match codec::decode_leading::<RevisionRecord, RevisionHead>(bytes, len) {
        Ok(None) => codec::decode_leading::<RevisionRecordV1, RevisionHead>(bytes, len),
        read => read,
    }
    .map_err(|err| decode_error("revisions", key, err))?;
    if let Some(head) = leading.filter(|head| head.article == id.as_str()) {
        return Ok(head);
    }
    let record: RevisionRecord = decode_in("revisions", key, bytes)?;
    Ok(RevisionHead {
        article: record.article,
        number: record.number,
        content_hash: record.content_hash,
    })
}

/// Part `part` of `parts` equal ranges of the key space, cut on the first byte: the keys of
/// the claims tree are hashes, so the parts hold about as many keys each.
fn key_range_part(part: usize, parts: usize) -> (Bound<Vec<u8>>, Bound<Vec<u8>>) {
    // i < parts, so i * 256 / parts < 256.
    let first_byte = |i: usize| vec![u8::try_from(i * 256 / parts).unwrap_or(u8::MAX)];
    let start = match part {
        0 => Bound::Unbounded,
        _ => Bound::Included(first_byte(part)),
    };
    let end = match part + 1 {
        next if next == parts => Bound::Unbounded,
        next => Bound::Excluded(first_byte(next)),
    };
    (start, end)
}

pub(super) fn article_from(tree: &str, key: &[u8], bytes: &[u8]) -> Result<Article, StoreError> {
    let record: ArticleRecord = decode_in(tree, key, bytes)?;
    record.to_article().ok_or_else(|| {
        integrity(
            tree,
            key,
            "the article id is not a valid slug, or its publication date not a date",
        )
    })
}

fn occurrence_from(key: &[u8], id_bytes: &[u8], bytes: &[u8]) -> Result<Claim, StoreError> {
    let record: OccurrenceRecord = decode_in("occurrences", key, bytes)?;
    let id =
        keys::claim_id(id_bytes).ok_or_else(|| integrity("occurrences", key, "malformed key"))?;
    record
        .to_claim(id)
        .ok_or_else(|| integrity("occurrences", key, "unknown claim kind"))
}

/// Applies editors' curation to the claims of revision `number`: adds the claims added to that
/// very revision (later ones carry them in their own claims), and puts each corrected speaker
/// where the fix applies.
pub(crate) fn curate(claims: &mut Vec<Claim>, curations: &[(ClaimId, Curation)], number: u32) {
    let mut added = false;
    for (id, curation) in curations {
        if let Some(occurrence) = curation.added_to(id, number)
            && !claims.iter().any(|c| c.id == *id)
        {
            claims.push(occurrence.clone());
            added = true;
        }
    }
    if added {
        claims.sort_by_key(|claim| (claim.span.start_byte, claim.span.end_byte));
    }
    for (id, curation) in curations {
        let Some(fix) = &curation.speaker else {
            continue;
        };
        for claim in claims.iter_mut().filter(|c| c.id == *id) {
            if fix.applies_to(claim, number)
                && let ClaimDetail::Quote(attribution) = &mut claim.detail
            {
                attribution.speaker = Some(fix.speaker.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ops::RangeBounds;

    use super::key_range_part;

    #[test]
    fn key_range_parts_hold_every_key_once() {
        for parts in 1..=4 {
            let ranges: Vec<_> = (0..parts).map(|part| key_range_part(part, parts)).collect();
            for first in 0..=u8::MAX {
                for key in [vec![first], vec![first; 32], vec![first, u8::MAX, 0]] {
                    let holding = ranges.iter().filter(|range| range.contains(&key)).count();
                    assert_eq!(holding, 1, "{parts} parts, key {key:?}");
                }
            }
        }
        assert!(key_range_part(0, 2).contains(&vec![0x7f; 32]));
        assert!(key_range_part(1, 2).contains(&vec![0x80]));
    }
}
