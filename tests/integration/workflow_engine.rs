//! The workflow engine through the binary: four-eyes, roles, switching workflows, evidence,
//! the publication gate, the queue, search across articles and stale decisions.

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

const WORKFLOWS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/workflows/");

fn four_eyes_store() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&["init", "--workflow", &format!("{WORKFLOWS}four-eyes.toml")]);
    env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
    env
}

#[test]
fn four_eyes_refuses_the_same_person_and_accepts_a_second() {
    let env = four_eyes_store();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok_as(&["mark", &toll, "sourced", "--source", "UN"], "ana");
    let before = env.head();
    let (code, out) = env.run(&["mark", &toll, "verified"], "ana");
    assert_eq!(code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("ana"),
        "the refusal names who may not: {}",
        out.stderr
    );
    assert_eq!(env.head(), before, "a refused transition writes nothing");
    env.ok_as(&["mark", &toll, "verified"], "bo");
    assert_eq!(
        find(&env.claims(), "number", "8,000", "")["state"],
        "verified"
    );
}

#[test]
fn roles_restrict_transitions_and_the_refusal_names_the_role() {
    let env = TestEnv::new();
    let default = std::fs::read_to_string(format!("{WORKFLOWS}default.toml")).expect("default");
    let restricted = default.replace(
        "name = \"verify\"\nfrom = [\"sourced\"]\nto = \"verified\"",
        "name = \"verify\"\nfrom = [\"sourced\"]\nto = \"verified\"\nroles = [\"editor\"]",
    ) + "\n[roles]\neditor = [\"bo\"]\n";
    assert_ne!(restricted, default, "the test edits the verify transition");
    let path = env.write("roles.toml", restricted.as_bytes());
    env.ok(&["init", "--workflow", &path]);
    env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "sourced", "--source", "UN"]);
    let before = env.head();
    let (code, out) = env.run(&["mark", &toll, "verified"], "ana");
    assert_eq!(code, 1);
    assert!(out.stderr.contains("editor"), "{}", out.stderr);
    assert_eq!(env.head(), before);
    env.ok_as(&["mark", &toll, "verified"], "bo");
}

#[test]
fn switching_workflows_is_recorded_and_stranded_states_are_reported() {
    let env = four_eyes_store();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &toll, "disputed", "--note", "no source"]);
    env.ok_as(
        &[
            "mark",
            &toll,
            "refuted",
            "--note",
            "confirmed: no such figure",
        ],
        "bo",
    );
    let out = env.ok(&["workflow", "use", &format!("{WORKFLOWS}default.toml")]);
    assert!(out.contains("now using workflow \"default\""), "{out}");
    assert!(
        out.contains("refuted"),
        "the state the default workflow lacks is reported: {out}"
    );
    assert!(
        env.ok(&["workflow", "show"])
            .contains("workflow \"default\"")
    );
    let history = env.json_lines(&["history", "--article", ARTICLE, "--json"]);
    assert!(
        history.iter().all(|e| e["event"] != "workflow-changed"),
        "not an article event"
    );
    // The claim keeps its state rather than being mapped silently.
    assert_eq!(
        find(&env.claims(), "number", "8,000", "")["state"],
        "refuted"
    );
    let again = env.ok(&["workflow", "use", &format!("{WORKFLOWS}default.toml")]);
    assert!(again.contains("already in use"), "{again}");
    env.head();
}

#[test]
fn after_a_switch_the_claims_under_review_are_counted_whatever_their_state() {
    let env = TestEnv::with_v1();
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let latest = env.claims().len();
    let one = env.write(
        "one.toml",
        b"name = \"one\"\ninitial = \"open\"\n[states.open]\n",
    );
    let (code, out) = env.run(&["workflow", "use", &one], "ana");
    assert_eq!(code, 0, "{}", out.stderr);
    // The latest revision's claims, not every claim the article ever had.
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(
        said.contains(&format!(
            "{latest} claims are in states this workflow lacks"
        )),
        "{said}"
    );
    let markdown = env.ok(&["report", ARTICLE, "--format", "md"]);
    assert!(
        markdown.contains(&format!(
            "{latest} claims — open: 0, in states the workflow does not have: {latest}"
        )),
        "{markdown}"
    );
}

