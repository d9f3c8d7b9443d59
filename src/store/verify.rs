//! `audit verify`: the hash chain recomputed, and every record checked against its event.
//!
//! A chain alone proves only that the log is internally consistent; checking each record's payload
//! hash against the `touched` list of the event that last wrote it extends that proof to the data
//! trees, so editing a review or a revision behind factdesk's back is caught too. Scans stop at the
//! first unreadable item (never `len()`, which spins forever on a corrupt sled tree).

use std::collections::HashMap;
use std::fmt;

use super::codec::{self, Record};
use super::engine::Tree;
use super::records::{
    ArticleRecord, AssignmentRecord, ClaimRecord, ConfigRecord, EventRecord, EvidenceRecord,
    HeadRecord, OccurrencePack, OccurrenceRecord, ReferenceRecord, ReviewRecord, RevisionRecord,
    TokenRecord, UserRecord, WebhookRecord, WorkflowRecord, kind_from_code,
};
use super::{Store, StoreError, decode_error, decode_in, integrity, keys};
use crate::model::{AuditHead, ClaimId, Hash32};

/// The first thing `audit verify` found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFailure {
    /// The tree where it was found.
    pub tree: String,
    /// The event sequence number or key, written for people.
    pub at: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for AuditFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in `{}`: {}", self.at, self.tree, self.reason)
    }
}

fn fail(tree: &str, key: &[u8], reason: impl Into<String>) -> AuditFailure {
    AuditFailure {
        tree: tree.to_owned(),
        at: keys::describe(tree, key),
        reason: reason.into(),
    }
}

/// Turns a damaged value into an audit failure, keeping real I/O failures as errors.
fn damage<T>(result: Result<T, StoreError>) -> Result<Result<T, AuditFailure>, StoreError> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(StoreError::Integrity { tree, key, detail }) => Ok(Err(AuditFailure {
            tree,
            at: key,
            reason: detail,
        })),
        Err(other) => Err(other),
    }
}

macro_rules! check {
    ($e:expr) => {
        match damage($e)? {
            Ok(value) => value,
            Err(failure) => return Ok(Err(failure)),
        }
    };
}

/// Unwraps a check that already sorted damage from I/O failure.
macro_rules! passed {
    ($e:expr) => {
        match $e? {
            Ok(value) => value,
            Err(failure) => return Ok(Err(failure)),
        }
    };
}

pub(super) fn verify(
    store: &Store,
    anchor: Option<AuditHead>,
) -> Result<Result<AuditHead, AuditFailure>, StoreError> {
    let trees = &store.trees;
    // The chain first: the other checks need the log's length, and its failures say the most.
    let head = passed!(chain(trees, anchor));
    // The rest read independent parts of the store, so they run on every core; the first
    // failure is reported in this order, as one pass through them would find it.
    let checks: [Check; 6] = [
        records_match_their_events,
        evidence_hashes_to_its_key,
        reviews_name_stored_evidence,
        claims_hash_to_their_ids,
        revisions_match_their_content,
        event_index_rows_match_events,
    ];
    let results = crate::parallel::map(&checks, |check| check(trees, head.seq));
    for result in results {
        passed!(result);
    }
    Ok(Ok(AuditHead {
        seq: head.seq,
        hash: Hash32(head.hash),
    }))
}

/// One check of [`verify`] after the chain, given the log's length.
type Check = fn(&super::Trees, u64) -> Result<Result<(), AuditFailure>, StoreError>;

