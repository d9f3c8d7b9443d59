//! Evidence files: kept byte for byte under their BLAKE3, given back by `evidence get`, named in
//! the report.

use crate::common::{ARTICLE, TestEnv, find, short};

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
