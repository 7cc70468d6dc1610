//! Prospect facts (docs/metrics.md §2): one row per prospect, the seam of the
//! architecture. Every metric reads facts; `touchstone facts` writes them
//! and `touchstone analyze --facts` reads them back, so an export can be
//! reduced to facts in shards (each shard holding whole prospects) and
//! analysed from the facts alone.
//!
//! [`prepare`] turns an [`EventLog`] into the clean timeline (sorted,
//! de-duplicated, cut at the as-of instant); [`compute`] derives the facts
//! from it in one ordered pass.

pub mod dark;
pub mod io;
/// The `--summary` reader lives in ingest with the other side-file readers;
/// re-exported here so `facts::summary` keeps naming it.
pub use crate::ingest::summary;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::{EventLog, RowCounts};
use crate::model::{Channel, ChannelSet, Event, Status};
use crate::time::MICROS_PER_DAY;
pub(crate) use dark::DarkFacts;

/// Days without a touch (before `T`) after which an unconverted prospect
/// counts as abandoned rather than open (docs/metrics.md §2).
pub const DEFAULT_QUIET_DAYS: u32 = 30;
/// Days after its last response at which an engaged prospect counts as
/// dark; also the minimum length of a silence (docs/metrics.md §5).
pub const DEFAULT_DARK_DAYS: u32 = 14;

/// Parameters that shape the facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactsParams {
    /// `T`; `None` means the latest valid timestamp in the data.
    pub as_of: Option<i64>,
    /// Days without a touch after which a prospect is `abandoned`.
    pub quiet_days: u32,
    /// Channels whose outbound events count as touches.
    pub touch_channels: ChannelSet,
    /// Days after the last response at which an engaged prospect is dark,
    /// and the minimum length of a silence.
    pub dark_days: u32,
}

impl Default for FactsParams {
    fn default() -> Self {
        FactsParams {
            as_of: None,
            quiet_days: DEFAULT_QUIET_DAYS,
            touch_channels: ChannelSet::all(),
            dark_days: DEFAULT_DARK_DAYS,
        }
    }
}

/// The clean timeline: events sorted by (prospect, ts, source, row),
/// duplicates removed, nothing after `as_of`.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub as_of: i64,
    pub events: Vec<Event>,
    pub counts: RowCounts,
    /// Prospect ids (`Event::prospect` indexes this); filled by the pipeline.
    pub prospects: Vec<String>,
    /// Rep ids (`Event::rep` indexes this); filled by the pipeline.
    pub reps: Vec<String>,
    /// Row in the facts of each prospect index, from [`compute_linked`];
    /// empty when not linked (lookups then search by id).
    pub facts_rows: Vec<u32>,
}

/// Sort, de-duplicate (§8.3: before the as-of cut, first copy in
/// (source, row) order kept) and cut at `T` (§8.4: `ts == T` counts).
pub fn prepare(log: &EventLog, as_of: Option<i64>) -> Result<Timeline> {
    prepare_events(log.events.clone(), log, as_of)
}

