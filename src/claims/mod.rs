//! Claims: the follow-up folklore as data, measured against the user's data
//! (docs/metrics.md §7).
//!
//! A claims file is TOML, a list of `[[claim]]` tables with `id`, `quote`,
//! `source`, `metric`, `params`, `reading`, `op` and `value`. The built-in
//! file (`data/claims/seeds.toml`, embedded) holds the seed claims;
//! `--claims FILE` adds claims or replaces them by id. [`measure`] holds the
//! catalogue of metrics and [`verdict`] the rules that turn an interval into
//! a verdict.

pub mod measure;
pub mod verdict;

use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, Result};
use crate::metrics::cadence::GAP_BUCKETS;
use crate::model::Channel;

/// The built-in claims file.
pub(crate) const SEEDS_TOML: &str = include_str!("../../data/claims/seeds.toml");
pub(crate) const SEEDS_NAME: &str = "data/claims/seeds.toml";

/// How a quote's number was read into touch numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reading {
    /// The number counts touches (the first touch included).
    #[serde(rename = "touches")]
    Touches,
    /// The number counts follow-ups: touch number − 1.
    #[serde(rename = "follow-ups")]
    FollowUps,
}

impl Reading {
    fn other(self) -> Reading {
        match self {
            Reading::Touches => Reading::FollowUps,
            Reading::FollowUps => Reading::Touches,
        }
    }
    /// Shift of touch numbers when switching to the other reading: a number
    /// read as touches becomes one more touch when read as follow-ups.
    fn shift_to_other(self) -> i64 {
        match self {
            Reading::Touches => 1,
            Reading::FollowUps => -1,
        }
    }
}

/// The catalogue of measurable metrics (see [`measure`] for definitions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    /// Share of conversions (`K >= 1`) with `K >= x`.
    ShareConversionsKAtLeast { x: i64 },
    /// Share of conversions (`K >= 1`) with `lo <= K <= hi`.
    ShareConversionsKBetween { lo: i64, hi: i64 },
    /// Median of `R` over prospects with a response.
    MedianR,
    /// Share of first responses with `lo <= R <= hi`.
    ShareRBetween { lo: i64, hi: i64 },
    /// Share of reps (with enough given-up prospects) whose median give-up point is `<= x`.
    ShareRepsMedianGiveUpAtMost { x: i64 },
    /// Share of given-up prospects with `n <= x`.
    ShareGivenUpAtMost { x: i64 },
    /// Revived touched silences / touched silences, for silences of at least `min_days`.
    RevivalRate { min_days: Option<u32> },
    /// Conversion rate when touch 1 is on channel `a` minus when it is on `b`.
    FirstChannelRateDifference { a: Channel, b: Channel },
    /// Hazard at touch `k`.
    HazardAt { k: i64 },
    /// Pooled hazard of touches `lo..=hi` (conversions at `K` in `lo..=hi` /
    /// sum of `reached(lo..=hi)`) minus `hazard(k)`.
    PooledHazardDifference { lo: i64, hi: i64, k: i64 },
    /// Answer rate of touches whose gap since the previous touch is in bucket
    /// `a` minus that of bucket `b` (indices in [`GAP_BUCKETS`], §6 / §8.17).
    GapResponseRateDifference { a: usize, b: usize },
    /// Of conversions (`K >= 1`) with a meeting before the sale, the share
    /// with at least `x` touches after the first such meeting (§7
    /// `five_followups_after_meeting`).
    ShareFollowupsAfterMeetingAtLeast { x: i64 },
    /// Pooled hazard at touches `lo..=hi` of prospects whose earlier touches
    /// used two channels or more, minus that of single-channel ones (§7
    /// `multichannel`).
    MixedChannelHazardDifference { lo: i64, hi: i64 },
}

/// One entry of the catalogue: name, parameters (`?` marks an optional one)
/// and what it measures.
pub(crate) struct CatalogueEntry {
    pub name: &'static str,
    pub params: &'static [&'static str],
    pub doc: &'static str,
}

