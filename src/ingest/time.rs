//! Timestamp parsing for the canonical log (formatting lives in
//! [`crate::time`]).
//!
//! Accepted (docs/metrics.md §1, issue "canonical ingest"):
//! - ISO-8601 with `Z` or an offset (`+02:00`, `+0200`, `+02`), normalised to UTC;
//! - naive date-times (`2026-11-02T09:30`, `2026-11-02 09:30:15.123`), taken
//!   as UTC unless a time zone is given (`--tz Europe/Paris`);
//! - date-only values (`2026-11-02`), meaning midnight (in that zone).
//!
//! Fractions beyond microseconds are truncated. The parser is hand-written on
//! bytes because it runs once per event (tens of millions of times) and must
//! reject, not guess, anything outside these shapes.

use crate::time::MICROS_PER_DAY;
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Why a timestamp could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TsError {
    /// Not one of the accepted shapes.
    Format,
    /// The shape is right but the date or time does not exist (e.g. Feb 30).
    OutOfRange,
    /// A local time skipped by a daylight-saving change in the given zone.
    NonexistentLocal,
    /// `01/02/2026` with no day/month order known (`--date-order`).
    Ambiguous,
}

impl TsError {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            TsError::Format => {
                "unrecognised timestamp (expected ISO-8601 such as 2026-11-02T09:30:00Z, \
                 2026-11-02 09:30 or 2026-11-02; or 11/02/2026 9:30 AM, 02.11.2026, epoch seconds)"
            }
            TsError::OutOfRange => "date or time out of range",
            TsError::NonexistentLocal => "local time does not exist in the --tz zone (DST gap)",
            TsError::Ambiguous => "day and month order is ambiguous (pass --date-order dmy or mdy)",
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

/// Day/month order of `NN/NN/YYYY` dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `DD/MM/YYYY` (most of the world).
    Dmy,
    /// `MM/DD/YYYY` (United States).
    Mdy,
}

impl DateOrder {
    pub fn parse(raw: &str) -> Option<DateOrder> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "dmy" => Some(DateOrder::Dmy),
            "mdy" => Some(DateOrder::Mdy),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }
}

/// Split `a/b/yyyy` or `a-b-yyyy` (not ISO) into its two leading numbers,
/// for deciding the day/month order; `None` for any other shape. Dotted
/// dates (`DD.MM.YYYY`) are always day first and are not returned.
pub(crate) fn slash_parts(raw: &str) -> Option<(u32, u32)> {
    let date = raw.trim().split([' ', 'T']).next()?;
    let sep = if date.contains('/') {
        '/'
    } else if date.contains('-') {
        '-'
    } else {
        return None;
    };
    let mut it = date.split(sep);
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The day/month order a whole column implies: `Ok(Some(order))` when some
/// value has a part above 12, `Ok(None)` when no value decides it, `Err`
/// with two contradicting examples when values disagree.
pub(crate) fn column_order<'a>(values: impl Iterator<Item = &'a str>) -> Result<Option<DateOrder>, (String, String)> {
    let mut dmy: Option<&str> = None;
    let mut mdy: Option<&str> = None;
    for v in values {
        if let Some((a, b)) = slash_parts(v) {
            if a > 12 && b <= 12 && dmy.is_none() {
                dmy = Some(v);
            } else if b > 12 && a <= 12 && mdy.is_none() {
                mdy = Some(v);
            }
            if let (Some(d), Some(m)) = (dmy, mdy) {
                return Err((d.to_string(), m.to_string()));
            }
        }
    }
    Ok(match (dmy, mdy) {
        (Some(_), None) => Some(DateOrder::Dmy),
        (None, Some(_)) => Some(DateOrder::Mdy),
        _ => None,
    })
}

/// True when a value's day/month order matters and is not given by itself
/// (`03/04/2026`; not `04/04/2026`, not `13/04/2026`).
pub(crate) fn is_ambiguous(raw: &str) -> bool {
    slash_parts(raw).is_some_and(|(a, b)| a != b && a <= 12 && b <= 12)
}

