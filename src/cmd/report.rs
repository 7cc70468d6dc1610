//! `touchstone report`: the weekly report folder (HTML page, PNG charts,
//! metrics.json, manifest.json) for one ISO week or the last N weeks.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::AnalysisArgs;
use crate::config;
use crate::error::{Error, Result};
use crate::ingest::time::format_ts;
use crate::metrics::MetricParams;
use crate::report::html;
use crate::report::weekly::{self, Weekly};
use crate::report::weeks::Week;

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// The ISO week to report, e.g. 2026-W47; numbers are as of its end,
    /// Sunday 23:59:59.999999 UTC. Default: the last complete week in the
    /// data (the week of the latest event if that event is on a Sunday,
    /// else the week before).
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
}

pub fn run(args: &ReportArgs) -> Result<()> {
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
        return Err(Error::Usage("report sets the as-of instant to the end of the week: use --week, not --as-of".into()));
    }
    let week = args.week.as_deref().map(Week::parse).transpose().map_err(|e| Error::Usage(format!("--week: {e}")))?;
    let input = config::input(&a.input)?;
    if input.sample {
        eprintln!(
            "No input given: reporting on the bundled sample export {} (pass FILES to report on your own).",
            crate::ingest::sources::SAMPLE_NAME
        );
    }
    let facts = config::facts_params(&a.facts_params)?;
    let metric = MetricParams { cap: a.cap, horizon: a.horizon, min_rep_prospects: a.min_rep_prospects };
    let claims = crate::claims::load(a.claims.as_deref())?;
    let weekly = Weekly::load(input, facts, metric, claims)?;

    let last = match week {
        Some(w) => w,
        None => {
            let w = weekly.default_week();
            eprintln!("Week {w}: the last complete ISO week in the data (latest event {}); pass --week to choose.", format_ts(weekly.latest));
            w
        }
    };
    if crate::report::weeks::date_of(weekly.latest) < last.sunday() {
        eprintln!(
            "Note: the data ends at {}, before the end of {last}: that week's numbers are incomplete.",
            format_ts(weekly.latest)
        );
    }
    let weeks = last.last_n(args.weeks as usize);
    // Render everything before writing anything.
    let mut reports = Vec::with_capacity(weeks.len());
    for &w in &weeks {
        reports.push(weekly.render(w, args.trend_weeks as usize)?);
    }
    if weeks.len() == 1 {
        let dir = args.out.clone().unwrap_or_else(|| Path::new("reports").join(last.to_string()));
        weekly::write_folder_atomic(&dir, &reports[0].files)?;
        eprintln!("Wrote the {last} report to {} ({} files; open index.html).", dir.display(), reports[0].files.len());
    } else {
        let root = args.out.clone().unwrap_or_else(|| PathBuf::from("reports"));
        for r in &reports {
            weekly::write_folder_atomic(&root.join(r.week.to_string()), &r.files)?;
        }
        let listing: Vec<(Week, &[crate::report::trends::WeekTrend])> =
            reports.iter().map(|r| (r.week, r.trends.as_slice())).collect();
        let index = html::index(&listing, env!("CARGO_PKG_VERSION"));
        weekly::write_file_atomic(&root.join("index.html"), index.as_bytes())?;
        eprintln!(
            "Wrote {} weekly reports ({} to {last}) to {} with an index.html listing them.",
            reports.len(),
            weeks[0],
            root.display()
        );
    }
    Ok(())
}
