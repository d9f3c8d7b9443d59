use std::process::ExitCode;

use anyhow::Result;

use super::{BrokenStore, Ctx};

/// Check the tamper-evident audit log.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum AuditCommand {
    /// Recompute the hash chain and check every review, revision and setting against the event
    /// that wrote it. Prints the head (event number and hash) and exits 0, or names the first bad
    /// event or record and exits 2.
    Verify,
}

pub(crate) fn cmd_audit(ctx: &mut Ctx, command: &AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Verify => {
            let desk = ctx.desk()?;
            match desk.store().verify()? {
                Ok(head) => {
                    ctx.line(format_args!(
                        "audit chain verified: head #{} {}",
                        head.seq, head.hash
                    ))?;
                    ctx.flush()?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(failure) => {
                    Err(BrokenStore(format!("audit verification failed at {failure}")).into())
                }
            }
        }
    }
}
