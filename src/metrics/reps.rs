//! Fair rep comparison (METRICS.md §9). A rep owns the prospects whose
//! first touch they made; reps with at least `min_rep_prospects` such
//! prospects are compared.
//!
//! Per rep: the Kaplan–Meier conversion by touch `horizon` on that rep's
//! prospects (§3 on a subset, with its Greenwood log-log band); a log-rank
//! test of the rep's conversion-by-touch curve against every other rep's
//! prospects pooled (touch number is the time axis: a converted prospect
//! has its event at `K`, the others are censored at `n`; `K = 0` converters
//! are never at risk and are left out), with Benjamini–Hochberg adjusted
//! p-values across the compared reps; and the empirical-Bayes (beta-binomial,
//! method of moments) shrunken conversion rate, converted with `K >= 1`
//! over prospects with a touch, so that three lucky prospects do not top
//! the table. A rep is flagged `above` or `below` only when the adjusted
//! p-value is below 0.05, in the direction of observed minus expected
//! conversions. The give-up figures of §4 (rep of the last touch) are
//! joined by rep id.

use serde::Serialize;

use super::give_up::RepGiveUp;
use super::{conversion::exact_counts, MetricParams};
use crate::facts::ProspectFacts;
use crate::stats::{benjamini_hochberg, beta_binomial, kaplan_meier_discrete, log_rank, Z95};

/// The significance level of the flags (on BH-adjusted p-values).
pub const FLAG_LEVEL: f64 = 0.05;

/// One compared rep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepRow {
    pub rep_id: String,
    /// Prospects whose first touch this rep made.
    pub prospects: u64,
    /// Of them, converted with `K >= 1`.
    pub conversions: u64,
    /// `conversions / prospects`.
    pub rate: f64,
    /// Empirical-Bayes shrunken rate with its 95 % posterior interval.
    pub shrunk_rate: f64,
    pub shrunk_lo: f64,
    pub shrunk_hi: f64,
    /// Kaplan–Meier conversion by touch `horizon` with its band.
    pub km_at_horizon: f64,
    pub km_lo: f64,
    pub km_hi: f64,
    /// The rep's Kaplan–Meier conversion by touch `k` for `k = 1..=horizon`
    /// (the curve the report draws against the pooled one).
    pub km_by_touch: Vec<f64>,
    /// Log-rank against the other reps pooled.
    pub observed: f64,
    pub expected: f64,
    pub chi2: f64,
    pub p_value: f64,
    /// Benjamini–Hochberg adjusted across the compared reps.
    pub p_adjusted: f64,
    /// `above` / `below` when `p_adjusted < 0.05`, else null.
    pub flag: Option<&'static str>,
    /// §4 give-up figures of the rep, when it gave up on anyone.
    pub given_up: Option<u64>,
    pub median_give_up: Option<f64>,
    pub share_after_one_followup: Option<f64>,
}

/// The comparison table and how it was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepComparison {
    pub horizon: u32,
    /// Kaplan–Meier conversion by touch `1..=horizon` of every compared
    /// rep's prospects pooled.
    pub pooled_km: Vec<f64>,
    pub min_rep_prospects: u32,
    /// Pooled conversion rate over the compared reps, and the fitted
    /// intra-class correlation of the shrinkage (≤ 0: reps differ no more
    /// than chance, every rate is pooled).
    pub pooled_rate: Option<f64>,
    pub rho: Option<f64>,
    /// Reps with a first touch but too few prospects to compare.
    pub reps_too_small: u64,
    /// Sorted by shrunken rate descending, ties by rep id.
    pub rows: Vec<RepRow>,
}

