//! The store: articles, revisions, claims, reviews and the audit log in an embedded sled database.
//!
//! Every write goes through [`Store::write`], which runs the caller's changes and the audit event
//! that records them in ONE multi-tree transaction, then fsyncs before returning: a command
//! reports success only for what is on disk, and a process killed at any moment leaves the store
//! as it was before or after the command. The storage engine itself (sled, and its traps) is
//! `engine`'s: this module and the ones beside it see trees, scans and transactions, and every
//! value they store passes through `codec`.

mod archive;
mod codec;
mod compact;
mod engine;
#[cfg(test)]
mod golden;
mod keys;
mod lock;
mod records;
mod reserve;
mod verify;

use std::fs::{self, File};
use std::io;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use self::archive::{
    ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveError, ArchiveSummary, IMPORT_MARKER, check_archive_stream,
    check_record,
};
use self::codec::{DecodeError, Record};
pub use self::compact::CompactSummary;
use self::engine::{Batch, Bytes, Db, Tree, TxTree};
pub use self::engine::{EngineError, TxError};
use self::records::{
    ArticleRecord, ClaimRecord, ConfigRecord, EventKindRecord, EventRecord, EvidenceRecord,
    FormatRecord, HeadRecord, OccurrencePack, OccurrenceRecord, PackedOccurrence, ReviewRecord,
    RevisionHead, RevisionRecord, RevisionRecordV1, Touched, WorkflowRecord,
};
pub use self::verify::AuditFailure;
use crate::model::{
    Article, ArticleId, AuditHead, Claim, ClaimId, ClaimKind, Event, EventKind, Hash32,
    MIN_PREFIX_LEN, Review, Revision, Timestamp,
};

/// The on-disk layout this build writes; stores with a higher number are refused.
///
/// 2: one occurrence pack per revision, and no review row until a claim's review changes. A
/// format-1 store is read as it is (its revisions keep their per-claim occurrence rows and its
/// claims their review rows) and becomes format 2 with its first write by this build, since that
/// write may add revisions of the new shape, which an older build could not read.
pub const FORMAT_VERSION: u32 = 2;

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

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No store at the path.
    #[error("no factdesk store at {}: run `factdesk init` first, or pass --store DIR", path.display())]
    Missing {
        /// Where one was looked for.
        path: PathBuf,
    },
    /// The store path names a file.
    #[error("{} is a file, not a store: pass --store with a folder (a new one, or a store)", path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// `init` on a path that already holds a store.
    #[error("a factdesk store already exists at {}: use it, or pass another --store DIR", path.display())]
    AlreadyExists {
        /// The store's path.
        path: PathBuf,
    },
    /// Another process holds the store (and kept it past the wait, if there was one).
    #[error("the store at {} is in use by another factdesk process{}", path.display(), waited_for(*waited))]
    Locked {
        /// The store's path.
        path: PathBuf,
        /// How long this process waited for it.
        waited: Duration,
    },
    /// The file system refused.
    #[error("cannot use the store at {}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The database files are damaged beyond opening.
    #[error("the store at {} is damaged ({detail}): restore it from a backup", path.display())]
    Corrupt {
        /// The store's path.
        path: PathBuf,
        /// What the storage engine said.
        detail: String,
    },
    /// A stored value failed its integrity check.
    #[error(
        "integrity error in tree `{tree}` at {key}: {detail}; the store is damaged: restore it from a backup"
    )]
    Integrity {
        /// Tree name.
        tree: String,
        /// The key, written for people.
        key: String,
        /// What was wrong.
        detail: String,
    },
    /// A value written by a newer factdesk.
    #[error(
        "{what} was written by a newer factdesk (version {found}; this build reads up to {supported}): upgrade factdesk"
    )]
    NewerFormat {
        /// What was being read.
        what: String,
        /// Version found.
        found: u32,
        /// Highest version this build reads.
        supported: u32,
    },
    /// The storage engine failed; nothing was applied.
    #[error("storage error: {0}; the command was not applied")]
    Backend(#[source] EngineError),
    /// The file system holding the store is full; nothing was applied.
    #[error(
        "the disk is full: the store at {} cannot grow and the command was not acknowledged; free some space, then run it again",
        path.display()
    )]
    DiskFull {
        /// The store's path (empty when the engine did not say).
        path: PathBuf,
    },
    /// The disk had no room for a compaction's copy; the store is as it was.
    #[error(
        "the disk is full: compacting the store at {} needs room for a copy of its database beside it (up to {} MB); free that much, then run it again (the store is as it was)",
        path.display(),
        needed.div_ceil(1 << 20)
    )]
    NoRoomToCompact {
        /// The store's path.
        path: PathBuf,
        /// The database's size on disk, which the copy needs at most.
        needed: u64,
    },
    /// The storage engine found damaged bytes while reading (its own checksums failed).
    #[error(
        "the store's files are damaged ({detail}): restore it from a backup (`factdesk import`)"
    )]
    Unreadable {
        /// What the storage engine said.
        detail: String,
    },
    /// An import into this directory was interrupted before it finished and was verified.
    #[error(
        "the store at {} is an import that did not finish: delete the directory and import the archive again",
        path.display()
    )]
    ImportIncomplete {
        /// The store's path.
        path: PathBuf,
    },
}

