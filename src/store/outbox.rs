//! The webhooks' outbox: what is to be told to which webhook, and what came of each attempt.
//!
//! A tree of its own (`outbox`) beside the audited ones, written outside their transactions:
//! it is operational state, like a record of what was sent, not part of the store's history.
//! `audit verify`, archives and the crash and corruption checks of the audited trees do not
//! read it; compaction copies it; an import starts it afresh at the restored head. It tails the
//! audit log: its cursor is the last event it turned into deliveries, so an event committed
//! while nothing delivers (the command line, a stopped desk) is queued by the next pass, and no
//! request waits for a receiver.
//!
//! Each pass is one atomic batch on this tree (the new delivery rows, their pending index rows,
//! the gates seen, the cursor), flushed before it returns. Delivery ids follow from the event,
//! the webhook and the kind, so a pass run again after a crash finds its rows already there and
//! leaves them as they are.

use super::engine::Batch;
use super::records::{DeliveryRecord, GateSeenRecord, OutboxCursorRecord};
use super::{Store, StoreError, decode_in, integrity, keys};
use crate::model::{ArticleId, Delivery, DeliveryStatus};

/// The tree's name.
pub(super) const TREE: &str = "outbox";

/// What one pass over new audit events queues, in one batch.
#[derive(Debug, Clone, Default)]
pub struct OutboxStep {
    /// The last event the pass handled: the cursor's new place.
    pub cursor: u64,
    /// New deliveries (pending). One whose row exists already is left as it is.
    pub deliveries: Vec<Delivery>,
    /// Each article whose gate the pass read: its readiness, after which event.
    pub gates: Vec<(ArticleId, bool, u64)>,
}

impl Store {
    /// The last audit event the outbox turned into deliveries; `None` before its first pass.
    pub fn outbox_cursor(&self) -> Result<Option<u64>, StoreError> {
        match self.outbox.get(keys::OUTBOX_CURSOR)? {
            Some(bytes) => Ok(Some(
                decode_in::<OutboxCursorRecord>(TREE, keys::OUTBOX_CURSOR, &bytes)?.seq,
            )),
            None => Ok(None),
        }
    }

    /// Puts the outbox's cursor at `seq`: nothing up to that event will be told.
    pub(super) fn start_outbox_at(&self, seq: u64) -> Result<(), StoreError> {
        let mut batch = Batch::default();
        batch.insert(
            keys::OUTBOX_CURSOR,
            super::codec::encode(&OutboxCursorRecord { seq }),
        );
        self.apply_to_outbox(batch)
    }

    /// The readiness of an article's gate as the outbox last saw it.
    pub fn gate_seen(&self, id: &ArticleId) -> Result<Option<bool>, StoreError> {
        let key = keys::gate_seen(id);
        match self.outbox.get(&key)? {
            Some(bytes) => Ok(Some(decode_in::<GateSeenRecord>(TREE, &key, &bytes)?.ready)),
            None => Ok(None),
        }
    }

    /// Queues a pass's deliveries, records the gates it read and moves the cursor, all at once;
    /// returns how many deliveries were new.
    pub fn queue_deliveries(&self, step: &OutboxStep) -> Result<usize, StoreError> {
        let mut batch = Batch::default();
        let mut queued = 0;
        for delivery in &step.deliveries {
            let key = keys::delivery(delivery.seq, &delivery.id);
            // A pass run again (its first one's batch was lost in a crash, or it was flushed and
            // the cursor not): what was queued, and perhaps sent, stays as it is.
            if self.outbox.contains_key(&key)? {
                continue;
            }
            batch.insert(
                &key,
                super::codec::encode(&DeliveryRecord::from_delivery(delivery)),
            );
            if delivery.status == DeliveryStatus::Pending {
                batch.insert(keys::pending(delivery.seq, &delivery.id), [0u8; 0]);
            }
            queued += 1;
        }
        for (article, ready, seq) in &step.gates {
            let record = GateSeenRecord {
                ready: *ready,
                seq: *seq,
            };
            batch.insert(keys::gate_seen(article), super::codec::encode(&record));
        }
        batch.insert(
            keys::OUTBOX_CURSOR,
            super::codec::encode(&OutboxCursorRecord { seq: step.cursor }),
        );
        self.apply_to_outbox(batch)?;
        Ok(queued)
    }

