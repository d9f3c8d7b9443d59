//! Several factdesk processes on one store: a command waits its turn (FACTDESK_LOCK_WAIT), and a
//! batch ingest lets waiting commands in between its transactions.

use std::fs::File;
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

/// Holds the store's lock the way a running factdesk does.
fn hold_store(env: &TestEnv) -> File {
    let lock = File::options()
        .write(true)
        .open(env.store().join("lock"))
        .expect("lock file");
    lock.try_lock().expect("lock is free");
    lock
}

#[test]
fn a_command_waits_for_a_held_store_then_runs() {
    let env = TestEnv::with_v1();
    let lock = hold_store(&env);
    let waiting = env
        .process(&["claims", ARTICLE, "--json"])
        .env("FACTDESK_LOCK_WAIT", "60")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    std::thread::sleep(Duration::from_millis(300));
    let mut waiting = waiting;
    assert!(
        waiting.try_wait().expect("status").is_none(),
        "it waits while the store is held"
    );
    drop(lock);
    let out = waiting.wait_with_output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(listed, env.claims().len());
}

#[test]
fn a_store_kept_past_the_wait_is_refused_and_left_as_it_was() {
    let env = TestEnv::with_v1();
    let lock = hold_store(&env);
    let in_use = format!(
        "the store at {} is in use by another factdesk process",
        env.store().display()
    );
    let refuse = |wait: &str, args: &[&str]| {
        let started = Instant::now();
        let out = env
            .cmd(args)
            .env("FACTDESK_LOCK_WAIT", wait)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?} with a wait of {wait}");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(stderr.starts_with("error: ") && stderr.trim_end().lines().count() == 1);
        assert!(stderr.contains(&in_use), "{stderr}");
        (stderr, started.elapsed())
    };
    let (at_once, took) = refuse("0", &["claims", ARTICLE]);
    assert!(!at_once.contains("waited"), "{at_once}");
    assert!(
        at_once.contains("set FACTDESK_LOCK_WAIT"),
        "the fix: {at_once}"
    );
    assert!(took < Duration::from_secs(10), "never a hang");
    let (after_wait, took) = refuse("0.5", &["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    assert!(
        after_wait.contains("(waited 500ms for it): try again once that has finished"),
        "{after_wait}"
    );
    assert!(took >= Duration::from_millis(500), "{took:?}");
    drop(lock);
    let articles = env.json_lines(&["articles", "--json"]);
    assert_eq!(
        articles[0]["revisions"], 1,
        "the refused ingest wrote nothing"
    );
}

#[test]
fn a_lock_wait_that_is_not_a_number_of_seconds_is_a_user_error() {
    let env = TestEnv::with_v1();
    for wait in ["soon", "-1", "NaN", "1e9"] {
        let out = env
            .cmd(&["claims", ARTICLE])
            .env("FACTDESK_LOCK_WAIT", wait)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{wait}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("(FACTDESK_LOCK_WAIT) `{wait}` is not a wait")),
            "{stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
}

fn article_line(id: &str, toll: u32) -> String {
    let text = format!(
        "Aid groups said more than {toll} people had been killed. \\\"We need a pause,\\\" Jakob Kellenberger said."
    );
    format!("{{\"id\":\"{id}\",\"text\":\"{text}\"}}\n")
}

#[test]
fn a_batch_ingest_lets_other_commands_in_between_its_transactions() {
    let env = TestEnv::init();
    // Reading stdin, the ingest commits what it has after a moment without a new line, and
    // stays running until stdin closes.
    let mut ingest = env
        .process(&["ingest", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut stdin = ingest.stdin.take().expect("stdin");
    for n in 1..=3 {
        stdin
            .write_all(article_line(&format!("story-{n}"), 1000 + n).as_bytes())
            .expect("write");
    }
    stdin.flush().expect("flush");
    let started = Instant::now();
    let listed = loop {
        let articles = env.json_lines(&["articles", "--json"]);
        if articles.len() == 3 || started.elapsed() > Duration::from_secs(30) {
            break articles.len();
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(listed, 3, "a reader sees what the running ingest committed");
    // A write gets in too, and its review survives the rest of the ingest.
    let claims = env.json_lines(&["claims", "story-2", "--json"]);
    let toll = short(find(&claims, "number", "1002", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    assert!(
        ingest.try_wait().expect("status").is_none(),
        "the ingest was running all along"
    );
    for n in 4..=5 {
        stdin
            .write_all(article_line(&format!("story-{n}"), 1000 + n).as_bytes())
            .expect("write");
    }
    drop(stdin);
    let out = ingest.wait_with_output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("stdin: 5 lines: 5 new articles"),
        "{stdout}"
    );
    assert_eq!(env.json_lines(&["articles", "--json"]).len(), 5);
    let claims = env.json_lines(&["claims", "story-2", "--json"]);
    assert_eq!(find(&claims, "number", "1002", "")["state"], "sourced");
    env.head();
}
