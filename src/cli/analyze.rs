//! The flags of `touchstone analyze` and their validation.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::analysis::{analysis_inputs, outputs, AnalysisArgs};
use crate::cmd::analyze::AnalyzeRequest;
use crate::config::{self, AnalysisConfig, OutputKind};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    Table,
    /// One JSON document (see the README's output section).
    Json,
    /// One CSV file per table, written into --out DIR.
    Csv,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Output directory for --format csv.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Write into --out DIR even though it holds files Touchstone did not
    /// write (they are left as they are).
    #[arg(long)]
    pub force: bool,
}

impl From<Format> for crate::report::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => crate::report::Format::Table,
            Format::Json => crate::report::Format::Json,
            Format::Csv => crate::report::Format::Csv,
        }
    }
}

/// `touchstone analyze`.
pub fn request(args: &AnalyzeArgs) -> Result<AnalyzeRequest> {
    if args.format == Format::Csv && args.out.is_none() {
        return Err(Error::Usage("--format csv writes one file per table: give the folder with --out DIR".into()));
    }
    let config = AnalysisConfig::from_args(&args.analysis)?;
    let out = if args.format == Format::Csv { args.out.as_ref() } else { None };
    config::check_outputs(
        &analysis_inputs(&config, &args.analysis),
        &outputs(args.analysis.input.rejects.as_ref(), &[("--out", out, OutputKind::Folder)]),
    )?;
    Ok(AnalyzeRequest { config, format: args.format.into(), out: args.out.clone(), force: args.force })
}
