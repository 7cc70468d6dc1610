//! The analysis document: every number of one run, computed from the facts.
//!
//! [`Analysis`] is the serde struct behind `touchstone analyze --format
//! json`; its `///` docs are the JSON schema. Every renderer in
//! [`crate::report`] and every chart reads this one struct, so every format
//! shows the same numbers. [`compute`] is the only place that calls the
//! metric families.

pub mod explain;
pub mod trends;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::claims::verdict::{self as claim_verdict, ClaimResult};
use crate::claims::Claim;
use crate::facts::Facts;
use crate::ingest::{IngestSummary, InputKind};
use crate::metrics::cadence::{self, Cadence};
use crate::metrics::channel::{self, ChannelMetrics};
use crate::metrics::conversion::{self, TouchRow};
use crate::metrics::convert_time::{self, TimeToConvert};
use crate::metrics::counts::{self, StatusCounts};
use crate::metrics::dark::{self, FirstResponse, Revival, TimeToDark};
use crate::metrics::give_up::{self, GiveUp};
use crate::metrics::policy::{self, Policy};
use crate::metrics::reps::{self, RepComparison};
use crate::metrics::worklist::{self, Worklist};
use crate::metrics::{EventLevel, MetricParams};
use crate::time::format_ts;

/// Rows of the worklist the analysis document (and the weekly report) carry.
pub const WORKLIST_TOP: usize = 20;

/// Version of the JSON layout; bumped on any incompatible change.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// Parameters the numbers depend on, echoed so a document is self-describing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Params {
    pub quiet_days: u32,
    pub dark_days: u32,
    pub cap: u32,
    pub horizon: u32,
    pub min_rep_prospects: u32,
    /// Channels whose outbound events count as touches.
    pub touch_channels: Vec<String>,
    /// Zone naive timestamps were read in (`UTC` unless `--tz`), and the
    /// zone of the local hours and weekdays of `cadence` (docs/metrics.md
    /// §11.4); for facts input with aggregates, the zone they were built in.
    pub tz: String,
}

impl Params {
    pub fn new(facts: &crate::facts::FactsParams, metric: &MetricParams, tz: Option<&str>) -> Params {
        let touch_channels = facts.touch_channels;
        Params {
            quiet_days: facts.quiet_days,
            dark_days: facts.dark_days,
            cap: metric.cap,
            horizon: metric.horizon,
            min_rep_prospects: metric.min_rep_prospects,
            touch_channels: touch_channels.channels().iter().map(|c| c.as_str().to_string()).collect(),
            tz: tz.unwrap_or("UTC").to_string(),
        }
    }
}

/// Row and prospect counts. Row counts are null when the input was a facts
/// file without aggregates (`analyze --facts F --aggregates A` carries them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counts {
    /// Data rows read from all inputs.
    pub rows_read: Option<u64>,
    /// Valid, de-duplicated rows (`rows_read = rows_used + duplicates + rejected`).
    pub rows_used: Option<u64>,
    /// Exact duplicates, counted once.
    pub duplicates: Option<u64>,
    /// Rows with a missing prospect id or an unreadable timestamp.
    pub rejected: Option<u64>,
    /// Rows that are not contacts (planned activities, notes, tasks), by
    /// the mapping's skip rules: `rows_read = rows_used + duplicates +
    /// rejected + skipped`.
    pub skipped: Option<u64>,
    /// Of the skipped rows, automatic replies (docs/metrics.md §13.3); null
    /// for a summary, and for facts files without aggregates.
    pub auto_replies: Option<u64>,
    /// Of the duplicates, second copies of one touch logged in two files,
    /// merged by `--merge-same-touch` (docs/metrics.md §13.5); null as
    /// `auto_replies`.
    pub merged: Option<u64>,
    /// Rows used but after the as-of instant, hence ignored.
    pub after_as_of: Option<u64>,
    /// Events up to the as-of instant (`rows_used - after_as_of`).
    pub events: Option<u64>,
    /// Distinct prospects with at least one event up to the as-of instant.
    pub prospects: u64,
    pub touches: u64,
    pub conversions: u64,
    pub conversions_without_touch: u64,
    pub status: StatusCounts,
    /// Non-canonical channel spellings read as `other`, with counts.
    pub unknown_channels: BTreeMap<String, u64>,
    /// Non-canonical outcome spellings read as `none`, with counts.
    pub unknown_outcomes: BTreeMap<String, u64>,
}

