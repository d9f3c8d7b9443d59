//! Editors correct the machine: `claim add`, `claim speaker`, `claim dismiss` / `restore`,
//! `claim override`, `export-corrections`; each audited, carried into later revisions, and
//! refused without a trace when it would change nothing.

use std::path::Path;

use serde_json::Value;

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

/// The claim with this full id in a `claims --json` listing.
fn by_id<'a>(claims: &'a [Value], id: &str) -> Option<&'a Value> {
    claims.iter().find(|c| c["id"] == id)
}

/// Adds "a year" of the March 19 sentence (its second appearance), which v2 keeps unchanged.
fn add_year(env: &TestEnv) -> String {
    let out = env.ok(&[
        "claim",
        "add",
        ARTICLE,
        "--number",
        "--text",
        "a year ago",
        "--value",
        "1",
        "--unit",
        "year",
        "--occurrence",
        "2",
    ]);
    assert!(out.contains("added number \"a year ago\""), "{out}");
    let claims = env.claims();
    let added = claims
        .iter()
        .find(|c| c["origin"] == "added")
        .expect("the added claim is listed");
    assert_eq!(added["added_by"], "ana");
    assert!(
        added["sentence_text"]
            .as_str()
            .is_some_and(|s| s.starts_with("The March 19 meeting")),
        "{added:#}"
    );
    added["id"].as_str().expect("id").to_owned()
}

#[test]
fn an_added_claim_is_reviewed_like_any_other_and_carried_into_the_next_revision() {
    let env = TestEnv::with_v1();
    let id = add_year(&env);
    env.head();
    env.ok(&[
        "mark",
        &id[..10],
        "sourced",
        "--source",
        "https://example.org",
    ]);
    env.ok(&["mark", &id[..10], "verified"]);
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let claims = env.claims();
    let carried = by_id(&claims, &id).expect("the added claim is in revision 2");
    assert_eq!(carried["origin"], "added");
    assert_eq!(carried["state"], "verified", "its sentence did not change");
    // Revision 1 lists it too, as the revision it was added to.
    let first = env.json_lines(&["claims", ARTICLE, "--rev", "1", "--json"]);
    assert!(by_id(&first, &id).is_some());
    let history = env.ok(&["history", &id[..10]]);
    assert!(
        history.contains("added: number \"a year ago\""),
        "{history}"
    );
    let diff = env.json_lines(&["diff", ARTICLE, "--json"]);
    let change = diff
        .iter()
        .find(|c| c["new"]["id"] == id.as_str())
        .expect("in the diff");
    assert_eq!(change["new"]["origin"], "added", "marked in the diff too");
    env.head();
}

#[test]
fn claim_add_refuses_missing_ambiguous_and_listed_words_and_changes_nothing() {
    let env = TestEnv::with_v1();
    let before = env.head();
    let err = env.fails(
        &[
            "claim",
            "add",
            ARTICLE,
            "--number",
            "--text",
            "a year ago",
            "--value",
            "1",
        ],
        1,
    );
    assert!(err.contains("appear 2 times"), "{err}");
    assert!(err.contains("--occurrence"), "{err}");
    assert!(
        err.contains("Moscow, a key ally"),
        "candidates are quoted: {err}"
    );
    let err = env.fails(
        &[
            "claim",
            "add",
            ARTICLE,
            "--quote",
            "--text",
            "peace in our time",
        ],
        1,
    );
    assert!(err.contains("are not in revision 1"), "{err}");
    let err = env.fails(
        &[
            "claim",
            "add",
            ARTICLE,
            "--quote",
            "--text",
            "the humanitarian situation is likely to worsen",
        ],
        1,
    );
    assert!(
        err.contains("the sentences nearest to them: “\"Our assessment is"),
        "candidates are offered: {err}"
    );
    let err = env.fails(
        &[
            "claim",
            "add",
            ARTICLE,
            "--quote",
            "--text",
            "russia has joined",
        ],
        1,
    );
    assert!(err.contains("the text has \"Russia has joined\""), "{err}");
    let err = env.fails(
        &[
            "claim",
            "add",
            ARTICLE,
            "--quote",
            "--text",
            "without delay.",
        ],
        1,
    );
    assert!(err.contains("already claim"), "{err}");
    let err = env.fails(
        &[
            "claim",
            "add",
            ARTICLE,
            "--number",
            "--text",
            "a year ago",
            "--occurrence",
            "3",
            "--value",
            "1",
        ],
        1,
    );
    assert!(err.contains("appear 2 time"), "{err}");
    let err = env.fails(
        &["claim", "add", "syria-truse", "--quote", "--text", "x"],
        1,
    );
    assert!(err.contains("did you mean `syria-truce`"), "{err}");
    assert_eq!(env.head(), before, "nothing was written");
}

