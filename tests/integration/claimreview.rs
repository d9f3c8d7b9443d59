//! `claimreview import` and `claimreview list`: other fact-checkers' ClaimReview markup kept as
//! reference verdicts, audited, and never mistaken for the desk's own reviews.
// See: issue #21 (reference verdicts for "seen before").

use std::path::Path;

use crate::common::{ARTICLE, TestEnv};

fn cr_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/claimreview")
        .join(name)
        .display()
        .to_string()
}

/// Runs a command that must fail with `code`; returns (stdout, stderr) whole.
fn failing(env: &TestEnv, args: &[&str], code: i32) -> (String, String) {
    let (got, out) = env.run(args, "ana");
    assert_eq!(got, code, "{args:?}: {}\n{}", out.stdout, out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    (out.stdout, out.stderr)
}

#[test]
fn claimreview_each_accepted_shape_is_imported_and_listed_newest_first() {
    let env = TestEnv::init();
    let single = env.ok(&["claimreview", "import", &cr_fixture("single.json")]);
    assert!(
        single.contains("1 new, 0 already held, 0 skipped; audit event #2"),
        "{single}"
    );
    // A @graph with @type arrays and a nested @context; its WebPage node is skipped.
    let (code, out) = env.run(&["claimreview", "import", &cr_fixture("graph.json")], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("2 new, 0 already held, 1 skipped"),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stderr.trim(),
        "skipped @graph[1]: not a ClaimReview (@type `WebPage`)"
    );
    // The Google Fact Check Tools claims:search answer.
    let google = env.ok(&["claimreview", "import", &cr_fixture("google.json")]);
    assert!(google.contains("1 new"), "{google}");

    let held = env.json_lines(&["claimreview", "list", "--json"]);
    let urls: Vec<&str> = held
        .iter()
        .map(|r| r["url"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        urls,
        [
            "https://harbourcheck.example.net/2025/11/bridge-cost",
            "https://verifica.example.org/2025/09/unemployment",
            "https://verifica.example.org/2025/08/rail-line",
            "https://waterwatch.example.org/checks/lead-in-tap-water",
        ],
        "newest first"
    );
    let bridge = &held[0];
    assert_eq!(
        bridge["claim_reviewed"],
        "The new harbour bridge cost more than 3 billion euros."
    );
    assert_eq!(bridge["claimant"], "Mayor Lena Ostrova");
    assert_eq!(bridge["rating"]["name"], "False");
    assert_eq!(bridge["rating"]["value"], "1");
    assert_eq!(bridge["rating"]["best"], "5");
    assert_eq!(bridge["rating"]["worst"], "1");
    assert_eq!(bridge["publisher"], "Harbour Fact Check");
    assert_eq!(bridge["publisher_url"], "https://harbourcheck.example.net");
    assert_eq!(bridge["date_published"], "2025-11-02");
    assert_eq!(
        bridge["appearance"],
        "https://video.example.com/watch/eastport-council"
    );
    assert_eq!(bridge["language"], "en");
    assert_eq!(bridge["imported_by"], "ana");
    assert_eq!(bridge["seq"], 2);
    let water = &held[3];
    assert_eq!(water["publisher"], "Water Watch Check");
    assert_eq!(water["publisher_url"], "https://waterwatch.example.org");
    assert_eq!(water["claimant"], "Social media posts");
    assert_eq!(water["rating"]["name"], "False");

    let verifica = env.json_lines(&["claimreview", "list", "--json", "--publisher", "verifica"]);
    assert_eq!(verifica.len(), 2);
    let table = env.ok(&["claimreview", "list"]);
    assert!(
        table
            .lines()
            .next()
            .is_some_and(|l| l.starts_with("2025-11-02  False")),
        "{table}"
    );
    env.head();
}

#[test]
fn claimreview_a_single_item_array_and_stdin_are_read() {
    let env = TestEnv::init();
    let item = std::fs::read_to_string(cr_fixture("single.json")).expect("fixture");
    let out = env
        .cmd(&["claimreview", "import", "-"])
        .write_stdin(format!("[{item}]"))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("standard input: 1 new"), "{said}");
}

#[test]
fn claimreview_bad_items_are_reported_one_line_each_and_skipped() {
    let env = TestEnv::init();
    let (code, out) = env.run(&["claimreview", "import", &cr_fixture("mixed.json")], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("1 new, 0 already held, 5 skipped"),
        "{}",
        out.stdout
    );
    assert_eq!(
        out.stderr.lines().collect::<Vec<_>>(),
        [
            "skipped [1]: not a ClaimReview (@type `NewsArticle`)",
            "skipped [2]: no claimReviewed",
            "skipped [3]: no url",
            "skipped [4]: datePublished `last Tuesday` is not a date",
            "skipped [5]: not a ClaimReview (a number)",
        ]
    );
    // A text too long, and an address that is not one.
    let long = "word ".repeat(1000);
    let json = format!(
        r#"[{{"@type":"ClaimReview","claimReviewed":"{long}","url":"https://a.example/1","reviewRating":{{"alternateName":"False"}}}},
            {{"@type":"ClaimReview","claimReviewed":"x","url":"javascript:alert(1)","reviewRating":{{"alternateName":"False"}}}},
            {{"@type":"ClaimReview","claimReviewed":"y","url":"https://a.example/2"}},
            {{"@type":"ClaimReview","claimReviewed":"z","url":"https://a.example/3","reviewRating":{{"alternateName":"True"}}}}]"#
    );
    let file = env.write("long.json", json.as_bytes());
    let (code, out) = env.run(&["claimreview", "import", &file], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("skipped [0]: claimReviewed is 5000 bytes, over the 4096"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("skipped [1]: url `javascript:alert(1)`"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("skipped [2]: no reviewRating"),
        "{}",
        lines[2]
    );
    env.head();
}

#[test]
fn claimreview_nothing_valid_or_not_json_changes_nothing_and_exits_1() {
    let env = TestEnv::with_v1();
    let before = env.export("before.jsonl");
    let head = env.head();
    let none = env.write(
        "none.json",
        br#"{"@graph":[{"@type":"WebPage"},{"@type":"ClaimReview","url":"https://a.example/"}]}"#,
    );
    let (_, err) = failing(&env, &["claimreview", "import", &none], 1);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "skipped @graph[0]: not a ClaimReview (@type `WebPage`)",
            "skipped @graph[1]: no claimReviewed",
            &format!(
                "error: {none}: none of its 2 items can be used (the first, @graph[0]: not a ClaimReview (@type `WebPage`)): nothing imported"
            ),
        ]
    );
    let broken = env.write(
        "broken.json",
        b"[\n  {\"@type\": \"ClaimReview\",\n  \"url\": }\n]",
    );
    let err = env.fails(&["claimreview", "import", &broken], 1);
    assert!(err.contains("not valid JSON at line 3, column"), "{err}");
    let scalar = env.write("scalar.json", b"\"ClaimReview\"");
    let err = env.fails(&["claimreview", "import", &scalar], 1);
    assert!(
        err.contains("holds a string, not ClaimReview markup"),
        "{err}"
    );
    let empty = env.write("empty.json", b"  \n");
    env.fails(&["claimreview", "import", &empty], 1);
    let deep = env.write("deep.json", "[".repeat(10_000).as_bytes());
    let err = env.fails(&["claimreview", "import", &deep], 1);
    assert!(err.contains("recursion limit"), "{err}");
    let many = env.write(
        "many.json",
        format!("[{}{{}}]", "{},".repeat(100_000)).as_bytes(),
    );
    let err = env.fails(&["claimreview", "import", &many], 1);
    assert!(
        err.contains("holds 100001 items, over the 100000 one import takes: split it"),
        "{err}"
    );
    assert_eq!(env.head(), head);
    assert_eq!(env.export("after.jsonl"), before, "the store is unchanged");
}

