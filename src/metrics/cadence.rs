//! Cadence (docs/metrics.md §6): how far apart touches are, whether the gap
//! before a touch changes its chance of an answer, and whether chasing hard
//! (many touches in one week) goes with more opt-outs and losses.
//!
//! All three need every event: they read the event-level aggregates
//! ([`super::aggregates`]), computed from the timeline for events input or
//! by an engine (`touchstone sql`), and are null for facts input without
//! aggregates and for summary input. Touches are all touches up to `T`, in
//! event order.

use serde::Serialize;

use super::aggregates::Aggregates;
use super::dark::days;
use super::explain::{at, build, touch_key, Explainable, Explanation, Inputs};
use super::{proportion, touch_label};
use crate::stats::quantile_of_counts;
use crate::time::MICROS_PER_DAY;

/// Gap before touch `k` (days since touch `k - 1`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapRow {
    pub k: u32,
    pub label: String,
    /// Touches `k` with a previous touch.
    pub count: u64,
    /// Gap in days: midpoint median and linear quartiles.
    pub median: Option<f64>,
    pub p25: Option<f64>,
    pub p75: Option<f64>,
}

/// Answer rate of touches by the gap before them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseByGap {
    /// `first` (no previous touch), `<1d`, `1-3d`, `3-7d`, `7-14d`, `14d+`.
    pub bucket: String,
    pub touches: u64,
    /// Touches followed by a response before the next touch.
    pub answered: u64,
    pub rate: Option<f64>,
    pub rate_lo: Option<f64>,
    pub rate_hi: Option<f64>,
}

/// Loss rate by the most touches a prospect received within any 7 days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LossByIntensity {
    /// Touches in the busiest 7-day window (`7+` aggregates).
    pub label: String,
    pub max_touches_7d: u32,
    pub prospects: u64,
    /// Prospects with status `lost` (a `lost` or `opted_out` event, not converted).
    pub lost: u64,
    pub rate: Option<f64>,
    pub rate_lo: Option<f64>,
    pub rate_hi: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cadence {
    /// `k = 2..cap` (`cap+` aggregates).
    pub gap_by_touch: Vec<GapRow>,
    pub response_by_gap: Vec<ResponseByGap>,
    pub loss_by_intensity: Vec<LossByIntensity>,
    /// §11.4: answer rate by the touch's local hour (all 24 hours).
    pub response_by_hour: Vec<super::timing::HourRow>,
    /// §11.4: answer rate by the touch's local ISO weekday (all 7 days).
    pub response_by_weekday: Vec<super::timing::WeekdayRow>,
}

/// Gap buckets, lower edges in days; `[edge_i, edge_{i+1})`.
pub const GAP_BUCKETS: [(&str, f64); 5] = [("<1d", 0.0), ("1-3d", 1.0), ("3-7d", 3.0), ("7-14d", 7.0), ("14d+", 14.0)];
/// Intensity rows: 1..=6 and `7+`.
pub(crate) const INTENSITY_CAP: u32 = 7;

/// Each touch of one prospect's `events` (at `touches`, their positions) as
/// (bucket, answered): bucket 0 is the first touch, `1 + i` is
/// `GAP_BUCKETS[i]` by the gap since the previous touch (§8.17); answered
/// when the touch is itself a response or a response comes before the next touch.
pub(crate) fn touch_buckets<'e>(
    events: &'e [crate::model::Event],
    touches: &'e [usize],
) -> impl Iterator<Item = (usize, bool)> + 'e {
    touches.iter().enumerate().map(move |(i, &pos)| {
        let next = touches.get(i + 1).copied().unwrap_or(events.len());
        let answered = events[pos..next].iter().any(|e| e.is_response());
        let bucket = if i == 0 { 0 } else { 1 + gap_bucket(days(events[pos].ts - events[touches[i - 1]].ts)) };
        (bucket, answered)
    })
}

/// Index in [`GAP_BUCKETS`] of a gap in days.
pub fn gap_bucket(gap_days: f64) -> usize {
    GAP_BUCKETS.iter().rposition(|b| gap_days >= b.1).unwrap_or(0)
}

/// A prospect's busiest 7 days (§8.17): the most touches in any window
/// `[t, t + 7 d)` that starts at one of its touches (two pointers).
pub(crate) fn busiest_week(events: &[crate::model::Event], touches: &[usize]) -> u32 {
    let week = 7 * MICROS_PER_DAY;
    let (mut best, mut lo) = (0, 0);
    for hi in 0..touches.len() {
        while events[touches[hi]].ts - events[touches[lo]].ts >= week {
            lo += 1;
        }
        best = best.max(hi - lo + 1);
    }
    best as u32
}

