//! Weekly trends for the report: what happened in each of the last weeks.
//!
//! How each number is computed (no new metric is defined: each comes from
//! the §2 facts, rebuilt with the as-of instant `T` = the end of the week,
//! exactly as `touchstone analyze --as-of <week end>` would build them):
//!
//! * **touches sent**: touches (§2) with `ts` inside the week;
//! * **conversions**: prospects whose won time `c` falls inside the week;
//! * **median conversion touch**: midpoint median of `K` over those
//!   conversions with `K >= 1` (`n` = how many);
//! * **median give-up point**: midpoint median of `n` over prospects given
//!   up (`abandoned` or `lost`) at this week's end but not at the previous
//!   week's end: the prospects given up during the week;
//! * **gone dark**: prospects dark (§5) at this week's end but not at the
//!   previous week's end.
//!
//! A week with no events gives zeros and empty medians, never an error.

use std::collections::BTreeSet;
use std::rc::Rc;

use serde::Serialize;

use crate::error::Result;
use crate::facts::Facts;
use crate::metrics::give_up;
use crate::stats::median;
use crate::time::format_ts;
use crate::time::Week;

/// The numbers of one ISO week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekTrend {
    /// `YYYY-Www`.
    pub week: String,
    /// Monday 00:00 UTC and the as-of instant (Sunday 23:59:59.999999 UTC).
    pub start: String,
    pub as_of: String,
    pub touches: u64,
    pub conversions: u64,
    pub median_conversion_touch: Option<f64>,
    /// Conversions with `K >= 1` behind the median.
    pub conversion_touch_n: u64,
    pub median_give_up: Option<f64>,
    /// Prospects given up during the week.
    pub given_up: u64,
    pub gone_dark: u64,
}

/// Where the trends read from: the facts at any week end and the touches
/// sent in a window. The pipeline's run builds both from one shared log,
/// each instant once, however many reported weeks ask for it.
pub trait FactsAt {
    /// The facts with the as-of instant `as_of`.
    fn facts_at(&self, as_of: i64) -> Result<Rc<Facts>>;
    /// Touches (§2) with `start <= ts <= end`.
    fn touches_between(&self, start: i64, end: i64) -> Result<u64>;
}

/// The trend row of each week in `weeks` (oldest first, consecutive).
pub fn compute(source: &impl FactsAt, weeks: &[Week]) -> Result<Vec<WeekTrend>> {
    let Some(first) = weeks.first() else { return Ok(Vec::new()) };
    let mut prev = source.facts_at(first.prev().end_micros())?;
    let mut out = Vec::with_capacity(weeks.len());
    for &week in weeks {
        let (start, end) = (week.start_micros(), week.end_micros());
        let now = source.facts_at(end)?;
        let touches = source.touches_between(start, end)?;
        let won: Vec<_> = now.prospects.iter().filter(|f| f.won_ts.is_some_and(|c| c >= start)).collect();
        let ks: Vec<f64> = won.iter().filter_map(|f| f.k.filter(|&k| k >= 1)).map(f64::from).collect();
        let was_given_up = ids(&prev, |f| give_up::point(f).is_some());
        let was_dark = ids(&prev, |f| f.dark.dark_at.is_some());
        let given_up: Vec<f64> = now
            .prospects
            .iter()
            .filter(|f| !was_given_up.contains(f.prospect_id.as_str()))
            .filter_map(give_up::point)
            .map(f64::from)
            .collect();
        let gone_dark = now
            .prospects
            .iter()
            .filter(|f| f.dark.dark_at.is_some() && !was_dark.contains(f.prospect_id.as_str()))
            .count() as u64;
        out.push(WeekTrend {
            week: week.to_string(),
            start: format_ts(start),
            as_of: format_ts(end),
            touches,
            conversions: won.len() as u64,
            median_conversion_touch: median(&ks),
            conversion_touch_n: ks.len() as u64,
            median_give_up: median(&given_up),
            given_up: given_up.len() as u64,
            gone_dark,
        });
        drop(was_given_up);
        drop(was_dark);
        prev = now;
    }
    Ok(out)
}

fn ids(facts: &Facts, keep: impl Fn(&crate::facts::ProspectFacts) -> bool) -> BTreeSet<&str> {
    facts.prospects.iter().filter(|f| keep(f)).map(|f| f.prospect_id.as_str()).collect()
}
