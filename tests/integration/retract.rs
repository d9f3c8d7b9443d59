//! `revision retract`: a revision filed by mistake is withdrawn; nothing is deleted, the text
//! before it is latest again and the verdicts are as they stood.

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

const OTHER_STORY: &str = "Shares in European technology companies rallied on Tuesday after \
    quarterly earnings beat analysts' expectations, with semiconductor makers leading gains \
    while investors weighed fresh inflation figures released by statistics agencies across \
    several countries before central bankers meet next month to discuss interest rates, bond \
    yields, currency markets and the outlook for manufacturing exports worldwide.";

#[test]
fn a_mistaken_revision_is_withdrawn_and_the_verdicts_stand_as_before() {
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN briefing"]);
    env.ok(&["mark", &toll, "verified"]);
    let before = env.claims();
    let other = env.write("other.txt", OTHER_STORY.as_bytes());
    env.ok(&["ingest", &other, "--article", ARTICLE, "--force"]);
    assert!(env.claims().iter().all(|c| c["text"] != "8,000"));

    let out = env.ok(&[
        "revision",
        "retract",
        ARTICLE,
        "2",
        "--note",
        "markets copy under the wrong id",
    ]);
    assert!(
        out.contains("revision 2 retracted; revision 3 carries the text of revision 1 again"),
        "{out}"
    );
    let after = env.claims();
    let ids = |claims: &[serde_json::Value]| {
        claims
            .iter()
            .map(|c| (c["id"].clone(), c["state"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&after),
        ids(&before),
        "the claims and their verdicts are back"
    );
    // Nothing is deleted: the mistaken revision is still there to read.
    let revisions = env.json_lines(&["revisions", ARTICLE, "--json"]);
    assert_eq!(revisions.len(), 3);
    assert_eq!(revisions[1]["retracted"], "markets copy under the wrong id");
    assert_eq!(revisions[2]["restores"], 1);
    let listing = env.ok(&["revisions", ARTICLE]);
    assert!(
        listing.contains("retracted: markets copy under the wrong id"),
        "{listing}"
    );
    let history = env.ok(&["history", "--article", ARTICLE]);
    assert!(
        history.contains("retracted syria-truce revision 2")
            && history.contains("markets copy under the wrong id"),
        "{history}"
    );
    // The same text again is no new revision; the next draft is compared with it.
    env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
    assert_eq!(env.json_lines(&["revisions", ARTICLE, "--json"]).len(), 3);
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    env.head();
}

#[test]
fn a_quote_reset_by_the_mistaken_revision_gets_its_verdict_back() {
    let env = TestEnv::with_v1();
    let quote = short(find(&env.claims(), "quote", "Our assessment", ""));
    env.ok(&["mark", &quote, "sourced", "--source", "ICRC video"]);
    env.ok(&["mark", &quote, "verified"]);
    let v1 = std::fs::read_to_string(fixture("v1.txt")).expect("fixture");
    let lavrov = v1.replace(
        "most likely to deteriorate,\" he said.",
        "most likely to deteriorate,\" Lavrov said.",
    );
    assert_ne!(lavrov, v1);
    let file = env.write("lavrov.txt", lavrov.as_bytes());
    env.ok(&["ingest", &file, "--article", ARTICLE]);
    let reset = find(&env.claims(), "quote", "Our assessment", "").clone();
    assert_eq!(reset["state"], "unverified", "the speaker change reset it");
    let out = env.ok(&[
        "revision",
        "retract",
        ARTICLE,
        "2",
        "--note",
        "Lavrov did not say it",
    ]);
    assert!(
        out.contains("1 quote got back the verdict it reset"),
        "{out}"
    );
    let back = find(&env.claims(), "quote", "Our assessment", "").clone();
    assert_eq!(back["state"], "verified");
    assert_eq!(back["speaker"], "Jakob Kellenberger");
    env.head();
}

#[test]
fn only_the_latest_revision_with_a_note_and_something_before_it_can_be_retracted() {
    let env = TestEnv::with_v1();
    let before = env.head();
    let err = env.fails(&["revision", "retract", ARTICLE, "1", "--note", "oops"], 1);
    assert!(err.contains("no earlier revision to go back to"), "{err}");
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let middle = env.head();
    assert_ne!(middle, before);
    let err = env.fails(&["revision", "retract", ARTICLE, "1", "--note", "oops"], 1);
    assert!(err.contains("only the latest can be retracted"), "{err}");
    let err = env.fails(&["revision", "retract", ARTICLE, "7", "--note", "oops"], 1);
    assert!(err.contains("has no revision 7"), "{err}");
    let err = env.fails(&["revision", "retract", ARTICLE, "2", "--note", "  "], 1);
    assert!(err.contains("needs --note"), "{err}");
    let err = env.fails(&["revision", "retract", ARTICLE, "2"], 1);
    assert!(err.contains("--note"), "{err}");
    assert_eq!(env.head(), middle, "nothing was written");
}
