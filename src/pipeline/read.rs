//! Reading what a configuration names, once: event files (with the notes
//! on how each was read and the `--outcomes` join), a `--summary` file, or
//! facts files with their aggregates. [`super::Run::open`] is the only
//! caller; what is read here is checked there.

use std::path::{Path, PathBuf};

use super::rejects::{enforce_strict, write_rejects, RejectRow};
use super::Loaded;
use crate::config::InputConfig;
use crate::error::{Error, Result};
use crate::facts::{io as facts_io, summary, FactsParams};
use crate::ingest::{canonical, outcomes, EventLog, IngestSummary, InputKind};
use crate::metrics::aggregates::io as aggregates_io;

/// Read the event files, say on stderr how each was read, and join
/// `--outcomes` (refusing a file none of whose ids is in the log).
pub(super) fn events(input: &InputConfig) -> Result<EventLog> {
    crate::progress::stage("start");
    let mut log = canonical::read(&input.sources, &input.ingest)?;
    crate::progress::stage("read and normalise");
    note_files(&log);
    if let Some(path) = &input.ingest.outcomes {
        log.outcomes = outcomes::read(path, &input.ingest)?;
        log.outcomes_until = Some(input.ingest.date_window().1);
        join_outcomes(&log, path)?;
    }
    Ok(log)
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
        // Automatic replies have their own warning (in `notes`).
        let not_contacts = f.skipped.saturating_sub(f.auto_replies);
        if not_contacts > 0 {
            eprintln!(
                "{}: {not_contacts} row(s) skipped as not contacts (planned activities, notes, tasks, no contact or \
                 lead; listed in --rejects).",
                f.source
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
pub(super) fn summary(path: &Path, input: &InputConfig, params: &FactsParams) -> Result<Loaded> {
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
        enforce_strict(&read.rejects, [])?;
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

/// Facts files as written (`analyze --facts`), with their aggregates
/// checked against them.
pub(super) fn facts(paths: &[PathBuf], agg_paths: &[PathBuf]) -> Result<Loaded> {
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
