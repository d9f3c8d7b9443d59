//! Marking claims through the workflow: legal moves, refusals, requirements, history, report.

use crate::common::{ARTICLE, TestEnv, find, short};

#[test]
fn source_then_verify_is_recorded_with_who_and_what() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let toll = short(find(&claims, "number", "8,000", ""));
    env.ok(&[
        "mark",
        &toll,
        "sourced",
        "--source",
        "https://news.un.org/x",
    ]);
    env.ok_as(
        &["mark", &toll, "verified", "--note", "matches the briefing"],
        "bo",
    );
    let shown = env.json_lines(&["show", &toll, "--json"]);
    assert_eq!(shown[0]["state"], "verified");
    assert_eq!(shown[0]["sources"][0]["text"], "https://news.un.org/x");
    assert_eq!(shown[0]["sources"][0]["by"], "ana");
    assert_eq!(shown[0]["updated_by"], "bo");
    let history = env.ok(&["history", &toll]);
    assert!(
        history.contains("source: unverified → sourced"),
        "{history}"
    );
    assert!(history.contains("verify: sourced → verified"), "{history}");
    env.head();
}

#[test]
fn illegal_transition_is_refused_and_changes_nothing() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let toll = short(find(&claims, "number", "8,000", ""));
    let before = env.head();
    let err = env.fails(&["mark", &toll, "verified"], 1);
    assert!(
        err.contains("cannot go from \"unverified\" to \"verified\""),
        "{err}"
    );
    assert!(err.contains("sourced"), "the legal moves are listed: {err}");
    assert_eq!(env.head(), before);
    assert_eq!(
        find(&env.claims(), "number", "8,000", "")["state"],
        "unverified"
    );
}

#[test]
fn requirements_name_the_missing_flag() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let toll = short(find(&claims, "number", "8,000", ""));
    let before = env.head();
    assert!(
        env.fails(&["mark", &toll, "sourced"], 1)
            .contains("--source")
    );
    assert!(
        env.fails(&["mark", &toll, "disputed"], 1)
            .contains("--note")
    );
    assert!(
        env.fails(&["mark", &toll, "nonsense"], 1)
            .contains("unknown")
    );
    assert_eq!(env.head(), before);
}

#[test]
fn claim_prefixes_resolve_like_git() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let full = claims[0]["id"].as_str().expect("id").to_owned();
    env.ok(&["show", &full[..6]]);
    env.ok(&["show", &full]);
    assert!(
        env.fails(&["show", "abc"], 1)
            .contains("at least 6 hex digits")
    );
    assert!(
        env.fails(&["show", "zzzzzzzz"], 1)
            .contains("not a claim id")
    );
    let unknown = if full.starts_with("000000") {
        "ffffff"
    } else {
        "000000"
    };
    assert!(
        env.fails(&["show", unknown], 1)
            .contains("no claim with id")
    );
}

#[test]
fn claims_filter_by_state_and_kind() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let toll = short(find(&claims, "number", "8,000", ""));
    env.ok(&["mark", &toll, "disputed", "--note", "UN says otherwise"]);
    let disputed = env.json_lines(&["claims", ARTICLE, "--state", "disputed", "--json"]);
    assert_eq!(disputed.len(), 1);
    assert_eq!(disputed[0]["text"], "8,000");
    let quotes = env.json_lines(&["claims", ARTICLE, "--kind", "quote", "--json"]);
    assert!(!quotes.is_empty() && quotes.iter().all(|c| c["kind"] == "quote"));
    assert!(
        env.fails(&["claims", ARTICLE, "--state", "checked"], 1)
            .contains("unverified")
    );
    assert!(
        env.fails(&["claims", ARTICLE, "--kind", "fact"], 1)
            .contains("quote or number")
    );
}

