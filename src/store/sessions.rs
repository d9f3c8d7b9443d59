//! The web desk's login sessions, so that a restart of `factdesk serve` logs no one out.
//!
//! They live in a tree of their own, outside the audited data: no event covers them, `audit
//! verify`, archives and compaction leave them out (a compacted store asks everyone to log in
//! again). A session is keyed by the BLAKE3 of its id, so the store never holds the id a browser
//! sends; its CSRF token is stored as is, as it is worth nothing without that id.

use serde::{Deserialize, Serialize};

use super::codec::{self, Record};
use super::{Store, StoreError, decode_in};
use crate::model::{Hash32, Timestamp};

/// The tree's name: not one of the audited `TREE_NAMES`.
pub(super) const SESSIONS_TREE: &str = "sessions";

/// One login session, keyed by the hash of its id.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct SessionRecord {
    pub(crate) user: String,
    pub(crate) csrf: String,
    pub(crate) expires_at: i64,
}
impl Record for SessionRecord {
    const TYPE: u8 = 24;
    const SCHEMA: u16 = 1;
}

/// A logged-in session as the desk reads it back.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredSession {
    /// Who logged in.
    pub user: String,
    /// The token its forms must carry.
    pub csrf: String,
    /// When it ends.
    pub expires_at: Timestamp,
}

impl Store {
    /// Keeps a session, durably: the browser is told it is logged in only once it is.
    pub fn put_session(&self, id_hash: &Hash32, session: &StoredSession) -> Result<(), StoreError> {
        let record = SessionRecord {
            user: session.user.clone(),
            csrf: session.csrf.clone(),
            expires_at: session.expires_at.0,
        };
        self.sessions()?.insert(id_hash.0, codec::encode(&record))?;
        self.db.flush()
    }

    /// The session whose id hashes to `id_hash`, if it is kept (expired or not).
    pub fn session(&self, id_hash: &Hash32) -> Result<Option<StoredSession>, StoreError> {
        let Some(bytes) = self.sessions()?.get(id_hash.0)? else {
            return Ok(None);
        };
        let record: SessionRecord = decode_in(SESSIONS_TREE, &id_hash.0, &bytes)?;
        Ok(Some(StoredSession {
            user: record.user,
            csrf: record.csrf,
            expires_at: Timestamp(record.expires_at),
        }))
    }

    /// Ends a session (logging out).
    pub fn remove_session(&self, id_hash: &Hash32) -> Result<(), StoreError> {
        self.sessions()?.remove(id_hash.0)?;
        self.db.flush()
    }

    /// Forgets the sessions that ended before `now`, and any that no longer reads back (written
    /// by a later factdesk, or damaged: its owner logs in again); how many.
    pub fn remove_sessions_ended(&self, now: Timestamp) -> Result<usize, StoreError> {
        let tree = self.sessions()?;
        let mut ended = Vec::new();
        for item in tree.iter() {
            let (key, bytes) = item?;
            let live = decode_in::<SessionRecord>(SESSIONS_TREE, &key, &bytes)
                .is_ok_and(|record| record.expires_at > now.0);
            if !live {
                ended.push(key);
            }
        }
        for key in &ended {
            tree.remove(key)?;
        }
        if !ended.is_empty() {
            self.db.flush()?;
        }
        Ok(ended.len())
    }

    fn sessions(&self) -> Result<super::engine::Tree, StoreError> {
        self.db.tree(SESSIONS_TREE)
    }
}
