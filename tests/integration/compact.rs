//! `factdesk compact`: the database rewritten record for record, swapped in whole, and a swap
//! that a killed process left half done settled by the next command.

use std::path::Path;

use crate::common::{TestEnv, find, raw_open, short};

/// A store holding a few dozen articles ingested in batches, as an archive load leaves it.
fn batch_ingested() -> TestEnv {
    let env = TestEnv::with_v1();
    let lines: String = (1..=60)
        .map(|n| {
            format!(
                "{{\"id\":\"story-{n}\",\"text\":\"Aid groups said more than {} people had been killed. \\\"We need a daily pause,\\\" an official said on day {n}.\"}}\n",
                1000 + n
            )
        })
        .collect();
    let input = env.write("archive.jsonl", lines.as_bytes());
    env.ok(&["ingest", "--jsonl", &input, "--batch", "4"]);
    env
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn compaction_keeps_every_record_byte_for_byte() {
    // How much room it gives back is measured at scale by scripts/bench-scale.sh: on a store this
    // small sled's preallocated segments hide it.
    let env = batch_ingested();
    let before = env.export("before.jsonl");
    let head = env.head();
    let out = env.ok(&["compact"]);
    assert!(out.starts_with("compacted "), "{out}");
    assert!(out.contains(" MB on disk (audit head #"), "{out}");
    assert_eq!(
        env.export("after.jsonl"),
        before,
        "the same records, byte for byte"
    );
    assert_eq!(env.head(), head);
    for leftover in ["db.compact", "db.old", "compact-swapping"] {
        assert!(!env.store().join(leftover).exists(), "{leftover} left");
    }
    // The compacted store takes writes and keeps verifying.
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    env.head();
}

#[test]
fn a_store_that_fails_verification_is_not_compacted() {
    let env = TestEnv::with_v1();
    {
        let db = raw_open(env.store().join("db"));
        let articles = db.open_tree("articles").expect("tree");
        let (key, mut value) = articles.iter().next().expect("an article").expect("read");
        let mut bytes = value.to_vec();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        value = bytes.into();
        articles.insert(key, value).expect("write");
        db.flush().expect("flush");
    }
    let err = env.fails(&["compact"], 2);
    assert!(err.contains("nothing was compacted"), "{err}");
    assert!(!env.store().join("db.compact").exists());
}

/// The three states a killed compaction can leave, and what the next command makes of them:
/// an unfinished copy is dropped; once the marker says the copy is complete, the swap is
/// finished whichever rename was next.
#[test]
fn the_next_command_settles_a_compaction_left_half_done() {
    let env = TestEnv::with_v1();
    let store = env.store();
    // A complete copy at this point (a closed sled database copies as files).
    copy_dir(&store.join("db"), &env.path("copy-at-v1"));
    let at_v1 = env.export("at-v1.jsonl");
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    let later = env.export("later.jsonl");
    assert_ne!(at_v1, later);

    // Killed while copying: no marker. The copy goes; the store is as it was.
    copy_dir(&env.path("copy-at-v1"), &store.join("db.compact"));
    assert_eq!(env.export("a.jsonl"), later);
    assert!(!store.join("db.compact").exists());

    // Killed after the marker, before the first rename: the copy takes the database's place.
    copy_dir(&env.path("copy-at-v1"), &store.join("db.compact"));
    std::fs::write(store.join("compact-swapping"), b"").expect("marker");
    assert_eq!(env.export("b.jsonl"), at_v1, "the copy is the database now");
    for leftover in ["db.compact", "db.old", "compact-swapping"] {
        assert!(!store.join(leftover).exists(), "{leftover} left");
    }

    // Killed between the renames: no database under its own name until the next open.
    std::fs::rename(store.join("db"), store.join("db.old")).expect("rename");
    copy_dir(&env.path("copy-at-v1"), &store.join("db.compact"));
    std::fs::write(store.join("compact-swapping"), b"").expect("marker");
    assert_eq!(env.export("c.jsonl"), at_v1);

    // Killed after the swap, before the old database was deleted.
    copy_dir(&store.join("db"), &store.join("db.old"));
    std::fs::write(store.join("compact-swapping"), b"").expect("marker");
    assert_eq!(env.export("d.jsonl"), at_v1);
    for leftover in ["db.compact", "db.old", "compact-swapping"] {
        assert!(!store.join(leftover).exists(), "{leftover} left");
    }
    env.head();
}

#[test]
fn a_large_batch_load_suggests_compacting_and_a_small_one_does_not() {
    let env = TestEnv::init();
    let lines = |count: usize, from: usize| -> String {
        (from..from + count)
            .map(|n| format!("{{\"id\":\"s{n}\",\"text\":\"Officials said {n} people left.\"}}\n"))
            .collect()
    };
    let small = env.write("small.jsonl", lines(10, 0).as_bytes());
    assert!(
        !env.ok(&["ingest", "--jsonl", &small])
            .contains("factdesk compact")
    );
    let large = env.write("large.jsonl", lines(1_000, 10).as_bytes());
    let out = env.ok(&["ingest", "--jsonl", &large]);
    assert!(out.contains("1000 new articles"), "{out}");
    assert!(out.contains("`factdesk compact`"), "{out}");
}
