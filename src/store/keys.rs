//! Key layouts of the trees, in one place.
//!
//! Numbers are big-endian so that sled's byte order is numeric order. Article slugs never contain
//! a NUL byte, so NUL separates a slug from what follows and prefix scans stay exact.

use crate::model::{ArticleId, ClaimId, Hash32};

pub(crate) const META_FORMAT: &[u8] = b"format";
pub(crate) const META_HEAD: &[u8] = b"head";
pub(crate) const META_WORKFLOW: &[u8] = b"workflow";
pub(crate) const CONFIG_PREFIX: &[u8] = b"config/";
pub(crate) const USER_PREFIX: &[u8] = b"user/";
pub(crate) const TOKEN_PREFIX: &[u8] = b"token/";
pub(crate) const ASSIGN_PREFIX: &[u8] = b"assign/";
pub(crate) const WEBHOOK_PREFIX: &[u8] = b"webhook/";
pub(crate) const REFERENCE_PREFIX: &[u8] = b"reference/";

pub(crate) fn user(name: &str) -> Vec<u8> {
    let mut key = USER_PREFIX.to_vec();
    key.extend_from_slice(name.as_bytes());
    key
}

pub(crate) fn token(id: &str) -> Vec<u8> {
    let mut key = TOKEN_PREFIX.to_vec();
    key.extend_from_slice(id.as_bytes());
    key
}

/// `assign/ARTICLE NUL`: the article's own assignment, and the prefix of its claims'.
pub(crate) fn assignment_prefix(id: &ArticleId) -> Vec<u8> {
    let mut key = ASSIGN_PREFIX.to_vec();
    key.extend_from_slice(id.as_str().as_bytes());
    key.push(0);
    key
}

/// `assign/ARTICLE NUL [CLAIM]`: who an article, or one of its claims, is assigned to.
pub(crate) fn assignment(id: &ArticleId, claim: Option<&ClaimId>) -> Vec<u8> {
    let mut key = assignment_prefix(id);
    if let Some(claim) = claim {
        key.extend_from_slice(&claim.0.0);
    }
    key
}

/// The article and claim an assignment key names.
pub(crate) fn parse_assignment(key: &[u8]) -> Option<(ArticleId, Option<ClaimId>)> {
    let rest = key.strip_prefix(ASSIGN_PREFIX)?;
    let nul = rest.iter().position(|&b| b == 0)?;
    let article = ArticleId::new(std::str::from_utf8(&rest[..nul]).ok()?)?;
    let claim = match &rest[nul + 1..] {
        [] => None,
        raw => Some(ClaimId(Hash32(raw.try_into().ok()?))),
    };
    Some((article, claim))
}

/// `reference/` + hex of a reference verdict's identity (`ReferenceVerdict::identity`): the same
/// review (same url and claim reviewed) always lands on the same row, so a second import of it
/// finds it held.
pub(crate) fn reference(identity: &Hash32) -> Vec<u8> {
    let mut key = REFERENCE_PREFIX.to_vec();
    key.extend_from_slice(hex(&identity.0).as_bytes());
    key
}

pub(crate) fn webhook(id: &str) -> Vec<u8> {
    let mut key = WEBHOOK_PREFIX.to_vec();
    key.extend_from_slice(id.as_bytes());
    key
}

/// The `outbox` tree's keys: its cursor, a delivery row (`delivery/` seq id, in the order of
/// the events they tell of), its entry in the index of pending ones (`pending/` seq id, no
/// value), and the gate readiness last seen of an article (`gate/` slug).
pub(crate) const OUTBOX_CURSOR: &[u8] = b"cursor";
pub(crate) const DELIVERY_PREFIX: &[u8] = b"delivery/";
pub(crate) const PENDING_PREFIX: &[u8] = b"pending/";
pub(crate) const GATE_SEEN_PREFIX: &[u8] = b"gate/";

fn seq_and_id(prefix: &[u8], seq: u64, id: &str) -> Vec<u8> {
    let mut key = prefix.to_vec();
    key.extend_from_slice(&seq.to_be_bytes());
    key.extend_from_slice(id.as_bytes());
    key
}

pub(crate) fn delivery(seq: u64, id: &str) -> Vec<u8> {
    seq_and_id(DELIVERY_PREFIX, seq, id)
}

pub(crate) fn pending(seq: u64, id: &str) -> Vec<u8> {
    seq_and_id(PENDING_PREFIX, seq, id)
}

pub(crate) fn gate_seen(id: &ArticleId) -> Vec<u8> {
    let mut key = GATE_SEEN_PREFIX.to_vec();
    key.extend_from_slice(id.as_str().as_bytes());
    key
}

pub(crate) fn article(id: &ArticleId) -> Vec<u8> {
    id.as_str().as_bytes().to_vec()
}

/// `slug NUL`: the prefix of everything keyed under one article.
pub(crate) fn article_prefix(id: &ArticleId) -> Vec<u8> {
    let mut key = article(id);
    key.push(0);
    key
}

pub(crate) fn revision(id: &ArticleId, number: u32) -> Vec<u8> {
    let mut key = article_prefix(id);
    key.extend_from_slice(&number.to_be_bytes());
    key
}

/// Whether `key` has the shape of [`revision`]: `slug NUL` and four bytes.
pub(crate) fn is_revision_key(key: &[u8]) -> bool {
    split_article(key).is_some_and(|(_, rest)| rest.len() == 4)
}

