//! `touchstone explain METRIC [KEY]`: the prospects behind any number of
//! `analyze`, so a manager can open those records in the CRM.
//!
//! Each explanation gives the definition used, the numerator and the
//! denominator, and every prospect of the denominator with whether it counts
//! in the numerator. Where a number counts touches or silences rather than
//! prospects (cadence, revival), the ids are the prospects they belong to.

use serde::Serialize;

use crate::claims::verdict::ClaimResult;
use crate::facts::{Facts, ProspectFacts};
use crate::metrics::cadence::{busiest_week, touch_buckets, GAP_BUCKETS, INTENSITY_CAP};
use crate::metrics::{MetricParams, Timed};
use crate::model::Channel;

/// The tables `explain` covers: name and what its KEY is.
pub const EXPLAINABLE: [(&str, &str); 16] = [
    ("conversion_by_touch", "K: a touch number 1..cap, or cap+"),
    ("give_up", "N: a give-up point 1..cap, or cap+"),
    ("rep", "REP: a rep id (give-up by rep)"),
    ("first_response", "R: a first response touch 0..cap, or cap+"),
    ("time_to_dark", "no key"),
    ("revival", "no key"),
    ("response_by_gap", "BUCKET: first, <1d, 1-3d, 3-7d, 7-14d or 14d+"),
    ("channel", "CHANNEL: the channel of touch 1 (call, email, ...)"),
    ("claim", "ID: a claim id"),
    ("time_to_convert", "no key"),
    ("left_on_table", "no key"),
    ("rep_comparison", "REP: a rep id (prospects of the rep's first touch)"),
    ("worklist", "no key"),
    ("gap_by_touch", "K: a touch number 2..cap, or cap+"),
    ("loss_by_intensity", "M: most touches in 7 days, 1..7, or 7+"),
    ("hazard_by_channel", "CHANNEL:K, e.g. call:2"),
];

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

fn list() -> String {
    EXPLAINABLE.iter().map(|(m, k)| format!("{m} ({k})")).collect::<Vec<_>>().join("; ")
}

