//! The reader: any supported export (canonical header, a CRM preset, or a
//! `--mapping` file) becomes canonical events (METRICS.md §1).
//!
//! Per source: [`dialect::read_table`] turns the bytes into string columns;
//! the mapping is chosen (`--mapping`, else `--preset`, else detected from
//! the header, canonical first); [`Builder::push_table`] normalises every
//! row. Rows read counts data rows; footer lines (cut by the dialect layer)
//! and blank lines (every cell empty) are reported but not read. Every row
//! read is either an event or a reject: `rows_read = events + rejects`.

use std::collections::BTreeMap;

/// Ids are looked up once per row: a fast hash (foldhash), not SipHash.
type HashMap<K, V> = foldhash::HashMap<K, V>;

use polars::prelude::*;

use super::dialect::{self, Table, ROW};
use super::mapping::{self, Mapping, Resolved, FIELDS};
use super::time::{column_order, is_ambiguous, parse_any, DateOrder, TsError};
use super::{EventLog, FileReport, IngestOptions, Reject, Source};
use crate::error::{Error, Result};
use crate::model::{Channel, Direction, Event, Outcome};

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
            let report = match file {
                Some(s) => s.report,
                None => FileState::empty_report(&plan.dialect, &mapping, &detection, &resolved, &plan.headers, &name),
            };
            b.log.files.push(report);
            continue;
        }
        let table = dialect::read_table(source, &name, opts.sheet.as_deref())?;
        let (mapping, detection) = choose(&table.headers, &name, opts)?;
        let resolved = mapping.resolve(&table.headers).ok_or_else(|| missing(&mapping, &table.headers, &name))?;
        let mut state = FileState::new(&table, &mapping, &detection, &resolved, opts, &name)?;
        b.push_tables(std::slice::from_ref(&table), &mapping, &resolved, &mut state, source_ix, &name)?;
        b.log.files.push(state.report);
    }
    let Builder { mut log, prospects, .. } = b;
    log.prospects = prospects.finish(&mut log.events);
    Ok(log)
}

/// Bits of a provisional prospect code that name its shard.
const SHARD_BITS: u32 = 4;
const SHARDS: usize = 1 << SHARD_BITS;

/// The shard of a prospect id: the top bits of a fixed-seed hash.
/// A provisional code from a shard and an index in it.
fn provisional(shard: usize, index: u32) -> u32 {
    (index << SHARD_BITS) | shard as u32
}

/// The shard and the index in it of a provisional code.
fn unpack(code: u32) -> (usize, usize) {
    ((code as usize) & (SHARDS - 1), (code >> SHARD_BITS) as usize)
}

fn shard_of(id: &str) -> u8 {
    use std::hash::BuildHasher;
    (foldhash::fast::FixedState::default().hash_one(id) >> (64 - SHARD_BITS)) as u8
}

#[derive(Default)]
struct Shard {
    index: HashMap<String, u32>,
    ids: Vec<String>,
}

/// The prospect ids of a read, interned in shards by a hash of the id so
/// that batches are merged on every core. Until [`ProspectIds::finish`], a
/// code is `index << SHARD_BITS | shard`; `finish` renumbers every code in
/// id order, so the result does not depend on the shards or the threads.
struct ProspectIds {
    shards: Vec<Shard>,
}

impl Default for ProspectIds {
    fn default() -> Self {
        ProspectIds { shards: (0..SHARDS).map(|_| Shard::default()).collect() }
    }
}

impl ProspectIds {
    /// Provisional codes for each batch's local ids (in their order), given
    /// each id's shard.
    fn intern(&mut self, batches: &[(&[&str], &[u8])]) -> Vec<Vec<u32>> {
        use rayon::prelude::*;
        let mut per_shard: Vec<Vec<(u32, u32)>> = vec![Vec::new(); SHARDS];
        for (bi, (_, shards)) in batches.iter().enumerate() {
            for (li, &shard) in shards.iter().enumerate() {
                per_shard[shard as usize].push((bi as u32, li as u32));
            }
        }
        let codes: Vec<Vec<u32>> = self
            .shards
            .par_iter_mut()
            .zip(per_shard.par_iter())
            .enumerate()
            .map(|(s, (shard, items))| {
                items
                    .iter()
                    .map(|&(bi, li)| {
                        provisional(s, intern(&mut shard.index, &mut shard.ids, batches[bi as usize].0[li as usize]))
                    })
                    .collect()
            })
            .collect();
        let mut out: Vec<Vec<u32>> = batches.iter().map(|b| vec![0; b.0.len()]).collect();
        for (items, codes) in per_shard.iter().zip(&codes) {
            for (&(bi, li), &c) in items.iter().zip(codes) {
                out[bi as usize][li as usize] = c;
            }
        }
        out
    }