/// The whole analysis (`touchstone analyze --format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub schema_version: u32,
    /// Input files, as named on the command line (sorted).
    pub inputs: Vec<String>,
    /// `events`, `summary` or `facts` (facts files, with or without aggregates).
    pub input_kind: InputKind,
    /// The as-of instant `T` (RFC 3339, UTC); null for undated summaries.
    pub as_of: Option<String>,
    pub params: Params,
    pub counts: Counts,
    /// §3, one row per touch number, the last row `cap+`.
    pub conversion_by_touch: Vec<TouchRow>,
    /// §12: what stopping after `k` touches buys and costs, from the
    /// hazards above (assumes giving up was uninformative).
    pub policy: Policy,
    /// §4.
    pub give_up: GiveUp,
    /// §9: reps compared fairly (rep of the first touch).
    pub reps: RepComparison,
    /// §9: the top of the worklist (open prospects worth another touch,
    /// `next` = 3); `touchstone worklist` gives all of it.
    pub worklist: Worklist,
    /// §5 time to dark; null for undated input.
    pub time_to_dark: Option<TimeToDark>,
    /// §5 silences and revival; null for undated input.
    pub revival: Option<Revival>,
    /// The first response touch `R`.
    pub first_response: FirstResponse,
    /// Days from first touch to conversion; null for undated input.
    pub time_to_convert: Option<TimeToConvert>,
    /// §6 cadence; null without the event-level aggregates (facts input
    /// without `--aggregates`, summary input).
    pub cadence: Option<Cadence>,
    /// §6 channel.
    pub channel: ChannelMetrics,
    /// §7: every claim measured, in both readings, with its verdict.
    pub claims: Vec<ClaimResult>,
}

/// Compute every metric from the facts.
/// `ev` holds the event-level aggregates (from the event timeline, or read
/// from an engine's output); the metrics that need every event are null
/// without them.
pub fn compute(
    facts: &Facts,
    ev: EventLevel,
    ingest: &IngestSummary,
    inputs: Vec<String>,
    params: Params,
    metric: &MetricParams,
    claims: &[Claim],
) -> Analysis {
    // The metric families are independent reads of the facts (and the
    // timeline): they run on every core, each computing exactly what it
    // would alone, so the document does not depend on the thread count.
    let ((pc, give_up_table, conversion_by_touch, reps, worklist), ((time_to_dark, revival), (rest, claims))) =
        rayon::join(
            || {
                let pc = counts::compute(&facts.prospects);
                let give_up_table = give_up::compute(&facts.prospects, metric);
                let conversion_by_touch = conversion::compute(&facts.prospects, metric);
                let reps = reps::compute(&facts.prospects, metric, &give_up_table.by_rep);
                let mut worklist = worklist::compute(facts, metric, worklist::DEFAULT_NEXT);
                worklist.rows.truncate(WORKLIST_TOP);
                (pc, give_up_table, conversion_by_touch, reps, worklist)
            },
            || {
                rayon::join(
                    || {
                        rayon::join(
                            || dark::time_to_dark(facts, metric),
                            || dark::revival(facts, ev.aggregates, metric),
                        )
                    },
                    || {
                        rayon::join(
                            || {
                                (
                                    dark::first_response(facts, metric),
                                    convert_time::compute(facts),
                                    ev.aggregates.map(|a| cadence::compute(a, metric.cap)),
                                    channel::compute(facts, ev.aggregates, metric.cap),
                                )
                            },
                            || claim_verdict::evaluate(claims, facts, ev, metric),
                        )
                    },
                )
            },
        );
    let (first_response, time_to_convert, cadence, channel) = rest;
    let rows = ingest.rows;
    Analysis {
        schema_version: SCHEMA_VERSION,
        inputs,
        input_kind: ingest.kind,
        as_of: facts.as_of.map(format_ts),
        params,
        counts: Counts {
            rows_read: rows.map(|r| r.rows_read),
            rows_used: rows.map(|r| r.rows_used),
            duplicates: rows.map(|r| r.duplicates),
            rejected: rows.map(|r| r.rejected),
            skipped: rows.map(|r| r.skipped),
            // Carried by aggregates files too; a summary has neither.
            auto_replies: rows.filter(|_| ingest.kind != InputKind::Summary).map(|r| r.auto_replies),
            merged: rows.filter(|_| ingest.kind != InputKind::Summary).map(|r| r.merged),
            after_as_of: rows.filter(|_| ingest.kind != InputKind::Summary).map(|r| r.after_as_of),
            events: rows.filter(|_| ingest.kind != InputKind::Summary).map(|r| r.events),
            prospects: pc.prospects,
            touches: pc.touches,
            conversions: pc.conversions,
            conversions_without_touch: pc.conversions_without_touch,
            status: pc.status,
            unknown_channels: ingest.unknown_channels.clone(),
            unknown_outcomes: ingest.unknown_outcomes.clone(),
        },
        policy: policy::compute(&conversion_by_touch, metric.economics),
        conversion_by_touch,
        reps,
        worklist,
        give_up: give_up_table,
        time_to_dark,
        revival,
        first_response,
        time_to_convert,
        cadence,
        channel,
        claims,
    }
}

/// One input file as listed on the report page and in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// As named on the command line (or the embedded sample's name).
    pub path: String,
    /// `events` or `outcomes`.
    pub role: String,
    pub bytes: u64,
    pub sha256: String,
}
