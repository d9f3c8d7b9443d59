//! The command line: one file per subcommand, dispatched from [`Command`].
//!
//! Only this module prints, reads environment variables or uses clap and anyhow. Each command
//! turns its arguments into library requests, so the library never sees clap.

mod articles;
mod assign;
mod audit;
mod batch;
mod claim;
mod claimreview;
mod claims;
mod compact;
mod config;
mod ctx;
mod demo;
mod diff;
mod eval;
mod evidence;
mod export;
mod extract;
mod forward;
mod gate;
mod history;
mod import;
mod ingest;
mod init;
mod mark;
mod output;
mod queue;
mod report;
mod revision;
mod revisions;
mod search;
mod serve;
mod show;
mod user;
mod webhook;
mod workflow;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

pub(crate) use self::ctx::Ctx;
use factdesk::desk::DeskError;
use factdesk::store::{ArchiveError, StoreError};

/// factdesk: find every quote and number in a story, check them, and keep the record.
///
/// Typical day: `factdesk init`, `factdesk ingest draft.txt --article my-story`,
/// `factdesk claims my-story`, `factdesk mark ID sourced --source URL`, `factdesk mark ID verified`;
/// when the writer sends a new draft, ingest it again and `factdesk diff my-story` shows what to
/// re-check; `factdesk report my-story -o report.md` writes the audit report.
#[derive(Debug, Parser)]
#[command(
    name = "factdesk",
    version,
    max_term_width = 100,
    after_help = "One process has a store at a time: a command that finds it in use waits up to \
                  $FACTDESK_LOCK_WAIT seconds (default 10; 0 refuses at once), and a batch ingest \
                  lets waiting commands in between its transactions."
)]
pub(crate) struct Cli {
    /// The store directory [default: ./.factdesk].
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "FACTDESK_STORE",
        // Accepts an empty value (PathBuf's own parser refuses it): `FACTDESK_STORE=` means unset.
        value_parser = clap::builder::TypedValueParser::map(
            clap::builder::OsStringValueParser::new(),
            PathBuf::from
        )
    )]
    store: Option<PathBuf>,

    /// Who is acting, recorded on every change [default: the login name].
    #[arg(long, global = true, value_name = "NAME", env = "FACTDESK_USER")]
    user: Option<String>,

    /// How long to wait for a store another factdesk process has, in seconds (0 refuses at once)
    /// [default: 10].
    #[arg(
        long,
        global = true,
        value_name = "SECONDS",
        env = "FACTDESK_LOCK_WAIT"
    )]
    lock_wait: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Init(init::InitArgs),
    Ingest(ingest::IngestArgs),
    Extract(extract::ExtractArgs),
    Articles(articles::ArticlesArgs),
    Claims(claims::ClaimsArgs),
    Show(show::ShowArgs),
    Mark(mark::MarkArgs),
    #[command(subcommand)]
    Claim(claim::ClaimCommand),
    ExportCorrections(claim::ExportCorrectionsArgs),
    History(history::HistoryArgs),
    Diff(diff::DiffArgs),
    Revisions(revisions::RevisionsArgs),
    #[command(subcommand)]
    Revision(revision::RevisionCommand),
    Report(report::ReportArgs),
    Gate(gate::GateArgs),
    Queue(queue::QueueArgs),
    Assign(assign::AssignArgs),
    Assignments(assign::AssignmentsArgs),
    Search(search::SearchArgs),
    #[command(subcommand)]
    Evidence(evidence::EvidenceCommand),
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    #[command(subcommand)]
    Workflow(workflow::WorkflowCommand),
    #[command(subcommand)]
    Config(config::ConfigCommand),
    #[command(subcommand)]
    User(user::UserCommand),
    #[command(subcommand)]
    Token(user::TokenCommand),
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    #[command(subcommand)]
    Claimreview(claimreview::ClaimreviewCommand),
    Export(export::ExportArgs),
    Import(import::ImportArgs),
    Compact(compact::CompactArgs),
    Demo(demo::DemoArgs),
    Serve(serve::ServeArgs),
    #[command(subcommand)]
    Eval(eval::EvalCommand),
}

/// Parses `args` and runs the command.
pub(crate) fn run(args: impl IntoIterator<Item = OsString>) -> Result<ExitCode> {
    let args: Vec<OsString> = args.into_iter().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // Help and version.
            let _ = err.print();
            return Ok(ExitCode::SUCCESS);
        }
        Err(err) => {
            // A usage mistake is a user error (exit 1), told in one line like any other.
            let _ = writeln!(std::io::stderr(), "{}", usage_error_line(&err));
            return Ok(ExitCode::from(1));
        }
    };
    let mut ctx = Ctx::from_env(cli.store, cli.user, cli.lock_wait)?;
    match dispatch(&mut ctx, cli.command) {
        Err(err) => match err.downcast::<ctx::ServedElsewhere>() {
            // The web desk holds the store: the command runs there. Nothing was printed yet (a
            // command opens the store before it says anything).
            Ok(served) => forward::forward(&args, &ctx, &served),
            Err(err) => Err(err),
        },
        done => done,
    }
}

/// An error and its causes on one line, each cause once: a library error that already names
/// its cause (`cannot use the store at DIR: File exists`) would otherwise repeat it.
pub(crate) fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line.replace('\n', " ")
}

pub(crate) use factdesk::view::count;