    /// Renumber prospects in id order (ordered by the first 8 bytes as an
    /// integer, ties by the whole id: the order of comparing the strings),
    /// rewrite the events' codes and return the ids by final code. The
    /// sorted timeline then yields prospects in id order and the facts come
    /// out sorted, with no sort of id strings later.
    fn finish(mut self, events: &mut [Event]) -> Vec<String> {
        use rayon::prelude::*;
        let shards = &self.shards;
        let id = |c: u32| {
            let (s, i) = unpack(c);
            shards[s].ids[i].as_str()
        };
        let prefix = |s: &str| {
            let mut b = [0u8; 8];
            let n = s.len().min(8);
            b[..n].copy_from_slice(&s.as_bytes()[..n]);
            u64::from_be_bytes(b)
        };
        let mut keys: Vec<(u64, u32)> = shards
            .par_iter()
            .enumerate()
            .flat_map_iter(|(s, shard)| {
                shard.ids.iter().enumerate().map(move |(i, v)| (prefix(v), provisional(s, i as u32)))
            })
            .collect();
        keys.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| id(a.1).cmp(id(b.1))));
        let mut rank: Vec<Vec<u32>> = shards.iter().map(|s| vec![0; s.ids.len()]).collect();
        for (r, k) in keys.iter().enumerate() {
            let (s, i) = unpack(k.1);
            rank[s][i] = r as u32;
        }
        events.par_iter_mut().for_each(|e| {
            let (s, i) = unpack(e.prospect);
            e.prospect = rank[s][i];
        });
        keys.iter()
            .map(|k| {
                let (s, i) = unpack(k.1);
                std::mem::take(&mut self.shards[s].ids[i])
            })
            .collect()
    }
}

/// A zone a CRM writes into the time column's header, e.g. `Created Date
/// (UTC)` or `Activity date (America/New_York)`: the zone of its naive
/// times. `--tz` and a mapping's `[time] tz` win over it.
fn zone_in_header(header: &str) -> Option<chrono_tz::Tz> {
    let inner = header.rsplit_once('(')?.1.strip_suffix(')')?.trim();
    match inner.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" => Some(chrono_tz::UTC),
        _ => super::time::parse_tz(inner),
    }
}

/// The reason of a row dated outside the plausible window. The run's clock
/// is not written out, so reruns write the same rejects file.
fn implausible(early: bool, bound: i64, to_given: bool) -> String {
    if early {
        format!("implausible date: before {} (a mistyped year? widen with --dates-from)", crate::time::format_ts(bound))
    } else if to_given {
        format!("implausible date: after {} (--dates-to)", crate::time::format_ts(bound))
    } else {
        "implausible date: in the future (a planned activity, or a mistyped year; widen with --dates-to)".into()
    }
}

/// What is decided once per file and accumulated across its batches.
struct FileState {
    /// The plausible event-time window, fixed once per file.
    window: (i64, i64),
    /// Whether `--dates-to` set the window's end (else: the clock).
    to_given: bool,
    report: FileReport,
    tz: Option<chrono_tz::Tz>,
    format: Option<String>,
    order: Option<DateOrder>,
}

impl FileState {
    /// Decide the zone, time format and day/month order from the file's
    /// first table (the whole file, or the first streamed batch).
    fn new(
        table: &Table,
        m: &Mapping,
        detection: &Option<mapping::Detection>,
        r: &Resolved,
        opts: &IngestOptions,
        name: &str,
    ) -> Result<FileState> {
        let df = &table.df;
        let ctx = || Error::polars(format!("{name}: reading columns"));
        let ts_cols: Vec<StringChunked> = r.fields[1]
            .iter()
            .map(|c| Ok(df.column(c).map_err(ctx())?.str().map_err(ctx())?.clone()))
            .collect::<Result<_>>()?;
        let tz = opts
            .tz
            .or_else(|| m.time.tz.as_deref().and_then(super::time::parse_tz))
            .or_else(|| r.fields[1].first().and_then(|h| zone_in_header(h)));
        let format = m.time.format.clone().filter(|f| !f.eq_ignore_ascii_case("auto"));
        let order = if format.is_some() { None } else { date_order(&ts_cols, m, opts, name, &r.fields[1][0])? };
        let mut report = Self::empty_report(&table.dialect, m, detection, r, &table.headers, name);
        report.date_order = order;
        report.tz = tz.map(|z| z.name().to_string());
        Ok(FileState { window: opts.date_window(), to_given: opts.dates_to.is_some(), report, tz, format, order })
    }

