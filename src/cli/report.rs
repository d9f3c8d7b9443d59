use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use factdesk::report;

use super::Ctx;
use super::claims::parse_article;

/// Write the audit report of an article: every claim, its state, sources, notes, the changes since
/// the previous revision, and the audit head the report reflects.
#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// The article id.
    article: String,
    /// md for people, json for systems (schema factdesk.report/1).
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    format: ReportFormat,
    /// Report this revision instead of the latest.
    #[arg(long, value_name = "N")]
    rev: Option<u32>,
    /// Write to FILE instead of the terminal.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    /// Markdown.
    Md,
    /// JSON.
    Json,
}

pub(crate) fn cmd_report(ctx: &mut Ctx, args: &ReportArgs) -> Result<()> {
    let article = parse_article(&args.article)?;
    let now = ctx.now();
    let desk = ctx.desk()?;
    let report = report::build(desk, &article, args.rev, now)?;
    let text = match args.format {
        ReportFormat::Md => report::render_markdown(&report),
        ReportFormat::Json => report::render_json(&report) + "\n",
    };
    match &args.output {
        Some(path) => {
            write_atomically(path, text.as_bytes())?;
            ctx.line(format_args!(
                "wrote {} ({} claims, audit head #{})",
                path.display(),
                report.claims.len(),
                report.audit_head.seq
            ))
        }
        None => {
            ctx.out.write_all(text.as_bytes())?;
            ctx.flush()
        }
    }
}

/// Writes through a temporary file and a rename, so a reader never sees half a report.
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
