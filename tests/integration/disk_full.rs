//! Disk full: ingest on a small tmpfs until the disk is full. The failing command says so in one
//! line (exit 2) and returns instead of hanging in sled's flush; after space is freed every
//! acknowledged write is there, the chain verifies, and work goes on. Needs root and a working
//! `mount`; otherwise it prints why it was skipped and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::TestEnv;

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount_tmpfs(at: &Path, size: &str) -> Result<Mount, String> {
    std::fs::create_dir_all(at).map_err(|e| e.to_string())?;
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .output()
        .map_err(|e| format!("cannot run mount: {e}"))?;
    if out.status.success() {
        Ok(Mount(at.to_owned()))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// A tmpfs of `size` under the test's directory, or `None` (with a note) where none can be
/// mounted.
fn small_tmpfs(env: &TestEnv, size: &str, test: &str) -> Option<Mount> {
    match mount_tmpfs(&env.path("small"), size) {
        Ok(mount) => Some(mount),
        Err(reason) => {
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("note: {test} skipped: cannot mount a tmpfs ({reason})\n").as_bytes(),
            );
            None
        }
    }
}

/// Runs factdesk on `store`: exit code, stdout, stderr.
fn run_on(env: &TestEnv, store: &Path, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd_on(store, args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Changes the size of the tmpfs at `at` (growing it frees room as deleting files would).
fn resize(at: &Path, size: &str) {
    let resized = Command::new("mount")
        .args(["-o", &format!("remount,size={size}")])
        .arg(at)
        .status()
        .expect("remount");
    assert!(resized.success());
}

/// A text of about 200 KB that no other article shares, with one claim in it.
fn article(i: usize) -> String {
    let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ i as u64;
    let mut text = String::new();
    while text.len() < 200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push_str(&format!("word{} ", state % 1_000_000));
    }
    text.push_str("\n\nThe UN said more than 8,000 people died.\n");
    text
}

#[test]
fn a_full_disk_is_reported_and_loses_no_acknowledged_write() {
    let env = TestEnv::new();
    let Some(mount) = small_tmpfs(&env, "3m", "disk-full test") else {
        return;
    };
    let store = mount.0.join("store");
    let run = |args: &[&str]| run_on(&env, &store, args);
    assert_eq!(run(&["init"]).0, 0);
    let mut acknowledged = Vec::new();
    let mut failure = None;
    for i in 0..60 {
        let file = env.write(&format!("a{i}.txt"), article(i).as_bytes());
        let id = format!("a{i}");
        let (code, _, err) = run(&["ingest", &file, "--article", &id]);
        if code == 0 {
            acknowledged.push(id);
        } else {
            failure = Some((code, err, file, id));
            break;
        }
    }
    let (code, err, file, id) = failure.expect("3 MB fills up within 60 ingests of 200 KB");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("error: ") && err.trim_end().lines().count() == 1,
        "{err}"
    );
    assert!(err.contains("disk is full"), "{err}");
    assert!(!acknowledged.is_empty(), "some ingests fit");

    // Free space: grow the file system, as deleting other files would.
    resize(&mount.0, "64m");
    let (code, out, err) = run(&["audit", "verify"]);
    assert_eq!(
        code, 0,
        "the chain verifies after a disk-full failure: {err}"
    );
    assert!(out.starts_with("audit chain verified"), "{out}");
    let (code, out, _) = run(&["articles", "--json"]);
    assert_eq!(code, 0);
    for id in &acknowledged {
        assert!(
            out.contains(&format!("\"id\":\"{id}\"")),
            "acknowledged {id} is there"
        );
    }
    // The refused command can simply be run again.
    let (code, _, err) = run(&["ingest", &file, "--article", &id]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(run(&["audit", "verify"]).0, 0);
}

/// Bytes in use on the file system at `path` (`df` in 1K blocks).
fn used_bytes(path: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=used", "-k"])
        .arg(path)
        .output()
        .expect("df");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|line| line.trim().parse::<u64>().ok())
        .expect("df prints the used 1K blocks")
        * 1024
}

#[test]
fn a_compaction_without_room_for_its_copy_leaves_the_store_as_it_was() {
    let env = TestEnv::new();
    let Some(mount) = small_tmpfs(&env, "16m", "disk-full compaction test") else {
        return;
    };
    let store = mount.0.join("store");
    let run = |args: &[&str]| run_on(&env, &store, args);
    assert_eq!(run(&["init"]).0, 0);
    for i in 0..6 {
        let file = env.write(&format!("a{i}.txt"), article(i).as_bytes());
        let (code, _, err) = run(&["ingest", &file, "--article", &format!("a{i}")]);
        assert_eq!(code, 0, "{err}");
    }
    let before = env
        .cmd_on(&store, &["export", "-"])
        .output()
        .expect("runs")
        .stdout;
    // Room for the store, not for a copy of it.
    let tight = used_bytes(&mount.0) + 256 * 1024;
    resize(&mount.0, &tight.to_string());
    let (code, _, err) = run(&["compact"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("disk is full"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(!store.join("db.compact").exists(), "the copy is removed");
    assert!(
        err.contains(&format!("the store at {}", store.display())),
        "the error names the store: {err}"
    );
    resize(&mount.0, "64m");
    assert_eq!(run(&["audit", "verify"]).0, 0);
    let after = env
        .cmd_on(&store, &["export", "-"])
        .output()
        .expect("runs")
        .stdout;
    assert!(after == before, "the store is as it was");
    let (code, out, err) = run(&["compact"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("compacted "), "{out}");
}

/// Fills the file system at `at` to its last byte.
fn fill(at: &Path) {
    use std::io::Write;
    let mut file = std::fs::File::create(at.join("filler")).expect("filler");
    let block = vec![0u8; 64 * 1024];
    while file.write_all(&block).is_ok() {}
    let byte = [0u8; 1];
    while file.write_all(&byte).is_ok() {}
}

// Issue 16, defect 8: with the store's disk full, `claims`, `articles`, `audit verify` and an
// export to another disk all failed (sled writes a snapshot as it opens).
#[test]
fn on_a_full_disk_reads_and_backups_work_and_only_writes_are_refused() {
    let env = TestEnv::new();
    let Some(mount) = small_tmpfs(&env, "4m", "full-disk reads test") else {
        return;
    };
    let store = mount.0.join("store");
    let run = |args: &[&str]| run_on(&env, &store, args);
    assert_eq!(run(&["init"]).0, 0);
    let (code, _, err) = run(&[
        "ingest",
        &crate::common::fixture("v1.txt"),
        "--article",
        "a",
    ]);
    assert_eq!(code, 0, "{err}");
    // The ingest left sled a snapshot to write at the next open: the case that failed.
    fill(&mount.0);

    let (code, out, err) = run(&["claims", "a"]);
    assert_eq!(code, 0, "claims on a full disk: {err}");
    assert!(out.contains("8,000"), "{out}");
    for args in [
        &["articles"][..],
        &["audit", "verify"],
        &["history", "--article", "a"],
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, 0, "{args:?} on a full disk: {err}");
    }
    let backup = env.path("backup.jsonl");
    let (code, _, err) = run(&["export", &backup.display().to_string()]);
    assert_eq!(code, 0, "export to another disk: {err}");
    let reports = env.path("site");
    let (code, _, err) = run(&["report", "--all", "-o", &reports.display().to_string()]);
    assert_eq!(code, 0, "report --all to another disk: {err}");

    // A write is refused, in one line, and changes nothing.
    let claims = run(&["claims", "a", "--json"]).1;
    let id = claims
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|c| c["kind"] == "number")
        .and_then(|c| c["id"].as_str().map(|id| id[..10].to_owned()))
        .expect("a number");
    let (code, _, err) = run(&["mark", &id, "sourced", "--source", "https://news.un.org/"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("disk is full"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let (code, out, _) = run(&["claims", "a"]);
    assert_eq!(code, 0);
    assert!(!out.contains("sourced"), "{out}");

    // Once there is room, writes go on and the backup restores what was there.
    std::fs::remove_file(mount.0.join("filler")).expect("free");
    let (code, _, err) = run(&["mark", &id, "sourced", "--source", "https://news.un.org/"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_on(
        &env,
        &env.path("restored"),
        &["import", &backup.display().to_string()],
    );
    assert_eq!(code, 0, "{err}");
}

// Issue 16, defect 8: `report --all` on a disk that fills half-way left pages without an index.
#[test]
fn report_all_on_a_disk_that_fills_leaves_the_last_complete_set() {
    let env = TestEnv::new();
    let Some(mount) = small_tmpfs(&env, "1m", "report --all disk-full test") else {
        return;
    };
    env.ok(&["init"]);
    for i in 0..8 {
        let file = env.write(&format!("a{i}.txt"), article(i).as_bytes());
        env.ok(&["ingest", &file, "--article", &format!("a{i}")]);
    }
    let site = mount.0.join("site");
    let (code, _, err) = run_on(
        &env,
        &env.store(),
        &["report", "--all", "-o", &site.display().to_string()],
    );
    assert_ne!(code, 0, "eight pages of 200 KB do not fit in 1 MB: {err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(!site.join("index.html").exists(), "no index");
    let pages = std::fs::read_dir(site.join("articles")).map_or(0, |dir| dir.count());
    assert_eq!(
        pages, 0,
        "no page without its index, and no temporary file left"
    );
}
