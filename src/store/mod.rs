//! The store: articles, revisions, claims, reviews and the audit log in an embedded sled database.
//!
//! Every write goes through `Store::write`, which runs the caller's changes and the audit event
//! that records them in ONE multi-tree transaction, then fsyncs before returning: a command
//! reports success only for what is on disk, and a process killed at any moment leaves the store
//! as it was before or after the command. The storage engine itself (sled, and its traps) is
//! `engine`'s: this module and the ones beside it see trees, scans and transactions, and every
//! value they store passes through `codec`.

mod archive;
mod codec;
mod compact;
mod engine;
mod error;
#[cfg(test)]
mod golden;
mod keys;
mod lock;
mod outbox;
mod read;
mod records;
mod reserve;
mod sessions;
mod verify;
mod write;

use std::fs::{self, File};
use std::io;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use self::archive::{
    ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveError, ArchiveSummary, IMPORT_MARKER,
    check_archive_stream, check_record,
};
use self::codec::{DecodeError, Record};
pub use self::compact::CompactSummary;
use self::engine::{Batch, Bytes, Db, Tree, TxTree};
pub use self::engine::{EngineError, SERVER_CACHE_BYTES, TxError, set_page_cache};
pub use self::error::StoreError;
pub(crate) use self::keys::hex;
pub use self::outbox::OutboxStep;
use self::read::article_from;
pub(crate) use self::read::curate;
pub use self::read::{FoundClaim, Lookup};
use self::records::{
    ArticleRecord, AssignmentRecord, ClaimRecord, ConfigRecord, EventKindRecord, EventRecord,
    EvidenceRecord, FormatRecord, HeadRecord, OccurrencePack, OccurrenceRecord, PackedOccurrence,
    ReferenceRecord, ReviewRecord, RevisionHead, RevisionRecord, RevisionRecordV1, TokenRecord,
    Touched, UserRecord, WebhookRecord, WorkflowRecord,
};
pub use self::sessions::StoredSession;
pub use self::verify::AuditFailure;
pub use self::write::EncodedPack;
pub(crate) use self::write::WriteTx;
use self::write::initial_reviews;
use crate::model::{
    ApiToken, Article, ArticleId, Assignment, AuditHead, Claim, ClaimDetail, ClaimId, ClaimKind,
    Curation, Event, EventKind, Hash32, HeldReference, MIN_PREFIX_LEN, ReferenceVerdict, Review,
    Revision, Timestamp, User, Webhook,
};

/// The on-disk layout this build writes; stores with a higher number are refused.
///
/// 2: one occurrence pack per revision, and no review row until a claim's review changes. A
/// format-1 store is read as it is (its revisions keep their per-claim occurrence rows and its
/// claims their review rows) and becomes format 2 with its first write by this build, since that
/// write may add revisions of the new shape, which an older build could not read.
///
/// 3: an ingest's audit event records the claims that kept their review under a new id
/// (`RevisionAddedWithPairs`), which an older build could not read; the events an older build
/// wrote stay as they are, and are read as before.
///
/// 4: editors curate claims (`Curated` events; review rows of schema 2 carry the curation: an
/// added claim's occurrence, a speaker fix, a dismissal, a gate override). Rows of schema 1 are
/// read as reviews with no curation.
pub const FORMAT_VERSION: u32 = 4;

/// The largest evidence file a store keeps (`mark --evidence`, and an import's records): a page
/// or a document as checked, not an archive of its own.
pub const MAX_EVIDENCE_BYTES: u64 = 32 << 20;

/// Every tree of a store, in the order archives list them.
pub const TREE_NAMES: [&str; 10] = [
    "meta",
    "articles",
    "revisions",
    "claims",
    "occurrences",
    "reviews",
    "claim_articles",
    "events",
    "evidence",
    "event_index",
];

fn integrity(tree: &str, key: &[u8], detail: impl Into<String>) -> StoreError {
    StoreError::Integrity {
        tree: tree.to_owned(),
        key: keys::describe(tree, key),
        detail: detail.into(),
    }
}

fn decode_in<T: Record>(tree: &str, key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
    codec::decode(bytes).map_err(|err| decode_error(tree, key, err))
}

fn decode_error(tree: &str, key: &[u8], err: DecodeError) -> StoreError {
    match err {
        DecodeError::Damaged(detail) => integrity(tree, key, detail),
        DecodeError::Newer { found, supported } => StoreError::NewerFormat {
            what: format!("the value in `{tree}` at {}", keys::describe(tree, key)),
            found: u32::from(found),
            supported: u32::from(supported),
        },
    }
}

/// Makes the creation, removal and renaming of files in `dir` durable, not only their contents
/// (an import's marker, a compaction's swap).
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A store is a folder: a file at its path is the user's slip, not a broken store.
pub(crate) fn refuse_file(dir: &Path) -> Result<(), StoreError> {
    if dir.exists() && !dir.is_dir() {
        return Err(StoreError::NotAFolder {
            path: dir.to_owned(),
        });
    }
    Ok(())
}

