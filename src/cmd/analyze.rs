//! `touchstone analyze`: every metric, as tables, JSON or CSV.

use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::config::AnalysisConfig;
use crate::error::{Error, Result};
use crate::pipeline::{self, Run};
use crate::report::folder::{self, Owner};
use crate::report::{self, Format, Output};

/// A validated `analyze` request (built by [`crate::cli::analyze::request`]).
#[derive(Debug, Clone)]
pub struct AnalyzeRequest {
    pub config: AnalysisConfig,
    pub format: Format,
    /// The folder of a format that writes files (`csv`).
    pub out: Option<PathBuf>,
    /// Write into `out` even when it holds files Touchstone did not write.
    pub force: bool,
}

/// Load the input (events, summary or facts) through the one [`Run`] and
/// compute the whole analysis. Shared by `analyze` and `claims`.
pub fn build(config: &AnalysisConfig) -> Result<Analysis> {
    let loaded = Run::open(config)?.loaded()?;
    Ok(pipeline::analyze(&loaded, config))
}

pub fn run(req: &AnalyzeRequest) -> Result<()> {
    let analysis = build(&req.config)?;
    let output = report::renderer(req.format).analysis(&analysis)?;
    emit(output, req.out.as_deref(), req.force)
}

/// Print text to stdout, or write files into `dir` with the one folder
/// writer ([`folder::write`]: written whole, then renamed into place). A
/// folder that holds a file not among `files` (or a sub-folder) is refused
/// unless `force`: it was not written by this command; with `force` it is
/// kept beside the tables.
pub(crate) fn emit(output: Output, dir: Option<&Path>, force: bool) -> Result<()> {
    match output {
        Output::Text(text) => super::print(&text),
        Output::Files(files) => {
            let dir =
                dir.ok_or_else(|| Error::Usage("this format writes files: give the folder with --out DIR".into()))?;
            // Ours: a table this command writes, with the header line it
            // writes (a user's file of the same name is not).
            let first_line = |b: &[u8]| b.split(|&c| c == b'\n').next().map(<[u8]>::to_vec);
            let ours = |root: &Path, rel: &str| {
                files.iter().any(|(n, bytes)| {
                    n == rel && std::fs::read(root.join(rel)).is_ok_and(|old| first_line(&old) == first_line(bytes))
                })
            };
            let foreign = |name: &str| {
                format!(
                    "--out {} holds '{name}', which this command does not write: choose another --out, or pass \
                     --force to write beside it (nothing was written)",
                    dir.display()
                )
            };
            let not_folder = || format!("--out {} is a file, not a folder; name a folder", dir.display());
            folder::write(dir, &files, &Owner { ours: &ours, foreign: &foreign, not_folder: &not_folder }, force)?;
            let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            eprintln!("Wrote {} to {}", names.join(", "), dir.display());
            Ok(())
        }
    }
}