/// The catalogue, for messages, `--help` and `claims --init`.
pub(crate) const CATALOGUE: [CatalogueEntry; 13] = [
    CatalogueEntry {
        name: "share_conversions_k_at_least",
        params: &["x"],
        doc: "share of conversions (K >= 1) with K >= x",
    },
    CatalogueEntry {
        name: "share_conversions_k_between",
        params: &["lo", "hi"],
        doc: "share of conversions (K >= 1) with lo <= K <= hi",
    },
    CatalogueEntry {
        name: "median_r",
        params: &[],
        doc: "median first response touch R over prospects with a response",
    },
    CatalogueEntry {
        name: "share_r_between",
        params: &["lo", "hi"],
        doc: "share of prospects with a response whose first response came at lo <= R <= hi",
    },
    CatalogueEntry {
        name: "share_reps_median_give_up_at_most",
        params: &["x"],
        doc: "share of reps (min_rep_prospects given-up prospects) whose median give-up point is <= x",
    },
    CatalogueEntry {
        name: "share_given_up_at_most",
        params: &["x"],
        doc: "share of given-up prospects with give-up point n <= x",
    },
    CatalogueEntry {
        name: "revival_rate",
        params: &["min_days?"],
        doc: "revived touched silences / touched silences (silences of at least min_days, default dark_days)",
    },
    CatalogueEntry {
        name: "first_channel_rate_difference",
        params: &["a", "b"],
        doc: "conversion rate when touch 1 is on channel a minus when it is on channel b",
    },
    CatalogueEntry { name: "hazard_at", params: &["k"], doc: "hazard at touch k" },
    CatalogueEntry {
        name: "pooled_hazard_difference",
        params: &["lo", "hi", "k"],
        doc: "pooled hazard of touches lo..hi minus hazard(k)",
    },
    CatalogueEntry {
        name: "gap_response_rate_difference",
        params: &["a", "b"],
        doc: "answer rate of touches sent after a gap in bucket a minus bucket b (<1d, 1-3d, 3-7d, 7-14d, 14d+)",
    },
    CatalogueEntry {
        name: "share_followups_after_meeting_at_least",
        params: &["x"],
        doc: "share of conversions (K >= 1) with a meeting before the sale that had at least x touches after the \
              first such meeting",
    },
    CatalogueEntry {
        name: "mixed_channel_hazard_difference",
        params: &["lo", "hi"],
        doc: "pooled hazard at touches lo..hi when the earlier touches used two channels or more, minus when they \
              used one",
    },
];

impl Metric {
    pub fn name(&self) -> &'static str {
        match self {
            Metric::ShareConversionsKAtLeast { .. } => "share_conversions_k_at_least",
            Metric::ShareConversionsKBetween { .. } => "share_conversions_k_between",
            Metric::MedianR => "median_r",
            Metric::ShareRBetween { .. } => "share_r_between",
            Metric::ShareRepsMedianGiveUpAtMost { .. } => "share_reps_median_give_up_at_most",
            Metric::ShareGivenUpAtMost { .. } => "share_given_up_at_most",
            Metric::RevivalRate { .. } => "revival_rate",
            Metric::FirstChannelRateDifference { .. } => "first_channel_rate_difference",
            Metric::HazardAt { .. } => "hazard_at",
            Metric::PooledHazardDifference { .. } => "pooled_hazard_difference",
            Metric::GapResponseRateDifference { .. } => "gap_response_rate_difference",
            Metric::ShareFollowupsAfterMeetingAtLeast { .. } => "share_followups_after_meeting_at_least",
            Metric::MixedChannelHazardDifference { .. } => "mixed_channel_hazard_difference",
        }
    }

    /// Whether the metric's parameters (or value) count touches.
    pub(crate) fn counts_touches(&self) -> bool {
        !matches!(
            self,
            Metric::RevivalRate { .. }
                | Metric::FirstChannelRateDifference { .. }
                | Metric::GapResponseRateDifference { .. }
                // Every touch after the meeting is a follow-up: one reading.
                | Metric::ShareFollowupsAfterMeetingAtLeast { .. }
        )
    }

    /// The same metric with its touch-number parameters shifted by `d`.
    fn shifted(self, d: i64) -> Metric {
        match self {
            Metric::ShareConversionsKAtLeast { x } => Metric::ShareConversionsKAtLeast { x: x + d },
            Metric::ShareConversionsKBetween { lo, hi } => Metric::ShareConversionsKBetween { lo: lo + d, hi: hi + d },
            Metric::ShareRBetween { lo, hi } => Metric::ShareRBetween { lo: lo + d, hi: hi + d },
            Metric::ShareRepsMedianGiveUpAtMost { x } => Metric::ShareRepsMedianGiveUpAtMost { x: x + d },
            Metric::ShareGivenUpAtMost { x } => Metric::ShareGivenUpAtMost { x: x + d },
            Metric::HazardAt { k } => Metric::HazardAt { k: k + d },
            Metric::PooledHazardDifference { lo, hi, k } => {
                Metric::PooledHazardDifference { lo: lo + d, hi: hi + d, k: k + d }
            }
            Metric::MixedChannelHazardDifference { lo, hi } => {
                Metric::MixedChannelHazardDifference { lo: lo + d, hi: hi + d }
            }
            other => other,
        }
    }
}