/// Refuses a directory holding an import that never finished.
fn refuse_incomplete_import(dir: &Path) -> Result<(), StoreError> {
    if dir.join(IMPORT_MARKER).exists() {
        return Err(StoreError::ImportIncomplete {
            path: dir.to_owned(),
        });
    }
    Ok(())
}

/// An open store, held exclusively by this process until dropped.
pub struct Store {
    path: PathBuf,
    db: Db,
    trees: Trees,
    /// The webhooks' outbox (`store::outbox`): operational state beside the audited trees, in
    /// none of their transactions, archives or checks.
    outbox: Tree,
    /// Set once a write failed in the storage engine (disk full, I/O error): such a store is left
    /// to the OS at exit instead of flushed (see `Db::abandon`).
    failed: std::sync::atomic::AtomicBool,
    /// Set when `meta/format` named an older format at open: each write then records this
    /// build's (once it has, the check inside the transaction finds nothing to do).
    older_format: std::sync::atomic::AtomicBool,
    /// Whether the disk had room for the space reserve at open: when not, writes are refused so
    /// that reads keep working (see `reserve`).
    room_reserved: bool,
    // Held for the store's lifetime: the OS releases the lock when the process ends, however it
    // ends, so a killed factdesk never leaves a stale lock behind.
    _lock: File,
}

/// One `T` a tree: the trees themselves, or a transaction's views of them.
struct Trees<T = Tree> {
    meta: T,
    articles: T,
    revisions: T,
    claims: T,
    occurrences: T,
    reviews: T,
    claim_articles: T,
    events: T,
    evidence: T,
    /// Derived: which events are about which article, and which changed the workflow, so that
    /// an article's history is read without scanning the whole log. Written with the event, in
    /// the same transaction; checked by `audit verify`.
    event_index: T,
}

impl<T> Trees<T> {
    /// From one value a tree, in the order of [`TREE_NAMES`] (that of [`Trees::all`]).
    fn from_array(
        [
            meta,
            articles,
            revisions,
            claims,
            occurrences,
            reviews,
            claim_articles,
            events,
            evidence,
            event_index,
        ]: [T; TREE_NAMES.len()],
    ) -> Trees<T> {
        Trees {
            meta,
            articles,
            revisions,
            claims,
            occurrences,
            reviews,
            claim_articles,
            events,
            evidence,
            event_index,
        }
    }
}

impl Trees {
    /// The trees of `db`, made empty the first time.
    fn open(db: &Db) -> Result<Trees, StoreError> {
        let open = |name: &str| db.tree(name);
        Ok(Trees {
            meta: open(TREE_NAMES[0])?,
            articles: open(TREE_NAMES[1])?,
            revisions: open(TREE_NAMES[2])?,
            claims: open(TREE_NAMES[3])?,
            occurrences: open(TREE_NAMES[4])?,
            reviews: open(TREE_NAMES[5])?,
            claim_articles: open(TREE_NAMES[6])?,
            events: open(TREE_NAMES[7])?,
            evidence: open(TREE_NAMES[8])?,
            event_index: open(TREE_NAMES[9])?,
        })
    }

    /// Every tree with its name, in the order of [`TREE_NAMES`].
    fn named(&self) -> impl Iterator<Item = (&'static str, Tree)> {
        TREE_NAMES.into_iter().zip(self.all())
    }

    /// Every tree, in the order of [`TREE_NAMES`].
    fn all(&self) -> [Tree; TREE_NAMES.len()] {
        [
            self.meta.clone(),
            self.articles.clone(),
            self.revisions.clone(),
            self.claims.clone(),
            self.occurrences.clone(),
            self.reviews.clone(),
            self.claim_articles.clone(),
            self.events.clone(),
            self.evidence.clone(),
            self.event_index.clone(),
        ]
    }
}

