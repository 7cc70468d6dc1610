//! The registry's vocabulary: what an explainable number is
//! ([`Explainable`]), what explaining one produces ([`Explanation`]), and
//! the helpers each family uses to list its members.
//!
//! Every metric family in [`super`] defines, next to the code that counts
//! its numbers, the `Explainable` of each number: its name, what its KEY
//! is, and the function that gives the one-line definition, the numerator,
//! the denominator and the prospects behind it, using the same member
//! predicates (`conversion::converted_at`, `give_up::point`, ...) the
//! counting uses. [`super::EXPLAINABLE`] lists them all, in the order
//! `touchstone explain` and its help show them; claims and the help read
//! that list rather than keeping their own.

use serde::Serialize;

use super::{MetricParams, Timed};
use crate::facts::{Facts, ProspectFacts};

/// One number `touchstone explain` can explain.
#[derive(Debug, Clone, Copy)]
pub struct Explainable {
    /// The METRIC argument (`conversion_by_touch`).
    pub name: &'static str,
    /// The KEY's placeholder (`K`); `None`: the number takes no key.
    pub key: Option<&'static str>,
    /// What the KEY is, for messages (`K: a touch number 1..cap, or cap+`).
    pub key_help: &'static str,
    /// Explain the number at a key; `None` for numbers measured above the
    /// metrics (claims), which their own layer explains.
    pub explain: Option<ExplainFn>,
}

/// Explain one number at `key`; the error says what is valid.
pub type ExplainFn = fn(&Inputs, Option<&str>) -> Result<Explanation, String>;

/// What an explanation reads.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub facts: &'a Facts,
    /// The event timeline, for the numbers that count events.
    pub timed: Option<&'a Timed<'a>>,
    pub params: &'a MetricParams,
}

impl Inputs<'_> {
    /// The timeline, or the error of a number that needs every event.
    pub(crate) fn timed(&self, metric: &str) -> Result<&Timed<'_>, String> {
        self.timed.ok_or_else(|| format!("explain {metric} needs the event log (events input, not facts)"))
    }
}

/// One explained number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub metric: String,
    pub key: Option<String>,
    pub definition: String,
    /// What the numerator and the denominator count.
    pub numerator_label: String,
    pub denominator_label: String,
    pub numerator: u64,
    pub denominator: u64,
    pub value: Option<f64>,
    /// Every prospect (or rep) of the denominator, in id order, with whether
    /// it counts in the numerator.
    pub ids: Vec<(String, bool)>,
    /// Set when `ids` is not the whole list (claims keep at most 20).
    pub ids_note: Option<String>,
}

/// A touch-number key: `5`, or `15+` / `cap+` for the cap row.
pub(crate) fn touch_key(metric: &str, key: Option<&str>, cap: u32, min: u32) -> Result<(u32, bool), String> {
    let key = key.ok_or_else(|| format!("explain {metric} needs a KEY: a number {min}..{cap} (or {cap}+)"))?;
    let k = key.trim().trim_end_matches('+');
    let plus = key.trim().ends_with('+') || k == "cap";
    let k = if k == "cap" {
        cap
    } else {
        k.parse::<u32>().map_err(|_| format!("explain {metric}: '{key}' is not a number {min}..{cap} (or {cap}+)"))?
    };
    if k < min || k > cap {
        return Err(format!("explain {metric}: {k} is outside {min}..{cap} (the last row is {cap}+)"));
    }
    Ok((k, plus || k == cap))
}

/// `x == k`, or `x >= k` on a cap row (`plus`).
pub(crate) fn at(x: u32, k: u32, plus: bool) -> bool {
    if plus {
        x >= k
    } else {
        x == k
    }
}

/// An explanation of `rows`; `counts` overrides the (numerator,
/// denominator) when they count touches or silences rather than the rows.
pub(crate) fn build(
    metric: &str,
    key: Option<&str>,
    definition: String,
    labels: (&str, &str),
    counts: Option<(u64, u64)>,
    rows: Vec<(String, bool)>,
) -> Explanation {
    let (numerator, denominator) =
        counts.unwrap_or_else(|| (rows.iter().filter(|r| r.1).count() as u64, rows.len() as u64));
    Explanation {
        metric: metric.to_string(),
        key: key.map(str::to_string),
        definition,
        numerator_label: labels.0.to_string(),
        denominator_label: labels.1.to_string(),
        numerator,
        denominator,
        value: (denominator > 0).then(|| numerator as f64 / denominator as f64),
        ids: rows,
        ids_note: None,
    }
}

/// The prospects matching `base` (the denominator), each with whether it
/// matches `hit` (the numerator), in id order.
pub(crate) fn over(
    facts: &Facts,
    base: impl Fn(&ProspectFacts) -> bool,
    hit: impl Fn(&ProspectFacts) -> bool,
) -> Vec<(String, bool)> {
    facts.prospects.iter().filter(|f| base(f)).map(|f| (f.prospect_id.clone(), hit(f))).collect()
}
