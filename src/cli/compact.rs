use anyhow::Result;

use super::{BrokenStore, Ctx};

/// Rewrite the store's database compactly, record for record.
///
/// A batch ingest leaves the pages its transactions rewrote behind (about half of a 10k-article
/// store). This copies every record, in key order, into a new database beside the store, reads
/// the copy back, and swaps it in; the audit trail is the same records, byte for byte. The store
/// must pass `audit verify` first. Needs free disk space for the copy; a process killed at any
/// point leaves the old database or the new one, which the next command settles.
#[derive(Debug, clap::Args)]
pub(crate) struct CompactArgs {}

pub(crate) fn cmd_compact(ctx: &mut Ctx, _args: &CompactArgs) -> Result<()> {
    let desk = ctx.take_desk()?;
    let head = match desk.verify(None)? {
        Ok(head) => head,
        Err(failure) => {
            return Err(BrokenStore(format!(
                "audit verification failed at {failure}: nothing was compacted; restore the store from a backup"
            ))
            .into());
        }
    };
    let (desk, summary) = desk.compact()?;
    ctx.set_desk(desk);
    let megabytes = |bytes: u64| bytes as f64 / 1e6;
    ctx.line(format_args!(
        "compacted {} records: {:.1} MB → {:.1} MB on disk (audit head #{} {})",
        summary.records,
        megabytes(summary.bytes_before),
        megabytes(summary.bytes_after),
        head.seq,
        head.hash
    ))?;
    ctx.flush()
}
