//! What every command needs: the store (opened on first use), the user, the clock, the terminal.

use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use factdesk::desk::{Desk, DeskError};
use factdesk::model::Timestamp;
use factdesk::store::StoreError;

/// How long a command waits for a store that another process has, unless FACTDESK_LOCK_WAIT
/// says: long enough for another command to finish or a batch ingest to let it in, short enough
/// that a store held by a long export or import is reported rather than waited out.
const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(10);

/// The longest FACTDESK_LOCK_WAIT accepted: a day.
const MAX_LOCK_WAIT_SECS: f64 = 86_400.0;

pub(crate) struct Ctx {
    pub(crate) store_path: PathBuf,
    /// Whether --store or $FACTDESK_STORE named the store (the demo otherwise uses a temporary one).
    pub(crate) store_explicit: bool,
    /// Who is acting; `None` when neither --user nor the environment says, which only writes
    /// mind: an audit log must not record "unknown".
    user: Option<String>,
    pinned_now: Option<Timestamp>,
    /// How long a command waits for a store that another process has.
    pub(crate) lock_wait: Duration,
    desk: DeskSlot,
    pub(crate) out: BufWriter<Box<dyn Write + Send>>,
    /// Warnings and notes: stderr, or what a forwarded command sends back.
    err: Box<dyn Write + Send>,
    /// Standard input as a forwarded command brought it; `None`: this process's own.
    stdin: Option<Vec<u8>>,
    /// Colour and other terminal niceties only when stdout is a terminal.
    pub(crate) color: bool,
}

/// The store a command works on: not opened yet, this process's own, or the one the web desk
/// holds (a command forwarded to it by the command line, see `forward`).
#[expect(
    clippy::large_enum_variant,
    reason = "one per process, never moved in a loop"
)]
enum DeskSlot {
    Unopened,
    Owned(Desk),
    Served(Arc<Desk>),
}

/// The store is held by a running web desk: the command is to be run there (`forward`).
#[derive(Debug, thiserror::Error)]
#[error("the web desk (`factdesk serve`) holds this store at {url}")]
pub(crate) struct ServedElsewhere {
    pub(crate) url: String,
    pub(crate) credential: String,
}

