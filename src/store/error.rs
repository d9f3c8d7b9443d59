//! Why the store could not do what was asked.

use super::*;

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
