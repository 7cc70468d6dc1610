//! Event-level aggregates (docs/metrics.md §10): the small, mergeable count
//! tables that the event-level metrics read, so that those metrics no
//! longer need the event timeline.
//!
//! Most metrics read the facts (one row per prospect). A few read every
//! event: cadence (§6: gaps between touches, answer rate by gap, loss by
//! intensity), revival by touches and by gap (§5), hazard by channel (§6),
//! the revival rate of silences of another length and the gap claim (§7),
//! the row bookkeeping of §8.14 and the timing tables (§11.4). Each of them is a sum over prospects
//! of a small per-prospect histogram, so it is stored as counts keyed by
//! what it needs, and shards of prospects merge by adding counts.
//!
//! The events path computes these tables in one pass over the timeline
//! ([`compute`]) and the metrics compute from them; an engine computes the
//! same tables in SQL (`touchstone sql`), and `analyze --facts F
//! --aggregates A` reads them ([`io`]). Both routes share the final step.
//!
//! # The long table
//!
//! One table, `table_name, label, k, x, y, n` (`n` the count; unused keys
//! null), so that one file carries every table and every engine writes it
//! with plain `GROUP BY`:
//!
//! | `table_name` | keys | `n` counts |
//! |---|---|---|
//! | `params` | `label` = `as_of_us`, `quiet_days` or `dark_days`; `k` = its value | 1 (not summed) |
//! | `touch_channel` | `label` = a channel whose outbound events are touches | 1 (not summed) |
//! | `tz` | `label` = the zone of the local hours and weekdays (`UTC` unless `--tz`) | 1 (not summed) |
//! | `rows` | `label` = `rows_read`, `rows_used`, `duplicates`, `rejected`, `skipped`, `after_as_of`, `events`, `auto_replies`, `merged` | rows |
//! | `unknown_channel`, `unknown_outcome` | `label` = the spelling (trimmed, ASCII lower case) | rows |
//! | `gap` | `k` = touch number (≥ 2), `x` = microseconds since touch `k − 1` | touches |
//! | `answer` | `label` = gap bucket (`first`, `<1d`, …, `14d+`), `x` = answered (0/1) | touches |
//! | `intensity` | `k` = most touches in any 7 days, `x` = status `lost` (0/1) | prospects with a touch |
//! | `gap_profile` | `label` = `t1,a1,…,t5,a5`: touches and answered touches in each gap bucket after `first` | prospects with such a touch |
//! | `silence` | `k` = touches in it, `x` = whole days it lasted, `y` = revived (0/1) | silences of any length |
//! | `channel_touch` | `label` = channel of touch `k`, `k` = touch number (`k <= m`), `x` = converted at it (`K = k`, 0/1) | prospects |
//! | `timing` | `k` = local ISO weekday (1 = Monday .. 7), `x` = local hour (0..23), `y` = answered (0/1) | touches |
//!
//! Decisions:
//! - Touch numbers are stored exact, never capped, so `analyze --cap`
//!   applies to engine output as it does to events (`cap` is therefore not
//!   a parameter of the SQL).
//! - Silences are stored at every length (a response starts one, §8.12)
//!   with their length in whole days: the `dark_days` ones give revival
//!   by touches and by gap, and a claim's `revival_rate {min_days}` of any
//!   whole number of days is answered from the same table. For integer
//!   `d`, "length in days ≥ d" and "whole days ≥ d" are the same test.
//! - Gaps are kept in microseconds, so their quantiles are exact; this is
//!   the one table that grows with the data (at most one row per touch).
//! - The gap claim's bootstrap resamples prospects, so it needs each
//!   prospect's touches and answers per bucket: the `gap_profile` table is
//!   a histogram of those profiles (the bootstrap counts distinct units
//!   anyway, so the histogram is all it reads).
//! - The timing tables (docs/metrics.md §11.4) are stored as one hour ×
//!   weekday table (at most 7 × 24 × 2 rows): both tables are its
//!   marginals, and a heat map reads it whole. Local hours need a zone, so
//!   the zone is part of the cut: shards in different zones do not merge.

pub mod io;

use std::collections::BTreeMap;

