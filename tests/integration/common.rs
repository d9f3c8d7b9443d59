//! The test environment: a temporary store, the binary with a pinned clock and user.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub const NOW: &str = "2026-01-15T09:00:00Z";
pub const ARTICLE: &str = "syria-truce";

pub struct TestEnv {
    dir: TempDir,
}

pub struct Output {
    pub stdout: String,
    pub stderr: String,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A store already initialized with the default workflow.
    pub fn init() -> TestEnv {
        let env = TestEnv::new();
        env.ok(&["init"]);
        env
    }

    /// A store holding revision 1 of the seed article.
    pub fn with_v1() -> TestEnv {
        let env = TestEnv::init();
        env.ok(&["ingest", &fixture("v1.txt"), "--article", ARTICLE]);
        env
    }

    pub fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write test file");
        path.display().to_string()
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_on(&self.store(), args)
    }

    /// A command on another store directory (an import target, a copy).
    pub fn cmd_on(&self, store: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::from_std(self.process_on(store, args));
        cmd.timeout(std::time::Duration::from_secs(60));
        cmd
    }

    /// The command as a process to spawn and talk to while it runs.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        self.process_on(&self.store(), args)
    }

    fn process_on(&self, store: &Path, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("factdesk"));
        cmd.arg("--store").arg(store);
        cmd.args(args);
        cmd.current_dir(self.dir.path());
        cmd.env("FACTDESK_NOW", NOW)
            .env("FACTDESK_USER", "ana")
            .env("NO_COLOR", "1");
        cmd.env_remove("FACTDESK_STORE");
        cmd
    }

    pub fn run(&self, args: &[&str], user: &str) -> (i32, Output) {
        let out = self
            .cmd(args)
            .env("FACTDESK_USER", user)
            .output()
            .expect("binary runs");
        let code = out.status.code().unwrap_or(-1);
        let output = Output {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        (code, output)
    }

    /// Runs and asserts exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_as(args, "ana")
    }

    pub fn ok_as(&self, args: &[&str], user: &str) -> String {
        let (code, out) = self.run(args, user);
        assert_eq!(
            code, 0,
            "factdesk {args:?} failed:\nstdout: {}\nstderr: {}",
            out.stdout, out.stderr
        );
        out.stdout
    }

    /// Runs and asserts the exit code; returns stderr, which must be one `error:` line.
    pub fn fails(&self, args: &[&str], expected_code: i32) -> String {
        let (code, out) = self.run(args, "ana");
        assert_eq!(
            code, expected_code,
            "factdesk {args:?}: stdout: {}\nstderr: {}",
            out.stdout, out.stderr
        );
        assert!(out.stderr.starts_with("error: "), "stderr: {}", out.stderr);
        assert_eq!(
            out.stderr.trim_end().lines().count(),
            1,
            "one-line error expected: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        out.stderr
    }

    pub fn json_lines(&self, args: &[&str]) -> Vec<Value> {
        self.ok(args)
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON line {line}: {e}"))
            })
            .collect()
    }

    pub fn claims(&self) -> Vec<Value> {
        self.json_lines(&["claims", ARTICLE, "--json"])
    }

    /// The audit head as printed by `audit verify` (which must pass).
    pub fn head(&self) -> String {
        let out = self.ok(&["audit", "verify"]);
        assert!(out.starts_with("audit chain verified: head #"), "{out}");
        out
    }
}

pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/articles/syria-truce")
        .join(name)
        .display()
        .to_string()
}

/// The claim whose text starts with `prefix` (and, for numbers, whose phrase mentions `context`).
pub fn find<'a>(claims: &'a [Value], kind: &str, prefix: &str, context: &str) -> &'a Value {
    claims
        .iter()
        .find(|c| {
            c["kind"] == kind
                && c["text"].as_str().is_some_and(|t| t.starts_with(prefix))
                && (context.is_empty()
                    || c["phrase"].as_str().is_some_and(|p| p.contains(context))
                    || c["sentence_text"]
                        .as_str()
                        .is_some_and(|s| s.contains(context)))
        })
        .unwrap_or_else(|| panic!("no {kind} claim {prefix:?} ({context:?}) in {claims:#?}"))
}

pub fn short(claim: &Value) -> String {
    claim["id"].as_str().expect("id")[..10].to_owned()
}

impl TestEnv {
    /// A store that has something in every tree: two revisions of the seed article, an HTML
    /// article, reviews with sources, notes and an evidence file, a setting and a workflow change.
    pub fn with_history() -> TestEnv {
        let env = TestEnv::with_v1();
        let claims = env.claims();
        let toll = short(find(&claims, "number", "8,000", ""));
        let evidence = env.write("un-briefing.txt", b"UN briefing, 14 January: 8,000 dead.\n");
        env.ok(&[
            "mark",
            &toll,
            "sourced",
            "--source",
            "https://news.un.org/briefing",
        ]);
        env.ok(&["mark", &toll, "verified", "--evidence", &evidence]);
        let quote = short(find(&claims, "quote", "", ""));
        env.ok(&["mark", &quote, "disputed", "--note", "AFP has other words"]);
        env.ok(&["config", "set", "org.name", "The Daily Check"]);
        env.ok(&["ingest", &fixture("v2.txt"), "--article", ARTICLE]);
        env.ok(&[
            "ingest",
            &fixture("v3.html"),
            "--article",
            "syria-truce-web",
        ]);
        let workflow = Path::new(env!("CARGO_MANIFEST_DIR")).join("workflows/four-eyes.toml");
        env.ok(&["workflow", "use", &workflow.display().to_string()]);
        env
    }

    /// `export` to a file in the test directory; returns its bytes.
    pub fn export(&self, name: &str) -> Vec<u8> {
        let path = self.path(name);
        self.ok(&["export", &path.display().to_string()]);
        std::fs::read(&path).expect("archive written")
    }
}

/// A raw sled handle on a store's database, for tests that damage it behind factdesk's back.
///
/// sled releases its file lock a moment after the handle is dropped (its flusher thread holds
/// the files until it winds down), and a `factdesk` started in that moment would find the store
/// locked. Dropping this waits until the lock is free, so the next command sees the store as left.
pub struct RawDb {
    db: Option<sled::Db>,
    lock: PathBuf,
}

pub fn raw_open(db_dir: impl AsRef<Path>) -> RawDb {
    let db_dir = db_dir.as_ref();
    RawDb {
        db: Some(sled::open(db_dir).expect("raw open")),
        lock: db_dir.join("db"),
    }
}

impl std::ops::Deref for RawDb {
    type Target = sled::Db;

    fn deref(&self) -> &sled::Db {
        self.db.as_ref().expect("open until dropped")
    }
}

impl Drop for RawDb {
    fn drop(&mut self) {
        drop(self.db.take());
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(10) {
            let free = std::fs::File::open(&self.lock).is_ok_and(|file| file.try_lock().is_ok());
            if free {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

/// The names of the finished sled snapshots of a store (`snap.<log position>`), oldest first.
pub fn snapshots(store: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(store.join("db"))
        .expect("db dir")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("snap.") && !name.ends_with(".generating"))
        .collect();
    names.sort();
    names
}

/// The seeded generator of the randomized tests (xorshift64*): small, and the same sequence for
/// the same seed on every machine, so that a failure's printed seed replays it.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A duration in `0..=max`.
    pub fn upto(&mut self, max: std::time::Duration) -> std::time::Duration {
        let micros = max.as_micros().max(1) as u64;
        std::time::Duration::from_micros(self.next() % (micros + 1))
    }
}
