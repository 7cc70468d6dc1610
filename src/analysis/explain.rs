//! `touchstone explain METRIC [KEY]`: the prospects behind any number of
//! `analyze`, so a manager can open those records in the CRM.
//!
//! Each explanation gives the definition used, the numerator and the
//! denominator, and every prospect of the denominator with whether it counts
//! in the numerator. Where a number counts touches or silences rather than
//! prospects (cadence, revival), the ids are the prospects they belong to.
//!
//! The numbers and their explanations live with the metric families that
//! count them ([`crate::metrics::EXPLAINABLE`]); this module looks the
//! metric up there, and explains claims, which are measured above the
//! metrics.

use crate::claims::verdict::ClaimResult;
use crate::facts::Facts;
use crate::metrics::explain::{build, Inputs};
use crate::metrics::{MetricParams, Timed, EXPLAINABLE};

pub use crate::metrics::explain::Explanation;

/// Every explainable metric with what its KEY is, as messages list them.
fn list() -> String {
    EXPLAINABLE.iter().map(|e| format!("{} ({})", e.name, e.key_help)).collect::<Vec<_>>().join("; ")
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
    let entry = crate::metrics::explainable(metric)
        .ok_or_else(|| format!("explain: unknown METRIC '{metric}' (use one of: {})", list()))?;
    match entry.explain {
        Some(explain) => explain(&Inputs { facts, timed, params }, key),
        None => explain_claim(metric, key, claims),
    }
}

/// `claim ID`: the claim's primary reading, with the ids it kept.
fn explain_claim(metric: &str, key: Option<&str>, claims: &[ClaimResult]) -> Result<Explanation, String> {
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
    out.ids_note =
        Some(format!("up to {} ids counted in the number (claims keep no more)", crate::claims::measure::EXPLAIN_IDS));
    Ok(out)
}