    fn empty_report(
        dialect: &dialect::Dialect,
        m: &Mapping,
        detection: &Option<mapping::Detection>,
        r: &Resolved,
        headers: &[String],
        name: &str,
    ) -> FileReport {
        let unused = r.unused(m, headers);
        FileReport {
            source: name.to_string(),
            preset: m.name.clone(),
            detected: detection.is_some(),
            detection: detection.clone().unwrap_or_default(),
            dialect: dialect.clone(),
            columns: r.fields.clone(),
            suspicious: mapping::suspicious(&unused),
            unused,
            unmapped: (2..FIELDS.len()).filter(|&i| r.fields[i].is_empty()).map(|i| FIELDS[i]).collect(),
            ..FileReport::default()
        }
    }
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

fn intern(map: &mut HashMap<String, u32>, table: &mut Vec<String>, key: &str) -> u32 {
    if let Some(&i) = map.get(key) {
        return i;
    }
    let i = table.len() as u32;
    table.push(key.to_string());
    map.insert(key.to_string(), i);
    i
}

fn count_unknown(map: &mut BTreeMap<String, u64>, raw: &str) {
    *map.entry(raw.trim().to_ascii_lowercase()).or_insert(0) += 1;
}

/// A translated cell: the first recognised value among a field's columns,
/// else the first non-empty spelling (unknown), else empty.
enum Cell<'a, T> {
    Known(T),
    Unknown(&'a str),
    Empty,
}

/// The day/month order for a file: flag, then mapping, then the column.
fn date_order(
    ts: &[StringChunked],
    m: &Mapping,
    opts: &IngestOptions,
    name: &str,
    col: &str,
) -> Result<Option<DateOrder>> {
    if let Some(o) = opts.date_order {
        return Ok(Some(o));
    }
    if let Some(o) = m.time.date_order.as_deref().and_then(DateOrder::parse) {
        return Ok(Some(o));
    }
    let values = ts.iter().flat_map(|c| c.iter().flatten());
    match column_order(values) {
        Err((d, m)) => Err(Error::Input {
            file: name.to_string(),
            row: None,
            column: Some(col.to_string()),
            message: format!(
                "the dates disagree on day/month order: '{d}' must be day first but '{m}' must be month first; \
                 fix the column or pass --date-order dmy|mdy (rows that do not fit are then rejected)"
            ),
        }),
        Ok(Some(o)) => Ok(Some(o)),
        Ok(None) => match ts.iter().flat_map(|c| c.iter().flatten()).find(|v| is_ambiguous(v)) {
            Some(example) => Err(Error::Input {
                file: name.to_string(),
                row: None,
                column: Some(col.to_string()),
                message: format!(
                    "dates such as '{example}' could be day/month or month/day and no value in the column decides it; \
                     pass --date-order dmy (day first) or --date-order mdy (month first)"
                ),
            }),
            None => Ok(None),
        },
    }
}

fn parse_custom(raw: &str, format: &str, tz: Option<chrono_tz::Tz>) -> Result<i64, TsError> {
    use chrono::{NaiveDate, NaiveDateTime, TimeZone};
    if let Ok(t) = chrono::DateTime::parse_from_str(raw, format) {
        return Ok(t.timestamp_micros());
    }
    let naive = NaiveDateTime::parse_from_str(raw, format)
        .or_else(|_| NaiveDate::parse_from_str(raw, format).map(|d| d.and_hms_opt(0, 0, 0).expect("midnight")))
        .map_err(|_| TsError::Format)?;
    match tz {
        None => Ok(naive.and_utc().timestamp_micros()),
        Some(z) => match z.from_local_datetime(&naive) {
            chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => Ok(t.timestamp_micros()),
            chrono::LocalResult::None => Err(TsError::NonexistentLocal),
        },
    }
}

/// What one table (a whole file or one streamed batch) normalises to, with
/// ids interned locally in first-appearance order: batches are normalised
/// in parallel and merged in file order by [`Builder::merge`], so the event
/// order is that of a sequential read (and prospect codes end in id order,
/// see [`ProspectIds::finish`]).
struct Batch<'a> {
    events: Vec<Event>,
    /// Local prospect ids; `Event::prospect` indexes this until the merge.
    prospects: Vec<&'a str>,
    /// The shard of each local prospect id (see [`ProspectIds`]), hashed
    /// here, on the batch's core.
    shards: Vec<u8>,
    /// Local rep ids; `Event::rep` indexes this until the merge.
    reps: Vec<&'a str>,
    rejects: Vec<Reject>,
    skipped: Vec<Reject>,
    unknown_channels: BTreeMap<String, u64>,
    unknown_outcomes: BTreeMap<String, u64>,
    rows_read: u64,
    blank_rows: u64,
    ambiguous_dates: u64,
}

