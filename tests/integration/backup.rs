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
    // A line in the middle that holds a stored value (index rows hold none).
    let record = (lines.len() / 2..lines.len())
        .find(|&i| lines[i].contains("\"value\":\"RkQB"))
        .expect("a record with a value");
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
///
/// Returns the test environment the archive was restored into.
fn golden_archive_restores(format: u64) -> TestEnv {
    let name = format!("tests/golden/archive-v{format}.jsonl");
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(&name);
    if !golden.exists() && std::env::var_os("FACTDESK_BLESS").is_some() {
        let env = TestEnv::with_history();
        std::fs::write(&golden, env.export("golden.jsonl")).expect("write golden archive");
    }
    let bytes = std::fs::read(&golden)
        .unwrap_or_else(|err| panic!("{name}: {err} (FACTDESK_BLESS=1 makes it)"));
    assert_eq!(store_format(&bytes), format);
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
    env
}

#[test]
fn the_golden_archive_of_a_version_1_store_still_restores() {
    golden_archive_restores(1);
}

/// Format 2: one occurrence pack per revision, review rows only for claims someone acted on.
#[test]
fn the_golden_archive_of_a_version_2_store_still_restores() {
    let env = golden_archive_restores(2);
    let archive = env.export("v2.jsonl");
    let keys = occurrence_keys(&archive);
    let slug: String = ARTICLE.bytes().map(|b| format!("{b:02x}")).collect();
    assert!(keys.contains(&format!("{slug}00{:08x}", 2)), "{keys:?}");
    assert_eq!(keys.len(), 3, "one pack per revision, of three: {keys:?}");
}

/// The header's `store_format` and the `meta/format` row of an archive.
fn store_format(archive: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(archive);
    let header: serde_json::Value =
        serde_json::from_str(text.lines().next().expect("a header")).expect("json");
    header["store_format"].as_u64().expect("store_format")
}

/// The keys of the `occurrences` lines of an archive, as hex.
fn occurrence_keys(archive: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(archive)
        .lines()
        .filter(|l| l.contains("\"tree\":\"occurrences\""))
        .map(|l| {
            let line: serde_json::Value = serde_json::from_str(l).expect("json");
            line["key"].as_str().expect("key").to_owned()
        })
        .collect()
}

/// A store written by format 1 (the golden archive: a row per occurrence, a review row per claim)
/// is read as it is, takes new revisions (packed, no review rows for untouched claims) and
/// decisions, verifies, and becomes format 2 with that first write, so that an older factdesk
/// refuses it instead of misreading it.
#[test]
fn a_version_1_store_takes_new_revisions_and_decisions_and_still_verifies() {
    let env = TestEnv::new();
    let golden =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/archive-v1.jsonl");
    let (code, _, err) = on(&env, "store", &["import", &golden.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        store_format(&env.export("before.jsonl")),
        1,
        "reads change nothing"
    );
    let rev2_before = env.ok(&["claims", ARTICLE, "--rev", "2", "--json"]);
    let old_claims = env.claims();

    // Revision 3: the death toll changes (its verdict is carried over from a format-1 review
    // row) and a new number appears (no review row: it starts in the initial state).
    let v2 = std::fs::read_to_string(crate::common::fixture("v2.txt")).expect("fixture");
    assert!(v2.contains("more than 9,000 people"));
    let v3 = format!(
        "{}\nThe Red Crescent said 412 volunteers were working in Homs.\n",
        v2.replace("9,000", "10,000")
    );
    let draft = env.write("v3.txt", v3.as_bytes());
    let out = env.ok(&["ingest", &draft, "--article", ARTICLE]);
    assert!(out.contains("revision 3"), "{out}");
    assert!(out.contains("1 modified, 1 added"), "{out}");
    let claims = env.claims();
    assert_eq!(claims.len(), old_claims.len() + 1);
    for old in &old_claims {
        if let Some(same) = claims.iter().find(|c| c["id"] == old["id"]) {
            assert_eq!(same["state"], old["state"], "{same}");
        }
    }
    let volunteers = crate::common::find(&claims, "number", "412", "");
    assert_eq!(volunteers["state"], "unverified");
    let toll = crate::common::find(&claims, "number", "10,000", "");
    let shown = env.ok(&["show", &crate::common::short(toll), "--json"]);
    assert!(
        shown.contains("9,000") && shown.contains("10,000"),
        "the change is recorded on the review: {shown}"
    );
    // The older revisions read exactly as before.
    assert_eq!(
        env.ok(&["claims", ARTICLE, "--rev", "2", "--json"]),
        rev2_before
    );
    // Decisions on a claim of each shape.
    env.ok(&[
        "mark",
        &crate::common::short(volunteers),
        "sourced",
        "--source",
        "SARC",
    ]);
    let untouched = crate::common::find(&claims, "number", "30", "some 30");
    env.ok(&[
        "mark",
        &crate::common::short(untouched),
        "sourced",
        "--source",
        "UN",
        "--article",
        ARTICLE,
    ]);
    assert_eq!(
        crate::common::find(&env.claims(), "number", "412", "")["state"],
        "sourced"
    );
    env.head();
    env.ok(&["diff", ARTICLE]);
    env.ok(&["report", ARTICLE, "--rev", "2", "--format", "json"]);
    env.ok(&["history", "--article", ARTICLE]);
    // The same draft as another article: a claim's articles are those its record names (format
    // 2) and its claim → article rows (format 1, and every further article), together.
    env.ok(&["ingest", &draft, "--article", "syria-copy"]);
    let err = env.fails(&["show", &crate::common::short(volunteers)], 1);
    assert!(err.contains("(syria-copy, syria-truce)"), "{err}");
    let err = env.fails(&["show", &crate::common::short(untouched)], 1);
    assert!(
        err.contains("(syria-copy, syria-truce, syria-truce-web)"),
        "{err}"
    );

    let after = env.export("after.jsonl");
    assert_eq!(store_format(&after), 2, "the first write made it format 2");
    let keys = occurrence_keys(&after);
    let slug: String = ARTICLE.bytes().map(|b| format!("{b:02x}")).collect();
    let rev3_key = format!("{slug}00{:08x}", 3);
    assert!(keys.contains(&rev3_key), "revision 3 is one pack: {keys:?}");
    assert!(
        keys.iter().any(|k| k.len() == rev3_key.len() + 64),
        "revisions 1 and 2 keep their rows"
    );
    // Restored, it is the same store, byte for byte.
    let archive = env.path("after.jsonl").display().to_string();
    let (code, _, err) = on(&env, "again", &["import", &archive]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = on(
        &env,
        "again",
        &["export", &env.path("again.jsonl").display().to_string()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(env.path("again.jsonl")).expect("archive") == after);
}
