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

/// The bytes of an archive made of `lines`, each ended by a newline.
fn archive_of(lines: &[impl AsRef<str>]) -> Vec<u8> {
    lines
        .iter()
        .flat_map(|line| [line.as_ref().as_bytes(), b"\n"].concat())
        .collect()
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

/// An import ends by opening the restored store once more, which makes sled snapshot it: the
/// first command after a large restore does not replay the whole import.
#[test]
fn an_import_leaves_a_snapshot_of_what_it_restored() {
    let env = TestEnv::with_v1();
    let archive = env.path("backup.jsonl");
    std::fs::write(&archive, env.export("backup.jsonl")).expect("archive");
    let (code, _, err) = on(
        &env,
        "restored",
        &["import", &archive.display().to_string()],
    );
    assert_eq!(code, 0, "{err}");
    let snapshots = crate::common::snapshots(&env.path("restored"));
    // The import's first open snapshots an empty log; only the last one covers the records.
    let newest = snapshots.last().expect("a snapshot");
    let position = u64::from_str_radix(newest.trim_start_matches("snap."), 16).expect("hex");
    assert!(position > 0, "{snapshots:?}");
}

#[test]
fn export_to_standard_output_writes_the_archive_alone() {
    let env = TestEnv::with_history();
    let file = env.export("file.jsonl");
    let out = env.cmd(&["export", "-"]).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout == file,
        "the archive on stdout is the archive a file gets"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("to standard output"), "{stderr}");
    assert!(!env.path("-").exists(), "no file named `-`");
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

/// Imports `bytes` (saved as `NAME.jsonl`) into a new directory and into an empty one: refused
/// with one line naming the file and saying `expected`, the one not created, the other left empty.
fn refused_with_nothing_written(env: &TestEnv, name: &str, bytes: &[u8], expected: &str) {
    let file = env.write(&format!("{name}.jsonl"), bytes);
    let target = format!("restored-{name}");
    let (code, _, err) = on(env, &target, &["import", &file]);
    assert_eq!(code, 1, "{name}: {err}");
    one_error_line(&err);
    assert!(err.contains(&format!("{name}.jsonl")), "{name}: {err}");
    assert!(err.contains(expected), "{name}: {err}");
    assert!(!env.path(&target).exists(), "{name}: nothing written");
    std::fs::create_dir(env.path(&target)).expect("dir");
    let (code, _, err) = on(env, &target, &["import", &file]);
    assert_eq!(code, 1, "{name}: {err}");
    let left = std::fs::read_dir(env.path(&target)).expect("dir").count();
    assert_eq!(left, 0, "{name}: the empty target stays empty");
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
            archive_of(&lines[..lines.len() - 1]),
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
    cases.push(("altered", archive_of(&edited), "does not match"));
    // A newer archive version.
    let newer = text.replacen("\"version\":1", "\"version\":2", 1);
    cases.push(("newer", newer.into_bytes(), "newer factdesk"));

    for (name, bytes, expected) in cases {
        refused_with_nothing_written(&env, name, &bytes, expected);
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
    assert_eq!(
        store_format(&after),
        4,
        "the first write made it this build's format"
    );
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

/// Articles in the large archive: with three distinct numbers each, its `claims` tree alone
/// holds 3,300 records and its `events` 1,100, more than the import's 1,000 records a batch, so
/// both the records and the event index derived from the events span several batches.
const LARGE_ARTICLES: usize = 1_100;

/// The archive of a store of [`LARGE_ARTICLES`] short articles, made once for the tests here.
fn large_archive() -> &'static [u8] {
    static ARCHIVE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let env = TestEnv::init();
        let mut jsonl = String::new();
        for article in 0..LARGE_ARTICLES {
            // Values from 10,000 up, three an article and never repeated: a claim each.
            let [hurt, homes, trucks] = [0, 1, 2].map(|k| {
                let value = 10_000 + 3 * article + k;
                format!("{},{:03}", value / 1000, value % 1000)
            });
            let text = format!(
                "The ministry said {hurt} people were hurt and {homes} homes were lost.\n\n\
                 Aid groups said {trucks} trucks reached the city on Tuesday.\n"
            );
            let line = serde_json::json!({"id": format!("story-{article:05}"), "text": text});
            jsonl.push_str(&format!("{line}\n"));
        }
        let corpus = env.write("corpus.jsonl", jsonl.as_bytes());
        env.ok(&["ingest", "--jsonl", &corpus]);
        env.export("large.jsonl")
    })
}

/// The trailer's count of a tree.
fn trailer_count(archive: &[u8], tree: &str) -> u64 {
    let text = String::from_utf8_lossy(archive);
    let trailer: serde_json::Value =
        serde_json::from_str(text.lines().last().expect("a trailer")).expect("json");
    trailer["counts"][tree].as_u64().unwrap_or(0)
}

