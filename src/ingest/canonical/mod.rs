//! The reader: any supported export (canonical header, a CRM preset, or a
//! `--mapping` file) becomes canonical events (docs/metrics.md §1).
//!
//! Per source: [`dialect::read_table`] turns the bytes into string columns;
//! the mapping is chosen (`--mapping`, else `--preset`, else detected from
//! the header, canonical first); [`Builder::push_table`] normalises every
//! row. Rows read counts data rows; footer lines (cut by the dialect layer)
//! and blank lines (every cell empty) are reported but not read. Every row
//! read is either an event or a reject: `rows_read = events + rejects`.
//!
//! Private submodules: `file` (what is decided once per file: zone, time
//! format, day/month order, the plausible window), `normalise` (one table's
//! rows to events, rejects and skips, pure and parallel) and `ids` (prospect
//! ids interned in shards and renumbered in id order).

mod file;
mod ids;
mod normalise;

/// Ids are looked up once per row: a fast hash (foldhash), not SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;

use super::dialect::{self, Table};
use super::mapping::{self, Mapping, Resolved};
use super::{EventLog, FileReport, IngestOptions, Source};
use crate::error::{Error, Result};
use file::FileState;
use ids::ProspectIds;
use normalise::{columns, normalise, Batch, Columns};

/// Read and normalise every source into one [`EventLog`].
pub fn read(sources: &[Source], opts: &IngestOptions) -> Result<EventLog> {
    let mut b = Builder::default();
    if sources.len() > usize::from(u16::MAX) {
        return Err(Error::Usage(format!(
            "{} input files in one run; at most {} are read at once: concatenate the exports first",
            sources.len(),
            u16::MAX
        )));
    }
    for (index, source) in sources.iter().enumerate() {
        let name = source.name();
        b.log.sources.push(name.clone());
        let source_ix = index as u16;
        // Large plain CSV files stream through polars in batches, so memory
        // holds the compact events, not the text; everything else is read whole.
        if let Some(plan) = dialect::plan_stream(source, &name, opts.stream_min_bytes)? {
            let (mapping, detection) = choose(&plan.headers, &name, opts)?;
            let resolved = mapping.resolve(&plan.headers).ok_or_else(|| missing(&mapping, &plan.headers, &name))?;
            let warnings = repeats(&plan.dialect, &resolved, &mapping, &name)?;
            let mut file: Option<FileState> = None;
            let progress = opts.progress.then(|| crate::progress::rows(&name));
            let mut pending: Vec<Table> = Vec::with_capacity(WINDOW);
            // A little over the estimate: one allocation for the whole file
            // (growing by doubling would hold 1.5x the events at its peak).
            b.log.events.reserve(plan.est_rows + plan.est_rows / 32);
            dialect::stream_tables(&plan, &name, |table| {
                let state = match &mut file {
                    Some(s) => s,
                    None => file.insert(FileState::new(&table, &mapping, &detection, &resolved, opts, &name)?),
                };
                pending.push(table);
                if pending.len() == WINDOW {
                    b.push_tables(&pending, &mapping, &resolved, state, source_ix, &name)?;
                    pending.clear();
                }
                if let Some(p) = &progress {
                    p.set_position(state.report.rows_read);
                }
                Ok(())
            })?;
            if let Some(state) = &mut file {
                b.push_tables(&pending, &mapping, &resolved, state, source_ix, &name)?;
            }
            if let Some(p) = progress {
                p.finish_and_clear();
            }
            let mut report = match file {
                Some(s) => s.report,
                None => FileState::empty_report(&plan.dialect, &mapping, &detection, &resolved, &plan.headers, &name),
            };
            report.warnings = warnings;
            b.log.files.push(report);
            continue;
        }
        let table = dialect::read_table(source, &name, opts.sheet.as_deref())?;
        let (mapping, detection) = choose(&table.headers, &name, opts)?;
        let resolved = mapping.resolve(&table.headers).ok_or_else(|| missing(&mapping, &table.headers, &name))?;
        let warnings = repeats(&table.dialect, &resolved, &mapping, &name)?;
        let mut state = FileState::new(&table, &mapping, &detection, &resolved, opts, &name)?;
        state.report.warnings = warnings;
        b.push_tables(std::slice::from_ref(&table), &mapping, &resolved, &mut state, source_ix, &name)?;
        b.log.files.push(state.report);
    }
    let Builder { mut log, prospects, .. } = b;
    log.prospects = prospects.finish(&mut log.events);
    log.same_touch_within = opts.same_touch_within.unwrap_or(super::DEFAULT_SAME_TOUCH_WITHIN);
    log.merge_same_touch = opts.merge_same_touch;
    Ok(log)
}

/// Header names repeated in a file (docs/metrics.md §13.4): an error naming
/// both positions when the mapping reads the name (which copy is meant
/// cannot be known), else one warning line per name.
fn repeats(dialect: &dialect::Dialect, r: &Resolved, m: &Mapping, name: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (h, first, again) in &dialect.repeated {
        if r.reads(h) {
            return Err(Error::Input {
                file: name.to_string(),
                row: None,
                column: Some(h.clone()),
                message: format!(
                    "the column name appears twice in the header (columns {first} and {again}) and the {} mapping \
                     reads it, so which copy holds the values cannot be known; rename or drop one copy",
                    m.name
                ),
            });
        }
        out.push(format!(
            "the column name '{h}' appears twice in the header (columns {first} and {again}); the {} mapping \
             does not read it, so the file is read as is",
            m.name
        ));
    }
    Ok(out)
}

