//! The weekly report's computation: the event log read once, and each
//! week's analysis with the as-of instant at the end of that ISO week
//! (METRICS.md §2), through the same [`super::from_log`] and
//! [`super::analyze`] as `touchstone analyze --as-of <week end>`, so a
//! week's `metrics.json` is that command's JSON document. Rendering and
//! writing the folder is [`crate::report::weekly`]'s job.

use crate::analysis::trends::{self, WeekTrend};
use crate::analysis::{Analysis, InputFile};
use crate::config::{AnalysisConfig, InputConfig};
use crate::error::{Error, Result};
use crate::facts::FactsParams;
use crate::ingest::sources::sha256_hex;
use crate::ingest::{canonical, outcomes, EventLog, Source};
use crate::time::Week;

/// The inputs of a report, read once.
pub struct Weekly {
    log: EventLog,
    input: InputConfig,
    /// The configuration, with no as-of (each week sets its own).
    config: AnalysisConfig,
    /// Input files with their sha256, in source order, then the outcomes file.
    pub inputs: Vec<InputFile>,
    /// The latest valid timestamp in the data.
    pub latest: i64,
}

impl Weekly {
    /// Read the event log (and outcomes file) once.
    pub fn load(config: AnalysisConfig) -> Result<Weekly> {
        let input =
            config.input().cloned().ok_or_else(|| Error::Usage("report needs event FILES, not --facts".into()))?;
        let mut log = canonical::read(&input.sources, &input.ingest)?;
        super::note_files(&log);
        if let Some(path) = &input.ingest.outcomes {
            log.outcomes = outcomes::read(path, &input.ingest)?;
            log.outcomes_until = Some(input.ingest.date_window().1);
            // As `analyze` does: an outcomes file none of whose ids is in the
            // log would count no outcome, silently.
            super::join_outcomes(&log, path)?;
        }
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
        Ok(Weekly { log, input, config, inputs, latest })
    }

    /// The default week: the last complete ISO week that has events (a
    /// week with none would report on nothing). When no complete week has
    /// any (all the data is in the latest, unfinished week), that week.
    pub fn default_week(&self) -> Week {
        let complete = Week::last_complete(self.latest);
        match self.log.events.iter().map(|e| e.ts).filter(|&t| t <= complete.end_micros()).max() {
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
        let loaded = super::from_log(self.log.clone(), &self.input, &config.facts)?;
        Ok(super::analyze(&loaded, &config))
    }

    /// The trend rows of the `n` weeks ending with `week`.
    pub fn trends(&self, week: Week, n: usize) -> Result<Vec<WeekTrend>> {
        trends::compute(&self.log, &self.config.facts, &week.last_n(n))
    }
}
