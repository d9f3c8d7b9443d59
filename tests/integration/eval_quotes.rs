//! `factdesk eval quotes`: scores on a small gold file written for the tests (tests/data/), as a
//! table for people and as one JSON object, with the figures the reference scorer gives on it.

use serde_json::Value;

use crate::common::TestEnv;

fn gold() -> String {
    format!(
        "{}/tests/data/quotes-gold.jsonl",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn table_per_publisher() {
    let out = TestEnv::new().ok(&["eval", "quotes", &gold()]);
    let lines: Vec<&str> = out.lines().collect();
    // 7 gold quotes, 7 predicted, 6 matched: one title rejected, one quote the gold omits.
    assert!(lines[1].starts_with("all"), "{out}");
    assert!(
        lines[1].contains("0.857 0.857 0.857   0.857 0.857 0.857"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("alpha") && lines[3].starts_with("beta"),
        "{out}"
    );
    assert!(out.contains("speaker"), "{out}");
}

#[test]
fn json_matches_score_py() {
    let line = TestEnv::new().ok(&["eval", "quotes", &gold(), "--json"]);
    let report: Value = serde_json::from_str(line.trim()).expect("one JSON object");
    let overall = &report["overall"];
    assert_eq!(overall["gold"], 7);
    assert_eq!(overall["predicted"], 7);
    // What `python3 score.py tests/data/quotes-gold.jsonl PRED` prints for the same predictions:
    // span tp=6, speaker exact=0.667, quote+speaker(token) tp=4.
    assert_eq!(overall["overlap"]["span"]["true_positives"], 6);
    assert_eq!(overall["exact"]["span"]["true_positives"], 6);
    assert_eq!(overall["overlap"]["speaker_pairs"], 6);
    assert_eq!(overall["overlap"]["speaker_exact"], 4);
    assert_eq!(
        overall["overlap"]["quote_speaker_token"]["true_positives"],
        4
    );
    let mean = overall["overlap"]["speaker_mean_token_f1"]
        .as_f64()
        .unwrap_or(0.0);
    assert!((mean - 0.7333).abs() < 1e-3, "{mean}");
    assert_eq!(report["by_source"]["alpha"]["gold"], 4);
    assert_eq!(report["by_source"]["beta"]["predicted"], 4);
}

#[test]
fn predictions_file_for_score_py() {
    let env = TestEnv::new();
    let path = env.path("pred.jsonl");
    let path = path.display().to_string();
    env.ok(&["eval", "quotes", &gold(), "--predictions", &path]);
    let written = std::fs::read_to_string(&path).expect("predictions written");
    let texts: Vec<Value> = written
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(texts.len(), 4);
    let first = &texts[0]["quotes"][0];
    assert_eq!(first["start"], 1);
    assert_eq!(first["end"], 28);
    assert_eq!(first["speaker"], "Anna Berg");
}

#[test]
fn bad_gold_is_a_user_error() {
    let env = TestEnv::new();
    let bad = env.write("bad.jsonl", b"{\"id\": 1}\n");
    let err = env.fails(&["eval", "quotes", &bad], 1);
    assert!(err.contains("line 1"), "{err}");
}
