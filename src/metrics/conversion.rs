//! Conversion by touch number (docs/metrics.md §3).
//!
//! The honest number is the per-touch *hazard*: of the prospects who reached
//! touch `k`, the share that converted at it. Grouping by *total* touches
//! instead confounds cause and effect (engaged prospects get more touches).
//! Kaplan–Meier turns the hazards into the chance of having converted by
//! touch `k` had follow-up continued, treating open, abandoned and lost
//! prospects as censored after their last touch.

use serde::Serialize;

use super::explain::{at, build, over, touch_key, Explainable, Explanation, Inputs};
use super::{proportion, ratio, touch_label, MetricParams};
use crate::facts::ProspectFacts;
use crate::stats::{kaplan_meier_discrete, Z95};

/// One row of the conversion-by-touch table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TouchRow {
    /// Touch number; the last row (`k = cap`) aggregates `cap` and above.
    pub k: u32,
    /// `k`, or `cap+` on the last row.
    pub label: String,
    /// Prospects with `m >= k` (still at risk of converting at touch `k`).
    pub reached: u64,
    /// Converted prospects with `K = k` (`K >= cap` on the last row).
    pub conversions: u64,
    /// `conversions / all conversions with K >= 1`.
    pub share: Option<f64>,
    /// Running sum of `share`.
    pub cum_share: Option<f64>,
    /// `conversions / reached`; null when nobody reached touch `k`.
    pub hazard: Option<f64>,
    /// 95 % Wilson interval of the hazard.
    pub hazard_lo: Option<f64>,
    pub hazard_hi: Option<f64>,
    /// Kaplan–Meier probability of having converted by touch `k`.
    pub km: f64,
    /// 95 % band (Greenwood, log-log), on the conversion scale.
    pub km_lo: f64,
    pub km_hi: f64,
}

/// `reached(k)` and `conversions(k)` for `k = 1..=upto`, exact (no cap).
pub(crate) fn exact_counts<'a>(facts: impl IntoIterator<Item = &'a ProspectFacts>, upto: u32) -> Vec<(u64, u64)> {
    let size = upto as usize + 2;
    let mut m_at = vec![0u64; size];
    let mut k_at = vec![0u64; size];
    for f in facts {
        m_at[f.m.min(upto + 1) as usize] += 1;
        if let Some(k) = f.k {
            k_at[k.min(upto + 1) as usize] += 1;
        }
    }
    // reached(k) = #{m >= k}: a suffix sum.
    let mut out = vec![(0, 0); upto as usize];
    let mut at_least = m_at[upto as usize + 1];
    for k in (1..=upto as usize).rev() {
        at_least += m_at[k];
        out[k - 1] = (at_least, k_at[k]);
    }
    out
}

/// The exact per-touch hazard `conversions(k) / reached(k)` for `k = 1..=upto`.
pub(crate) fn exact_hazards(facts: &[ProspectFacts], upto: u32) -> Vec<Option<f64>> {
    exact_counts(facts, upto).into_iter().map(|(n, d)| ratio(d, n)).collect()
}

/// The capped table of §3: rows `1..cap-1` exact, row `cap` = `cap+`.
pub fn compute(facts: &[ProspectFacts], params: &MetricParams) -> Vec<TouchRow> {
    let cap = params.cap.max(1);
    let mut steps = exact_counts(facts, cap - 1);
    // The cap row: K >= cap over m >= cap (§8.7).
    let reached_cap = facts.iter().filter(|f| reached(f, cap)).count() as u64;
    let conv_cap = facts.iter().filter(|f| converted_at(f).is_some_and(|k| k >= cap)).count() as u64;
    steps.push((reached_cap, conv_cap));
    // Shares divide by all conversions with K >= 1, beyond the cap too (§8.8).
    let total = facts.iter().filter(|f| converted_at(f).is_some()).count() as u64;
    let km = kaplan_meier_discrete(&steps, Z95);
    let mut cum = 0u64;
    steps
        .iter()
        .zip(km)
        .enumerate()
        .map(|(i, (&(reached, conversions), point))| {
            let k = i as u32 + 1;
            cum += conversions;
            let (hazard, hazard_lo, hazard_hi) = proportion(conversions, reached);
            TouchRow {
                k,
                label: touch_label(k, cap),
                reached,
                conversions,
                share: ratio(conversions, total),
                cum_share: ratio(cum, total),
                hazard,
                hazard_lo,
                hazard_hi,
                km: 1.0 - point.survival,
                km_lo: 1.0 - point.hi,
                km_hi: 1.0 - point.lo,
            }
        })
        .collect()
}

/// The conversion touch `K` of a prospect converted after at least one
/// touch (`K >= 1`): the conversions every share of conversions, hazard and
/// conversion rate counts (§3, §8.8). `K = 0` converters (before any touch)
/// are left out everywhere.
pub fn converted_at(f: &ProspectFacts) -> Option<u32> {
    f.k.filter(|&k| k >= 1)
}

/// Reached touch `k`: still being worked at it (`m >= k`), the denominator
/// of `hazard(k)`.
pub fn reached(f: &ProspectFacts, k: u32) -> bool {
    f.m >= k
}

/// `conversion_by_touch K`: the hazard of touch `K`.
pub const EXPLAIN: Explainable = Explainable {
    name: "conversion_by_touch",
    key: Some("K"),
    key_help: "K: a touch number 1..cap, or cap+",
    explain: Some(explain),
};

fn explain(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN.name;
    let (k, plus) = touch_key(metric, key, i.params.cap.max(1), 1)?;
    Ok(build(
        metric,
        key,
        format!(
            "hazard({}) = conversions with K {} {k} / prospects who reached touch {k} (m >= {k})",
            if plus { format!("{k}+") } else { k.to_string() },
            if plus { ">=" } else { "=" }
        ),
        ("converted at this touch", "reached this touch"),
        None,
        over(i.facts, |f| reached(f, k), |f| converted_at(f).is_some_and(|x| at(x, k, plus))),
    ))
}
