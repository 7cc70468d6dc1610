//! `touchstone analyze`: every metric, as tables, JSON or CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::config::AnalysisConfig;
use crate::error::{Error, Result};
use crate::pipeline;
use crate::report::{self, Format, Output};

/// A validated `analyze` request (built by [`crate::cli::build`]).
#[derive(Debug, Clone)]
pub struct AnalyzeRequest {
    pub config: AnalysisConfig,
    pub format: Format,
    /// The folder of a format that writes files (`csv`).
    pub out: Option<PathBuf>,
}

/// Load the input (events, summary or facts) and compute the whole analysis.
/// Shared by `analyze` and `claims`.
pub fn build(config: &AnalysisConfig) -> Result<Analysis> {
    let loaded = pipeline::load(config)?;
    Ok(pipeline::analyze(&loaded, config))
}

pub fn run(req: &AnalyzeRequest) -> Result<()> {
    let analysis = build(&req.config)?;
    let output = report::renderer(req.format).analysis(&analysis)?;
    emit(output, req.out.as_deref())
}

/// Print text to stdout, or write files into `dir` (created if needed).
pub(crate) fn emit(output: Output, dir: Option<&Path>) -> Result<()> {
    match output {
        Output::Text(text) => std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| Error::io("<stdout>", e)),
        Output::Files(files) => {
            let dir =
                dir.ok_or_else(|| Error::Usage("this format writes files: give the folder with --out DIR".into()))?;
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            for (name, bytes) in &files {
                let path = dir.join(name);
                std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
            }
            let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
            eprintln!("Wrote {} to {}", names.join(", "), dir.display());
            Ok(())
        }
    }
}
