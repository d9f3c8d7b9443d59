//! `factdesk eval numbers` on a small gold file written for these tests (tests/data/), and
//! `extract --all` showing the numbers it set aside. The figures were checked against the data
//! set's reference scorer (score.py) on the same predictions.

use serde_json::Value;

use crate::common::TestEnv;

fn gold() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/numbers-gold.jsonl")
        .display()
        .to_string()
}

fn source<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["sources"]
        .as_array()
        .and_then(|sources| sources.iter().find(|s| s["source"] == name))
        .unwrap_or_else(|| panic!("no source {name} in {report}"))
}

#[test]
fn json_report_scores_spans_and_values_per_source() {
    let lines = TestEnv::new().json_lines(&["eval", "numbers", &gold(), "--json"]);
    assert_eq!(lines.len(), 1, "one JSON object");
    let report = &lines[0];

    // newsroom: 8 gold numbers; "nil" is missed, "Flight 370" is set aside, "A few" is found
    // as a vague count with no single value.
    let newsroom = source(report, "newsroom");
    assert_eq!(newsroom["exhaustive"], true);
    assert_eq!(newsroom["overlap"]["true_positives"], 7);
    assert_eq!(newsroom["overlap"]["false_positives"], 0);
    assert_eq!(newsroom["overlap"]["false_negatives"], 1);
    assert_eq!(newsroom["exact"]["true_positives"], 7);
    assert_eq!(newsroom["value_pairs"], 7);
    assert_eq!(newsroom["value_correct"], 6);
    assert_eq!(newsroom["overlap_precision"], 1.0);

    // A partial source gives recall only: its "3 adults" is no false positive to read.
    let currency = source(report, "msrt-currency");
    assert_eq!(currency["exhaustive"], false);
    assert_eq!(currency["overlap_recall"], 1.0);
    assert_eq!(currency["overlap_precision"], Value::Null);
    assert_eq!(currency["overlap_f1"], Value::Null);
    assert_eq!(currency["value_correct"], 1);

    assert_eq!(report["all"]["gold"], 9);
    assert_eq!(report["all"]["overlap_recall"], 8.0 / 9.0);
    assert_eq!(report["all"]["overlap_precision"], Value::Null);
    assert_eq!(report["exhaustive"]["texts"], 7);
    let f1 = report["exhaustive"]["overlap_f1"]
        .as_f64()
        .unwrap_or_default();
    assert!((f1 - 14.0 / 15.0).abs() < 1e-12, "{f1}");
}

#[test]
fn human_table_marks_partial_sources() {
    let out = TestEnv::new().ok(&["eval", "numbers", &gold()]);
    let row = |label: &str| {
        out.lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no row {label} in\n{out}"))
            .to_owned()
    };
    assert!(row("msrt-currency*").contains(" -  "), "{out}");
    assert!(row("newsroom").contains("0.875"), "{out}");
    assert!(row("ALL exhaustive").contains("0.933"), "{out}");
    assert!(out.contains("read recall, not precision"));
}

#[test]
fn predictions_file_is_in_the_gold_schema() {
    let env = TestEnv::new();
    let path = env.path("pred.jsonl").display().to_string();
    env.ok(&["eval", "numbers", &gold(), "--predictions", &path]);
    let text = std::fs::read_to_string(&path).expect("predictions written");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 8);
    let a1 = &lines[0];
    assert_eq!(a1["id"], "a1");
    let number = &a1["numbers"][0];
    assert_eq!(
        (number["start"].as_u64(), number["end"].as_u64()),
        (Some(10), Some(15))
    );
    assert_eq!(number["text"], "8,000");
    assert_eq!(number["value"], 8000.0);
    assert_eq!(number["bound"], "lower");
    assert_eq!(number["qualifier"], "more than");
}

#[test]
fn bad_gold_files_are_one_line_errors() {
    let env = TestEnv::new();
    let broken = env.write("broken.jsonl", b"{\"id\": \"x\", \"source\": \"s\"}\n");
    let err = env.fails(&["eval", "numbers", &broken], 1);
    assert!(err.contains("line 1"), "{err}");
    let empty = env.write("empty.jsonl", b"\n");
    let err = env.fails(&["eval", "numbers", &empty], 1);
    assert!(err.contains("no texts"), "{err}");
}

#[test]
fn extract_all_shows_numbers_set_aside_with_reasons() {
    let env = TestEnv::new();
    let file = env.write(
        "story.txt",
        "On 12 March 2024 at 10:30, Flight 370 carried more than 200 passengers.\n".as_bytes(),
    );
    let lines = env.json_lines(&["extract", &file, "--json", "--all"]);
    let numbers: Vec<&Value> = lines
        .iter()
        .filter(|l| l["kind"] == "number" && l.get("rejected").is_none())
        .collect();
    assert_eq!(numbers.len(), 1, "{lines:#?}");
    assert_eq!(numbers[0]["text"], "200");
    assert_eq!(numbers[0]["qualifier"], "more than");
    assert_eq!(numbers[0]["bound"], "lower");
    assert_eq!(numbers[0]["unit"], "passengers");
    let rejected: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["rejected"] == true)
        .filter_map(|l| Some((l["text"].as_str()?, l["reason"].as_str()?)))
        .collect();
    assert_eq!(
        rejected,
        [
            ("12", "a calendar date"),
            ("2024", "a calendar date"),
            ("10:30", "a clock time"),
            ("370", "a reference number (section, page, flight, No.)"),
        ]
    );
    // Without --all nothing set aside is printed.
    let plain = env.json_lines(&["extract", &file, "--json"]);
    assert!(plain.iter().all(|l| l.get("rejected").is_none()));
}
