//! Damage behind factdesk's back, through a raw sled handle: detected, named, never decoded.

use crate::common::{ARTICLE, TestEnv, find, short};

/// Rewrites one value in a tree of a closed store.
fn tamper(
    env: &TestEnv,
    tree: &str,
    pick: impl Fn(&[u8], &[u8]) -> bool,
    edit: impl Fn(&mut Vec<u8>),
) {
    let db = crate::common::raw_open(env.store().join("db"));
    let tree = db.open_tree(tree).expect("tree");
    let (key, value) = tree
        .iter()
        .map(|item| item.expect("readable"))
        .find(|(k, v)| pick(k, v))
        .expect("a value to tamper with");
    let mut bytes = value.to_vec();
    edit(&mut bytes);
    tree.insert(key, bytes).expect("insert");
    db.flush().expect("flush");
}

/// Flips the lowest bit of the last byte of the first value in `tree`: damage with no forger
/// behind it.
fn flip_last_bit_of_first_value(env: &TestEnv, tree: &str) {
    tamper(
        env,
        tree,
        |_, _| true,
        |bytes| {
            let last = bytes.len() - 1;
            bytes[last] ^= 0x01;
        },
    );
}

/// Recomputes the envelope hash after an edit, as a forger who read the format would.
fn reseal(bytes: &mut [u8]) {
    let hash = *blake3::hash(&bytes[38..]).as_bytes();
    bytes[6..38].copy_from_slice(&hash);
}

/// Edits the payload of a stored value and reseals it, inflating and deflating a deflated one
/// (envelope 2), as a forger who read the format would.
fn forge(bytes: &mut Vec<u8>, edit: impl Fn(&mut Vec<u8>)) {
    let deflated = bytes[2] == 2;
    let mut payload = if deflated {
        miniz_oxide::inflate::decompress_to_vec(&bytes[38..]).expect("inflates")
    } else {
        bytes[38..].to_vec()
    };
    edit(&mut payload);
    let body = if deflated {
        miniz_oxide::deflate::compress_to_vec(&payload, 6)
    } else {
        payload
    };
    bytes.truncate(38);
    bytes.extend_from_slice(&body);
    reseal(bytes);
}

/// The short id of the seed article's death toll ("more than 8,000 people"), the claim these
/// tests decide on and then damage.
fn toll(env: &TestEnv) -> String {
    short(find(&env.claims(), "number", "8,000", ""))
}

/// The seed article with its toll disputed: a decision whose review row the tests then damage.
fn with_disputed_toll() -> TestEnv {
    let env = TestEnv::with_v1();
    env.ok(&["mark", &toll(&env), "disputed", "--note", "wrong"]);
    env
}
#[test]
fn a_flipped_byte_in_a_review_is_an_integrity_error() {
    let env = TestEnv::with_v1();
    // Ingest writes no review rows: a claim has one once someone acts on it.
    let toll = toll(&env);
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    flip_last_bit_of_first_value(&env, "reviews");
    let err = env.fails(&["claims", ARTICLE], 2);
    assert!(err.contains("integrity error in tree `reviews`"), "{err}");
    assert!(err.contains("restore it from a backup"), "{err}");
    let err = env.fails(&["audit", "verify"], 2);
    assert!(err.contains("reviews"), "{err}");
}

#[test]
fn an_edited_event_breaks_the_chain() {
    let env = TestEnv::with_v1();
    let toll = toll(&env);
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    env.ok(&["mark", &toll, "verified"]);
    // Event 3 is the sourcing by "ana"; make it look like "eve" did it.
    tamper(
        &env,
        "events",
        |key, _| key == 3u64.to_be_bytes(),
        |bytes| {
            let at = bytes
                .windows(3)
                .rposition(|w| w == b"ana")
                .expect("actor in payload");
            bytes[at..at + 3].copy_from_slice(b"eve");
            reseal(bytes);
        },
    );
    let err = env.fails(&["audit", "verify"], 2);
    assert!(
        err.contains("seq 4"),
        "the next event no longer links: {err}"
    );
}

#[test]
fn an_edited_review_that_keeps_its_envelope_valid_is_caught_by_verify() {
    let env = with_disputed_toll();
    // Turn "disputed" into "verified" (same length) and reseal: the value decodes fine.
    tamper(
        &env,
        "reviews",
        |_, value| value.windows(8).any(|w| w == b"disputed"),
        |bytes| {
            let at = bytes
                .windows(8)
                .position(|w| w == b"disputed")
                .expect("state");
            bytes[at..at + 8].copy_from_slice(b"verified");
            reseal(bytes);
        },
    );
    let err = env.fails(&["audit", "verify"], 2);
    assert!(
        err.contains("reviews") && err.contains("differs from what event"),
        "{err}"
    );
}

#[test]
fn a_flipped_byte_in_an_occurrence_pack_is_an_integrity_error() {
    let env = TestEnv::with_v1();
    flip_last_bit_of_first_value(&env, "occurrences");
    let err = env.fails(&["claims", ARTICLE], 2);
    assert!(
        err.contains("integrity error in tree `occurrences`"),
        "{err}"
    );
    let err = env.fails(&["audit", "verify"], 2);
    assert!(err.contains("occurrences"), "{err}");
}

