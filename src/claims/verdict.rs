//! Verdicts (docs/metrics.md §7) and the evaluated claim as it is reported.

use serde::Serialize;

use super::measure::{measure, Measurement};
use super::{Claim, Op, Reading};
use crate::facts::Facts;
use crate::metrics::{EventLevel, MetricParams};

/// Fewer observations than this give `insufficient data`.
pub const MIN_N: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// The interval lies wholly on the claimed side (for `about v`: inside `[v - tol, v + tol]`).
    #[serde(rename = "supported")]
    Supported,
    /// The interval lies wholly on the other side.
    #[serde(rename = "contradicted")]
    Contradicted,
    /// Neither.
    #[serde(rename = "inconclusive")]
    Inconclusive,
    /// Fewer than `min_n` observations, or the input lacks what the metric needs.
    #[serde(rename = "insufficient data")]
    InsufficientData,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::Contradicted => "contradicted",
            Verdict::Inconclusive => "inconclusive",
            Verdict::InsufficientData => "insufficient data",
        }
    }
}

/// The verdict for an interval `[lo, hi]` against `op`.
pub fn judge(op: &Op, lo: f64, hi: f64) -> Verdict {
    let (supported, contradicted) = match *op {
        Op::AtLeast(v) => (lo >= v, hi < v),
        Op::AtMost(v) => (hi <= v, lo > v),
        Op::Between(a, b) => (a <= lo && hi <= b, hi < a || lo > b),
        Op::About(v, tol) => (v - tol <= lo && hi <= v + tol, hi < v - tol || lo > v + tol),
    };
    if supported {
        Verdict::Supported
    } else if contradicted {
        Verdict::Contradicted
    } else {
        Verdict::Inconclusive
    }
}

/// One reading of a claim, measured and judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// `touches` or `follow-ups`; null for claims whose numbers are not touch counts.
    pub reading: Option<Reading>,
    /// The metric and its parameters in this reading, e.g. `share_conversions_k_at_least(x=6)`.
    pub metric: String,
    pub value: Option<f64>,
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    pub x: Option<u64>,
    /// Observations; for a difference `n = n1 + n2` (docs/metrics.md §8.16).
    pub n: u64,
    /// For a difference: the sizes of its two groups (null otherwise).
    pub n1: Option<u64>,
    pub n2: Option<u64>,
    pub op: String,
    pub claimed: serde_json::Value,
    /// The band of `about`: supported inside `[claimed - tol, claimed + tol]`; null for other ops.
    pub tol: Option<f64>,
    pub verdict: Verdict,
    /// Why the verdict is `insufficient data`, when it is.
    pub reason: Option<String>,
    pub method: String,
    pub resampling_unit: Option<String>,
    pub definition: String,
    #[serde(skip)]
    pub ids: Vec<String>,
}

/// A claim with both readings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimResult {
    pub id: String,
    /// Plain English for people.
    pub title: String,
    pub quote: String,
    pub source: String,
    #[serde(flatten)]
    pub primary: Evaluation,
    /// The other reading (touches vs follow-ups); null for claims not about touches.
    pub alternate: Option<Evaluation>,
}

impl ClaimResult {
    /// True when the two readings disagree: the report then shows both.
    pub fn readings_disagree(&self) -> bool {
        self.alternate.as_ref().is_some_and(|a| a.verdict != self.primary.verdict)
    }
}

fn describe(claim: &Claim) -> String {
    use super::Metric::*;
    let p = match claim.metric {
        ShareConversionsKAtLeast { x }
        | ShareRepsMedianGiveUpAtMost { x }
        | ShareGivenUpAtMost { x }
        | ShareFollowupsAfterMeetingAtLeast { x } => {
            format!("(x={x})")
        }
        ShareConversionsKBetween { lo, hi } | ShareRBetween { lo, hi } | MixedChannelHazardDifference { lo, hi } => {
            format!("(lo={lo}, hi={hi})")
        }
        HazardAt { k } => format!("(k={k})"),
        PooledHazardDifference { lo, hi, k } => format!("(lo={lo}, hi={hi}, k={k})"),
        GapResponseRateDifference { a, b } => {
            format!(
                "(a={}, b={})",
                crate::metrics::cadence::GAP_BUCKETS[a].0,
                crate::metrics::cadence::GAP_BUCKETS[b].0
            )
        }
        RevivalRate { min_days: Some(d) } => format!("(min_days={d})"),
        FirstChannelRateDifference { a, b } => format!("(a={a}, b={b})"),
        MedianR | RevivalRate { min_days: None } => String::new(),
    };
    format!("{}{p}", claim.metric.name())
}

fn evaluate_one(claim: &Claim, facts: &Facts, ev: EventLevel, params: &MetricParams) -> Evaluation {
    let m: Measurement = measure(&claim.metric, facts, ev, params);
    let (verdict, reason) = match (&m.unavailable, m.lo.zip(m.hi)) {
        (Some(why), _) => (Verdict::InsufficientData, Some(why.clone())),
        _ if m.n_for_min < MIN_N => (
            Verdict::InsufficientData,
            Some(format!("{} observation(s) where at least {MIN_N} are needed", m.n_for_min)),
        ),
        (None, Some((lo, hi))) => (judge(&claim.op, lo, hi), None),
        (None, None) => (Verdict::InsufficientData, Some("no interval could be computed".into())),
    };
    Evaluation {
        reading: claim.reading.filter(|_| claim.metric.counts_touches()),
        metric: describe(claim),
        value: m.value,
        lo: m.lo,
        hi: m.hi,
        x: m.x,
        n: m.n,
        n1: m.n1,
        n2: m.n2,
        op: claim.op.symbol().to_string(),
        claimed: claim.op.claimed(),
        tol: claim.op.tol(),
        verdict,
        reason,
        method: m.method,
        resampling_unit: m.resampling_unit,
        definition: m.definition,
        ids: m.ids,
    }
}

/// Evaluate every claim in both readings. Each measurement seeds its own
/// bootstrap, so claims are evaluated on every core with the same results.
pub fn evaluate(claims: &[Claim], facts: &Facts, ev: EventLevel, params: &MetricParams) -> Vec<ClaimResult> {
    use rayon::prelude::*;
    claims
        .par_iter()
        .map(|c| ClaimResult {
            id: c.id.clone(),
            title: c.title.clone(),
            quote: c.quote.clone(),
            source: c.source.clone(),
            primary: evaluate_one(c, facts, ev, params),
            alternate: c.alternate().map(|alt| evaluate_one(&alt, facts, ev, params)),
        })
        .collect()
}
