//! The storage engine: sled 0.34.7, and all of it that the store uses.
//!
//! The store sees named trees of byte keys and values, point reads, ordered scans that stop at
//! the first error, batches applied to one tree, and write transactions over every tree that are
//! atomic, and durable once asked to be. This module is the one place that names sled: another
//! engine would replace this module, the records, their envelopes and the audit checks staying
//! as they are. Errors leave it as [`StoreError`]s.
//!
//! sled's traps, measured when the store was designed: a second open of a store fails with an
//! untyped I/O error (the store takes its own lock first); `db.flush()` inside a transaction
//! deadlocks (transactions ask for a flush on commit instead, [`TxTree::commit_durably`]);
//! `Tree::len()` spins forever on a corrupt tree (never called; every scan stops at the first
//! error).

use std::fmt;
use std::fs;
use std::io;
use std::ops::{Deref, RangeBounds};
use std::path::{Path, PathBuf};

use sled::Transactional;
use sled::transaction::{
    ConflictableTransactionError, TransactionError, TransactionalTree, UnabortableTransactionError,
};

use super::StoreError;

/// sled's page cache: bounded so a 100k-article batch ingest stays within a few hundred MB.
const CACHE_BYTES: u64 = 64 << 20;
/// The page cache of a process that keeps the store open and reads it at random (the web
/// desk): sled's bound counts pages at their size on disk and a page in memory takes several
/// times that, while the hit rate of random articles in a large store hardly depends on it
/// (docs/scale.md, "The web desk under load": 16 clients at 100k, 64 → 32 MiB took the
/// server's peak from 507 to 468 MB for 7 % more CPU a page).
pub const SERVER_CACHE_BYTES: u64 = 32 << 20;

static CACHE_SETTING: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(CACHE_BYTES);

/// Sets the page cache of the stores this process opens from now on.
pub fn set_page_cache(bytes: u64) {
    CACHE_SETTING.store(bytes, std::sync::atomic::Ordering::Relaxed);
}

/// What the storage engine said when it failed: shown to people, never matched on.
#[derive(Debug)]
pub struct EngineError(sled::Error);

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for EngineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// A failure of the engine while the store was in use (an open has its own, [`Db::open`]).
fn failure(err: sled::Error) -> StoreError {
    match err {
        // sled's CRC caught damaged bytes: not a transient failure, the store needs restoring.
        sled::Error::Corruption { at, .. } => StoreError::Unreadable {
            detail: corruption(at.as_ref()),
        },
        sled::Error::Io(ref source) if is_disk_full(source) => StoreError::DiskFull {
            path: PathBuf::from("(this store)"),
        },
        other => StoreError::Backend(EngineError(other)),
    }
}

/// What sled's corruption error means, in words for the person who has to restore the store
/// (sled's own message names its internals: "Read corrupted data at file offset None backtrace").
fn corruption(at: Option<&sled::DiskPtr>) -> String {
    let place = match at {
        Some(ptr) => format!(" at byte {} of its log", ptr.lid()),
        None => String::new(),
    };
    format!("its database files fail their checksums{place}")
}

/// ENOSPC or EDQUOT, however sled wrapped it.
pub(super) fn is_disk_full(err: &io::Error) -> bool {
    if err.kind() == io::ErrorKind::StorageFull || err.kind() == io::ErrorKind::QuotaExceeded {
        return true;
    }
    // sled sometimes rewraps the OS error as a custom one, keeping only the text.
    let text = err.to_string();
    text.contains("No space left on device") || text.contains("Disk quota exceeded")
}

/// A stored key or value, as the engine hands it out (shared with its cache, not copied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Bytes(sled::IVec);

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// An open database directory.
pub(super) struct Db(sled::Db);

impl Db {
    /// Opens (or creates) the database in `dir`, which the caller has locked.
    pub(super) fn open(dir: &Path) -> Result<Db, StoreError> {
        Db::open_with_cache(
            dir,
            CACHE_SETTING.load(std::sync::atomic::Ordering::Relaxed),
        )
    }

