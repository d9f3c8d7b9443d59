//! The workflow engine through the binary: four-eyes, roles, switching workflows, stale
//! decisions, and checking workflow files.

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
    assert!(
        err.contains("bo changed it at 2026-01-15T09:00:00Z"),
        "who and when: {err}"
    );
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
