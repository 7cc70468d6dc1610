//! Metrics (docs/metrics.md §3–§6), one file per family. Each takes the facts
//! table (and, for the event-level tables of §5–§6, the event-level
//! [`aggregates`]) and returns a plain serde struct; the statistics
//! themselves live in [`crate::stats`].
//!
//! The facts table has one row per prospect, so most metrics are cheap: the
//! expensive work (reading, sorting, reducing events) happens once, in the
//! facts stage. The event-level tables read small count tables computed in
//! one pass over the [`Timed`] timeline (or by an engine, docs/metrics.md §10);
//! they are null for facts input without those aggregates.

pub mod aggregates;
pub mod cadence;
pub mod channel;
pub mod conversion;
pub mod convert_time;
pub mod counts;
pub mod dark;
pub mod explain;
pub mod give_up;
pub mod policy;
pub mod reps;
pub mod timing;
pub mod worklist;

use serde::Serialize;

pub use explain::{Explainable, Explanation};

/// `claim ID`: a claim's number; claims are measured above the metrics
/// (`crate::claims`), so `crate::analysis::explain` answers it.
pub const EXPLAIN_CLAIM: Explainable =
    Explainable { name: "claim", key: Some("ID"), key_help: "ID: a claim id", explain: None };

/// The registry: every number `touchstone explain` covers, in the order its
/// help and messages list them. Each entry lives in the file of the family
/// that counts the number; adding a number is one entry there and one line
/// here (see CONTRIBUTING.md).
pub const EXPLAINABLE: [&Explainable; 19] = [
    &conversion::EXPLAIN,
    &give_up::EXPLAIN,
    &give_up::EXPLAIN_REP,
    &dark::EXPLAIN_FIRST_RESPONSE,
    &dark::EXPLAIN_TIME_TO_DARK,
    &dark::EXPLAIN_REVIVAL,
    &cadence::EXPLAIN_RESPONSE_BY_GAP,
    &channel::EXPLAIN,
    &EXPLAIN_CLAIM,
    &convert_time::EXPLAIN,
    &give_up::EXPLAIN_LEFT_ON_TABLE,
    &reps::EXPLAIN,
    &worklist::EXPLAIN,
    &cadence::EXPLAIN_GAP_BY_TOUCH,
    &cadence::EXPLAIN_LOSS_BY_INTENSITY,
    &channel::EXPLAIN_HAZARD,
    &policy::EXPLAIN,
    &timing::EXPLAIN_RESPONSE_BY_HOUR,
    &timing::EXPLAIN_RESPONSE_BY_WEEKDAY,
];

/// The registry entry named `name`.
pub fn explainable(name: &str) -> Option<&'static Explainable> {
    EXPLAINABLE.iter().copied().find(|e| e.name == name)
}

/// Label of a row of a table indexed by touch number: `k`, or `cap+` for the
/// last row of a capped table.
pub(crate) fn touch_label(k: u32, cap: u32) -> String {
    if k == cap {
        format!("{cap}+")
    } else {
        k.to_string()
    }
}

/// `numerator / denominator`, or `None` when the denominator is zero.
pub(crate) fn ratio(numerator: u64, denominator: u64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// A proportion `x / n` with its 95 % Wilson interval, as `(value, lo, hi)`;
/// all `None` when `n = 0`.
pub fn proportion(x: u64, n: u64) -> (Option<f64>, Option<f64>, Option<f64>) {
    let interval = crate::stats::wilson(x, n, crate::stats::Z95);
    (ratio(x, n), interval.map(|i| i.0), interval.map(|i| i.1))
}

/// Last row of the touch-number tables (docs/metrics.md §3: `cap+`).
pub const DEFAULT_CAP: u32 = 15;
/// Touch number up to which left-on-the-table extrapolates (§4).
pub(crate) const DEFAULT_HORIZON: u32 = 8;
/// Given-up prospects a rep needs to count in the reps share (§4).
pub(crate) const DEFAULT_MIN_REP_PROSPECTS: u32 = 5;

/// Parameters of §3–§4 and §12.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricParams {
    /// Last row of touch-number tables, holding `cap` and above.
    pub cap: u32,
    /// Touch up to which left-on-the-table extrapolates.
    pub horizon: u32,
    /// Given-up prospects a rep needs to enter the reps share.
    pub min_rep_prospects: u32,
    /// `--touch-cost` and `--conversion-value`: the touch policy's net
    /// value and best `k` (§12); `None` leaves them null.
    pub economics: Option<policy::Economics>,
}

impl Default for MetricParams {
    fn default() -> Self {
        MetricParams {
            cap: DEFAULT_CAP,
            horizon: DEFAULT_HORIZON,
            min_rep_prospects: DEFAULT_MIN_REP_PROSPECTS,
            economics: None,
        }
    }
}

/// What the event-level metrics read: the aggregates (every number) and,
/// when the input was events, the timeline (only for the prospect ids that
/// `claims --explain` lists).
#[derive(Debug, Clone, Copy, Default)]
pub struct EventLevel<'a> {
    pub aggregates: Option<&'a aggregates::Aggregates>,
    pub timed: Option<&'a Timed<'a>>,
}

/// The event timeline with what is needed to read it: for the metrics that
/// need every event (silences, cadence, hazard by channel).
#[derive(Debug, Clone, Copy)]
pub struct Timed<'a> {
    pub timeline: &'a crate::facts::Timeline,
    pub touch_channels: crate::model::ChannelSet,
    /// The zone of `--tz` (UTC by default): the timing tables read the
    /// local hour and weekday of a touch in it (docs/metrics.md §11.4).
    pub tz: chrono_tz::Tz,
    /// True when the facts read with this timeline are the ones its
    /// `facts_rows` were built for (the pipeline's `Loaded` pairs them):
    /// rows are then used without comparing ids. False: each prospect's row
    /// is checked by id, and searched for when it differs (facts built at
    /// another as-of).
    pub facts_linked: bool,
}

impl<'a> Timed<'a> {
    /// Each prospect's clean events with its facts.
    pub fn groups<'f>(
        &self,
        facts: &'f crate::facts::Facts,
    ) -> impl Iterator<Item = (&'a [crate::model::Event], &'f crate::facts::ProspectFacts)> + use<'a, 'f> {
        let ids = &self.timeline.prospects;
        let rows = &self.timeline.facts_rows;
        let facts_linked = self.facts_linked;
        self.timeline.events.chunk_by(|a, b| a.prospect == b.prospect).filter_map(move |events| {
            let p = events[0].prospect as usize;
            // The linked row when it belongs to these facts (one comparison),
            // else a search by id (facts built at another as-of).
            let linked = rows
                .get(p)
                .and_then(|&row| facts.prospects.get(row as usize))
                .filter(|f| facts_linked || f.prospect_id == ids[p]);
            debug_assert!(linked.is_none_or(|f| f.prospect_id == ids[p]), "facts_linked with other facts");
            match linked {
                Some(f) => Some((events, f)),
                None => {
                    let i = facts.prospects.binary_search_by(|f| f.prospect_id.as_str().cmp(&ids[p])).ok()?;
                    Some((events, &facts.prospects[i]))
                }
            }
        })
    }

    /// Positions of the touches among `events`.
    pub(crate) fn touch_positions(&self, events: &[crate::model::Event]) -> Vec<usize> {
        (0..events.len()).filter(|&i| events[i].is_touch(&self.touch_channels)).collect()
    }
}