/// The hash chain of the log, the head and the anchor: returns the head.
fn chain(
    trees: &super::Trees,
    anchor: Option<AuditHead>,
) -> Result<Result<HeadRecord, AuditFailure>, StoreError> {
    let mut expected_seq = 1u64;
    let mut prev = Hash32::default();
    for item in trees.events.iter() {
        let (key, bytes) = item?;
        let event: EventRecord = check!(decode_in("events", &key, &bytes));
        if key.as_ref() != keys::event(event.seq) {
            return Ok(Err(fail(
                "events",
                &key,
                format!("holds event {}", event.seq),
            )));
        }
        if event.seq != expected_seq {
            return Ok(Err(fail(
                "events",
                &key,
                format!("expected event {expected_seq} next: the log has a gap or was reordered"),
            )));
        }
        if event.prev != prev.0 {
            return Ok(Err(fail(
                "events",
                &key,
                "does not link to the previous event's hash",
            )));
        }
        prev = event.chain_hash();
        passed!(touched_rows_exist(trees, &event));
        if let Some(row) = keys::event_index(&event.kind, event.seq)
            && !trees.event_index.contains_key(&row)?
        {
            return Ok(Err(fail(
                "event_index",
                &row,
                format!("event {} is missing from the event index", event.seq),
            )));
        }
        if let Some(anchor) = anchor.filter(|a| a.seq == event.seq)
            && anchor.hash != prev
        {
            return Ok(Err(fail(
                "events",
                &key,
                "differs from the anchored head: the log was rewritten since the anchor was taken",
            )));
        }
        expected_seq += 1;
    }
    let last = expected_seq - 1;
    if let Some(anchor) = anchor.filter(|a| a.seq > last) {
        return Ok(Err(fail(
            "events",
            &keys::event(last),
            format!(
                "the log ends here but the anchor names event {}: events were removed",
                anchor.seq
            ),
        )));
    }
    let head_bytes = trees.meta.get(keys::META_HEAD)?;
    let head = match head_bytes {
        Some(bytes) => check!(decode_in::<HeadRecord>("meta", keys::META_HEAD, &bytes)),
        None => HeadRecord {
            seq: 0,
            hash: [0; 32],
        },
    };
    if head.seq != last || head.hash != prev.0 {
        return Ok(Err(fail(
            "meta",
            keys::META_HEAD,
            format!(
                "the head says event {} but the log ends at event {last}",
                head.seq
            ),
        )));
    }
    Ok(Ok(head))
}

/// The payload hash of each row an event wrote, by tree and key.
type RowsWritten = HashMap<(String, Vec<u8>), [u8; 32]>;

/// An event that wrote more rows than this has them indexed by [`records_match_their_events`].
const MANY_ROWS: usize = 64;

/// Each record must equal what the event that last wrote it recorded.
fn records_match_their_events(
    trees: &super::Trees,
    _last: u64,
) -> Result<Result<(), AuditFailure>, StoreError> {
    let checks: [(&str, &Tree, RecordCheck); 4] = [
        ("articles", &trees.articles, |k, b| {
            seq_of::<ArticleRecord>("articles", k, b, |r| r.event_seq)
        }),
        ("revisions", &trees.revisions, |k, b| {
            seq_of::<RevisionRecord>("revisions", k, b, |r| r.event_seq)
        }),
        ("reviews", &trees.reviews, |k, b| {
            seq_of::<ReviewRecord>("reviews", k, b, |r| r.event_seq)
        }),
        ("meta", &trees.meta, meta_seq),
    ];
    // The rows of an event that wrote many (a ClaimReview import writes a row per review), by
    // tree and key: read once, not decoded and searched again for each of its rows, which would
    // take time in the square of the rows.
    let mut many: HashMap<u64, RowsWritten> = HashMap::new();
    for (tree_name, tree, seq_of_record) in checks {
        for item in tree.iter() {
            let (key, bytes) = item?;
            let Some((seq, payload_hash)) = check!(seq_of_record(&key, &bytes)) else {
                continue;
            };
            let recorded = match many.get(&seq) {
                Some(rows) => rows.get(&(tree_name.to_owned(), key.to_vec())).copied(),
                None => {
                    let event_bytes = trees.events.get(keys::event(seq))?;
                    let Some(event_bytes) = event_bytes else {
                        return Ok(Err(fail(
                            tree_name,
                            &key,
                            format!("names event {seq}, which does not exist"),
                        )));
                    };
                    let event: EventRecord =
                        check!(decode_in("events", &keys::event(seq), &event_bytes));
                    let found = event
                        .touched
                        .iter()
                        .find(|t| t.tree == tree_name && t.key == key.as_ref())
                        .map(|t| t.hash);
                    if event.touched.len() > MANY_ROWS {
                        many.insert(
                            seq,
                            event
                                .touched
                                .into_iter()
                                .map(|t| ((t.tree, t.key), t.hash))
                                .collect(),
                        );
                    }
                    found
                }
            };
            match recorded {
                Some(hash) if hash == payload_hash.0 => {}
                Some(_) => {
                    return Ok(Err(fail(
                        tree_name,
                        &key,
                        format!("differs from what event {seq} recorded"),
                    )));
                }
                None => {
                    return Ok(Err(fail(
                        tree_name,
                        &key,
                        format!("is not among the records event {seq} wrote"),
                    )));
                }
            }
        }
    }
    Ok(Ok(()))
}

