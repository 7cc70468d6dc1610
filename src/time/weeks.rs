//! ISO weeks for the weekly report (docs/metrics.md §2: a weekly report's as-of
//! instant is the end of its ISO week, Sunday 23:59:59.999999 UTC).
//!
//! Built on chrono's ISO week calendar, so years with 53 weeks (2026 is
//! one) and weeks that straddle New Year (2027-W01 starts Monday
//! 2027-01-04) come out right.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use super::{date_of, MICROS_PER_DAY};

/// One ISO 8601 week, `YYYY-Www`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    year: i32,
    week: u32,
}

impl Week {
    /// The week, if `year` has that many ISO weeks.
    pub fn new(year: i32, week: u32) -> Option<Week> {
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        let iso = monday.iso_week();
        (iso.year() == year && iso.week() == week).then_some(Week { year, week })
    }

    /// Parse `2026-W47` (also `2026W47`, lower-case `w`).
    pub fn parse(raw: &str) -> Result<Week, String> {
        let t = raw.trim();
        let bad = || format!("'{raw}' is not an ISO week such as 2026-W47");
        let (y, w) = t.split_once(['W', 'w']).ok_or_else(bad)?;
        let y = y.strip_suffix('-').unwrap_or(y);
        if y.len() != 4 || w.is_empty() || w.len() > 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        Week::new(year, week).ok_or_else(|| {
            let weeks = Week::weeks_in(year);
            format!("'{raw}': {year} has ISO weeks 1 to {weeks}")
        })
    }

    /// Number of ISO weeks in `year` (52 or 53).
    pub fn weeks_in(year: i32) -> u32 {
        // 28 December is always in the last ISO week of its year.
        NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week())
    }

    /// The week holding `date`.
    pub(crate) fn of_date(date: NaiveDate) -> Week {
        let iso = date.iso_week();
        Week { year: iso.year(), week: iso.week() }
    }

    /// The week holding the instant `micros` (UTC).
    pub fn of_micros(micros: i64) -> Week {
        Week::of_date(date_of(micros))
    }

    pub fn week(self) -> u32 {
        self.week
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).expect("validated week")
    }

    pub fn sunday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Sun).expect("validated week")
    }

    /// Monday 00:00:00 UTC, in microseconds since the epoch.
    pub fn start_micros(self) -> i64 {
        self.monday().and_hms_opt(0, 0, 0).expect("midnight").and_utc().timestamp_micros()
    }

    /// Sunday 23:59:59.999999 UTC: the report's as-of instant.
    pub fn end_micros(self) -> i64 {
        self.start_micros() + 7 * MICROS_PER_DAY - 1
    }

    pub fn next(self) -> Week {
        Week::of_date(self.monday() + chrono::Duration::days(7))
    }

    pub fn prev(self) -> Week {
        Week::of_date(self.monday() - chrono::Duration::days(7))
    }

    /// The `n` weeks ending with this one, oldest first.
    pub fn last_n(self, n: usize) -> Vec<Week> {
        let mut out = Vec::with_capacity(n);
        let mut w = self;
        for _ in 0..n {
            out.push(w);
            w = w.prev();
        }
        out.reverse();
        out
    }

    /// The last complete week of data whose latest event is at `latest`:
    /// the week of `latest` when `latest` falls on its Sunday (UTC),
    /// otherwise the week before. A log exported on Monday morning thus
    /// reports the week just ended; one exported mid-week reports the
    /// previous, whole week.
    pub fn last_complete(latest: i64) -> Week {
        let date = date_of(latest);
        let week = Week::of_date(date);
        if date.weekday() == Weekday::Sun {
            week
        } else {
            week.prev()
        }
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}
