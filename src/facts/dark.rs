//! Per-prospect time to dark and silences (docs/metrics.md §5, §8.12–§8.13).
//!
//! Only events up to `min(c, T)` are considered. A *silence* starts at
//! every response, and at the first touch when it comes strictly before
//! every response; it ends at the next response (a response at the same
//! instant gives a zero gap) or, if none, at `min(c, T)`. It counts when it
//! lasts at least `dark_days`, and *revives* when a response ends it. Its
//! touches are those with `start < ts <= end`.

use crate::model::{ChannelSet, Event};

/// One silence of at least `dark_days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Silence {
    pub start: i64,
    pub end: i64,
    /// Touches with `start < ts <= end`.
    pub touches: u32,
    /// Ended by a response (not by `min(c, T)`).
    pub revived: bool,
}

/// Every silence of one prospect. `events` are its clean events in order,
/// `until = min(c, T)`, `dark` the minimum length in microseconds.
pub fn silences(events: &[Event], until: i64, dark: i64, channels: &ChannelSet) -> Vec<Silence> {
    let events: Vec<&Event> = events.iter().take_while(|e| e.ts <= until).collect();
    let responses: Vec<usize> = (0..events.len()).filter(|&i| events[i].is_response()).collect();
    let mut starts: Vec<(usize, i64)> = Vec::with_capacity(responses.len() + 1);
    if let Some(first_touch) = events.iter().position(|e| e.is_touch(channels)) {
        let t = events[first_touch].ts;
        if responses.first().is_none_or(|&r| t < events[r].ts) {
            starts.push((first_touch, t));
        }
    }
    starts.extend(responses.iter().map(|&i| (i, events[i].ts)));
    let mut out = Vec::new();
    for (pos, start) in starts {
        // The next response after this position, in event order.
        let next = responses.iter().find(|&&r| r > pos).map(|&r| events[r].ts);
        let end = next.unwrap_or(until);
        if end - start < dark {
            continue;
        }
        let touches = events.iter().filter(|e| e.ts > start && e.ts <= end && e.is_touch(channels)).count() as u32;
        out.push(Silence { start, end, touches, revived: next.is_some() });
    }
    out
}

/// What §5 derives for one prospect, stored in its facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DarkFacts {
    /// Has at least one response up to `min(c, T)`.
    pub engaged: bool,
    /// Time of the first touch or response up to `min(c, T)`.
    pub start_ts: Option<i64>,
    /// Time of the last response, when the prospect is dark.
    pub dark_at: Option<i64>,
    /// Touches after `dark_at` (0 when not dark).
    pub touches_after_dark: u32,
    /// Silences of at least `dark_days`.
    pub silences: u32,
    /// Of those, silences that received at least one touch.
    pub silences_touched: u32,
    /// Of the touched silences, those that revived.
    pub silences_touched_revived: u32,
    /// Silences that revived, touched or not.
    pub silences_revived: u32,
}

/// §5 for one prospect: `won` is `c`, `lost` whether it has a loss event.
pub(crate) fn dark_facts(
    events: &[Event],
    won: Option<i64>,
    lost: bool,
    as_of: i64,
    dark: i64,
    channels: &ChannelSet,
) -> DarkFacts {
    let until = won.map_or(as_of, |c| c.min(as_of));
    let cut = || events.iter().take_while(|e| e.ts <= until);
    let last_response = cut().filter(|e| e.is_response()).last().map(|e| e.ts);
    let start_ts = cut().find(|e| e.is_touch(channels) || e.is_response()).map(|e| e.ts);
    let dark_at = last_response.filter(|&r| won.is_none() && !lost && as_of - r >= dark);
    let touches_after_dark = dark_at.map_or(0, |d| cut().filter(|e| e.ts > d && e.is_touch(channels)).count() as u32);
    let all = silences(events, until, dark, channels);
    DarkFacts {
        engaged: last_response.is_some(),
        start_ts,
        dark_at,
        touches_after_dark,
        silences: all.len() as u32,
        silences_touched: all.iter().filter(|s| s.touches > 0).count() as u32,
        silences_touched_revived: all.iter().filter(|s| s.touches > 0 && s.revived).count() as u32,
        silences_revived: all.iter().filter(|s| s.revived).count() as u32,
    }
}
