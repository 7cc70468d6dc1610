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
use crate::metrics::aggregates::{self, io as aggregates_io, Aggregates};
use crate::metrics::{EventLevel, Timed};

/// Facts plus what ingest learned on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub facts: Facts,
    pub ingest: IngestSummary,
    pub inputs: Vec<String>,
    /// The clean event timeline (with prospect ids) when the input was
    /// events; `None` for facts or summary input, where the metrics that need
    /// event times are reported as unavailable. Its `facts_rows` index
    /// `facts` (both are built by [`from_log`]).
    pub timeline: Option<Timeline>,
    /// The event-level aggregates read with facts (`--aggregates`); for
    /// events input they are computed from the timeline when needed
    /// ([`event_aggregates`]).
    pub aggregates: Option<Aggregates>,
}

/// A row of the rejects file: a rejected row, or one skipped as not a contact.
#[derive(Debug, Clone)]
pub(crate) struct RejectRow {
    pub reject: Reject,
    pub skipped: bool,
}

/// The rejects and skipped rows of a log, in (source, row) order.
pub(crate) fn reject_rows(log: &EventLog) -> Vec<RejectRow> {
    let rejected = log.rejects.iter().map(|r| RejectRow { reject: r.clone(), skipped: false });
    let skipped = log.skipped.iter().map(|r| RejectRow { reject: r.clone(), skipped: true });
    let mut all: Vec<RejectRow> = rejected.chain(skipped).collect();
    all.sort_by_key(|r| (log.sources.iter().position(|s| *s == r.reject.source), r.reject.row));
    all
}

/// Write the rejects CSV (header only when nothing was rejected); `kind` is
/// `rejected` (bad data) or `skipped` (not a contact: planned, note, task).
pub(crate) fn write_rejects(path: &Path, rows: &[RejectRow]) -> Result<()> {
    let io = |e: csv::Error| Error::io(path, e.into());
    let mut w = csv::Writer::from_path(path).map_err(|e| match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Usage(format!("--rejects {}: cannot write the file: {e}", path.display())),
        other => Error::Usage(format!("--rejects {}: {other:?}", path.display())),
    })?;
    w.write_record(["source", "row", "column", "reason", "value", "kind"]).map_err(io)?;
    for RejectRow { reject: r, skipped } in rows {
        let kind = if *skipped { "skipped" } else { "rejected" };
        w.write_record([r.source.as_str(), &r.row.to_string(), r.column, &r.reason, &r.value, kind]).map_err(io)?;
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
    crate::progress::stage("start");
    let mut log = canonical::read(&input.sources, &input.ingest)?;
    crate::progress::stage("read and normalise");
    note_files(&log);
    if let Some(path) = &input.ingest.outcomes {
        log.outcomes = outcomes::read(path, &input.ingest)?;
        log.outcomes_until = Some(input.ingest.date_window().1);
        join_outcomes(&log, path)?;
    }
    from_log(log, input, params)
}

/// Say how many outcome ids matched the log; none is a data error, since
/// every conversion the file holds would silently be lost.
fn join_outcomes(log: &EventLog, path: &Path) -> Result<()> {
    let ids: std::collections::HashSet<&str> = log.prospects.iter().map(String::as_str).collect();
    let matched = log.outcomes.keys().filter(|k| ids.contains(k.as_str())).count();
    let won = log.outcomes.iter().filter(|(k, r)| r.won_at.is_some() && ids.contains(k.as_str())).count();
    let total = log.outcomes.len();
    if total > 0 && matched == 0 {
        let sample = |it: &mut dyn Iterator<Item = &String>| it.take(3).cloned().collect::<Vec<_>>().join(", ");
        return Err(Error::Input {
            file: path.display().to_string(),
            row: None,
            column: None,
            message: format!(
                "none of its {total} prospect id(s) is in the touch log, so no outcome would count \
                 (outcome ids look like [{}], log ids like [{}]). Name the column holding the ids the log \
                 uses with --outcomes-id COLUMN, or export the deals with their contact ids.",
                sample(&mut log.outcomes.keys()),
                sample(&mut log.prospects.iter())
            ),
        });
    }
    eprintln!(
        "Outcomes: {matched} of {total} prospect id(s) in {} matched the touch log ({won} won); unmatched ones are ignored.",
        path.display()
    );
    Ok(())
}