    /// One delivery, by id (`SEQ-HASH`).
    pub fn delivery(&self, id: &str) -> Result<Option<Delivery>, StoreError> {
        let Some(seq) = id
            .split_once('-')
            .and_then(|(seq, _)| seq.parse::<u64>().ok())
        else {
            return Ok(None);
        };
        let key = keys::delivery(seq, id);
        match self.outbox.get(&key)? {
            Some(bytes) => delivery_from(&key, &bytes).map(Some),
            None => Ok(None),
        }
    }

    /// Every delivery, in the order of the events they tell of.
    pub fn deliveries(&self) -> Result<Vec<Delivery>, StoreError> {
        let mut out = Vec::new();
        for item in self.outbox.scan_prefix(keys::DELIVERY_PREFIX) {
            let (key, bytes) = item?;
            out.push(delivery_from(&key, &bytes)?);
        }
        Ok(out)
    }

    /// The deliveries not yet delivered nor given up, in the order of the events they tell of.
    pub fn pending_deliveries(&self) -> Result<Vec<Delivery>, StoreError> {
        let mut out = Vec::new();
        for item in self.outbox.scan_prefix(keys::PENDING_PREFIX) {
            let (row, _) = item?;
            let key = [keys::DELIVERY_PREFIX, &row[keys::PENDING_PREFIX.len()..]].concat();
            let Some(bytes) = self.outbox.get(&key)? else {
                return Err(integrity(TREE, &row, "names a delivery that is not stored"));
            };
            out.push(delivery_from(&key, &bytes)?);
        }
        Ok(out)
    }

    /// Writes a delivery as it now stands (after an attempt, or put back in line), with its
    /// entry in the pending index.
    pub fn put_delivery(&self, delivery: &Delivery) -> Result<(), StoreError> {
        let mut batch = Batch::default();
        batch.insert(
            keys::delivery(delivery.seq, &delivery.id),
            super::codec::encode(&DeliveryRecord::from_delivery(delivery)),
        );
        let pending = keys::pending(delivery.seq, &delivery.id);
        if delivery.status == DeliveryStatus::Pending {
            batch.insert(pending, [0u8; 0]);
        } else {
            batch.remove(pending);
        }
        self.apply_to_outbox(batch)
    }

    /// Applies `batch` to the outbox and makes it durable; refused, like every write, when the
    /// disk had no room for the space reserve (see `reserve`).
    fn apply_to_outbox(&self, batch: Batch) -> Result<(), StoreError> {
        if !self.room_reserved {
            return Err(StoreError::DiskFull {
                path: self.path.clone(),
            });
        }
        let applied = self.outbox.apply(batch).and_then(|()| self.db.flush());
        if let Err(err) = &applied {
            self.note_failure(err);
        }
        applied
    }
}

fn delivery_from(key: &[u8], bytes: &[u8]) -> Result<Delivery, StoreError> {
    decode_in::<DeliveryRecord>(TREE, key, bytes)?
        .to_delivery()
        .ok_or_else(|| integrity(TREE, key, "the delivery names an invalid article id"))
}

/// Checks that `value` is a record the outbox holds at `key` (see `archive::check_record`).
pub(super) fn check_record(key: &[u8], value: &[u8]) -> Result<(), StoreError> {
    if key == keys::OUTBOX_CURSOR {
        decode_in::<OutboxCursorRecord>(TREE, key, value).map(drop)
    } else if key.starts_with(keys::DELIVERY_PREFIX) {
        delivery_from(key, value).map(drop)
    } else if key.starts_with(keys::GATE_SEEN_PREFIX) {
        decode_in::<GateSeenRecord>(TREE, key, value).map(drop)
    } else if key.starts_with(keys::PENDING_PREFIX) && value.is_empty() {
        Ok(())
    } else {
        Err(integrity(TREE, key, "not a record this tree holds"))
    }
}