/// Content-addressed rows check themselves: each evidence file hashes to its key.
fn evidence_hashes_to_its_key(
    trees: &super::Trees,
    _last: u64,
) -> Result<Result<(), AuditFailure>, StoreError> {
    for item in trees.evidence.iter() {
        let (key, bytes) = item?;
        let evidence: EvidenceRecord = check!(decode_in("evidence", &key, &bytes));
        if Hash32::of(&evidence.bytes).0[..] != key[..] {
            return Ok(Err(fail(
                "evidence",
                &key,
                "the file's bytes do not hash to its key",
            )));
        }
    }
    Ok(Ok(()))
}

/// Every review is of a stored claim, and every evidence file a review names is stored.
fn reviews_name_stored_evidence(
    trees: &super::Trees,
    _last: u64,
) -> Result<Result<(), AuditFailure>, StoreError> {
    for item in trees.reviews.iter() {
        let (key, bytes) = item?;
        let review: ReviewRecord = check!(decode_in("reviews", &key, &bytes));
        let claim_stored = match keys::split_article(&key) {
            Some((_, claim)) => trees.claims.contains_key(claim)?,
            None => false,
        };
        if !claim_stored {
            return Ok(Err(fail(
                "reviews",
                &key,
                "names a claim that is not stored",
            )));
        }
        for evidence in &review.evidence {
            if !trees.evidence.contains_key(evidence.hash)? {
                return Ok(Err(fail(
                    "reviews",
                    &key,
                    format!(
                        "names evidence {} that is not stored",
                        Hash32(evidence.hash)
                    ),
                )));
            }
        }
    }
    Ok(Ok(()))
}

/// Every claim's content hashes to its id.
fn claims_hash_to_their_ids(
    trees: &super::Trees,
    _last: u64,
) -> Result<Result<(), AuditFailure>, StoreError> {
    for item in trees.claims.iter() {
        let (key, bytes) = item?;
        passed!(claim_hashes_to_its_id(&key, &bytes));
    }
    Ok(Ok(()))
}