/// [`prepare`] taking the events by value, so a large log is sorted in
/// place rather than copied (the pipeline moves `log.events` in).
pub(crate) fn prepare_events(mut sorted: Vec<Event>, log: &EventLog, as_of: Option<i64>) -> Result<Timeline> {
    let Some(latest) = sorted.iter().map(|e| e.ts).max() else {
        return Err(Error::NoData(format!(
            "no usable rows in {}: {} row(s) read, {} rejected{}; {}",
            if log.sources.is_empty() { "the input".to_string() } else { log.sources.join(", ") },
            log.rows_read,
            log.rejects.len(),
            if log.rejects.is_empty() { String::new() } else { format!(" (first: {})", log.rejects[0]) },
            if log.rows_read == 0 {
                "the files hold a header but no data rows: export them again with their rows"
            } else {
                "run with --rejects FILE to see why each row was rejected"
            }
        )));
    };
    // §8.4: the default T is the latest valid time in the data, a won or
    // lost time from the outcomes file included (a deal closed after the
    // last logged activity is still a conversion). Outcome rows of
    // prospects with no event are ignored (§8.15), so they cannot move T.
    let as_of = as_of.unwrap_or_else(|| latest.max(latest_outcome(log).unwrap_or(latest)));
    // The key is unique per event ((source, row) is), so the unstable
    // parallel sort gives one order.
    {
        use rayon::slice::ParallelSliceMut;
        sorted.par_sort_unstable_by_key(|e| (e.prospect, e.ts, e.source, e.row));
    }
    let mut counts = RowCounts {
        rows_read: log.rows_read,
        rejected: log.rejects.len() as u64,
        skipped: log.skipped.len() as u64,
        auto_replies: log.auto_replies(),
        ..RowCounts::default()
    };
    // De-duplicate in place: distinct events move to the front. `run` holds
    // the distinct events of the current (prospect, ts) run, so that
    // duplicates are found before the as-of cut.
    let mut run: Vec<Event> = Vec::new();
    let mut kept = 0;
    for i in 0..sorted.len() {
        let e = sorted[i];
        if run.first().is_some_and(|r| (r.prospect, r.ts) != (e.prospect, e.ts)) {
            run.clear();
        }
        if run.iter().any(|x| x.same_content(&e)) {
            counts.duplicates += 1;
            continue;
        }
        run.push(e);
        sorted[kept] = e;
        kept += 1;
    }
    sorted.truncate(kept);
    // docs/metrics.md §13.5: one touch logged in two files. Counted always;
    // with --merge-same-touch the second copy of each pair is dropped and
    // counted as a duplicate (`merged` of them).
    if log.sources.len() > 1 {
        let seconds = crate::ingest::sametouch::second_copies(&sorted, log.same_touch_within);
        counts.same_touch = seconds.len() as u64;
        if log.merge_same_touch && !seconds.is_empty() {
            let mut drop = seconds.iter().copied().peekable();
            let mut k = 0;
            for i in 0..sorted.len() {
                if drop.peek() == Some(&i) {
                    drop.next();
                    continue;
                }
                sorted[k] = sorted[i];
                k += 1;
            }
            sorted.truncate(k);
            counts.merged = seconds.len() as u64;
            counts.duplicates += counts.merged;
        }
    }
    counts.rows_used = sorted.len() as u64;
    // Cut at T (§8.4: `ts == T` counts).
    let before = sorted.len();
    sorted.retain(|e| e.ts <= as_of);
    counts.after_as_of = (before - sorted.len()) as u64;
    sorted.shrink_to_fit();
    let events = sorted;
    counts.events = events.len() as u64;
    Ok(Timeline { as_of, events, counts, prospects: Vec::new(), reps: Vec::new(), facts_rows: Vec::new() })
}

/// The latest won or lost time of the outcomes file among prospects that
/// have an event in the log.
fn latest_outcome(log: &EventLog) -> Option<i64> {
    if log.outcomes.is_empty() {
        return None;
    }
    let ids: foldhash::HashSet<&str> = log.prospects.iter().map(String::as_str).collect();
    log.outcomes
        .iter()
        .filter(|(id, _)| ids.contains(id.as_str()))
        .flat_map(|(_, r)| [r.won_at, r.closed_at.filter(|_| r.lost)])
        .flatten()
        .filter(|&t| log.outcomes_until.is_none_or(|until| t <= until))
        .max()
}

