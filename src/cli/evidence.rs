use std::path::PathBuf;

use std::io::Write;

use anyhow::Result;

use super::Ctx;
use super::output::{self, write_file};

/// Evidence files kept in the store (attached with `mark --evidence FILE`).
#[derive(Debug, clap::Subcommand)]
pub(crate) enum EvidenceCommand {
    /// Write an evidence file back out, byte for byte.
    Get {
        /// Its BLAKE3 hash, or a unique prefix of 6+ hex digits.
        hash: String,
        /// Where to write it; `-` is standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        #[arg(value_parser = super::forward::path_arg)]
        output: PathBuf,
    },
}

pub(crate) fn cmd_evidence(ctx: &mut Ctx, command: &EvidenceCommand) -> Result<()> {
    match command {
        EvidenceCommand::Get { hash, output } => {
            let (hash, name, bytes) = ctx.desk()?.evidence(hash)?;
            if output::is_stdout(output) {
                // The file's bytes alone, for a pipe.
                ctx.out.write_all(&bytes)?;
                return ctx.flush();
            }
            write_file(output, &bytes)?;
            ctx.line(format_args!(
                "wrote {} ({name}, {} bytes, blake3 {hash})",
                output.display(),
                bytes.len()
            ))?;
        }
    }
    ctx.flush()
}
