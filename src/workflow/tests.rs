use super::*;

/// A small valid workflow; tests break one thing in it and assert the line reported.
const BASE: &str = r##"name = "t"
initial = "a"

[states.a]
color = "#000000"
[states.b]
accepted = true

[[transitions]]
name = "go"
from = ["a"]
to = "b"
"##;

fn error(text: &str) -> WorkflowError {
    match Workflow::parse(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(err) => {
            let message = err.to_string();
            assert!(!message.contains('\n'), "message spans lines: {message}");
            assert!(
                message.starts_with(&format!("line {}: ", err.line())),
                "message does not start with its line: {message}"
            );
            err
        }
    }
}

fn parse(text: &str) -> Workflow {
    match Workflow::parse(text) {
        Ok(workflow) => workflow,
        Err(err) => panic!("{err}"),
    }
}

fn four_eyes() -> Workflow {
    parse(FOUR_EYES_WORKFLOW)
}

fn names(workflow: &Workflow) -> Vec<&str> {
    workflow.states().iter().map(|s| s.name.as_str()).collect()
}

// --- the built-in workflows ---------------------------------------------------------------

fn review_in(state: &str) -> crate::model::Review {
    crate::model::Review {
        article: crate::model::ArticleId::new("a").expect("slug"),
        claim: crate::model::ClaimId(Hash32([1; 32])),
        state: state.to_owned(),
        sources: Vec::new(),
        notes: Vec::new(),
        updated_by: "ana".into(),
        updated_at: crate::model::Timestamp(0),
        event_seq: 1,
        workflow_hash: Hash32([0; 32]),
        last_user_of: Default::default(),
        evidence: Vec::new(),
        carried_from: None,
        curation: Default::default(),
    }
}

#[test]
fn own_copy_holds_a_disputed_claim_back_and_a_fact_check_publishes_it() {
    let own = Workflow::default_workflow();
    let factcheck = parse(FACTCHECK_WORKFLOW);
    assert_eq!(factcheck.name(), "factcheck");
    assert!(own.lets_through(&review_in("verified")));
    assert!(!own.lets_through(&review_in("disputed")));
    assert!(factcheck.lets_through(&review_in("disputed")));
    assert!(!factcheck.lets_through(&review_in("unverified")));
    assert!(!parse(FOUR_EYES_WORKFLOW).lets_through(&review_in("refuted")));
}

#[test]
fn an_override_lets_the_verdict_it_names_through_and_a_dismissal_anything() {
    let own = Workflow::default_workflow();
    let mut review = review_in("disputed");
    review.curation.overridden = Some(crate::model::Override {
        state: "disputed".into(),
        note: "the correction runs beside it".into(),
        by: "ed".into(),
        at: crate::model::Timestamp(0),
        seq: 2,
    });
    assert!(own.lets_through(&review));
    // Granted for another verdict: it does not carry over.
    review.state = "unverified".into();
    assert!(!own.lets_through(&review));
    review.curation.dismissed = Some(crate::model::Dismissal {
        reason: crate::model::DismissReason::ScareQuote,
        note: None,
        by: "ed".into(),
        at: crate::model::Timestamp(0),
        seq: 3,
    });
    assert!(own.lets_through(&review));
}

#[test]
fn only_an_end_state_may_block_publication() {
    let text = "name = \"w\"\ninitial = \"a\"\n[states.a]\nblocks_publication = true\n";
    let err = Workflow::parse(text).expect_err("refused");
    assert!(
        matches!(&err, WorkflowError::BlocksWithoutAccepted { line: 4, state } if state == "a"),
        "{err:?}"
    );
}