use super::cadence::{busiest_week, touch_buckets, GAP_BUCKETS};
use super::timing::local_slot;
use super::Timed;
use crate::error::{Error, Result};
use crate::facts::dark::silences;
use crate::facts::{Facts, ProspectFacts};
use crate::ingest::{IngestSummary, RowCounts};
use crate::model::{Channel, ChannelSet, Event, Status};
use crate::time::{format_ts, MICROS_PER_DAY};

/// Labels of the answer buckets: the first touch, then [`GAP_BUCKETS`].
pub const ANSWER_BUCKETS: [&str; 6] = ["first", "<1d", "1-3d", "3-7d", "7-14d", "14d+"];

/// A gap profile: touches and answered touches in each bucket of
/// [`GAP_BUCKETS`], interleaved (`t1, a1, …, t5, a5`).
pub type GapProfile = [u32; 2 * GAP_BUCKETS.len()];

/// The parameters the aggregates were computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AggregatesCut {
    pub as_of: i64,
    pub quiet_days: u32,
    pub dark_days: u32,
    pub touch_channels: ChannelSet,
    /// The zone the `timing` table's local hours and weekdays are in.
    pub tz: chrono_tz::Tz,
}

impl AggregatesCut {
    pub(crate) fn describe(&self) -> String {
        format!(
            "as-of {}, quiet days {}, dark days {}, touch channels {}, time zone {}",
            format_ts(self.as_of),
            self.quiet_days,
            self.dark_days,
            channel_list(self.touch_channels),
            self.tz.name()
        )
    }
}

fn channel_list(set: ChannelSet) -> String {
    set.channels().iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
}

/// The event-level count tables (see the module doc for each key).
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregates {
    pub cut: AggregatesCut,
    /// Row bookkeeping of the events behind the facts (§8.14).
    pub rows: RowCounts,
    pub unknown_channels: BTreeMap<String, u64>,
    pub unknown_outcomes: BTreeMap<String, u64>,
    /// (touch number `k >= 2`, µs since touch `k - 1`) → touches.
    pub gaps: BTreeMap<(u32, i64), u64>,
    /// (bucket index of [`ANSWER_BUCKETS`], answered) → touches.
    pub answers: BTreeMap<(usize, bool), u64>,
    /// (most touches in any 7 days, status lost) → prospects with a touch.
    pub intensity: BTreeMap<(u32, bool), u64>,
    /// Gap profile → prospects (only profiles with a touch after the first).
    pub gap_profiles: BTreeMap<GapProfile, u64>,
    /// (touches in it, whole days it lasted, revived) → silences of any length.
    pub silences: BTreeMap<(u32, i64, bool), u64>,
    /// (channel of touch `k`, `k`, converted at `k`) → prospects with `m >= k`.
    pub channel_touches: BTreeMap<(Channel, u32, bool), u64>,
    /// (local ISO weekday `1..=7`, local hour `0..=23`, answered) → touches
    /// (docs/metrics.md §11.4), in the cut's zone.
    pub timing: BTreeMap<(u32, u32, bool), u64>,
}

impl Aggregates {
    /// Empty tables for `cut`.
    pub fn empty(cut: AggregatesCut) -> Aggregates {
        Aggregates {
            cut,
            rows: RowCounts::default(),
            unknown_channels: BTreeMap::new(),
            unknown_outcomes: BTreeMap::new(),
            gaps: BTreeMap::new(),
            answers: BTreeMap::new(),
            intensity: BTreeMap::new(),
            gap_profiles: BTreeMap::new(),
            silences: BTreeMap::new(),
            channel_touches: BTreeMap::new(),
            timing: BTreeMap::new(),
        }
    }

    /// Add another shard's counts; both must have the same cut. `name`
    /// names the other shard in the error.
    pub fn merge(&mut self, other: Aggregates, name: &str, first: &str) -> Result<()> {
        if self.cut != other.cut {
            return Err(Error::input(
                name,
                format!(
                    "aggregates built with {} but {first} with {}; build every shard with the same parameters",
                    other.cut.describe(),
                    self.cut.describe()
                ),
            ));
        }
        let r = &mut self.rows;
        let o = other.rows;
        r.rows_read += o.rows_read;
        r.rows_used += o.rows_used;
        r.duplicates += o.duplicates;
        r.rejected += o.rejected;
        r.skipped += o.skipped;
        r.after_as_of += o.after_as_of;
        r.events += o.events;
        r.auto_replies += o.auto_replies;
        r.merged += o.merged;
        add_all(&mut self.unknown_channels, other.unknown_channels);
        add_all(&mut self.unknown_outcomes, other.unknown_outcomes);
        add_all(&mut self.gaps, other.gaps);
        add_all(&mut self.answers, other.answers);
        add_all(&mut self.intensity, other.intensity);
        add_all(&mut self.gap_profiles, other.gap_profiles);
        add_all(&mut self.silences, other.silences);
        add_all(&mut self.channel_touches, other.channel_touches);
        add_all(&mut self.timing, other.timing);
        Ok(())
    }