/// Everything §2 derives for one prospect. Times are microseconds since the
/// epoch (UTC).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProspectFacts {
    pub prospect_id: String,
    /// Valid, de-duplicated events up to `T`.
    pub n_events: u32,
    /// `n`: touches up to `T` (including any after conversion).
    pub n_touches: u32,
    pub first_touch_ts: Option<i64>,
    pub last_touch_ts: Option<i64>,
    /// `c`: the earliest won time up to `T`.
    pub won_ts: Option<i64>,
    /// `K`: touches with `ts <= c`; only for converted prospects.
    pub k: Option<u32>,
    /// Touches at risk: `K` if converted, else `n`.
    pub m: u32,
    /// `R`: touches up to the first response; only when there is one.
    pub r: Option<u32>,
    pub first_response_ts: Option<i64>,
    /// Only prospects with at least one touch have a status.
    pub status: Option<Status>,
    /// Rep of the last touch (by ts, then source and row).
    pub last_rep: Option<String>,
    /// Channel of touch 1.
    pub first_channel: Option<Channel>,
    /// Rep of touch 1: the rep who owns the sequence (§9 rep comparison).
    pub first_rep: Option<String>,
    /// Channel of the last touch (§9 worklist).
    pub last_channel: Option<Channel>,
    /// §7 `five_followups_after_meeting`: for a prospect converted after a
    /// touch (`K >= 1`) that had a meeting strictly before `c` (an event of
    /// channel `meeting` or outcome `meeting`, either direction), the
    /// touches strictly after the first such meeting and at or before `c`;
    /// `None` otherwise.
    pub meeting_followups: Option<u32>,
    /// §7 `multichannel`: the touch number of the first touch on another
    /// channel than touch 1's (touches `1..k-1` used two channels or more
    /// exactly when this is `<= k - 1`); `None` when every touch shares one
    /// channel.
    pub mixed_from: Option<u32>,
    /// §5: engagement, darkness and silences.
    pub dark: DarkFacts,
}

impl ProspectFacts {
    /// Converted: has a won time, or (undated summaries) a conversion touch `K`.
    pub fn converted(&self) -> bool {
        self.won_ts.is_some() || self.k.is_some()
    }

    /// The give-up point `n` of an `abandoned` or `lost` prospect.
    pub(crate) fn give_up_point(&self) -> Option<u32> {
        self.status.filter(|s| s.is_given_up()).map(|_| self.n_touches)
    }
}

/// The facts table with the instant and parameters it describes.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// `T`; `None` for facts built from a prospect summary without dates.
    pub as_of: Option<i64>,
    /// The `quiet_days` and `dark_days` the statuses were derived with.
    pub quiet_days: u32,
    pub dark_days: u32,
    /// Sorted by `prospect_id`.
    pub prospects: Vec<ProspectFacts>,
}

/// Derive the facts of every prospect from the clean timeline.
pub fn compute(log: &EventLog, timeline: &Timeline, params: &FactsParams) -> Facts {
    compute_linked(log, timeline, params).0
}

/// [`compute`], also returning for each prospect index (`Event::prospect`)
/// its row in the facts (`u32::MAX` for prospects with no event up to `T`),
/// so event-level metrics find a prospect's facts without a search.
pub fn compute_linked(log: &EventLog, timeline: &Timeline, params: &FactsParams) -> (Facts, Vec<u32>) {
    use rayon::prelude::*;
    // Prospects are independent: their facts are computed on every core
    // (collected in timeline order), then ordered by id (ids are unique).
    // Sorted in place and unwrapped in place: one copy of the facts at a time.
    // Each prospect's run of events is found first, so the parallel map is
    // indexed and collects straight into one vector of the exact length.
    let events = &timeline.events;
    let starts: Vec<usize> = (0..events.len())
        .filter(|&i| i == 0 || events[i].prospect != events[i - 1].prospect)
        .chain(std::iter::once(events.len()))
        .collect();
    let mut linked: Vec<(u32, ProspectFacts)> = starts
        .par_windows(2)
        .map(|w| {
            let run = &events[w[0]..w[1]];
            (run[0].prospect, prospect_facts(log, run, timeline.as_of, params))
        })
        .collect();
    // Ingest numbers prospects in id order, so this is one linear check.
    if !linked.windows(2).all(|w| w[0].1.prospect_id < w[1].1.prospect_id) {
        linked.par_sort_unstable_by(|a, b| a.1.prospect_id.cmp(&b.1.prospect_id));
    }
    let mut rows = vec![u32::MAX; log.prospects.len()];
    for (row, (p, _)) in linked.iter().enumerate() {
        rows[*p as usize] = row as u32;
    }
    let prospects: Vec<ProspectFacts> = linked.into_iter().map(|(_, f)| f).collect();
    let facts =
        Facts { as_of: Some(timeline.as_of), quiet_days: params.quiet_days, dark_days: params.dark_days, prospects };
    (facts, rows)
}