/// The mapping for a file and how it was chosen (`None`: named by the user).
pub(crate) fn choose(
    headers: &[String],
    name: &str,
    opts: &IngestOptions,
) -> Result<(Mapping, Option<mapping::Detection>)> {
    if let Some(m) = &opts.mapping {
        return Ok((m.clone(), None));
    }
    if let Some(p) = &opts.preset {
        let m = Mapping::preset(p).ok_or_else(|| {
            Error::Usage(format!("--preset: unknown preset '{p}' (one of {})", Mapping::preset_names().join(", ")))
        })?;
        return Ok((m, None));
    }
    let (m, d) = mapping::detect(headers, name)?;
    Ok((m, Some(d)))
}

fn missing(m: &Mapping, headers: &[String], name: &str) -> Error {
    let field = if m.resolve_field(headers, 0) { "ts" } else { "prospect_id" };
    let cands = if field == "ts" { &m.columns.ts } else { &m.columns.prospect_id };
    Error::Input {
        file: name.to_string(),
        row: None,
        column: Some(field.to_string()),
        message: format!(
            "required column is missing for the {} mapping: none of [{}] is in the header [{}]. \
             Pick another --preset, or write a --mapping FILE.toml naming the column, e.g.\n\n{}",
            m.name,
            cands.join(", "),
            headers.join(", "),
            mapping::MAPPING_EXAMPLE
        ),
    }
}

#[derive(Default)]
struct Builder {
    log: EventLog,
    prospects: ProspectIds,
    rep_ix: HashMap<String, u32>,
}

pub(super) fn intern(map: &mut HashMap<String, u32>, table: &mut Vec<String>, key: &str) -> u32 {
    if let Some(&i) = map.get(key) {
        return i;
    }
    let i = table.len() as u32;
    table.push(key.to_string());
    map.insert(key.to_string(), i);
    i
}

/// Batches normalised at once: enough to keep every core busy while the
/// reader parses the next ones, few enough to keep memory at a few batches.
const WINDOW: usize = 4;

impl Builder {
    /// Normalise tables (in parallel when there are several) and merge them in order.
    fn push_tables(
        &mut self,
        tables: &[Table],
        m: &Mapping,
        r: &Resolved,
        state: &mut FileState,
        source: u16,
        name: &str,
    ) -> Result<()> {
        use rayon::prelude::*;
        // One piece per chunk of the reader's output: reading cells from
        // single-chunk arrays needs no copy into one chunk.
        let mut pieces = Vec::new();
        for t in tables {
            let mut df = t.df.clone();
            for df in df.split_chunks() {
                pieces.push(Table { headers: t.headers.clone(), df, dialect: t.dialect.clone() });
            }
        }
        let cols: Vec<Columns> = pieces.iter().map(|t| columns(t, r, name)).collect::<Result<_>>()?;
        let st: &FileState = state;
        let batches: Vec<Batch> = if cols.len() > 1 {
            cols.par_iter().map(|c| normalise(c, m, r, st, source, name)).collect()
        } else {
            cols.iter().map(|c| normalise(c, m, r, st, source, name)).collect()
        };
        let local: Vec<(&[&str], &[u8])> =
            batches.iter().map(|b| (b.prospects.as_slice(), b.shards.as_slice())).collect();
        let codes = self.prospects.intern(&local);
        for (b, codes) in batches.into_iter().zip(codes) {
            self.merge(b, &codes, &mut state.report);
        }
        Ok(())
    }

    /// Add one batch whose prospects have their provisional codes: intern its
    /// reps (in first-appearance order) and renumber its events.
    fn merge(&mut self, b: Batch, prospects: &[u32], report: &mut FileReport) {
        let log = &mut self.log;
        let reps: Vec<u32> = b.reps.iter().map(|p| intern(&mut self.rep_ix, &mut log.reps, p)).collect();
        log.events.extend(b.events.into_iter().map(|mut e| {
            e.prospect = prospects[e.prospect as usize];
            e.rep = e.rep.map(|r| reps[r as usize]);
            e
        }));
        log.rows_read += b.rows_read;
        report.rows_read += b.rows_read;
        report.blank_rows += b.blank_rows;
        report.ambiguous_dates += b.ambiguous_dates;
        report.day_precision += b.day_precision;
        report.auto_replies += b.auto_replies;
        report.subject_channel += b.subject_channel;
        report.subject_other += b.subject_other;
        report.rejected += b.rejects.len() as u64;
        report.skipped += b.skipped.len() as u64;
        log.rejects.extend(b.rejects);
        log.skipped.extend(b.skipped);
        for (k, v) in b.unknown_channels {
            *log.unknown_channels.entry(k).or_insert(0) += v;
        }
        for (k, v) in b.unknown_outcomes {
            *log.unknown_outcomes.entry(k).or_insert(0) += v;
        }
    }
}