/// Every revision's occurrences match it, and the claims it cites are stored. Then every stored
/// evidence file must be named by a review or be the page a revision was taken from: evidence is
/// only ever written with the record that names it, so a file nothing names was put there behind
/// factdesk's back (a record slipped into an archive, say), and every backup would carry it. Here
/// because this check decodes every revision already.
fn revisions_match_their_content(
    trees: &super::Trees,
    _last: u64,
) -> Result<Result<(), AuditFailure>, StoreError> {
    let mut named = std::collections::HashSet::new();
    for item in trees.revisions.iter() {
        let (key, bytes) = item?;
        let revision: RevisionRecord = check!(decode_in("revisions", &key, &bytes));
        passed!(revision_content(trees, &key, &revision));
        // The claims tree's own check proves each stored claim hashes to its id; this proves
        // none a revision cites is missing, which would leave `claims`, `gate` and `search`
        // reading a hole.
        for claim in &revision.claims {
            if !trees.claims.contains_key(claim)? {
                return Ok(Err(fail(
                    "revisions",
                    &key,
                    format!("cites claim {}, which is not stored", Hash32(*claim)),
                )));
            }
        }
        named.extend(revision.raw_source);
    }
    // The evidence no revision names must be named by a review. Reviews are read for it only
    // when there is such evidence (the reviews' own check reads them anyway).
    let mut unnamed = Vec::new();
    for item in trees.evidence.iter() {
        let (key, _) = item?;
        if !<[u8; 32]>::try_from(key.as_ref()).is_ok_and(|hash| named.contains(&hash)) {
            unnamed.push(key);
        }
    }
    if unnamed.is_empty() {
        return Ok(Ok(()));
    }
    let mut by_reviews = std::collections::HashSet::new();
    for item in trees.reviews.iter() {
        let (key, bytes) = item?;
        let review: ReviewRecord = check!(decode_in("reviews", &key, &bytes));
        by_reviews.extend(review.evidence.iter().map(|e| e.hash));
    }
    if let Some(key) = unnamed.iter().find(|key| {
        !<[u8; 32]>::try_from(key.as_ref()).is_ok_and(|hash| by_reviews.contains(&hash))
    }) {
        return Ok(Err(fail(
            "evidence",
            key,
            "is named by no review or revision: nothing factdesk writes leaves such a file",
        )));
    }
    Ok(Ok(()))
}

/// The event index is derived data: every row must name an event of the log (1..=`last`) that
/// is about what the row says (the chain checked that no event lacks its row). Last, as its
/// failures are the least specific.
fn event_index_rows_match_events(
    trees: &super::Trees,
    last: u64,
) -> Result<Result<(), AuditFailure>, StoreError> {
    for item in trees.event_index.iter() {
        let (row, _) = item?;
        if row.as_ref() == keys::EVENT_INDEX_BUILT {
            continue;
        }
        let Some(seq) = keys::indexed_seq(&row).filter(|seq| (1..=last).contains(seq)) else {
            return Ok(Err(fail("event_index", &row, "names no event of the log")));
        };
        let bytes = trees.events.get(keys::event(seq))?;
        let Some(bytes) = bytes else {
            return Ok(Err(fail("event_index", &row, "names a missing event")));
        };
        let event: EventRecord = check!(decode_in("events", &keys::event(seq), &bytes));
        if keys::event_index(&event.kind, seq).as_deref() != Some(row.as_ref()) {
            return Ok(Err(fail(
                "event_index",
                &row,
                format!("does not match event {seq}"),
            )));
        }
    }
    Ok(Ok(()))
}

/// Checks that every row an event wrote is still there. Rows are replaced, never removed, and
/// since format 2 an absent review row has a meaning (the claim's initial state): a review row
/// deleted behind factdesk's back would otherwise pass for a claim no one had touched.
fn touched_rows_exist(
    trees: &super::Trees,
    event: &EventRecord,
) -> Result<Result<(), AuditFailure>, StoreError> {
    for touched in &event.touched {
        let tree = match touched.tree.as_str() {
            "meta" => &trees.meta,
            "articles" => &trees.articles,
            "revisions" => &trees.revisions,
            "reviews" => &trees.reviews,
            other => {
                return Ok(Err(fail(
                    "events",
                    &keys::event(event.seq),
                    format!("lists a record in `{other}`, a tree no event writes"),
                )));
            }
        };
        if !tree.contains_key(&touched.key)? {
            return Ok(Err(fail(
                &touched.tree,
                &touched.key,
                format!("was written by event {} and is gone", event.seq),
            )));
        }
    }
    Ok(Ok(()))
}

/// A stored claim against its key: its kind and canonical form must hash to it.
fn claim_hashes_to_its_id(
    key: &[u8],
    bytes: &[u8],
) -> Result<Result<(), AuditFailure>, StoreError> {
    let claim: ClaimRecord = check!(decode_in("claims", key, bytes));
    let Some(kind) = kind_from_code(claim.kind) else {
        return Ok(Err(fail("claims", key, "unknown claim kind")));
    };
    if ClaimId::from_canonical(kind, &claim.canonical).0.0[..] != key[..] {
        return Ok(Err(fail(
            "claims",
            key,
            "the claim's content does not hash to its id",
        )));
    }
    Ok(Ok(()))
}