/// clap's message for a usage mistake (error, tips, usage, a pointer to --help, over several
/// lines) as one line: the error, its tips, and the command whose --help says more.
fn usage_error_line(err: &clap::Error) -> String {
    let text = err.render().to_string();
    let (mut message, mut tips, mut command) = (Vec::new(), Vec::new(), None);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("For more information") {
            continue;
        }
        if let Some(usage) = line.strip_prefix("Usage: ") {
            let words: Vec<&str> = usage
                .split_whitespace()
                .take_while(|word| !word.starts_with(['-', '<', '[']))
                .collect();
            command = Some(words.join(" "));
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            tips.push(tip);
        } else {
            message.push(line.strip_prefix("error: ").unwrap_or(line));
        }
    }
    let mut out = format!("error: {}", message.join(" "));
    for tip in tips {
        out.push_str(&format!(" ({tip})"));
    }
    if let Some(command) = command.filter(|command| !command.is_empty()) {
        out.push_str(&format!(": see `{command} --help`"));
    }
    out
}

fn dispatch(ctx: &mut Ctx, command: Command) -> Result<ExitCode> {
    let done = Ok(ExitCode::SUCCESS);
    match command {
        Command::Init(args) => init::cmd_init(ctx, &args).and(done),
        Command::Ingest(args) => ingest::cmd_ingest(ctx, &args).and(done),
        Command::Extract(args) => extract::cmd_extract(ctx, &args).and(done),
        Command::Articles(args) => articles::cmd_articles(ctx, &args).and(done),
        Command::Claims(args) => claims::cmd_claims(ctx, &args).and(done),
        Command::Show(args) => show::cmd_show(ctx, &args).and(done),
        Command::Mark(args) => mark::cmd_mark(ctx, &args).and(done),
        Command::Claim(command) => claim::cmd_claim(ctx, &command).and(done),
        Command::ExportCorrections(args) => claim::cmd_export_corrections(ctx, &args).and(done),
        Command::History(args) => history::cmd_history(ctx, &args).and(done),
        Command::Diff(args) => diff::cmd_diff(ctx, &args).and(done),
        Command::Revisions(args) => revisions::cmd_revisions(ctx, &args).and(done),
        Command::Revision(command) => revision::cmd_revision(ctx, &command).and(done),
        Command::Report(args) => report::cmd_report(ctx, &args).and(done),
        Command::Gate(args) => gate::cmd_gate(ctx, &args),
        Command::Queue(args) => queue::cmd_queue(ctx, &args).and(done),
        Command::Assign(args) => assign::cmd_assign(ctx, &args).and(done),
        Command::Assignments(args) => assign::cmd_assignments(ctx, &args).and(done),
        Command::Search(args) => search::cmd_search(ctx, &args).and(done),
        Command::Evidence(command) => evidence::cmd_evidence(ctx, &command).and(done),
        Command::Audit(command) => audit::cmd_audit(ctx, &command),
        Command::Workflow(command) => workflow::cmd_workflow(ctx, &command).and(done),
        Command::Config(command) => config::cmd_config(ctx, &command).and(done),
        Command::User(command) => user::cmd_user(ctx, &command).and(done),
        Command::Token(command) => user::cmd_token(ctx, &command).and(done),
        Command::Webhook(command) => webhook::cmd_webhook(ctx, &command).and(done),
        Command::Claimreview(command) => claimreview::cmd_claimreview(ctx, &command).and(done),
        Command::Export(args) => export::cmd_export(ctx, &args).and(done),
        Command::Import(args) => import::cmd_import(ctx, &args).and(done),
        Command::Compact(args) => compact::cmd_compact(ctx, &args).and(done),
        Command::Demo(args) => demo::cmd_demo(ctx, &args).and(done),
        Command::Serve(args) => serve::cmd_serve(ctx, &args).and(done),
        Command::Eval(command) => eval::cmd_eval(ctx, &command).and(done),
    }
}

/// Exit status for an error: 2 when the store is locked or damaged, 1 for everything the user can
/// fix by changing the command or its input.
pub(crate) fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        match cause.downcast_ref::<ArchiveError>() {
            Some(ArchiveError::Store(inner)) => return store_code(inner),
            Some(ArchiveError::Unverified(_) | ArchiveError::ImportUnverified { .. }) => return 2,
            Some(_) => return 1,
            None => {}
        }
        let store_error = cause.downcast_ref::<StoreError>().or_else(|| {
            match cause.downcast_ref::<DeskError>() {
                Some(DeskError::Store(inner)) => Some(inner),
                _ => None,
            }
        });
        if let Some(store_error) = store_error {
            return store_code(store_error);
        }
        if cause.downcast_ref::<BrokenStore>().is_some()
            || matches!(
                cause.downcast_ref::<DeskError>(),
                Some(DeskError::StoredWorkflow(_))
            )
        {
            return 2;
        }
    }
    1
}

fn store_code(err: &StoreError) -> u8 {
    match err {
        StoreError::Missing { .. }
        | StoreError::AlreadyExists { .. }
        | StoreError::NotAFolder { .. } => 1,
        _ => 2,
    }
}

/// An audit failure, rendered as an error with exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct BrokenStore(pub(crate) String);

/// The `--json` flag every listing command takes.
#[derive(Debug, clap::Args, Clone, Copy)]
pub(crate) struct JsonFlag {
    /// Print one JSON object a line instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}
