//! The canonical reader: CSV files with the header
//! `prospect_id,ts,direction,channel,outcome,rep_id` (METRICS.md §1).
//!
//! Header names are matched after trimming, dropping a UTF-8 BOM and
//! lower-casing. Only `prospect_id` and `ts` are required; a missing optional
//! column takes its default. polars' lazy CSV reader reads every column as a
//! string (no inference: inference bites on real exports); values are then
//! parsed with the known formats of [`super::time`]. When polars cannot parse
//! a file at all, the file is re-read with the `csv` crate to name the row
//! and column at fault, because polars' own message does not.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::time::parse_ts;
use super::{EventLog, IngestOptions, Reject, Source};
use crate::error::{Error, Result};
use crate::model::{Channel, Direction, Event, Outcome};

/// The canonical columns, in header order.
pub const COLUMNS: [&str; 6] = ["prospect_id", "ts", "direction", "channel", "outcome", "rep_id"];
/// The columns a file must have.
pub const REQUIRED: [&str; 2] = ["prospect_id", "ts"];
const ROW: &str = "__row";

/// Read and normalise every source into one [`EventLog`].
pub fn read(sources: &[Source], opts: &IngestOptions) -> Result<EventLog> {
    let mut b = Builder::default();
    for (index, source) in sources.iter().enumerate() {
        let name = source.name();
        b.log.sources.push(name.clone());
        let df = load(source, &name)?;
        b.push_frame(&df, index as u32, &name, opts)?;
    }
    Ok(b.log)
}

/// Normalise a header cell for matching: trim, drop a BOM, lower-case.
pub fn normalise_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase()
}

fn scan(source: &Source) -> PolarsResult<LazyFrame> {
    let row_index = Some(RowIndex { name: ROW.into(), offset: 1 });
    match source {
        Source::Path(p) => LazyCsvReader::new(PlRefPath::new(p.to_string_lossy().into_owned()))
            .with_glob(false)
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .with_row_index(row_index)
            .finish(),
        // Embedded bytes are small (the bundled sample): read eagerly.
        Source::Embedded { bytes, .. } => CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .with_row_index(row_index)
            .into_reader_with_file_handle(std::io::Cursor::new(*bytes))
            .finish()
            .map(DataFrame::lazy),
    }
}

/// Read one source into a frame with exactly the canonical columns (strings,
/// null where absent) plus the 1-based row number.
fn load(source: &Source, name: &str) -> Result<DataFrame> {
    if let Source::Path(p) = source {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.len() == 0 {
            return Err(Error::input(
                name,
                format!("the file is empty; a touch log needs a header row such as '{}'", COLUMNS.join(",")),
            ));
        }
    }
    let mut lf = scan(source).map_err(|e| diagnose(source, name, e))?;
    let schema = lf.collect_schema().map_err(|e| diagnose(source, name, e))?;
    let found: Vec<(String, String)> = schema
        .iter_names()
        .filter(|n| n.as_str() != ROW)
        .map(|n| (normalise_header(n), n.to_string()))
        .collect();
    let mut exprs = vec![col(ROW)];
    for canonical in COLUMNS {
        match found.iter().find(|(norm, _)| norm == canonical) {
            Some((_, actual)) => exprs.push(col(actual.as_str()).cast(DataType::String).alias(canonical)),
            None if REQUIRED.contains(&canonical) => {
                let headers: Vec<&str> = found.iter().map(|(_, a)| a.as_str()).collect();
                return Err(Error::Input {
                    file: name.to_string(),
                    row: None,
                    column: Some(canonical.to_string()),
                    message: format!(
                        "required column is missing; the header has [{}]. A canonical touch log \
                         needs '{}' (only prospect_id and ts are required). If the file is \
                         ';'- or tab-separated or comes from a CRM, convert it to this header first.",
                        headers.join(", "),
                        COLUMNS.join(",")
                    ),
                });
            }
            None => exprs.push(lit(NULL).cast(DataType::String).alias(canonical)),
        }
    }
    lf.select(exprs).collect().map_err(|e| diagnose(source, name, e))
}

