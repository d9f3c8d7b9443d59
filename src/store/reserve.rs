//! Room kept back so that a store can still be read when its disk is full.
//!
//! sled 0.34.7 writes a snapshot of its page table whenever it opens a database whose log has
//! grown since the last one, and fails the open when that write fails: on a full disk every
//! command, reads and backups included, would be refused. So a store keeps a file of zeros
//! ([`RESERVE_FILE`]) about twice the size of sled's snapshot. An open that fails for want of room
//! deletes it and tries again: the snapshot fits in the room it gave back, and later opens have
//! no snapshot to write until something is written, which the full disk refuses anyway. Once
//! there is room again, the next open makes the reserve anew.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

/// The reserve's name in the store directory.
pub(super) const RESERVE_FILE: &str = "space-reserve";

/// Room beyond twice the snapshot: sled's snapshot file has a header and a checksum, and a
/// store that has just been made has a tiny one.
const SLACK: u64 = 256 << 10;

/// Gives the reserve's room back to the disk; whether there was one to give.
pub(super) fn release(store: &Path) -> bool {
    fs::remove_file(store.join(RESERVE_FILE)).is_ok()
}

/// Grows the reserve to twice `snapshot_bytes` and [`SLACK`] when it is smaller than the
/// snapshot and half the slack: rarely, since the snapshot grows slowly. Best effort: on a disk
/// too full for all of it, what it took is given back (holding the last free bytes would only
/// make the next open fail), and the next open tries again.
///
/// Returns `false` only when the disk had no room for it: the caller then refuses to write, so
/// that what it would write cannot leave sled a snapshot that no room is left for.
pub(super) fn keep(store: &Path, snapshot_bytes: u64) -> bool {
    let path = store.join(RESERVE_FILE);
    let have = fs::metadata(&path).map_or(0, |meta| meta.len());
    if have >= snapshot_bytes + SLACK / 2 {
        return true;
    }
    let want = snapshot_bytes * 2 + SLACK;
    let Ok(mut file) = OpenOptions::new().append(true).create(true).open(&path) else {
        // Not for want of room (a folder others own, say): nothing a reserve can mend.
        return true;
    };
    // Zeros written, not a file made long by `set_len`: a sparse file holds no room.
    let zeros = vec![0u8; 64 << 10];
    let mut written = have;
    while written < want {
        let chunk = (want - written).min(zeros.len() as u64) as usize;
        if let Err(err) = file.write_all(&zeros[..chunk]) {
            let _ = if have == 0 {
                fs::remove_file(&path)
            } else {
                file.set_len(have)
            };
            return !super::engine::is_disk_full(&err) || have > 0;
        }
        written += chunk as u64;
    }
    if let Err(err) = file.sync_all() {
        let _ = file.set_len(have);
        return !super::engine::is_disk_full(&err) || have > 0;
    }
    true
}
