//! The flags of `touchstone reps` and their validation.

use clap::Args;

use super::analysis::{AnalysisArgs, TableFormat};
use crate::cmd::reps::RepsRequest;
use crate::config::AnalysisConfig;
use crate::error::Result;

#[derive(Debug, Args)]
pub struct RepsArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Output format (to standard output).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `touchstone reps`.
pub fn request(args: &RepsArgs) -> Result<RepsRequest> {
    Ok(RepsRequest { config: AnalysisConfig::from_args(&args.analysis)?, format: args.format.into() })
}
