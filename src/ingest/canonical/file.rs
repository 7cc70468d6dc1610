//! What is decided once per file: zone, time format, day/month order and
//! the plausible window.

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::dialect::{self, Table};
use crate::ingest::mapping::{self, Mapping, Resolved, FIELDS};
use crate::ingest::time::{column_order, is_ambiguous, DateOrder, TsError};
use crate::ingest::{FileReport, IngestOptions};

/// A zone a CRM writes into the time column's header, e.g. `Created Date
/// (UTC)` or `Activity date (America/New_York)`: the zone of its naive
/// times. `--tz` and a mapping's `[time] tz` win over it.
pub(super) fn zone_in_header(header: &str) -> Option<chrono_tz::Tz> {
    let inner = header.rsplit_once('(')?.1.strip_suffix(')')?.trim();
    match inner.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" => Some(chrono_tz::UTC),
        _ => crate::ingest::time::parse_tz(inner),
    }
}

/// The reason of a row dated outside the plausible window. The run's clock
/// is not written out, so reruns write the same rejects file.
pub(super) fn implausible(early: bool, bound: i64, to_given: bool) -> String {
    if early {
        format!("implausible date: before {} (a mistyped year? widen with --dates-from)", crate::time::format_ts(bound))
    } else if to_given {
        format!("implausible date: after {} (--dates-to)", crate::time::format_ts(bound))
    } else {
        "implausible date: in the future (a planned activity, or a mistyped year; widen with --dates-to)".into()
    }
}

/// What is decided once per file and accumulated across its batches.
pub(super) struct FileState {
    /// The plausible event-time window, fixed once per file.
    pub(super) window: (i64, i64),
    /// Whether `--dates-to` set the window's end (else: the clock).
    pub(super) to_given: bool,
    pub(super) report: FileReport,
    pub(super) tz: Option<chrono_tz::Tz>,
    pub(super) format: Option<String>,
    pub(super) order: Option<DateOrder>,
    /// `--keep-auto-replies`: read automatic replies as responses.
    pub(super) keep_auto_replies: bool,
}

impl FileState {
    /// Decide the zone, time format and day/month order from the file's
    /// first table (the whole file, or the first streamed batch).
    pub(super) fn new(
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
            .or_else(|| m.time.tz.as_deref().and_then(crate::ingest::time::parse_tz))
            .or_else(|| r.fields[1].first().and_then(|h| zone_in_header(h)));
        let format = m.time.format.clone().filter(|f| !f.eq_ignore_ascii_case("auto"));
        let order = if format.is_some() { None } else { date_order(&ts_cols, m, opts, name, &r.fields[1][0])? };
        let mut report = Self::empty_report(&table.dialect, m, detection, r, &table.headers, name);
        report.date_order = order;
        report.tz = tz.map(|z| z.name().to_string());
        Ok(FileState {
            window: opts.date_window(),
            to_given: opts.dates_to.is_some(),
            report,
            tz,
            format,
            order,
            keep_auto_replies: opts.keep_auto_replies,
        })
    }

    pub(super) fn empty_report(
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

/// The day/month order for a file: flag, then mapping, then the column.
pub(super) fn date_order(
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

pub(super) fn parse_custom(raw: &str, format: &str, tz: Option<chrono_tz::Tz>) -> Result<i64, TsError> {
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