    /// Check that these aggregates describe `facts` (same as-of, quiet and
    /// dark days); `name` names the aggregates in the error.
    pub fn check_matches(&self, facts: &Facts, name: &str) -> Result<()> {
        let c = &self.cut;
        if facts.as_of != Some(c.as_of) || facts.quiet_days != c.quiet_days || facts.dark_days != c.dark_days {
            return Err(Error::input(
                name,
                format!(
                    "aggregates built with as-of {}, quiet days {}, dark days {} but the facts with as-of {}, \
                     quiet days {}, dark days {}; give the facts and aggregates of the same run",
                    format_ts(c.as_of),
                    c.quiet_days,
                    c.dark_days,
                    facts.as_of.map_or_else(|| "none".into(), format_ts),
                    facts.quiet_days,
                    facts.dark_days
                ),
            ));
        }
        Ok(())
    }

    /// The ingest summary these aggregates carry (row bookkeeping and
    /// unknown spellings), for an analysis of facts and aggregates.
    pub fn ingest_summary(&self) -> IngestSummary {
        IngestSummary {
            kind: crate::ingest::InputKind::Facts,
            rows: Some(self.rows),
            unknown_channels: self.unknown_channels.clone(),
            unknown_outcomes: self.unknown_outcomes.clone(),
        }
    }

    /// Gaps (in days) before touch `k`, or before every touch `>= k` when
    /// `and_above`, ascending with their counts.
    pub(crate) fn gap_days(&self, k: u32, and_above: bool) -> Vec<(f64, u64)> {
        let upper = if and_above { u32::MAX } else { k };
        let mut by_gap: BTreeMap<i64, u64> = BTreeMap::new();
        for (&(_, gap), &n) in self.gaps.range((k, i64::MIN)..=(upper, i64::MAX)) {
            *by_gap.entry(gap).or_insert(0) += n;
        }
        by_gap.into_iter().map(|(gap, n)| (super::dark::days(gap), n)).collect()
    }

    /// Touches in gap bucket `bucket` (index of [`ANSWER_BUCKETS`]) and how
    /// many of them were answered.
    pub(crate) fn answered(&self, bucket: usize) -> (u64, u64) {
        let no = self.answers.get(&(bucket, false)).copied().unwrap_or(0);
        let yes = self.answers.get(&(bucket, true)).copied().unwrap_or(0);
        (no + yes, yes)
    }

    /// Touched silences of at least `min_days` whole days, and how many of
    /// them revived.
    pub(crate) fn touched_silences(&self, min_days: u32) -> (u64, u64) {
        let (mut n, mut revived) = (0, 0);
        for (&(touches, days, rev), &c) in &self.silences {
            if touches > 0 && days >= i64::from(min_days) {
                n += c;
                if rev {
                    revived += c;
                }
            }
        }
        (n, revived)
    }
}

fn bump<K: Ord>(m: &mut BTreeMap<K, u64>, key: K) {
    *m.entry(key).or_insert(0) += 1;
}

fn add_all<K: Ord>(into: &mut BTreeMap<K, u64>, from: BTreeMap<K, u64>) {
    for (k, n) in from {
        *into.entry(k).or_insert(0) += n;
    }
}

/// Whole days of a non-negative span in microseconds.
pub(crate) fn whole_days(micros: i64) -> i64 {
    micros.div_euclid(MICROS_PER_DAY)
}

/// One chunk of prospects' counts: small tables as maps, the two large ones
/// (gaps, gap profiles) as lists counted once by sorting.
#[derive(Default)]
struct Part {
    gaps: Vec<(u32, i64)>,
    answers: BTreeMap<(usize, bool), u64>,
    intensity: BTreeMap<(u32, bool), u64>,
    gap_profiles: Vec<GapProfile>,
    silences: BTreeMap<(u32, i64, bool), u64>,
    channel_touches: BTreeMap<(Channel, u32, bool), u64>,
    timing: BTreeMap<(u32, u32, bool), u64>,
}