#[test]
fn a_speaker_fix_shows_everywhere_and_follows_the_quote_while_its_attribution_stands() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let quote = find(&claims, "quote", "Our assessment", "");
    assert_eq!(quote["speaker"], "Jakob Kellenberger");
    let id = short(quote);
    let before = env.head();
    let err = env.fails(&["claim", "speaker", &id, "Jakob Kellenberger"], 1);
    assert!(err.contains("already attributed"), "{err}");
    let number = short(find(&claims, "number", "8,000", ""));
    let err = env.fails(&["claim", "speaker", &number, "Somebody"], 1);
    assert!(err.contains("is a number"), "{err}");
    assert_eq!(env.head(), before);

    let out = env.ok_as(
        &[
            "claim",
            "speaker",
            &id,
            "ICRC President Jakob Kellenberger",
            "--note",
            "full title",
        ],
        "ed",
    );
    assert!(out.contains("Jakob Kellenberger → ICRC President"), "{out}");
    let fixed = find(&env.claims(), "quote", "Our assessment", "").clone();
    assert_eq!(fixed["speaker"], "ICRC President Jakob Kellenberger");
    assert_eq!(fixed["speaker_corrected_by"], "ed");
    let listing = env.ok(&["claims", ARTICLE]);
    assert!(listing.contains("(speaker fixed by ed)"), "{listing}");
    let report = env.ok(&["report", ARTICLE, "--format", "json"]);
    assert!(
        report.contains("ICRC President Jakob Kellenberger"),
        "{report}"
    );
    // v2 keeps the quote's words and its "he said": the fix holds, and is no change.
    let out = env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let after = find(&env.claims(), "quote", "Our assessment", "").clone();
    assert_eq!(
        after["speaker"], "ICRC President Jakob Kellenberger",
        "{out}"
    );
    assert_eq!(after["state"], fixed["state"]);
    let history = env.ok(&["history", &id]);
    assert!(
        history.contains("speaker: Jakob Kellenberger → ICRC President"),
        "{history}"
    );
    env.head();
}

#[test]
fn a_dismissed_claim_leaves_the_lists_gate_and_feed_but_not_the_record() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let total = claims.len();
    let statement = find(&claims, "quote", "underscored the need", "");
    let id = short(statement);
    let before = env.head();
    let err = env.fails(&["claim", "restore", &id], 1);
    assert!(err.contains("is not dismissed"), "{err}");
    let err = env.fails(&["claim", "dismiss", "ffffff", "--reason", "duplicate"], 1);
    assert!(err.contains("no claim with id `ffffff`"), "{err}");
    let err = env.fails(&["claim", "speaker", "ffffff", "Somebody"], 1);
    assert!(err.contains("no claim with id `ffffff`"), "{err}");
    let err = env.fails(&["claim", "dismiss", &id, "--reason", "scare"], 1);
    assert!(
        err.contains("not-a-claim, title-or-name, scare-quote"),
        "{err}"
    );
    assert_eq!(env.head(), before);

    // Verified first: a dismissal, not its state, keeps it out of the feed.
    env.ok(&["mark", &id, "sourced", "--source", "statement"]);
    env.ok(&["mark", &id, "verified"]);
    env.ok(&[
        "claim",
        "dismiss",
        &id,
        "--reason",
        "scare-quote",
        "--note",
        "a paraphrase",
    ]);
    let err = env.fails(&["claim", "dismiss", &id, "--reason", "duplicate"], 1);
    assert!(
        err.contains("already dismissed (scare-quote, by ana)"),
        "{err}"
    );
    assert_eq!(env.claims().len(), total - 1);
    let all = env.json_lines(&["claims", ARTICLE, "--all", "--json"]);
    let dismissed = by_id(&all, statement["id"].as_str().expect("id")).expect("listed with --all");
    assert_eq!(dismissed["dismissed"]["reason"], "scare-quote");
    assert_eq!(dismissed["dismissed"]["note"], "a paraphrase");
    let queue = env.ok(&["queue", "--json"]);
    assert!(
        !queue.contains(statement["id"].as_str().expect("id")),
        "{queue}"
    );
    // Every other claim decided: the dismissed one does not hold the gate.
    for claim in env.claims() {
        let short = short(&claim);
        env.ok(&["mark", &short, "sourced", "--source", "wire"]);
        env.ok(&["mark", &short, "verified"]);
    }
    env.ok(&["gate", ARTICLE]);
    let feed = env.ok(&[
        "report",
        ARTICLE,
        "--format",
        "claimreview",
        "--review-url",
        "https://example.org/{article}#{claim}",
    ]);
    assert!(!feed.contains("underscored the need"), "{feed}");
    let report = env.ok(&["report", ARTICLE, "--format", "json"]);
    assert!(
        report.contains("underscored the need"),
        "the JSON report keeps it"
    );
    assert!(report.contains("scare-quote"), "with its dismissal");
    let page = env.ok(&["report", ARTICLE, "--format", "html"]);
    assert!(
        page.contains("<span class=\"pill s-other\">dismissed</span>"),
        "the article's claim key marks it dismissed"
    );
    // v2 keeps its words: it stays dismissed.
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    assert!(by_id(&env.claims(), statement["id"].as_str().expect("id")).is_none());
    env.ok(&["claim", "restore", &id, "--note", "it is a quote after all"]);
    assert!(by_id(&env.claims(), statement["id"].as_str().expect("id")).is_some());
    let history = env.ok(&["history", &id]);
    assert!(history.contains("dismissed: scare-quote"), "{history}");
    assert!(history.contains("restored"), "{history}");
    env.head();
}

