//! The crash harness, in sled's manner: the real binary ingesting and reviewing, SIGKILLed at
//! seeded random moments. After every kill the store must reopen, pass `audit verify`, hold every
//! command that reported success, and be byte for byte (as an export) the store a crash-free run
//! had after the same commands: nothing lost, nothing half-done. Recovery (`audit verify`),
//! `export` and `import` are killed too.
//!
//! `FACTDESK_CRASH_ITERATIONS` sets how many commands to kill (default 20);
//! `FACTDESK_CRASH_SEED` replays a failure (the seed is in every failure message).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{ARTICLE, Rng, TestEnv, fixture};

/// xorshift64*, as in the model test: a failure names the seed that reproduces it.
/// One command of the job, with its own pinned clock.
#[derive(Clone)]
struct Step {
    args: Vec<String>,
    now: String,
}

/// What the crash-free run saw after each step (index 0: after `init`).
struct Reference {
    /// Holds the evidence file and the folder the steps name.
    _env: TestEnv,
    steps: Vec<Step>,
    durations: Vec<Duration>,
    heads: Vec<u64>,
    exports: Vec<Vec<u8>>,
    verify_time: Duration,
    export_time: Duration,
}

fn factdesk(store: &Path, cwd: &Path, args: &[String], now: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_factdesk"));
    cmd.arg("--store")
        .arg(store)
        .args(args)
        .current_dir(cwd)
        .env("FACTDESK_NOW", now)
        .env("FACTDESK_USER", "ana")
        .env("NO_COLOR", "1")
        .env_remove("FACTDESK_STORE")
        .stdin(Stdio::null());
    cmd
}

/// Runs to completion; returns (exit code, stdout, stderr).
fn run(store: &Path, cwd: &Path, args: &[String], now: &str) -> (i32, String, String) {
    let out = factdesk(store, cwd, args, now)
        .output()
        .expect("factdesk runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Starts a command and SIGKILLs it after `delay`; returns whether it had already exited with
/// success (an acknowledged command) or was killed (`None`).
fn kill_after(mut child: Child, delay: Duration) -> Option<i32> {
    let started = Instant::now();
    while started.elapsed() < delay {
        if child.try_wait().expect("poll factdesk").is_some() {
            break;
        }
        std::thread::sleep((delay - started.elapsed().min(delay)).min(Duration::from_millis(1)));
    }
    // SIGKILL on unix; a no-op if the child already exited.
    let _ = child.kill();
    let status = child.wait().expect("wait for factdesk");
    status.code()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

fn at_minute(minute: usize) -> String {
    format!("2026-01-15T{:02}:{:02}:00Z", 9 + minute / 60, minute % 60)
}

fn ids(cwd: &Path, file: &str) -> Vec<String> {
    let (code, out, err) = run(
        &cwd.join("unused"),
        cwd,
        &strings(&["extract", file, "--json"]),
        &at_minute(0),
    );
    assert_eq!(code, 0, "{err}");
    out.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            v["id"].as_str().expect("id")[..12].to_owned()
        })
        .collect()
}

/// Parses the head out of `audit verify`'s output, which must be a success.
fn verified_head(store: &Path, cwd: &Path, context: &str) -> u64 {
    let (code, out, err) = run(store, cwd, &strings(&["audit", "verify"]), &at_minute(0));
    assert_eq!(
        code, 0,
        "{context}: audit verify failed after a kill: {err}"
    );
    out.strip_prefix("audit chain verified: head #")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|seq| seq.parse().ok())
        .unwrap_or_else(|| panic!("{context}: unexpected verify output {out}"))
}

fn export(store: &Path, cwd: &Path, name: &str, context: &str) -> Vec<u8> {
    let target = cwd.join(name);
    let (code, _, err) = run(
        store,
        cwd,
        &[String::from("export"), target.display().to_string()],
        &at_minute(0),
    );
    assert_eq!(code, 0, "{context}: export failed: {err}");
    std::fs::read(&target).expect("archive")
}

