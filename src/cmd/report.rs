//! `touchstone report`: the weekly report folder (HTML page, PNG charts,
//! metrics.json, manifest.json) for one ISO week or the last N weeks.

use std::path::{Path, PathBuf};

use crate::config::AnalysisConfig;
use crate::error::Result;
use crate::pipeline::weekly::Weekly;
use crate::report::html;
use crate::report::weekly::{self, WeekInput};
use crate::time::{format_ts, Week};

/// A validated `report` request.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    /// Events only; the as-of instant comes from each week.
    pub config: AnalysisConfig,
    /// The (last) week; `None`: the last complete week in the data.
    pub week: Option<Week>,
    /// How many weeks, ending with `week`.
    pub weeks: u32,
    /// Weeks in the trend charts (at least 2).
    pub trend_weeks: u32,
    pub out: Option<PathBuf>,
    /// Replace `out` even when it holds files Touchstone did not write
    /// (they are carried over).
    pub force: bool,
}

pub fn run(req: &ReportRequest) -> Result<()> {
    let config = req.config.clone();
    if config.input().is_some_and(|i| i.sample) {
        eprintln!(
            "No input given: reporting on the bundled sample export {} (pass FILES to report on your own).",
            crate::ingest::sources::SAMPLE_NAME
        );
    }
    let weekly = Weekly::load(config)?;

    let last = match req.week {
        Some(w) => w,
        None => {
            let w = weekly.default_week();
            eprintln!(
                "Week {w}: the last complete ISO week with events (latest event {}); pass --week to choose.",
                format_ts(weekly.latest)
            );
            w
        }
    };
    if crate::time::date_of(weekly.latest) < last.sunday() {
        eprintln!(
            "Note: the data ends at {}, before the end of {last}: that week's numbers are incomplete.",
            format_ts(weekly.latest)
        );
    }
    let weeks = last.last_n(req.weeks as usize);
    // Render everything before writing anything.
    let mut reports = Vec::with_capacity(weeks.len());
    for &w in &weeks {
        let analysis = weekly.analysis(w)?;
        let trends = weekly.trends(w, (req.trend_weeks as usize).max(2))?;
        let files = weekly::render(&WeekInput {
            week: w,
            analysis: &analysis,
            trends: &trends,
            inputs: &weekly.inputs,
            latest: weekly.latest,
        })?;
        reports.push((w, trends, files));
    }
    if weeks.len() == 1 {
        let dir = req.out.clone().unwrap_or_else(|| Path::new("reports").join(last.to_string()));
        weekly::write_folder_atomic(&dir, &reports[0].2, false, req.force)?;
        eprintln!("Wrote the {last} report to {} ({} files; open index.html).", dir.display(), reports[0].2.len());
    } else {
        let root = req.out.clone().unwrap_or_else(|| PathBuf::from("reports"));
        let listing: Vec<(Week, &[crate::analysis::trends::WeekTrend])> =
            reports.iter().map(|(w, trends, _)| (*w, trends.as_slice())).collect();
        let index = html::index(&listing, env!("CARGO_PKG_VERSION"));
        // One set: every week folder and the index in one temporary folder,
        // renamed into place at once.
        let mut set: Vec<(String, Vec<u8>)> = Vec::new();
        for (w, _, files) in &reports {
            set.extend(files.iter().map(|(name, bytes)| (format!("{w}/{name}"), bytes.clone())));
        }
        set.push(("index.html".into(), index.into_bytes()));
        weekly::write_folder_atomic(&root, &set, true, req.force)?;
        eprintln!(
            "Wrote {} weekly reports ({} to {last}) to {} with an index.html listing them.",
            reports.len(),
            weeks[0],
            root.display()
        );
    }
    Ok(())
}