/// Reads a record's event seq and payload hash; `None` for rows no event owns.
type RecordCheck = fn(&[u8], &[u8]) -> Result<Option<(u64, Hash32)>, StoreError>;

/// A revision's text against its content hash, and its occurrences (the claims' provenance)
/// against the hash the revision recorded of them, each span inside the text.
fn revision_content(
    trees: &super::Trees,
    key: &[u8],
    revision: &RevisionRecord,
) -> Result<Result<(), AuditFailure>, StoreError> {
    if Hash32::of(revision.text.as_bytes()).0 != revision.content_hash {
        return Ok(Err(fail(
            "revisions",
            key,
            "the text does not match its content hash",
        )));
    }
    // Format 1 wrote a row per claim under the revision's key; format 2 one pack at the key
    // itself. The hash covers either alike: each row's key and payload, in key order.
    let mut hasher = blake3::Hasher::new();
    for item in trees.occurrences.scan_prefix(key) {
        let (occ_key, occ_bytes) = item?;
        let payload = if occ_key.len() == key.len() {
            let pack: OccurrencePack = check!(decode_in("occurrences", &occ_key, &occ_bytes));
            if pack.occurrences.len() != revision.claims.len() {
                return Ok(Err(fail(
                    "occurrences",
                    &occ_key,
                    "the occurrences do not match the revision's claims",
                )));
            }
            if !pack.occurrences.iter().all(|o| o.fits(&revision.text)) {
                return Ok(Err(fail(
                    "occurrences",
                    &occ_key,
                    "a span lies outside the revision's text",
                )));
            }
            codec::payload(&pack)
        } else {
            let occurrence: OccurrenceRecord =
                check!(decode_in("occurrences", &occ_key, &occ_bytes));
            let end = occurrence.span.end_byte as usize;
            if end > revision.text.len() || !revision.text.is_char_boundary(end) {
                return Ok(Err(fail(
                    "occurrences",
                    &occ_key,
                    "the span lies outside the revision's text",
                )));
            }
            codec::payload(&occurrence)
        };
        hasher.update(&occ_key);
        hasher.update(&payload);
    }
    if hasher.finalize().as_bytes() != &revision.occurrences_hash {
        return Ok(Err(fail(
            "occurrences",
            key,
            "the claims of this revision were altered",
        )));
    }
    Ok(Ok(()))
}

fn seq_of<T: Record>(
    tree: &str,
    key: &[u8],
    bytes: &[u8],
    seq: fn(&T) -> u64,
) -> Result<Option<(u64, Hash32)>, StoreError> {
    let record: T = decode_in(tree, key, bytes)?;
    Ok(Some((
        seq(&record),
        stored_payload_hash::<T>(tree, key, bytes)?,
    )))
}

/// BLAKE3 of a record's payload as stored: what the event that wrote it recorded, in whatever
/// schema it was written (decoding converts an older one, whose re-encoding would differ).
fn stored_payload_hash<T: Record>(
    tree: &str,
    key: &[u8],
    bytes: &[u8],
) -> Result<Hash32, StoreError> {
    codec::checked_payload(bytes, T::TYPE)
        .map(|payload| Hash32::of(&payload))
        .map_err(|err| decode_error(tree, key, err))
}

