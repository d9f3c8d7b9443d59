//! A claim's history follows it back across revisions: when a number or a quote's wording
//! changes, the claim gets a new id, and the decisions made on the claim it replaced stay in
//! its history.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

fn seed() -> String {
    std::fs::read_to_string(fixture("v1.txt")).expect("fixture")
}

fn ingest_text(env: &TestEnv, name: &str, text: &str) {
    let path = env.write(name, text.as_bytes());
    env.ok(&["ingest", &path, "--article", ARTICLE]);
}

/// The full id of the number claim whose text starts with `text`.
fn number_id(env: &TestEnv, text: &str) -> String {
    let claims = env.claims();
    find(&claims, "number", text, "")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// The position of `needle` in `text`, which must hold it.
fn position(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"))
}

#[test]
fn history_of_a_changed_claim_shows_the_decisions_on_the_claim_it_replaced() {
    let env = TestEnv::with_v1();
    let old = short(find(&env.claims(), "number", "8,000", ""));
    env.ok(&["mark", &old, "sourced", "--source", "UN briefing"]);
    env.ok(&["mark", &old, "verified", "--note", "two agencies agree"]);
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    let new = short(find(&env.claims(), "number", "9,000", ""));
    assert_ne!(old, new);

    let history = env.ok(&["history", &new]);
    let appeared = position(
        &history,
        &format!("{old} ingested {ARTICLE} revision 1: appeared"),
    );
    let sourced = position(
        &history,
        &format!("{old} source: unverified → sourced; source: UN briefing"),
    );
    let verified = position(
        &history,
        &format!("{old} verify: sourced → verified; note: two agencies agree"),
    );
    let changed = position(
        &history,
        &format!(
            "{new} ingested {ARTICLE} revision 2: replaces {old}: changed (value 8,000 → 9,000), verified → unverified"
        ),
    );
    assert!(
        appeared < sourced && sourced < verified && verified < changed,
        "{history}"
    );
    assert_eq!(history.lines().count(), 4, "{history}");

    let shown = env.ok(&["show", &new]);
    assert!(
        shown.contains(&format!(
            "changed:   value 8,000 → 9,000 in revision 2, from claim {old}; verified → unverified"
        )),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("{old} verify: sourced → verified")),
        "show's history follows the claim back too: {shown}"
    );

    // The old claim's history ends where it left the article, naming the claim that took over
    // but not that claim's own events.
    let old_history = env.ok(&["history", &old]);
    let last = old_history.lines().last().expect("events");
    assert!(
        last.ends_with(&format!(
            "{old} ingested {ARTICLE} revision 2: replaced by {new}: changed (value 8,000 → 9,000), verified → unverified"
        )),
        "{old_history}"
    );
    assert_eq!(old_history.lines().count(), 4, "{old_history}");
}