/// §2 for one prospect; `events` are its clean events in order.
pub(crate) fn prospect_facts(log: &EventLog, events: &[Event], as_of: i64, params: &FactsParams) -> ProspectFacts {
    let is_touch = |e: &&Event| e.is_touch(&params.touch_channels);
    let prospect_id = &log.prospects[events[0].prospect as usize];
    // §8.15: an outcomes file adds a won time (if not after T) and a loss
    // (if closed not after T, or undated); c is the earliest won time.
    let joined = log.outcomes.get(prospect_id);
    let joined_won = joined.and_then(|o| o.won_at).filter(|&t| t <= as_of);
    let joined_lost = joined.is_some_and(|o| o.lost && o.closed_at.is_none_or(|t| t <= as_of));
    let logged_won = events.iter().find(|e| e.outcome == crate::model::Outcome::Won).map(|e| e.ts);
    let won_ts = match (logged_won, joined_won) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let first_response_ts = events.iter().find(|e| e.is_response()).map(|e| e.ts);
    let touches_up_to = |t: i64| events.iter().filter(is_touch).take_while(|e| e.ts <= t).count() as u32;
    let n_touches = events.iter().filter(is_touch).count() as u32;
    let first_touch = events.iter().find(is_touch);
    let last_touch = events.iter().rfind(is_touch);
    let k = won_ts.map(touches_up_to);
    let meeting_followups = won_ts.filter(|_| k.is_some_and(|k| k >= 1)).and_then(|c| {
        let meeting = events
            .iter()
            .find(|e| e.ts < c && (e.channel == Channel::Meeting || e.outcome == crate::model::Outcome::Meeting))?;
        Some(events.iter().filter(is_touch).filter(|e| e.ts > meeting.ts && e.ts <= c).count() as u32)
    });
    let mixed_from = first_touch.and_then(|first| {
        events.iter().filter(is_touch).position(|e| e.channel != first.channel).map(|i| i as u32 + 1)
    });
    let lost = joined_lost || events.iter().any(|e| e.outcome.is_loss());
    let status = last_touch.map(|last| {
        if won_ts.is_some() {
            Status::Converted
        } else if lost {
            Status::Lost
        } else if as_of - last.ts >= i64::from(params.quiet_days) * MICROS_PER_DAY {
            Status::Abandoned
        } else {
            Status::Open
        }
    });
    ProspectFacts {
        prospect_id: prospect_id.clone(),
        n_events: events.len() as u32,
        n_touches,
        first_touch_ts: first_touch.map(|e| e.ts),
        last_touch_ts: last_touch.map(|e| e.ts),
        won_ts,
        k,
        m: k.unwrap_or(n_touches),
        r: first_response_ts.map(touches_up_to),
        first_response_ts,
        status,
        last_rep: last_touch.and_then(|e| e.rep).map(|r| log.reps[r as usize].clone()),
        first_channel: first_touch.map(|e| e.channel),
        first_rep: first_touch.and_then(|e| e.rep).map(|r| log.reps[r as usize].clone()),
        last_channel: last_touch.map(|e| e.channel),
        meeting_followups,
        mixed_from,
        dark: dark::dark_facts(
            events,
            won_ts,
            lost,
            as_of,
            i64::from(params.dark_days) * MICROS_PER_DAY,
            &params.touch_channels,
        ),
    }
}
