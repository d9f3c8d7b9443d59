//! `export` and `import`: a lossless, checked round trip, and every way an archive or a target
//! can be wrong refused with one line.

use crate::common::{ARTICLE, TestEnv};

/// Runs factdesk against another store directory of the same test environment.
fn on(env: &TestEnv, store: &str, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd_on(&env.path(store), args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn one_error_line(stderr: &str) {
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn export_import_export_is_byte_identical() {
    let env = TestEnv::with_history();
    let first = env.export("first.jsonl");
    let text = String::from_utf8(first.clone()).expect("archives are UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains(r#""format":"factdesk-archive","version":1"#));
    assert!(
        lines
            .last()
            .expect("trailer")
            .contains(r#""kind":"trailer""#)
    );
    for tree in [
        "meta",
        "articles",
        "revisions",
        "claims",
        "occurrences",
        "reviews",
        "claim_articles",
        "events",
        "evidence",
    ] {
        assert!(
            text.contains(&format!(r#""tree":"{tree}""#)),
            "{tree} is in the archive"
        );
    }

    let archive = env.path("first.jsonl").display().to_string();
    let (code, out, err) = on(&env, "restored", &["import", &archive]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("audit chain verified"), "{out}");
    let (code, _, err) = on(&env, "restored", &["export", "second.jsonl"]);
    assert_eq!(code, 0, "{err}");
    let second = std::fs::read(env.path("second.jsonl")).expect("second archive");
    assert!(
        first == second,
        "export → import → export must be byte-identical"
    );

    // The restored store is the same store to every reader.
    let (_, verify, _) = on(&env, "restored", &["audit", "verify"]);
    assert_eq!(verify, env.head());
    for args in [
        &["claims", ARTICLE, "--json"][..],
        &["history", "--article", ARTICLE, "--json"],
        &["config", "list"],
        &["workflow", "show"],
    ] {
        let (code, restored, err) = on(&env, "restored", args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(restored, env.ok(args), "{args:?}");
    }
}

#[test]
fn import_refuses_a_target_that_is_not_empty() {
    let env = TestEnv::with_v1();
    let archive = env.path("a.jsonl");
    env.export("a.jsonl");
    let archive = archive.display().to_string();
    // Into the very store it came from, and into any directory holding a file.
    let (code, _, err) = on(&env, "store", &["import", &archive]);
    assert_eq!(code, 1);
    one_error_line(&err);
    assert!(err.contains("not empty"), "{err}");
    std::fs::create_dir(env.path("other")).expect("dir");
    std::fs::write(env.path("other/notes.txt"), "keep me").expect("file");
    let (code, _, err) = on(&env, "other", &["import", &archive]);
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(env.path("other/notes.txt")).expect("untouched"),
        "keep me"
    );
    // An empty directory is fine.
    std::fs::create_dir(env.path("empty")).expect("dir");
    let (code, _, err) = on(&env, "empty", &["import", &archive]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn damaged_archives_are_refused_before_anything_is_written() {
    let env = TestEnv::with_history();
    let good = env.export("good.jsonl");
    let text = String::from_utf8(good.clone()).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    let record = lines.len() / 2;
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "without its trailer"),
        (
            "truncated",
            good[..good.len() / 2].to_vec(),
            "without its trailer",
        ),
        (
            "no-trailer",
            lines[..lines.len() - 1]
                .iter()
                .map(|l| format!("{l}\n"))
                .collect::<String>()
                .into_bytes(),
            "without its trailer",
        ),
        ("not-an-archive", b"hello\n".to_vec(), "line 1"),
        (
            "extra",
            [&good[..], b"{\"kind\":\"header\"}\n"].concat(),
            "after the trailer",
        ),
    ];
    // One value changed by one character: valid base64, valid JSON, wrong checksum.
    let mut edited = lines.clone();
    let altered = lines[record].replacen("\"value\":\"RkQB", "\"value\":\"RkQC", 1);
    assert_ne!(altered, lines[record]);
    edited[record] = &altered;
    cases.push((
        "altered",
        edited
            .iter()
            .map(|l| format!("{l}\n"))
            .collect::<String>()
            .into_bytes(),
        "does not match",
    ));
    // A newer archive version.
    let newer = text.replacen("\"version\":1", "\"version\":2", 1);
    cases.push(("newer", newer.into_bytes(), "newer factdesk"));

    for (name, bytes, expected) in cases {
        let file = env.write(&format!("{name}.jsonl"), &bytes);
        let target = format!("restored-{name}");
        let (code, _, err) = on(&env, &target, &["import", &file]);
        assert_eq!(code, 1, "{name}: {err}");
        one_error_line(&err);
        assert!(err.contains(&format!("{name}.jsonl")), "{name}: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert!(!env.path(&target).exists(), "{name}: nothing written");
    }
}

#[test]
fn an_unfinished_import_is_refused_until_redone() {
    let env = TestEnv::with_v1();
    env.export("a.jsonl");
    let archive = env.path("a.jsonl").display().to_string();
    let (code, _, err) = on(&env, "restored", &["import", &archive]);
    assert_eq!(code, 0, "{err}");
    // What a kill between the marker and its removal leaves behind.
    std::fs::write(env.path("restored").join("import-incomplete"), b"").expect("marker");
    for args in [&["claims", ARTICLE][..], &["audit", "verify"], &["init"]] {
        let (code, _, err) = on(&env, "restored", args);
        assert_eq!(code, 2, "{args:?}: {err}");
        one_error_line(&err);
        assert!(err.contains("import that did not finish"), "{err}");
    }
    let (code, _, err) = on(&env, "restored", &["import", &archive]);
    assert_eq!(code, 1);
    assert!(err.contains("not empty"), "{err}");
}

#[test]
fn export_refuses_a_store_that_fails_verification() {
    let env = TestEnv::with_v1();
    let db = crate::common::raw_open(env.store().join("db"));
    let events = db.open_tree("events").expect("tree");
    events.remove(1u64.to_be_bytes()).expect("remove");
    db.flush().expect("flush");
    drop(events);
    drop(db);
    let target = env.path("x.jsonl").display().to_string();
    let err = env.fails(&["export", &target], 2);
    assert!(err.contains("fails audit verification"), "{err}");
    assert!(
        !env.path("x.jsonl").exists(),
        "no archive of a broken store"
    );
}

/// A store made by this version, kept as an archive: every later factdesk must restore it, read
/// it, and write it back byte for byte. Never changed; a new format adds a new file beside it.
#[test]
fn the_golden_archive_of_a_version_1_store_still_restores() {
    let golden =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/archive-v1.jsonl");
    if !golden.exists() && std::env::var_os("FACTDESK_BLESS").is_some() {
        let env = TestEnv::with_history();
        std::fs::write(&golden, env.export("golden.jsonl")).expect("write golden archive");
    }
    let bytes =
        std::fs::read(&golden).expect("tests/golden/archive-v1.jsonl (FACTDESK_BLESS=1 makes it)");
    let env = TestEnv::new();
    let (code, out, err) = on(&env, "store", &["import", &golden.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("audit chain verified"), "{out}");
    // Written back record for record. Trees added since (the event index, derived from the log
    // at import) are the only lines the older archive lacks.
    let records = |archive: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(archive)
            .lines()
            .filter(|l| {
                l.contains("\"kind\":\"record\"") && !l.contains("\"tree\":\"event_index\"")
            })
            .map(str::to_owned)
            .collect()
    };
    let head = |archive: &[u8]| -> serde_json::Value {
        let text = String::from_utf8_lossy(archive);
        let trailer = text.lines().last().expect("a trailer");
        serde_json::from_str::<serde_json::Value>(trailer).expect("json")["audit_head"].clone()
    };
    let again = env.export("again.jsonl");
    assert_eq!(
        records(&again),
        records(&bytes),
        "the golden archive round-trips"
    );
    assert!(!records(&bytes).is_empty());
    assert_eq!(head(&again), head(&bytes));
    let claims = env.claims();
    assert!(claims.len() >= 10, "{claims:?}");
    assert!(
        claims.iter().any(|c| c["state"] != "unverified"),
        "reviews restored"
    );
    env.ok(&["report", ARTICLE, "--format", "json"]);
}