#[test]
fn report_lists_every_claim_with_state_and_the_audit_head() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let toll = short(find(&claims, "number", "8,000", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN briefing"]);
    let head = env.head();
    let seq = head
        .split('#')
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .expect("seq")
        .to_owned();

    let md = env.ok(&["report", ARTICLE]);
    assert!(
        md.starts_with("# Fact-check report: Russia Joins Red Cross Call For Daily Truce In Syria"),
        "{md}"
    );
    assert!(md.contains("UN briefing (ana)"), "{md}");
    assert!(md.contains(&format!("Audit head: event {seq}")), "{md}");

    let out = env.path("report.json");
    env.ok(&[
        "report",
        ARTICLE,
        "--format",
        "json",
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("json");
    assert_eq!(json["schema"], "factdesk.report/1");
    assert_eq!(json["claims"].as_array().map(Vec::len), Some(claims.len()));
    assert_eq!(json["audit_head"]["seq"].to_string(), seq);
    assert_eq!(env.head(), head, "a report never writes");
}

#[test]
fn config_is_set_read_and_audited() {
    let env = TestEnv::init();
    env.ok(&["config", "set", "org.name", "Example Fact Desk"]);
    assert_eq!(
        env.ok(&["config", "get", "org.name"]).trim(),
        "Example Fact Desk"
    );
    assert!(env.ok(&["config", "list"]).contains("Example Fact Desk"));
    assert!(
        env.fails(&["config", "set", "org.colour", "red"], 1)
            .contains("known settings")
    );
    assert!(
        env.fails(&["config", "set", "org.url", "example.org"], 1)
            .contains("https://")
    );
    // A blank name would publish an empty ClaimReview author.
    for blank in ["", "  "] {
        assert!(
            env.fails(&["config", "set", "org.name", blank], 1)
                .contains("org.name cannot be empty")
        );
    }
    // A review URL template must give each review its own URL, from known placeholders only;
    // report --review-url is held to the same.
    for (template, expected) in [
        ("https://x.test/{article}", "has no {claim}"),
        (
            "https://x.test/{nope}#{claim}",
            "{nope} is not a placeholder",
        ),
        ("https://x.test/{claim", "unmatched `{`"),
        ("ftp://x.test/{claim}", "not a web address"),
    ] {
        let err = env.fails(&["config", "set", "review.url-template", template], 1);
        assert!(err.contains(expected), "{template}: {err}");
    }
    assert!(env.head().starts_with("audit chain verified: head #2 "));
    env.ok(&[
        "ingest",
        &crate::common::fixture("v1.txt"),
        "--article",
        "t",
    ]);
    let err = env.fails(
        &[
            "report",
            "t",
            "--format",
            "claimreview",
            "--review-url",
            "https://x.test/{nope}",
        ],
        1,
    );
    assert!(err.contains("{nope} is not a placeholder"), "{err}");
    env.ok(&[
        "config",
        "set",
        "review.url-template",
        "https://x.test/{article}#{claim}",
    ]);
}

#[test]
fn workflow_show_and_check() {
    let env = TestEnv::init();
    let shown = env.ok(&["workflow", "show"]);
    for state in ["unverified", "sourced", "verified", "disputed"] {
        assert!(shown.contains(state), "{shown}");
    }
    let workflows = concat!(env!("CARGO_MANIFEST_DIR"), "/workflows/");
    env.ok(&["workflow", "check", &format!("{workflows}default.toml")]);
    env.ok(&["workflow", "check", &format!("{workflows}four-eyes.toml")]);
    let bad = env.write(
        "bad.toml",
        b"name = \"x\"\ninitial = \"open\"\n\n[states.closed]\ndescription = \"\"\n",
    );
    let err = env.fails(&["workflow", "check", &bad], 1);
    assert!(err.contains("line "), "{err}");
}

#[test]
fn init_with_a_custom_workflow_and_refuses_twice() {
    let env = TestEnv::new();
    let four_eyes = concat!(env!("CARGO_MANIFEST_DIR"), "/workflows/four-eyes.toml");
    env.ok(&["init", "--workflow", four_eyes]);
    assert!(env.ok(&["workflow", "show"]).contains("four-eyes"));
    assert!(env.fails(&["init"], 1).contains("already exists"));
}

#[test]
fn a_note_of_several_lines_keeps_history_one_event_a_line() {
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&[
        "mark",
        &toll,
        "disputed",
        "--note",
        "AFP counts fewer.\n\nSee the wire of 20 March.",
    ]);
    let history = env.ok(&["history", "--article", ARTICLE]);
    assert!(
        history.lines().all(|line| line.starts_with('#')),
        "{history}"
    );
    assert!(
        history.contains("note: AFP counts fewer. / See the wire of 20 March."),
        "{history}"
    );
    // The note itself is kept as written.
    let shown = env.json_lines(&["show", &toll, "--json"]);
    assert_eq!(
        shown[0]["notes"][0]["text"],
        "AFP counts fewer.\n\nSee the wire of 20 March."
    );
}

// Issue 18: a close miss gets "did you mean …", and state names are matched in any case.
#[test]
fn state_names_in_any_case_and_close_misses_named() {
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    let err = env.fails(
        &["mark", &toll, "sourcd", "--source", "https://news.un.org/"],
        1,
    );
    assert!(err.contains("did you mean \"sourced\"?"), "{err}");
    env.ok(&["mark", &toll, "Sourced", "--source", "https://news.un.org/"]);
    let claim = env
        .claims()
        .into_iter()
        .find(|c| c["id"].as_str().is_some_and(|id| id.starts_with(&toll)))
        .expect("the claim");
    assert_eq!(
        claim["state"], "sourced",
        "stored as the workflow spells it"
    );
    env.ok(&["mark", &toll, "VERIFIED", "--from", "SOURCED"]);
    let listed = env.ok(&["claims", ARTICLE, "--state", "Verified"]);
    assert!(listed.contains(&toll), "{listed}");
    let err = env.fails(&["claims", ARTICLE, "--state", "verifed"], 1);
    assert!(err.contains("did you mean `verified`?"), "{err}");
    let err = env.fails(&["claims", "syria-truse"], 1);
    assert!(err.contains("did you mean `syria-truce`?"), "{err}");
    let err = env.fails(&["claims", "nothing-like-it"], 1);
    assert!(!err.contains("did you mean"), "{err}");
}
