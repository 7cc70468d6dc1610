//! The flags of `touchstone report` and their validation.

use std::path::PathBuf;

use clap::Args;

use super::analysis::{analysis_inputs, outputs, AnalysisArgs};
use crate::cmd::report::ReportRequest;
use crate::config::{self, AnalysisConfig, OutputKind};
use crate::error::{Error, Result};
use crate::time::Week;

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// The ISO week to report, e.g. 2026-W47; numbers are as of its end,
    /// Sunday 23:59:59.999999 UTC. Default: the last complete week that has
    /// events (a week is complete once its Sunday is in the data; when no
    /// complete week has events, the week of the latest event).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,

    /// Render the N weeks ending with --week, one folder each, plus an
    /// index.html listing them.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=260))]
    pub weeks: u32,

    /// Output folder. One week: the report folder itself (default
    /// reports/<week>). With --weeks N: the folder holding the week folders
    /// and the index (default reports).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Weeks shown in the weekly trends chart and table.
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = clap::value_parser!(u32).range(2..=104))]
    pub trend_weeks: u32,

    /// Replace the report folder even though it holds files Touchstone did
    /// not write (they are carried over into the new folder, not deleted).
    #[arg(long)]
    pub force: bool,
}

/// The configuration of `touchstone report`: events only, and the
/// as-of instant comes from the week, not `--as-of`.
fn report_config(args: &ReportArgs) -> Result<AnalysisConfig> {
    let a = &args.analysis;
    if !a.facts.is_empty() {
        return Err(Error::Usage(
            "report rebuilds the facts at the end of each week: give the event FILES, not --facts".into(),
        ));
    }
    if a.input.summary.is_some() {
        return Err(Error::Usage("report needs event dates: give the event FILES, not --summary".into()));
    }
    if a.facts_params.as_of.is_some() {
        return Err(Error::Usage(
            "report sets the as-of instant to the end of the week: use --week, not --as-of".into(),
        ));
    }
    AnalysisConfig::from_args(a)
}

/// `touchstone report`.
pub fn request(args: &ReportArgs) -> Result<ReportRequest> {
    let config = report_config(args)?;
    let week = args.week.as_deref().map(Week::parse).transpose().map_err(|e| Error::Usage(format!("--week: {e}")))?;
    let root = PathBuf::from("reports");
    let out = args.out.as_ref().or((args.weeks > 1).then_some(&root));
    config::check_outputs(
        &analysis_inputs(&config, &args.analysis),
        &outputs(args.analysis.input.rejects.as_ref(), &[("--out", out, OutputKind::Folder)]),
    )?;
    Ok(ReportRequest {
        config,
        week,
        weeks: args.weeks,
        trend_weeks: args.trend_weeks,
        out: args.out.clone(),
        force: args.force,
    })
}