/// An archive of `lines` (header and records) with a trailer that matches them: counts and
/// checksum recomputed, as a careful forger or a buggy exporter would write it.
fn with_matching_trailer(original: &[u8], lines: &[String]) -> Vec<u8> {
    let text = String::from_utf8_lossy(original);
    let mut trailer: serde_json::Value =
        serde_json::from_str(text.lines().last().expect("a trailer")).expect("json");
    let body = archive_of(lines);
    let mut counts = serde_json::Map::new();
    for line in &lines[1..] {
        // Read as text: a damaged line may not be JSON any more.
        let tree = line
            .split(r#""tree":""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a tree")
            .to_owned();
        let count = counts.get(&tree).and_then(|c| c.as_u64()).unwrap_or(0);
        counts.insert(tree, (count + 1).into());
    }
    trailer["records"] = (lines.len() as u64 - 1).into();
    trailer["counts"] = counts.into();
    trailer["blake3"] = blake3::hash(&body).to_hex().to_string().into();
    [body, format!("{trailer}\n").into_bytes()].concat()
}

#[test]
fn an_archive_larger_than_one_batch_restores_byte_identically() {
    let env = TestEnv::new();
    let archive = large_archive();
    assert!(trailer_count(archive, "claims") > 3_000);
    assert!(trailer_count(archive, "events") > 1_000);
    let file = env.write("large.jsonl", archive);
    let (code, out, err) = on(&env, "restored", &["import", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("audit chain verified"), "{out}");
    let again = env.path("again.jsonl").display().to_string();
    let (code, _, err) = on(&env, "restored", &["export", &again]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read(&again).expect("archive") == archive,
        "export → import → export of a multi-batch archive must be byte-identical"
    );

    // The same archive as written before the event index existed: the index is derived from the
    // events, batch by batch, into exactly the rows the store had.
    let text = String::from_utf8_lossy(archive);
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let without_index: Vec<String> = lines[..lines.len() - 1]
        .iter()
        .filter(|l| !l.contains(r#""tree":"event_index""#))
        .cloned()
        .collect();
    assert!(without_index.len() + 1_000 < lines.len());
    let older = env.write(
        "older.jsonl",
        &with_matching_trailer(archive, &without_index),
    );
    let (code, _, err) = on(&env, "derived", &["import", &older]);
    assert_eq!(code, 0, "{err}");
    let derived = env.path("derived.jsonl").display().to_string();
    let (code, _, err) = on(&env, "derived", &["export", &derived]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(&derived).expect("archive") == archive);
}

/// Everything is checked before the first write, however far into the archive the damage is.
#[test]
fn damage_at_the_end_of_a_large_archive_is_refused_with_nothing_written() {
    let env = TestEnv::new();
    let archive = large_archive();
    let text = String::from_utf8_lossy(archive);
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // The last stored value: the newest event, thousands of lines in.
    let last_event = lines
        .iter()
        .rposition(|l| l.contains(r#""tree":"events""#))
        .expect("an event");
    assert!(last_event > 4_000, "{last_event}");
    let altered = {
        let mut line: serde_json::Value = serde_json::from_str(&lines[last_event]).expect("json");
        let value = line["value"].as_str().expect("value").to_owned();
        // One base64 digit of the body changed (not the last group: still canonical base64).
        let at = value.len() / 2;
        let swapped = if value.as_bytes()[at] == b'A' {
            "B"
        } else {
            "A"
        };
        line["value"] = format!("{}{swapped}{}", &value[..at], &value[at + 1..]).into();
        line.to_string()
    };

    let mut damaged = lines[..lines.len() - 1].to_vec();
    damaged[last_event] = altered.clone();
    let mut unparsable = lines[..lines.len() - 1].to_vec();
    unparsable[last_event].truncate(40);
    let mut bad_tail = lines.clone();
    bad_tail[last_event] = altered;
    let cases = [
        // A consistent file whose record fails its envelope's own hash.
        (
            "envelope",
            with_matching_trailer(archive, &damaged),
            format!("line {}:", last_event + 1),
        ),
        // A record that is not JSON.
        (
            "unparsable",
            with_matching_trailer(archive, &unparsable),
            format!("line {}: not an archive line", last_event + 1),
        ),
        // The same change under the original trailer: reported as damage to the file.
        (
            "checksum",
            archive_of(&bad_tail),
            "does not match".to_owned(),
        ),
    ];
    for (name, bytes, expected) in cases {
        refused_with_nothing_written(&env, name, &bytes, &expected);
    }
}

#[test]
fn import_refuses_standard_input_and_pipes_before_creating_the_target() {
    let env = TestEnv::with_v1();
    let archive = env.export("a.jsonl");
    // `-`, and a pipe under a file name: neither can be read twice.
    for (file, expected) in [("-", "not standard input"), ("/dev/stdin", "not a pipe")] {
        let out = env
            .cmd_on(&env.path("restored"), &["import", file])
            .write_stdin(archive.clone())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        one_error_line(&err);
        assert!(err.contains(expected), "{file}: {err}");
        assert!(!env.path("restored").exists(), "{file}: nothing written");
    }
}

/// The archive's lines without its trailer, with `line` added after the last record of `tree`.
fn lines_with(archive: &[u8], tree: &str, line: String) -> Vec<String> {
    let text = String::from_utf8_lossy(archive);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.pop();
    let tag = format!(r#""tree":"{tree}""#);
    let at = lines
        .iter()
        .rposition(|l| l.contains(&tag))
        .expect("a record")
        + 1;
    lines.insert(at, line);
    lines
}

/// An evidence record of `bytes`, deflated, in its envelope, as an archive line: what a forger
/// who read the format would write.
fn evidence_line(bytes: &[u8]) -> String {
    use base64::Engine;
    let name = b"page.html";
    let mut payload = (name.len() as u64).to_le_bytes().to_vec();
    payload.extend_from_slice(name);
    payload.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    payload.extend_from_slice(bytes);
    let body = miniz_oxide::deflate::compress_to_vec(&payload, 1);
    let mut value = b"FD\x02\x0b\x01\x00".to_vec();
    value.extend_from_slice(blake3::hash(&body).as_bytes());
    value.extend_from_slice(&body);
    serde_json::json!({
        "kind": "record",
        "tree": "evidence",
        "key": blake3::hash(bytes).to_hex().to_string(),
        "value": base64::engine::general_purpose::STANDARD.encode(&value),
    })
    .to_string()
}

// Issue 16, defect 7: a 2.8 MB archive of evidence records inflating to 268 MB each imported, and
// every later verify and export paid for them.
#[test]
fn deflate_bombs_oversized_and_unnamed_evidence_are_refused_before_anything_is_written() {
    let env = TestEnv::with_history();
    let good = env.export("good.jsonl");
    let bomb = lines_with(&good, "evidence", evidence_line(&vec![0u8; 64 << 20]));
    // Text that deflates about tenfold: under the ratio, over the 32 MiB a file.
    let mut large = Vec::with_capacity(33 << 20);
    let mut n = 0u64;
    while large.len() < 33 << 20 {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        large.extend_from_slice(format!("row {} {}\n", n >> 40, n % 977).as_bytes());
    }
    let oversized = lines_with(&good, "evidence", evidence_line(&large));
    let unnamed = lines_with(&good, "evidence", evidence_line(b"a page no review cites"));
    let cases = [
        ("bomb", bomb, "over 100 times its size"),
        (
            "oversized",
            oversized,
            "over the 32 MiB factdesk keeps a file",
        ),
        ("unnamed", unnamed, "is named by no review"),
    ];
    for (name, lines, expected) in cases {
        refused_with_nothing_written(&env, name, &with_matching_trailer(&good, &lines), expected);
    }
}

// Issue 16, defect 2: an archive without one of its claims imported with "audit chain verified",
// after which `claims` and `gate` said the store was damaged and `search` found nothing.
#[test]
fn an_archive_missing_a_claim_is_refused_and_a_store_missing_one_is_not_exported() {
    let env = TestEnv::with_history();
    let good = env.export("good.jsonl");
    let text = String::from_utf8_lossy(&good);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.pop();
    let claim = lines
        .iter()
        .position(|l| l.contains(r#""tree":"claims""#))
        .expect("a claim");
    lines.remove(claim);
    let file = env.write("holed.jsonl", &with_matching_trailer(&good, &lines));
    let (code, _, err) = on(&env, "restored", &["import", &file]);
    assert_ne!(code, 0, "{err}");
    one_error_line(&err);
    assert!(err.contains("which is not stored"), "{err}");
    let (code, _, err) = on(&env, "restored", &["claims", ARTICLE]);
    assert_eq!(code, 2, "the half-restored store is refused: {err}");

    // The same hole in a store: verify names it, and export refuses to back it up.
    let key = {
        let db = crate::common::raw_open(env.store().join("db"));
        let claims = db.open_tree("claims").expect("tree");
        let (key, _) = claims.iter().next().expect("a claim").expect("read");
        claims.remove(&key).expect("remove");
        db.flush().expect("flush");
        key
    };
    let err = env.fails(&["audit", "verify"], 2);
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    assert!(err.contains(&format!("cites claim {hex}")), "{err}");
    let err = env.fails(&["export", &env.path("x.jsonl").display().to_string()], 2);
    assert!(err.contains("fails audit verification"), "{err}");
    assert!(!env.path("x.jsonl").exists());
}