    /// [`Db::open`] with a page cache of `cache_bytes` (a database only written in key order,
    /// as a compaction's copy, reads back little of what it wrote).
    pub(super) fn open_with_cache(dir: &Path, cache_bytes: u64) -> Result<Db, StoreError> {
        remove_interrupted_snapshots(dir)?;
        let db = sled::Config::new()
            .path(dir)
            // sled's default page cache is 1 GiB, which a batch ingest fills: bounded here so
            // memory does not grow with the archive. Reads of one article touch a few pages.
            .cache_capacity(cache_bytes)
            .open()
            .map_err(|err| match err {
                sled::Error::Corruption { ref at, .. } => StoreError::Corrupt {
                    path: store_dir(dir),
                    detail: corruption(at.as_ref()),
                },
                sled::Error::Io(source) if is_disk_full(&source) => StoreError::DiskFull {
                    path: store_dir(dir),
                },
                // Our own lock was free but sled's is held: a process that did not take ours (an
                // older factdesk, a raw sled handle). sled says so only in the message.
                sled::Error::Io(source)
                    if source.to_string().contains("could not acquire lock") =>
                {
                    StoreError::Locked {
                        path: store_dir(dir),
                        waited: std::time::Duration::ZERO,
                    }
                }
                sled::Error::Io(source) => StoreError::Io {
                    path: dir.to_owned(),
                    source,
                },
                other => StoreError::Backend(EngineError(other)),
            })?;
        Ok(Db(db))
    }

    /// A tree of the database, made empty the first time it is asked for.
    pub(super) fn tree(&self, name: &str) -> Result<Tree, StoreError> {
        self.0.open_tree(name).map(Tree).map_err(failure)
    }

    /// Makes every write so far durable.
    pub(super) fn flush(&self) -> Result<(), StoreError> {
        self.0.flush().map(drop).map_err(failure)
    }

    /// Leaves the engine to the OS at exit, unflushed. After a failed write sled keeps a global
    /// error, and its flush, on our drop or its own, waits forever for buffers that can never
    /// become stable; everything acknowledged is already on disk.
    pub(super) fn abandon(&self) {
        std::mem::forget(self.0.clone());
    }
}

/// The store directory of a database directory (`STORE/db`), which errors name.
fn store_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(db).to_owned()
}

/// The size of sled's newest finished snapshot in `db` (0 when it has none): what its next
/// open may have to write again.
pub(super) fn snapshot_bytes(db: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(db) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with("snap.") && !name.ends_with(".generating")
        })
        .filter_map(|entry| entry.metadata().ok().map(|meta| meta.len()))
        .max()
        .unwrap_or(0)
}

/// Deletes snapshot files that sled began and never finished.
///
/// sled 0.34.7 writes a snapshot to `snap.N.generating`, syncs it and renames it to `snap.N`; a
/// process killed or a disk filled in between leaves the `.generating` file, and sled's own open
/// then picks it as the newest snapshot and fails with "corrupt snapshot" (sled #1527; measured
/// here after a disk-full ingest). Such a file is by sled's protocol never the committed snapshot
/// (the log is the truth and the previous snapshot stays), so removing it loses nothing. A
/// damaged *finished* snapshot is left alone: that is real damage, reported as such.
fn remove_interrupted_snapshots(db: &Path) -> Result<(), StoreError> {
    let Ok(entries) = fs::read_dir(db) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            fs::remove_file(entry.path()).map_err(|source| StoreError::Io {
                path: entry.path(),
                source,
            })?;
        }
    }
    Ok(())
}

/// One tree: keys in byte order.
#[derive(Clone)]
pub(super) struct Tree(sled::Tree);

impl Tree {
    /// The value at `key`.
    pub(super) fn get(&self, key: impl AsRef<[u8]>) -> Result<Option<Bytes>, StoreError> {
        self.0
            .get(key)
            .map(|value| value.map(Bytes))
            .map_err(failure)
    }

    /// Whether `key` holds a value.
    pub(super) fn contains_key(&self, key: impl AsRef<[u8]>) -> Result<bool, StoreError> {
        self.0.contains_key(key).map_err(failure)
    }

    /// Every entry, in key order.
    pub(super) fn iter(&self) -> Scan {
        Scan(self.0.iter())
    }

    /// The entries whose key starts with `prefix`, in key order.
    pub(super) fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> Scan {
        Scan(self.0.scan_prefix(prefix))
    }

    /// The entries whose key lies in `range`, in key order.
    pub(super) fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> Scan {
        Scan(self.0.range(range))
    }

    /// Sets `key` outside any transaction: only for the trees that hold no audited data (the
    /// desk's login sessions).
    pub(super) fn insert(
        &self,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), StoreError> {
        self.0
            .insert(key.as_ref(), value.as_ref())
            .map(drop)
            .map_err(failure)
    }

    /// Removes `key` outside any transaction, as [`Tree::insert`] sets it.
    pub(super) fn remove(&self, key: impl AsRef<[u8]>) -> Result<(), StoreError> {
        self.0.remove(key.as_ref()).map(drop).map_err(failure)
    }

    /// Applies `batch` to this tree at once: after a crash, all of it or none is there.
    pub(super) fn apply(&self, batch: Batch) -> Result<(), StoreError> {
        self.0.apply_batch(batch.0).map_err(failure)
    }
}

