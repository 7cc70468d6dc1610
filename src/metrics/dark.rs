//! Time to dark, chasing after dark, silences and revival, first response
//! (docs/metrics.md §5, §8.5, §8.12–§8.13).
//!
//! Everything per prospect is derived in the facts stage
//! ([`crate::facts::dark`]); the rates and distributions here read facts,
//! except revival by touches and by gap length, which need every silence:
//! they read the event-level aggregates ([`super::aggregates`]) and are null
//! without them (facts input without aggregates, summary input).

use serde::Serialize;

use super::aggregates::Aggregates;
use super::explain::{at, build, over, touch_key, Explainable, Explanation, Inputs};
use super::{proportion, ratio, touch_label, MetricParams};
use crate::facts::{Facts, ProspectFacts};
use crate::stats::{median, quantile, Z95};
use crate::time::MICROS_PER_DAY;

/// Convert a span in microseconds to fractional days.
pub fn days(micros: i64) -> f64 {
    micros as f64 / MICROS_PER_DAY as f64
}

/// Days at which Kaplan–Meier curves over days are reported.
pub(crate) const REPORT_DAYS: [f64; 19] =
    [0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 14.0, 21.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 270.0, 365.0, 540.0, 730.0];

/// One reported day of a Kaplan–Meier curve over days. At every day,
/// `at_risk + events + censored` equals the number of subjects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayRow {
    pub day: f64,
    /// Subjects whose duration is longer than `day`.
    pub at_risk: u64,
    /// Events with duration `<= day` (cumulative).
    pub events: u64,
    /// Censorings with duration `<= day` (cumulative).
    pub censored: u64,
    /// Kaplan–Meier share that had the event by `day`, with its 95 % band.
    pub share: f64,
    pub lo: f64,
    pub hi: f64,
}

/// Kaplan–Meier over days, evaluated at [`REPORT_DAYS`] up to the longest duration.
pub(crate) fn km_by_day(durations: &[f64], observed: &[bool]) -> Vec<DayRow> {
    let points = crate::stats::kaplan_meier_times(durations, observed, Z95);
    let longest = durations.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    REPORT_DAYS
        .iter()
        .copied()
        .filter(|&d| d <= longest)
        .map(|day| {
            let last = points.iter().take_while(|p| p.time <= day).last();
            let (s, lo, hi) = last.map_or((1.0, 1.0, 1.0), |p| (p.survival, p.lo, p.hi));
            let events = durations.iter().zip(observed).filter(|(d, o)| **o && **d <= day).count() as u64;
            let censored = durations.iter().zip(observed).filter(|(d, o)| !**o && **d <= day).count() as u64;
            DayRow {
                day,
                at_risk: durations.len() as u64 - events - censored,
                events,
                censored,
                share: 1.0 - s,
                lo: 1.0 - hi,
                hi: 1.0 - lo,
            }
        })
        .collect()
}

/// Chasing after dark (§8.13).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chased {
    /// Dark prospects touched at least once after `dark_at`.
    pub dark_chased: u64,
    /// `dark_chased / dark`.
    pub share_chased: Option<f64>,
    /// Median touches after `dark_at`, over chased prospects.
    pub median_touches_after: Option<f64>,
    /// Median days from `dark_at` to the last touch, over chased prospects.
    pub median_days_to_last_touch: Option<f64>,
    pub p75_days_to_last_touch: Option<f64>,
    /// Dark prospects by touches after `dark_at` (`0`, `1`, ..., `cap+`).
    pub touches_after: Vec<CountRow>,
}

/// A labelled count.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountRow {
    pub n: u32,
    pub label: String,
    pub count: u64,
}

/// §5 time to dark.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeToDark {
    pub dark_days: u32,
    /// Prospects with at least one response (up to `min(c, T)`).
    pub engaged: u64,
    /// Engaged, unconverted, not lost, silent for at least `dark_days`.
    pub dark: u64,
    /// Days from the first touch or response to the last response, over dark prospects.
    pub median_days: Option<f64>,
    pub p25_days: Option<f64>,
    pub p75_days: Option<f64>,
    pub p90_days: Option<f64>,
    /// Kaplan–Meier share gone dark by day; engaged prospects not dark are censored at `T`.
    pub km: Vec<KmDarkRow>,
    pub chased: Chased,
}

