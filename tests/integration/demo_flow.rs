//! The README's first command: the whole job on the bundled fixtures.

use crate::common::TestEnv;

#[test]
fn demo_runs_the_whole_job_in_a_temporary_store() {
    let env = TestEnv::new();
    let out = env
        .cmd(&["demo"])
        .env_remove("FACTDESK_STORE")
        .output()
        .expect("runs");
    // --store is passed by the harness, so the demo uses the test's directory.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "demo failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for step in [
        "$ factdesk init",
        "$ factdesk ingest",
        "$ factdesk claims syria-truce",
        "$ factdesk mark",
        "$ factdesk diff syria-truce",
        "$ factdesk report syria-truce",
        "$ factdesk audit verify",
        "audit chain verified",
        "8,000 → 9,000",
    ] {
        assert!(
            stdout.contains(step),
            "demo output lacks {step:?}:\n{stdout}"
        );
    }
    // The refused shortcut is shown, not fatal.
    assert!(stdout.contains("error: claim"), "{stdout}");
    env.head();
}
