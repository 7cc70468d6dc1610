//! The flags of `touchstone claims` and their validation.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::analysis::AnalysisArgs;
use crate::cmd::claims::ClaimsRequest;
use crate::config::AnalysisConfig;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClaimsFormat {
    /// A scorecard for people (coloured on a terminal; NO_COLOR turns it off).
    Table,
    /// `{"claims": [...]}`, the same array `analyze --format json` holds.
    Json,
    /// One row per claim and reading.
    Csv,
    /// A Markdown table, for pasting into a doc.
    Md,
}

#[derive(Debug, Args)]
pub struct ClaimsArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ClaimsFormat::Table)]
    pub format: ClaimsFormat,

    /// Explain one claim: the definition used, numerator and denominator,
    /// and up to 20 prospect (or rep) ids behind the number.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,

    /// Write the built-in claims as a commented TOML file to start your own
    /// claims file from (to FILE, or to stdout without one), and stop.
    /// An existing FILE is never overwritten.
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
    pub init: Option<PathBuf>,
}

impl From<ClaimsFormat> for crate::report::Format {
    fn from(f: ClaimsFormat) -> Self {
        match f {
            ClaimsFormat::Table => crate::report::Format::Table,
            ClaimsFormat::Json => crate::report::Format::Json,
            ClaimsFormat::Csv => crate::report::Format::Csv,
            ClaimsFormat::Md => crate::report::Format::Markdown,
        }
    }
}

/// `touchstone claims`.
pub fn request(args: &ClaimsArgs) -> Result<ClaimsRequest> {
    Ok(ClaimsRequest {
        config: AnalysisConfig::from_args(&args.analysis)?,
        format: args.format.into(),
        explain: args.explain.clone(),
        init: args.init.clone(),
    })
}