/// The claimed relation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    AtLeast(f64),
    AtMost(f64),
    Between(f64, f64),
    /// `about value`, within `± tol` (docs/metrics.md §7).
    About(f64, f64),
}

/// Default `tol` of `about`: 1 touch for medians of touch numbers, 0.05 for shares.
pub fn default_tol(metric: &Metric) -> f64 {
    if *metric == Metric::MedianR {
        1.0
    } else {
        0.05
    }
}

impl Op {
    pub(crate) fn symbol(&self) -> &'static str {
        match self {
            Op::AtLeast(_) => ">=",
            Op::AtMost(_) => "<=",
            Op::Between(..) => "between",
            Op::About(..) => "about",
        }
    }

    /// The claimed value as JSON: a number, or `[lo, hi]` for `between`.
    pub fn claimed(&self) -> serde_json::Value {
        match *self {
            Op::AtLeast(v) | Op::AtMost(v) | Op::About(v, _) => serde_json::json!(v),
            Op::Between(a, b) => serde_json::json!([a, b]),
        }
    }

    /// The band of `about` (`tol`), `None` for the other ops.
    pub fn tol(&self) -> Option<f64> {
        match *self {
            Op::About(_, tol) => Some(tol),
            _ => None,
        }
    }

    fn shifted(self, d: f64) -> Op {
        match self {
            Op::AtLeast(v) => Op::AtLeast(v + d),
            Op::AtMost(v) => Op::AtMost(v + d),
            Op::Between(a, b) => Op::Between(a + d, b + d),
            Op::About(v, tol) => Op::About(v + d, tol),
        }
    }
}

/// One validated claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: String,
    /// Plain English for people, shown first on the scorecard.
    pub title: String,
    pub quote: String,
    pub source: String,
    pub metric: Metric,
    /// How the quote's number was read; `None` (`reading = "none"`) when the
    /// quote counts nothing, so there is no other reading.
    pub reading: Option<Reading>,
    pub op: Op,
    /// Where it was defined, for messages: `file:line`.
    pub origin: String,
}

impl Claim {
    /// The claim in the other reading (touches vs follow-ups), for metrics
    /// about touches; `None` otherwise.
    pub fn alternate(&self) -> Option<Claim> {
        let reading = self.reading.filter(|_| self.metric.counts_touches())?;
        let d = reading.shift_to_other();
        let op = if self.metric == Metric::MedianR { self.op.shifted(d as f64) } else { self.op };
        Some(Claim { metric: self.metric.shifted(d), reading: Some(reading.other()), op, ..self.clone() })
    }
}

#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    claim: Vec<Spanned<RawClaim>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    id: String,
    #[serde(default)]
    title: Option<String>,
    quote: String,
    source: String,
    metric: Spanned<String>,
    #[serde(default)]
    params: Option<Spanned<toml::Table>>,
    #[serde(default)]
    reading: Option<Spanned<String>>,
    op: Spanned<String>,
    value: Spanned<toml::Value>,
    #[serde(default)]
    tol: Option<Spanned<toml::Value>>,
}