/// A touch-number key: `5`, or `15+` / `cap+` for the cap row.
fn touch_key(metric: &str, key: Option<&str>, cap: u32, min: u32) -> Result<(u32, bool), String> {
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

fn build(
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

fn over(
    facts: &Facts,
    base: impl Fn(&ProspectFacts) -> bool,
    hit: impl Fn(&ProspectFacts) -> bool,
) -> Vec<(String, bool)> {
    facts.prospects.iter().filter(|f| base(f)).map(|f| (f.prospect_id.clone(), hit(f))).collect()
}

/// Explain `metric` (one of [`EXPLAINABLE`]) at `key`; the error says what is valid.
pub fn explain(
    metric: &str,
    key: Option<&str>,
    facts: &Facts,
    timed: Option<&Timed>,
    params: &MetricParams,
    claims: &[ClaimResult],
) -> Result<Explanation, String> {
    let cap = params.cap.max(1);
    let k_of = |f: &ProspectFacts| f.k.filter(|&k| k >= 1);
    match metric {
        "conversion_by_touch" => {
            let (k, plus) = touch_key(metric, key, cap, 1)?;
            let at = |x: u32| if plus { x >= k } else { x == k };
            Ok(build(
                metric,
                key,
                format!(
                    "hazard({}) = conversions with K {} {k} / prospects who reached touch {k} (m >= {k})",
                    if plus { format!("{k}+") } else { k.to_string() },
                    if plus { ">=" } else { "=" }
                ),
                ("converted at this touch", "reached this touch"),
                None,
                over(facts, |f| f.m >= k, |f| k_of(f).is_some_and(at)),
            ))
        }
        "give_up" => {
            let (n, plus) = touch_key(metric, key, cap, 1)?;
            let at = |x: u32| if plus { x >= n } else { x == n };
            Ok(build(
                metric,
                key,
                format!(
                    "share of given-up (abandoned or lost) prospects whose give-up point n {} {n}",
                    if plus { ">=" } else { "=" }
                ),
                ("given up at this point", "given-up prospects"),
                None,
                over(facts, |f| f.give_up_point().is_some(), |f| f.give_up_point().is_some_and(at)),
            ))
        }
        "rep" => {
            let rep = key.ok_or("explain rep needs a KEY: a rep id")?;
            let rows = over(
                facts,
                |f| f.give_up_point().is_some() && f.last_rep.as_deref() == Some(rep),
                |f| f.give_up_point().is_some_and(|n| n <= 2),
            );
            if rows.is_empty() {
                let mut reps: Vec<&str> = facts
                    .prospects
                    .iter()
                    .filter(|f| f.give_up_point().is_some())
                    .filter_map(|f| f.last_rep.as_deref())
                    .collect();
                reps.sort_unstable();
                reps.dedup();
                return Err(format!("explain rep: no given-up prospect of rep '{rep}' (reps: {})", reps.join(", ")));
            }
            Ok(build(
                metric,
                key,
                format!("given-up prospects whose last touch was by {rep}; the numerator gave up after <= 1 follow-up (n <= 2)"),
                ("given up after <= 1 follow-up", "given-up prospects of the rep"),
                None,
                rows,
            ))
        }
        "first_response" => {
            let (r, plus) = touch_key(metric, key, cap, 0)?;
            let at = |x: u32| if plus { x >= r } else { x == r };
            Ok(build(
                metric,
                key,
                format!(
                    "share of prospects with a response whose first response came at touch R {} {r}",
                    if plus { ">=" } else { "=" }
                ),
                ("first response at this touch", "prospects with a response"),
                None,
                over(facts, |f| f.r.is_some(), |f| f.r.is_some_and(at)),
            ))
        }
        "time_to_dark" => Ok(build(
            metric,
            key,
            format!(
                "engaged prospects (a response) who went dark: no response for {} days, not converted, not lost",
                facts.dark_days
            ),
            ("dark", "engaged"),
            None,
            over(facts, |f| f.dark.engaged, |f| f.dark.dark_at.is_some()),
        )),
        "revival" => {
            let rows = over(facts, |f| f.dark.silences_touched > 0, |f| f.dark.silences_touched_revived > 0);
            let sum = |g: fn(&ProspectFacts) -> u32| facts.prospects.iter().map(|f| u64::from(g(f))).sum::<u64>();
            Ok(build(
                metric,
                key,
                format!("revival rate: touched silences (of at least {} days) that a response ended / touched silences; ids are the prospects whose silences these are", facts.dark_days),
                ("revived touched silences", "touched silences"),
                Some((sum(|f| f.dark.silences_touched_revived), sum(|f| f.dark.silences_touched))),
                rows,
            ))
        }
        "response_by_gap" => {
            let names: Vec<&str> = std::iter::once("first").chain(GAP_BUCKETS.iter().map(|b| b.0)).collect();
            let key_s = key.ok_or_else(|| format!("explain response_by_gap needs a KEY: {}", names.join(", ")))?;
            let bucket = names.iter().position(|n| *n == key_s.trim()).ok_or_else(|| {
                format!("explain response_by_gap: unknown bucket '{key_s}' (buckets: {})", names.join(", "))
            })?;
            let t = timed.ok_or("explain response_by_gap needs the event log (events input, not facts)")?;
            let (mut x, mut n, mut rows) = (0, 0, Vec::new());
            for (events, f) in t.groups(facts) {
                let touches = t.touch_positions(events);
                let (mut px, mut pn) = (0, 0);
                for (b, answered) in touch_buckets(events, &touches) {
                    if b == bucket {
                        pn += 1;
                        px += u64::from(answered);
                    }
                }
                if pn > 0 {
                    rows.push((f.prospect_id.clone(), px > 0));
                }
                x += px;
                n += pn;
            }
            rows.sort();
            Ok(build(
                metric,
                key,
                format!("touches sent {key_s} after the previous touch that were answered (a response before the next touch); ids are the prospects those touches went to"),
                ("answered touches", "touches"),
                Some((x, n)),
                rows,
            ))
        }
        "channel" => {
            let ch = key.and_then(Channel::parse).ok_or_else(|| {
                format!(
                    "explain channel needs a KEY: a channel ({})",
                    Channel::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                )
            })?;
            Ok(build(
                metric,
                key,
                format!("conversion rate (K >= 1) of prospects whose touch 1 is {ch}; conversions before any touch excluded"),
                ("converted", "prospects whose touch 1 is on this channel"),
                None,
                over(facts, |f| f.first_channel == Some(ch) && f.k != Some(0), |f| k_of(f).is_some()),
            ))
        }
        "claim" => {
            let id = key.ok_or("explain claim needs a KEY: a claim id")?;
            let c = claims.iter().find(|c| c.id == id).ok_or_else(|| {
                format!(
                    "explain claim: no claim '{id}' (claims: {})",
                    claims.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
                )
            })?;
            let e = &c.primary;
            let mut out = build(
                metric,
                key,
                format!("{} — {} (\"{}\"); verdict {}", c.title, e.definition, c.quote, e.verdict.as_str()),
                ("counted", "observations"),
                Some((e.x.unwrap_or(0), e.n)),
                e.ids.iter().map(|i| (i.clone(), true)).collect(),
            );
            out.value = e.value;
            out.ids_note = Some(format!(
                "up to {} ids counted in the number (claims keep no more)",
                crate::claims::measure::EXPLAIN_IDS
            ));
            Ok(out)
        }
        "time_to_convert" => Ok(build(
            metric,
            key,
            "prospects with a touch that converted after it (K >= 1); the others are censored at min(last touch + quiet \
             days, T); conversions before any touch are left out"
                .into(),
            ("converted after a touch", "prospects with a touch"),
            None,
            over(facts, |f| f.n_touches > 0 && f.k != Some(0), |f| k_of(f).is_some()),
        )),
        "left_on_table" => Ok(build(
            metric,
            key,
            format!(
                "given-up prospects (abandoned or lost) with fewer than {} touches: each adds its chance to convert \
                 by touch {} at the observed hazards (an upper bound: it assumes giving up was uninformative)",
                params.horizon, params.horizon
            ),
            ("given up before the horizon", "given up"),
            None,
            over(facts, |f| f.give_up_point().is_some(), |f| f.give_up_point().is_some_and(|n| n < params.horizon)),
        )),
        "rep_comparison" => {
            let rep = key.ok_or("explain rep_comparison needs a KEY: a rep id")?;
            let owned = |f: &ProspectFacts| f.n_touches > 0 && f.first_rep.as_deref() == Some(rep);
            if !facts.prospects.iter().any(owned) {
                let mut reps: Vec<&str> = facts.prospects.iter().filter_map(|f| f.first_rep.as_deref()).collect();
                reps.sort_unstable();
                reps.dedup();
                return Err(format!("explain rep_comparison: no prospect's first touch is by '{rep}' (reps: {})", reps.join(", ")));
            }
            Ok(build(
                metric,
                key,
                format!("{rep}'s conversion rate in the rep comparison: prospects whose first touch {rep} made, converted after a touch (K >= 1)"),
                ("converted", "prospects of the rep's first touch"),
                None,
                over(facts, owned, |f| k_of(f).is_some()),
            ))
        }
        "worklist" => {
            let rows = over(facts, |f| f.status == Some(crate::model::Status::Open), |_| true);
            Ok(build(
                metric,
                key,
                "open prospects at the as-of instant (touched, not converted, not lost, last touch within the quiet \
                 days): every one is on the worklist, ranked by its chance to convert in the next touches"
                    .into(),
                ("on the worklist", "open prospects"),
                None,
                rows,
            ))
        }
        "gap_by_touch" => {
            let (k, plus) = touch_key(metric, key, cap.max(2), 2)?;
            let t = timed.ok_or("explain gap_by_touch needs the event log (events input, not facts)")?;
            let mut rows = Vec::new();
            for (events, f) in t.groups(facts) {
                // Touch k exists (for the cap row: touch cap or later).
                if t.touch_positions(events).len() as u32 >= k {
                    rows.push((f.prospect_id.clone(), true));
                }
            }
            rows.sort();
            Ok(build(
                metric,
                key,
                format!(
                    "the gaps before touch {k}{}: days from the previous touch; ids are the prospects with that touch",
                    if plus { " and later" } else { "" }
                ),
                ("prospects with this touch", "prospects with this touch"),
                None,
                rows,
            ))
        }
        "loss_by_intensity" => {
            let (m, plus) = touch_key(metric, key, INTENSITY_CAP, 1)?;
            let t = timed.ok_or("explain loss_by_intensity needs the event log (events input, not facts)")?;
            let mut rows = Vec::new();
            for (events, f) in t.groups(facts) {
                let touches = t.touch_positions(events);
                if touches.is_empty() {
                    continue;
                }
                let busiest = busiest_week(events, &touches);
                if if plus { busiest >= m } else { busiest == m } {
                    rows.push((f.prospect_id.clone(), f.status == Some(crate::model::Status::Lost)));
                }
            }
            rows.sort();
            Ok(build(
                metric,
                key,
                format!(
                    "prospects whose busiest 7 days (from one of their touches) held {}{m} touches, and of them the \
                     lost ones (said no or opted out)",
                    if plus { "at least " } else { "" }
                ),
                ("lost", "prospects"),
                None,
                rows,
            ))
        }
        "hazard_by_channel" => {
            let usage = || format!("explain hazard_by_channel needs a KEY CHANNEL:K such as call:2 (K 1..{cap})");
            let (ch, k) = key.and_then(|k| k.split_once(':')).ok_or_else(usage)?;
            let ch = Channel::parse(ch).ok_or_else(usage)?;
            let k: u32 = k.trim().parse().ok().filter(|k| (1..=cap).contains(k)).ok_or_else(usage)?;
            let t = timed.ok_or("explain hazard_by_channel needs the event log (events input, not facts)")?;
            let mut rows = Vec::new();
            for (events, f) in t.groups(facts) {
                let touches = t.touch_positions(events);
                if f.m >= k && touches.get(k as usize - 1).is_some_and(|&p| events[p].channel == ch) {
                    rows.push((f.prospect_id.clone(), f.k == Some(k)));
                }
            }
            rows.sort();
            Ok(build(
                metric,
                key,
                format!("hazard of touch {k} on {ch}: converted at touch {k} / reached touch {k} (m >= {k}) with touch {k} on {ch}"),
                ("converted at this touch", "reached this touch on this channel"),
                None,
                rows,
            ))
        }
        other => Err(format!("explain: unknown METRIC '{other}' (use one of: {})", list())),
    }
}
