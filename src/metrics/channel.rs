//! Channel (docs/metrics.md §6): conversion by the channel of the first touch,
//! the call − email difference, and the hazard by the channel of touch `k`.
//!
//! Conversions with `K = 0` are excluded throughout (§8.16): they converted
//! before any touch, so no channel can take credit. Open prospects count as
//! not converted.

use serde::Serialize;

use super::aggregates::Aggregates;
use super::conversion::{converted_at, reached};
use super::explain::{build, over, Explainable, Explanation, Inputs};
use super::proportion;
use crate::facts::Facts;
use crate::model::Channel;
use crate::stats::{newcombe_difference, Z95};

/// Conversion among prospects whose touch 1 was on one channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstChannelRow {
    pub channel: String,
    pub prospects: u64,
    pub converted: u64,
    pub rate: Option<f64>,
    pub rate_lo: Option<f64>,
    pub rate_hi: Option<f64>,
}

/// A difference of two proportions with a 95 % interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
    /// How the interval was computed.
    pub method: String,
}

/// Hazard at touch `k` among prospects whose touch `k` was on one channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelHazardRow {
    pub k: u32,
    pub reached: u64,
    pub conversions: u64,
    pub hazard: Option<f64>,
    pub hazard_lo: Option<f64>,
    pub hazard_hi: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelHazard {
    pub channel: String,
    /// `k = 1..cap`, exact (no `cap+` aggregation: touch `k`'s channel is per touch).
    pub rows: Vec<ChannelHazardRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelMetrics {
    /// One row per channel that was ever a first touch, in canonical order.
    pub by_first_channel: Vec<FirstChannelRow>,
    /// Conversion rate when touch 1 is a call minus when it is an email
    /// (Newcombe's hybrid score interval); null if either group is empty.
    pub call_minus_email: Option<Difference>,
    /// Null without the event-level aggregates (facts input without them).
    pub hazard_by_channel: Option<Vec<ChannelHazard>>,
}

/// (prospects, converted with K >= 1) whose touch 1 is on `channel`.
pub(crate) fn first_channel_counts(facts: &Facts, channel: Channel) -> (u64, u64) {
    let group = facts.prospects.iter().filter(|f| f.first_channel == Some(channel) && f.k != Some(0));
    group.fold((0, 0), |(n, c), f| (n + 1, c + u64::from(converted_at(f).is_some())))
}

pub fn compute(facts: &Facts, agg: Option<&Aggregates>, cap: u32) -> ChannelMetrics {
    let by_first_channel = Channel::ALL
        .iter()
        .filter_map(|&ch| {
            let (n, c) = first_channel_counts(facts, ch);
            let (rate, rate_lo, rate_hi) = proportion(c, n);
            (n > 0).then(|| FirstChannelRow {
                channel: ch.as_str().to_string(),
                prospects: n,
                converted: c,
                rate,
                rate_lo,
                rate_hi,
            })
        })
        .collect();
    let (nc, cc) = first_channel_counts(facts, Channel::Call);
    let (ne, ce) = first_channel_counts(facts, Channel::Email);
    let call_minus_email = newcombe_difference(cc, nc, ce, ne, Z95).map(|(value, lo, hi)| Difference {
        value,
        lo,
        hi,
        method: "Newcombe hybrid score (Wilson) interval".into(),
    });
    ChannelMetrics { by_first_channel, call_minus_email, hazard_by_channel: agg.map(|a| hazard_by_channel(a, cap)) }
}

fn hazard_by_channel(agg: &Aggregates, cap: u32) -> Vec<ChannelHazard> {
    let cap = cap.max(1);
    let n = Channel::ALL.len();
    // counts[channel][k-1] = (reached, conversions)
    let mut counts = vec![vec![(0u64, 0u64); cap as usize]; n];
    for (&(ch, k, converted), &c) in &agg.channel_touches {
        if (1..=cap).contains(&k) {
            let slot = &mut counts[ch as usize][k as usize - 1];
            slot.0 += c;
            slot.1 += if converted { c } else { 0 };
        }
    }
    Channel::ALL
        .iter()
        .zip(counts)
        .filter(|(_, rows)| rows.iter().any(|r| r.0 > 0))
        .map(|(ch, rows)| ChannelHazard {
            channel: ch.as_str().to_string(),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, (reached, conversions))| {
                    let (hazard, hazard_lo, hazard_hi) = proportion(conversions, reached);
                    ChannelHazardRow { k: i as u32 + 1, reached, conversions, hazard, hazard_lo, hazard_hi }
                })
                .collect(),
        })
        .collect()
}

/// `channel CHANNEL`: prospects whose touch 1 is on the channel, and the
/// converted ones.
pub const EXPLAIN: Explainable = Explainable {
    name: "channel",
    key: Some("CHANNEL"),
    key_help: "CHANNEL: the channel of touch 1 (call, email, ...)",
    explain: Some(explain),
};

/// `hazard_by_channel CHANNEL:K`: the hazard of touch `K` when it is on the channel.
pub const EXPLAIN_HAZARD: Explainable = Explainable {
    name: "hazard_by_channel",
    key: Some("CHANNEL:K"),
    key_help: "CHANNEL:K, e.g. call:2",
    explain: Some(explain_hazard),
};

fn explain(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let ch = key.and_then(Channel::parse).ok_or_else(|| {
        format!(
            "explain channel needs a KEY: a channel ({})",
            Channel::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        )
    })?;
    Ok(build(
        EXPLAIN.name,
        key,
        format!("conversion rate (K >= 1) of prospects whose touch 1 is {ch}; conversions before any touch excluded"),
        ("converted", "prospects whose touch 1 is on this channel"),
        None,
        over(i.facts, |f| f.first_channel == Some(ch) && f.k != Some(0), |f| converted_at(f).is_some()),
    ))
}

fn explain_hazard(i: &Inputs, key: Option<&str>) -> Result<Explanation, String> {
    let metric = EXPLAIN_HAZARD.name;
    let cap = i.params.cap.max(1);
    let usage = || format!("explain hazard_by_channel needs a KEY CHANNEL:K such as call:2 (K 1..{cap})");
    let (ch, k) = key.and_then(|k| k.split_once(':')).ok_or_else(usage)?;
    let ch = Channel::parse(ch).ok_or_else(usage)?;
    let k: u32 = k.trim().parse().ok().filter(|k| (1..=cap).contains(k)).ok_or_else(usage)?;
    let t = i.timed(metric)?;
    let mut rows = Vec::new();
    for (events, f) in t.groups(i.facts) {
        let touches = t.touch_positions(events);
        if reached(f, k) && touches.get(k as usize - 1).is_some_and(|&p| events[p].channel == ch) {
            rows.push((f.prospect_id.clone(), f.k == Some(k)));
        }
    }
    rows.sort();
    Ok(build(
        metric,
        key,
        format!(
            "hazard of touch {k} on {ch}: converted at touch {k} / reached touch {k} (m >= {k}) with touch {k} on {ch}"
        ),
        ("converted at this touch", "reached this touch on this channel"),
        None,
        rows,
    ))
}