/// Parse a claims file; every error names the file, the line and the claim.
pub fn parse(text: &str, name: &str) -> Result<Vec<Claim>> {
    let line_of = |span: Range<usize>| text[..span.start.min(text.len())].matches('\n').count() + 1;
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let Some(span) = e.span() else {
            return Error::Usage(format!("{name}: {}", e.message()));
        };
        let line = line_of(span);
        let claim = claim_id_near(text, line).map(|id| format!(": claim '{id}'")).unwrap_or_default();
        Error::Usage(format!("{name}, line {line}{claim}: {}", e.message()))
    })?;
    let mut claims: Vec<Claim> = Vec::new();
    for spanned in raw.claim {
        let line = line_of(spanned.span());
        let c = spanned.into_inner();
        let err = |span: Range<usize>, msg: String| {
            Error::Usage(format!("{name}, line {}: claim '{}': {msg}", line_of(span), c.id))
        };
        let params = c.params.as_ref().map(|p| p.get_ref().clone()).unwrap_or_default();
        let pspan = c.params.as_ref().map_or(c.metric.span(), |p| p.span());
        let int = |key: &str| -> Result<i64> {
            match params.get(key) {
                Some(toml::Value::Integer(v)) => Ok(*v),
                Some(other) => {
                    Err(err(pspan.clone(), format!("params.{key} must be an integer, found {}", other.type_str())))
                }
                None => Err(err(pspan.clone(), format!("metric '{}' needs params.{key}", c.metric.get_ref()))),
            }
        };
        let channel = |key: &str| -> Result<Channel> {
            match params.get(key) {
                Some(toml::Value::String(s)) => {
                    Channel::parse(s).ok_or_else(|| err(pspan.clone(), format!("params.{key}: unknown channel '{s}'")))
                }
                Some(other) => {
                    Err(err(pspan.clone(), format!("params.{key} must be a channel name, found {}", other.type_str())))
                }
                None => Err(err(pspan.clone(), format!("metric '{}' needs params.{key}", c.metric.get_ref()))),
            }
        };
        let Some(entry) = CATALOGUE.iter().find(|e| e.name == c.metric.get_ref()) else {
            let names: Vec<&str> = CATALOGUE.iter().map(|e| e.name).collect();
            return Err(err(
                c.metric.span(),
                format!("unknown metric '{}' (known: {})", c.metric.get_ref(), names.join(", ")),
            ));
        };
        let valid: Vec<&str> = entry.params.iter().map(|p| p.trim_end_matches('?')).collect();
        if let Some(bad) = params.keys().find(|k| !valid.contains(&k.as_str())) {
            let known = if valid.is_empty() { "none".to_string() } else { valid.join(", ") };
            return Err(err(
                pspan.clone(),
                format!("unknown parameter '{bad}' for metric '{}' (its parameters: {known})", entry.name),
            ));
        }
        let bucket = |key: &str| -> Result<usize> {
            let names: Vec<&str> = GAP_BUCKETS.iter().map(|b| b.0).collect();
            match params.get(key) {
                Some(toml::Value::String(s)) => names.iter().position(|n| n == s).ok_or_else(|| {
                    err(
                        pspan.clone(),
                        format!("params.{key}: unknown gap bucket '{s}' (buckets: {})", names.join(", ")),
                    )
                }),
                Some(other) => {
                    Err(err(pspan.clone(), format!("params.{key} must be a gap bucket, found {}", other.type_str())))
                }
                None => Err(err(pspan.clone(), format!("metric '{}' needs params.{key}", entry.name))),
            }
        };
        let metric = match entry.name {
            "share_conversions_k_at_least" => Metric::ShareConversionsKAtLeast { x: int("x")? },
            "share_conversions_k_between" => Metric::ShareConversionsKBetween { lo: int("lo")?, hi: int("hi")? },
            "median_r" => Metric::MedianR,
            "share_r_between" => Metric::ShareRBetween { lo: int("lo")?, hi: int("hi")? },
            "share_reps_median_give_up_at_most" => Metric::ShareRepsMedianGiveUpAtMost { x: int("x")? },
            "share_given_up_at_most" => Metric::ShareGivenUpAtMost { x: int("x")? },
            "revival_rate" => Metric::RevivalRate {
                min_days: match params.get("min_days") {
                    None => None,
                    Some(_) => Some(
                        u32::try_from(int("min_days")?)
                            .map_err(|_| err(pspan.clone(), "params.min_days must be >= 0".into()))?,
                    ),
                },
            },
            "first_channel_rate_difference" => {
                Metric::FirstChannelRateDifference { a: channel("a")?, b: channel("b")? }
            }
            "hazard_at" => Metric::HazardAt { k: int("k")? },
            "pooled_hazard_difference" => {
                Metric::PooledHazardDifference { lo: int("lo")?, hi: int("hi")?, k: int("k")? }
            }
            "gap_response_rate_difference" => Metric::GapResponseRateDifference { a: bucket("a")?, b: bucket("b")? },
            "share_followups_after_meeting_at_least" => Metric::ShareFollowupsAfterMeetingAtLeast { x: int("x")? },
            "mixed_channel_hazard_difference" => {
                Metric::MixedChannelHazardDifference { lo: int("lo")?, hi: int("hi")? }
            }
            _ => unreachable!("every catalogue entry is matched"),
        };
        let number = |v: &toml::Value| match v {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        };
        let vspan = c.value.span();
        let value = c.value.get_ref();
        let op = match (c.op.get_ref().as_str(), value) {
            ("between", toml::Value::Array(a)) if a.len() == 2 => match (number(&a[0]), number(&a[1])) {
                (Some(lo), Some(hi)) if lo <= hi => Op::Between(lo, hi),
                _ => return Err(err(vspan, "value of 'between' must be [lo, hi] numbers with lo <= hi".into())),
            },
            ("between", _) => return Err(err(vspan, "value of 'between' must be [lo, hi]".into())),
            (op @ (">=" | "<=" | "about"), v) => {
                let Some(x) = number(v) else {
                    return Err(err(vspan, format!("value must be a number, found {}", v.type_str())));
                };
                match op {
                    ">=" => Op::AtLeast(x),
                    "<=" => Op::AtMost(x),
                    _ => {
                        let tol = match &c.tol {
                            None => default_tol(&metric),
                            Some(t) => match number(t.get_ref()) {
                                Some(t) if t >= 0.0 => t,
                                _ => return Err(err(t.span(), "tol must be a number >= 0".into())),
                            },
                        };
                        Op::About(x, tol)
                    }
                }
            }
            (other, _) => return Err(err(c.op.span(), format!("unknown op '{other}' (use >=, <=, between or about)"))),
        };
        if let (Some(t), false) = (&c.tol, matches!(op, Op::About(..))) {
            return Err(err(t.span(), "tol applies only to op = \"about\"".into()));
        }
        let reading = match c.reading.as_ref().map(|r| r.get_ref().as_str()) {
            None | Some("touches") => Some(Reading::Touches),
            Some("follow-ups") | Some("followups") => Some(Reading::FollowUps),
            Some("none") => None,
            Some(other) => {
                return Err(err(
                    c.reading.as_ref().unwrap().span(),
                    format!("reading must be \"touches\", \"follow-ups\" or \"none\", found '{other}'"),
                ))
            }
        };
        if claims.iter().any(|x| x.id == c.id) {
            return Err(Error::Usage(format!("{name}, line {line}: claim id '{}' appears twice", c.id)));
        }
        claims.push(Claim {
            id: c.id.clone(),
            title: c.title.clone().unwrap_or_else(|| c.quote.clone()),
            quote: c.quote.clone(),
            source: c.source.clone(),
            metric,
            reading,
            op,
            origin: format!("{name}:{line}"),
        });
    }
    Ok(claims)
}