/// Entries of a tree in key order; each item is checked by the engine as it is read.
pub(super) struct Scan(sled::Iter);

impl Iterator for Scan {
    type Item = Result<(Bytes, Bytes), StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|item| {
            item.map(|(key, value)| (Bytes(key), Bytes(value)))
                .map_err(failure)
        })
    }
}

/// Writes to one tree, applied together by [`Tree::apply`].
#[derive(Default)]
pub(super) struct Batch(sled::Batch);

impl Batch {
    /// Sets `key` to `value` when the batch is applied.
    pub(super) fn insert(&mut self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) {
        self.0.insert(key.as_ref(), value.as_ref());
    }

    /// Removes `key` when the batch is applied.
    pub(super) fn remove(&mut self, key: impl AsRef<[u8]>) {
        self.0.remove(key.as_ref());
    }
}

/// Why a transaction stopped: the caller's refusal, a store problem found inside it, or the
/// engine's own signal (a conflict to retry on, a failure).
enum Failure<E> {
    Caller(E),
    Store(StoreError),
    Engine(UnabortableTransactionError),
}

/// An error inside a transaction: the caller's refusal or a store failure.
pub struct TxError<E>(Failure<E>);

impl<E> TxError<E> {
    /// Refuses the change: the transaction is rolled back and `err` returned.
    pub fn abort(err: E) -> TxError<E> {
        TxError(Failure::Caller(err))
    }

    fn into_sled(self) -> ConflictableTransactionError<Failure<E>> {
        match self.0 {
            // Conflicts go back to sled, which runs the body again.
            Failure::Engine(err) => err.into(),
            other => ConflictableTransactionError::Abort(other),
        }
    }
}

impl<E> From<StoreError> for TxError<E> {
    fn from(err: StoreError) -> Self {
        TxError(Failure::Store(err))
    }
}

/// A tree inside a transaction: reads see the transaction's own writes.
pub(super) struct TxTree<'t>(&'t TransactionalTree);

impl TxTree<'_> {
    /// The value at `key`.
    pub(super) fn get<E>(&self, key: impl AsRef<[u8]>) -> Result<Option<Bytes>, TxError<E>> {
        self.0
            .get(key)
            .map(|value| value.map(Bytes))
            .map_err(|err| TxError(Failure::Engine(err)))
    }

    /// Sets `key` to `value` when the transaction commits.
    pub(super) fn insert<E>(
        &self,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), TxError<E>> {
        self.0
            .insert(key.as_ref(), value.as_ref())
            .map(drop)
            .map_err(|err| TxError(Failure::Engine(err)))
    }

    /// Makes the transaction durable before [`transaction`] returns: sled fsyncs after
    /// committing and releasing its locks (a plain `db.flush()` in here would deadlock, sled
    /// #1134).
    pub(super) fn commit_durably(&self) {
        self.0.flush();
    }
}

/// Runs `body` over `trees` (their views in the same order) as one transaction: all of its
/// writes or none are applied, also across a crash.
///
/// `body` may run more than once (sled retries on conflict), so it must not have side effects
/// outside the transaction. An `Err(TxError::abort(e))` rolls everything back and comes out as
/// `Ok(Err(e))`.
pub(super) fn transaction<const N: usize, T, E>(
    trees: &[Tree; N],
    body: impl Fn(&[TxTree<'_>; N]) -> Result<T, TxError<E>>,
) -> Result<Result<T, E>, StoreError> {
    let sled_trees: Vec<sled::Tree> = trees.iter().map(|tree| tree.0.clone()).collect();
    let result = sled_trees.as_slice().transaction(|views| {
        let views: Vec<TxTree<'_>> = views.iter().map(TxTree).collect();
        // sled gives one view a tree, in order.
        let Ok(views) = <[TxTree<'_>; N]>::try_from(views) else {
            let bug = sled::Error::ReportableBug("a transaction lost a tree's view".into());
            return Err(ConflictableTransactionError::Abort(Failure::Store(
                failure(bug),
            )));
        };
        body(&views).map_err(TxError::into_sled)
    });
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(TransactionError::Abort(Failure::Caller(err))) => Ok(Err(err)),
        Err(TransactionError::Abort(Failure::Store(err))) => Err(err),
        // `into_sled` turns the engine's signals back into sled's, so none is ever an abort.
        Err(TransactionError::Abort(Failure::Engine(err))) => Err(match err {
            UnabortableTransactionError::Storage(err) => failure(err),
            UnabortableTransactionError::Conflict => failure(sled::Error::ReportableBug(
                "a transaction conflict escaped the retry loop".into(),
            )),
        }),
        Err(TransactionError::Storage(err)) => Err(failure(err)),
    }
}