/// One row of the time-to-dark curve (JSON names as documented).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KmDarkRow {
    pub day: f64,
    pub at_risk: u64,
    pub events: u64,
    pub censored: u64,
    pub dark_share: f64,
    pub lo: f64,
    pub hi: f64,
}

pub fn time_to_dark(facts: &Facts, params: &MetricParams) -> Option<TimeToDark> {
    let as_of = facts.as_of?;
    let p = &facts.prospects;
    let engaged: Vec<&ProspectFacts> = p.iter().filter(|f| f.dark.engaged).collect();
    let (mut durations, mut observed, mut dark_days) = (Vec::new(), Vec::new(), Vec::new());
    for f in &engaged {
        let Some(start) = f.dark.start_ts else { continue };
        match f.dark.dark_at {
            Some(at) => {
                durations.push(days(at - start));
                observed.push(true);
                dark_days.push(days(at - start));
            }
            None => {
                durations.push(days(as_of - start));
                observed.push(false);
            }
        }
    }
    let dark: Vec<&ProspectFacts> = p.iter().filter(|f| f.dark.dark_at.is_some()).collect();
    let chased: Vec<&&ProspectFacts> = dark.iter().filter(|f| f.dark.touches_after_dark > 0).collect();
    let after: Vec<f64> = chased.iter().map(|f| f64::from(f.dark.touches_after_dark)).collect();
    let to_last: Vec<f64> = chased.iter().filter_map(|f| Some(days(f.last_touch_ts? - f.dark.dark_at?))).collect();
    let cap = params.cap.max(1);
    let mut counts = vec![0u64; cap as usize + 1];
    for f in &dark {
        counts[f.dark.touches_after_dark.min(cap) as usize] += 1;
    }
    Some(TimeToDark {
        dark_days: facts.dark_days,
        engaged: engaged.len() as u64,
        dark: dark.len() as u64,
        median_days: median(&dark_days),
        p25_days: quantile(&dark_days, 0.25),
        p75_days: quantile(&dark_days, 0.75),
        p90_days: quantile(&dark_days, 0.9),
        km: km_by_day(&durations, &observed)
            .into_iter()
            .map(|r| KmDarkRow {
                day: r.day,
                at_risk: r.at_risk,
                events: r.events,
                censored: r.censored,
                dark_share: r.share,
                lo: r.lo,
                hi: r.hi,
            })
            .collect(),
        chased: Chased {
            dark_chased: chased.len() as u64,
            share_chased: ratio(chased.len() as u64, dark.len() as u64),
            median_touches_after: median(&after),
            median_days_to_last_touch: median(&to_last),
            p75_days_to_last_touch: quantile(&to_last, 0.75),
            touches_after: (0..=cap)
                .map(|n| CountRow { n, label: touch_label(n, cap), count: counts[n as usize] })
                .collect(),
        },
    })
}

/// Revival of silences by touches sent during the silence (`j = 1..cap`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevivalByTouches {
    pub j: u32,
    pub label: String,
    /// Touched silences with at least `j` touches.
    pub silences: u64,
    /// Of those, revived after exactly `j` touches (`>= cap` on the last row).
    pub revived: u64,
    pub share: Option<f64>,
}

/// Revival of touched silences by the silence's length.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevivalByGap {
    pub label: String,
    /// Lower and upper bound of the length in days (`[from, to)`; `to` null = open).
    pub from_days: f64,
    pub to_days: Option<f64>,
    pub silences: u64,
    pub revived: u64,
    pub share: Option<f64>,
    pub share_lo: Option<f64>,
    pub share_hi: Option<f64>,
}

