//! The same touch logged twice (docs/metrics.md §13.5): a sequencer and the
//! CRM both log a call or an e-mail, so one touch arrives as two events of
//! the same prospect, channel and direction, from *different* input files,
//! a few seconds apart. Such pairs are counted (the run warns with the
//! count); `--merge-same-touch` keeps the first of each pair.
//!
//! Pairing is greedy in event order: each event belongs to at most one pair,
//! matched with the earliest later event that fits. Events with day
//! precision only are never paired (their clock time is not known).

use crate::model::Event;

/// Later events looked at for each event: a prospect with more events than
/// this within the window is no human touch log, and the bound keeps the
/// pass linear on such a file (no pair is looked for beyond it).
const LOOKAHEAD: usize = 1024;

/// Indices into `sorted` (ordered by prospect, then ts, source, row) of the
/// second event of each pair within `within` µs (inclusive).
pub(crate) fn second_copies(sorted: &[Event], within: i64) -> Vec<usize> {
    let mut paired = vec![false; sorted.len()];
    let mut out = Vec::new();
    for i in 0..sorted.len() {
        let a = &sorted[i];
        if paired[i] || a.day {
            continue;
        }
        for j in i + 1..sorted.len().min(i + 1 + LOOKAHEAD) {
            let b = &sorted[j];
            if b.prospect != a.prospect || b.ts.saturating_sub(a.ts) > within {
                break;
            }
            if !paired[j] && !b.day && b.source != a.source && b.channel == a.channel && b.direction == a.direction {
                paired[i] = true;
                paired[j] = true;
                out.push(j);
                break;
            }
        }
    }
    out.sort_unstable();
    out
}

/// A `--same-touch-within` duration in µs: whole seconds (`120`), or a
/// number with `s`, `m` or `h` (`90s`, `2m`, `1h`); at most a day.
pub(crate) fn parse_within(raw: &str) -> Option<i64> {
    let t = raw.trim().to_ascii_lowercase();
    let (num, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t.as_str(), "s"),
    };
    let n: i64 = num.parse().ok()?;
    let secs = match unit.trim() {
        "s" | "sec" => n,
        "m" | "min" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        _ => return None,
    };
    (secs <= 86_400).then_some(secs * 1_000_000)
}
