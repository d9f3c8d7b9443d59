//! Assignment on the command line: who has an article or a claim, "what needs me", audited, and
//! following a claim whose words a revision changes.

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

#[test]
fn an_editor_takes_an_article_gives_a_claim_to_a_colleague_and_sees_what_needs_them() {
    let env = TestEnv::with_v1();
    assert!(
        env.ok(&["queue", "--mine"])
            .contains("Nothing assigned to ana")
    );
    env.ok(&["assign", ARTICLE]);
    let claims = env.claims();
    let toll = short(find(&claims, "number", "8,000", ""));
    let said = env.ok(&["assign", ARTICLE, &toll, "--to", "bo"]);
    assert!(said.contains("assigned to bo"), "{said}");
    let mine = env.json_lines(&["queue", "--mine", "--json"]);
    assert_eq!(
        mine.len(),
        claims.len() - 1,
        "everything but the toll is ana's"
    );
    assert!(mine.iter().all(|line| line["assignee"] == "ana"));
    let theirs = env.json_lines(&["queue", "--assignee", "bo", "--json"]);
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0]["id"], find(&claims, "number", "8,000", "")["id"]);
    assert!(
        env.json_lines(&["queue", "--unassigned", "--json"])
            .is_empty()
    );
    let listed = env.json_lines(&["assignments", ARTICLE, "--json"]);
    assert_eq!(listed.len(), 2);
    assert_eq!(
        listed[0]["claim"],
        serde_json::Value::Null,
        "the article's own first"
    );
    assert_eq!(listed[1]["assignee"], "bo");
    assert_eq!(listed[1]["assigned_by"], "ana");
    // Audited, with the rest of the article's history.
    let history = env.json_lines(&["history", "--article", ARTICLE, "--json"]);
    let assigned: Vec<_> = history
        .iter()
        .filter(|e| e["event"] == "assigned")
        .collect();
    assert_eq!(assigned.len(), 2, "{history:?}");
    // Released: the toll is the article's again, so ana's.
    env.ok(&["assign", ARTICLE, &toll, "--release"]);
    assert_eq!(
        env.json_lines(&["queue", "--mine", "--json"]).len(),
        claims.len()
    );
    env.ok(&["audit", "verify"]);
}

#[test]
fn assigning_what_is_already_so_or_to_someone_the_desk_lacks_changes_nothing() {
    let env = TestEnv::with_v1();
    env.ok(&["assign", ARTICLE, "--to", "bo"]);
    let head = env.head();
    let err = env.fails(&["assign", ARTICLE, "--to", "bo"], 1);
    assert!(err.contains("assigned to bo already"), "{err}");
    let err = env.fails(&["assign", "no-such-story"], 1);
    assert!(err.contains("no article `no-such-story`"), "{err}");
    let err = env.fails(&["assignments", "no-such-story"], 1);
    assert!(err.contains("no article `no-such-story`"), "{err}");
    let err = env.fails(&["assign", ARTICLE, "abcdef123", "--to", "bo"], 1);
    assert!(err.contains("no claim with id"), "{err}");
    // Once the desk has users, only they can be given work.
    env.cmd(&["user", "add", "cy", "--password-stdin"])
        .write_stdin("a long enough passphrase\n")
        .assert()
        .success();
    assert_ne!(env.head(), head, "the user was added");
    let head = env.head();
    let err = env.fails(&["assign", ARTICLE, "--to", "zed"], 1);
    assert!(err.contains("no user `zed` on this desk"), "{err}");
    assert!(err.contains("cy"), "names who can: {err}");
    let err = env.fails(&["assign", ARTICLE, "--to", "x\u{7}y"], 1);
    assert!(err.contains("no user"), "{err}");
    assert_eq!(env.head(), head, "nothing was written");
}

#[test]
fn a_claim_a_revision_changes_stays_with_its_assignee() {
    let env = TestEnv::with_v1();
    let toll = find(&env.claims(), "number", "8,000", "")["id"].clone();
    let toll = toll.as_str().expect("an id").to_owned();
    env.ok(&["assign", ARTICLE, &toll[..10], "--to", "bo"]);
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let now = find(&env.claims(), "number", "9,000", "")["id"].clone();
    assert_ne!(now.as_str(), Some(toll.as_str()), "the figure changed");
    let theirs = env.json_lines(&["queue", "--assignee", "bo", "--json"]);
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0]["id"], now);
    assert_eq!(theirs[0]["urgency"], "changed");
    env.ok(&["audit", "verify"]);
}