/// Parse the timestamp shapes real exports use, to microseconds (UTC):
/// everything [`parse_ts`] accepts; `MM/DD/YYYY` or `DD/MM/YYYY` (also
/// with `-`) with an optional time `h:mm[:ss]` and optional `AM`/`PM`;
/// `DD.MM.YYYY[ HH:MM[:SS]]`; epoch seconds (9 to 11 digits) and
/// milliseconds (12 to 14 digits). `order` decides `NN/NN/YYYY`; without
/// it a value whose order matters is [`TsError::Ambiguous`].
/// Whether a time value has day precision only: no clock (`2026-03-02`,
/// `03/02/2026`, `2 Mar 2026`), and not a Unix epoch number (all digits).
pub(crate) fn is_date_only(raw: &str) -> bool {
    let t = raw.trim();
    !t.is_empty() && !t.contains(':') && !t.bytes().all(|c| c.is_ascii_digit())
}

pub fn parse_any(raw: &str, tz: Option<Tz>, order: Option<DateOrder>) -> Result<i64, TsError> {
    let t = raw.trim();
    match parse_ts(t, tz) {
        Ok(v) => return Ok(v),
        Err(TsError::Format) => {}
        Err(e) => return Err(e),
    }
    if !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit()) {
        let n: i64 = t.parse().map_err(|_| TsError::OutOfRange)?;
        let micros = match t.len() {
            9..=11 => n.checked_mul(1_000_000),
            12..=14 => n.checked_mul(1_000),
            _ => return Err(TsError::Format),
        };
        return micros.filter(|m| DateTime::<Utc>::from_timestamp_micros(*m).is_some()).ok_or(TsError::OutOfRange);
    }
    if t.bytes().any(|c| c.is_ascii_alphabetic() && !matches!(c, b'T' | b'A' | b'P' | b'M' | b'a' | b'p' | b'm')) {
        return parse_month_name(t, tz);
    }
    let (date_part, time_part) = match t.find([' ', 'T']) {
        Some(i) => (&t[..i], t[i + 1..].trim()),
        None => (t, ""),
    };
    // Year first with a 12-hour or single-digit clock: `2024-03-05 02:02:11 PM`
    // (Close's "excel" export, HubSpot's report exports), `2024/03/05 14:02`.
    if let [y, m, d] = date_part.split(['-', '/']).collect::<Vec<_>>()[..] {
        if y.len() == 4 && [y, m, d].iter().all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit())) {
            let n = |s: &str| s.parse::<u32>().map_err(|_| TsError::Format);
            let date = NaiveDate::from_ymd_opt(n(y)? as i32, n(m)?, n(d)?).ok_or(TsError::OutOfRange)?;
            let time = if time_part.is_empty() { NaiveTime::MIN } else { parse_clock(time_part)? };
            return local_to_utc(date.and_time(time), tz);
        }
    }
    let dotted = date_part.contains('.');
    let sep = if dotted {
        '.'
    } else if date_part.contains('/') {
        '/'
    } else {
        '-'
    };
    let parts: Vec<&str> = date_part.split(sep).collect();
    if parts.len() != 3 || parts[2].len() != 4 || parts[..2].iter().any(|p| p.is_empty() || p.len() > 2) {
        return Err(TsError::Format);
    }
    let num = |s: &str| -> Result<u32, TsError> {
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().map_err(|_| TsError::Format)
        } else {
            Err(TsError::Format)
        }
    };
    let (a, b, year) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
    let (day, month) = if dotted {
        (a, b)
    } else {
        match order {
            Some(DateOrder::Dmy) => (a, b),
            Some(DateOrder::Mdy) => (b, a),
            None if a == b => (a, b),
            None if a > 12 => (a, b),
            None if b > 12 => (b, a),
            None => return Err(TsError::Ambiguous),
        }
    };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(TsError::OutOfRange)?;
    let time = if time_part.is_empty() { NaiveTime::MIN } else { parse_clock(time_part)? };
    local_to_utc(date.and_time(time), tz)
}

/// English month names, full; their first three letters abbreviate them.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `Mar`, `Mar.`, `March`, `Sept` (any case) to 1..=12.
fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let i = MONTHS.iter().position(|m| w == *m || w == m[..3] || (w == "sept" && *m == "september"))?;
    Some(i as u32 + 1)
}

