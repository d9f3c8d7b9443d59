//! Bad input and unusable stores: one clear line, the right exit code, and no change.

use crate::common::{ARTICLE, TestEnv, fixture};

fn assert_refused(env: &TestEnv, name: &str, bytes: &[u8], expected: &str) {
    let before = env.head();
    let path = env.write(name, bytes);
    let err = env.fails(&["ingest", &path, "--article", ARTICLE], 1);
    assert!(err.contains(name), "the message names the file: {err}");
    assert!(err.contains(expected), "{err}");
    assert_eq!(env.head(), before, "a refused ingest changes nothing");
    assert!(env.ok(&["articles"]).contains("No articles yet"));
    // `extract` refuses the same way.
    env.fails(&["extract", &path], 1);
}

#[test]
fn empty_binary_and_invalid_utf8_files_are_refused() {
    let env = TestEnv::init();
    assert_refused(&env, "empty.txt", b"", "empty");
    assert_refused(&env, "blank.txt", b"  \n\n \t\n", "empty");
    assert_refused(
        &env,
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
        "binary",
    );
    let mut latin1 =
        b"The UN estimates more than 8,000 people\nhave been killed, said Jos".to_vec();
    latin1.extend_from_slice(b"\xe9 Mart\xednez.\n");
    assert_refused(&env, "latin1.txt", &latin1, "line 2");
}

#[test]
fn bom_and_crlf_are_accepted_and_normalized() {
    let env = TestEnv::init();
    let text = std::fs::read_to_string(fixture("v1.txt")).expect("fixture");
    let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let path = env.write("windows.txt", windows.as_bytes());
    env.ok(&["ingest", &path, "--article", ARTICLE]);
    // Same normalized text as the Unix file: no new revision.
    let out = env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
    assert!(out.contains("identical to revision 1"), "{out}");
}

#[test]
fn commands_without_a_store_say_how_to_make_one() {
    let env = TestEnv::new();
    let err = env.fails(&["claims", ARTICLE], 1);
    assert!(err.contains("run `factdesk init`"), "{err}");
    assert!(!env.store().exists(), "a read never creates a store");
}

#[test]
fn unknown_article_and_bad_ids_are_user_errors() {
    let env = TestEnv::with_v1();
    assert!(
        env.fails(&["claims", "no-such-story"], 1)
            .contains("factdesk articles")
    );
    assert!(
        env.fails(&["claims", "Bad Id"], 1)
            .contains("not a valid article id")
    );
    assert!(
        env.fails(&["diff", ARTICLE, "--from", "0"], 1)
            .contains("no revision 0")
    );
    assert!(
        env.fails(
            &["ingest", &fixture("v1.txt"), "--article", "Syria Truce"],
            1
        )
        .contains("article id")
    );
    assert!(
        env.fails(&["ingest", "/no/such/file.txt"], 1)
            .contains("cannot open /no/such/file.txt")
    );
}

#[test]
fn usage_mistakes_exit_1() {
    let env = TestEnv::new();
    let (code, out) = env.run(&["frobnicate"], "ana");
    assert_eq!(code, 1, "{}", out.stderr);
    let (code, out) = env.run(&["--help"], "ana");
    assert_eq!(code, 0);
    assert!(out.stdout.contains("ingest"));
}

#[test]
fn writes_need_to_know_who_is_acting() {
    let env = TestEnv::new();
    let out = env
        .cmd(&["init"])
        .env_remove("FACTDESK_USER")
        .env_remove("USER")
        .env_remove("LOGNAME")
        .env_remove("USERNAME")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pass --user NAME"), "{stderr}");
    assert!(!env.store().exists());
}
