//! Time to convert in days (issue "time to dark ...", item 3): from the
//! first touch to the won time `c`, as a Kaplan–Meier curve in which
//! prospects not converted are censored at their last touch plus
//! `quiet_days` or at `T`, whichever is earlier. Conversions with `K = 0`
//! (before any touch) have no first touch to count from and are left out.

use serde::Serialize;

use super::conversion::converted_at;
use super::dark::{days, km_by_day, DayRow};
use super::explain::{build, over, Explainable, Explanation, Inputs};
use crate::facts::Facts;
use crate::stats::{kaplan_meier_times, Z95};
use crate::time::MICROS_PER_DAY;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToConvert {
    /// Prospects with a first touch, converted at or after it.
    pub converted: u64,
    /// Prospects with a first touch not converted (censored).
    pub censored: u64,
    /// Kaplan–Meier median days to convert, null when the curve never reaches 50 %.
    pub median_days: Option<f64>,
    /// 95 % interval of the median (where the band crosses 50 %; null = not reached).
    pub median_lo: Option<f64>,
    pub median_hi: Option<f64>,
    /// Median days among converted prospects only (no censoring; biased short).
    pub median_days_converted_only: Option<f64>,
    /// Share converted by day, with its band.
    pub km: Vec<DayRow>,
}

/// The first time at which a survival-like column drops to 0.5 or below
/// (lifelines' `median_survival_times` convention).
fn crossing(times: &[f64], values: &[f64]) -> Option<f64> {
    times.iter().zip(values).find(|(_, v)| **v <= 0.5).map(|(t, _)| *t)
}

pub fn compute(facts: &Facts) -> Option<TimeToConvert> {
    let as_of = facts.as_of?;
    let quiet = i64::from(facts.quiet_days) * MICROS_PER_DAY;
    let (mut durations, mut observed) = (Vec::new(), Vec::new());
    for f in &facts.prospects {
        let Some(first) = f.first_touch_ts else { continue };
        match (f.won_ts, f.k) {
            (Some(c), Some(k)) if k >= 1 => {
                durations.push(days(c - first));
                observed.push(true);
            }
            (Some(_), _) => {}
            (None, _) => {
                let last = f.last_touch_ts.unwrap_or(first);
                durations.push(days((last + quiet).min(as_of) - first));
                observed.push(false);
            }
        }
    }
    let points = kaplan_meier_times(&durations, &observed, Z95);
    let times: Vec<f64> = points.iter().map(|p| p.time).collect();
    let pick = |f: fn(&crate::stats::KmTimePoint) -> f64| points.iter().map(f).collect::<Vec<_>>();
    let converted_only: Vec<f64> = durations.iter().zip(&observed).filter(|(_, o)| **o).map(|(d, _)| *d).collect();
    Some(TimeToConvert {
        converted: converted_only.len() as u64,
        censored: observed.iter().filter(|o| !**o).count() as u64,
        median_days: crossing(&times, &pick(|p| p.survival)),
        // The lower band on survival crosses 0.5 first: the early end of the interval.
        median_lo: crossing(&times, &pick(|p| p.lo)),
        median_hi: crossing(&times, &pick(|p| p.hi)),
        median_days_converted_only: crate::stats::median(&converted_only),
        km: km_by_day(&durations, &observed),
    })
}

/// `time_to_convert`: prospects with a touch, and those who converted after it.
pub const EXPLAIN: Explainable =
    Explainable { name: "time_to_convert", key: None, key_help: "no key", explain: Some(explain) };

fn explain(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    Ok(build(
        EXPLAIN.name,
        key,
        "prospects with a touch that converted after it (K >= 1); the others are censored at min(last touch + quiet \
         days, T); conversions before any touch are left out"
            .into(),
        ("converted after a touch", "prospects with a touch"),
        None,
        over(i.facts, |f| f.n_touches > 0 && f.k != Some(0), |f| converted_at(f).is_some()),
    ))
}