pub(crate) fn review(id: &ArticleId, claim: &ClaimId) -> Vec<u8> {
    let mut key = article_prefix(id);
    key.extend_from_slice(&claim.0.0);
    key
}

pub(crate) fn claim(claim: &ClaimId) -> Vec<u8> {
    claim.0.0.to_vec()
}

pub(crate) fn claim_article(claim: &ClaimId, article: &ArticleId) -> Vec<u8> {
    let mut key = claim.0.0.to_vec();
    key.extend_from_slice(article.as_str().as_bytes());
    key
}

pub(crate) fn event(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

pub(crate) fn config(name: &str) -> Vec<u8> {
    let mut key = CONFIG_PREFIX.to_vec();
    key.extend_from_slice(name.as_bytes());
    key
}

pub(crate) fn claim_id(bytes: &[u8]) -> Option<ClaimId> {
    let raw: [u8; 32] = bytes.try_into().ok()?;
    Some(ClaimId(Hash32(raw)))
}

/// Splits `slug NUL rest`.
pub(crate) fn split_article(key: &[u8]) -> Option<(ArticleId, &[u8])> {
    let nul = key.iter().position(|&b| b == 0)?;
    let slug = std::str::from_utf8(&key[..nul]).ok()?;
    Some((ArticleId::new(slug)?, &key[nul + 1..]))
}

/// A key written for people: slugs as text, numbers in decimal, hashes in hex.
pub(crate) fn describe(tree: &str, key: &[u8]) -> String {
    match tree {
        "events" if key.len() == 8 => {
            let mut raw = [0u8; 8];
            raw.copy_from_slice(key);
            format!("seq {}", u64::from_be_bytes(raw))
        }
        "revisions" | "occurrences" | "reviews" => match split_article(key) {
            Some((article, rest)) if tree == "reviews" => format!("{article}/{}", hex(rest)),
            Some((article, rest)) if rest.len() >= 4 => {
                let number = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]);
                if rest.len() > 4 {
                    format!("{article}/rev {number}/{}", hex(&rest[4..]))
                } else {
                    format!("{article}/rev {number}")
                }
            }
            _ => hex(key),
        },
        "event_index" => match (key.iter().position(|&b| b == 0), indexed_seq(key)) {
            (Some(0), Some(seq)) if key.len() == 10 => format!("workflow events/seq {seq}"),
            (Some(nul), Some(seq)) if nul > 0 && key.len() == nul + 9 => {
                format!("{}/seq {seq}", String::from_utf8_lossy(&key[..nul]))
            }
            _ => hex(key),
        },
        "outbox" => match [DELIVERY_PREFIX, PENDING_PREFIX]
            .into_iter()
            .find(|p| key.starts_with(p) && key.len() >= p.len() + 8)
        {
            Some(prefix) => format!(
                "{}{}",
                String::from_utf8_lossy(prefix),
                String::from_utf8_lossy(&key[prefix.len() + 8..])
            ),
            None => String::from_utf8_lossy(key).into_owned(),
        },
        "claims" | "claim_articles" | "evidence" if key.len() >= 32 => {
            let rest = String::from_utf8_lossy(&key[32..]);
            if rest.is_empty() {
                hex(&key[..32])
            } else {
                format!("{}/{rest}", hex(&key[..32]))
            }
        }
        _ => match std::str::from_utf8(key) {
            Ok(text) if text.chars().all(|c| !c.is_control()) => text.to_owned(),
            _ => hex(key),
        },
    }
}

/// The `event_index` row marking the index as built (an older store gets it built at open).
/// Slugs are never empty, so no article's rows start with NUL.
pub(crate) const EVENT_INDEX_BUILT: &[u8] = b"\0built";

/// `NUL w`: the prefix of the workflow events (store created, workflow changed) in `event_index`.
pub(crate) const WORKFLOW_EVENTS: &[u8] = b"\0w";

/// The `event_index` row of an event: `slug NUL seq` for an article's events, `NUL w seq` for
/// workflow events, none for the rest (settings).
pub(crate) fn event_index(kind: &super::records::EventKindRecord, seq: u64) -> Option<Vec<u8>> {
    use super::records::EventKindRecord as K;
    let mut key = match kind {
        K::RevisionAdded { article, .. }
        | K::RevisionAddedWithPairs { article, .. }
        | K::Transition { article, .. }
        | K::Curated { article, .. }
        | K::Assigned { article, .. }
        | K::RevisionRetracted { article, .. } => {
            let mut key = article.as_bytes().to_vec();
            key.push(0);
            key
        }
        K::StoreCreated { .. } | K::WorkflowChanged { .. } => WORKFLOW_EVENTS.to_vec(),
        K::ConfigSet { .. }
        | K::UserChanged { .. }
        | K::WebhookChanged { .. }
        | K::ReferencesImported { .. } => return None,
    };
    key.extend_from_slice(&seq.to_be_bytes());
    Some(key)
}

/// The seq at the end of an `event_index` row.
pub(crate) fn indexed_seq(key: &[u8]) -> Option<u64> {
    let tail: [u8; 8] = key.get(key.len().checked_sub(8)?..)?.try_into().ok()?;
    Some(u64::from_be_bytes(tail))
}

/// Lower-case hex of any bytes: keys in archives and in messages.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}
