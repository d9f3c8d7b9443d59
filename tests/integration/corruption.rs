//! Damage, at random: flipped bits in stored values of every tree (through a raw sled handle) and
//! damaged database files. Each is reported, naming the tree and key for a value, as an error
//! with exit status 2 and "restore from a backup"; never a wrong value, never a panic, never a
//! hang (every command runs under the harness timeout; `len()` is never called on a tree).
//!
//! `FACTDESK_CORRUPTION_ITERATIONS` sets how many flips to try (default 16, two per tree);
//! `FACTDESK_CORRUPTION_SEED` replays a failure.

use std::path::{Path, PathBuf};

use crate::common::{ARTICLE, Rng, TestEnv};

/// The trees whose values are records (`claim_articles` is an index of empty values).
const TREES: [&str; 8] = [
    "meta",
    "articles",
    "revisions",
    "claims",
    "occurrences",
    "reviews",
    "events",
    "evidence",
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// (exit code, stdout, stderr) of factdesk on `store`.
fn run(env: &TestEnv, store: &Path, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd_on(store, args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A key as factdesk's messages write it (store::keys::describe), enough to find it there.
fn key_in_message(tree: &str, key: &[u8]) -> String {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    match tree {
        "events" => format!(
            "seq {}",
            u64::from_be_bytes(key.try_into().expect("8 bytes"))
        ),
        "claims" | "evidence" => hex(key),
        "meta" | "articles" => String::from_utf8_lossy(key).into_owned(),
        // slug NUL …: the slug is always written out.
        _ => String::from_utf8_lossy(&key[..key.iter().position(|&b| b == 0).expect("NUL")])
            .into_owned(),
    }
}

/// The reads whose output must never change silently.
const READS: [&[&str]; 4] = [
    &["claims", ARTICLE, "--json"],
    &["claims", "syria-truce-web", "--json"],
    &["history", "--article", ARTICLE, "--json"],
    &["show", "--json", "--article", ARTICLE, "PLACEHOLDER"],
];

fn damaged_refusal(context: &str, code: i32, stderr: &str) {
    assert_eq!(code, 2, "{context}: {stderr}");
    assert!(stderr.starts_with("error: "), "{context}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{context}: {stderr}");
    assert!(!stderr.contains("panicked"), "{context}: {stderr}");
    // Issue 16: the storage engine's own words ("Read corrupted data at file offset None
    // backtrace ()") mean nothing to the person who has to restore the store.
    for internal in ["backtrace", "file offset", "Read corrupted"] {
        assert!(!stderr.contains(internal), "{context}: {stderr}");
    }
}

#[test]
fn flipped_bits_in_any_tree_are_reported_never_decoded() {
    let iterations: usize = std::env::var("FACTDESK_CORRUPTION_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let seed: u64 = std::env::var("FACTDESK_CORRUPTION_SEED")
        .ok()
        .and_then(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    let env = TestEnv::with_history();
    let claim = env.claims()[0]["id"].as_str().expect("id")[..12].to_owned();
    let reads: Vec<Vec<&str>> = READS
        .iter()
        .map(|args| {
            args.iter()
                .map(|a| {
                    if *a == "PLACEHOLDER" {
                        claim.as_str()
                    } else {
                        a
                    }
                })
                .collect()
        })
        .collect();
    let intact: Vec<String> = reads.iter().map(|args| env.ok(args)).collect();

    let mut rng = Rng(seed);
    for i in 0..iterations {
        let tree_name = TREES[i % TREES.len()];
        let copy: PathBuf = env.path(&format!("copy-{i}"));
        copy_dir(&env.store(), &copy);
        let (key, bit) = {
            let db = crate::common::raw_open(copy.join("db"));
            let tree = db.open_tree(tree_name).expect("tree");
            let entries: Vec<(sled::IVec, sled::IVec)> =
                tree.iter().map(|item| item.expect("intact")).collect();
            let (key, value) = &entries[rng.below(entries.len())];
            let bit = rng.below(value.len() * 8);
            let mut bytes = value.to_vec();
            bytes[bit / 8] ^= 1 << (bit % 8);
            tree.insert(key, bytes).expect("insert");
            db.flush().expect("flush");
            (key.to_vec(), bit)
        };
        let context = format!(
            "seed {seed:#x} iteration {i}: bit {bit} of `{tree_name}` at {}",
            key_in_message(tree_name, &key)
        );

        let (code, _, err) = run(&env, &copy, &["audit", "verify"]);
        damaged_refusal(&context, code, &err);
        assert!(
            err.contains(&format!("`{tree_name}`")),
            "{context}: the tree is named: {err}"
        );
        assert!(
            err.contains(&key_in_message(tree_name, &key)),
            "{context}: the key is named: {err}"
        );
        assert!(
            err.contains("integrity error")
                || err.contains("audit verification failed")
                || err.contains("newer factdesk"),
            "{context}: {err}"
        );
        for (args, before) in reads.iter().zip(&intact) {
            let (code, out, err) = run(&env, &copy, args);
            if code == 0 {
                assert_eq!(&out, before, "{context}: {args:?} printed a changed value");
            } else {
                damaged_refusal(&format!("{context}: {args:?}"), code, &err);
            }
        }
        std::fs::remove_dir_all(&copy).expect("clean up");
    }
}

/// Flips one bit in every copy of `needle` in the sled log, as a failing disk would.
fn damage_file(path: &Path, needle: &[u8]) -> usize {
    let mut bytes = std::fs::read(path).expect("db file");
    let spots: Vec<usize> = bytes
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(at, _)| at)
        .collect();
    for at in &spots {
        bytes[at + needle.len() / 2] ^= 0x04;
    }
    std::fs::write(path, bytes).expect("write back");
    spots.len()
}

#[test]
fn damaged_database_files_say_restore_from_backup() {
    let env = TestEnv::with_history();
    let db = env.store().join("db");

    // A flipped bit in the log where a value lives: sled's CRC catches it when read.
    let copy = env.path("flipped");
    copy_dir(&env.store(), &copy);
    assert!(damage_file(&copy.join("db/db"), b"AFP has other words") > 0);
    let (code, _, err) = run(&env, &copy, &["audit", "verify"]);
    damaged_refusal("flipped log bit", code, &err);
    assert!(err.contains("restore it from a backup"), "{err}");

    // A truncated log.
    let copy = env.path("truncated");
    copy_dir(&env.store(), &copy);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(copy.join("db/db"))
        .expect("open");
    let len = file.metadata().expect("meta").len();
    file.set_len(len / 3).expect("truncate");
    drop(file);
    for args in [&["audit", "verify"][..], &["claims", ARTICLE]] {
        let (code, out, err) = run(&env, &copy, args);
        if code == 0 {
            // sled found nothing past the cut that it needed: then nothing may differ.
            assert_eq!(out, env.ok(args), "truncated: {args:?}");
        } else {
            damaged_refusal(&format!("truncated: {args:?}"), code, &err);
            assert!(err.contains("restore it from a backup"), "{err}");
        }
    }

    // A damaged snapshot: sled refuses to open.
    let snapshots: Vec<PathBuf> = std::fs::read_dir(&db)
        .expect("db dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("snap."))
        })
        .collect();
    if snapshots.is_empty() {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"note: sled wrote no snapshot for this store; the snapshot case was skipped\n",
        );
    }
    for snapshot in snapshots {
        let copy = env.path("snapshot");
        copy_dir(&env.store(), &copy);
        let target = copy.join("db").join(snapshot.file_name().expect("name"));
        let mut bytes = std::fs::read(&target).expect("snapshot");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x10;
        std::fs::write(&target, bytes).expect("write");
        let (code, _, err) = run(&env, &copy, &["audit", "verify"]);
        damaged_refusal("damaged snapshot", code, &err);
        assert!(err.contains("restore it from a backup"), "{err}");
        std::fs::remove_dir_all(&copy).expect("clean up");
    }
}
