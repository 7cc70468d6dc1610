//! Input sources: paths and globs from the command line, or the sample
//! export embedded in the binary.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The name standard input goes by in messages and outputs.
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// The sample export that ships inside the binary (`data/sample/touches.csv`).
pub const SAMPLE_CSV: &[u8] = include_bytes!("../../data/sample/touches.csv");
/// The name the embedded sample goes by in messages and outputs.
pub(crate) const SAMPLE_NAME: &str = "data/sample/touches.csv";

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    Path(PathBuf),
    /// Bytes compiled into the binary, with a display name.
    Embedded { name: &'static str, bytes: &'static [u8] },
    /// Standard input (`-`), read once.
    Stdin(std::sync::Arc<Vec<u8>>),
}

impl Source {
    /// The embedded sample export.
    pub fn sample() -> Source {
        Source::Embedded { name: SAMPLE_NAME, bytes: SAMPLE_CSV }
    }

    /// The name used in messages, rejects and the tie-break order.
    pub fn name(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Embedded { name, .. } => (*name).to_string(),
            Source::Stdin(_) => STDIN_NAME.to_string(),
        }
    }
}

/// Expand paths and glob patterns into sources, sorted by name and
/// de-duplicated, so that the (source, row) tie-break of docs/metrics.md §1 does
/// not depend on the order arguments were typed in. A pattern that matches
/// nothing, or a path that does not exist, is an error.
pub(crate) fn expand(args: &[String]) -> Result<Vec<Source>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut stdin = None;
    for arg in args {
        if arg == "-" {
            if stdin.is_none() {
                use std::io::Read;
                let mut bytes = Vec::new();
                std::io::stdin().lock().read_to_end(&mut bytes).map_err(|e| Error::io(STDIN_NAME, e))?;
                stdin = Some(Source::Stdin(std::sync::Arc::new(bytes)));
            }
            continue;
        }
        let direct = PathBuf::from(arg);
        if direct.exists() {
            paths.push(direct);
            continue;
        }
        if !arg.contains(['*', '?', '[']) {
            return Err(Error::Usage(format!(
                "input file '{arg}' does not exist (paths and glob patterns such as 'exports/*.csv' are accepted)"
            )));
        }
        let pattern = glob::glob(arg).map_err(|e| Error::Usage(format!("bad glob pattern '{arg}': {e}")))?;
        let before = paths.len();
        for entry in pattern {
            let p = entry.map_err(|e| Error::io(e.path().to_path_buf(), e.into()))?;
            if p.is_file() {
                paths.push(p);
            }
        }
        if paths.len() == before {
            return Err(Error::Usage(format!("glob pattern '{arg}' matches no file")));
        }
    }
    paths.sort();
    paths.dedup();
    // Standard input comes after the files in the (source, row) order.
    Ok(paths.into_iter().map(Source::Path).chain(stdin).collect())
}

/// Hex sha256 of an input's bytes (the report manifest's fingerprint).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