#[test]
fn a_disputed_claim_holds_our_own_copy_until_overridden_and_a_fact_check_publishes_it() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let disputed = short(find(&claims, "number", "8,000", ""));
    for claim in &claims {
        let id = short(claim);
        if id == disputed {
            env.ok(&["mark", &id, "disputed", "--note", "the UN says 9,000"]);
        } else {
            env.ok(&["mark", &id, "sourced", "--source", "wire"]);
            env.ok(&["mark", &id, "verified"]);
        }
    }
    let (code, out) = env.run(&["gate", ARTICLE], "ana");
    assert_eq!(code, 1, "{}", out.stdout);
    assert!(out.stdout.contains(&disputed), "{}", out.stdout);
    let verified = short(find(&claims, "number", "30", ""));
    let err = env.fails(&["claim", "override", &verified, "--note", "x"], 1);
    assert!(
        err.contains("only a verdict that blocks publication"),
        "{err}"
    );
    env.ok_as(
        &[
            "claim",
            "override",
            &disputed,
            "--note",
            "a correction runs beside it",
        ],
        "ed",
    );
    env.ok(&["gate", ARTICLE]);
    let report = env.ok(&["report", ARTICLE, "--format", "json"]);
    assert!(
        report.contains("a correction runs beside it"),
        "shown as an override"
    );
    // A new decision ends the override.
    env.ok(&["mark", &disputed, "unverified", "--note", "look again"]);
    env.ok(&["mark", &disputed, "disputed", "--note", "still wrong"]);
    assert_eq!(env.run(&["gate", ARTICLE], "ana").0, 1);
    // Rating others' claims: disputed is the verdict to publish.
    let factcheck = Path::new(env!("CARGO_MANIFEST_DIR")).join("workflows/factcheck.toml");
    env.ok(&["workflow", "use", &factcheck.display().to_string()]);
    env.ok(&["gate", ARTICLE]);
    env.head();
}

