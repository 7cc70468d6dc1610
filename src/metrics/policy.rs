//! How many touches to make: the touch policy (docs/metrics.md §12).
//!
//! For the policy "follow up until the prospect converts or has had `k`
//! touches", the hazards of §3 say what each `k` buys and what it costs:
//! with `S(0) = 1` and `S(j) = prod_{i<=j} (1 - hazard(i))` (a null hazard
//! counts as 0), `k` touches convert `1 - S(k)` of the prospects and spend
//! `sum_{j=1..k} S(j-1)` touches on each (a converted prospect gets no
//! further touch). Like the Kaplan–Meier curve of §3 it assumes that giving
//! up said nothing about the prospect: if reps drop the prospects they judge
//! cold, the prospects who reached later touches are warmer than average and
//! the table overstates what more touches would buy.

use serde::Serialize;

use super::conversion::{converted_at, exact_counts, reached, TouchRow};
use super::explain::{build, over, Explainable, Explanation, Inputs};
use super::ratio;

/// The value of one touch and of one conversion (`--touch-cost`,
/// `--conversion-value`), both positive, in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Economics {
    pub touch_cost: f64,
    pub conversion_value: f64,
}

/// One row of the policy table: stop after `k` touches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyRow {
    /// The most touches a prospect gets.
    pub k: u32,
    /// `100 (1 - S(k))`: conversions per 100 prospects.
    pub conversions_per_100: f64,
    /// Its 95 % band: the Kaplan–Meier band of §3 at touch `k` (`1 - S(k)`
    /// is the Kaplan–Meier `km(k)`), times 100.
    pub conversions_per_100_lo: f64,
    pub conversions_per_100_hi: f64,
    /// `100 sum_{j=1..k} S(j-1)`: touches spent per 100 prospects.
    pub touches_per_100: f64,
    /// `touches_per_100 / conversions_per_100`; null when nothing converts.
    pub touches_per_conversion: Option<f64>,
    /// `V (1 - S(k)) - C sum_{j=1..k} S(j-1)`; null without a cost and value.
    pub net_per_prospect: Option<f64>,
}

/// The policy of §12.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    pub touch_cost: Option<f64>,
    pub conversion_value: Option<f64>,
    /// `k = 1 .. cap-1`.
    pub rows: Vec<PolicyRow>,
    /// The smallest `k` with the largest net value per prospect; null
    /// without a cost and value (or when there is no row).
    pub best_k: Option<u32>,
    /// `best_k` with every hazard at its lower / upper Wilson bound.
    pub best_k_lo: Option<u32>,
    pub best_k_hi: Option<u32>,
}

impl Policy {
    /// `best_k_lo` and `best_k_hi` in increasing order (every hazard at its
    /// lower bound may well favour more touches, not fewer); `None` without
    /// a cost and value.
    pub fn best_k_range(&self) -> Option<(u32, u32)> {
        let (lo, hi) = self.best_k_lo.zip(self.best_k_hi)?;
        Some((lo.min(hi), lo.max(hi)))
    }
}

/// `S(1..=n)` from per-touch hazards (null counts as 0), with `S(0) = 1` in front.
fn survival(hazards: impl Iterator<Item = Option<f64>>) -> Vec<f64> {
    let mut s = vec![1.0];
    for h in hazards {
        let last = *s.last().expect("S(0) is there");
        s.push(last * (1.0 - h.unwrap_or(0.0)));
    }
    s
}

/// `(conversions per prospect, touches per prospect)` for `k = 1..=n`.
fn per_prospect(s: &[f64]) -> Vec<(f64, f64)> {
    let mut touches = 0.0;
    (1..s.len())
        .map(|k| {
            touches += s[k - 1];
            (1.0 - s[k], touches)
        })
        .collect()
}

/// The smallest `k` (1-based) with the largest net value.
fn best_k(rows: &[(f64, f64)], e: Economics) -> Option<u32> {
    let mut best: Option<(u32, f64)> = None;
    for (i, &(conv, touches)) in rows.iter().enumerate() {
        let net = e.conversion_value * conv - e.touch_cost * touches;
        if best.is_none_or(|(_, b)| net > b) {
            best = Some((i as u32 + 1, net));
        }
    }
    best.map(|(k, _)| k)
}

/// The policy table from the conversion table of §3 (its exact rows
/// `1..cap-1`; the `cap+` row aggregates and is not a touch number).
pub fn compute(conversion: &[TouchRow], economics: Option<Economics>) -> Policy {
    let exact = &conversion[..conversion.len().saturating_sub(1)];
    let point = per_prospect(&survival(exact.iter().map(|r| r.hazard)));
    let low = per_prospect(&survival(exact.iter().map(|r| r.hazard_lo)));
    let high = per_prospect(&survival(exact.iter().map(|r| r.hazard_hi)));
    let rows = (0..point.len())
        .map(|i| {
            let (conv, touches) = point[i];
            PolicyRow {
                k: i as u32 + 1,
                conversions_per_100: 100.0 * conv,
                conversions_per_100_lo: 100.0 * exact[i].km_lo,
                conversions_per_100_hi: 100.0 * exact[i].km_hi,
                touches_per_100: 100.0 * touches,
                touches_per_conversion: (conv > 0.0).then(|| touches / conv),
                net_per_prospect: economics.map(|e| e.conversion_value * conv - e.touch_cost * touches),
            }
        })
        .collect();
    Policy {
        touch_cost: economics.map(|e| e.touch_cost),
        conversion_value: economics.map(|e| e.conversion_value),
        rows,
        best_k: economics.and_then(|e| best_k(&point, e)),
        best_k_lo: economics.and_then(|e| best_k(&low, e)),
        best_k_hi: economics.and_then(|e| best_k(&high, e)),
    }
}

/// `touchstone explain policy K`: the policy "stop after K touches", its
/// product of hazards written out, and the prospects behind it.
pub const EXPLAIN: Explainable =
    Explainable { name: "policy", key: Some("K"), key_help: "K: a touch number 1..cap-1", explain: Some(explain) };

fn explain(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN.name;
    let last = i.params.cap.max(2) - 1;
    let k = key
        .ok_or_else(|| format!("explain {metric} needs a KEY: the touches to stop after, 1..{last}"))?
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|k| (1..=last).contains(k))
        .ok_or_else(|| {
            format!("explain {metric}: the KEY is the touches to stop after, a number 1..{last} (cap - 1)")
        })?;
    let counts = exact_counts(&i.facts.prospects, k);
    let s = survival(counts.iter().map(|&(n, d)| ratio(d, n)));
    let (conv, touches) = per_prospect(&s)[k as usize - 1];
    let factors: Vec<String> = counts.iter().map(|&(n, d)| format!("(1 - {d}/{n})")).collect();
    Ok(build(
        metric,
        key,
        format!(
            "stop after {k} touches: conversions per 100 = 100 (1 - S({k})) = {:.2} and touches per 100 = \
             100 (S(0) + .. + S({})) = {:.1}, where S({k}) = {} (conversions / reached at each touch; 0/0 \
             counts as 1; prospects who stopped earlier count as they would have gone on, so this is above the \
             plain share of converted prospects below); assumes giving up was uninformative",
            100.0 * conv,
            k - 1,
            100.0 * touches,
            factors.join(" ")
        ),
        ("converted at a touch <= K", "reached touch 1"),
        None,
        over(i.facts, |f| reached(f, 1), |f| converted_at(f).is_some_and(|x| x <= k)),
    ))
}
