//! Damage behind factdesk's back, through a raw sled handle: detected, named, never decoded.

use crate::common::{ARTICLE, TestEnv, find, short};

/// Rewrites one value in a tree of a closed store.
fn tamper(
    env: &TestEnv,
    tree: &str,
    pick: impl Fn(&[u8], &[u8]) -> bool,
    edit: impl Fn(&mut Vec<u8>),
) {
    let db = sled::open(env.store().join("db")).expect("raw open");
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

/// Recomputes the envelope hash after an edit, as a forger who read the format would.
fn reseal(bytes: &mut [u8]) {
    let hash = *blake3::hash(&bytes[38..]).as_bytes();
    bytes[6..38].copy_from_slice(&hash);
}

#[test]
fn a_flipped_byte_in_a_review_is_an_integrity_error() {
    let env = TestEnv::with_v1();
    tamper(
        &env,
        "reviews",
        |_, _| true,
        |bytes| {
            let last = bytes.len() - 1;
            bytes[last] ^= 0x01;
        },
    );
    let err = env.fails(&["claims", ARTICLE], 2);
    assert!(err.contains("integrity error in tree `reviews`"), "{err}");
    assert!(err.contains("restore it from a backup"), "{err}");
    let err = env.fails(&["audit", "verify"], 2);
    assert!(err.contains("reviews"), "{err}");
}

#[test]
fn an_edited_event_breaks_the_chain() {
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
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
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "disputed", "--note", "wrong"]);
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