#[test]
fn a_chain_over_three_revisions_lists_every_predecessor_in_a_stable_json_shape() {
    let env = TestEnv::init();
    let text = seed();
    let first_text = "more than 8,000 people";
    ingest_text(&env, "v1.txt", &text);
    let first = number_id(&env, "8,000");
    env.ok(&["mark", &first[..10], "sourced", "--source", "UN briefing"]);
    let second_text = text.replace(first_text, "more than 9,000 people");
    ingest_text(&env, "v2.txt", &second_text);
    let second = number_id(&env, "9,000");
    env.ok(&["mark", &second[..10], "sourced", "--source", "OCHA"]);
    ingest_text(
        &env,
        "v3.txt",
        &second_text.replace("more than 9,000 people", "more than 10,000 people"),
    );
    let third = number_id(&env, "10,000");

    let lines = env.json_lines(&["history", &third[..10], "--json"]);
    let keys: BTreeSet<Vec<String>> = lines
        .iter()
        .map(|l| l.as_object().expect("object").keys().cloned().collect())
        .collect();
    assert_eq!(keys.len(), 1, "every line has the same fields: {keys:?}");
    let seqs: Vec<u64> = lines
        .iter()
        .map(|l| l["seq"].as_u64().expect("seq"))
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {seqs:?}"
    );

    let outline: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            let event = l["event"].as_str().expect("event");
            let claim = l["claim"].as_str().expect("every event names its claim");
            (event, claim)
        })
        .collect();
    assert_eq!(
        outline,
        [
            ("revision-added", first.as_str()),
            ("transition", first.as_str()),
            ("revision-added", second.as_str()),
            ("transition", second.as_str()),
            ("revision-added", third.as_str()),
        ]
    );
    assert_eq!(lines[0]["replaces"], Value::Null);
    let replaces = |old: &str, new: &str, revision: u32, summary: &str| {
        json!({
            "old": old,
            "new": new,
            "revision": revision,
            "summary": summary,
            "recorded": true,
            "old_state": "sourced",
            "new_state": "unverified",
        })
    };
    let first_change = replaces(&first, &second, 2, "value 8,000 → 9,000");
    let second_change = replaces(&second, &third, 3, "value 9,000 → 10,000");
    assert_eq!(lines[2]["replaces"], first_change);
    assert_eq!(lines[4]["replaces"], second_change);

    let shown: Value =
        serde_json::from_str(&env.ok(&["show", &third[..10], "--json"])).expect("JSON");
    assert_eq!(
        shown["replaces"],
        json!([second_change, first_change]),
        "newest first"
    );

    // The report's history of the claim is the same trail, predecessors named.
    let report: Value =
        serde_json::from_str(&env.ok(&["report", ARTICLE, "--format", "json"])).expect("JSON");
    let claim = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["claim"]["id"] == third.as_str())
        .expect("the claim is in the report");
    let history = claim["history"].as_array().expect("history");
    let report_seqs: Vec<u64> = history
        .iter()
        .map(|e| e["seq"].as_u64().expect("seq"))
        .collect();
    assert_eq!(report_seqs, seqs);
    assert_eq!(history[1]["claim"], first.as_str());
    assert_eq!(history[2]["replaces"]["claim"], first.as_str());
    assert_eq!(history[2]["replaces"]["recorded"], true);
    assert_eq!(
        history[4].get("claim"),
        None,
        "events about the reported claim itself need no label"
    );
    let html = env.ok(&["report", ARTICLE, "--format", "html"]);
    let replaced = format!(
        "replaced <code class=\"hash\">{}</code> with revision 2: value 8,000 → 9,000 (it was sourced)",
        &first[..10]
    );
    assert!(html.contains(&replaced), "{html}");
}

#[test]
fn a_number_that_kept_its_review_under_a_new_id_keeps_its_history() {
    let env = TestEnv::init();
    // Two numbers in one sentence: a change to one gives the other a new id, not a new review.
    let text = seed().replace(
        "more than 8,000 people have been killed since",
        "more than 8,000 people have been killed and 30,000 injured since",
    );
    ingest_text(&env, "v1.txt", &text);
    let old = number_id(&env, "8,000");
    env.ok(&["mark", &old[..10], "sourced", "--source", "UN briefing"]);
    env.ok(&["mark", &old[..10], "verified"]);
    ingest_text(
        &env,
        "v2.txt",
        &text.replace("30,000 injured", "35,000 injured"),
    );
    let new = number_id(&env, "8,000");
    assert_ne!(old, new, "the sentence is part of a number's id");
    let claims = env.claims();
    assert_eq!(find(&claims, "number", "8,000", "")["state"], "verified");

    let lines = env.json_lines(&["history", &new[..10], "--json"]);
    let events: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["event"].as_str().expect("event"),
                l["claim"].as_str().expect("claim"),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("revision-added", old.as_str()),
            ("transition", old.as_str()),
            ("transition", old.as_str()),
            ("revision-added", new.as_str()),
        ]
    );
    let inherited = &lines[3]["replaces"];
    assert_eq!(inherited["old"], old.as_str());
    // The ingest's event records the pair, so the history does not depend on aligning the
    // revisions again (issue 17).
    assert_eq!(inherited["recorded"], true, "the ingest recorded this pair");
    assert_eq!(inherited["old_state"], Value::Null);

    let shown = env.ok(&["show", &new[..10]]);
    assert!(
        shown.contains(&format!(
            "replaces:  {} in revision 2 (same claim, new id: another number in its sentence changed)",
            &old[..10]
        )),
        "{shown}"
    );
}

