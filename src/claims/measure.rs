//! The measurement behind each claim metric: value, 95 % interval, the
//! numerator and denominator, and the ids behind the number.
//!
//! Proportions get Wilson intervals; medians and differences get percentile
//! bootstrap intervals with a fixed seed ([`BOOTSTRAP_SEED`],
//! [`BOOTSTRAP_RESAMPLES`] resamples), resampling prospects.

use serde::Serialize;

use super::Metric;
use crate::facts::dark::silences;
use crate::facts::{Facts, ProspectFacts};
use crate::metrics::cadence::{touch_buckets, GAP_BUCKETS};
use crate::metrics::{conversion, give_up};
use crate::metrics::{EventLevel, MetricParams};
use crate::stats::bootstrap::{
    difference_interval, median_interval, ratio_difference_interval, ratio_difference_interval_counts,
};
use crate::stats::{median, wilson, Z95};
use crate::time::MICROS_PER_DAY;

pub const BOOTSTRAP_SEED: u64 = 20_261_124;
pub const BOOTSTRAP_RESAMPLES: usize = 2_000;
/// Ids listed by `--explain`.
pub(crate) const EXPLAIN_IDS: usize = 20;

/// One measured value with its interval and provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    pub value: Option<f64>,
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    /// Numerator of a proportion (null for medians and differences).
    pub x: Option<u64>,
    /// Observations behind the number (the denominator; for a difference,
    /// `n = n1 + n2`, docs/metrics.md §8.16).
    pub n: u64,
    /// For a difference: the sizes of its two groups (first minus second).
    pub n1: Option<u64>,
    pub n2: Option<u64>,
    /// The smallest group's size where that decides whether there is enough data.
    #[serde(skip)]
    pub n_for_min: u64,
    /// `wilson`, `bootstrap` or `none`.
    pub method: String,
    /// What was measured, in words.
    pub definition: String,
    /// For bootstraps: what was resampled.
    pub resampling_unit: Option<String>,
    /// Why the metric could not be measured on this input.
    pub unavailable: Option<String>,
    /// Up to [`EXPLAIN_IDS`] ids counted in the numerator (prospects or reps).
    #[serde(skip)]
    pub ids: Vec<String>,
}

impl Measurement {
    fn unavailable(definition: String, reason: &str) -> Measurement {
        Measurement {
            value: None,
            lo: None,
            hi: None,
            x: None,
            n: 0,
            n1: None,
            n2: None,
            n_for_min: 0,
            method: "none".into(),
            definition,
            resampling_unit: None,
            unavailable: Some(reason.to_string()),
            ids: Vec::new(),
        }
    }

    /// A metric that needs event times, on a summary input.
    fn without_times(definition: String) -> Measurement {
        Measurement::unavailable(definition, "the input has no event times (summary input)")
    }

    fn proportion(definition: String, x: u64, n: u64, ids: Vec<String>) -> Measurement {
        let interval = wilson(x, n, Z95);
        Measurement {
            value: (n > 0).then(|| x as f64 / n as f64),
            lo: interval.map(|i| i.0),
            hi: interval.map(|i| i.1),
            x: Some(x),
            n,
            n1: None,
            n2: None,
            n_for_min: n,
            method: "wilson".into(),
            definition,
            resampling_unit: None,
            unavailable: None,
            ids: ids.into_iter().take(EXPLAIN_IDS).collect(),
        }
    }
}

/// A proportion over the prospects matching `base`, counting those matching `hit`.
fn share(
    facts: &Facts,
    definition: String,
    base: impl Fn(&ProspectFacts) -> bool,
    hit: impl Fn(&ProspectFacts) -> bool,
) -> Measurement {
    let mut x = 0;
    let mut n = 0;
    let mut ids = Vec::new();
    for f in facts.prospects.iter().filter(|f| base(f)) {
        n += 1;
        if hit(f) {
            x += 1;
            if ids.len() < EXPLAIN_IDS {
                ids.push(f.prospect_id.clone());
            }
        }
    }
    Measurement::proportion(definition, x, n, ids)
}