#[test]
fn claimreview_an_oversized_file_is_refused_before_it_is_read() {
    let env = TestEnv::init();
    let head = env.head();
    let single = cr_fixture("single.json");
    let err = env.fails(&["claimreview", "import", &single, "--max-size", "100"], 1);
    assert!(
        err.contains("over the 100 bytes limit of a ClaimReview import"),
        "{err}"
    );
    let item = std::fs::read_to_string(&single).expect("fixture");
    let out = env
        .cmd(&["claimreview", "import", "-", "--max-size", "1KiB"])
        .write_stdin(item.repeat(4))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("standard input is over the 1 KiB limit"),
        "{err}"
    );
    assert_eq!(env.head(), head);
}

#[test]
fn claimreview_the_same_review_imported_twice_is_held_once() {
    let env = TestEnv::init();
    env.ok(&["claimreview", "import", &cr_fixture("single.json")]);
    let head = env.head();
    let again = env.ok(&["claimreview", "import", &cr_fixture("single.json")]);
    assert!(
        again.contains("0 new, 1 already held, 0 skipped; nothing new, nothing written"),
        "{again}"
    );
    assert_eq!(env.head(), head, "no event for nothing new");
    // The same review again inside a file with a new one, and twice within one file.
    let item = std::fs::read_to_string(cr_fixture("single.json")).expect("fixture");
    let other = item.replace("bridge-cost", "bridge-cost-update");
    let file = env.write("both.json", format!("[{item},{other},{other}]").as_bytes());
    let said = env.ok(&["claimreview", "import", &file]);
    assert!(said.contains("1 new, 2 already held"), "{said}");
    assert_eq!(env.json_lines(&["claimreview", "list", "--json"]).len(), 2);
    env.head();
}