#[test]
fn evidence_round_trips_byte_for_byte_and_its_hash_is_in_the_report() {
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    let page: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let evidence = env.write("un-page.html", &page);
    env.ok(&[
        "mark",
        &toll,
        "sourced",
        "--source",
        "https://news.un.org",
        "--evidence",
        &evidence,
    ]);
    let hash = blake3::hash(&page).to_hex().to_string();
    let shown = env.json_lines(&["show", &toll, "--json"]);
    assert_eq!(shown[0]["evidence"][0]["hash"], hash.as_str());
    let out = env.path("back.html");
    env.ok(&[
        "evidence",
        "get",
        &hash[..10],
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(std::fs::read(&out).expect("written"), page);
    let report = env.ok(&["report", ARTICLE, "--format", "json"]);
    assert!(report.contains(&hash), "report lists the evidence hash");
    assert!(env.ok(&["report", ARTICLE]).contains(&hash[..16]));
    assert!(
        env.fails(&["evidence", "get", "abcdef12", "-o", "x"], 1)
            .contains("no evidence file")
    );
    env.head();
}

#[test]
fn gate_passes_only_when_every_claim_is_accepted() {
    let env = TestEnv::with_v1();
    let (code, out) = env.run(&["gate", ARTICLE], "ana");
    assert_eq!(code, 1);
    assert!(out.stdout.contains("not ready"), "{}", out.stdout);
    let blocking = env.json_lines(&["claims", ARTICLE, "--json"]);
    for claim in &blocking {
        let id = short(claim);
        env.ok(&["mark", &id, "disputed", "--note", "checked: wrong"]);
    }
    let out = env.ok(&["gate", ARTICLE]);
    assert!(out.contains("ready to publish"), "{out}");
    // A new revision brings new unverified claims: the gate closes again.
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    assert_eq!(env.run(&["gate", ARTICLE], "ana").0, 1);
    assert_eq!(env.run(&["gate", ARTICLE, "--rev", "1"], "ana").0, 0);
}

#[test]
fn queue_puts_changed_claims_first() {
    let env = TestEnv::with_v1();
    let claims = env.claims();
    let assessment = short(find(&claims, "quote", "Our assessment", ""));
    env.ok(&["mark", &assessment, "disputed", "--note", "misquoted"]);
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let queue = env.json_lines(&["queue", "--json"]);
    assert!(
        queue.iter().all(|c| c["state"] != "disputed"),
        "accepted states are done"
    );
    let urgencies: Vec<&str> = queue
        .iter()
        .map(|c| c["urgency"].as_str().expect("urgency"))
        .collect();
    assert_eq!(urgencies.first(), Some(&"changed"), "{urgencies:?}");
    let mut sorted = urgencies.clone();
    sorted.sort_by_key(|u| ["changed", "new", "waiting"].iter().position(|x| x == u));
    assert_eq!(urgencies, sorted);
    assert!(
        queue
            .iter()
            .any(|c| c["urgency"] == "changed" && c["text"] == "9,000")
    );
}

#[test]
fn search_finds_a_quote_in_two_articles_with_its_state_in_each() {
    let env = TestEnv::with_v1();
    let quote = "\"Our assessment is, unfortunately, that the humanitarian situation [in Syria] is most likely to deteriorate,\" Jakob Kellenberger said on Monday.\n";
    let other = env.write(
        "follow-up.txt",
        format!("Red Cross follow-up\n\n{quote}").as_bytes(),
    );
    env.ok(&["ingest", &other, "--article", "red-cross-follow-up"]);
    let id = short(find(&env.claims(), "quote", "Our assessment", ""));
    env.ok(&[
        "mark",
        &id,
        "sourced",
        "--source",
        "ICRC video",
        "--article",
        ARTICLE,
    ]);
    let err = env.fails(&["mark", &id, "verified"], 1);
    assert!(err.contains("--article"), "{err}");
    let hits = env.json_lines(&["search", "OUR ASSESSMENT is unfortunately", "--json"]);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let appearances = hits[0]["appearances"].as_array().expect("appearances");
    assert_eq!(appearances.len(), 2);
    assert!(
        appearances
            .iter()
            .any(|a| a["article"] == ARTICLE && a["state"] == "sourced")
    );
    assert!(
        appearances
            .iter()
            .any(|a| a["article"] == "red-cross-follow-up" && a["state"] == "unverified")
    );
    let shown = env.ok(&["show", &id, "--article", "red-cross-follow-up"]);
    assert!(
        shown.contains(&format!("also in:   {ARTICLE} — sourced")),
        "{shown}"
    );
    assert!(
        env.ok(&["search", "no such words anywhere"])
            .contains("No claim matches")
    );
}

#[test]
fn search_ignores_case_and_punctuation_in_any_word_of_the_query() {
    let env = TestEnv::with_v1();
    for query in ["8,000", "8 000", "(8.000)"] {
        let hits = env.json_lines(&["search", query, "--json"]);
        assert_eq!(hits.len(), 1, "{query}: {hits:#?}");
        assert_eq!(hits[0]["text"], "8,000", "{query}");
    }
    // Found by a word in capitals in the quote ("[in Syria]") whichever case is asked.
    let hits = env.json_lines(&["search", "in syria] IS MOST", "--json"]);
    assert_eq!(hits.len(), 1, "{hits:#?}");
}

#[test]
fn search_finds_a_number_by_the_words_around_it_and_by_its_own_figures_only() {
    let env = TestEnv::with_v1();
    let toll = "The UN estimates more than 8,000 people have been killed since a revolt against Assad erupted a year ago.";
    for query in [
        "more than 8,000 people",
        "8,000 KILLED",
        "8,000 people have been kill",
    ] {
        let hits = env.json_lines(&["search", query, "--json"]);
        assert_eq!(hits.len(), 1, "{query}: {hits:#?}");
        assert_eq!(hits[0]["text"], "8,000", "{query}");
        assert_eq!(hits[0]["sentence"], toll, "{query}");
        assert_eq!(hits[0]["appearances"][0]["article"], ARTICLE, "{query}");
    }
    // Of two numbers in one sentence, the one the query names.
    let hits = env.json_lines(&["search", "two rebels", "--json"]);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0]["text"], "two");
    // The sentence's words without its number name no claim.
    for query in ["people have been killed", "killed", "8,000 rebels"] {
        assert!(
            env.ok(&["search", query]).contains("No claim matches"),
            "{query}"
        );
    }
    // A figure of the query that is not the number's own rules it out: "8,000 people" is not
    // the 8 of "8 of the 1,000 people", nor its 1,000.
    let other = env.write(
        "injured.txt",
        b"Injured\n\nOfficials said 8 of the 1,000 people at the rally were hurt.\n",
    );
    env.ok(&["ingest", &other, "--article", "injured"]);
    let texts = |query: &str| -> Vec<String> {
        env.json_lines(&["search", query, "--json"])
            .iter()
            .map(|hit| hit["text"].as_str().expect("text").to_owned())
            .collect()
    };
    assert_eq!(texts("8,000 people"), ["8,000"]);
    assert_eq!(texts("1,000 people"), ["1,000"]);
    assert_eq!(texts("8 of the"), ["8"]);
    // Quotes are still matched on their own words only.
    assert!(texts("Kellenberger said").is_empty());
    let shown = env.ok(&["search", "8,000 killed"]);
    assert!(
        shown.contains("\n    sentence: The UN estimates more than 8,000 people"),
        "{shown}"
    );
    assert_eq!(
        env.json_lines(&["search", "our assessment", "--json"])[0]["sentence"],
        serde_json::Value::Null
    );
    // Once a revision changed the toll, the claim is still found, marked as gone from the
    // article's latest revision.
    assert_eq!(
        env.json_lines(&["search", "8,000 killed", "--json"])[0]["appearances"][0]["in_latest"],
        true
    );
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let hits = env.json_lines(&["search", "8,000 killed", "--json"]);
    assert_eq!(hits[0]["appearances"][0]["in_latest"], false, "{hits:?}");
    assert!(
        env.ok(&["search", "8,000 killed"])
            .contains("  not in its latest revision\n")
    );
}

