//! The command line on a store the web desk holds: the command runs inside `factdesk serve`, at
//! its speed, instead of waiting for a lock the server keeps until it stops.
//!
//! The server leaves its address and a credential in the store's directory, readable by its
//! owner only: whoever can read it could open the store itself, so a command that presents it
//! acts as the command line does (as `--user` says). Arguments are parsed again in the server,
//! with relative paths taken from the caller's directory; standard input is sent along only when
//! the command reads it (`-`, `--password-stdin`), so a shell loop's input is never swallowed.

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use clap::Parser;
use factdesk::desk::Desk;
use factdesk::model::Timestamp;

use super::ctx::{Forwarded, ServedElsewhere};
use super::{Cli, Ctx};

/// The most standard input a forwarded command takes: `ingest`'s default `--max-size`.
pub(crate) const MAX_STDIN: u64 = 16 << 20;

/// What the command line sends the server.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunRequest {
    /// The arguments after the program's name.
    args: Vec<String>,
    /// The directory relative paths are read from.
    cwd: PathBuf,
    /// The store the caller meant (absolute): it must be the one the server holds.
    store: PathBuf,
    user: Option<String>,
    /// FACTDESK_NOW, when pinned.
    now: Option<String>,
    stdin_base64: String,
    color: bool,
}

/// What the command printed and how it ended.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct RunAnswer {
    code: u8,
    stdout_base64: String,
    stderr: String,
}

/// Runs the command in the server that holds the store, and relays what it printed.
pub(crate) fn forward(args: &[OsString], ctx: &Ctx, served: &ServedElsewhere) -> Result<ExitCode> {
    let args = args
        .iter()
        .skip(1)
        .map(|arg| {
            arg.to_str().map(str::to_owned).with_context(|| {
                format!(
                    "the argument {} is not UTF-8, which the web desk holding this store cannot take: stop the desk to use it",
                    arg.to_string_lossy()
                )
            })
        })
        .collect::<Result<Vec<String>>>()?;
    let reads_stdin = args.iter().any(|a| a == "-" || a == "--password-stdin");
    let mut stdin = Vec::new();
    if reads_stdin && !std::io::stdin().is_terminal() {
        std::io::stdin()
            .take(MAX_STDIN + 1)
            .read_to_end(&mut stdin)
            .context("cannot read standard input")?;
        if stdin.len() as u64 > MAX_STDIN {
            bail!(
                "standard input is over {} MiB, more than a command sent to the web desk takes: give a file instead",
                MAX_STDIN >> 20
            );
        }
    }
    let cwd = std::env::current_dir().context("cannot tell the current directory")?;
    let request = RunRequest {
        args,
        store: std::path::absolute(&ctx.store_path).context("cannot tell the store's path")?,
        cwd,
        user: ctx.user().ok(),
        now: std::env::var("FACTDESK_NOW")
            .ok()
            .filter(|v| !v.trim().is_empty()),
        stdin_base64: BASE64.encode(&stdin),
        color: ctx.color,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{}/local/v1/run", served.url);
    let mut response = agent
        .post(&url)
        .header("X-Factdesk-Local", &served.credential)
        .header("Content-Type", "application/json")
        .send(&factdesk::json::to_string(&request)?)
        .with_context(|| {
            format!(
                "the web desk (`factdesk serve`) holds this store but does not answer at {}: wait for it, or stop it",
                served.url
            )
        })?;
    if response.status() != 200 {
        let text = response.body_mut().read_to_string().unwrap_or_default();
        bail!(
            "the web desk at {} refused the command ({}): {}",
            served.url,
            response.status(),
            text.trim()
        );
    }
    let text = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_string()
        .context("the web desk's answer does not read")?;
    let answer: RunAnswer =
        serde_json::from_str(&text).context("the web desk's answer does not read")?;
    let stdout = BASE64
        .decode(answer.stdout_base64.as_bytes())
        .context("the web desk's answer does not read")?;
    std::io::stdout().write_all(&stdout)?;
    std::io::stdout().flush()?;
    std::io::stderr().write_all(answer.stderr.as_bytes())?;
    Ok(ExitCode::from(answer.code))
}

thread_local! {
    /// The caller's directory while a forwarded command's arguments are parsed.
    static CALLER_DIR: std::cell::RefCell<Option<PathBuf>> = const { std::cell::RefCell::new(None) };
}

/// clap's parser for every path argument: as given, or, for a command forwarded to the web desk,
/// taken from the caller's directory. `-` (standard input or output) stays `-`.
pub(crate) fn path_arg(given: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(given);
    if given == "-" || path.is_absolute() {
        return Ok(path);
    }
    Ok(CALLER_DIR.with(|dir| match &*dir.borrow() {
        Some(dir) => dir.join(&path),
        None => path,
    }))
}

/// A writer whose bytes are read back after the command.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("the output buffer was poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }
}

/// Runs a forwarded command on the server's desk (blocking: the caller puts it on the blocking
/// pool).
pub(crate) fn run_forwarded(desk: Arc<Desk>, request: RunRequest) -> RunAnswer {
    let (out, err) = (Captured::default(), Captured::default());
    let code = match run_captured(desk, request, &out, &err) {
        Ok(code) => code,
        Err(error) => {
            let mut err = err.clone();
            let _ = writeln!(err, "error: {}", super::one_line(&error));
            super::exit_code(&error)
        }
    };
    RunAnswer {
        code,
        stdout_base64: BASE64.encode(out.take()),
        stderr: String::from_utf8_lossy(&err.take()).into_owned(),
    }
}

fn run_captured(
    desk: Arc<Desk>,
    request: RunRequest,
    out: &Captured,
    err: &Captured,
) -> Result<u8> {
    let same_store =
        |asked: &Path| std::fs::canonicalize(asked).ok() == std::fs::canonicalize(desk.path()).ok();
    if !same_store(&request.store) {
        bail!(
            "the web desk serves the store at {}, not {}",
            desk.path().display(),
            request.store.display()
        );
    }
    let now = match request.now.as_deref() {
        Some(text) => Some(Timestamp::parse(text).with_context(|| {
            format!("FACTDESK_NOW=`{text}` is not a time: use RFC 3339 like 2026-01-31T09:00:00Z")
        })?),
        None => None,
    };
    let stdin = BASE64
        .decode(request.stdin_base64.as_bytes())
        .context("standard input does not read (not base64)")?;
    let argv = std::iter::once("factdesk".to_owned()).chain(request.args);
    CALLER_DIR.with(|dir| *dir.borrow_mut() = Some(request.cwd));
    let parsed = Cli::try_parse_from(argv);
    CALLER_DIR.with(|dir| *dir.borrow_mut() = None);
    let cli = match parsed {
        Ok(cli) => cli,
        Err(usage) if !usage.use_stderr() => {
            let _ = write!(out.clone(), "{}", usage.render());
            return Ok(0);
        }
        Err(usage) => {
            let _ = writeln!(err.clone(), "{}", super::usage_error_line(&usage));
            return Ok(1);
        }
    };
    // Who acts is who the caller's command line says (its --user, its environment), never the
    // server's environment, which clap read while parsing.
    let forwarded = Forwarded {
        user: request.user,
        now,
        stdin,
        color: request.color,
    };
    let mut ctx = Ctx::served(
        desk,
        forwarded,
        Box::new(out.clone()),
        Box::new(err.clone()),
    );
    let code = super::dispatch(&mut ctx, cli.command)?;
    ctx.flush()?;
    Ok(if code == ExitCode::SUCCESS {
        0
    } else if code == ExitCode::from(2) {
        2
    } else {
        1
    })
}
