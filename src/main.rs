//! The `touchstone` binary: parse, run, map the outcome to an exit code.
//! This is the only place that prints an error.

use std::process::ExitCode;

use clap::Parser;
use touchstone::cli::{self, Cli};

fn main() -> ExitCode {
    match cli::run(&Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(touchstone::Error::Io { ref source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Every variant's message already includes its cause.
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