/// Cadence from the event-level aggregates (one pass over the timeline for
/// events input, or the engine's tables).
pub fn compute(agg: &Aggregates, cap: u32) -> Cadence {
    let cap = cap.max(2);
    let gap_by_touch = (2..=cap)
        .map(|k| {
            let values = agg.gap_days(k, k == cap);
            let at = |p: f64| quantile_of_counts(&values, p);
            let count = values.iter().map(|&(_, n)| n).sum();
            GapRow { k, label: touch_label(k, cap), count, median: at(0.5), p25: at(0.25), p75: at(0.75) }
        })
        .collect();
    let answers: Vec<(u64, u64)> = (0..=GAP_BUCKETS.len()).map(|b| agg.answered(b)).collect();
    let mut intensity = vec![(0u64, 0u64); INTENSITY_CAP as usize + 1];
    for (&(most, lost), &n) in &agg.intensity {
        let row = &mut intensity[most.min(INTENSITY_CAP) as usize];
        row.0 += n;
        row.1 += if lost { n } else { 0 };
    }
    let response_by_gap = std::iter::once("first")
        .chain(GAP_BUCKETS.iter().map(|b| b.0))
        .zip(&answers)
        .map(|(bucket, &(n, x))| {
            let (rate, rate_lo, rate_hi) = proportion(x, n);
            ResponseByGap { bucket: bucket.to_string(), touches: n, answered: x, rate, rate_lo, rate_hi }
        })
        .collect();
    let loss_by_intensity = (1..=INTENSITY_CAP)
        .map(|m| {
            let (n, x) = intensity[m as usize];
            let (rate, rate_lo, rate_hi) = proportion(x, n);
            LossByIntensity {
                label: touch_label(m, INTENSITY_CAP),
                max_touches_7d: m,
                prospects: n,
                lost: x,
                rate,
                rate_lo,
                rate_hi,
            }
        })
        .collect();
    let (response_by_hour, response_by_weekday) = super::timing::compute(agg);
    Cadence { gap_by_touch, response_by_gap, loss_by_intensity, response_by_hour, response_by_weekday }
}

/// `response_by_gap BUCKET`: the touches sent that long after the previous
/// one, and the answered ones, by prospect.
pub const EXPLAIN_RESPONSE_BY_GAP: Explainable = Explainable {
    name: "response_by_gap",
    key: Some("BUCKET"),
    key_help: "BUCKET: first, <1d, 1-3d, 3-7d, 7-14d or 14d+",
    explain: Some(explain_response_by_gap),
};

/// `gap_by_touch K`: the prospects with a touch `K` (whose gaps the row summarises).
pub const EXPLAIN_GAP_BY_TOUCH: Explainable = Explainable {
    name: "gap_by_touch",
    key: Some("K"),
    key_help: "K: a touch number 2..cap, or cap+",
    explain: Some(explain_gap_by_touch),
};

/// `loss_by_intensity M`: prospects by their busiest 7 days, and the lost ones.
pub const EXPLAIN_LOSS_BY_INTENSITY: Explainable = Explainable {
    name: "loss_by_intensity",
    key: Some("M"),
    key_help: "M: most touches in 7 days, 1..7, or 7+",
    explain: Some(explain_loss_by_intensity),
};

fn explain_response_by_gap(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN_RESPONSE_BY_GAP.name;
    let names: Vec<&str> = std::iter::once("first").chain(GAP_BUCKETS.iter().map(|b| b.0)).collect();
    let key_s = key.ok_or_else(|| format!("explain response_by_gap needs a KEY: {}", names.join(", ")))?;
    let bucket = names
        .iter()
        .position(|n| *n == key_s.trim())
        .ok_or_else(|| format!("explain response_by_gap: unknown bucket '{key_s}' (buckets: {})", names.join(", ")))?;
    let t = i.timed(metric)?;
    let (mut x, mut n, mut rows) = (0, 0, Vec::new());
    for (events, f) in t.groups(i.facts) {
        let touches = t.touch_positions(events);
        let (mut px, mut pn) = (0, 0);
        for (b, answered) in touch_buckets(events, &touches) {
            if b == bucket {
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
            "touches sent {key_s} after the previous touch that were answered (a response before the next touch); \
             ids are the prospects those touches went to"
        ),
        ("answered touches", "touches"),
        Some((x, n)),
        rows,
    ))
}

fn explain_gap_by_touch(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN_GAP_BY_TOUCH.name;
    let (k, plus) = touch_key(metric, key, i.params.cap.max(1).max(2), 2)?;
    let t = i.timed(metric)?;
    let mut rows = Vec::new();
    for (events, f) in t.groups(i.facts) {
        // Touch k exists (for the cap row: touch cap or later).
        if t.touch_positions(events).len() as u32 >= k {
            rows.push((f.prospect_id.clone(), true));
        }
    }
    rows.sort();
    Ok(build(
        metric,
        key,
        format!(
            "the gaps before touch {k}{}: days from the previous touch; ids are the prospects with that touch",
            if plus { " and later" } else { "" }
        ),
        ("prospects with this touch", "prospects with this touch"),
        None,
        rows,
    ))
}

fn explain_loss_by_intensity(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN_LOSS_BY_INTENSITY.name;
    let (m, plus) = touch_key(metric, key, INTENSITY_CAP, 1)?;
    let t = i.timed(metric)?;
    let mut rows = Vec::new();
    for (events, f) in t.groups(i.facts) {
        let touches = t.touch_positions(events);
        if touches.is_empty() {
            continue;
        }
        if at(busiest_week(events, &touches), m, plus) {
            rows.push((f.prospect_id.clone(), f.status == Some(crate::model::Status::Lost)));
        }
    }
    rows.sort();
    Ok(build(
        metric,
        key,
        format!(
            "prospects whose busiest 7 days (from one of their touches) held {}{m} touches, and of them the lost \
             ones (said no or opted out)",
            if plus { "at least " } else { "" }
        ),
        ("lost", "prospects"),
        None,
        rows,
    ))
}