#[test]
fn default_workflow_parses() {
    let workflow = Workflow::parse(DEFAULT_WORKFLOW);
    assert!(workflow.is_ok(), "{:?}", workflow.err());
    let workflow = Workflow::default_workflow();
    assert_eq!(workflow.name(), "default");
    assert_eq!(workflow.initial(), "unverified");
    assert_eq!(workflow.on_change(), "unverified");
    assert_eq!(
        names(&workflow),
        ["unverified", "sourced", "verified", "disputed"]
    );
    assert_eq!(workflow.text(), DEFAULT_WORKFLOW);
    assert_eq!(workflow.hash(), Hash32::of(DEFAULT_WORKFLOW.as_bytes()));
    let transitions: Vec<&str> = workflow
        .transitions()
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(transitions, ["source", "verify", "dispute", "reopen"]);
    let verified = workflow
        .state("verified")
        .map(|s| (s.accepted, s.rating.as_deref()));
    assert_eq!(verified, Some((true, Some("True"))));
    assert_eq!(
        workflow.state("unverified").map(|s| s.accepted),
        Some(false)
    );
}

#[test]
fn default_workflow_reaches_verified_only_from_sourced() {
    let workflow = Workflow::default_workflow();
    let into_verified: Vec<&Transition> = workflow
        .transitions()
        .iter()
        .filter(|t| t.to == "verified")
        .collect();
    assert_eq!(into_verified.len(), 1);
    assert_eq!(
        into_verified.first().map(|t| t.from.clone()),
        Some(vec!["sourced".to_owned()])
    );
    assert_eq!(
        workflow.transition("source").map(|t| t.requires.clone()),
        Some(vec![Requirement::Source])
    );
    assert_eq!(
        workflow.transition("dispute").map(|t| t.requires.clone()),
        Some(vec![Requirement::Note])
    );
    assert_eq!(
        workflow.transition("reopen").map(|t| t.requires.clone()),
        Some(vec![Requirement::Note])
    );
}

#[test]
fn four_eyes_workflow_parses() {
    let workflow = four_eyes();
    assert_eq!(workflow.name(), "four-eyes");
    assert_eq!(
        names(&workflow),
        ["unverified", "sourced", "verified", "disputed", "refuted"]
    );
    let verify = workflow.transition("verify");
    assert_eq!(
        verify.and_then(|t| t.distinct_from.as_deref()),
        Some("source")
    );
    assert_ne!(workflow.hash(), Workflow::default_workflow().hash());
}

#[test]
fn states_keep_file_order_not_key_order() {
    let text = BASE
        .replace("[states.a]", "[states.z]\n[states.a]")
        .replace(
            "[[transitions]]",
            "[[transitions]]\nname = \"zz\"\nfrom = [\"a\"]\nto = \"z\"\n[[transitions]]",
        );
    assert_eq!(names(&parse(&text)), ["z", "a", "b"]);
}

#[test]
fn optional_keys_take_defaults() {
    let workflow = parse(BASE);
    assert_eq!(workflow.on_change(), "a");
    assert_eq!(workflow.description(), "");
    assert_eq!(
        workflow.state("b").map(|s| s.color.as_str()),
        Some(DEFAULT_COLOR)
    );
    assert!(workflow.roles_of("anyone").is_empty());
}

// --- validation errors ----------------------------------------------------------------------

#[test]
fn toml_syntax_error_names_line() {
    let err = error(&BASE.replace("to = \"b\"", "to = \"b"));
    assert!(matches!(err, WorkflowError::Toml { line: 12, .. }), "{err}");
    let err = error(&BASE.replace("accepted = true", "accepted = "));
    assert!(matches!(err, WorkflowError::Toml { line: 7, .. }), "{err}");
}

#[test]
fn wrong_type_names_line() {
    let err = error(&BASE.replace("accepted = true", "accepted = \"yes\""));
    assert!(matches!(err, WorkflowError::Toml { line: 7, .. }), "{err}");
}