pub fn compute(facts: &[ProspectFacts], params: &MetricParams, give_up: &[RepGiveUp]) -> RepComparison {
    let touched: Vec<&ProspectFacts> = facts.iter().filter(|p| p.n_touches > 0 && p.first_rep.is_some()).collect();
    let mut reps: Vec<&str> = touched.iter().filter_map(|p| p.first_rep.as_deref()).collect();
    reps.sort_unstable();
    reps.dedup();
    let count = |rep: &str| touched.iter().filter(|p| p.first_rep.as_deref() == Some(rep)).count() as u64;
    let (compared, small): (Vec<&str>, Vec<&str>) =
        reps.into_iter().partition(|r| count(r) >= u64::from(params.min_rep_prospects));
    // Log-rank subjects: prospects with a touch at risk (m >= 1).
    let at_risk: Vec<&&ProspectFacts> = touched.iter().filter(|p| p.m >= 1).collect();
    let durations: Vec<f64> = at_risk.iter().map(|p| f64::from(p.m)).collect();
    let events: Vec<bool> = at_risk.iter().map(|p| p.k.is_some_and(|k| k >= 1)).collect();
    let horizon = params.horizon.max(1);

    let mut rows: Vec<RepRow> = Vec::with_capacity(compared.len());
    let mut counts = Vec::with_capacity(compared.len());
    for &rep in &compared {
        let mine: Vec<ProspectFacts> =
            touched.iter().filter(|p| p.first_rep.as_deref() == Some(rep)).map(|p| (*p).clone()).collect();
        let conversions = mine.iter().filter(|p| p.k.is_some_and(|k| k >= 1)).count() as u64;
        let km = kaplan_meier_discrete(&exact_counts(&mine, horizon), Z95);
        let last = km.last().expect("horizon >= 1");
        let in_a: Vec<bool> = at_risk.iter().map(|p| p.first_rep.as_deref() == Some(rep)).collect();
        let test = log_rank(&durations, &events, &in_a);
        let g = give_up.iter().find(|g| g.rep_id == rep);
        counts.push((conversions, mine.len() as u64));
        rows.push(RepRow {
            rep_id: rep.to_string(),
            prospects: mine.len() as u64,
            conversions,
            rate: conversions as f64 / mine.len() as f64,
            shrunk_rate: f64::NAN,
            shrunk_lo: f64::NAN,
            shrunk_hi: f64::NAN,
            km_at_horizon: 1.0 - last.survival,
            km_lo: 1.0 - last.hi,
            km_hi: 1.0 - last.lo,
            km_by_touch: km.iter().map(|p| 1.0 - p.survival).collect(),
            observed: test.observed,
            expected: test.expected,
            chi2: test.chi2,
            p_value: test.p_value,
            p_adjusted: f64::NAN,
            flag: None,
            given_up: g.map(|g| g.given_up),
            median_give_up: g.map(|g| g.median_n),
            share_after_one_followup: g.map(|g| g.share_after_one_followup),
        });
    }
    let pooled: Vec<ProspectFacts> = touched
        .iter()
        .filter(|p| p.first_rep.as_deref().is_some_and(|r| compared.contains(&r)))
        .map(|p| (*p).clone())
        .collect();
    let pooled_km =
        kaplan_meier_discrete(&exact_counts(&pooled, horizon), Z95).iter().map(|p| 1.0 - p.survival).collect();
    let adjusted = benjamini_hochberg(&rows.iter().map(|r| r.p_value).collect::<Vec<_>>());
    let shrink = beta_binomial(&counts);
    for (i, r) in rows.iter_mut().enumerate() {
        r.p_adjusted = adjusted[i];
        if r.p_adjusted < FLAG_LEVEL {
            r.flag = Some(if r.observed > r.expected { "above" } else { "below" });
        }
        let (rate, lo, hi) = shrink.as_ref().map_or((r.rate, r.rate, r.rate), |s| s.rates[i]);
        (r.shrunk_rate, r.shrunk_lo, r.shrunk_hi) = (rate, lo, hi);
    }
    rows.sort_by(|a, b| b.shrunk_rate.total_cmp(&a.shrunk_rate).then_with(|| a.rep_id.cmp(&b.rep_id)));
    RepComparison {
        horizon,
        pooled_km,
        min_rep_prospects: params.min_rep_prospects,
        pooled_rate: shrink.as_ref().map(|s| s.pooled),
        rho: shrink.as_ref().map(|s| s.rho),
        reps_too_small: small.len() as u64,
        rows,
    }
}
