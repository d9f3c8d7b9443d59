//! `gate`: the pre-publication check a CMS calls.

use crate::common::{ARTICLE, TestEnv, fixture, short};

#[test]
fn gate_passes_only_when_every_claim_is_accepted() {
    let env = TestEnv::with_v1();
    let (code, out) = env.run(&["gate", ARTICLE], "ana");
    assert_eq!(code, 1);
    assert!(out.stdout.contains("not ready"), "{}", out.stdout);
    let blocking = env.json_lines(&["claims", ARTICLE, "--json"]);
    for claim in &blocking {
        let id = short(claim);
        env.ok(&["mark", &id, "sourced", "--source", "wire copy"]);
        env.ok(&["mark", &id, "verified"]);
    }
    let out = env.ok(&["gate", ARTICLE]);
    assert!(out.contains("ready to publish"), "{out}");
    // A new revision brings new unverified claims: the gate closes again.
    env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
    assert_eq!(env.run(&["gate", ARTICLE], "ana").0, 1);
    assert_eq!(env.run(&["gate", ARTICLE, "--rev", "1"], "ana").0, 0);
}
