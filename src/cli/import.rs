use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use factdesk::store::Store;

use super::Ctx;

/// Restore an archive written by `factdesk export` into a new store (--store DIR).
///
/// The target directory must not exist or be empty. The whole archive is checked first
/// (checksum, counts, every record) and nothing is written unless all of it is right; it is then
/// read a second time and written in batches, so any size of archive restores in the same small
/// memory, and the audit chain is verified before the store can be used. An interrupted import
/// leaves a directory that factdesk refuses: delete it and import again.
///
/// FILE must be a file, not standard input (`-`): it is read twice. Save a piped archive to a
/// file first.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The archive to restore.
    file: PathBuf,
}

pub(crate) fn cmd_import(ctx: &mut Ctx, args: &ImportArgs) -> Result<()> {
    if args.file.as_os_str() == "-" {
        bail!(
            "import reads the archive twice (it checks all of it before writing anything), so it needs a file, not standard input: save the archive to a file and import that"
        );
    }
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    let mut input = BufReader::new(file);
    let summary = Store::import(&ctx.store_path, &mut input)
        .with_context(|| format!("{}", args.file.display()))?;
    ctx.snapshot_in_child();
    let store = ctx.store_path.display().to_string();
    ctx.line(format_args!(
        "imported {} records into {store}; audit chain verified: head #{} {}",
        summary.records, summary.head.seq, summary.head.hash
    ))?;
    ctx.flush()
}