/// The pack says which state an untouched claim is in: a forger who turns it into "verified"
/// and reseals the envelope verifies every claim at once, unless the revision's hash of its
/// occurrences catches it.
#[test]
fn an_edited_initial_state_in_a_pack_is_caught_by_verify() {
    let env = TestEnv::with_v1();
    // The revision's one pack; its initial state comes first, after its length (u64).
    tamper(
        &env,
        "occurrences",
        |_, _| true,
        |bytes| {
            forge(bytes, |payload| {
                assert_eq!(&payload[8..18], b"unverified");
                payload.splice(0..18, [&8u64.to_le_bytes()[..], b"verified"].concat());
            });
        },
    );
    // The forgery reads (a pack is not checked on every read) ...
    assert!(env.claims().iter().all(|c| c["state"] == "verified"));
    // ... and verify names it.
    let err = env.fails(&["audit", "verify"], 2);
    assert!(
        err.contains("occurrences") && err.contains("altered"),
        "{err}"
    );
    // A report checks its article's part of the trail, and says it failed.
    let report = env.ok(&["report", ARTICLE, "--format", "json"]);
    assert!(
        report.contains("\"verified\": false")
            && report.contains("claims of this revision were altered"),
        "{report}"
    );
}

/// Since ingest writes no review rows, a missing row reads as "never touched": deleting the row
/// of a decided claim must not pass for that.
#[test]
fn a_deleted_review_row_is_caught_by_verify() {
    let env = with_disputed_toll();
    {
        let db = crate::common::raw_open(env.store().join("db"));
        let reviews = db.open_tree("reviews").expect("tree");
        let key = reviews
            .iter()
            .keys()
            .next()
            .expect("the row")
            .expect("readable");
        reviews.remove(key).expect("remove");
        db.flush().expect("flush");
    }
    let err = env.fails(&["audit", "verify"], 2);
    assert!(err.contains("reviews") && err.contains("is gone"), "{err}");
}

/// Removes events from a closed store; optionally puts back a head saved earlier (see
/// `save_head`), as a forger covering a truncation would.
fn drop_events(env: &TestEnv, drop: impl Fn(u64) -> bool, restore_head_of: Option<u64>) {
    let db = crate::common::raw_open(env.store().join("db"));
    let events = db.open_tree("events").expect("tree");
    let seqs: Vec<u64> = events
        .iter()
        .keys()
        .map(|k| u64::from_be_bytes(k.expect("key").as_ref().try_into().expect("8 bytes")))
        .collect();
    for seq in seqs.into_iter().filter(|s| drop(*s)) {
        events.remove(seq.to_be_bytes()).expect("remove");
    }
    if let Some(seq) = restore_head_of {
        let saved = std::fs::read(env.path(&format!("head-{seq}"))).expect("head saved earlier");
        db.open_tree("meta")
            .expect("meta")
            .insert("head", saved)
            .expect("insert");
    }
    db.flush().expect("flush");
}

fn save_head(env: &TestEnv, seq: u64) {
    let db = crate::common::raw_open(env.store().join("db"));
    let head = db
        .open_tree("meta")
        .expect("meta")
        .get("head")
        .expect("read")
        .expect("head");
    std::fs::write(env.path(&format!("head-{seq}")), head).expect("save");
}

#[test]
fn a_deleted_event_is_a_gap() {
    let env = TestEnv::with_v1();
    let toll = toll(&env);
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    env.ok(&["mark", &toll, "verified"]);
    drop_events(&env, |seq| seq == 3, None);
    let err = env.fails(&["audit", "verify"], 2);
    assert!(err.contains("gap"), "{err}");
}

#[test]
fn a_truncated_tail_with_a_restored_head_is_caught() {
    let env = TestEnv::with_v1();
    let toll = toll(&env);
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    save_head(&env, 3);
    env.ok(&["mark", &toll, "verified"]);
    env.ok(&["mark", &toll, "unverified", "--note", "reopened"]);
    let anchor = env.ok(&["audit", "anchor"]).trim().to_owned();
    assert!(anchor.starts_with("5:"), "{anchor}");
    // Cut events 4 and 5 and put back the head as it was after event 3: the chain alone is now
    // consistent, but the review still names event 5, and the anchor names it too.
    drop_events(&env, |seq| seq >= 4, Some(3));
    let err = env.fails(&["audit", "verify"], 2);
    assert!(err.contains("names event 5, which does not exist"), "{err}");
    let err = env.fails(&["audit", "verify", "--anchor", &anchor], 2);
    assert!(err.contains("events were removed"), "{err}");
    let err = env.fails(&["audit", "verify", "--anchor", "5:zz"], 1);
    assert!(err.contains("SEQ:HASH"), "{err}");
}

#[test]
fn an_anchor_proves_the_history_before_it_unchanged() {
    let env = TestEnv::with_v1();
    let anchor = env.ok(&["audit", "anchor"]).trim().to_owned();
    let toll = toll(&env);
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    let out = env.ok(&["audit", "verify", "--anchor", &anchor]);
    assert!(out.contains("is in the chain, unchanged"), "{out}");
    // An anchor that never was (right seq, wrong hash) is refused.
    let (seq, _) = anchor.split_once(':').expect("SEQ:HASH");
    let forged = format!("{seq}:{}", "0".repeat(64));
    assert!(
        env.fails(&["audit", "verify", "--anchor", &forged], 2)
            .contains("rewritten")
    );
}

/// What an older factdesk does with a store this build wrote, seen from this build: a store whose
/// format is newer than the build's is refused with one line, never read.
#[test]
fn a_store_of_a_newer_format_is_refused_not_read() {
    let env = TestEnv::with_v1();
    tamper(
        &env,
        "meta",
        |key, _| key == b"format",
        |bytes| {
            // The payload starts with the format number (u32, little-endian).
            let format = u32::from_le_bytes(bytes[38..42].try_into().expect("4 bytes"));
            bytes[38..42].copy_from_slice(&(format + 1).to_le_bytes());
            reseal(bytes);
        },
    );
    let err = env.fails(&["claims", ARTICLE], 2);
    assert!(
        err.contains("written by a newer factdesk (version 5"),
        "{err}"
    );
}
