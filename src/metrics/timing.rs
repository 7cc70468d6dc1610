//! Timing (docs/metrics.md §11.4): the answer rate of a touch by the local
//! hour of day and the ISO weekday it was sent on, in `--tz`.
//!
//! A touch is answered by the §8.17 rule that the cadence gap buckets use
//! ([`super::cadence::touch_buckets`]). The counts come from the event-level
//! aggregates: one hour × weekday table of (touches, answered), so both
//! tables are its marginals and shards merge by addition (docs/metrics.md
//! §10). The zone is a parameter of the aggregates (their cut): an hour
//! means nothing without it.

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;

use super::aggregates::Aggregates;
use super::cadence::touch_buckets;
use super::explain::{build, Explainable, Explanation, Inputs};
use super::proportion;
use crate::time::MICROS_PER_DAY;

/// Microseconds in an hour.
const MICROS_PER_HOUR: i64 = 3_600_000_000;

/// Labels of the ISO weekdays `1..=7`.
pub const WEEKDAY_LABELS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Answer rate of the touches sent at one local hour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HourRow {
    /// Local hour of day, `0..=23`.
    pub hour: u32,
    pub touches: u64,
    /// Touches answered (§8.17: itself a response, or a response before the next touch).
    pub answered: u64,
    pub rate: Option<f64>,
    pub rate_lo: Option<f64>,
    pub rate_hi: Option<f64>,
}

/// Answer rate of the touches sent on one local ISO weekday.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekdayRow {
    /// ISO weekday: `1` = Monday .. `7` = Sunday.
    pub weekday: u32,
    /// `Mon` .. `Sun`.
    pub label: String,
    pub touches: u64,
    pub answered: u64,
    pub rate: Option<f64>,
    pub rate_lo: Option<f64>,
    pub rate_hi: Option<f64>,
}

/// The local (ISO weekday `1..=7`, hour `0..=23`) of the instant `ts` (µs
/// since the epoch, UTC) in `tz`.
///
/// The zone's offset at that instant is added to the UTC time and the wall
/// clock read off by integer arithmetic, exactly as the SQL of `touchstone
/// sql` does (`@LOCAL_US`), so both routes agree to the microsecond at an
/// hour boundary and across a daylight-saving change.
pub fn local_slot(ts: i64, tz: Tz) -> (u32, u32) {
    let offset_us = if tz == chrono_tz::UTC {
        0
    } else {
        chrono::DateTime::from_timestamp_micros(ts)
            .map_or(0, |t| i64::from(tz.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc()) * 1_000_000)
    };
    let local = ts + offset_us;
    let hour = local.rem_euclid(MICROS_PER_DAY) / MICROS_PER_HOUR;
    // 1970-01-01 was a Thursday (ISO 4).
    let weekday = (local.div_euclid(MICROS_PER_DAY) + 3).rem_euclid(7) + 1;
    (weekday as u32, hour as u32)
}

/// Both timing tables from the aggregates: all 24 hours and all 7 weekdays,
/// rates null where no touch was sent.
pub fn compute(agg: &Aggregates) -> (Vec<HourRow>, Vec<WeekdayRow>) {
    let mut hours = [(0u64, 0u64); 24];
    let mut days = [(0u64, 0u64); 7];
    for (&(weekday, hour, answered), &n) in &agg.timing {
        let x = if answered { n } else { 0 };
        let h = &mut hours[hour as usize];
        h.0 += n;
        h.1 += x;
        let d = &mut days[weekday as usize - 1];
        d.0 += n;
        d.1 += x;
    }
    let by_hour = (0..24u32)
        .map(|hour| {
            let (touches, answered) = hours[hour as usize];
            let (rate, rate_lo, rate_hi) = proportion(answered, touches);
            HourRow { hour, touches, answered, rate, rate_lo, rate_hi }
        })
        .collect();
    let by_weekday = (1..=7u32)
        .map(|weekday| {
            let (touches, answered) = days[weekday as usize - 1];
            let (rate, rate_lo, rate_hi) = proportion(answered, touches);
            let label = WEEKDAY_LABELS[weekday as usize - 1].to_string();
            WeekdayRow { weekday, label, touches, answered, rate, rate_lo, rate_hi }
        })
        .collect();
    (by_hour, by_weekday)
}

/// `response_by_hour HOUR`: the touches sent at that local hour, and the
/// answered ones, by prospect.
pub const EXPLAIN_RESPONSE_BY_HOUR: Explainable = Explainable {
    name: "response_by_hour",
    key: Some("HOUR"),
    key_help: "HOUR: a local hour 0..23 (in --tz)",
    explain: Some(explain_by_hour),
};

/// `response_by_weekday DAY`: the touches sent on that local weekday, and
/// the answered ones, by prospect.
pub const EXPLAIN_RESPONSE_BY_WEEKDAY: Explainable = Explainable {
    name: "response_by_weekday",
    key: Some("DAY"),
    key_help: "DAY: an ISO weekday 1..7 or Mon..Sun (in --tz)",
    explain: Some(explain_by_weekday),
};

fn explain_by_hour(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN_RESPONSE_BY_HOUR.name;
    let raw = key.ok_or("explain response_by_hour needs a KEY: a local hour 0..23")?;
    let hour = raw
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|&h| h < 24)
        .ok_or_else(|| format!("explain response_by_hour: '{raw}' is not an hour 0..23"))?;
    explain_slot(i, metric, key, &format!("sent at local hour {hour:02}"), |_, h| h == hour)
}

fn explain_by_weekday(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN_RESPONSE_BY_WEEKDAY.name;
    let raw = key.ok_or("explain response_by_weekday needs a KEY: an ISO weekday 1..7 or Mon..Sun")?;
    let t = raw.trim();
    let day = WEEKDAY_LABELS
        .iter()
        .position(|l| l.eq_ignore_ascii_case(t))
        .map(|p| p as u32 + 1)
        .or_else(|| t.parse::<u32>().ok().filter(|d| (1..=7).contains(d)))
        .ok_or_else(|| format!("explain response_by_weekday: '{raw}' is not a weekday 1..7 or Mon..Sun"))?;
    let label = WEEKDAY_LABELS[day as usize - 1];
    explain_slot(i, metric, key, &format!("sent on a local {label}"), |d, _| d == day)
}

/// The touches whose local (weekday, hour) `hit` accepts, with the answer
/// rule and the touch positions `compute`'s aggregates count with.
fn explain_slot(
    i: &Inputs,
    metric: &str,
    key: Option<&str>,
    when: &str,
    hit: impl Fn(u32, u32) -> bool,
) -> Result<Explanation, String> {
    let t = i.timed(metric)?;
    let (mut x, mut n, mut rows) = (0, 0, Vec::new());
    for (events, f) in t.groups(i.facts) {
        let touches = t.touch_positions(events);
        let (mut px, mut pn) = (0, 0);
        for (&pos, (_, answered)) in touches.iter().zip(touch_buckets(events, &touches)) {
            let (weekday, hour) = local_slot(events[pos].ts, t.tz);
            if hit(weekday, hour) {
                pn += 1;
                px += u64::from(answered);
            }
        }
        if pn > 0 {
            rows.push((f.prospect_id.clone(), px > 0));
        }
        x += px;
        n += pn;
    }
    rows.sort();
    Ok(build(
        metric,
        key,
        format!(
            "touches {when} ({}) that were answered (itself a response, or a response before the next touch); ids \
             are the prospects those touches went to",
            t.tz.name()
        ),
        ("answered touches", "touches"),
        Some((x, n)),
        rows,
    ))
}
