//! Give-up points (docs/metrics.md §4): after how many touches reps stop, per
//! rep, and what stopping early plausibly costs.

use serde::Serialize;

use super::conversion::exact_hazards;
use super::explain::{at, build, over, touch_key, Explainable, Explanation, Inputs};
use super::{ratio, touch_label, MetricParams};
use crate::facts::ProspectFacts;
use crate::stats::median;

/// One row of the give-up distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GiveUpRow {
    /// Touches before giving up; the last row aggregates `cap` and above.
    pub n: u32,
    pub label: String,
    pub count: u64,
    pub share: Option<f64>,
    pub cum_share: Option<f64>,
}

/// Give-up figures of one rep (the rep of the prospect's last touch).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepGiveUp {
    pub rep_id: String,
    /// Prospects this rep gave up on (`abandoned` or `lost`).
    pub given_up: u64,
    /// Midpoint median of the give-up point `n`.
    pub median_n: f64,
    /// Share given up after at most one follow-up (`n <= 2`).
    pub share_after_one_followup: f64,
}

/// Share of reps whose median give-up point is `<= 2`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepsAfterOneFollowup {
    /// Null when no rep has enough given-up prospects.
    pub share: Option<f64>,
    /// Reps with at least `min_rep_prospects` given-up prospects (the denominator).
    pub reps: u64,
    /// Of those, reps whose median give-up point is `<= 2`.
    pub reps_median_le_2: u64,
    pub min_rep_prospects: u32,
}

/// Expected extra conversions had follow-up continued to the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOnTable {
    pub expected_conversions: f64,
    /// Given-up prospects with `n < horizon` (those the sum runs over).
    pub prospects: u64,
    pub horizon: u32,
    /// Always true: the estimate assumes giving up was uninformative.
    pub upper_bound: bool,
}

/// All of §4.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GiveUp {
    /// Prospects with status `abandoned` or `lost`.
    pub given_up: u64,
    pub distribution: Vec<GiveUpRow>,
    /// Sorted by `rep_id`.
    pub by_rep: Vec<RepGiveUp>,
    pub reps_after_one_followup: RepsAfterOneFollowup,
    pub left_on_table: LeftOnTable,
}

pub fn compute(facts: &[ProspectFacts], params: &MetricParams) -> GiveUp {
    let cap = params.cap.max(1);
    let points: Vec<u32> = facts.iter().filter_map(point).collect();
    let total = points.len() as u64;

    let mut counts = vec![0u64; cap as usize + 1];
    for &n in &points {
        counts[n.min(cap) as usize] += 1;
    }
    let mut cum = 0;
    let distribution = (1..=cap)
        .map(|n| {
            let count = counts[n as usize];
            cum += count;
            GiveUpRow { n, label: touch_label(n, cap), count, share: ratio(count, total), cum_share: ratio(cum, total) }
        })
        .collect();

    // Hash by rep, then sort the (few) reps by id for a stable order.
    let mut per_rep: foldhash::HashMap<&str, Vec<f64>> = foldhash::HashMap::default();
    for f in facts {
        if let (Some(n), Some(rep)) = (point(f), f.last_rep.as_deref()) {
            per_rep.entry(rep).or_default().push(f64::from(n));
        }
    }
    let mut by_rep: Vec<RepGiveUp> = per_rep
        .into_iter()
        .map(|(rep, ns)| RepGiveUp {
            rep_id: rep.to_string(),
            given_up: ns.len() as u64,
            median_n: median(&ns).unwrap_or(f64::NAN),
            share_after_one_followup: ns.iter().filter(|&&n| n <= f64::from(ONE_FOLLOW_UP)).count() as f64
                / ns.len() as f64,
        })
        .collect();
    by_rep.sort_unstable_by(|a, b| a.rep_id.cmp(&b.rep_id));
    let eligible: Vec<&RepGiveUp> =
        by_rep.iter().filter(|r| r.given_up >= u64::from(params.min_rep_prospects)).collect();
    let quick = eligible.iter().filter(|r| r.median_n <= f64::from(ONE_FOLLOW_UP)).count() as u64;
    let reps_after_one_followup = RepsAfterOneFollowup {
        share: ratio(quick, eligible.len() as u64),
        reps: eligible.len() as u64,
        reps_median_le_2: quick,
        min_rep_prospects: params.min_rep_prospects,
    };

    GiveUp {
        given_up: total,
        distribution,
        by_rep,
        reps_after_one_followup,
        left_on_table: left_on_table(facts, &points, params.horizon),
    }
}