impl Ctx {
    /// The context of one command: `store`, `user` and `lock_wait` as clap read them from the
    /// flags or their environment variables; the rest from the environment.
    pub(crate) fn from_env(
        store: Option<PathBuf>,
        user: Option<String>,
        lock_wait: Option<String>,
    ) -> Result<Ctx> {
        // An empty variable counts as unset, as a shell user expects of `FACTDESK_STORE=`.
        let store = store.filter(|path| !path.as_os_str().is_empty());
        let store_explicit = store.is_some();
        let store_path = store.unwrap_or_else(|| PathBuf::from(".factdesk"));
        let user = user
            .filter(|name| !name.is_empty())
            .or_else(|| non_empty_var("USER"))
            .or_else(|| non_empty_var("LOGNAME"))
            .or_else(|| non_empty_var("USERNAME"))
            .map(|u| u.trim().to_owned());
        if user
            .as_deref()
            .is_some_and(|u| u.is_empty() || u.chars().any(char::is_control))
        {
            bail!("the user name must be plain text: pass --user NAME");
        }
        // Tests and reproducible demos pin the clock, as jj pins JJ_TIMESTAMP.
        let pinned_now = match non_empty_var("FACTDESK_NOW") {
            Some(text) => Some(Timestamp::parse(&text).with_context(|| {
                format!(
                    "FACTDESK_NOW=`{text}` is not a time: use RFC 3339 like 2026-01-31T09:00:00Z"
                )
            })?),
            None => None,
        };
        let lock_wait = match lock_wait.filter(|text| !text.trim().is_empty()) {
            Some(text) => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|secs| secs.is_finite() && *secs >= 0.0 && *secs <= MAX_LOCK_WAIT_SECS)
                .map(Duration::from_secs_f64)
                .with_context(|| {
                    format!(
                        "--lock-wait (FACTDESK_LOCK_WAIT) `{text}` is not a wait: give seconds, from 0 (refuse at once) to {MAX_LOCK_WAIT_SECS}"
                    )
                })?,
            None => DEFAULT_LOCK_WAIT,
        };
        let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Ok(Ctx {
            store_path,
            store_explicit,
            user,
            pinned_now,
            lock_wait,
            desk: DeskSlot::Unopened,
            out: BufWriter::new(Box::new(io::stdout())),
            err: Box::new(io::stderr()),
            stdin: None,
            color,
        })
    }

    /// The context of a command the command line forwarded to the web desk: its store is the
    /// desk's, its output goes to `out` and `err`, its input comes from `stdin`.
    pub(crate) fn served(
        desk: Arc<Desk>,
        forwarded: Forwarded,
        out: Box<dyn Write + Send>,
        err: Box<dyn Write + Send>,
    ) -> Ctx {
        Ctx {
            store_path: desk.path().to_owned(),
            store_explicit: true,
            user: forwarded.user,
            pinned_now: forwarded.now,
            lock_wait: Duration::ZERO,
            desk: DeskSlot::Served(desk),
            out: BufWriter::new(out),
            err,
            stdin: Some(forwarded.stdin),
            color: forwarded.color,
        }
    }

    /// The acting user, required by every command that writes.
    pub(crate) fn user(&self) -> Result<String> {
        self.user
            .clone()
            .context("cannot tell who is acting: pass --user NAME or set FACTDESK_USER")
    }

    /// Sets the acting user when none was given (the demo acts as "demo").
    pub(crate) fn default_user(&mut self, name: &str) {
        self.user.get_or_insert_with(|| name.to_owned());
    }

    pub(crate) fn now(&self) -> Timestamp {
        self.pinned_now.unwrap_or_else(|| {
            let ms = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            Timestamp(i64::try_from(ms).unwrap_or(i64::MAX))
        })
    }

    /// The clock as a function that borrows nothing, for a long command that stamps each of its
    /// transactions with the time it commits.
    pub(crate) fn clock(&self) -> impl Fn() -> Timestamp + Sync + use<> {
        super::batch::system_clock(self.pinned_now)
    }

    /// The store, opened on first use and kept for the rest of the process.
    pub(crate) fn desk(&mut self) -> Result<&Desk> {
        if let DeskSlot::Unopened = self.desk {
            self.desk = DeskSlot::Owned(self.open_desk()?);
        }
        match &self.desk {
            DeskSlot::Owned(desk) => Ok(desk),
            DeskSlot::Served(desk) => Ok(desk),
            DeskSlot::Unopened => unreachable!("opened just above"),
        }
    }

    /// The store and stdout at once, for a command that streams from one to the other.
    pub(crate) fn desk_and_out(
        &mut self,
    ) -> Result<(&Desk, &mut BufWriter<Box<dyn Write + Send>>)> {
        self.desk()?;
        let desk = match &self.desk {
            DeskSlot::Owned(desk) => desk,
            DeskSlot::Served(desk) => &**desk,
            DeskSlot::Unopened => unreachable!("opened just above"),
        };
        Ok((desk, &mut self.out))
    }

    /// Refuses, for a command run by the web desk, what needs the store to itself.
    fn owned_store_needed(&self) -> Result<()> {
        if let DeskSlot::Served(_) = self.desk {
            bail!(
                "this command needs the store to itself and the web desk (`factdesk serve`) has it: stop the desk (Ctrl-C) and run it again"
            );
        }
        Ok(())
    }

    /// Opens the store, waiting for it if another process has it; someone at a terminal is told
    /// why nothing happens yet (scripts get only the outcome).
    fn open_desk(&self) -> Result<Desk> {
        match Desk::open(&self.store_path) {
            Err(DeskError::Store(StoreError::Locked { .. }))
                if let Some((url, credential)) = served_at(&self.store_path) =>
            {
                // Waiting would end in a lock error: the web desk keeps the store until stopped,
                // so the command runs there instead.
                Err(ServedElsewhere { url, credential }.into())
            }
            Err(DeskError::Store(StoreError::Locked { .. })) if !self.lock_wait.is_zero() => {
                if io::stderr().is_terminal() {
                    let _ = writeln!(
                        io::stderr(),
                        "waiting for the store (another factdesk process has it; up to {:?}, FACTDESK_LOCK_WAIT)…",
                        self.lock_wait
                    );
                }
                Ok(Desk::open_waiting(&self.store_path, self.lock_wait)?)
            }
            other => Ok(other?),
        }
    }

    /// The store, for commands that change the desk itself (its workflow).
    pub(crate) fn desk_mut(&mut self) -> Result<&mut Desk> {
        self.owned_store_needed()?;
        self.desk()?;
        match &mut self.desk {
            DeskSlot::Owned(desk) => Ok(desk),
            _ => unreachable!("opened just above, and owned"),
        }
    }

    /// The store, owned: for a long command that closes and reopens it (see
    /// `Desk::yield_to_waiters`); give it back with `set_desk`.
    pub(crate) fn take_desk(&mut self) -> Result<Desk> {
        self.owned_store_needed()?;
        self.desk()?;
        match std::mem::replace(&mut self.desk, DeskSlot::Unopened) {
            DeskSlot::Owned(desk) => Ok(desk),
            _ => unreachable!("opened just above, and owned"),
        }
    }

    /// Has sled snapshot the store, after a long load, by opening it in a child process (any
    /// read does). sled writes its snapshot only when it opens, after replaying the log written
    /// since the last one, so the next command would pay that replay: after a 100k-article
    /// batch ingest the first command took 3.4 s, the next 0.35 s. In a process of its own
    /// because reopening in this one added the open's memory to the load's peak (307 → 358 MB
    /// at 100k). Best effort: should the child not run, the next command replays the log.
    pub(crate) fn snapshot_in_child(&mut self) {
        if let DeskSlot::Served(_) = self.desk {
            return;
        }
        self.desk = DeskSlot::Unopened;
        let Ok(factdesk) = std::env::current_exe() else {
            return;
        };
        let _ = std::process::Command::new(factdesk)
            .arg("--store")
            .arg(&self.store_path)
            .args(["config", "list"])
            .env("FACTDESK_LOCK_WAIT", "60")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }

    pub(crate) fn set_desk(&mut self, desk: Desk) {
        self.desk = DeskSlot::Owned(desk);
    }

    /// Writes a line to stderr (or to what a forwarded command sends back).
    pub(crate) fn note(&mut self, text: impl std::fmt::Display) {
        let _ = writeln!(self.err, "{text}");
    }

    /// Whether someone may be asked something on a terminal: never for a forwarded command.
    pub(crate) fn interactive(&self) -> bool {
        self.stdin.is_none() && io::stdin().is_terminal()
    }

    /// Standard input: this process's, or what a forwarded command brought.
    pub(crate) fn stdin(&mut self) -> Box<dyn Read + Send> {
        match self.stdin.take() {
            Some(bytes) => Box::new(io::Cursor::new(bytes)),
            None => Box::new(io::stdin()),
        }
    }

    /// Writes a line to stdout.
    pub(crate) fn line(&mut self, text: impl std::fmt::Display) -> Result<()> {
        writeln!(self.out, "{text}")?;
        Ok(())
    }

    /// Flushes stdout; commands that finish call it so a broken pipe surfaces as an error here.
    pub(crate) fn flush(&mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }

    /// Text in a colour on a terminal, plain otherwise. `code` is an ANSI SGR code.
    pub(crate) fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

fn non_empty_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Drop for Ctx {
    fn drop(&mut self) {
        let _ = self.out.flush();
    }
}

/// The file `factdesk serve` leaves in the store's directory while it serves it (readable by
/// its owner only): its address, its process id, and the credential that lets the command line
/// of the same user run commands there.
pub(crate) const SERVING_FILE: &str = "serving";

/// The address of the web desk serving the store at `dir`, and its local credential, if one
/// says it is.
fn served_at(dir: &std::path::Path) -> Option<(String, String)> {
    let text = std::fs::read_to_string(dir.join(SERVING_FILE)).ok()?;
    let mut lines = text.lines();
    let url = lines.next()?.trim();
    let credential = lines.nth(1)?.trim();
    (url.starts_with("http://")
        && url.len() < 200
        && credential.len() == 64
        && credential.bytes().all(|b| b.is_ascii_hexdigit()))
    .then(|| (url.to_owned(), credential.to_owned()))
}

/// What a forwarded command brings from the command line that sent it.
pub(crate) struct Forwarded {
    pub(crate) user: Option<String>,
    pub(crate) now: Option<Timestamp>,
    pub(crate) stdin: Vec<u8>,
    pub(crate) color: bool,
}
