//! Fair rep comparison (docs/metrics.md §9). A rep owns the prospects whose
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

use super::conversion::{converted_at, exact_counts};
use super::explain::{build, over, Explainable, Explanation, Inputs};
use super::give_up::RepGiveUp;
use super::MetricParams;
use crate::facts::ProspectFacts;
use crate::stats::logrank::log_rank_tables;
use crate::stats::{benjamini_hochberg, beta_binomial, kaplan_meier_discrete, Z95};

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
    // One pass groups the prospects with a touch by the rep of their first touch.
    let mut by_rep: std::collections::BTreeMap<&str, Vec<&ProspectFacts>> = std::collections::BTreeMap::new();
    for p in facts.iter().filter(|p| p.n_touches > 0) {
        if let Some(rep) = p.first_rep.as_deref() {
            by_rep.entry(rep).or_default().push(p);
        }
    }
    let min = params.min_rep_prospects as usize;
    let reps_too_small = by_rep.values().filter(|v| v.len() < min).count() as u64;
    let compared: Vec<(&str, Vec<&ProspectFacts>)> = by_rep.into_iter().filter(|(_, v)| v.len() >= min).collect();
    let horizon = params.horizon.max(1);
    // Log-rank tables on the touch axis over every prospect with a first rep
    // (the other reps pooled = everybody minus the rep). Subjects with m = 0
    // (converted before any touch) are never at risk at t >= 1.
    let top = facts.iter().map(|p| p.m).max().unwrap_or(0);
    // (at risk, conversions) at touches 1..=top: the §3 counts.
    let everybody = exact_counts(facts.iter().filter(|p| p.n_touches > 0 && p.first_rep.is_some()), top);
    // Kaplan–Meier steps `1..=horizon` from such a table.
    let steps = |table: &[(u64, u64)]| -> Vec<(u64, u64)> {
        (0..horizon as usize).map(|t| table.get(t).copied().unwrap_or((0, 0))).collect()
    };

    let mut rows: Vec<RepRow> = Vec::with_capacity(compared.len());
    let mut counts = Vec::with_capacity(compared.len());
    let mut pooled_table = vec![(0u64, 0u64); top as usize];
    for (rep, mine) in &compared {
        let conversions = mine.iter().filter(|p| converted_at(p).is_some()).count() as u64;
        let table = exact_counts(mine.iter().copied(), top);
        for (acc, x) in pooled_table.iter_mut().zip(&table) {
            acc.0 += x.0;
            acc.1 += x.1;
        }
        let km = kaplan_meier_discrete(&steps(&table), Z95);
        let last = km.last().expect("horizon >= 1");
        let test = log_rank_tables(&everybody, &table);
        let g = give_up.iter().find(|g| g.rep_id == *rep);
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
    let pooled_km = kaplan_meier_discrete(&steps(&pooled_table), Z95).iter().map(|p| 1.0 - p.survival).collect();
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
        reps_too_small,
        rows,
    }
}

/// `rep_comparison REP`: the prospects of the rep's first touch, and the
/// converted ones (the rep's raw rate before shrinkage).
pub const EXPLAIN: Explainable = Explainable {
    name: "rep_comparison",
    key: Some("REP"),
    key_help: "REP: a rep id (prospects of the rep's first touch)",
    explain: Some(explain),
};

fn explain(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let facts = i.facts;
    let rep = key.ok_or("explain rep_comparison needs a KEY: a rep id")?;
    let owned = |f: &ProspectFacts| f.n_touches > 0 && f.first_rep.as_deref() == Some(rep);
    if !facts.prospects.iter().any(owned) {
        let mut reps: Vec<&str> = facts.prospects.iter().filter_map(|f| f.first_rep.as_deref()).collect();
        reps.sort_unstable();
        reps.dedup();
        return Err(format!(
            "explain rep_comparison: no prospect's first touch is by '{rep}' (reps: {})",
            reps.join(", ")
        ));
    }
    Ok(build(
        EXPLAIN.name,
        key,
        format!(
            "{rep}'s conversion rate in the rep comparison: prospects whose first touch {rep} made, converted after \
             a touch (K >= 1)"
        ),
        ("converted", "prospects of the rep's first touch"),
        None,
        over(facts, owned, |f| converted_at(f).is_some()),
    ))
}
