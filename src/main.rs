//! The `factdesk` binary: parses the command line, runs one command, renders errors once.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run(std::env::args_os()) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                // `factdesk claims x | head` closing the pipe early is not a failure.
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "error: {}", cli::one_line(&err));
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

#[cfg(test)]
mod tests {
    use super::cli::one_line;

    #[test]
    fn each_cause_is_said_once_on_one_line() {
        let inner = std::io::Error::other("File exists (os error 17)");
        let named = anyhow::Error::new(inner)
            .context("cannot use the store at s: File exists (os error 17)");
        assert_eq!(
            one_line(&named),
            "cannot use the store at s: File exists (os error 17)"
        );
        let plain = anyhow::anyhow!("bad\nline").context("cannot read x");
        assert_eq!(one_line(&plain), "cannot read x: bad line");
    }
}