#[test]
fn a_claim_that_returns_to_an_earlier_wording_lists_each_event_once() {
    let env = TestEnv::init();
    let text = seed();
    ingest_text(&env, "v1.txt", &text);
    let toll = number_id(&env, "8,000");
    env.ok(&["mark", &toll[..10], "sourced", "--source", "UN briefing"]);
    ingest_text(
        &env,
        "v2.txt",
        &text.replace("8,000 people", "9,000 people"),
    );
    let between = number_id(&env, "9,000");
    ingest_text(&env, "v3.txt", &text);
    assert_eq!(
        number_id(&env, "8,000"),
        toll,
        "the same words, the same id"
    );

    let lines = env.json_lines(&["history", &toll[..10], "--json"]);
    let seqs: Vec<u64> = lines
        .iter()
        .map(|l| l["seq"].as_u64().expect("seq"))
        .collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "each once: {seqs:?}");
    let claims: Vec<&str> = lines
        .iter()
        .map(|l| l["claim"].as_str().expect("claim"))
        .collect();
    assert_eq!(
        claims,
        [
            toll.as_str(),
            toll.as_str(),
            between.as_str(),
            toll.as_str()
        ]
    );
    assert_eq!(lines[2]["replaces"]["old"], toll.as_str());
    assert_eq!(lines[3]["replaces"]["old"], between.as_str());
    assert_eq!(lines[3]["replaces"]["summary"], "value 9,000 → 8,000");
}

#[test]
fn an_old_claim_names_the_claims_that_took_over_from_it() {
    let env = TestEnv::init();
    let text = seed();
    ingest_text(&env, "v1.txt", &text);
    let first = number_id(&env, "8,000");
    env.ok(&["mark", &first[..10], "sourced", "--source", "UN briefing"]);
    let second_text = text.replace("more than 8,000 people", "more than 9,000 people");
    ingest_text(&env, "v2.txt", &second_text);
    let second = number_id(&env, "9,000");
    ingest_text(
        &env,
        "v3.txt",
        &second_text.replace("more than 9,000 people", "at least 9,000 people"),
    );
    let third = number_id(&env, "9,000");
    assert_ne!(second, third);

    let history = env.ok(&["history", &first[..10]]);
    assert!(
        history.contains(&format!(
            "{} ingested {ARTICLE} revision 2: replaced by {}: changed (value 8,000 → 9,000), sourced → unverified",
            &first[..10],
            &second[..10]
        )),
        "{history}"
    );
    let lines = env.json_lines(&["history", &first[..10], "--json"]);
    let left = lines.last().expect("the ingest it left with");
    assert_eq!(left["claim"], first.as_str());
    assert_eq!(left["replaced_by"]["new"], second.as_str());
    assert_eq!(left["replaced_by"]["revision"], 2);
    assert_eq!(left["replaced_by"]["recorded"], true);
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l["replaced_by"].is_null()),
        "{lines:#?}"
    );

    let shown: Value =
        serde_json::from_str(&env.ok(&["show", &second[..10], "--json"])).expect("JSON");
    assert_eq!(shown["replaced_by"]["new"], third.as_str());
    assert_eq!(
        shown["replaced_by"]["summary"],
        "qualifier more than → at least"
    );
    let current: Value =
        serde_json::from_str(&env.ok(&["show", &third[..10], "--json"])).expect("JSON");
    assert_eq!(current["replaced_by"], Value::Null);

    // Two revisions on, marking the first claim points at the claim that stands for it now.
    let err = env.fails(&["mark", &first[..10], "verified"], 1);
    assert!(
        err.contains(&format!("changed it into {}", &third[..10])),
        "{err}"
    );
}

