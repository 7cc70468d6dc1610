//! The flags of `touchstone worklist` and their validation.

use clap::Args;

use super::analysis::{AnalysisArgs, TableFormat};
use crate::cmd::worklist::WorklistRequest;
use crate::config::AnalysisConfig;
use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct WorklistArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Touches to look ahead: the chance to convert within the next N touches.
    #[arg(long, value_name = "N", default_value_t = crate::metrics::worklist::DEFAULT_NEXT,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub next: u32,

    /// Only the prospects this rep is working (rep of their last touch).
    #[arg(long, value_name = "ID")]
    pub rep: Option<String>,

    /// Show at most N prospects (default: all).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Output format (to standard output).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `touchstone worklist`.
pub fn request(args: &WorklistArgs) -> Result<WorklistRequest> {
    if args.top == Some(0) {
        return Err(Error::Usage("--top: give at least 1 (or leave it out for every open prospect)".into()));
    }
    Ok(WorklistRequest {
        config: AnalysisConfig::from_args(&args.analysis)?,
        next: args.next,
        rep: args.rep.clone(),
        top: args.top,
        format: args.format.into(),
    })
}
