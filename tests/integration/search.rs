//! `search`: where else a quote or claim appeared, and its state there.

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

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
