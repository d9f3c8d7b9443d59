//! Compaction: the database rewritten, record for record, into a fresh one that takes its place.
//!
//! A batch-ingested sled database holds the pages each transaction rewrote, and sled 0.34.7 only
//! reclaims a segment once less than half of it is live: at 10k articles the ingest leaves 2.3
//! times what the same records take written once in key order. The copy is made beside the
//! store (`DIR/db.compact`), read back and compared, and swapped in by two renames announced by a
//! marker file, all under the store's lock. A process killed at any moment leaves the old
//! database (the copy is removed at the next open) or, once the marker exists, the new one (the
//! next open finishes the swap): never a mix, never neither.

use std::fs::{self, File};
use std::path::Path;
use std::time::{Duration, Instant};

use super::archive::BatchWriter;
use super::engine::{Batch, Db};
use super::{Store, StoreError, TREE_NAMES, outbox};

/// The copy being made.
const COPY: &str = "db.compact";
/// The old database between the two renames, and until it is deleted.
const OLD: &str = "db.old";
/// Present from the moment the copy is complete and checked until the swap is done.
const SWAPPING: &str = "compact-swapping";

/// The copy's page cache: it is written in key order and read back once, so a large cache would
/// only add to the memory of a process that already holds the store's.
const COPY_CACHE_BYTES: u64 = 8 << 20;

/// Outbox rows in one batch of the copy at most (a delivery row is under a kilobyte).
const OUTBOX_BATCH: usize = 1_000;

/// How long the reopen after the swap waits for sled's lock on the old database to be released.
const REOPEN_WAIT: Duration = Duration::from_secs(10);

/// What a compaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactSummary {
    /// Records copied.
    pub records: u64,
    /// Bytes of the database on disk before.
    pub bytes_before: u64,
    /// Bytes of the database on disk after.
    pub bytes_after: u64,
}

impl Store {
    /// Rewrites the database into a fresh copy, checks that the copy reads back the same record
    /// for record, and swaps it in. Needs room for the copy beside the store. The audit trail is
    /// untouched: the same records, keys and bytes.
    pub fn compact(self) -> Result<(Store, CompactSummary), StoreError> {
        let dir = self.path.clone();
        let io_err = |path: &Path| {
            let path = path.to_owned();
            move |source| StoreError::Io { path, source }
        };
        let copy = dir.join(COPY);
        if copy.exists() {
            fs::remove_dir_all(&copy).map_err(io_err(&copy))?;
        }
        let bytes_before = size_on_disk(&dir.join("db"));
        let records = match self.copy_into(&copy) {
            Ok(records) => records,
            Err(err) => {
                // Frees the room a full disk needs back; the store is as it was.
                let _ = fs::remove_dir_all(&copy);
                return Err(match err {
                    StoreError::DiskFull { .. } => StoreError::NoRoomToCompact {
                        path: dir,
                        needed: bytes_before,
                    },
                    other => other,
                });
            }
        };
        // The lock stays held through the swap: its clone shares the open file, and with it
        // the lock, after the store is closed.
        let lock = self._lock.try_clone().map_err(io_err(&dir.join("lock")))?;
        drop(self);
        let marker = dir.join(SWAPPING);
        File::create(&marker)
            .and_then(|file| file.sync_all())
            .map_err(io_err(&marker))?;
        sync_dir(&dir)?;
        settle(&dir)?;
        let store =
            Store::open_locked(&dir, lock, Instant::now(), REOPEN_WAIT)?.with_format_checked()?;
        let summary = CompactSummary {
            records,
            bytes_before,
            bytes_after: size_on_disk(&dir.join("db")),
        };
        Ok((store, summary))
    }

    /// Writes every record into a new database at `path` in key order, flushes it, and reads it
    /// back: returns how many records it holds, or an error if any differs.
    fn copy_into(&self, path: &Path) -> Result<u64, StoreError> {
        let copy = Db::open_with_cache(path, COPY_CACHE_BYTES)?;
        let copied = self.copy_records(&copy);
        if copied.is_err() {
            // After a failed write sled's own flush would wait forever (see `Db::abandon`).
            copy.abandon();
        }
        copied
    }

