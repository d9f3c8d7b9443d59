use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::Ctx;
use super::output;

/// Write a backup of the whole store: every article, revision, claim, review, event, evidence
/// file and setting, in one self-describing, checksummed archive (JSON lines).
///
/// The store must pass `audit verify` first. The file appears only once it is complete (it is
/// written beside it under a temporary name, synced, then renamed), so an interrupted export never
/// leaves a partial archive under FILE; a named pipe or a device is written as a stream. `factdesk import FILE --store NEW` restores it.
#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    /// Where to write the archive (replaced if it exists); `-` writes it to standard output, for a
    /// pipe (`factdesk export - | gzip > backup.jsonl.gz`), and the summary to standard error.
    #[arg(value_parser = super::forward::path_arg)]
    file: PathBuf,
}

pub(crate) fn cmd_export(ctx: &mut Ctx, args: &ExportArgs) -> Result<()> {
    if args.file.as_os_str() == "-" {
        return export_to_stdout(ctx);
    }
    let target = &args.file;
    let output = output::Output::create(target)?;
    let summary = {
        let mut out = BufWriter::new(output.file());
        let summary = ctx.desk()?.export(&mut out)?;
        out.flush()
            .with_context(|| format!("cannot write {}", target.display()))?;
        summary
    };
    output.finish(true)?;
    ctx.line(format_args!(
        "exported {} records (audit head #{} {}) to {}",
        summary.records,
        summary.head.seq,
        summary.head.hash,
        target.display()
    ))?;
    ctx.flush()
}

fn export_to_stdout(ctx: &mut Ctx) -> Result<()> {
    let (desk, out) = ctx.desk_and_out()?;
    let summary = desk.export(out)?;
    out.flush()
        .context("cannot write the archive to standard output")?;
    // Standard output holds the archive: the summary must not be mixed into it.
    ctx.note(format_args!(
        "exported {} records (audit head #{} {}) to standard output",
        summary.records, summary.head.seq, summary.head.hash
    ));
    Ok(())
}