/// §5 silences and revival.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revival {
    /// Silences of at least `dark_days`.
    pub silences: u64,
    pub silences_with_touches: u64,
    pub revived_with_touches: u64,
    /// `revived_with_touches / silences_with_touches`, with a 95 % Wilson interval.
    pub revival_rate: Option<f64>,
    pub revival_rate_lo: Option<f64>,
    pub revival_rate_hi: Option<f64>,
    /// Null without the event-level aggregates (facts input without them, summary input).
    pub by_touches: Option<Vec<RevivalByTouches>>,
    pub by_gap: Option<Vec<RevivalByGap>>,
    /// Prospects with at least one revived silence.
    pub revived_prospects: u64,
    /// Of those, prospects that converted.
    pub revived_then_converted: u64,
    pub revived_then_converted_share: Option<f64>,
}

/// Lower edges (days) of the gap buckets after the first, `dark_days`-based one.
const GAP_EDGES: [f64; 3] = [30.0, 60.0, 90.0];

pub fn revival(facts: &Facts, agg: Option<&Aggregates>, params: &MetricParams) -> Option<Revival> {
    facts.as_of?;
    let p = &facts.prospects;
    let sum = |f: fn(&ProspectFacts) -> u32| p.iter().map(|x| u64::from(f(x))).sum::<u64>();
    let touched = sum(|f| f.dark.silences_touched);
    let revived = sum(|f| f.dark.silences_touched_revived);
    let (revival_rate, revival_rate_lo, revival_rate_hi) = proportion(revived, touched);
    let revived_prospects: Vec<&ProspectFacts> = p.iter().filter(|f| f.dark.silences_revived > 0).collect();
    let then_converted = revived_prospects.iter().filter(|f| f.converted()).count() as u64;
    let (by_touches, by_gap) = match agg {
        None => (None, None),
        Some(a) => {
            let (t, g) = revival_tables(facts, a, params);
            (Some(t), Some(g))
        }
    };
    Some(Revival {
        silences: sum(|f| f.dark.silences),
        silences_with_touches: touched,
        revived_with_touches: revived,
        revival_rate,
        revival_rate_lo,
        revival_rate_hi,
        by_touches,
        by_gap,
        revived_prospects: revived_prospects.len() as u64,
        revived_then_converted: then_converted,
        revived_then_converted_share: ratio(then_converted, revived_prospects.len() as u64),
    })
}

fn revival_tables(
    facts: &Facts,
    agg: &Aggregates,
    params: &MetricParams,
) -> (Vec<RevivalByTouches>, Vec<RevivalByGap>) {
    let cap = params.cap.max(1);
    let mut at_least = vec![0u64; cap as usize + 2];
    let mut revived_at = vec![0u64; cap as usize + 2];
    let first_edge = f64::from(facts.dark_days);
    let mut edges = vec![first_edge];
    edges.extend(GAP_EDGES.iter().copied().filter(|&e| e > first_edge));
    let mut gap_counts = vec![(0u64, 0u64); edges.len()];
    // Silences of at least dark_days with a touch; edges are whole days, so
    // "length >= edge" is "whole days >= edge".
    for (&(touches, whole_days, revived), &n) in &agg.silences {
        if touches == 0 || whole_days < i64::from(facts.dark_days) {
            continue;
        }
        let t = touches.min(cap) as usize;
        for c in &mut at_least[1..=t] {
            *c += n;
        }
        if revived {
            revived_at[t] += n;
        }
        let bucket = edges.iter().rposition(|&e| whole_days as f64 >= e).unwrap_or(0);
        gap_counts[bucket].0 += n;
        gap_counts[bucket].1 += if revived { n } else { 0 };
    }
    let by_touches = (1..=cap)
        .map(|j| {
            let (n, r) = (at_least[j as usize], revived_at[j as usize]);
            RevivalByTouches { j, label: touch_label(j, cap), silences: n, revived: r, share: ratio(r, n) }
        })
        .collect();
    let by_gap = edges
        .iter()
        .enumerate()
        .map(|(i, &from)| {
            let to = edges.get(i + 1).copied();
            let (n, r) = gap_counts[i];
            let (share, share_lo, share_hi) = proportion(r, n);
            RevivalByGap {
                label: match to {
                    Some(to) => format!("{from}-{to}d"),
                    None => format!("{from}d+"),
                },
                from_days: from,
                to_days: to,
                silences: n,
                revived: r,
                share,
                share_lo,
                share_hi,
            }
        })
        .collect();
    (by_touches, by_gap)
}

