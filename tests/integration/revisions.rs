//! A second draft: identity across revisions, carry-over of verdicts, the diff.

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

#[test]
fn reingesting_the_same_text_adds_nothing() {
    let env = TestEnv::with_v1();
    let before = env.head();
    let out = env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
    assert!(out.contains("identical to revision 1"), "{out}");
    assert_eq!(env.head(), before);
    let articles = env.json_lines(&["articles", "--json"]);
    assert_eq!(articles[0]["revisions"], 1);
}

#[test]
fn second_draft_keeps_verdicts_of_untouched_claims_and_flags_the_changed_toll() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let toll = short(find(&claims, "number", "8,000", ""));
    let assessment = short(find(&claims, "quote", "Our assessment", ""));
    for id in [&toll, &assessment] {
        env.ok(&["mark", id, "sourced", "--source", "ICRC"]);
        env.ok(&["mark", id, "verified"]);
    }
    let out = env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    assert!(out.contains("revision 2"), "{out}");

    let after = env.claims();
    assert_eq!(
        find(&after, "quote", "Our assessment", "")["state"],
        "verified"
    );
    let new_toll = find(&after, "number", "9,000", "");
    assert_eq!(new_toll["state"], "unverified");
    assert!(after.iter().all(|c| c["text"] != "8,000"));

    let changes = env.json_lines(&["diff", ARTICLE, "--json"]);
    let modified = changes
        .iter()
        .find(|c| c["change"] == "modified" && c["new"]["text"] == "9,000")
        .unwrap_or_else(|| panic!("no modified toll in {changes:#?}"));
    assert_eq!(modified["old"]["text"], "8,000");
    assert!(
        modified["reasons"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "value"))
    );
    assert!(
        changes
            .iter()
            .any(|c| c["change"] == "added" && c["kind"] == "quote"),
        "{changes:#?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c["change"] == "modified" && c["kind"] == "quote"),
        "{changes:#?}"
    );

    let human = env.ok(&["diff", ARTICLE]);
    assert!(human.contains("8,000 → 9,000"), "{human}");
    assert!(
        human.contains("[-8,000-]{+9,000+}") || human.contains("[-more than 8,000-]"),
        "{human}"
    );
    env.head();

    // The old revision is still reported as it stood.
    let v1 = env.json_lines(&["claims", ARTICLE, "--rev", "1", "--json"]);
    assert!(v1.iter().any(|c| c["text"] == "8,000"));
    assert!(
        env.fails(&["claims", ARTICLE, "--rev", "3"], 1)
            .contains("revisions 1 to 2")
    );
}

#[test]
fn a_removed_claim_cannot_be_marked() {
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let err = env.fails(&["mark", &toll, "sourced", "--source", "x"], 1);
    assert!(err.contains("not in the latest revision"), "{err}");
}

#[test]
fn a_changed_claim_goes_back_to_review_with_the_old_verdict_visible() {
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN briefing"]);
    env.ok(&["mark", &toll, "verified"]);
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let new_toll = find(&env.claims(), "number", "9,000", "").clone();
    assert_eq!(
        new_toll["state"], "unverified",
        "the workflow's on_change state"
    );
    let id = short(&new_toll);
    let shown = env.ok(&["show", &id]);
    assert!(shown.contains("changed:   8,000 → 9,000"), "{shown}");
    assert!(
        shown.contains(&format!("the earlier claim {toll} was verified")),
        "{shown}"
    );
    assert!(
        shown.contains("source:    UN briefing"),
        "the old evidence stays visible: {shown}"
    );
    let history = env.ok(&["history", &id]);
    assert!(
        history.contains("changed (8,000 → 9,000), verified → unverified"),
        "{history}"
    );
    env.head();
}