/// The string cells of a field's columns, as arrays (single chunk each), so
/// a row's cell is one indexed read.
type Cells = Vec<StrArray>;
type StrArray = <StringType as PolarsDataType>::Array;

fn cell(col: &StrArray, i: usize) -> Option<&str> {
    col.get(i)
}

fn first_cell(cols: &[StrArray], i: usize) -> Option<&str> {
    cols.iter().find_map(|c| cell(c, i).map(str::trim).filter(|s| !s.is_empty()))
}

fn pick_cell<'a, T: Copy>(
    cols: &'a [StrArray],
    i: usize,
    cache: &mut HashMap<&'a str, Option<T>>,
    f: impl Fn(&str) -> Option<T>,
) -> Cell<'a, T> {
    let mut unknown = None;
    for c in cols {
        let Some(v) = cell(c, i).map(str::trim).filter(|s| !s.is_empty()) else { continue };
        let t = *cache.entry(v).or_insert_with(|| f(v));
        match t {
            Some(t) => return Cell::Known(t),
            None => unknown = unknown.or(Some(v)),
        }
    }
    unknown.map_or(Cell::Empty, Cell::Unknown)
}

fn local_intern<'a>(map: &mut HashMap<&'a str, u32>, table: &mut Vec<&'a str>, key: &'a str) -> u32 {
    *map.entry(key).or_insert_with(|| {
        table.push(key);
        table.len() as u32 - 1
    })
}

/// A table's columns as single-chunk string arrays.
struct Columns {
    fields: Vec<Cells>,
    all: Cells,
    skips: Cells,
    rows: Vec<u64>,
}

fn columns(table: &Table, r: &Resolved, name: &str) -> Result<Columns> {
    let df = &table.df;
    let ctx = || Error::polars(format!("{name}: reading columns"));
    let get = |c: &str| -> Result<StrArray> {
        let ca = df.column(c).map_err(ctx())?.str().map_err(ctx())?.rechunk();
        Ok(ca.downcast_as_array().clone())
    };
    let fields =
        r.fields.iter().map(|f| f.iter().map(|c| get(c)).collect::<Result<Vec<_>>>()).collect::<Result<_>>()?;
    let all = table.headers.iter().map(|h| get(h)).collect::<Result<_>>()?;
    let skips = r.skip.iter().map(|rule| get(&rule.column)).collect::<Result<_>>()?;
    let rows = df.column(ROW).map_err(ctx())?.cast(&DataType::UInt64).map_err(ctx())?;
    let rows = rows.u64().map_err(ctx())?.rechunk().cont_slice().map_err(ctx())?.to_vec();
    Ok(Columns { fields, all, skips, rows })
}