/// Dates written with an English month name, as CRMs and Excel write them:
/// `05-Mar-2024 14:02` (Salesforce, Zoho), `5 Mar 2024 14:02`, `Mar 5, 2024
/// 2:02 PM` (HubSpot's report exports), `March 5, 2024`, and RFC 2822
/// (`Tue, 05 Mar 2024 14:02:11 GMT`, email headers). A trailing `GMT`/`UTC`/`Z`
/// means UTC; otherwise `tz` applies.
fn parse_month_name(t: &str, tz: Option<Tz>) -> Result<i64, TsError> {
    if let Ok(dt) = DateTime::parse_from_rfc2822(t) {
        return Ok(dt.timestamp_micros());
    }
    let tokens: Vec<&str> = t.split([' ', ',', '-', '/']).filter(|s| !s.is_empty()).collect();
    let weekday = |w: &str| {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().any(|d| w.to_ascii_lowercase().starts_with(d))
    };
    let mut tokens: &[&str] = &tokens;
    if tokens.first().is_some_and(|w| weekday(w) && month_of(w).is_none()) {
        tokens = &tokens[1..];
    }
    let mut utc = false;
    if tokens.last().is_some_and(|w| matches!(w.to_ascii_uppercase().as_str(), "GMT" | "UTC" | "Z")) {
        utc = true;
        tokens = &tokens[..tokens.len() - 1];
    }
    if tokens.len() < 3 {
        return Err(TsError::Format);
    }
    let num = |s: &str| s.trim_end_matches('.').parse::<u32>().map_err(|_| TsError::Format);
    // Day-month-year (`05 Mar 2024`) or month-day-year (`Mar 5 2024`).
    let (day, month, year) = match (month_of(tokens[0]), month_of(tokens[1])) {
        (Some(m), None) => (num(tokens[1])?, m, num(tokens[2])?),
        (None, Some(m)) => (num(tokens[0])?, m, num(tokens[2])?),
        _ => return Err(TsError::Format),
    };
    if tokens[2].len() != 4 {
        return Err(TsError::Format);
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(TsError::OutOfRange)?;
    let clock = tokens[3..].join(" ");
    let time = if clock.is_empty() { NaiveTime::MIN } else { parse_clock(&clock)? };
    let naive = date.and_time(time);
    if utc {
        Ok(naive.and_utc().timestamp_micros())
    } else {
        local_to_utc(naive, tz)
    }
}

/// `h:mm`, `hh:mm:ss`, `hh:mm:ss.ffffff`, each with an optional `AM`/`PM`.
fn parse_clock(raw: &str) -> Result<NaiveTime, TsError> {
    let upper = raw.trim().to_ascii_uppercase();
    let (clock, meridiem) = if let Some(x) = upper.strip_suffix("AM") {
        (x.trim_end(), Some(false))
    } else if let Some(x) = upper.strip_suffix("PM") {
        (x.trim_end(), Some(true))
    } else {
        (upper.as_str(), None)
    };
    let mut it = clock.split(':');
    let num = |s: Option<&str>| -> Result<u32, TsError> {
        let s = s.ok_or(TsError::Format)?;
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|c| c.is_ascii_digit()) {
            return Err(TsError::Format);
        }
        s.parse().map_err(|_| TsError::Format)
    };
    let mut hour = num(it.next())?;
    let minute = num(it.next())?;
    let (second, micro) = match it.next() {
        None => (0, 0),
        Some(s) => {
            let (sec, frac) = s.split_once('.').unwrap_or((s, ""));
            let mut micro = 0u32;
            for (i, c) in frac.bytes().enumerate() {
                if !c.is_ascii_digit() {
                    return Err(TsError::Format);
                }
                if i < 6 {
                    micro = micro * 10 + u32::from(c - b'0');
                }
            }
            for _ in frac.len().min(6)..6 {
                micro *= 10;
            }
            (num(Some(sec))?, micro)
        }
    };
    if it.next().is_some() {
        return Err(TsError::Format);
    }
    if let Some(pm) = meridiem {
        if hour == 0 || hour > 12 {
            return Err(TsError::OutOfRange);
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_micro_opt(hour, minute, second, micro).ok_or(TsError::OutOfRange)
}

/// Parse `--as-of`: a full timestamp, or a date meaning the *end* of that
/// day, 23:59:59.999999 UTC (docs/metrics.md §8.4).
pub fn parse_as_of(raw: &str) -> Result<i64, TsError> {
    let t = raw.trim();
    let start = parse_ts(t, None)?;
    if t.len() == 10 {
        Ok(start + MICROS_PER_DAY - 1)
    } else {
        Ok(start)
    }
}

/// Parse an IANA zone name for `--tz`.
pub fn parse_tz(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}