/// The job, run without kills, recording the store after every step.
fn reference() -> Reference {
    let env = TestEnv::new();
    let (store, cwd) = (env.store(), env.path(""));
    let evidence = env.write("briefing.txt", b"UN briefing: more than 8,000 dead.\n");
    let series = env.path("series");
    std::fs::create_dir(&series).expect("series dir");
    std::fs::copy(fixture("v1.txt"), series.join("v1.txt")).expect("copy");
    std::fs::copy(fixture("v2.txt"), series.join("v2.txt")).expect("copy");

    let v1 = ids(&cwd, &fixture("v1.txt"));
    let v3 = ids(&cwd, &fixture("v3.html"));
    let mut planned: Vec<Vec<String>> = vec![strings(&[
        "ingest",
        &fixture("v1.txt"),
        "--article",
        ARTICLE,
    ])];
    for (i, id) in v1.iter().take(6).enumerate() {
        let url = format!("https://news.un.org/{i}");
        planned.push(strings(&[
            "mark",
            id,
            "sourced",
            "--source",
            &url,
            "--article",
            ARTICLE,
        ]));
        match i % 3 {
            0 => planned.push(strings(&["mark", id, "verified", "--article", ARTICLE])),
            1 => planned.push(strings(&[
                "mark",
                id,
                "verified",
                "--evidence",
                &evidence,
                "--article",
                ARTICLE,
            ])),
            _ => planned.push(strings(&[
                "mark",
                id,
                "disputed",
                "--note",
                "AFP disagrees",
                "--article",
                ARTICLE,
            ])),
        }
    }
    planned.push(strings(&["config", "set", "org.name", "The Daily Check"]));
    // Reference verdicts: a file of other fact-checkers' ClaimReviews, one transaction.
    let claim_reviews =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/claimreview/graph.json");
    planned.push(vec![
        "claimreview".into(),
        "import".into(),
        claim_reviews.display().to_string(),
    ]);
    planned.push(strings(&[
        "ingest",
        &fixture("v2.txt"),
        "--article",
        ARTICLE,
    ]));
    planned.push(strings(&[
        "ingest",
        &fixture("v3.html"),
        "--article",
        "syria-truce-web",
    ]));
    for id in v3.iter().take(3) {
        planned.push(strings(&[
            "mark",
            id,
            "sourced",
            "--source",
            "wire copy",
            "--article",
            "syria-truce-web",
        ]));
    }
    // A folder: two revisions, two events, one transaction.
    planned.push(vec![
        "ingest".into(),
        series.display().to_string(),
        "--article".into(),
        "series".into(),
    ]);

    let init = Step {
        args: strings(&["init"]),
        now: at_minute(0),
    };
    let (code, _, err) = run(&store, &cwd, &init.args, &init.now);
    assert_eq!(code, 0, "{err}");
    let mut reference = Reference {
        _env: TestEnv::new(),
        steps: Vec::new(),
        durations: Vec::new(),
        heads: vec![verified_head(&store, &cwd, "reference")],
        exports: vec![export(&store, &cwd, "ref-0.jsonl", "reference")],
        verify_time: Duration::ZERO,
        export_time: Duration::ZERO,
    };
    for (i, args) in planned.into_iter().enumerate() {
        let step = Step {
            args,
            now: at_minute(i + 1),
        };
        let started = Instant::now();
        let (code, _, err) = run(&store, &cwd, &step.args, &step.now);
        reference.durations.push(started.elapsed());
        assert_eq!(code, 0, "reference step {:?}: {err}", step.args);
        let started = Instant::now();
        let head = verified_head(&store, &cwd, "reference");
        reference.verify_time = reference.verify_time.max(started.elapsed());
        assert!(
            head > *reference.heads.last().expect("init head"),
            "every step of the job writes: {:?}",
            step.args
        );
        reference.heads.push(head);
        let started = Instant::now();
        reference.exports.push(export(
            &store,
            &cwd,
            &format!("ref-{}.jsonl", i + 1),
            "reference",
        ));
        reference.export_time = reference.export_time.max(started.elapsed());
        reference.steps.push(step);
    }
    reference._env = env;
    reference
}

struct Tally {
    kills: usize,
    recovery_kills: usize,
    committed_unacknowledged: usize,
    archive_kills: usize,
    compact_kills: usize,
}