    fn copy_records(&self, copy: &Db) -> Result<u64, StoreError> {
        let mut written = blake3::Hasher::new();
        let mut records = 0u64;
        let mut batches = BatchWriter::new(super::Trees::open(copy)?.all());
        for (index, (name, tree)) in self.trees.named().enumerate() {
            for item in tree.iter() {
                let (key, value) = item?;
                digest(&mut written, name, &key, &value);
                batches.insert(index, &key, &value)?;
                records += 1;
            }
        }
        batches.apply()?;
        // The webhooks' outbox is copied too, though no audit check covers it: without its
        // cursor and rows the webhooks would be told again of every event since the first of
        // them was added.
        let outbox = copy.tree(outbox::TREE)?;
        let mut batch = Batch::default();
        let mut in_batch = 0;
        for item in self.outbox.iter() {
            let (key, value) = item?;
            digest(&mut written, outbox::TREE, &key, &value);
            batch.insert(&key, &value);
            records += 1;
            in_batch += 1;
            if in_batch == OUTBOX_BATCH {
                outbox.apply(std::mem::take(&mut batch))?;
                in_batch = 0;
            }
        }
        outbox.apply(batch)?;
        copy.flush()?;
        let mut read_back = blake3::Hasher::new();
        for name in TREE_NAMES.into_iter().chain([outbox::TREE]) {
            for item in copy.tree(name)?.iter() {
                let (key, value) = item?;
                digest(&mut read_back, name, &key, &value);
            }
        }
        if read_back.finalize() != written.finalize() {
            return Err(StoreError::Unreadable {
                detail: "the compacted copy reads back differently from the store; nothing was \
                         swapped"
                    .into(),
            });
        }
        Ok(records)
    }
}

/// Hashes one record unambiguously (lengths before bytes).
fn digest(hasher: &mut blake3::Hasher, tree: &str, key: &[u8], value: &[u8]) {
    for part in [tree.as_bytes(), key, value] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
}

/// Whether a compaction was between its two renames when its process stopped (the database may
/// then be under its copy's name until the next open finishes the swap).
pub(super) fn swapping(dir: &Path) -> bool {
    dir.join(SWAPPING).exists()
}

/// Finishes or undoes a compaction that a process left (called at every open, under the lock).
///
/// With the marker, the copy is complete and checked: whichever rename had not happened happens.
/// Without it, a copy is unfinished (removed); an old database left after the swap is removed.
pub(super) fn settle(dir: &Path) -> Result<(), StoreError> {
    let (db, copy, old, marker) = (
        dir.join("db"),
        dir.join(COPY),
        dir.join(OLD),
        dir.join(SWAPPING),
    );
    let io_err = |path: &Path| {
        let path = path.to_owned();
        move |source| StoreError::Io { path, source }
    };
    if marker.exists() {
        if copy.exists() {
            if db.exists() {
                if old.exists() {
                    fs::remove_dir_all(&old).map_err(io_err(&old))?;
                }
                fs::rename(&db, &old).map_err(io_err(&db))?;
            }
            fs::rename(&copy, &db).map_err(io_err(&copy))?;
            sync_dir(dir)?;
        }
        fs::remove_file(&marker).map_err(io_err(&marker))?;
        sync_dir(dir)?;
    } else if copy.exists() {
        fs::remove_dir_all(&copy).map_err(io_err(&copy))?;
    }
    if old.exists() {
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    super::sync_dir(dir).map_err(|source| StoreError::Io {
        path: dir.to_owned(),
        source,
    })
}

/// Bytes of the files under `path` (0 for what cannot be read: a figure for people).
fn size_on_disk(path: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => size_on_disk(&entry.path()),
            Ok(_) => entry.metadata().map_or(0, |meta| meta.len()),
            Err(_) => 0,
        })
        .sum()
}