fn meta_seq(key: &[u8], bytes: &[u8]) -> Result<Option<(u64, Hash32)>, StoreError> {
    if key == keys::META_WORKFLOW {
        seq_of::<WorkflowRecord>("meta", key, bytes, |r| r.event_seq)
    } else if key.starts_with(keys::CONFIG_PREFIX) {
        seq_of::<ConfigRecord>("meta", key, bytes, |r| r.event_seq)
    } else if key.starts_with(keys::USER_PREFIX) {
        seq_of::<UserRecord>("meta", key, bytes, |r| r.event_seq)
    } else if key.starts_with(keys::TOKEN_PREFIX) {
        seq_of::<TokenRecord>("meta", key, bytes, |r| r.event_seq)
    } else if key.starts_with(keys::ASSIGN_PREFIX) {
        seq_of::<AssignmentRecord>("meta", key, bytes, |r| r.event_seq)
    } else if key.starts_with(keys::WEBHOOK_PREFIX) {
        seq_of::<WebhookRecord>("meta", key, bytes, |r| r.event_seq)
    } else if key.starts_with(keys::REFERENCE_PREFIX) {
        seq_of::<ReferenceRecord>("meta", key, bytes, |r| r.event_seq)
    } else if key == keys::META_HEAD || key == keys::META_FORMAT {
        // The head is checked against the chain above; the format row predates every event.
        Ok(None)
    } else {
        Err(integrity("meta", key, "unknown key"))
    }
}

/// Checks what one article's report cites, in time that follows the article and not the store:
/// the head names the log's last event; each of the article's events (read through the event
/// index) links to the event before it and the head; the article's row, revisions (their text and
/// occurrences), reviews and claims match the events that wrote them. Not checked: records of
/// other articles, and events between the article's own (only their links to these). The full
/// check is [`verify`].
pub(super) fn verify_article(
    store: &Store,
    id: &crate::model::ArticleId,
) -> Result<Result<AuditHead, AuditFailure>, StoreError> {
    let trees = &store.trees;
    let head_bytes = trees.meta.get(keys::META_HEAD)?;
    let head = match head_bytes {
        Some(bytes) => check!(decode_in::<HeadRecord>("meta", keys::META_HEAD, &bytes)),
        None => HeadRecord {
            seq: 0,
            hash: [0; 32],
        },
    };
    if trees.events.contains_key(keys::event(head.seq + 1))? {
        return Ok(Err(fail(
            "meta",
            keys::META_HEAD,
            format!("the head says event {} but the log goes on", head.seq),
        )));
    }
    passed!(article_events_link(trees, id, &head));
    passed!(article_records_match(trees, id, &head));
    Ok(Ok(AuditHead {
        seq: head.seq,
        hash: Hash32(head.hash),
    }))
}

/// The event at `seq`, or the failure of its absence or damage.
fn event_at(
    trees: &super::Trees,
    seq: u64,
) -> Result<Result<EventRecord, AuditFailure>, StoreError> {
    let key = keys::event(seq);
    match trees.events.get(key)? {
        Some(bytes) => damage(decode_in::<EventRecord>("events", &key, &bytes)),
        None => Ok(Err(fail("events", &key, format!("event {seq} is missing")))),
    }
}

/// [`verify_article`]'s events: the head and each of the article's own is where the index says,
/// links to the event before it, and left every row it wrote.
fn article_events_link(
    trees: &super::Trees,
    id: &crate::model::ArticleId,
    head: &HeadRecord,
) -> Result<Result<(), AuditFailure>, StoreError> {
    let event_at = |seq| event_at(trees, seq);
    // The events to check: the head and each of the article's own.
    let mut seqs = vec![head.seq];
    for item in trees.event_index.scan_prefix(keys::article_prefix(id)) {
        let (row, _) = item?;
        match keys::indexed_seq(&row) {
            Some(seq) => seqs.push(seq),
            None => return Ok(Err(fail("event_index", &row, "malformed key"))),
        }
    }
    for seq in seqs.into_iter().filter(|&seq| seq > 0) {
        let event = passed!(event_at(seq));
        if event.seq != seq {
            return Ok(Err(fail(
                "events",
                &keys::event(seq),
                format!("holds event {}", event.seq),
            )));
        }
        if seq == head.seq && event.chain_hash().0 != head.hash {
            return Ok(Err(fail(
                "meta",
                keys::META_HEAD,
                "does not match the log's last event",
            )));
        }
        passed!(touched_rows_exist(trees, &event));
        let expected_prev = match seq {
            1 => Hash32::default(),
            _ => passed!(event_at(seq - 1)).chain_hash(),
        };
        if event.prev != expected_prev.0 {
            return Ok(Err(fail(
                "events",
                &keys::event(seq),
                "does not link to the previous event's hash",
            )));
        }
    }
    Ok(Ok(()))
}