/// Prospects per parallel chunk.
const CHUNK: usize = 1 << 14;

/// The aggregates of an event timeline in one pass over its prospects.
/// `ingest` gives the row bookkeeping and unknown spellings. Chunks of
/// prospects are counted on every core and their counts added: sums of
/// integers, so the tables do not depend on the chunking.
pub fn compute(facts: &Facts, timed: &Timed, ingest: &IngestSummary) -> Aggregates {
    use rayon::prelude::*;
    let as_of = timed.timeline.as_of;
    let mut a = Aggregates::empty(AggregatesCut {
        as_of,
        quiet_days: facts.quiet_days,
        dark_days: facts.dark_days,
        touch_channels: timed.touch_channels,
        tz: timed.tz,
    });
    a.rows = ingest.rows.unwrap_or(timed.timeline.counts);
    a.unknown_channels = ingest.unknown_channels.clone();
    a.unknown_outcomes = ingest.unknown_outcomes.clone();
    let groups: Vec<(&[Event], &ProspectFacts)> = timed.groups(facts).collect();
    let parts: Vec<Part> = groups
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut p = Part::default();
            for &(events, f) in chunk {
                count_prospect(&mut p, events, f, timed, as_of);
            }
            p
        })
        .collect();
    let mut gaps = Vec::with_capacity(parts.iter().map(|p| p.gaps.len()).sum());
    let mut profiles = Vec::new();
    for p in parts {
        gaps.extend(p.gaps);
        profiles.extend(p.gap_profiles);
        add_all(&mut a.answers, p.answers);
        add_all(&mut a.intensity, p.intensity);
        add_all(&mut a.silences, p.silences);
        add_all(&mut a.channel_touches, p.channel_touches);
        add_all(&mut a.timing, p.timing);
    }
    let (gaps, profiles) = rayon::join(|| counted(gaps), || counted(profiles));
    a.gaps = gaps;
    a.gap_profiles = profiles;
    a
}

/// One prospect's contribution to every table.
fn count_prospect(p: &mut Part, events: &[Event], f: &ProspectFacts, timed: &Timed, as_of: i64) {
    let touches = timed.touch_positions(events);
    let mut profile: GapProfile = [0; 2 * GAP_BUCKETS.len()];
    for (i, (bucket, answered)) in touch_buckets(events, &touches).enumerate() {
        if i > 0 {
            let gap = events[touches[i]].ts - events[touches[i - 1]].ts;
            p.gaps.push((i as u32 + 1, gap));
            profile[2 * (bucket - 1)] += 1;
            profile[2 * (bucket - 1) + 1] += u32::from(answered);
        }
        bump(&mut p.answers, (bucket, answered));
        // docs/metrics.md §11.4: the same touch and answer, by local hour and weekday.
        let (weekday, hour) = local_slot(events[touches[i]].ts, timed.tz);
        bump(&mut p.timing, (weekday, hour, answered));
    }
    if profile.iter().any(|&v| v > 0) {
        p.gap_profiles.push(profile);
    }
    if !touches.is_empty() {
        bump(&mut p.intensity, (busiest_week(events, &touches), f.status == Some(Status::Lost)));
    }
    for (i, &pos) in touches.iter().enumerate().take(f.m as usize) {
        let k = i as u32 + 1;
        bump(&mut p.channel_touches, (events[pos].channel, k, f.k == Some(k)));
    }
    let until = f.won_ts.map_or(as_of, |c| c.min(as_of));
    for s in silences(events, until, 0, &timed.touch_channels) {
        bump(&mut p.silences, (s.touches, whole_days(s.end - s.start), s.revived));
    }
}

/// Count equal keys by sorting (the map is then built from sorted runs).
fn counted<K: Ord + Copy + Send>(mut keys: Vec<K>) -> BTreeMap<K, u64> {
    use rayon::slice::ParallelSliceMut;
    keys.par_sort_unstable();
    let mut out = Vec::new();
    for k in keys {
        match out.last_mut() {
            Some((last, n)) if *last == k => *n += 1,
            _ => out.push((k, 1u64)),
        }
    }
    out.into_iter().collect()
}
