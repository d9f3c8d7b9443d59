//! `queue`: what needs checking, most urgent first.

use crate::common::{ARTICLE, TestEnv, find, fixture, short};

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