/// Normalise every row of one table's columns into a [`Batch`]. Pure: reads
/// the file's decisions in `state`, writes nothing shared.
fn normalise<'a>(c: &'a Columns, m: &Mapping, r: &Resolved, state: &FileState, source: u16, name: &str) -> Batch<'a> {
    let (const_dir, const_channel, const_outcome) =
        (m.constant_direction(), m.constant_channel(), m.constant_outcome());
    let (tz, order) = (state.tz, state.order);
    let (dates_from, dates_to) = state.window;
    let format = state.format.as_deref();
    let sep = m.prospect_id_separator.as_deref().filter(|s| !s.is_empty());
    let (mut dcache, mut ccache, mut ocache) = (HashMap::default(), HashMap::default(), HashMap::default());
    let (mut prospect_ix, mut rep_ix): (HashMap<&str, u32>, HashMap<&str, u32>) = Default::default();
    let height = c.rows.len();
    let mut b = Batch {
        events: Vec::with_capacity(height),
        prospects: Vec::new(),
        shards: Vec::new(),
        reps: Vec::new(),
        rejects: Vec::new(),
        skipped: Vec::new(),
        unknown_channels: BTreeMap::new(),
        unknown_outcomes: BTreeMap::new(),
        rows_read: 0,
        blank_rows: 0,
        ambiguous_dates: 0,
    };
    let cols = &c.fields;
    for i in 0..height {
        let row = c.rows[i];
        let p = first_cell(&cols[0], i);
        if p.is_none() && c.all.iter().all(|col| cell(col, i).is_none_or(|v| v.trim().is_empty())) {
            b.blank_rows += 1;
            continue;
        }
        b.rows_read += 1;
        let reject = |column: &'static str, reason: &str, value: Option<&str>| Reject {
            source: name.to_string(),
            row,
            column,
            reason: reason.to_string(),
            value: value.unwrap_or("").to_string(),
        };
        if let Some((col, rule)) = c.skips.iter().zip(&r.skip).find(|(col, rule)| rule.skips(cell(col, i))) {
            b.skipped.push(reject("row", &rule.reason, cell(col, i)));
            continue;
        }
        let Some(mut p) = p else {
            b.rejects.push(reject("prospect_id", "missing prospect id", None));
            continue;
        };
        if let Some(sep) = sep {
            p = p.split(sep).map(str::trim).find(|s| !s.is_empty()).unwrap_or(p);
        }
        let ts = match first_cell(&cols[1], i) {
            None => {
                b.rejects.push(reject("ts", "missing timestamp", None));
                continue;
            }
            Some(raw) => {
                let parsed = match format {
                    Some(f) => parse_custom(raw, f, tz),
                    None => parse_any(raw, tz, order),
                };
                match parsed {
                    Ok(v) if v < dates_from || v > dates_to => {
                        let why = implausible(
                            v < dates_from,
                            if v < dates_from { dates_from } else { dates_to },
                            state.to_given,
                        );
                        b.rejects.push(reject("ts", &why, Some(raw)));
                        continue;
                    }
                    Ok(v) => {
                        if order.is_some() && is_ambiguous(raw) {
                            b.ambiguous_dates += 1;
                        }
                        v
                    }
                    Err(e) => {
                        b.rejects.push(reject("ts", e.describe(), Some(raw)));
                        continue;
                    }
                }
            }
        };
        let outcome = match pick_cell(&cols[4], i, &mut ocache, |v| m.outcome(v)) {
            Cell::Known(o) => o,
            Cell::Unknown(raw) => {
                count_unknown(&mut b.unknown_outcomes, raw);
                const_outcome.unwrap_or(Outcome::DEFAULT)
            }
            Cell::Empty => const_outcome.unwrap_or(Outcome::DEFAULT),
        };
        let channel = match pick_cell(&cols[3], i, &mut ccache, |v| m.channel(v)) {
            Cell::Known(c) => c,
            Cell::Unknown(raw) => {
                count_unknown(&mut b.unknown_channels, raw);
                const_channel.unwrap_or(Channel::DEFAULT)
            }
            Cell::Empty => const_channel.unwrap_or(Channel::DEFAULT),
        };
        let direction = match pick_cell(&cols[2], i, &mut dcache, |v| m.direction(v)) {
            Cell::Known(d) => d,
            _ => const_dir.unwrap_or_else(|| Direction::derive(outcome)),
        };
        let rep = first_cell(&cols[5], i).map(|id| local_intern(&mut rep_ix, &mut b.reps, id));
        let Ok(event_row) = u32::try_from(row) else {
            b.rejects.push(reject("row", "row number beyond 4,294,967,295: split the file into smaller exports", None));
            continue;
        };
        let prospect = local_intern(&mut prospect_ix, &mut b.prospects, p);
        b.events.push(Event { prospect, ts, direction, channel, outcome, rep, source, row: event_row });
    }
    b.shards = b.prospects.iter().map(|id| shard_of(id)).collect();
    b
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