/// §4 / §8.10: for each given-up prospect with `n < horizon`,
/// `1 - prod_{j=n+1}^{horizon} (1 - hazard(j))` with the exact (uncapped)
/// hazards and a null hazard counting as 0; summed.
fn left_on_table(facts: &[ProspectFacts], points: &[u32], horizon: u32) -> LeftOnTable {
    let hazards = exact_hazards(facts, horizon);
    // survival_from[n] = prod_{j=n+1}^{horizon} (1 - h(j)), for n = 0..=horizon.
    let mut survival_from = vec![1.0; horizon as usize + 1];
    for n in (0..horizon as usize).rev() {
        survival_from[n] = survival_from[n + 1] * (1.0 - hazards[n].unwrap_or(0.0));
    }
    let eligible: Vec<u32> = points.iter().copied().filter(|&n| n < horizon).collect();
    LeftOnTable {
        expected_conversions: eligible.iter().map(|&n| 1.0 - survival_from[n as usize]).sum(),
        prospects: eligible.len() as u64,
        horizon,
        upper_bound: true,
    }
}

/// The give-up point `n` (touches received) of a prospect given up on:
/// status `abandoned` (no touch for `quiet_days`) or `lost` (§4).
pub fn point(f: &ProspectFacts) -> Option<u32> {
    f.give_up_point()
}

/// "Gave up after (at most) one follow-up": a give-up point `n <= 2`, the
/// first touch and one follow-up (§4).
pub const ONE_FOLLOW_UP: u32 = 2;

/// `give_up N`: the share of given-up prospects with give-up point `N`.
pub const EXPLAIN: Explainable = Explainable {
    name: "give_up",
    key: Some("N"),
    key_help: "N: a give-up point 1..cap, or cap+",
    explain: Some(explain),
};

/// `rep REP`: a rep's given-up prospects, and those given up after one follow-up.
pub const EXPLAIN_REP: Explainable = Explainable {
    name: "rep",
    key: Some("REP"),
    key_help: "REP: a rep id (give-up by rep)",
    explain: Some(explain_rep),
};

/// `left_on_table`: the given-up prospects the estimate runs over.
pub const EXPLAIN_LEFT_ON_TABLE: Explainable =
    Explainable { name: "left_on_table", key: None, key_help: "no key", explain: Some(explain_left_on_table) };

fn explain(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN.name;
    let (n, plus) = touch_key(metric, key, i.params.cap.max(1), 1)?;
    Ok(build(
        metric,
        key,
        format!(
            "share of given-up (abandoned or lost) prospects whose give-up point n {} {n}",
            if plus { ">=" } else { "=" }
        ),
        ("given up at this point", "given-up prospects"),
        None,
        over(i.facts, |f| point(f).is_some(), |f| point(f).is_some_and(|x| at(x, n, plus))),
    ))
}

fn explain_rep(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN_REP.name;
    let rep = key.ok_or("explain rep needs a KEY: a rep id")?;
    let rows = over(
        i.facts,
        |f| point(f).is_some() && f.last_rep.as_deref() == Some(rep),
        |f| point(f).is_some_and(|n| n <= ONE_FOLLOW_UP),
    );
    if rows.is_empty() {
        let mut reps: Vec<&str> =
            i.facts.prospects.iter().filter(|f| point(f).is_some()).filter_map(|f| f.last_rep.as_deref()).collect();
        reps.sort_unstable();
        reps.dedup();
        return Err(format!("explain rep: no given-up prospect of rep '{rep}' (reps: {})", reps.join(", ")));
    }
    Ok(build(
        metric,
        key,
        format!(
            "given-up prospects whose last touch was by {rep}; the numerator gave up after <= 1 follow-up (n <= \
             {ONE_FOLLOW_UP})"
        ),
        ("given up after <= 1 follow-up", "given-up prospects of the rep"),
        None,
        rows,
    ))
}

fn explain_left_on_table(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let horizon = i.params.horizon;
    Ok(build(
        EXPLAIN_LEFT_ON_TABLE.name,
        key,
        format!(
            "given-up prospects (abandoned or lost) with fewer than {horizon} touches: each adds its chance to \
             convert by touch {horizon} at the observed hazards (an upper bound: it assumes giving up was \
             uninformative)"
        ),
        ("given up before the horizon", "given up"),
        None,
        over(i.facts, |f| point(f).is_some(), |f| point(f).is_some_and(|n| n < horizon)),
    ))
}
