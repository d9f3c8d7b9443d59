//! Who has the store: one process at a time, the others waiting their turn.
//!
//! A process has the store while it holds an exclusive `flock` on `DIR/lock`; the OS releases it
//! however the process ends, so a killed factdesk never leaves a stale lock. A process that finds
//! it held may wait: it announces itself with a shared lock on `DIR/waiting` and tries again every
//! few milliseconds until its time is up. A process that keeps the store for long (a batch ingest)
//! asks [`has_waiters`] between its transactions; when someone waits, it closes the store, lets
//! every announced waiter through ([`let_waiters_through`]) and then waits its own turn, so an
//! editor can read an archive while it grows.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use super::StoreError;

/// How often a waiting process tries the lock again: short next to a command's own time.
const POLL: Duration = Duration::from_millis(5);

fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|source| StoreError::Io {
            path: path.to_owned(),
            source,
        })
}

/// Takes the store's lock, waiting up to `wait` for the process that holds it.
pub(super) fn acquire(dir: &Path, wait: Duration) -> Result<File, StoreError> {
    let started = Instant::now();
    let lock_path = dir.join("lock");
    let lock = open_lock_file(&lock_path)?;
    // Opened only once there is a wait: a command that gets the store at once leaves no trace.
    let mut waiting: Option<File> = None;
    loop {
        match lock.try_lock() {
            Ok(()) => return Ok(lock),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(source)) => {
                return Err(StoreError::Io {
                    path: lock_path,
                    source,
                });
            }
        }
        if started.elapsed() >= wait {
            return Err(StoreError::Locked {
                path: dir.to_owned(),
                waited: wait,
            });
        }
        if waiting.is_none() {
            let file = open_lock_file(&dir.join("waiting"))?;
            // Refused only while the holder is letting earlier waiters through: this one then
            // tries the lock unannounced, and announces itself on a later round.
            if file.try_lock_shared().is_ok() {
                waiting = Some(file);
            }
        }
        std::thread::sleep(POLL);
    }
}

/// Whether a process is waiting for the store (see [`acquire`]). Costs an open and a `flock`.
pub(super) fn has_waiters(dir: &Path) -> bool {
    let Ok(waiting) = File::options().write(true).open(dir.join("waiting")) else {
        // No file: no process has ever waited for this store.
        return false;
    };
    matches!(waiting.try_lock(), Err(TryLockError::WouldBlock))
}

/// After the store was closed: returns once every process that had announced itself has taken
/// the store (or given up waiting), or after `at_most`.
pub(super) fn let_waiters_through(dir: &Path, at_most: Duration) {
    let started = Instant::now();
    let Ok(waiting) = File::options().write(true).open(dir.join("waiting")) else {
        return;
    };
    // A waiter gives up its shared lock only once it holds the store's, so the exclusive lock
    // here is free exactly when none is left in line.
    while matches!(waiting.try_lock(), Err(TryLockError::WouldBlock)) && started.elapsed() < at_most
    {
        std::thread::sleep(POLL);
    }
}