#[test]
fn curation_survives_export_and_import_exactly() {
    let env = TestEnv::with_v1();
    let id = add_year(&env);
    env.head();
    let claims = env.claims();
    env.ok(&[
        "claim",
        "speaker",
        &short(find(&claims, "quote", "Our assessment", "")),
        "ICRC's Jakob Kellenberger",
    ]);
    env.head();
    let statement = short(find(&claims, "quote", "underscored", ""));
    env.ok(&["claim", "dismiss", &statement, "--reason", "not-a-claim"]);
    env.head();
    env.ok(&["claim", "restore", &statement]);
    env.head();
    env.ok(&["claim", "dismiss", &statement, "--reason", "duplicate"]);
    let toll = short(find(&claims, "number", "8,000", ""));
    env.ok(&["mark", &toll, "disputed", "--note", "9,000 by now"]);
    env.ok(&[
        "claim",
        "override",
        &toll,
        "--note",
        "the update runs tomorrow",
    ]);
    env.head();
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    env.head();
    let first = env.export("one.jsonl");
    let copy = env.path("copy");
    let archive = env.path("one.jsonl");
    let on_copy = |args: &[&str]| {
        let out = env.cmd_on(&copy, args).output().expect("runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    on_copy(&["import", &archive.display().to_string()]);
    let second = env.path("two.jsonl");
    on_copy(&["export", &second.display().to_string()]);
    assert_eq!(
        first,
        std::fs::read(&second).expect("second export"),
        "byte for byte"
    );
    let copied = on_copy(&["claims", ARTICLE, "--all", "--json"]);
    assert_eq!(copied, env.ok(&["claims", ARTICLE, "--all", "--json"]));
    assert!(copied.contains(&id));
}

#[test]
fn export_corrections_writes_a_test_set_the_evaluation_reads() {
    let env = TestEnv::with_v1();
    add_year(&env);
    let claims = env.claims();
    env.ok(&[
        "claim",
        "dismiss",
        &short(find(&claims, "quote", "underscored", "")),
        "--reason",
        "not-a-claim",
    ]);
    env.ok(&[
        "claim",
        "speaker",
        &short(find(&claims, "quote", "Our assessment", "")),
        "ICRC's Jakob Kellenberger",
    ]);
    let file = env.path("corrections.jsonl");
    let out = env.ok(&["export-corrections", &file.display().to_string()]);
    assert!(out.contains("1 corrected article"), "{out}");
    let text = std::fs::read_to_string(&file).expect("written");
    let line: Value = serde_json::from_str(text.trim()).expect("one JSON line");
    assert_eq!(line["id"], "syria-truce@1");
    let body = line["text"].as_str().expect("text");
    let number = line["numbers"]
        .as_array()
        .expect("numbers")
        .iter()
        .find(|n| n["origin"] == "added")
        .expect("the added number");
    let (start, end) = (
        number["start"].as_u64().expect("start"),
        number["end"].as_u64().expect("end"),
    );
    let words: String = body
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect();
    assert_eq!(words, "a year ago");
    assert_eq!(line["dismissed"][0]["reason"], "not-a-claim");
    assert!(
        line["quotes"]
            .as_array()
            .expect("quotes")
            .iter()
            .any(|q| q["speaker"] == "ICRC's Jakob Kellenberger"
                && q["speaker_corrected_by"] == "ana")
    );
    // The evaluation reads it as gold.
    let scored = env.ok(&["eval", "quotes", &file.display().to_string()]);
    assert!(!scored.is_empty());
    env.ok(&["eval", "numbers", &file.display().to_string()]);
}

#[test]
fn another_story_under_the_same_id_is_refused_unless_forced() {
    let env = TestEnv::with_v1();
    let before = env.head();
    let other = env.write(
        "other.txt",
        "Shares in European technology companies rallied on Tuesday after quarterly earnings \
             beat analysts' expectations, with semiconductor makers leading gains while investors \
             weighed fresh inflation figures released by statistics agencies across several \
             countries before central bankers meet next month to discuss interest rates, bond \
             yields, currency markets and the outlook for manufacturing exports worldwide."
            .as_bytes(),
    );
    let err = env.fails(&["ingest", &other, "--article", ARTICLE], 1);
    assert!(err.contains("looks like another story"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(env.head(), before);
    let out = env.ok(&["ingest", &other, "--article", ARTICLE, "--force"]);
    assert!(out.contains("revision 2"), "{out}");
    // A real next draft is not refused.
    env.ok(&[
        "ingest",
        &fixture("v2.txt"),
        "--article",
        ARTICLE,
        "--force",
    ]);
}

#[test]
fn a_stub_filed_as_the_next_draft_is_refused_unless_forced() {
    let env = TestEnv::with_v1();
    let before = env.head();
    let stub = env.write("stub.txt", b"TK: story to come.");
    let err = env.fails(&["ingest", &stub, "--article", ARTICLE], 1);
    assert!(err.contains("looks like a stub or a cut"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(env.head(), before, "every claim kept");
    let out = env.ok(&["ingest", &stub, "--article", ARTICLE, "--force"]);
    assert!(out.contains("revision 2"), "{out}");
}