/// [`verify_article`]'s records: the article's row, revisions, claims and reviews, each against
/// the event that last wrote it.
fn article_records_match(
    trees: &super::Trees,
    id: &crate::model::ArticleId,
    head: &HeadRecord,
) -> Result<Result<(), AuditFailure>, StoreError> {
    let event_at = |seq| event_at(trees, seq);
    let owned = |tree_name: &'static str,
                 key: &[u8],
                 seq: u64,
                 payload_hash: Hash32|
     -> Result<Result<(), AuditFailure>, StoreError> {
        if seq > head.seq {
            return Ok(Err(fail(
                tree_name,
                key,
                format!("names event {seq}, which does not exist"),
            )));
        }
        let event = match event_at(seq)? {
            Ok(event) => event,
            Err(_) => {
                return Ok(Err(fail(
                    tree_name,
                    key,
                    format!("names event {seq}, which does not exist"),
                )));
            }
        };
        Ok(
            match event
                .touched
                .iter()
                .find(|t| t.tree == tree_name && t.key == key)
            {
                Some(touched) if touched.hash == payload_hash.0 => Ok(()),
                Some(_) => Err(fail(
                    tree_name,
                    key,
                    format!("differs from what event {seq} recorded"),
                )),
                None => Err(fail(
                    tree_name,
                    key,
                    format!("is not among the records event {seq} wrote"),
                )),
            },
        )
    };
    let article_key = keys::article(id);
    if let Some(bytes) = trees.articles.get(&article_key)? {
        let record: ArticleRecord = check!(decode_in("articles", &article_key, &bytes));
        passed!(owned(
            "articles",
            &article_key,
            record.event_seq,
            check!(stored_payload_hash::<ArticleRecord>(
                "articles",
                &article_key,
                &bytes
            ))
        ));
    }
    let prefix = keys::article_prefix(id);
    // Every claim the article's revisions carry: since format 2 most have no review row to lead
    // to them, and a pack reads its claims' canonical forms from the claims tree.
    let mut claims = std::collections::BTreeSet::new();
    for item in trees.revisions.scan_prefix(&prefix) {
        let (key, bytes) = item?;
        let revision: RevisionRecord = check!(decode_in("revisions", &key, &bytes));
        passed!(owned(
            "revisions",
            &key,
            revision.event_seq,
            check!(stored_payload_hash::<RevisionRecord>(
                "revisions",
                &key,
                &bytes
            ))
        ));
        passed!(revision_content(trees, &key, &revision));
        claims.extend(revision.claims.iter().copied());
    }
    for claim_key in &claims {
        let Some(claim_bytes) = trees.claims.get(claim_key)? else {
            return Ok(Err(fail(
                "claims",
                claim_key,
                "a claim of the article is not stored",
            )));
        };
        passed!(claim_hashes_to_its_id(claim_key, &claim_bytes));
    }
    for item in trees.reviews.scan_prefix(&prefix) {
        let (key, bytes) = item?;
        let review: ReviewRecord = check!(decode_in("reviews", &key, &bytes));
        passed!(owned(
            "reviews",
            &key,
            review.event_seq,
            check!(stored_payload_hash::<ReviewRecord>("reviews", &key, &bytes))
        ));
        let claim_key = &key[prefix.len()..];
        if <[u8; 32]>::try_from(claim_key).is_ok_and(|id| claims.contains(&id)) {
            continue;
        }
        let Some(claim_bytes) = trees.claims.get(claim_key)? else {
            return Ok(Err(fail(
                "reviews",
                &key,
                "names a claim that is not stored",
            )));
        };
        passed!(claim_hashes_to_its_id(claim_key, &claim_bytes));
    }
    Ok(Ok(()))
}