/// The conversion touch of a prospect converted after a touch, as the
/// metrics define it ([`conversion::converted_at`]), widened for the
/// claims' signed parameters.
fn k_of(f: &ProspectFacts) -> Option<i64> {
    conversion::converted_at(f).map(i64::from)
}

/// Measure `metric` on the facts (and the event-level aggregates, where the
/// metric needs every event; the timeline, when present, only lists ids).
pub fn measure(metric: &Metric, facts: &Facts, ev: EventLevel, params: &MetricParams) -> Measurement {
    match *metric {
        Metric::ShareConversionsKAtLeast { x } => share(
            facts,
            format!("share of conversions (K >= 1) with K >= {x}, i.e. at least {} follow-ups", x - 1),
            |f| k_of(f).is_some(),
            |f| k_of(f).is_some_and(|k| k >= x),
        ),
        Metric::ShareConversionsKBetween { lo, hi } => share(
            facts,
            format!("share of conversions (K >= 1) with {lo} <= K <= {hi}"),
            |f| k_of(f).is_some(),
            |f| k_of(f).is_some_and(|k| (lo..=hi).contains(&k)),
        ),
        Metric::ShareRBetween { lo, hi } => share(
            facts,
            format!("share of prospects with a response whose first response came by touch R with {lo} <= R <= {hi}"),
            |f| f.r.is_some(),
            |f| f.r.is_some_and(|r| (lo..=hi).contains(&i64::from(r))),
        ),
        Metric::ShareGivenUpAtMost { x } => share(
            facts,
            format!("share of given-up (abandoned or lost) prospects whose give-up point n <= {x}"),
            |f| give_up::point(f).is_some(),
            |f| give_up::point(f).is_some_and(|n| i64::from(n) <= x),
        ),
        Metric::HazardAt { k } => share(
            facts,
            format!("hazard at touch {k}: conversions at touch {k} / prospects who reached touch {k} (m >= {k})"),
            |f| i64::from(f.m) >= k && k >= 1,
            |f| k_of(f) == Some(k),
        ),
        Metric::MedianR => {
            let values: Vec<f64> = facts.prospects.iter().filter_map(|f| f.r.map(f64::from)).collect();
            let interval = median_interval(&values, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
            Measurement {
                value: median(&values),
                lo: interval.map(|i| i.0),
                hi: interval.map(|i| i.1),
                x: None,
                n: values.len() as u64,
                n1: None,
                n2: None,
                n_for_min: values.len() as u64,
                method: "bootstrap".into(),
                definition:
                    "median touch of first response R over prospects with a response (R = 0: the prospect spoke first)"
                        .into(),
                resampling_unit: Some(format!(
                    "prospects with a response ({BOOTSTRAP_RESAMPLES} resamples, seed {BOOTSTRAP_SEED})"
                )),
                unavailable: None,
                ids: facts
                    .prospects
                    .iter()
                    .filter(|f| f.r.is_some())
                    .take(EXPLAIN_IDS)
                    .map(|f| f.prospect_id.clone())
                    .collect(),
            }
        }
        Metric::ShareRepsMedianGiveUpAtMost { x } => {
            let g = give_up::compute(&facts.prospects, params);
            let eligible: Vec<_> =
                g.by_rep.iter().filter(|r| r.given_up >= u64::from(params.min_rep_prospects)).collect();
            let quick: Vec<String> =
                eligible.iter().filter(|r| r.median_n <= x as f64).map(|r| r.rep_id.clone()).collect();
            Measurement::proportion(
                format!(
                    "share of reps (with at least {} given-up prospects) whose median give-up point is <= {x} touches",
                    params.min_rep_prospects
                ),
                quick.len() as u64,
                eligible.len() as u64,
                quick,
            )
        }
        Metric::RevivalRate { min_days } => {
            let definition = format!(
                "revived touched silences / silences (of at least {} days) that received at least one touch",
                min_days.unwrap_or(facts.dark_days)
            );
            if facts.as_of.is_none() {
                return Measurement::without_times(definition);
            }
            match min_days.filter(|&d| d != facts.dark_days) {
                None => {
                    let sum =
                        |f: fn(&ProspectFacts) -> u32| facts.prospects.iter().map(|p| u64::from(f(p))).sum::<u64>();
                    let ids = facts
                        .prospects
                        .iter()
                        .filter(|f| f.dark.silences_touched_revived > 0)
                        .map(|f| f.prospect_id.clone())
                        .collect();
                    Measurement::proportion(
                        definition,
                        sum(|f| f.dark.silences_touched_revived),
                        sum(|f| f.dark.silences_touched),
                        ids,
                    )
                }
                Some(days) => {
                    let Some(agg) = ev.aggregates else {
                        return Measurement::unavailable(
                            definition,
                            "silences of another length need the event log or its aggregates (facts input \
                             without --aggregates)",
                        );
                    };
                    let (n, x) = agg.touched_silences(days);
                    let mut ids = Vec::new();
                    if let Some(t) = ev.timed {
                        for (events, f) in t.groups(facts) {
                            let until = f.won_ts.map_or(t.timeline.as_of, |c| c.min(t.timeline.as_of));
                            let dark = i64::from(days) * MICROS_PER_DAY;
                            if silences(events, until, dark, &t.touch_channels)
                                .iter()
                                .any(|s| s.touches > 0 && s.revived)
                            {
                                ids.push(f.prospect_id.clone());
                            }
                        }
                    }
                    Measurement::proportion(definition, x, n, ids)
                }
            }
        }
        Metric::FirstChannelRateDifference { a, b } => {
            // §8.16: K = 0 converters excluded; open prospects count as not converted.
            let group = |ch| -> Vec<f64> {
                facts
                    .prospects
                    .iter()
                    .filter(|f| f.first_channel == Some(ch) && f.k != Some(0))
                    .map(|f| if k_of(f).is_some() { 1.0 } else { 0.0 })
                    .collect()
            };
            let (ga, gb) = (group(a), group(b));
            let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
            let interval = difference_interval(&ga, &gb, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
            Measurement {
                value: mean(&ga).zip(mean(&gb)).map(|(x, y)| x - y),
                lo: interval.map(|i| i.0),
                hi: interval.map(|i| i.1),
                x: None,
                n: (ga.len() + gb.len()) as u64,
                n1: Some(ga.len() as u64),
                n2: Some(gb.len() as u64),
                n_for_min: ga.len().min(gb.len()) as u64,
                method: "bootstrap".into(),
                definition: format!(
                    "conversion rate (K >= 1) when touch 1 is {a} ({} prospects) minus when it is {b} ({} prospects); \
                     conversions before any touch excluded",
                    ga.len(),
                    gb.len()
                ),
                resampling_unit: Some(format!(
                    "prospects, within each first-touch channel ({BOOTSTRAP_RESAMPLES} resamples, seed {BOOTSTRAP_SEED})"
                )),
                unavailable: None,
                ids: facts
                    .prospects
                    .iter()
                    .filter(|f| f.first_channel == Some(a) && k_of(f).is_some())
                    .take(EXPLAIN_IDS)
                    .map(|f| f.prospect_id.clone())
                    .collect(),
            }
        }
        Metric::PooledHazardDifference { lo, hi, k } => {
            // Per prospect: [conversions at K in lo..=hi, touch numbers lo..=hi reached,
            // conversion at K = k, reached touch k].
            let units: Vec<[u64; 4]> = facts
                .prospects
                .iter()
                .filter(|f| f.m >= 1)
                .map(|f| {
                    let m = i64::from(f.m);
                    let reached = (m.min(hi) - lo + 1).max(0) as u64;
                    let kk = k_of(f);
                    [
                        u64::from(kk.is_some_and(|x| (lo..=hi).contains(&x))),
                        reached,
                        u64::from(kk == Some(k)),
                        u64::from(m >= k),
                    ]
                })
                .collect();
            let reached_lo = facts.prospects.iter().filter(|f| i64::from(f.m) >= lo).count() as u64;
            let nb = units.iter().map(|u| u[3]).sum::<u64>();
            let ids = facts
                .prospects
                .iter()
                .filter(|f| k_of(f).is_some_and(|x| (lo..=hi).contains(&x)))
                .take(EXPLAIN_IDS)
                .map(|f| f.prospect_id.clone())
                .collect();
            pooled_difference(
                &units,
                reached_lo.min(nb),
                |[xa, na, xb, nb]| {
                    format!(
                        "pooled hazard of touches {lo}-{hi} ({xa} conversions / {na} touch numbers reached by \
                         {reached_lo} prospects) minus hazard at touch {k} ({xb} / {nb})"
                    )
                },
                "prospects with a touch",
                ids,
            )
        }
        Metric::ShareFollowupsAfterMeetingAtLeast { x } => {
            let definition = format!(
                "share of conversions (K >= 1) that had a meeting before the sale (an event of channel or outcome \
                 meeting, either direction, before c) with at least {x} touches after the first such meeting and \
                 at or before the sale"
            );
            if facts.as_of.is_none() {
                return Measurement::without_times(definition);
            }
            share(
                facts,
                definition,
                |f| f.meeting_followups.is_some(),
                |f| f.meeting_followups.is_some_and(|n| i64::from(n) >= x),
            )
        }
        Metric::MixedChannelHazardDifference { lo, hi } => mixed_channel(facts, lo, hi),
        Metric::GapResponseRateDifference { a, b } => {
            let (na, nb) = (GAP_BUCKETS[a].0, GAP_BUCKETS[b].0);
            let definition = format!(
                "answer rate of touches sent {na} after the prospect's previous touch minus that of touches sent {nb} after"
            );
            let Some(agg) = ev.aggregates else {
                return Measurement::unavailable(
                    definition,
                    "gaps between touches need the event log or its aggregates (facts input without --aggregates)",
                );
            };
            // Per prospect [answered in a, touches in a, answered in b, touches in b],
            // from the histogram of gap profiles; prospects with no such touch are left out.
            let mut by_unit: std::collections::BTreeMap<[u64; 4], u64> = std::collections::BTreeMap::new();
            for (p, &c) in &agg.gap_profiles {
                let u = [p[2 * a + 1], p[2 * a], p[2 * b + 1], p[2 * b]].map(u64::from);
                if u[1] + u[3] > 0 {
                    *by_unit.entry(u).or_insert(0) += c;
                }
            }
            let units: Vec<([u64; 4], u64)> = by_unit.into_iter().collect();
            let mut ids = Vec::new();
            if let Some(t) = ev.timed {
                for (events, f) in t.groups(facts) {
                    if ids.len() >= EXPLAIN_IDS {
                        break;
                    }
                    let touches = t.touch_positions(events);
                    if touch_buckets(events, &touches).any(|(bucket, answered)| bucket == a + 1 && answered) {
                        ids.push(f.prospect_id.clone());
                    }
                }
            }
            let sum = |i: usize| units.iter().map(|(u, c)| u[i] * c).sum::<u64>();
            let (xa, ta, xb, tb) = (sum(0), sum(1), sum(2), sum(3));
            let rate = crate::metrics::ratio;
            let interval = ratio_difference_interval_counts(&units, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
            Measurement {
                value: rate(xa, ta).zip(rate(xb, tb)).map(|(x, y)| x - y),
                lo: interval.map(|i| i.0),
                hi: interval.map(|i| i.1),
                x: None,
                n: ta + tb,
                n1: Some(ta),
                n2: Some(tb),
                n_for_min: ta.min(tb),
                method: "bootstrap".into(),
                definition: format!("{definition} ({xa} answered / {ta} touches vs {xb} / {tb})"),
                resampling_unit: Some(format!(
                    "prospects with such touches ({BOOTSTRAP_RESAMPLES} resamples, seed {BOOTSTRAP_SEED})"
                )),
                unavailable: None,
                ids,
            }
        }
    }
}

/// §7 `multichannel`: at each touch `k` in `lo..=hi`, a prospect that
/// reached it (`m >= k`) is *mixed* when its touches `1..k-1` used two
/// channels or more, else *single*; the pooled hazard of the mixed (their
/// conversions at `K = k`, summed over `k`, over their touch numbers
/// reached) minus that of the single. Comparing at the same touch number
/// keeps the survivors of long sequences (who are more often mixed) from
/// flattering the mixed group.
fn mixed_channel(facts: &Facts, lo: i64, hi: i64) -> Measurement {
    let definition = format!(
        "pooled hazard at touches {lo}-{hi} of prospects whose earlier touches used two channels or more, minus \
         that of prospects whose earlier touches used one"
    );
    if facts.as_of.is_none() {
        return Measurement::without_times(definition);
    }
    let lo = lo.max(1);
    // Per prospect: [conversions mixed, touch numbers reached mixed, conversions single, reached single].
    let units: Vec<[u64; 4]> = facts
        .prospects
        .iter()
        .filter(|f| i64::from(f.m) >= lo)
        .map(|f| {
            let mut u = [0u64; 4];
            for k in lo..=hi.min(i64::from(f.m)) {
                let mixed = f.mixed_from.is_some_and(|j| i64::from(j) < k);
                let at = if mixed { 0 } else { 2 };
                u[at + 1] += 1;
                if k_of(f) == Some(k) {
                    u[at] += 1;
                }
            }
            u
        })
        .collect();
    let in_group = |i: usize| units.iter().filter(|u| u[i] > 0).count() as u64;
    let (pa, pb) = (in_group(1), in_group(3));
    let ids = facts
        .prospects
        .iter()
        .filter(|f| k_of(f).is_some_and(|k| (lo..=hi).contains(&k) && f.mixed_from.is_some_and(|j| i64::from(j) < k)))
        .take(EXPLAIN_IDS)
        .map(|f| f.prospect_id.clone())
        .collect();
    pooled_difference(
        &units,
        pa.min(pb),
        |[xa, na, xb, nb]| {
            format!(
                "{definition} (mixed: {xa} conversions / {na} touch numbers reached by {pa} prospects; single: \
                 {xb} / {nb} by {pb})"
            )
        },
        &format!("prospects who reached touch {lo}"),
        ids,
    )
}

/// A pooled rate difference `sum(xa)/sum(na) - sum(xb)/sum(nb)` over
/// per-prospect units `[xa, na, xb, nb]`, with its bootstrap over whole
/// prospects; `n = n1 + n2` counts the two denominators (docs/metrics.md
/// §8.16). `n_for_min` is what decides whether there is enough data, and
/// `definition` gets the four sums.
fn pooled_difference(
    units: &[[u64; 4]],
    n_for_min: u64,
    definition: impl FnOnce([u64; 4]) -> String,
    resampled: &str,
    ids: Vec<String>,
) -> Measurement {
    let sum = |i: usize| units.iter().map(|u| u[i]).sum::<u64>();
    let (xa, na, xb, nb) = (sum(0), sum(1), sum(2), sum(3));
    let rate = crate::metrics::ratio;
    let interval = ratio_difference_interval(units, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
    Measurement {
        value: rate(xa, na).zip(rate(xb, nb)).map(|(a, b)| a - b),
        lo: interval.map(|i| i.0),
        hi: interval.map(|i| i.1),
        x: None,
        n: na + nb,
        n1: Some(na),
        n2: Some(nb),
        n_for_min,
        method: "bootstrap".into(),
        definition: definition([xa, na, xb, nb]),
        resampling_unit: Some(format!("{resampled} ({BOOTSTRAP_RESAMPLES} resamples, seed {BOOTSTRAP_SEED})")),
        unavailable: None,
        ids,
    }
}
