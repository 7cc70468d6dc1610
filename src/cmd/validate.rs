//! `touchstone validate`: the export-quality report before any statistic.
//!
//! Each file is read on its own, so one unreadable file is explained and
//! the others are still checked: which preset read it, the dialect
//! (delimiter, encoding, compression, footer lines), rows read / used /
//! duplicates / rejected with the first reasons, the date range and zone,
//! the day/month order and how many dates needed it, unknown channel and
//! outcome spellings, prospects with no touch and events after as-of.
//! Exit 1 when nothing usable remains in any file.

use std::fmt::Write as _;

use crate::config::InputConfig;
use crate::error::{Error, Result};
use crate::facts::{summary, FactsParams};
use crate::ingest::{canonical, dialect, mapping, outcomes, EventLog, RowCounts, Source};
use crate::time::format_ts;

/// A validated `validate` request.
#[derive(Debug, Clone)]
pub struct ValidateRequest {
    pub input: InputConfig,
    pub params: FactsParams,
    /// Print a mapping file for the first FILE instead of the report.
    pub print_mapping: bool,
}

pub fn run(req: &ValidateRequest) -> Result<()> {
    let (input, params) = (&req.input, req.params);
    if req.print_mapping {
        let source = input.sources.first().ok_or_else(|| Error::Usage("--print-mapping needs a FILE".into()))?;
        let name = source.name();
        let m = match (&input.ingest.mapping, &input.ingest.preset) {
            (Some(m), _) => m.clone(),
            (None, Some(p)) => mapping::Mapping::preset(p).expect("checked in config"),
            (None, None) => {
                let table = dialect::read_table(source, &name, input.ingest.sheet.as_deref())?;
                canonical::choose(&table.headers, &name, &input.ingest)?.0
            }
        };
        return super::print(&format!(
            "# Mapping for {name}; edit it and pass it with --mapping FILE.toml\n{}",
            m.to_toml()
        ));
    }
    let mut out = String::new();
    let mut usable = 0u64;
    if let Some(path) = &input.ingest.summary {
        let _ = writeln!(out, "{} (prospect summary)", path.display());
        match summary::read(path, &input.ingest, params.quiet_days, params.dark_days) {
            Ok(r) => {
                usable += r.facts.prospects.len() as u64;
                let d = &r.dialect;
                let _ = writeln!(
                    out,
                    "  format: {}, delimiter: {}, encoding: {}",
                    d.format,
                    d.delimiter_name(),
                    d.encoding
                );
                let _ = writeln!(
                    out,
                    "  columns: id <- {}, touches <- {}, converted <- {}",
                    r.columns.0, r.columns.1, r.columns.2
                );
                let _ = writeln!(
                    out,
                    "  rows: read {}, used {}, duplicates {}, rejected {}",
                    r.rows_read,
                    r.facts.prospects.len(),
                    r.duplicates,
                    r.rejects.len()
                );
                for w in &r.warnings {
                    let _ = writeln!(out, "  note: {w}");
                }
                for rej in r.rejects.iter().take(5) {
                    let _ = writeln!(out, "    reject: {rej}");
                }
                let conv = r.facts.prospects.iter().filter(|p| p.k.is_some()).count();
                let none = r.facts.prospects.iter().filter(|p| p.n_touches == 0).count();
                let _ = writeln!(
                    out,
                    "  prospects: {}, converted {}, with no touch {}",
                    r.facts.prospects.len(),
                    conv,
                    none
                );
            }
            Err(e) => {
                let _ = writeln!(out, "  UNREADABLE: {e}");
            }
        }
    }
    let mut found = Findings::default();
    for source in &input.sources {
        usable += report_file(source, &input.ingest, &params, &mut out, &mut found);
    }
    if let Some(path) = &input.ingest.outcomes {
        match outcomes::read(path, &input.ingest) {
            Ok(o) => {
                let won = o.values().filter(|r| r.won_at.is_some()).count();
                let lost = o.values().filter(|r| r.lost).count();
                let _ = writeln!(
                    out,
                    "{} (outcomes)\n  prospects: {} ({won} won with a date, {lost} lost)",
                    path.display(),
                    o.len()
                );
            }
            Err(e) => {
                let _ = writeln!(out, "{} (outcomes)\n  UNREADABLE: {e}", path.display());
            }
        }
    }
    super::print(&out)?;
    if let Some(path) = &input.rejects {
        crate::pipeline::write_rejects(path, &found.rejects)?;
    }
    if usable == 0 {
        return Err(Error::NoData("validate: nothing usable remains in the input (see the report above)".into()));
    }
    if input.strict {
        let rejected = found.rejects.iter().filter(|r| !r.skipped).map(|r| &r.reject);
        crate::pipeline::enforce_strict(rejected, found.doubts)?;
    }
    Ok(())
}

/// What `--rejects` and `--strict` need from every file validated.
#[derive(Default)]
struct Findings {
    rejects: Vec<crate::pipeline::RejectRow>,
    /// (file, doubt) of every reading in doubt.
    doubts: Vec<(String, String)>,
}