#[test]
fn claimreview_references_are_never_the_desks_own_reviews() {
    let env = TestEnv::with_v1();
    let views = |env: &TestEnv| {
        [
            env.ok(&["claims", ARTICLE, "--json"]),
            env.ok(&["queue", "--json"]),
            env.ok(&["report", ARTICLE, "--format", "claimreview"]),
            env.ok(&["articles", "--json"]),
        ]
    };
    let before = views(&env);
    let (code, _) = env.run(&["gate", ARTICLE], "ana");
    env.ok(&["claimreview", "import", &cr_fixture("single.json")]);
    env.ok(&["claimreview", "import", &cr_fixture("graph.json")]);
    assert_eq!(views(&env), before);
    assert_eq!(env.run(&["gate", ARTICLE], "ana").0, code);
}

/// A raw row of a sled tree: key and value.
type Row = (sled::IVec, sled::IVec);

#[test]
fn claimreview_audit_verify_checks_each_reference_against_its_event() {
    // Rows are intact envelopes either way: only the event's record of each row tells that a
    // verdict was moved onto another review, or added behind factdesk's back.
    let tamper = |edit: &dyn Fn(&sled::Tree, Vec<Row>)| {
        let env = TestEnv::init();
        env.ok(&["claimreview", "import", &cr_fixture("graph.json")]);
        env.head();
        {
            let db = crate::common::raw_open(env.store().join("db"));
            let meta = db.open_tree("meta").expect("tree");
            let rows: Vec<_> = meta
                .scan_prefix(b"reference/")
                .map(|item| item.expect("readable"))
                .collect();
            assert_eq!(rows.len(), 2);
            edit(&meta, rows);
            db.flush().expect("flush");
        }
        env.fails(&["audit", "verify"], 2)
    };
    let swapped = tamper(&|meta, rows| {
        meta.insert(&rows[0].0, rows[1].1.clone()).expect("insert");
        meta.insert(&rows[1].0, rows[0].1.clone()).expect("insert");
    });
    assert!(
        swapped.contains("reference/") && swapped.contains("differs from what event 2 recorded"),
        "{swapped}"
    );
    let slipped_in = tamper(&|meta, rows| {
        let key = format!("reference/{}", "ab".repeat(32));
        meta.insert(key.as_bytes(), rows[0].1.clone())
            .expect("insert");
    });
    assert!(
        slipped_in.contains("is not among the records event 2 wrote"),
        "{slipped_in}"
    );
}

#[test]
fn claimreview_references_survive_export_import_and_compaction() {
    let env = TestEnv::with_v1();
    env.ok(&["claimreview", "import", &cr_fixture("mixed.json")]);
    env.ok(&["claimreview", "import", &cr_fixture("single.json")]);
    let listed = env.ok(&["claimreview", "list", "--json"]);
    let archive = env.export("store.jsonl");
    let restored = env.path("restored");
    let path = env.path("store.jsonl").display().to_string();
    env.cmd_on(&restored, &["import", &path]).assert().success();
    let out = env
        .cmd_on(&restored, &["claimreview", "list", "--json"])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), listed);
    let again = env
        .cmd_on(&restored, &["export", "-"])
        .output()
        .expect("runs");
    assert_eq!(
        again.stdout, archive,
        "export → import → export is byte-identical"
    );
    env.ok(&["compact"]);
    assert_eq!(env.ok(&["claimreview", "list", "--json"]), listed);
    env.head();
}
