//! The shared front half of every command: read the input, account for
//! every row, reduce events to prospect facts, and compute the analysis.
//!
//! [`load`] and [`analyze`] are the one route from an [`AnalysisConfig`] to
//! an [`Analysis`]; `analyze`, `claims`, the weekly report ([`weekly`]) and
//! the tests all go through them.

pub mod weekly;

use std::path::Path;

use crate::analysis::{self, Analysis, Params};
use crate::config::{AnalysisConfig, AnalysisSource, InputConfig};
use crate::error::{Error, Result};
use crate::facts::{self, io as facts_io, summary, Facts, FactsParams, Timeline};
use crate::ingest::{canonical, outcomes, EventLog, IngestSummary, InputKind, Reject};
use crate::metrics::Timed;

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
pub(crate) fn write_rejects(path: &Path, rejects: &[Reject]) -> Result<()> {
    let io = |e: csv::Error| Error::io(path, e.into());
    let mut w = csv::Writer::from_path(path).map_err(io)?;
    w.write_record(["source", "row", "column", "reason", "value"]).map_err(io)?;
    for r in rejects {
        w.write_record([r.source.as_str(), &r.row.to_string(), r.column, &r.reason, &r.value]).map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

/// Read events (or a `--summary` file), join `--outcomes`, write rejects,
/// enforce `--strict`, and build the facts. Says on stderr which preset read
/// each file when it was not the canonical header, and which footer lines
/// were cut.
pub fn load_events(input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
    if let Some(path) = &input.ingest.summary {
        return load_summary(path, input, params);
    }
    let mut log = canonical::read(&input.sources, &input.ingest)?;
    note_files(&log);
    if let Some(path) = &input.ingest.outcomes {
        log.outcomes = outcomes::read(path, &input.ingest)?;
        eprintln!("Outcomes: {} prospect(s) with a won or lost deal in {}.", log.outcomes.len(), path.display());
    }
    from_log(log, input, params)
}

/// The stderr notes about how each file was read.
pub(crate) fn note_files(log: &EventLog) {
    for f in &log.files {
        if f.preset != "canonical" {
            let how = if f.detected { "detected from the header" } else { "as asked" };
            eprintln!("Reading {} with the {} mapping ({how}).", f.source, f.preset);
        }
        if !f.dialect.footer.is_empty() {
            eprintln!(
                "{}: {} footer line(s) after the data were not read: {}",
                f.source,
                f.dialect.footer.len(),
                f.dialect.footer.iter().map(|l| format!("{l:?}")).collect::<Vec<_>>().join(", ")
            );
        }
    }
}

/// `--summary`: facts straight from one row per prospect; no timeline.
fn load_summary(path: &Path, input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
    let read = summary::read(path, &input.ingest, params.quiet_days, params.dark_days)?;
    if let Some(p) = &input.rejects {
        write_rejects(p, &read.rejects)?;
    }
    if input.strict {
        if let Some(first) = read.rejects.first() {
            return Err(Error::Strict { count: read.rejects.len() as u64, first: first.to_string() });
        }
    }
    if read.facts.prospects.is_empty() {
        return Err(Error::NoData(format!(
            "no usable rows in the summary {}: {} row(s) read, {} rejected{}",
            path.display(),
            read.rows_read,
            read.rejects.len(),
            read.rejects.first().map(|r| format!(" (first: {r})")).unwrap_or_default()
        )));
    }
    eprintln!(
        "Summary {}: {} row(s) read, {} prospect(s), {} duplicate(s), {} rejected; touches from '{}', converted from '{}'.",
        path.display(),
        read.rows_read,
        read.facts.prospects.len(),
        read.duplicates,
        read.rejects.len(),
        read.columns.1,
        read.columns.2
    );
    let rows_used = read.facts.prospects.len() as u64;
    Ok(Loaded {
        facts: read.facts,
        ingest: IngestSummary {
            kind: InputKind::Summary,
            rows: Some(crate::ingest::RowCounts {
                rows_read: read.rows_read,
                rows_used,
                duplicates: read.duplicates,
                rejected: read.rejects.len() as u64,
                ..Default::default()
            }),
            ..IngestSummary::default()
        },
        inputs: vec![path.display().to_string()],
        timeline: None,
    })
}

/// The part of [`load_events`] after reading, for callers that hold a log.
pub(crate) fn from_log(mut log: EventLog, input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
    if let Some(path) = &input.rejects {
        write_rejects(path, &log.rejects)?;
    }
    if input.strict {
        if let Some(first) = log.rejects.first() {
            return Err(Error::Strict { count: log.rejects.len() as u64, first: first.to_string() });
        }
    }
    let events = std::mem::take(&mut log.events);
    let mut timeline = facts::prepare_events(events, &log, params.as_of)?;
    let (facts, rows) = facts::compute_linked(&log, &timeline, params);
    timeline.facts_rows = rows;
    timeline.prospects = std::mem::take(&mut log.prospects);
    timeline.reps = std::mem::take(&mut log.reps);
    Ok(Loaded {
        facts,
        ingest: IngestSummary {
            kind: InputKind::Events,
            rows: Some(timeline.counts),
            unknown_channels: log.unknown_channels.clone(),
            unknown_outcomes: log.unknown_outcomes.clone(),
        },
        inputs: log.sources.clone(),
        timeline: Some(timeline),
    })
}

/// Load what `config` names: events (or a summary, or the bundled sample)
/// through ingest and the facts stage, or facts files as written.
pub fn load(config: &AnalysisConfig) -> Result<Loaded> {
    match &config.source {
        AnalysisSource::Events(input) => {
            if input.sample {
                eprintln!(
                    "No input given: using the bundled sample export {} (pass FILES to analyse your own).",
                    crate::ingest::sources::SAMPLE_NAME
                );
            }
            load_events(input, &config.facts)
        }
        AnalysisSource::Facts(paths) => {
            let facts = facts_io::read(paths)?;
            let inputs = paths.iter().map(|p| p.display().to_string()).collect();
            Ok(Loaded { facts, ingest: IngestSummary::default(), inputs, timeline: None })
        }
    }
}

/// Every metric of `loaded`, with the parameters the facts were actually
/// built with echoed in the document.
pub fn analyze(loaded: &Loaded, config: &AnalysisConfig) -> Analysis {
    let fp = FactsParams { quiet_days: loaded.facts.quiet_days, dark_days: loaded.facts.dark_days, ..config.facts };
    let params = Params::new(&fp, &config.metric, config.tz_name());
    let timed = loaded.timeline.as_ref().map(|timeline| Timed { timeline, touch_channels: fp.touch_channels });
    analysis::compute(
        &loaded.facts,
        timed.as_ref(),
        &loaded.ingest,
        loaded.inputs.clone(),
        params,
        &config.metric,
        &config.claims,
    )
}