/// Report one file; returns its usable events (or 0 when unreadable).
fn report_file(
    source: &Source,
    opts: &crate::ingest::IngestOptions,
    params: &FactsParams,
    out: &mut String,
    found: &mut Findings,
) -> u64 {
    let name = source.name();
    let _ = writeln!(out, "{name}");
    let log = match canonical::read(std::slice::from_ref(source), opts) {
        Ok(log) => log,
        Err(e) => {
            let _ = writeln!(out, "  UNREADABLE: {e}");
            return 0;
        }
    };
    let f = &log.files[0];
    let how = if f.detected { "detected" } else { "given" };
    let also = if f.detection.also_matched.is_empty() {
        String::new()
    } else {
        format!("; also matched: {}", f.detection.also_matched.join(", "))
    };
    let _ = writeln!(out, "  preset: {} ({how}{also})", f.preset);
    let cols: Vec<String> = mapping::FIELDS
        .iter()
        .zip(&f.columns)
        .filter(|(_, c)| !c.is_empty())
        .map(|(field, c)| format!("{field} <- {}", c.join(" | ")))
        .collect();
    let _ = writeln!(out, "  columns: {}", cols.join("; "));
    if !f.unused.is_empty() {
        let _ = writeln!(out, "  columns not used: {}", f.unused.join(", "));
    }
    for doubt in crate::pipeline::doubts(f) {
        let _ = writeln!(out, "  WARNING: {doubt}");
        found.doubts.push((name.clone(), doubt));
    }
    for note in f.notes() {
        let _ = writeln!(out, "  note: {note}");
    }
    found.rejects.extend(crate::pipeline::reject_rows(&log));
    let d = &f.dialect;
    let _ = writeln!(
        out,
        "  format: {}, delimiter: {}, encoding: {}, line endings: {}, compression: {}",
        d.format,
        d.delimiter_name(),
        d.encoding,
        d.line_ending.unwrap_or("-"),
        d.compression.unwrap_or("none")
    );
    if !d.footer.is_empty() {
        let lines: Vec<String> = d.footer.iter().map(|l| format!("{l:?}")).collect();
        let _ = writeln!(out, "  footer: {} line(s) after the data, not read: {}", d.footer.len(), lines.join(", "));
    }
    if f.blank_rows > 0 {
        let _ = writeln!(out, "  blank lines skipped: {}", f.blank_rows);
    }
    let used = summarise(&log, params, out);
    let _ = writeln!(
        out,
        "  zone: {} for times without an offset; day/month order: {}{}",
        f.tz.as_deref().unwrap_or("UTC"),
        f.date_order.map_or("not needed", |o| o.as_str()),
        if f.ambiguous_dates > 0 {
            format!(" ({} ambiguous date(s) read with it)", f.ambiguous_dates)
        } else {
            String::new()
        }
    );
    used
}

fn spellings(m: &std::collections::BTreeMap<String, u64>) -> String {
    m.iter().map(|(k, v)| format!("{k:?} ({v})")).collect::<Vec<_>>().join(", ")
}

fn summarise(log: &EventLog, params: &FactsParams, out: &mut String) -> u64 {
    let rejects = &log.rejects;
    let timeline = crate::facts::prepare(log, params.as_of);
    let c = match &timeline {
        Ok(t) => t.counts,
        Err(_) => RowCounts { rows_read: log.rows_read, rejected: rejects.len() as u64, ..Default::default() },
    };
    let _ = writeln!(
        out,
        "  rows: read {}, used {}, duplicates {}, rejected {}, skipped {} (of which automatic replies {})",
        c.rows_read, c.rows_used, c.duplicates, c.rejected, c.skipped, c.auto_replies
    );
    let mut reasons: Vec<(String, u64)> = Vec::new();
    for r in rejects {
        match reasons.iter_mut().find(|(k, _)| *k == r.reason) {
            Some((_, n)) => *n += 1,
            None => reasons.push((r.reason.clone(), 1)),
        }
    }
    for (reason, n) in &reasons {
        let first = rejects.iter().find(|r| &r.reason == reason).expect("present");
        let _ = writeln!(
            out,
            "    rejected {n}x: {reason} (first: row {}, column '{}', value {:?})",
            first.row, first.column, first.value
        );
    }
    let mut skipped: Vec<(String, u64)> = Vec::new();
    for r in &log.skipped {
        match skipped.iter_mut().find(|(k, _)| *k == r.reason) {
            Some((_, n)) => *n += 1,
            None => skipped.push((r.reason.clone(), 1)),
        }
    }
    for (reason, n) in &skipped {
        let first = log.skipped.iter().find(|r| &r.reason == reason).expect("present");
        let _ = writeln!(out, "    skipped {n}x: {reason} (first: row {}, value {:?})", first.row, first.value);
    }
    if !log.unknown_channels.is_empty() {
        let _ = writeln!(out, "  unknown channel spellings (read as other): {}", spellings(&log.unknown_channels));
    }
    if !log.unknown_outcomes.is_empty() {
        let _ = writeln!(out, "  unknown outcome spellings (read as none): {}", spellings(&log.unknown_outcomes));
    }
    let Ok(t) = timeline else {
        let _ = writeln!(out, "  NOTHING USABLE: no row gave an event");
        return 0;
    };
    let (lo, hi) = (log.events.iter().map(|e| e.ts).min(), log.events.iter().map(|e| e.ts).max());
    if let (Some(lo), Some(hi)) = (lo, hi) {
        let _ = writeln!(out, "  dates: {} to {} (UTC)", format_ts(lo), format_ts(hi));
    }
    let _ = writeln!(out, "  events after as-of {}: {}", format_ts(t.as_of), c.after_as_of);
    let f = crate::facts::compute(log, &t, params);
    let no_touch = f.prospects.iter().filter(|p| p.n_touches == 0).count();
    let _ =
        writeln!(out, "  prospects: {}, with no touch (only inbound or bounced events): {no_touch}", f.prospects.len());
    c.events
}
