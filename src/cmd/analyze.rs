//! `touchstone analyze`: every metric, as tables, JSON or CSV.

use std::io::Write;
use std::path::Path;

use crate::analysis::Analysis;
use crate::cli::{AnalysisArgs, AnalyzeArgs, Format};
use crate::config::AnalysisConfig;
use crate::error::{Error, Result};
use crate::pipeline;
use crate::report::{self, Output};

/// Load the input (events, summary or facts) and compute the whole analysis.
/// Shared by `analyze` and `claims`.
pub fn build(args: &AnalysisArgs) -> Result<Analysis> {
    let config = AnalysisConfig::from_args(args)?;
    let loaded = pipeline::load(&config)?;
    Ok(pipeline::analyze(&loaded, &config))
}

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    if args.format == Format::Csv && args.out.is_none() {
        return Err(Error::Usage("--format csv writes one file per table: give the folder with --out DIR".into()));
    }
    let analysis = build(&args.analysis)?;
    let output = report::renderer(args.format.into()).analysis(&analysis)?;
    emit(output, args.out.as_deref())
}

/// Print text to stdout, or write files into `dir` (created if needed).
pub fn emit(output: Output, dir: Option<&Path>) -> Result<()> {
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