/// The seed article with a quote whose speaker the next draft changes (same words, same id).
fn speaker_change(env: &TestEnv) -> String {
    let text = seed();
    let quote = "\"A daily pause is the minimum we need,\" Kellenberger said.";
    ingest_text(env, "v1.txt", &format!("{text}\n\n{quote}\n"));
    let claims = env.claims();
    let id = find(&claims, "quote", "A daily pause", "")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    env.ok(&["mark", &id[..10], "sourced", "--source", "ICRC"]);
    let moved = quote.replace("Kellenberger said", "Lavrov said");
    ingest_text(env, "v2.txt", &format!("{text}\n\n{moved}\n"));
    id
}

// See: issue 18. A quote keeps its id when only its speaker changes; the reset its ingest
// recorded belongs in the claim's own history, not only in the article's.
#[test]
fn a_speaker_change_is_in_the_claims_own_history_show_and_report() {
    let env = TestEnv::init();
    let id = speaker_change(&env);
    let short = &id[..10];

    let history = env.ok(&["history", short]);
    let reset = format!(
        "{short} ingested {ARTICLE} revision 2: changed (speaker Jakob Kellenberger → Sergei Lavrov), sourced → unverified"
    );
    assert!(history.contains(&reset), "{history}");
    let lines = env.json_lines(&["history", short, "--json"]);
    let last = lines.last().expect("events");
    assert_eq!(last["event"], "revision-added");
    assert_eq!(last["claim"], id.as_str());
    assert_eq!(
        last["replaces"],
        json!({
            "old": id,
            "new": id,
            "revision": 2,
            "summary": "speaker Jakob Kellenberger → Sergei Lavrov",
            "recorded": true,
            "old_state": "sourced",
            "new_state": "unverified",
        })
    );

    let shown = env.ok(&["show", short]);
    assert!(
        shown.contains(
            "changed:   speaker Jakob Kellenberger → Sergei Lavrov in revision 2; sourced → unverified"
        ),
        "{shown}"
    );
    assert!(shown.contains(&format!("  {reset}")), "{shown}");

    let report: Value =
        serde_json::from_str(&env.ok(&["report", ARTICLE, "--format", "json"])).expect("JSON");
    let claim = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["claim"]["id"] == id.as_str())
        .expect("reported");
    let last = claim["history"]
        .as_array()
        .and_then(|h| h.last())
        .expect("history");
    assert_eq!(last["revision"], 2, "{claim:#?}");
    assert_eq!(
        last["replaces"]["summary"],
        "speaker Jakob Kellenberger → Sergei Lavrov"
    );
    let html = env.ok(&["report", ARTICLE, "--format", "html"]);
    assert!(
        html.contains(
            "changed with revision 2: speaker Jakob Kellenberger → Sergei Lavrov (it was sourced)"
        ),
        "{html}"
    );
}

// See: issue 18. A report of revision 1 shows the reviews as they stood then: nothing of the
// speaker change revision 2 brought.
#[test]
fn a_report_of_an_earlier_revision_shows_nothing_of_a_later_speaker_change() {
    let env = TestEnv::init();
    let id = speaker_change(&env);
    let report: Value =
        serde_json::from_str(&env.ok(&["report", ARTICLE, "--rev", "1", "--format", "json"]))
            .expect("JSON");
    let claim = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["claim"]["id"] == id.as_str())
        .expect("reported");
    assert_eq!(claim["state"], "sourced", "{claim:#?}");
    assert_eq!(
        claim["claim"]["speaker"], "Jakob Kellenberger",
        "{claim:#?}"
    );
    assert_eq!(claim.get("changed_from"), None, "{claim:#?}");
    assert!(!claim.to_string().contains("Lavrov"), "{claim:#?}");
    for format in ["md", "html"] {
        let out = env.ok(&["report", ARTICLE, "--rev", "1", "--format", format]);
        assert!(!out.contains("→ Sergei Lavrov"), "{format}: {out}");
    }
}
