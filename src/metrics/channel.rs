//! Channel (METRICS.md §6): conversion by the channel of the first touch,
//! the call − email difference, and the hazard by the channel of touch `k`.
//!
//! Conversions with `K = 0` are excluded throughout (§8.16): they converted
//! before any touch, so no channel can take credit. Open prospects count as
//! not converted.

use serde::Serialize;

use super::aggregates::Aggregates;
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
    group.fold((0, 0), |(n, c), f| (n + 1, c + u64::from(f.k.is_some_and(|k| k >= 1))))
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