/// The stderr notes about how each file was read: the mapping and how it
/// was chosen, what detection also matched, and every warning about a
/// reading that could change a number (see [`doubts`]).
pub(crate) fn note_files(log: &EventLog) {
    for f in &log.files {
        if f.preset != "canonical" {
            let how = if f.detected { "detected from the header" } else { "as asked" };
            let also = if f.detection.also_matched.is_empty() {
                String::new()
            } else {
                format!("; also matched: {}", f.detection.also_matched.join(", "))
            };
            eprintln!("Reading {} with the {} mapping ({how}{also}).", f.source, f.preset);
        }
        for doubt in doubts(f) {
            eprintln!("warning: {}: {doubt}", f.source);
        }
        for note in f.notes() {
            eprintln!("warning: {}: {note}", f.source);
        }
        if f.skipped > 0 {
            eprintln!(
                "{}: {} row(s) skipped as not contacts (planned activities, notes, tasks; listed in --rejects).",
                f.source, f.skipped
            );
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

/// Doubts about how a file was read, each a guess that could change a
/// number: a detected (not UTF-8) encoding, an ambiguous detection, the
/// `generic` fallback, and unused
/// columns that look like direction, status, outcome or a prospect id.
/// `--strict` refuses a file with any.
pub(crate) fn doubts(f: &crate::ingest::FileReport) -> Vec<String> {
    let mut out = Vec::new();
    if f.dialect.encoding_guessed {
        out.push(format!(
            "the file is not UTF-8; it was decoded as {} (detected from its bytes). If names look wrong, \
             re-export it as UTF-8 (CSV UTF-8 in Excel)",
            f.dialect.encoding
        ));
    }
    if f.detection.ambiguous {
        out.push(format!(
            "the header matches the {} and {} presets equally well; pass --preset NAME to choose",
            f.preset,
            f.detection.also_matched.first().map_or("another", String::as_str)
        ));
    }
    if f.detected && f.preset == "generic" {
        out.push(format!(
            "no CRM preset matches, read with the generic column names; no column found for: {}. Check the \
             numbers, or write a mapping (touchstone validate --print-mapping FILE)",
            if f.unmapped.is_empty() { "(all found)".to_string() } else { f.unmapped.join(", ") }
        ));
    }
    for (column, what) in &f.suspicious {
        out.push(format!(
            "column '{column}' is not read but looks like {what}; if it matters, name it in a mapping file \
             (touchstone validate --print-mapping FILE prints one to edit)"
        ));
    }
    out
}

/// `--summary`: facts straight from one row per prospect; no timeline.
fn load_summary(path: &Path, input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
    let read = summary::read(path, &input.ingest, params.quiet_days, params.dark_days)?;
    for w in &read.warnings {
        eprintln!("warning: {}: {w}", path.display());
    }
    if let Some(p) = &input.rejects {
        let rows: Vec<RejectRow> =
            read.rejects.iter().map(|r| RejectRow { reject: r.clone(), skipped: false }).collect();
        write_rejects(p, &rows)?;
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
        aggregates: None,
    })
}

/// The part of [`load_events`] after reading, for callers that hold a log.
pub(crate) fn from_log(mut log: EventLog, input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
    if let Some(path) = &input.rejects {
        write_rejects(path, &reject_rows(&log))?;
    }
    if input.strict {
        if let Some(first) = log.rejects.first() {
            return Err(Error::Strict { count: log.rejects.len() as u64, first: first.to_string() });
        }
        for f in &log.files {
            if let Some(doubt) = doubts(f).into_iter().next() {
                return Err(Error::StrictDoubt { file: f.source.clone(), doubt });
            }
        }
    }
    let events = std::mem::take(&mut log.events);
    let mut timeline = facts::prepare_events(events, &log, params.as_of)?;
    crate::progress::stage("sort and de-duplicate");
    if timeline.counts.same_touch > 0 {
        let w = log.same_touch_within / 1_000_000;
        eprintln!(
            "warning: {} pair(s) of events of one prospect, channel and direction from different files lie within \
             {w} s of each other: one touch logged twice (a sequencer and the CRM)?{}",
            timeline.counts.same_touch,
            if log.merge_same_touch {
                format!(" Merged: each pair counts once ({} merged).", timeline.counts.merged)
            } else {
                " Pass --merge-same-touch to count each pair once.".to_string()
            }
        );
    }
    let (facts, rows) = facts::compute_linked(&log, &timeline, params);
    crate::progress::stage("facts");
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
        aggregates: None,
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
        AnalysisSource::Facts { facts: paths, aggregates: agg_paths } => {
            let facts = facts_io::read(paths)?;
            let mut inputs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let (ingest, aggregates) = if agg_paths.is_empty() {
                (IngestSummary::default(), None)
            } else {
                let agg = aggregates_io::read(agg_paths)?;
                let names: Vec<String> = agg_paths.iter().map(|p| p.display().to_string()).collect();
                agg.check_matches(&facts, &names.join(", "))?;
                inputs.extend(names);
                (agg.ingest_summary(), Some(agg))
            };
            Ok(Loaded { facts, ingest, inputs, timeline: None, aggregates })
        }
    }
}

/// The facts parameters `loaded` was built with: the cut the facts record,
/// the touch channels the aggregates record (else the configured ones).
fn built_with(loaded: &Loaded, config: &AnalysisConfig) -> FactsParams {
    FactsParams {
        quiet_days: loaded.facts.quiet_days,
        dark_days: loaded.facts.dark_days,
        touch_channels: loaded.aggregates.as_ref().map_or(config.facts.touch_channels, |a| a.cut.touch_channels),
        ..config.facts
    }
}

/// The event-level aggregates of events input, computed from the timeline
/// in one pass (`touchstone facts --aggregates`); `None` without a timeline.
/// `touch_channels` are the ones the facts were built with.
pub fn event_aggregates(loaded: &Loaded, touch_channels: crate::model::ChannelSet) -> Option<Aggregates> {
    let timed = loaded.timeline.as_ref().map(|timeline| Timed { timeline, touch_channels, facts_linked: true })?;
    Some(aggregates::compute(&loaded.facts, &timed, &loaded.ingest))
}

/// The prospects behind one number of `analyze` (`touchstone explain`).
pub fn explain(
    loaded: &Loaded,
    config: &AnalysisConfig,
    metric: &str,
    key: Option<&str>,
) -> std::result::Result<analysis::explain::Explanation, String> {
    let claims = if metric == "claim" { analyze(loaded, config).claims } else { Vec::new() };
    let fp = built_with(loaded, config);
    let timed = loaded.timeline.as_ref().map(|timeline| Timed {
        timeline,
        touch_channels: fp.touch_channels,
        facts_linked: true,
    });
    analysis::explain::explain(metric, key, &loaded.facts, timed.as_ref(), &config.metric, &claims)
}

/// Every metric of `loaded`, with the parameters the facts were actually
/// built with echoed in the document.
pub fn analyze(loaded: &Loaded, config: &AnalysisConfig) -> Analysis {
    let fp = built_with(loaded, config);
    let params = Params::new(&fp, &config.metric, config.tz_name());
    let timed = loaded.timeline.as_ref().map(|timeline| Timed {
        timeline,
        touch_channels: fp.touch_channels,
        facts_linked: true,
    });
    crate::progress::stage("before analysis");
    let computed = match (&loaded.aggregates, &timed) {
        (None, Some(t)) => Some(aggregates::compute(&loaded.facts, t, &loaded.ingest)),
        _ => None,
    };
    crate::progress::stage("aggregates");
    let ev = EventLevel { aggregates: loaded.aggregates.as_ref().or(computed.as_ref()), timed: timed.as_ref() };
    let analysis = analysis::compute(
        &loaded.facts,
        ev,
        &loaded.ingest,
        loaded.inputs.clone(),
        params,
        &config.metric,
        &config.claims,
    );
    crate::progress::stage("analysis");
    analysis
}