/// The first response touch `R` (§2, §8.5): the "next step" of the 5–7 claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstResponse {
    /// Prospects with a response (including `R = 0`: the prospect spoke first).
    pub responders: u64,
    pub median_r: Option<f64>,
    /// Share of responders with `5 <= R <= 8`, with a 95 % Wilson interval.
    pub share_5_8: Option<f64>,
    pub share_5_8_lo: Option<f64>,
    pub share_5_8_hi: Option<f64>,
    /// Responders by `R` (`0`, `1`, ..., `cap+`).
    pub distribution: Vec<CountRow>,
}

pub fn first_response(facts: &Facts, params: &MetricParams) -> FirstResponse {
    let rs: Vec<u32> = facts.prospects.iter().filter_map(|f| f.r).collect();
    let values: Vec<f64> = rs.iter().map(|&r| f64::from(r)).collect();
    let in_range = rs.iter().filter(|&&r| (5..=8).contains(&r)).count() as u64;
    let (share_5_8, share_5_8_lo, share_5_8_hi) = proportion(in_range, rs.len() as u64);
    let cap = params.cap.max(1);
    let mut counts = vec![0u64; cap as usize + 1];
    for &r in &rs {
        counts[r.min(cap) as usize] += 1;
    }
    FirstResponse {
        responders: rs.len() as u64,
        median_r: median(&values),
        share_5_8,
        share_5_8_lo,
        share_5_8_hi,
        distribution: (0..=cap)
            .map(|n| CountRow { n, label: touch_label(n, cap), count: counts[n as usize] })
            .collect(),
    }
}

/// `first_response R`: the share of prospects with a response whose first
/// response came at touch `R`.
pub const EXPLAIN_FIRST_RESPONSE: Explainable = Explainable {
    name: "first_response",
    key: Some("R"),
    key_help: "R: a first response touch 0..cap, or cap+",
    explain: Some(explain_first_response),
};

/// `time_to_dark`: the engaged prospects, and those who went dark.
pub const EXPLAIN_TIME_TO_DARK: Explainable =
    Explainable { name: "time_to_dark", key: None, key_help: "no key", explain: Some(explain_time_to_dark) };

/// `revival`: touched silences and the revived ones, by prospect.
pub const EXPLAIN_REVIVAL: Explainable =
    Explainable { name: "revival", key: None, key_help: "no key", explain: Some(explain_revival) };

fn explain_first_response(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN_FIRST_RESPONSE.name;
    let (r, plus) = touch_key(metric, key, i.params.cap.max(1), 0)?;
    Ok(build(
        metric,
        key,
        format!(
            "share of prospects with a response whose first response came at touch R {} {r}",
            if plus { ">=" } else { "=" }
        ),
        ("first response at this touch", "prospects with a response"),
        None,
        over(i.facts, |f| f.r.is_some(), |f| f.r.is_some_and(|x| at(x, r, plus))),
    ))
}

fn explain_time_to_dark(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    Ok(build(
        EXPLAIN_TIME_TO_DARK.name,
        key,
        format!(
            "engaged prospects (a response) who went dark: no response for {} days, not converted, not lost",
            i.facts.dark_days
        ),
        ("dark", "engaged"),
        None,
        over(i.facts, |f| f.dark.engaged, |f| f.dark.dark_at.is_some()),
    ))
}

fn explain_revival(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let facts = i.facts;
    let rows = over(facts, |f| f.dark.silences_touched > 0, |f| f.dark.silences_touched_revived > 0);
    let sum = |g: fn(&ProspectFacts) -> u32| facts.prospects.iter().map(|f| u64::from(g(f))).sum::<u64>();
    Ok(build(
        EXPLAIN_REVIVAL.name,
        key,
        format!(
            "revival rate: touched silences (of at least {} days) that a response ended / touched silences; ids are \
             the prospects whose silences these are",
            facts.dark_days
        ),
        ("revived touched silences", "touched silences"),
        Some((sum(|f| f.dark.silences_touched_revived), sum(|f| f.dark.silences_touched))),
        rows,
    ))
}