impl Store {
    /// Creates a new store at `dir` with `workflow_text` (already validated) as its workflow.
    pub fn create(
        dir: &Path,
        workflow_text: &str,
        workflow_name: &str,
        actor: &str,
        now: Timestamp,
    ) -> Result<Store, StoreError> {
        refuse_file(dir)?;
        fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_owned(),
            source,
        })?;
        refuse_incomplete_import(dir)?;
        let store = Store::open_unchecked(dir, Duration::ZERO)?;
        if store.trees.meta.get(keys::META_FORMAT)?.is_some() {
            return Err(StoreError::AlreadyExists {
                path: dir.to_owned(),
            });
        }
        let workflow_hash = Hash32::of(workflow_text.as_bytes());
        let created = store.write(actor, now, |tx| {
            tx.put_meta::<_, std::convert::Infallible>(
                keys::META_FORMAT,
                &FormatRecord {
                    format: FORMAT_VERSION,
                    created_at: now.0,
                    created_by: actor.to_owned(),
                },
            )?;
            tx.put_workflow(workflow_text)?;
            let kind = EventKind::StoreCreated {
                workflow: workflow_hash,
                workflow_name: workflow_name.to_owned(),
            };
            Ok(((), Some(kind)))
        })?;
        match created {
            Ok(()) => Ok(store),
            Err(never) => match never {},
        }
    }

    /// Opens an existing store, refusing at once if another process has it.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_waiting(dir, Duration::ZERO)
    }

    /// Opens an existing store, waiting up to `wait` for another process that has it.
    pub fn open_waiting(dir: &Path, wait: Duration) -> Result<Store, StoreError> {
        refuse_file(dir)?;
        refuse_incomplete_import(dir)?;
        if !dir.join("db").exists() && !compact::swapping(dir) {
            return Err(StoreError::Missing {
                path: dir.to_owned(),
            });
        }
        Store::open_unchecked(dir, wait)?.with_format_checked()
    }

    /// Refuses a store of a newer format; notes an older one, which the next write upgrades.
    fn with_format_checked(self) -> Result<Store, StoreError> {
        let bytes = self.trees.meta.get(keys::META_FORMAT)?;
        let Some(bytes) = bytes else {
            return Err(StoreError::Missing {
                path: self.path.clone(),
            });
        };
        let format: FormatRecord = decode_in("meta", keys::META_FORMAT, &bytes)?;
        if format.format > FORMAT_VERSION {
            return Err(StoreError::NewerFormat {
                what: format!("the store at {}", self.path.display()),
                found: format.format,
                supported: FORMAT_VERSION,
            });
        }
        self.older_format.store(
            format.format < FORMAT_VERSION,
            std::sync::atomic::Ordering::SeqCst,
        );
        Ok(self)
    }

    fn open_unchecked(dir: &Path, wait: Duration) -> Result<Store, StoreError> {
        let started = Instant::now();
        let lock = lock::acquire(dir, wait)?;
        Store::open_locked(dir, lock, started, wait)
    }

    /// Opens the database of a store whose `lock` this process holds, waiting until `wait` after
    /// `started` for sled's own lock, which a database closed a moment ago may still hold.
    fn open_locked(
        dir: &Path,
        lock: File,
        started: Instant,
        wait: Duration,
    ) -> Result<Store, StoreError> {
        compact::settle(dir)?;
        let mut released = false;
        let db = loop {
            match Db::open(&dir.join("db")) {
                // sled writes a snapshot as it opens; on a full disk the reserve makes room for it.
                Err(StoreError::DiskFull { .. }) if !released && reserve::release(dir) => {
                    released = true;
                }
                // The process that had the store a moment ago: sled's own lock outlives its
                // close by as long as sled's flusher thread takes to notice.
                Err(StoreError::Locked { .. }) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(StoreError::Locked { path, .. }) => {
                    return Err(StoreError::Locked { path, waited: wait });
                }
                other => break other?,
            }
        };
        let room_reserved =
            !released && reserve::keep(dir, engine::snapshot_bytes(&dir.join("db")));
        let trees = Trees::open(&db)?;
        let outbox = db.tree(outbox::TREE)?;
        let store = Store {
            path: dir.to_owned(),
            db,
            trees,
            outbox,
            failed: std::sync::atomic::AtomicBool::new(false),
            older_format: std::sync::atomic::AtomicBool::new(false),
            room_reserved,
            _lock: lock,
        };
        store.build_event_index()?;
        Ok(store)
    }

    /// Builds the event index of a store written before it existed: derived data, written
    /// outside the audit log, in one atomic batch with its "built" marker. Every event written
    /// since has its index row written in its own transaction.
    fn build_event_index(&self) -> Result<(), StoreError> {
        let index = &self.trees.event_index;
        if index.get(keys::EVENT_INDEX_BUILT)?.is_some() {
            return Ok(());
        }
        let mut batch = Batch::default();
        for item in self.trees.events.iter() {
            let (key, bytes) = item?;
            let record: EventRecord = decode_in("events", &key, &bytes)?;
            if let Some(row) = keys::event_index(&record.kind, record.seq) {
                batch.insert(row, &[][..]);
            }
        }
        batch.insert(keys::EVENT_INDEX_BUILT, &[][..]);
        index.apply(batch)?;
        self.db.flush()?;
        Ok(())
    }

    /// Where the store lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether another process is waiting to open this store ([`Store::open_waiting`]): a
    /// process that keeps it for long should then [`Store::close_for_waiters`].
    pub fn has_waiters(&self) -> bool {
        lock::has_waiters(&self.path)
    }

    /// Closes the store and returns once every process waiting for it has had it (or after
    /// `at_most`); the caller then waits its own turn with [`Store::open_waiting`].
    pub fn close_for_waiters(self, at_most: Duration) {
        let dir = self.path.clone();
        drop(self);
        lock::let_waiters_through(&dir, at_most);
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Every write already fsynced; this only shortens the engine's recovery at the next open.
        if self.failed.load(std::sync::atomic::Ordering::SeqCst) {
            // Everything acknowledged is already on disk; what failed was never acknowledged.
            self.db.abandon();
            return;
        }
        let _ = self.db.flush();
    }
}
