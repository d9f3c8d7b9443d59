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
    // clap's several lines become one, like every other error.
    assert_eq!(
        env.fails(&["frobnicate"], 1),
        "error: unrecognized subcommand 'frobnicate': see `factdesk --help`\n"
    );
    let err = env.fails(&["ingest", "draft.txt", "--bogus"], 1);
    assert!(err.contains("unexpected argument '--bogus'"), "{err}");
    assert!(err.contains("see `factdesk ingest --help`"), "{err}");
    let err = env.fails(&["clams", ARTICLE], 1);
    assert!(
        err.contains("some similar subcommands exist: 'claimreview', 'claim', 'claims'"),
        "{err}"
    );
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

#[test]
fn a_store_path_that_is_a_file_is_a_user_error_that_leaves_the_file_alone() {
    let env = TestEnv::with_v1();
    let archive = env.path("backup.jsonl");
    env.ok(&["export", archive.to_str().expect("utf-8")]);
    let file = env.path("notes.txt");
    std::fs::write(&file, "my notes").expect("write");
    for args in [
        vec!["init"],
        vec!["claims", ARTICLE],
        vec!["import", archive.to_str().expect("utf-8")],
    ] {
        let out = env.cmd_on(&file, &args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("notes.txt is a file, not a store: pass --store with a folder"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "my notes");
}

#[test]
fn an_output_path_that_cannot_be_a_file_is_refused_with_the_fix_and_nothing_written() {
    let env = TestEnv::with_v1();
    std::fs::create_dir(env.path("out")).expect("mkdir");
    let folder = env.path("out").display().to_string();
    let missing = env.path("no-such-folder/report.md").display().to_string();
    for args in [
        vec!["report", ARTICLE, "-o", &folder],
        vec!["export", &folder],
        vec!["report", ARTICLE, "-o", &missing],
        vec!["export", &missing],
    ] {
        let err = env.fails(&args, 1);
        assert!(
            err.contains("out is a folder: give the path of a file to write")
                || err.contains("the folder") && err.contains("no-such-folder does not exist"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("os error"),
            "the fix, not the system's words: {err}"
        );
    }
    assert_eq!(
        std::fs::read_dir(env.path("out")).expect("read").count(),
        0,
        "no temporary file left behind"
    );
    assert!(!env.path("no-such-folder").exists());
}

#[test]
fn dash_is_standard_output_for_every_command_that_writes_a_file() {
    let env = TestEnv::with_v1();
    let report = env.ok(&["report", ARTICLE, "-o", "-"]);
    assert!(report.starts_with("# Fact-check report"), "{report}");
    let toll = crate::common::short(crate::common::find(&env.claims(), "number", "8,000", ""));
    let evidence = env.write("briefing.txt", b"UN briefing, 20 March");
    env.ok(&[
        "mark",
        &toll,
        "sourced",
        "--source",
        "UN",
        "--evidence",
        &evidence,
    ]);
    let hash = env.json_lines(&["show", &toll, "--json"])[0]["evidence"][0]["hash"]
        .as_str()
        .expect("evidence hash")
        .to_owned();
    assert_eq!(
        env.ok(&["evidence", "get", &hash, "-o", "-"]),
        "UN briefing, 20 March"
    );
    assert!(!env.path("-").exists(), "no file named -");
}

#[test]
fn a_written_report_is_readable_as_the_umask_allows() {
    let env = TestEnv::with_v1();
    let bin = assert_cmd::cargo::cargo_bin("factdesk");
    let store = env.store();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"umask 022 && exec "$0" --store "$1" report "$2" --format html -o report.html"#)
        .arg(&bin)
        .arg(&store)
        .arg(ARTICLE)
        .current_dir(env.path(""))
        .env("FACTDESK_USER", "ana")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(env.path("report.html"))
        .expect("report")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "{mode:o}");
}
