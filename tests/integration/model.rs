//! Model-based test in sled's manner: random sequences of legal and illegal transitions, with
//! restarts (drop and reopen the store), applied to the real store and to an in-memory model; after
//! every step the two must agree and the audit chain must verify.

use std::collections::BTreeMap;

use factdesk::desk::{Desk, IngestRequest, MarkRequest};
use factdesk::model::{ArticleId, ClaimId, Timestamp};
use factdesk::text::Format;
use factdesk::workflow::{FOUR_EYES_WORKFLOW, TransitionRequest, Workflow};

use crate::common::{Rng, fixture};

/// xorshift64*: a seeded generator, so a failure names the seed that reproduces it.
#[derive(Clone, Default)]
struct ModelReview {
    state: String,
    last_user_of: BTreeMap<String, String>,
}

/// Runs one seeded sequence; returns how many transitions were applied and how many refused.
fn run_case(seed: u64, steps: usize) -> (usize, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let workflow = Workflow::parse(FOUR_EYES_WORKFLOW).expect("four-eyes parses");
    let article = ArticleId::new("syria-truce").expect("slug");
    let mut clock = 1_700_000_000_000i64;
    let mut desk = Some(Desk::init(&store, &workflow, "ana", Timestamp(clock)).expect("init"));
    let text = std::fs::read_to_string(fixture("v1.txt")).expect("fixture");
    let request = IngestRequest {
        article: article.clone(),
        title: None,
        url: None,
        published: None,
        source: "v1.txt".into(),
        format: Format::Text,
        text,
        force: false,
    };
    desk.as_ref()
        .expect("open")
        .ingest(&request, "ana", Timestamp(clock))
        .expect("ingest");
    let claims: Vec<ClaimId> = desk
        .as_ref()
        .expect("open")
        .claims(&article, None)
        .expect("claims")
        .iter()
        .map(|c| c.claim.id)
        .collect();
    let mut model: BTreeMap<ClaimId, ModelReview> = claims
        .iter()
        .map(|id| {
            (
                *id,
                ModelReview {
                    state: workflow.initial().to_owned(),
                    ..Default::default()
                },
            )
        })
        .collect();
    let mut head = 2u64;
    let mut states: Vec<String> = workflow.states().iter().map(|s| s.name.clone()).collect();
    states.push("no-such-state".into());
    let users = ["ana", "bo", "cy"];
    let mut rng = Rng(seed);
    let (mut applied, mut refused) = (0, 0);

    for step in 0..steps {
        clock += 1000;
        if rng.below(10) == 0 {
            // Restart: everything committed must survive a reopen.
            drop(desk.take());
            desk = Some(
                reopen(&store).unwrap_or_else(|e| panic!("seed {seed} step {step}: reopen: {e}")),
            );
            continue;
        }
        let open = desk.as_ref().expect("open");
        let claim = claims[rng.below(claims.len())];
        let to = states[rng.below(states.len())].clone();
        let user = users[rng.below(users.len())];
        let source = (rng.below(2) == 0).then(|| format!("source {step}"));
        let note = (rng.below(2) == 0).then(|| format!("note {step}"));
        let expected = model[&claim].clone();
        let history = expected.last_user_of.clone();
        let last_user_of = move |name: &str| history.get(name).cloned();
        let predicted = workflow.check(
            &expected.state,
            &to,
            &TransitionRequest {
                user,
                granted: &[],
                has_source: source.is_some(),
                has_note: note.is_some(),
                has_evidence: false,
                last_user_of: &last_user_of,
            },
        );
        let request = MarkRequest {
            article: article.clone(),
            claim,
            to: to.clone(),
            source,
            note,
            evidence: None,
            expected_state: None,
            reuse_source: None,
        };
        let outcome = open
            .mark(&request, user, Timestamp(clock))
            .expect("no store error");
        match (&predicted, &outcome) {
            (Ok(transition), Ok(marked)) => {
                head += 1;
                assert_eq!(marked.seq, head, "seed {seed} step {step}");
                let entry = model.get_mut(&claim).expect("modelled");
                entry.state = to;
                entry
                    .last_user_of
                    .insert(transition.name.clone(), user.to_owned());
                applied += 1;
            }
            (Err(_), Err(_)) => refused += 1,
            _ => {
                panic!("seed {seed} step {step}: model says {predicted:?}, store says {outcome:?}")
            }
        }
        assert_eq!(
            open.head().expect("head").seq,
            head,
            "seed {seed} step {step}"
        );
        for (id, expected) in &model {
            let review = open.review(&article, id).expect("read").expect("review");
            assert_eq!(review.state, expected.state, "seed {seed} step {step}");
        }
    }
    let open = desk.as_ref().expect("open");
    let verified = open.verify(None).expect("readable");
    assert!(verified.is_ok(), "seed {seed}: {verified:?}");
    (applied, refused)
}

/// Reopens the store after a drop in this same process.
///
/// Other tests of this binary spawn `factdesk` concurrently; a child forked in the instant before
/// our drop inherits the descriptors of our lock file and of sled's, until it execs, and flock
/// locks belong to the shared open file, so a lock can outlive our drop by a moment. Real use
/// never drops and reopens a store inside one process, so the retry lives here, not in the product.
fn reopen(store: &std::path::Path) -> Result<Desk, factdesk::desk::DeskError> {
    use factdesk::desk::DeskError;
    use factdesk::store::StoreError;
    let started = std::time::Instant::now();
    loop {
        match Desk::open(store) {
            Err(DeskError::Store(StoreError::Locked { .. } | StoreError::Io { .. }))
                if started.elapsed() < std::time::Duration::from_secs(5) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

#[test]
fn random_transitions_with_restarts_match_the_model() {
    let cases: u64 = std::env::var("FACTDESK_MODEL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8);
    let (mut applied, mut refused) = (0, 0);
    for case in 0..cases {
        let (a, r) = run_case(0x5eed_0000 + case * 7919, 60);
        applied += a;
        refused += r;
    }
    // The sequences must exercise both sides, or the comparison proves little.
    assert!(
        applied >= 20 && refused >= 20,
        "applied {applied}, refused {refused}"
    );
}
