//! The size limit of an article (`--max-size`, 16 MiB by default) on `ingest FILE`, `ingest DIR`,
//! `extract` and each line of `ingest --jsonl`, and JSONL lines that give a key twice: refused in
//! one line that says how to take the input, nothing written.

use serde_json::json;

use crate::common::{ARTICLE, TestEnv, fixture};

fn article_ids(env: &TestEnv) -> Vec<String> {
    env.json_lines(&["articles", "--json"])
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_owned())
        .collect()
}

/// The seed article's second draft: 2 to 4 KiB.
fn draft() -> Vec<u8> {
    let bytes = std::fs::read(fixture("v2.txt")).expect("fixture");
    assert!((2 << 10..4 << 10).contains(&bytes.len()), "{}", bytes.len());
    bytes
}

#[test]
fn an_article_over_the_limit_is_refused_and_nothing_is_written() {
    let env = TestEnv::with_v1();
    let articles = env.ok(&["articles", "--json"]);
    let head = env.head();
    let path = env.write("draft-2.txt", &draft());
    let err = env.fails(
        &["ingest", &path, "--article", ARTICLE, "--max-size", "2KiB"],
        1,
    );
    assert!(
        err.contains("draft-2.txt is 2.")
            && err.contains(
                "KiB, over the 2 KiB limit for an article: pass --max-size 4KiB to take it"
            ),
        "{err}"
    );
    assert_eq!(env.ok(&["articles", "--json"]), articles);
    assert_eq!(env.head(), head, "nothing was written");
    // A limit that takes it takes it, in any spelling of the unit.
    for limit in ["4KiB", "4 kib", "4096"] {
        let out = env.ok(&["extract", &path, "--max-size", limit]);
        assert!(out.contains("claims ("), "{limit}: {out}");
    }
    let out = env.ok(&["ingest", &path, "--article", ARTICLE, "--max-size", "4KiB"]);
    assert!(out.contains("revision 2 ingested"), "{out}");
}

#[test]
fn one_file_of_a_folder_over_the_limit_refuses_the_whole_folder() {
    let env = TestEnv::init();
    let head = env.head();
    let dir = env.path("story");
    std::fs::create_dir(&dir).expect("folder");
    std::fs::write(dir.join("v1.txt"), b"Officials said 12 ships sank.").expect("write");
    std::fs::write(dir.join("v2.txt"), draft()).expect("write");
    let err = env.fails(
        &["ingest", &dir.display().to_string(), "--max-size", "2KiB"],
        1,
    );
    assert!(
        err.contains("v2.txt is 2.") && err.contains("pass --max-size 4KiB"),
        "{err}"
    );
    assert!(article_ids(&env).is_empty());
    assert_eq!(env.head(), head, "nothing was written");
}

#[test]
fn extract_refuses_a_file_over_the_limit() {
    let env = TestEnv::new();
    let path = env.write("draft-2.txt", &draft());
    let err = env.fails(&["extract", &path, "--max-size", "1000"], 1);
    assert!(
        err.contains("over the 1000 bytes limit for an article: pass --max-size 4KiB"),
        "{err}"
    );
}

#[test]
fn a_stream_is_read_no_further_than_the_limit() {
    // /dev/zero has no size to check first and no end: only a bounded read stops.
    let env = TestEnv::new();
    let err = env.fails(&["extract", "/dev/zero"], 1);
    assert!(
        err.contains("/dev/zero is over the 16 MiB limit for an article: pass --max-size 32MiB"),
        "{err}"
    );
}

#[test]
fn a_limit_that_is_not_a_size_is_refused() {
    let env = TestEnv::new();
    let path = env.write("draft-2.txt", &draft());
    for limit in [
        "64MB",
        "0",
        "lots",
        "-1",
        "1.5MiB",
        "99999999999999999999GiB",
    ] {
        let err = env.fails(&["extract", &path, &format!("--max-size={limit}")], 1);
        assert!(
            err.contains("--max-size") && err.contains(&format!("`{limit}`")),
            "{limit}: {err}"
        );
    }
}

#[test]
fn a_jsonl_line_over_the_limit_is_a_bad_line() {
    let env = TestEnv::init();
    let text = String::from_utf8(draft()).expect("UTF-8");
    let lines = [
        json!({"id": "short", "text": "Officials said 12 ships sank."}).to_string(),
        json!({"id": "long", "text": text}).to_string(),
        json!({"id": "after", "text": "Some 30 people were hurt."}).to_string(),
    ];
    let file = env.write("archive.jsonl", (lines.join("\n") + "\n").as_bytes());
    let (code, out) = env.run(&["ingest", "--jsonl", &file, "--max-size", "2KiB"], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("line 2: the line is 2.")
            && out
                .stderr
                .contains("over the 2 KiB limit for an article: pass --max-size 4KiB"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("1 bad line"), "{}", out.stdout);
    assert_eq!(article_ids(&env), ["after", "short"]);
    // --strict stops there; a limit that takes it takes it.
    let err = env.fails(
        &["ingest", "--jsonl", &file, "--max-size", "2KiB", "--strict"],
        1,
    );
    assert!(err.contains("line 2:"), "{err}");
    env.ok(&["ingest", "--jsonl", &file, "--max-size", "4KiB"]);
    assert_eq!(article_ids(&env), ["after", "long", "short"]);
    env.head();
}

#[test]
fn a_jsonl_line_that_gives_a_key_twice_is_a_bad_line() {
    let env = TestEnv::init();
    let lines = [
        r#"{"id":"a","text":"Officials said 12 ships sank.","text":"Officials said 13 ships sank."}"#,
        r#"{"id":"b","id":"c","text":"Some 30 people were hurt."}"#,
        r#"{"id":"d","text":"Two dogs barked.","note":1,"note":2}"#,
        r#"{"id":"e","text":"Some 40 people were hurt.","title":null}"#,
    ];
    let file = env.write("archive.jsonl", (lines.join("\n") + "\n").as_bytes());
    let (code, out) = env.run(&["ingest", "--jsonl", &file], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    for (line, key) in [(1, "text"), (2, "id"), (3, "note")] {
        assert!(
            out.stderr
                .contains(&format!("line {line}: the key `{key}` appears twice")),
            "{}",
            out.stderr
        );
    }
    assert!(out.stdout.contains("3 bad lines"), "{}", out.stdout);
    assert_eq!(article_ids(&env), ["e"]);
}
