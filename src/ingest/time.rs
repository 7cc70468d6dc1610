//! Timestamp parsing and formatting for the canonical log.
//!
//! Accepted (METRICS.md §1, issue "canonical ingest"):
//! - ISO-8601 with `Z` or an offset (`+02:00`, `+0200`, `+02`), normalised to UTC;
//! - naive date-times (`2026-11-02T09:30`, `2026-11-02 09:30:15.123`), taken
//!   as UTC unless a time zone is given (`--tz Europe/Paris`);
//! - date-only values (`2026-11-02`), meaning midnight (in that zone).
//!
//! Fractions beyond microseconds are truncated. The parser is hand-written on
//! bytes because it runs once per event (tens of millions of times) and must
//! reject, not guess, anything outside these shapes.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Microseconds in one day.
pub const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Why a timestamp could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsError {
    /// Not one of the accepted shapes.
    Format,
    /// The shape is right but the date or time does not exist (e.g. Feb 30).
    OutOfRange,
    /// A local time skipped by a daylight-saving change in the given zone.
    NonexistentLocal,
}

impl TsError {
    pub fn describe(self) -> &'static str {
        match self {
            TsError::Format => {
                "unrecognised timestamp (expected ISO-8601 such as 2026-11-02T09:30:00Z, \
                 2026-11-02 09:30 or 2026-11-02)"
            }
            TsError::OutOfRange => "date or time out of range",
            TsError::NonexistentLocal => "local time does not exist in the --tz zone (DST gap)",
        }
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> Option<u32> {
        let s = self.b.get(self.i..self.i + n)?;
        let mut v = 0u32;
        for &c in s {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        self.i += n;
        Some(v)
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

/// Parse one timestamp to microseconds since the epoch (UTC).
///
/// `tz` applies to naive and date-only values only; explicit offsets win.
pub fn parse_ts(raw: &str, tz: Option<Tz>) -> Result<i64, TsError> {
    let mut c = Cursor { b: raw.trim().as_bytes(), i: 0 };
    let year = c.digits(4).ok_or(TsError::Format)?;
    if !c.eat(b'-') {
        return Err(TsError::Format);
    }
    let month = c.digits(2).ok_or(TsError::Format)?;
    if !c.eat(b'-') {
        return Err(TsError::Format);
    }
    let day = c.digits(2).ok_or(TsError::Format)?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(TsError::OutOfRange)?;
    if c.done() {
        return local_to_utc(date.and_time(NaiveTime::MIN), tz);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return Err(TsError::Format);
    }
    let hour = c.digits(2).ok_or(TsError::Format)?;
    if !c.eat(b':') {
        return Err(TsError::Format);
    }
    let minute = c.digits(2).ok_or(TsError::Format)?;
    let mut second = 0;
    let mut micro = 0u32;
    if c.eat(b':') {
        second = c.digits(2).ok_or(TsError::Format)?;
        if c.eat(b'.') || c.eat(b',') {
            let mut n = 0;
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                if n < 6 {
                    micro = micro * 10 + u32::from(d - b'0');
                }
                n += 1;
                c.i += 1;
            }
            if n == 0 {
                return Err(TsError::Format);
            }
            for _ in n..6 {
                micro *= 10;
            }
        }
    }
    let time = NaiveTime::from_hms_micro_opt(hour, minute, second, micro).ok_or(TsError::OutOfRange)?;
    let naive = date.and_time(time);
    if c.done() {
        return local_to_utc(naive, tz);
    }
    let offset_secs: i64 = match c.peek() {
        Some(b'Z') | Some(b'z') => {
            c.i += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let h = c.digits(2).ok_or(TsError::Format)?;
            let colon = c.eat(b':');
            let m = if c.done() && !colon { 0 } else { c.digits(2).ok_or(TsError::Format)? };
            if h > 23 || m > 59 {
                return Err(TsError::OutOfRange);
            }
            let s = i64::from(h * 3600 + m * 60);
            if sign == b'-' {
                -s
            } else {
                s
            }
        }
        _ => return Err(TsError::Format),
    };
    if !c.done() {
        return Err(TsError::Format);
    }
    Ok(naive.and_utc().timestamp_micros() - offset_secs * 1_000_000)
}

fn local_to_utc(naive: NaiveDateTime, tz: Option<Tz>) -> Result<i64, TsError> {
    match tz {
        None => Ok(naive.and_utc().timestamp_micros()),
        // An ambiguous local time (DST fall-back) takes the earlier instant.
        Some(zone) => match zone.from_local_datetime(&naive) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.timestamp_micros()),
            LocalResult::None => Err(TsError::NonexistentLocal),
        },
    }
}

/// Parse `--as-of`: a full timestamp, or a date meaning the *end* of that
/// day, 23:59:59.999999 UTC (METRICS.md §8.4).
pub fn parse_as_of(raw: &str) -> Result<i64, TsError> {
    let t = raw.trim();
    let start = parse_ts(t, None)?;
    if t.len() == 10 {
        Ok(start + MICROS_PER_DAY - 1)
    } else {
        Ok(start)
    }
}

/// RFC 3339 in UTC with a `Z`, microseconds only when non-zero:
/// `2026-11-02T09:30:00Z`, `2026-11-22T23:59:59.999999Z`.
pub fn format_ts(micros: i64) -> String {
    match DateTime::<Utc>::from_timestamp_micros(micros) {
        Some(t) if micros % 1_000_000 == 0 => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        None => micros.to_string(),
    }
}

/// Parse an IANA zone name for `--tz`.
pub fn parse_tz(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}
