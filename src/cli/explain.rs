//! The flags of `touchstone explain` and their validation.

use clap::{Args, ValueEnum};

use super::analysis::AnalysisArgs;
use crate::cmd::explain::ExplainRequest;
use crate::config::AnalysisConfig;
use crate::error::Result;
use crate::metrics::EXPLAINABLE;

/// The one-line summary of `touchstone explain` (the top-level help).
pub(super) const ABOUT: &str = "The prospects behind any number of `analyze`: the definition used, numerator and \
                                denominator, and the prospect ids, to open in the CRM";

/// `touchstone explain --help`: the summary, then every metric of the
/// registry with its KEY.
pub(super) fn long_about() -> String {
    let metrics: Vec<String> =
        EXPLAINABLE.iter().map(|e| e.key.map_or_else(|| e.name.to_string(), |k| format!("{} {k}", e.name))).collect();
    format!("{ABOUT}.\n\nMETRIC and KEY: {}. E.g. `touchstone explain conversion_by_touch 5`.", metrics.join(", "))
}

/// The help of METRIC: every name of the registry.
fn metric_help() -> String {
    let names: Vec<&str> = EXPLAINABLE.iter().map(|e| e.name).collect();
    let (last, rest) = names.split_last().expect("the registry is not empty");
    format!("The table: {} or {last}", rest.join(", "))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// The definition, the counts and up to --limit ids.
    Table,
    /// Every id of the denominator: prospect_id,in_numerator.
    Csv,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    // The list is the registry's (`crate::metrics::EXPLAINABLE`).
    #[arg(value_name = "METRIC", help = metric_help())]
    pub metric: String,

    /// The row: a touch number (5, or 15+ for the cap row), a rep id, a gap
    /// bucket, a channel or a claim id.
    #[arg(value_name = "KEY")]
    pub key: Option<String>,

    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Ids listed in the table format (csv lists all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Table)]
    pub format: ExplainFormat,
}

/// `touchstone explain`.
pub fn request(args: &ExplainArgs) -> Result<ExplainRequest> {
    // A metric without a key takes its first FILE into the KEY slot: give it back.
    let mut analysis = args.analysis.clone();
    let mut key = args.key.clone();
    if crate::metrics::explainable(&args.metric).is_some_and(|e| e.key.is_none()) {
        if let Some(file) = key.take() {
            analysis.input.files.insert(0, file);
        }
    }
    Ok(ExplainRequest {
        config: AnalysisConfig::from_args(&analysis)?,
        metric: args.metric.clone(),
        key,
        limit: args.limit,
        csv: args.format == ExplainFormat::Csv,
    })
}