#[test]
fn unknown_keys_name_line() {
    let err = error(&BASE.replace("color =", "colour ="));
    assert!(matches!(err, WorkflowError::Toml { line: 5, .. }), "{err}");
    assert!(err.to_string().contains("`colour`"), "{err}");
    let err = error(&BASE.replace("to = \"b\"", "to = \"b\"\nneeds = [\"note\"]"));
    assert!(matches!(err, WorkflowError::Toml { line: 13, .. }), "{err}");
    let err = error(&BASE.replace("initial = \"a\"", "initial = \"a\"\ninitail = \"a\""));
    assert!(matches!(err, WorkflowError::Toml { line: 3, .. }), "{err}");
}

#[test]
fn missing_transition_key_names_line() {
    let err = error(&BASE.replace("to = \"b\"\n", ""));
    assert!(
        matches!(err, WorkflowError::Toml { line, .. } if (9..=11).contains(&line)),
        "{err}"
    );
    assert!(err.to_string().contains("`to`"), "{err}");
}

#[test]
fn missing_initial() {
    let err = error(&BASE.replace("initial = \"a\"\n", ""));
    assert!(
        matches!(err, WorkflowError::MissingInitial { line: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("known states: a, b"), "{err}");
}

#[test]
fn initial_not_a_state() {
    let err = error(&BASE.replace("initial = \"a\"", "initial = \"c\""));
    assert!(
        matches!(&err, WorkflowError::UnknownState { line: 2, key: "initial", state, .. } if state == "c"),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "line 2: `initial` is \"c\", which is not a state; known states: a, b"
    );
}

#[test]
fn on_change_not_a_state() {
    let err = error(&BASE.replace("initial = \"a\"", "initial = \"a\"\non_change = \"x\""));
    assert!(
        matches!(
            err,
            WorkflowError::UnknownState {
                line: 3,
                key: "on_change",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn no_states() {
    let err = error("name = \"t\"\ninitial = \"a\"\n");
    assert!(matches!(err, WorkflowError::NoStates { line: 1 }), "{err}");
    let err = error("name = \"t\"\ninitial = \"a\"\n\n[states]\n");
    assert!(matches!(err, WorkflowError::NoStates { line: 4 }), "{err}");
}

#[test]
fn transition_to_unknown_state() {
    let err = error(&BASE.replace("to = \"b\"", "to = \"bb\""));
    assert!(
        matches!(
            err,
            WorkflowError::UnknownTransitionState {
                line: 12,
                key: "to",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "line 12: transition \"go\" goes to unknown state \"bb\"; known states: a, b"
    );
}

#[test]
fn transition_from_unknown_state() {
    let err = error(&BASE.replace("from = [\"a\"]", "from = [\n  \"a\",\n  \"aa\",\n]"));
    assert!(
        matches!(
            err,
            WorkflowError::UnknownTransitionState {
                line: 13,
                key: "from",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("comes from unknown state \"aa\""),
        "{err}"
    );
}

#[test]
fn empty_from() {
    let err = error(&BASE.replace("from = [\"a\"]", "from = []"));
    assert!(
        matches!(err, WorkflowError::EmptyFrom { line: 11, .. }),
        "{err}"
    );
}

#[test]
fn duplicate_transition_names() {
    let text = format!("{BASE}\n[[transitions]]\nname = \"go\"\nfrom = [\"b\"]\nto = \"a\"\n");
    let err = error(&text);
    assert!(
        matches!(
            err,
            WorkflowError::DuplicateTransition {
                line: 15,
                first_line: 10,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn ambiguous_transitions() {
    let text =
        format!("{BASE}\n[[transitions]]\nname = \"also\"\nfrom = [\"b\", \"a\"]\nto = \"b\"\n");
    let err = error(&text);
    assert!(
        matches!(&err, WorkflowError::AmbiguousTransition { line: 16, first, second, .. } if first == "go" && second == "also"),
        "{err}"
    );
}

#[test]
fn unknown_requirement() {
    let err = error(&BASE.replace(
        "to = \"b\"",
        "to = \"b\"\nrequires = [\"note\",\n  \"sources\"]",
    ));
    assert!(
        matches!(&err, WorkflowError::UnknownRequirement { line: 14, requirement, .. } if requirement == "sources"),
        "{err}"
    );
}

#[test]
fn bad_colors() {
    for color in ["red", "#fff", "#12345g", "#1234567", "000000"] {
        let err = error(&BASE.replace("#000000", color));
        assert!(
            matches!(err, WorkflowError::InvalidColor { line: 5, .. }),
            "{color}: {err}"
        );
    }
    assert_eq!(
        parse(&BASE.replace("#000000", "#A0b1C2"))
            .states()
            .first()
            .map(|s| s.color.as_str()),
        Some("#A0b1C2")
    );
}

#[test]
fn rating_needs_accepted() {
    let err = error(&BASE.replace(
        "color = \"#000000\"",
        "color = \"#000000\"\nrating = \"True\"",
    ));
    assert!(
        matches!(err, WorkflowError::RatingWithoutAccepted { line: 6, .. }),
        "{err}"
    );
}

#[test]
fn unreachable_state() {
    let err = error(&BASE.replace("[[transitions]]", "[states.c]\n\n[[transitions]]"));
    assert!(
        matches!(&err, WorkflowError::UnreachableState { line: 9, state, .. } if state == "c"),
        "{err}"
    );
}

#[test]
fn unknown_distinct_from() {
    let err = error(&BASE.replace("to = \"b\"", "to = \"b\"\ndistinct_from = \"og\""));
    assert!(
        matches!(&err, WorkflowError::UnknownDistinctFrom { line: 13, target, .. } if target == "og"),
        "{err}"
    );
    // A transition may be distinct from itself: a second person must repeat it.
    parse(&BASE.replace("to = \"b\"", "to = \"b\"\ndistinct_from = \"go\""));
}

#[test]
fn unknown_role_when_roles_defined() {
    let with_role = BASE.replace("to = \"b\"", "to = \"b\"\nroles = [\"editr\"]");
    // Without [roles] role names cannot be checked (see `warnings`).
    parse(&with_role);
    let err = error(&format!("{with_role}\n[roles]\neditor = [\"ana\"]\n"));
    assert!(
        matches!(&err, WorkflowError::UnknownRole { line: 13, role, .. } if role == "editr"),
        "{err}"
    );
    assert!(err.to_string().contains("known roles: editor"), "{err}");
}

#[test]
fn state_names_must_be_slugs() {
    for name in ["Verified", "\"a b\"", "\"a_b\"", "\"\""] {
        let err = error(&BASE.replace("[states.b]", &format!("[states.b]\n[states.{name}]")));
        assert!(
            matches!(err, WorkflowError::InvalidStateName { line: 7, .. }),
            "{name}: {err}"
        );
    }
}

#[test]
fn transition_names_must_be_slugs() {
    let err = error(&BASE.replace("name = \"go\"", "name = \"Go on\""));
    assert!(
        matches!(err, WorkflowError::InvalidTransitionName { line: 10, .. }),
        "{err}"
    );
}

// --- check() --------------------------------------------------------------------------------

fn by(user: &str) -> TransitionRequest<'_> {
    TransitionRequest::new(user)
}

fn rejection(result: Result<&Transition, TransitionRejected>) -> TransitionRejected {
    match result {
        Ok(t) => panic!("expected a rejection, got {}", t.name),
        Err(rejected) => rejected,
    }
}

#[test]
fn legal_transitions_return_the_transition() {
    let workflow = Workflow::default_workflow();
    let with_source = TransitionRequest {
        has_source: true,
        ..by("ana")
    };
    let with_note = TransitionRequest {
        has_note: true,
        ..by("ana")
    };
    let name = |r: Result<&Transition, _>| r.map(|t| t.name.clone());
    assert_eq!(
        name(workflow.check("unverified", "sourced", &with_source)),
        Ok("source".into())
    );
    assert_eq!(
        name(workflow.check("sourced", "sourced", &with_source)),
        Ok("source".into())
    );
    assert_eq!(
        name(workflow.check("sourced", "verified", &by("ana"))),
        Ok("verify".into())
    );
    assert_eq!(
        name(workflow.check("verified", "disputed", &with_note)),
        Ok("dispute".into())
    );
    assert_eq!(
        name(workflow.check("disputed", "unverified", &with_note)),
        Ok("reopen".into())
    );
}

#[test]
fn illegal_transition_lists_legal_ones() {
    let workflow = Workflow::default_workflow();
    let rejected = rejection(workflow.check("unverified", "verified", &by("ana")));
    assert_eq!(
        rejected,
        TransitionRejected::NotAllowed {
            from: "unverified".into(),
            to: "verified".into(),
            legal: vec![
                ("source".into(), "sourced".into()),
                ("dispute".into(), "disputed".into())
            ],
        }
    );
    assert_eq!(
        rejected.to_string(),
        "cannot go from \"unverified\" to \"verified\"; from \"unverified\" you can: \
         source → sourced, dispute → disputed"
    );
}

#[test]
fn missing_requirements() {
    let workflow = Workflow::default_workflow();
    let rejected = rejection(workflow.check("unverified", "sourced", &by("ana")));
    assert_eq!(
        rejected,
        TransitionRejected::MissingRequirement {
            transition: "source".into(),
            requirement: Requirement::Source
        }
    );
    assert_eq!(
        rejected.to_string(),
        "the \"source\" transition needs a source: add --source URL-or-citation"
    );
    let rejected = rejection(workflow.check("sourced", "disputed", &by("ana")));
    assert_eq!(
        rejected.to_string(),
        "the \"dispute\" transition needs a note: add --note \"why\""
    );
    // A note does not stand in for a source.
    let with_note = TransitionRequest {
        has_note: true,
        has_evidence: true,
        ..by("ana")
    };
    assert!(workflow.check("disputed", "sourced", &with_note).is_err());
}

#[test]
fn evidence_requirement() {
    let text = BASE.replace(
        "to = \"b\"",
        "to = \"b\"\nrequires = [\"evidence\", \"note\"]",
    );
    let workflow = parse(&text);
    let rejected = rejection(workflow.check(
        "a",
        "b",
        &TransitionRequest {
            has_note: true,
            ..by("ana")
        },
    ));
    assert_eq!(
        rejected.to_string(),
        "the \"go\" transition needs evidence: add --evidence FILE-or-URL"
    );
    let full = TransitionRequest {
        has_note: true,
        has_evidence: true,
        ..by("ana")
    };
    assert!(workflow.check("a", "b", &full).is_ok());
}

#[test]
fn unknown_states_are_rejected() {
    let workflow = Workflow::default_workflow();
    let rejected = rejection(workflow.check("unverified", "verifed", &by("ana")));
    assert!(
        matches!(&rejected, TransitionRejected::UnknownState { state, .. } if state == "verifed")
    );
    assert_eq!(
        rejected.to_string(),
        "unknown state \"verifed\"; did you mean \"verified\"? known states: unverified, sourced, verified, disputed"
    );
    assert!(workflow.check("nope", "sourced", &by("ana")).is_err());
}

#[test]
fn already_in_state() {
    let workflow = Workflow::default_workflow();
    let rejected = rejection(workflow.check("verified", "verified", &by("ana")));
    assert_eq!(
        rejected,
        TransitionRejected::AlreadyInState {
            state: "verified".into()
        }
    );
    assert_eq!(
        rejected.to_string(),
        "the claim is already \"verified\"; nothing to do"
    );
}

#[test]
fn roles_limit_transitions() {
    let text = format!(
        "{}\n[roles]\neditor = [\"ana\", \"bo\"]\nchecker = [\"cy\", \"ana\"]\n",
        BASE.replace("to = \"b\"", "to = \"b\"\nroles = [\"editor\"]")
    );
    let workflow = parse(&text);
    assert_eq!(workflow.roles_of("ana"), ["editor", "checker"]);
    assert_eq!(workflow.roles_of("cy"), ["checker"]);
    assert!(workflow.roles_of("dee").is_empty());
    assert!(workflow.check("a", "b", &by("bo")).is_ok());
    let rejected = rejection(workflow.check("a", "b", &by("cy")));
    assert_eq!(
        rejected,
        TransitionRejected::RoleRequired {
            transition: "go".into(),
            roles: vec!["editor".into()],
            user: "cy".into()
        }
    );
    assert!(!rejected.to_string().contains('\n'));
}

#[test]
fn roles_without_roles_table_admit_no_one_and_are_warned_about() {
    let workflow = parse(&BASE.replace("to = \"b\"", "to = \"b\"\nroles = [\"editor\"]"));
    assert!(matches!(
        workflow.check("a", "b", &by("ana")),
        Err(TransitionRejected::RoleRequired { .. })
    ));
    assert_eq!(
        workflow.warnings(),
        [
            "transition \"go\" is limited to role editor, but the file has no [roles]: no one can make it; add [roles] with who has it"
        ]
    );
}

#[test]
fn a_workflow_without_an_accepted_state_is_warned_about() {
    assert!(parse(BASE).warnings().is_empty(), "b is accepted");
    let none = parse(&BASE.replace("accepted = true", ""));
    assert_eq!(none.warnings().len(), 1);
    assert!(none.warnings()[0].contains("gate` will never let an article out"));
    assert!(Workflow::default_workflow().warnings().is_empty());
}

#[test]
fn distinct_from_needs_another_user() {
    let workflow = four_eyes();
    let history = |transition: &str| (transition == "source").then(|| "ana".to_owned());
    let request = |user| TransitionRequest {
        last_user_of: &history,
        ..by(user)
    };
    let rejected = rejection(workflow.check("sourced", "verified", &request("ana")));
    assert_eq!(
        rejected,
        TransitionRejected::SameUser {
            transition: "verify".into(),
            other: "source".into(),
            user: "ana".into()
        }
    );
    assert!(!rejected.to_string().contains('\n'));
    assert!(
        workflow
            .check("sourced", "verified", &request("bo"))
            .is_ok()
    );
    // Without history (a claim imported already sourced) there is no one to differ from.
    assert!(workflow.check("sourced", "verified", &by("ana")).is_ok());
    // The default workflow does not ask for a second person.
    let default = Workflow::default_workflow();
    assert!(
        default
            .check("sourced", "verified", &request("ana"))
            .is_ok()
    );
}

#[test]
fn four_eyes_dispute_needs_confirmation_by_someone_else() {
    let workflow = four_eyes();
    let history = |transition: &str| (transition == "dispute").then(|| "ana".to_owned());
    let request = |user| TransitionRequest {
        has_note: true,
        last_user_of: &history,
        ..by(user)
    };
    assert!(matches!(
        workflow.check("disputed", "refuted", &request("ana")),
        Err(TransitionRejected::SameUser { .. })
    ));
    assert!(
        workflow
            .check("disputed", "refuted", &request("bo"))
            .is_ok()
    );
}

#[test]
fn transitions_from_in_file_order() {
    let workflow = Workflow::default_workflow();
    let from: Vec<&str> = workflow
        .transitions_from("sourced")
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(from, ["source", "verify", "dispute", "reopen"]);
    assert_eq!(workflow.transitions_from("nowhere").count(), 0);
}

#[test]
fn requirement_words_and_flags() {
    for requirement in Requirement::ALL {
        assert_eq!(Requirement::parse(requirement.as_str()), Some(requirement));
        assert_eq!(requirement.flag(), format!("--{}", requirement.as_str()));
    }
    assert_eq!(Requirement::parse("Source"), None);
}
