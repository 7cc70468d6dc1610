//! Time as the engine counts it: microseconds since the epoch, UTC.
//!
//! The lowest layer: the day length, RFC 3339 formatting, calendar dates
//! and ISO weeks. Parsing the many spellings exports use is ingest's job
//! ([`crate::ingest::time`]).

pub mod weeks;

use chrono::{DateTime, NaiveDate, Utc};

pub use weeks::Week;

/// Microseconds in one day.
pub(crate) const MICROS_PER_DAY: i64 = 86_400_000_000;

/// RFC 3339 in UTC with a `Z`, microseconds only when non-zero:
/// `2026-11-02T09:30:00Z`, `2026-11-22T23:59:59.999999Z`.
pub fn format_ts(micros: i64) -> String {
    match DateTime::<Utc>::from_timestamp_micros(micros) {
        Some(t) if micros % 1_000_000 == 0 => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        None => micros.to_string(),
    }
}

/// The UTC calendar date of an instant.
pub(crate) fn date_of(micros: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp_micros(micros).map_or(NaiveDate::MIN, |t| t.date_naive())
}
