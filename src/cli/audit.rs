use std::process::ExitCode;

use anyhow::{Context, Result};
use factdesk::model::{AuditHead, Hash32};

use super::{BrokenStore, Ctx};

/// Check the tamper-evident audit log, or print its head to keep elsewhere.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum AuditCommand {
    /// Recompute the hash chain and check every review, revision, evidence file and setting
    /// against the event that wrote it. Prints the head (event number and hash) and exits 0, or
    /// names the first bad event or record and exits 2.
    Verify {
        /// A head printed earlier by `factdesk audit anchor` (SEQ:HASH): also prove that the log
        /// still holds that event unchanged, so nothing before it was rewritten or cut off.
        #[arg(long, value_name = "SEQ:HASH")]
        anchor: Option<String>,
    },
    /// Print the head as SEQ:HASH. Keep it outside the store (a ticket, an email, a second disk):
    /// `audit verify --anchor` later proves the history up to it was not rewritten.
    Anchor,
}

pub(crate) fn cmd_audit(ctx: &mut Ctx, command: &AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Verify { anchor } => {
            let anchor = anchor.as_deref().map(parse_anchor).transpose()?;
            let desk = ctx.desk()?;
            match desk.verify(anchor)? {
                Ok(head) => {
                    ctx.line(format_args!(
                        "audit chain verified: head #{} {}",
                        head.seq, head.hash
                    ))?;
                    if let Some(anchor) = anchor {
                        ctx.line(format_args!(
                            "anchor #{} {} is in the chain, unchanged",
                            anchor.seq, anchor.hash
                        ))?;
                    }
                    ctx.flush()?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(failure) => {
                    Err(BrokenStore(format!("audit verification failed at {failure}")).into())
                }
            }
        }
        AuditCommand::Anchor => {
            let head = ctx.desk()?.head()?;
            ctx.line(format_args!("{}:{}", head.seq, head.hash))?;
            ctx.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_anchor(text: &str) -> Result<AuditHead> {
    let parsed = text
        .trim()
        .trim_start_matches('#')
        .split_once(':')
        .and_then(|(seq, hash)| {
            Some(AuditHead {
                seq: seq.parse().ok()?,
                hash: Hash32::from_hex(hash)?,
            })
        });
    parsed.with_context(|| {
        format!(
            "--anchor `{text}` is not a head: give SEQ:HASH as `factdesk audit anchor` prints it"
        )
    })
}