/// One pass of the job in a fresh store, killing commands until it is done.
fn crash_round(reference: &Reference, rng: &mut Rng, seed: u64, round: usize, tally: &mut Tally) {
    let env = TestEnv::new();
    let (store, cwd) = (env.store(), env.path(""));
    let context = |step: usize| format!("seed {seed:#x} round {round} step {step}");
    let (code, _, err) = run(&store, &cwd, &strings(&["init"]), &at_minute(0));
    assert_eq!(code, 0, "{err}");
    let mut done = 0;
    // Each step is killed at most once, then retried to completion: kills spread over the job.
    let mut killed_step = usize::MAX;
    while done < reference.steps.len() {
        let step = &reference.steps[done];
        let child = factdesk(&store, &cwd, &step.args, &step.now)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Anywhere in the command's life; half the time in its last third, where the
        // transaction commits and syncs.
        let usual = reference.durations[done];
        let delay = if killed_step == done {
            Duration::from_secs(120)
        } else if rng.next().is_multiple_of(2) {
            usual.mul_f64(0.7) + rng.upto(usual.mul_f64(0.4))
        } else {
            rng.upto(usual.mul_f64(1.1))
        };
        killed_step = done;
        match kill_after(child, delay) {
            Some(0) => {
                done += 1;
                continue;
            }
            Some(code) => panic!(
                "{}: {:?} exited {code} without being killed",
                context(done),
                step.args
            ),
            None => tally.kills += 1,
        }
        if rng.next().is_multiple_of(2) {
            // Kill the recovery too: opening a store after a crash must itself be crash-safe.
            let child = factdesk(&store, &cwd, &strings(&["audit", "verify"]), &at_minute(0))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn");
            if kill_after(child, rng.upto(reference.verify_time)).is_none() {
                tally.recovery_kills += 1;
            }
        }
        let head = verified_head(&store, &cwd, &context(done));
        if head == reference.heads[done + 1] {
            // Committed, but killed before it could say so: allowed, and then whole.
            tally.committed_unacknowledged += 1;
            done += 1;
        } else {
            assert_eq!(
                head,
                reference.heads[done],
                "{}: after killing {:?} the head is neither before nor after it",
                context(done),
                step.args
            );
        }
        let now = export(&store, &cwd, "after-kill.jsonl", &context(done));
        assert!(
            now == reference.exports[done],
            "{}: after killing {:?} the store differs from a crash-free run after {done} steps",
            context(done),
            step.args
        );
    }
    let last = reference.steps.len();
    let finished = export(&store, &cwd, "finished.jsonl", &context(last));
    assert!(
        finished == reference.exports[last],
        "{}: the finished job differs from a crash-free run",
        context(last)
    );

    // Kill an export: the archive is then absent or complete, never partial.
    let target = cwd.join("killed-export.jsonl");
    let child = factdesk(
        &store,
        &cwd,
        &[String::from("export"), target.display().to_string()],
        &at_minute(0),
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("spawn");
    if kill_after(child, rng.upto(reference.export_time)).is_none() {
        tally.archive_kills += 1;
    }
    if target.exists() {
        assert!(
            std::fs::read(&target).expect("read") == finished,
            "{}: a killed export left a partial archive",
            context(last)
        );
    }

    // Kill a compaction: the store then holds the same records, old database or new, and the
    // next command settles a swap left half done. Twice as long as an export: it verifies, copies
    // and reads the copy back.
    let child = factdesk(&store, &cwd, &strings(&["compact"]), &at_minute(0))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    if kill_after(child, rng.upto(reference.export_time.mul_f64(2.0))).is_none() {
        tally.compact_kills += 1;
    }
    verified_head(&store, &cwd, &context(last));
    assert!(
        export(&store, &cwd, "after-compact.jsonl", &context(last)) == finished,
        "{}: a killed compaction changed the store",
        context(last)
    );
    for leftover in ["db.compact", "db.old", "compact-swapping"] {
        assert!(
            !store.join(leftover).exists(),
            "{}: {leftover} left after the next command",
            context(last)
        );
    }

    // Kill an import: the target is then a complete store, or refused until redone.
    let archive = cwd.join("finished.jsonl");
    let restored = cwd.join("restored");
    let import = [String::from("import"), archive.display().to_string()];
    let child = factdesk(&restored, &cwd, &import, &at_minute(0))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    if kill_after(child, rng.upto(reference.export_time.mul_f64(2.0))).is_none() {
        tally.archive_kills += 1;
    }
    let (code, _, err) = run(
        &restored,
        &cwd,
        &strings(&["audit", "verify"]),
        &at_minute(0),
    );
    match code {
        0 => {
            let again = export(&restored, &cwd, "reexport.jsonl", &context(last));
            assert!(
                again == finished,
                "{}: a completed import differs",
                context(last)
            );
        }
        // Killed before the store existed, or before the import was verified.
        1 | 2 => {
            assert!(
                err.contains("no factdesk store") || err.contains("import that did not finish"),
                "{}: a killed import gave: {err}",
                context(last)
            );
            let non_empty = std::fs::read_dir(&restored)
                .map(|mut d| d.next().is_some())
                .unwrap_or(false);
            if non_empty {
                let (code, _, err) = run(&restored, &cwd, &import, &at_minute(0));
                assert_eq!(code, 1, "{}: {err}", context(last));
                assert!(err.contains("not empty"), "{err}");
                std::fs::remove_dir_all(&restored).expect("clear the failed import");
            }
            let (code, _, err) = run(&restored, &cwd, &import, &at_minute(0));
            assert_eq!(
                code,
                0,
                "{}: import after a killed one: {err}",
                context(last)
            );
        }
        other => panic!(
            "{}: verify after a killed import exited {other}: {err}",
            context(last)
        ),
    }
}

#[test]
fn killed_commands_lose_nothing_and_leave_nothing_half_done() {
    let target: usize = std::env::var("FACTDESK_CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("FACTDESK_CRASH_SEED")
        .ok()
        .and_then(|v| u64::from_str_radix(v.trim_start_matches("0x"), 16).ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    let reference = reference();
    let mut rng = Rng(seed);
    let mut tally = Tally {
        kills: 0,
        recovery_kills: 0,
        committed_unacknowledged: 0,
        archive_kills: 0,
        compact_kills: 0,
    };
    let mut round = 0;
    while tally.kills < target {
        crash_round(&reference, &mut rng, seed, round, &mut tally);
        round += 1;
    }
    // Shown with --nocapture; the long runs in the README quote it.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "crash harness: seed {seed:#x}, {round} rounds of {} steps, {} commands killed \
             ({} committed before the kill), {} recoveries killed, {} exports/imports killed, \
             {} compactions killed\n",
            reference.steps.len(),
            tally.kills,
            tally.committed_unacknowledged,
            tally.recovery_kills,
            tally.archive_kills,
            tally.compact_kills
        )
        .as_bytes(),
    );
}
