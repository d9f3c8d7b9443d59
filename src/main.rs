//! The `factdesk` binary: parses the command line, runs one command, renders errors once.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run(std::env::args_os()) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                // `factdesk claims x | head` closing the pipe early is not a failure.
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "error: {err:#}");
            ExitCode::from(cli::exit_code(&err))
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
