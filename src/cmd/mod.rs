//! One module per subcommand: a plain request type (built and validated by
//! [`crate::cli`], one file per command there) and a single `run` entry. No clap type below here.

pub mod analyze;
pub mod claims;
pub mod explain;
pub mod facts;
pub mod generate;
pub mod report;
pub mod reps;
pub mod sql;
pub mod validate;
pub mod worklist;

use std::io::Write;

use crate::error::{Error, Result};

/// Write a command's output to standard output: the one writer every
/// command prints through. A reader that closed the pipe early (`| head`)
/// comes back as an [`Error::Io`] of kind `BrokenPipe`, which `main` turns
/// into a clean exit 0, as ripgrep does; `print!` would panic instead.
pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush()).map_err(|e| Error::io("<stdout>", e))
}
