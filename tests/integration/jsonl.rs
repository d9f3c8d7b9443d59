//! `ingest --jsonl`: a batch of articles, one JSON object a line, through the real binary.

use serde_json::{Value, json};

use crate::common::{ARTICLE, TestEnv, fixture};

fn line(id: &str, text: &str) -> String {
    json!({ "id": id, "text": text, "title": format!("Title of {id}") }).to_string()
}

fn seed_text(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("fixture")
}

/// Three articles: the seed drafts and a short one with a quote and a number.
fn three_articles() -> Vec<String> {
    vec![
        line("alpha", &seed_text("v1.txt")),
        line("beta", &seed_text("v2.txt")),
        line(
            "gamma",
            "\"We will rebuild the bridge,\" said Mayor Ana Lopes. It will cost $4bn and take 3 years.",
        ),
    ]
}

fn write_jsonl(env: &TestEnv, name: &str, lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    env.write(name, text.as_bytes())
}

fn article_ids(env: &TestEnv) -> Vec<String> {
    env.json_lines(&["articles", "--json"])
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn a_jsonl_batch_ingests_every_article_and_the_audit_chain_verifies() {
    let env = TestEnv::init();
    let file = write_jsonl(&env, "archive.jsonl", &three_articles());
    let out = env.ok(&["ingest", "--jsonl", &file, "--batch", "2"]);
    assert!(out.contains("3 new articles"), "{out}");
    assert_eq!(article_ids(&env), ["alpha", "beta", "gamma"]);
    let articles = env.json_lines(&["articles", "--json"]);
    assert_eq!(articles[2]["title"], "Title of gamma");
    env.head();
    // One audit event per article, each naming the line it came from.
    let history = env.json_lines(&["history", "--article", "gamma", "--json"]);
    assert_eq!(history.len(), 1, "{history:?}");
}

#[test]
fn batch_ingest_gives_the_same_claims_as_ingesting_the_file() {
    let env = TestEnv::init();
    env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
    let file = write_jsonl(&env, "one.jsonl", &[line("batched", &seed_text("v1.txt"))]);
    env.ok(&["ingest", "--jsonl", &file]);
    let strip = |claims: Vec<Value>| -> Vec<Value> {
        claims
            .into_iter()
            .map(|mut c| {
                c.as_object_mut().expect("object").remove("state");
                c
            })
            .collect()
    };
    let single = strip(env.claims());
    let batched = strip(env.json_lines(&["claims", "batched", "--json"]));
    assert!(!single.is_empty());
    assert_eq!(single, batched);
    // The same quote in both articles: search finds both, show names the other one.
    let quote = crate::common::find(&single, "quote", "Our assessment", "");
    let hits = env.json_lines(&["search", "our assessment is unfortunately", "--json"]);
    let hit = hits
        .iter()
        .find(|h| h["id"] == quote["id"])
        .expect("the quote is found");
    assert_eq!(hit["appearances"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_broken_line_is_reported_with_its_number_and_skipped() {
    let env = TestEnv::init();
    let mut lines = three_articles();
    lines.insert(1, "{\"id\": \"broken\", \"text\": ".to_owned());
    lines.insert(3, String::new());
    let file = write_jsonl(&env, "archive.jsonl", &lines);
    let (code, out) = env.run(&["ingest", "--jsonl", &file], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("line 2:") && out.stderr.contains("skipped"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("1 bad line;"), "{}", out.stdout);
    assert_eq!(article_ids(&env), ["alpha", "beta", "gamma"]);
    env.head();
}

#[test]
fn a_bad_line_is_told_in_the_archives_terms() {
    let env = TestEnv::init();
    let lines = [
        r#"["alpha", "text"]"#.to_owned(),
        r#"{"id": "beta"}"#.to_owned(),
        r#"{"id": 5, "text": "Some 12 ships sank."}"#.to_owned(),
        r#"{"id": "gamma", "text": "<p></p>", "format": "html"}"#.to_owned(),
        r#"{"id": "delta", "text": "Some 12 ships"#.to_owned(),
    ];
    let file = write_jsonl(&env, "archive.jsonl", &lines);
    let (code, out) = env.run(&["ingest", "--jsonl", &file], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    let told: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(told.len(), 5, "{}", out.stderr);
    for (line, expected) in [
        (1, "an array, not a JSON object with \"id\" and \"text\""),
        (
            2,
            "missing field `text`: a line needs \"id\" and \"text\" strings",
        ),
        (3, "expected a string: a line needs"),
        (4, "line 4: no article text found in the HTML page"),
        (5, "not JSON (EOF while parsing a string, column 38)"),
    ] {
        assert!(told[line - 1].contains(expected), "{}", told[line - 1]);
    }
    for said in &told {
        // Not our struct's name, nor serde's "line 1" inside a line, nor the file again.
        assert!(
            !said.contains("LineIn")
                && !said.contains("at line 1")
                && !said.contains("archive.jsonl"),
            "{said}"
        );
    }
}

#[test]
fn strict_stops_at_the_bad_line_and_keeps_what_came_before() {
    let env = TestEnv::init();
    let mut lines = three_articles();
    lines.insert(2, line("Not A Slug", "text"));
    let file = write_jsonl(&env, "archive.jsonl", &lines);
    let err = env.fails(&["ingest", "--jsonl", &file, "--strict"], 1);
    assert!(err.contains("line 3:") && err.contains("--strict"), "{err}");
    // Lines 1 and 2 are stored; nothing after the bad line is.
    assert_eq!(article_ids(&env), ["alpha", "beta"]);
    env.head();
}

#[test]
fn resume_skips_articles_already_stored_at_any_revision() {
    let env = TestEnv::init();
    let first = write_jsonl(&env, "first.jsonl", &three_articles()[..2]);
    env.ok(&["ingest", "--jsonl", &first]);
    // A later draft of alpha arrives: it becomes revision 2.
    let v2 = write_jsonl(&env, "v2.jsonl", &[line("alpha", &seed_text("v2.txt"))]);
    env.ok(&["ingest", "--jsonl", &v2]);
    let head = env.head();
    // The whole archive again: alpha's v1 text is stored (as revision 1), beta too.
    let all = write_jsonl(&env, "all.jsonl", &three_articles());
    let out = env.ok(&["ingest", "--jsonl", &all, "--resume"]);
    assert!(
        out.contains("1 new article,") && out.contains("2 already stored"),
        "{out}"
    );
    let alpha = env.json_lines(&["articles", "--json"])[0].clone();
    assert_eq!(alpha["revisions"], 2, "{alpha}");
    assert_ne!(env.head(), head);
    // Again: nothing left to do, nothing written.
    let head = env.head();
    let out = env.ok(&["ingest", "--jsonl", &all, "--resume"]);
    assert!(out.contains("3 already stored"), "{out}");
    assert_eq!(env.head(), head);
}

#[test]
fn without_resume_an_older_text_becomes_the_next_revision() {
    let env = TestEnv::init();
    let file = write_jsonl(
        &env,
        "drafts.jsonl",
        &[
            line("alpha", &seed_text("v1.txt")),
            line("alpha", &seed_text("v2.txt")),
            line("alpha", &seed_text("v2.txt")),
        ],
    );
    let out = env.ok(&["ingest", "--jsonl", &file, "--batch", "8"]);
    assert!(
        out.contains("1 new article, 1 new revision, 1 unchanged"),
        "{out}"
    );
    // The second line was aligned with the first inside the same batch: the diff shows the
    // death toll change as in the file-by-file flow.
    let changes = env.json_lines(&["diff", "alpha", "--json"]);
    assert!(
        changes.iter().any(|c| c["change"] == "modified"),
        "{changes:?}"
    );
    env.head();
}

#[test]
fn a_file_run_again_ends_each_article_on_its_last_line_as_ingest_would() {
    // Without --resume, every line is an ingest: alpha's first draft is not its latest, so it
    // comes back as revision 3; the second draft, read while that line was still to be written,
    // must follow it as revision 4, not be skipped as "stored".
    let env = TestEnv::init();
    let lines = [
        line("alpha", &seed_text("v1.txt")),
        line("alpha", &seed_text("v2.txt")),
        line("beta", &seed_text("v1.txt")),
    ];
    let file = write_jsonl(&env, "drafts.jsonl", &lines);
    env.ok(&["ingest", "--jsonl", &file]);
    let latest = |env: &TestEnv| -> Vec<(String, u64)> {
        env.json_lines(&["articles", "--json"])
            .iter()
            .map(|a| {
                let id = a["id"].as_str().expect("id").to_owned();
                (id, a["revisions"].as_u64().expect("revisions"))
            })
            .collect()
    };
    assert_eq!(latest(&env), [("alpha".into(), 2), ("beta".into(), 1)]);
    let out = env.ok(&["ingest", "--jsonl", &file]);
    assert!(
        out.contains("0 new articles, 2 new revisions, 1 unchanged, 0 already stored"),
        "beta's text is its latest: unchanged, as `ingest` says of it: {out}"
    );
    assert_eq!(latest(&env), [("alpha".into(), 4), ("beta".into(), 1)]);
    let toll = env.json_lines(&["claims", "alpha", "--json"]);
    assert!(
        toll.iter().any(|c| c["text"] == "9,000"),
        "alpha ends on the file's last line for it, the second draft: {toll:?}"
    );
    let sources: Vec<String> = env
        .json_lines(&["revisions", "alpha", "--json"])
        .iter()
        .map(|r| r["source"].as_str().expect("source").to_owned())
        .collect();
    assert!(
        sources[2].ends_with(":1") && sources[3].ends_with(":2"),
        "{sources:?}"
    );
    // --resume is the way to run a file again without adding anything.
    let head = env.head();
    let out = env.ok(&["ingest", "--jsonl", &file, "--resume"]);
    assert!(out.contains("3 already stored"), "{out}");
    assert_eq!(env.head(), head);
}

#[test]
fn stdin_works() {
    let env = TestEnv::init();
    let mut input = three_articles().join("\n");
    input.push('\n');
    let out = env
        .cmd(&["ingest", "--jsonl", "-"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("stdin: 3 lines"));
    assert_eq!(article_ids(&env), ["alpha", "beta", "gamma"]);
}

#[test]
fn history_and_report_read_only_the_articles_own_events() {
    let env = TestEnv::with_v1();
    let file = write_jsonl(&env, "archive.jsonl", &three_articles());
    env.ok(&["ingest", "--jsonl", &file]);
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let history = env.json_lines(&["history", "--article", ARTICLE, "--json"]);
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history.iter().all(|e| e["article"] == ARTICLE),
        "{history:?}"
    );
    let report: Value = serde_json::from_str(&env.ok(&["report", ARTICLE, "--format", "json"]))
        .expect("report JSON");
    assert_eq!(report["revisions"].as_array().map(Vec::len), Some(2));
    assert_eq!(report["audit"]["verified"], true);
}

#[test]
fn an_overlong_line_is_refused_with_its_number() {
    let env = TestEnv::init();
    let mut text = three_articles()[2].clone();
    text.push('\n');
    // 17 MiB of one line, past the 16 MiB cap.
    text.push_str(&line("huge", &"word ".repeat(17 << 18)));
    text.push('\n');
    let file = env.write("big.jsonl", text.as_bytes());
    let (code, out) = env.run(&["ingest", "--jsonl", &file], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("line 2:") && out.stderr.contains("MiB"),
        "{}",
        out.stderr
    );
    assert_eq!(article_ids(&env), ["gamma"]);
}

#[test]
fn jsonl_and_a_file_cannot_be_combined() {
    let env = TestEnv::init();
    let file = write_jsonl(&env, "archive.jsonl", &three_articles());
    let (code, _) = env.run(&["ingest", &fixture("v1.txt"), "--jsonl", &file], "ana");
    assert_eq!(code, 1);
    let (code, _) = env.run(&["ingest", "--resume", &fixture("v1.txt")], "ana");
    assert_eq!(code, 1);
}

#[test]
fn a_report_checks_its_articles_records_and_the_event_index_is_verified() {
    let env = TestEnv::with_v1();
    let file = write_jsonl(&env, "archive.jsonl", &three_articles());
    env.ok(&["ingest", "--jsonl", &file]);
    let toll = crate::common::short(crate::common::find(&env.claims(), "number", "8,000", ""));
    env.ok(&[
        "mark",
        &toll,
        "disputed",
        "--note",
        "wrong",
        "--article",
        ARTICLE,
    ]);
    {
        // Turn "disputed" into "verified" behind factdesk's back, resealing the envelope as a
        // forger who read the format would (see integrity.rs).
        let db = crate::common::raw_open(env.store().join("db"));
        let reviews = db.open_tree("reviews").expect("tree");
        let (key, value) = reviews
            .iter()
            .map(|item| item.expect("readable"))
            .find(|(_, v)| v.windows(8).any(|w| w == b"disputed"))
            .expect("the disputed review");
        let mut bytes = value.to_vec();
        let at = bytes
            .windows(8)
            .position(|w| w == b"disputed")
            .expect("state");
        bytes[at..at + 8].copy_from_slice(b"verified");
        let hash = *blake3::hash(&bytes[38..]).as_bytes();
        bytes[6..38].copy_from_slice(&hash);
        reviews.insert(key, bytes).expect("insert");
        // And drop an index row, which `audit verify` must notice.
        let index = db.open_tree("event_index").expect("tree");
        let row = index
            .scan_prefix(b"gamma\0")
            .keys()
            .next()
            .expect("gamma's event")
            .expect("readable");
        index.remove(row).expect("remove");
        db.flush().expect("flush");
    }
    // The report of the tampered article says so (its own check, not the whole store's)...
    let report: Value = serde_json::from_str(&env.ok(&["report", ARTICLE, "--format", "json"]))
        .expect("report JSON");
    assert_eq!(report["audit"]["verified"], false, "{}", report["audit"]);
    assert_eq!(report["audit"]["scope"], "article");
    // ...another article's report does not look at it...
    let report: Value = serde_json::from_str(&env.ok(&["report", "alpha", "--format", "json"]))
        .expect("report JSON");
    assert_eq!(report["audit"]["verified"], true, "{}", report["audit"]);
    // ...and the whole check finds the first damage in log order.
    let err = env.fails(&["audit", "verify"], 2);
    assert!(err.contains("event index"), "{err}");
}

#[test]
fn the_stored_records_do_not_depend_on_how_the_batch_is_cut_or_threaded() {
    // Claims shared within a transaction, across transactions, and a second revision of an
    // article in the same run: the extraction threads work out part of each revision's records
    // ahead of its transaction, which must store the same bytes whatever they found.
    let lines = [
        line("alpha", &seed_text("v1.txt")),
        line("beta", &seed_text("v1.txt")),
        line("gamma", &seed_text("v2.txt")),
        line("alpha", &seed_text("v2.txt")),
        three_articles()[2].clone(),
        line("delta", &seed_text("v1.txt")),
    ];
    let mut archives = Vec::new();
    for (batch, jobs) in [("1", "1"), ("4", "2"), ("32", "3")] {
        let env = TestEnv::init();
        write_jsonl(&env, "archive.jsonl", &lines);
        let args = [
            "ingest",
            "--jsonl",
            "archive.jsonl",
            "--batch",
            batch,
            "--jobs",
            jobs,
        ];
        let out = env.ok(&args);
        // gamma's second line (the short article) is its second revision, as alpha's is.
        assert!(out.contains("4 new articles, 2 new revisions"), "{out}");
        env.head();
        archives.push(env.export("store.jsonl"));
    }
    assert!(
        archives[0] == archives[1],
        "--batch 1 and --batch 4 stored different records"
    );
    assert!(
        archives[0] == archives[2],
        "--batch 1 and --batch 32 stored different records"
    );
}

/// sled writes its snapshot (what an open loads instead of replaying the log) only when it
/// opens. A batch ingest reopens the store at its end, so the first command after a long load
/// does not replay all of it.
#[test]
fn a_batch_ingest_leaves_a_snapshot_of_what_it_wrote() {
    let env = TestEnv::init();
    // This open snapshots `init`'s writes; the ingest's own open then finds nothing to add.
    env.ok(&["config", "list"]);
    let snapshots = || crate::common::snapshots(&env.store());
    let before = snapshots();
    let lines: String = (0..20)
        .map(|n| format!("{{\"id\":\"s{n}\",\"text\":\"Officials said {n} people left.\"}}\n"))
        .collect();
    let input = env.write("archive.jsonl", lines.as_bytes());
    env.ok(&["ingest", "--jsonl", &input]);
    let after = snapshots();
    assert!(
        after.last() > before.last(),
        "a newer snapshot: {before:?} → {after:?}"
    );
}