/// Turn a polars read failure into an error naming the row and column, by
/// re-reading the bytes with the `csv` crate, which reports positions.
fn diagnose(source: &Source, name: &str, err: PolarsError) -> Error {
    let bytes: Vec<u8> = match source {
        Source::Path(p) => match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => return Error::io(p, e),
        },
        Source::Embedded { bytes, .. } => bytes.to_vec(),
    };
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes.as_slice());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return csv_error(name, &e, &[]),
    };
    for rec in rdr.records() {
        if let Err(e) = rec {
            return csv_error(name, &e, &headers);
        }
    }
    Error::Polars { context: format!("{name}: could not read the file as CSV"), source: err }
}

fn csv_error(name: &str, e: &csv::Error, headers: &[String]) -> Error {
    // csv counts the header as record 0, so a record index is a 1-based data row.
    let row = e.position().map(|p| p.record()).filter(|r| *r > 0);
    let line = e.position().map(|p| format!(" (line {})", p.line())).unwrap_or_default();
    let (column, message) = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => (
            None,
            format!(
                "the row has {len} fields but the header has {expected_len}{line}; \
                 check for an unquoted separator or a missing quote in this row"
            ),
        ),
        csv::ErrorKind::Utf8 { err, .. } => (
            headers.get(err.field()).cloned(),
            format!("the value is not valid UTF-8{line}; re-export the file as UTF-8"),
        ),
        other => (None, format!("{other:?}{line}")),
    };
    Error::Input { file: name.to_string(), row, column, message }
}

#[derive(Default)]
struct Builder {
    log: EventLog,
    prospect_ix: HashMap<String, u32>,
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

impl Builder {
    fn push_frame(&mut self, df: &DataFrame, source: u32, name: &str, opts: &IngestOptions) -> Result<()> {
        let ctx = || Error::polars(format!("{name}: reading columns"));
        let get = |c: &str| -> Result<StringChunked> {
            Ok(df.column(c).map_err(ctx())?.str().map_err(ctx())?.rechunk().into_owned())
        };
        let (pid, ts, dir, chan, outc, rep) =
            (get("prospect_id")?, get("ts")?, get("direction")?, get("channel")?, get("outcome")?, get("rep_id")?);
        let rows = df.column(ROW).map_err(ctx())?.cast(&DataType::UInt64).map_err(ctx())?;
        let rows = rows.u64().map_err(ctx())?.rechunk().into_owned();
        let log = &mut self.log;
        log.events.reserve(df.height());
        let iter = pid.iter().zip(ts.iter()).zip(dir.iter()).zip(chan.iter()).zip(outc.iter()).zip(rep.iter());
        for ((((((p, t), d), c), o), r), row) in iter.zip(rows.iter()) {
            let row = row.unwrap_or(0);
            log.rows_read += 1;
            let reject = |column: &'static str, reason: &str, value: Option<&str>| Reject {
                source: name.to_string(),
                row,
                column,
                reason: reason.to_string(),
                value: value.unwrap_or("").to_string(),
            };
            let p = p.map(str::trim).unwrap_or("");
            if p.is_empty() {
                log.rejects.push(reject("prospect_id", "missing prospect id", None));
                continue;
            }
            let ts = match t.map(str::trim).filter(|s| !s.is_empty()) {
                None => {
                    log.rejects.push(reject("ts", "missing timestamp", None));
                    continue;
                }
                Some(raw) => match parse_ts(raw, opts.tz) {
                    Ok(v) => v,
                    Err(e) => {
                        log.rejects.push(reject("ts", e.describe(), Some(raw)));
                        continue;
                    }
                },
            };
            let outcome = match o.map(str::trim).filter(|s| !s.is_empty()) {
                None => Outcome::DEFAULT,
                Some(raw) => Outcome::parse(raw).unwrap_or_else(|| {
                    count_unknown(&mut log.unknown_outcomes, raw);
                    Outcome::DEFAULT
                }),
            };
            let channel = match c.map(str::trim).filter(|s| !s.is_empty()) {
                None => Channel::DEFAULT,
                Some(raw) => Channel::parse(raw).unwrap_or_else(|| {
                    count_unknown(&mut log.unknown_channels, raw);
                    Channel::DEFAULT
                }),
            };
            let direction = d.and_then(Direction::parse).unwrap_or_else(|| Direction::derive(outcome));
            let rep = match r.map(str::trim).filter(|s| !s.is_empty()) {
                None => None,
                Some(id) => Some(intern(&mut self.rep_ix, &mut log.reps, id)),
            };
            let prospect = intern(&mut self.prospect_ix, &mut log.prospects, p);
            log.events.push(Event { prospect, ts, direction, channel, outcome, rep, source, row });
        }
        Ok(())
    }
}