#[test]
fn search_returns_every_claim_holding_the_word_in_id_order() {
    // The claims are read in key ranges on several threads: none may be lost or reordered.
    let env = TestEnv::with_v1();
    let mut holding: Vec<String> = env
        .claims()
        .iter()
        .filter(|claim| {
            let text = claim["text"].as_str().expect("text");
            text.to_lowercase().contains("the")
        })
        .map(|claim| claim["id"].as_str().expect("id").to_owned())
        .collect();
    holding.sort();
    holding.dedup();
    // Ids from both halves of the key space, so more than one range is read.
    assert!(holding.iter().any(|id| id.as_str() < "8"), "{holding:?}");
    assert!(holding.iter().any(|id| id.as_str() >= "8"), "{holding:?}");
    let hits: Vec<String> = env
        .json_lines(&["search", "THE", "--json"])
        .iter()
        .map(|hit| hit["id"].as_str().expect("claim id").to_owned())
        .collect();
    assert_eq!(hits, holding);
}

#[test]
fn a_decision_on_a_stale_view_is_refused() {
    let env = TestEnv::with_v1();
    let toll = short(find(&env.claims(), "number", "8,000", ""));
    env.ok_as(&["mark", &toll, "sourced", "--source", "UN"], "bo");
    let before = env.head();
    let err = env.fails(
        &[
            "mark",
            &toll,
            "disputed",
            "--note",
            "no",
            "--from",
            "unverified",
        ],
        1,
    );
    assert!(err.contains("someone changed it"), "{err}");
    assert_eq!(env.head(), before);
    // A state the workflow lacks is a slip of the user's, not a colleague's change.
    let err = env.fails(&["mark", &toll, "verified", "--from", "bogus"], 1);
    assert!(
        err.contains("unknown state \"bogus\"; known states: unverified, sourced"),
        "{err}"
    );
    assert!(!err.contains("someone"), "{err}");
    assert_eq!(env.head(), before);
    env.ok(&["mark", &toll, "verified", "--from", "sourced"]);
}

#[test]
fn workflow_show_dot_is_a_graphviz_graph() {
    let env = TestEnv::init();
    let dot = env.ok(&["workflow", "show", "--dot"]);
    assert!(dot.starts_with("digraph \"default\" {"), "{dot}");
    assert!(dot.contains("\"sourced\" -> \"verified\""), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
}

#[test]
fn workflow_check_warns_of_a_workflow_that_cannot_work() {
    let env = TestEnv::new();
    let path = env.write(
        "stuck.toml",
        b"name = \"stuck\"\ninitial = \"a\"\n[states.a]\n[states.b]\n\n[[transitions]]\nname = \"t\"\nfrom = [\"a\"]\nto = \"b\"\nroles = [\"editor\"]\n",
    );
    let out = env
        .cmd(&["workflow", "check", &path])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "valid, but");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "has no state with `accepted = true`: `factdesk gate` will never let an article out"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("transition \"t\" is limited to role editor, but the file has no [roles]"),
        "{stderr}"
    );
}
