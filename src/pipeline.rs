//! The shared front half of every command: read events, account for every
//! row, and reduce them to prospect facts.

use std::path::Path;

use crate::config::InputConfig;
use crate::error::{Error, Result};
use crate::facts::{self, Facts, FactsParams, Timeline};
use crate::ingest::{canonical, EventLog, Reject};
use crate::report::IngestSummary;

/// Facts plus what ingest learned on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub facts: Facts,
    pub ingest: IngestSummary,
    pub inputs: Vec<String>,
    /// The clean event timeline (with prospect ids) when the input was
    /// events; `None` for facts or summary input, where the metrics that need
    /// event times are reported as unavailable.
    pub timeline: Option<Timeline>,
}

/// Write the rejects CSV (header only when nothing was rejected).
pub fn write_rejects(path: &Path, rejects: &[Reject]) -> Result<()> {
    let io = |e: csv::Error| Error::io(path, e.into());
    let mut w = csv::Writer::from_path(path).map_err(io)?;
    w.write_record(["source", "row", "column", "reason", "value"]).map_err(io)?;
    for r in rejects {
        w.write_record([r.source.as_str(), &r.row.to_string(), r.column, &r.reason, &r.value]).map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

/// Read events, write rejects, enforce `--strict`, and build the facts.
pub fn load_events(input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
    let log = canonical::read(&input.sources, &input.ingest)?;
    from_log(log, input, params)
}

/// The part of [`load_events`] after reading, for callers that hold a log.
pub fn from_log(mut log: EventLog, input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
    if let Some(path) = &input.rejects {
        write_rejects(path, &log.rejects)?;
    }
    if input.strict {
        if let Some(first) = log.rejects.first() {
            return Err(Error::Strict { count: log.rejects.len() as u64, first: first.to_string() });
        }
    }
    let mut timeline = facts::prepare(&log, params.as_of)?;
    let facts = facts::compute(&log, &timeline, params);
    timeline.prospects = std::mem::take(&mut log.prospects);
    timeline.reps = std::mem::take(&mut log.reps);
    Ok(Loaded {
        facts,
        ingest: IngestSummary {
            rows: Some(timeline.counts),
            unknown_channels: log.unknown_channels.clone(),
            unknown_outcomes: log.unknown_outcomes.clone(),
        },
        inputs: log.sources.clone(),
        timeline: Some(timeline),
    })
}