/// The `id = "..."` of the `[[claim]]` table that contains (1-based) `line`,
/// for naming the claim in an error the TOML parser reports for the table.
fn claim_id_near(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = (0..line.min(lines.len())).rev().find(|&i| lines[i].trim() == "[[claim]]")?;
    lines[start + 1..].iter().take_while(|l| l.trim() != "[[claim]]").find_map(|l| {
        let (key, value) = l.split_once('=')?;
        (key.trim() == "id").then(|| value.trim().trim_matches('"').to_string())
    })
}

/// The text `touchstone claims --init` writes: the built-in claims file
/// followed by the catalogue of metrics as comments, to start a claims file from.
pub fn init_text() -> String {
    let mut out = SEEDS_TOML.trim_end().to_string();
    out += "\n\n# Catalogue of metrics (params; `?` = optional):\n";
    for e in &CATALOGUE {
        let params = if e.params.is_empty() { "no params".to_string() } else { e.params.join(", ") };
        out += &format!("#   {} ({params}): {}\n", e.name, e.doc);
    }
    out
}

/// The built-in claims.
pub fn seeds() -> Vec<Claim> {
    parse(SEEDS_TOML, SEEDS_NAME).expect("the built-in claims file is valid")
}

/// The seeds with `extra` merged in: same id replaces, new ids are appended.
pub(crate) fn merge(mut base: Vec<Claim>, extra: Vec<Claim>) -> Vec<Claim> {
    for claim in extra {
        match base.iter_mut().find(|c| c.id == claim.id) {
            Some(slot) => *slot = claim,
            None => base.push(claim),
        }
    }
    base
}

/// The claims of a run: the seeds plus an optional user file.
pub fn load(user: Option<&std::path::Path>) -> Result<Vec<Claim>> {
    let Some(path) = user else { return Ok(seeds()) };
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    Ok(merge(seeds(), parse(&text, &path.display().to_string())?))
}
