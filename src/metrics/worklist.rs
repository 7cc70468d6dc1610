//! The worklist (docs/metrics.md §9): every prospect still `open` at `T`, with
//! its chance to convert within the next `h` touches if worked on, from the
//! per-touch hazards of §3.
//!
//! For an open prospect with `n` touches,
//! `p = 1 − Π_{j=n+1}^{n+h} (1 − hazard(j))`, where `hazard(j)` is the exact
//! hazard of touch `j` for `j < cap` and the `cap+` row's hazard (converted
//! at `K >= cap` over reached `m >= cap`) from `cap` on; a null hazard
//! (nobody reached that touch) counts as 0. `p_lo` and `p_hi` put every
//! hazard at its 95 % Wilson bound (a null bound counts as 0 too): the range
//! `p` moves in when every hazard is at its lower or upper bound, not a
//! joint confidence interval. The ranking (`p` descending, ties by prospect
//! id) is what a rep works down; the rule is echoed with the table.

use serde::Serialize;

use super::conversion;
use super::explain::{build, over, Explainable, Explanation, Inputs};
use super::MetricParams;
use crate::facts::{Facts, ProspectFacts};
use crate::model::Status;
use crate::time::{format_ts, MICROS_PER_DAY};

/// Default `--next`: the touches a worklist row looks ahead.
pub const DEFAULT_NEXT: u32 = 3;

/// One open prospect worth (or not) another touch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorklistRow {
    pub prospect_id: String,
    /// Rep of the last touch: who is working the prospect.
    pub rep_id: Option<String>,
    /// Touches so far.
    pub n: u32,
    pub last_touch: Option<String>,
    /// Days from the last touch to `T`.
    pub days_since: Option<f64>,
    pub last_channel: Option<String>,
    /// Chance to convert within the next `next` touches.
    pub p: f64,
    pub p_lo: f64,
    pub p_hi: f64,
}

/// The ranked worklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Worklist {
    pub as_of: Option<String>,
    /// `h`: touches looked ahead.
    pub next: u32,
    /// The rule in words, shown with the table.
    pub rule: String,
    /// Open prospects, ranked; all of them (the CLI's `--top` and `--rep` cut).
    pub rows: Vec<WorklistRow>,
}

/// Per-touch `(hazard, lo, hi)` for `j = 1..=upto`, nulls as 0: the rows of
/// the §3 table (exact below `cap`, the `cap+` row from `cap` on).
fn hazards(facts: &[ProspectFacts], params: &MetricParams, upto: u32) -> Vec<(f64, f64, f64)> {
    let table = conversion::compute(facts, params);
    (1..=upto)
        .map(|j| {
            let row = &table[(j.min(params.cap.max(1)) - 1) as usize];
            (row.hazard.unwrap_or(0.0), row.hazard_lo.unwrap_or(0.0), row.hazard_hi.unwrap_or(0.0))
        })
        .collect()
}

/// The worklist of `facts` looking `next` touches ahead.
pub fn compute(facts: &Facts, params: &MetricParams, next: u32) -> Worklist {
    let cap = params.cap.max(1);
    let open: Vec<&ProspectFacts> = facts.prospects.iter().filter(|p| p.status == Some(Status::Open)).collect();
    let furthest = open.iter().map(|p| p.n_touches).max().unwrap_or(0) + next;
    let h = hazards(&facts.prospects, params, furthest);
    let chance = |from: u32, pick: fn(&(f64, f64, f64)) -> f64| {
        1.0 - (from + 1..=from + next).map(|j| 1.0 - pick(&h[j as usize - 1])).product::<f64>()
    };
    let mut rows: Vec<WorklistRow> = open
        .iter()
        .map(|p| WorklistRow {
            prospect_id: p.prospect_id.clone(),
            rep_id: p.last_rep.clone(),
            n: p.n_touches,
            last_touch: p.last_touch_ts.map(format_ts),
            days_since: p.last_touch_ts.zip(facts.as_of).map(|(t, now)| (now - t) as f64 / MICROS_PER_DAY as f64),
            last_channel: p.last_channel.map(|c| c.as_str().to_string()),
            p: chance(p.n_touches, |x| x.0),
            p_lo: chance(p.n_touches, |x| x.1),
            p_hi: chance(p.n_touches, |x| x.2),
        })
        .collect();
    rows.sort_by(|a, b| b.p.total_cmp(&a.p).then_with(|| a.prospect_id.cmp(&b.prospect_id)));
    let rule = format!(
        "Open prospects ranked by the chance to convert within the next {next} touch(es): \
         1 - product of (1 - hazard(j)) over touches n+1..n+{next}, hazards of the conversion-by-touch table \
         (touch {cap} and later use the {cap}+ row); the range puts every hazard at its 95% Wilson bound."
    );
    Worklist { as_of: facts.as_of.map(format_ts), next, rule, rows }
}

/// `worklist`: the open prospects, every one of them on the worklist.
pub const EXPLAIN: Explainable =
    Explainable { name: "worklist", key: None, key_help: "no key", explain: Some(explain) };

fn explain(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let rows = over(i.facts, |f| f.status == Some(Status::Open), |_| true);
    Ok(build(
        EXPLAIN.name,
        key,
        "open prospects at the as-of instant (touched, not converted, not lost, last touch within the quiet days): \
         every one is on the worklist, ranked by its chance to convert in the next touches"
            .into(),
        ("on the worklist", "open prospects"),
        None,
        rows,
    ))
}
