//! The flags of `touchstone explain` and their validation.

use clap::{Args, ValueEnum};

use super::analysis::AnalysisArgs;
use crate::cmd::explain::ExplainRequest;
use crate::config::AnalysisConfig;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// The definition, the counts and up to --limit ids.
    Table,
    /// Every id of the denominator: prospect_id,in_numerator.
    Csv,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The table: conversion_by_touch, give_up, rep, first_response,
    /// time_to_dark, revival, response_by_gap, channel, claim,
    /// time_to_convert, left_on_table, rep_comparison, worklist,
    /// gap_by_touch, loss_by_intensity or hazard_by_channel.
    #[arg(value_name = "METRIC")]
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
    if matches!(args.metric.as_str(), "time_to_dark" | "revival" | "time_to_convert" | "left_on_table" | "worklist") {
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
