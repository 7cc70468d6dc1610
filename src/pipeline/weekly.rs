//! The weekly report's computation: the event log read once, and each
//! week's analysis with the as-of instant at the end of that ISO week
//! (docs/metrics.md §2), through the same [`Run`] and [`super::analyze`] as
//! `touchstone analyze --as-of <week end>`, so a week's `metrics.json` is
//! that command's JSON document: the same reading, the same `--outcomes`
//! check, the same `--strict`. The trends read the run's facts at each week
//! end, built once per instant from the one log. Rendering and writing the
//! folder is [`crate::report::weekly`]'s job.

use super::Run;
use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::analysis::trends::{self, WeekTrend};
use crate::analysis::{Analysis, InputFile};
use crate::config::AnalysisConfig;
use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::ingest::sources::sha256_hex;
use crate::ingest::Source;
use crate::time::Week;

/// The inputs of a report, read once.
pub struct Weekly {
    run: Run,
    /// The configuration, with no as-of (each week sets its own).
    config: AnalysisConfig,
    /// Input files with their sha256, in source order, then the outcomes file.
    pub inputs: Vec<InputFile>,
    /// The latest valid timestamp in the data.
    pub latest: i64,
    /// Trend rows already computed, by week: a row depends on its week
    /// alone, and the reported weeks of `--weeks N` share most of theirs.
    rows: RefCell<BTreeMap<Week, WeekTrend>>,
}

impl Weekly {
    /// Read the event log (and outcomes file) once.
    pub fn load(config: AnalysisConfig) -> Result<Weekly> {
        let input =
            config.input().cloned().ok_or_else(|| Error::Usage("report needs event FILES, not --facts".into()))?;
        let run = Run::open_events(&input, &FactsParams { as_of: None, ..config.facts })?;
        let log = run.log().expect("events input");
        let Some(latest) = log.events.iter().map(|e| e.ts).max() else {
            return Err(Error::NoData(format!(
                "no usable rows in {}: {} row(s) read, {} rejected; run with --rejects FILE to see why",
                log.sources.join(", "),
                log.rows_read,
                log.rejects.len()
            )));
        };
        let mut inputs = Vec::new();
        for source in &input.sources {
            let bytes = match source {
                Source::Path(p) => std::fs::read(p).map_err(|e| Error::io(p, e))?,
                Source::Embedded { bytes, .. } => bytes.to_vec(),
                Source::Stdin(bytes) => bytes.to_vec(),
            };
            inputs.push(InputFile {
                path: source.name(),
                role: "events".into(),
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            });
        }
        if let Some(p) = &input.ingest.outcomes {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            inputs.push(InputFile {
                path: p.display().to_string(),
                role: "outcomes".into(),
                bytes: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            });
        }
        let config = AnalysisConfig { facts: FactsParams { as_of: None, ..config.facts }, ..config };
        Ok(Weekly { run, config, inputs, latest, rows: RefCell::new(BTreeMap::new()) })
    }

    /// The default week: the last complete ISO week that has events (a
    /// week with none would report on nothing). When no complete week has
    /// any (all the data is in the latest, unfinished week), that week.
    pub fn default_week(&self) -> Week {
        let complete = Week::last_complete(self.latest);
        let events = &self.run.log().expect("events input").events;
        match events.iter().map(|e| e.ts).filter(|&t| t <= complete.end_micros()).max() {
            Some(t) => Week::of_micros(t),
            None => Week::of_micros(self.latest),
        }
    }

    /// The analysis document as of the end of `week`.
    pub fn analysis(&self, week: Week) -> Result<Analysis> {
        let config = AnalysisConfig {
            facts: FactsParams { as_of: Some(week.end_micros()), ..self.config.facts },
            ..self.config.clone()
        };
        let loaded = self.run.loaded_at(week.end_micros())?;
        Ok(super::analyze(&loaded, &config))
    }

    /// The trend rows of the `n` weeks ending with `week`. Each week's row
    /// is computed once, in runs of consecutive weeks (so that each week's
    /// facts are read with the previous week's, built just before).
    pub fn trends(&self, week: Week, n: usize) -> Result<Vec<WeekTrend>> {
        let weeks = week.last_n(n);
        let mut missing: Vec<Week> = Vec::new();
        for &w in &weeks {
            if !self.rows.borrow().contains_key(&w) {
                missing.push(w);
            }
            let run_ends = self.rows.borrow().contains_key(&w) || w == week;
            if run_ends && !missing.is_empty() {
                for row in trends::compute(&self.run, &missing)? {
                    let w = Week::parse(&row.week).expect("a week the trends were asked for");
                    self.rows.borrow_mut().insert(w, row);
                }
                missing.clear();
            }
        }
        let rows = self.rows.borrow();
        Ok(weeks.iter().map(|w| rows[w].clone()).collect())
    }
}
