//! The `touchstone` binary: parse, run, map the outcome to an exit code.
//! This is the only place that prints an error.

use std::process::ExitCode;

use clap::Parser;
use touchstone::cli::{Cli, Command};
use touchstone::cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Facts(args) => cmd::facts::run(args),
        Command::Claims(args) => cmd::claims::run(args),
        Command::Validate(args) => cmd::validate::run(args),
        Command::Generate(args) => cmd::generate::run(args),
        Command::Report(args) => cmd::report::run(args),
    };
    match result {
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