fn waited_for(waited: Duration) -> String {
    if waited.is_zero() {
        ": try again once it has finished, or set FACTDESK_LOCK_WAIT to the seconds to wait for it"
            .to_owned()
    } else {
        format!(" (waited {waited:?} for it): try again once that has finished")
    }
}

impl StoreError {
    /// Whether the store itself is damaged (as opposed to missing, busy or refused).
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            StoreError::Corrupt { .. }
                | StoreError::Integrity { .. }
                | StoreError::Unreadable { .. }
                | StoreError::ImportIncomplete { .. }
        )
    }
}

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

    /// The tree of a name in [`TREE_NAMES`].
    fn by_name(&self, name: &str) -> &Tree {
        match name {
            "meta" => &self.meta,
            "articles" => &self.articles,
            "revisions" => &self.revisions,
            "claims" => &self.claims,
            "occurrences" => &self.occurrences,
            "reviews" => &self.reviews,
            "claim_articles" => &self.claim_articles,
            "events" => &self.events,
            "event_index" => &self.event_index,
            // TREE_NAMES is every caller's source of names.
            _ => &self.evidence,
        }
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

/// A revision's occurrence pack, encoded, with what its revision row records of it: made before
/// the revision's transaction, on any thread, from the very text and claims the transaction will
/// write (`Desk::pack_occurrences`), so that the single thread that commits a batch ingest only
/// checks that it fits ([`WriteTx::put_revision`]).
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
        let store = Store {
            path: dir.to_owned(),
            db,
            trees,
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

    /// Runs `change` and the audit event it returns as one transaction, fsynced before returning.
    ///
    /// `change` may run more than once (the engine retries on conflict), so it must not have side
    /// effects outside `tx`. It returns its result and the event to append, or `None` when it
    /// decided to change nothing, in which case it must not have written anything. An
    /// `Err(TxError::abort(e))` rolls everything back and comes out as `Ok(Err(e))`.
    pub fn write<T, E, F>(
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

    // ---- reads -------------------------------------------------------------------------------

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

    /// The claims of one revision, in text order.
    pub fn claims_of(&self, id: &ArticleId, number: u32) -> Result<Vec<Claim>, StoreError> {
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

fn article_from(tree: &str, key: &[u8], bytes: &[u8]) -> Result<Article, StoreError> {
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
fn initial_reviews<E: From<StoreError>>(
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
pub struct WriteTx<'a> {
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
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Appends an event recording what was written since the previous one. A transaction that
    /// does several things (a folder of revisions) emits one event for each, all committed
    /// together; the last one may instead be returned from the change.
    pub fn emit<E>(&mut self, kind: &EventKind) -> TxResult<(), E> {
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

    fn put_meta<T: Record, E>(&mut self, key: &[u8], record: &T) -> TxResult<(), E> {
        self.trees.meta.insert(key, codec::encode(record))?;
        self.touch("meta", key, record);
        Ok(())
    }

    /// Replaces the workflow in force.
    pub fn put_workflow<E>(&mut self, text: &str) -> TxResult<(), E> {
        let record = WorkflowRecord {
            text: text.to_owned(),
            hash: Hash32::of(text.as_bytes()).0,
            event_seq: self.seq,
        };
        self.put_meta(keys::META_WORKFLOW, &record)
    }

    /// Sets a store setting.
    pub fn put_config<E>(&mut self, name: &str, value: &str) -> TxResult<(), E> {
        let record = ConfigRecord {
            value: value.to_owned(),
            event_seq: self.seq,
        };
        self.put_meta(&keys::config(name), &record)
    }

    /// Reads an article.
    pub fn article<E>(&self, id: &ArticleId) -> TxResult<Option<Article>, E> {
        let key = keys::article(id);
        match self.trees.articles.get(&key)? {
            Some(bytes) => Ok(Some(article_from("articles", &key, &bytes)?)),
            None => Ok(None),
        }
    }

    /// Writes an article.
    pub fn put_article<E>(&mut self, article: &Article) -> TxResult<(), E> {
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
    pub fn revision<E>(&self, id: &ArticleId, number: u32) -> TxResult<Option<Revision>, E> {
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
    pub fn claim_in_article<E>(&self, claim: &ClaimId, article: &ArticleId) -> TxResult<bool, E> {
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
    pub fn put_revision<E>(
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

    /// Stores an evidence file under the BLAKE3 of its bytes (once: equal files share a key).
    pub fn put_evidence<E>(&mut self, name: &str, bytes: &[u8]) -> TxResult<Hash32, E> {
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
    pub fn review<E>(&self, id: &ArticleId, claim: &ClaimId) -> TxResult<Option<Review>, E> {
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
    pub fn put_review<E>(&mut self, review: &Review) -> TxResult<(), E> {
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
