//! The claims scorecard section of the page.

use std::fmt::Write;

use super::markup::{esc, table};
use crate::claims::verdict::{ClaimResult, Evaluation, Verdict};
use crate::report::cells;

pub(super) fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Supported => "supported",
        Verdict::Contradicted => "contradicted",
        Verdict::Inconclusive => "inconclusive",
        Verdict::InsufficientData => "insufficient",
    }
}

pub(super) fn badge(v: Verdict) -> String {
    format!("<span class=\"badge {}\">{}</span>", verdict_class(v), esc(v.as_str()))
}

pub(super) fn claimed(e: &Evaluation) -> String {
    cells::claimed(e).replacen(">=", "≥", 1).replacen("<=", "≤", 1)
}

/// `81.2% [71.0%, 88.5%]`, in the claim's unit.
pub(super) fn measured(e: &Evaluation) -> String {
    match (e.lo, e.hi) {
        (Some(_), Some(_)) => format!("{} {}", cells::measured(e), cells::interval(e)),
        _ => cells::measured(e),
    }
}

/// The claims scorecard section: the table, then each claim's definition
/// and source.
pub fn scorecard(claims: &[ClaimResult]) -> String {
    let mut o = String::new();
    o.push_str("<h2 id=\"scorecard\">Claims scorecard</h2><p class=\"note\">Each claim is measured on your data with a 95% interval; \
                the verdict says whether the interval lies on the claimed side. Fewer than 30 observations: insufficient data.</p>");
    let rows: Vec<Vec<String>> = claims
        .iter()
        .map(|cl| {
            let other = match (&cl.alternate, cl.readings_disagree()) {
                (Some(alt), true) => format!("{} ({})", badge(alt.verdict), esc(&measured(alt))),
                _ => "same verdict".into(),
            };
            vec![
                format!("<b>{}</b>", esc(&cl.title)),
                format!("<span class=\"t\">“{}”</span>", esc(&cl.quote)),
                esc(&claimed(&cl.primary)),
                esc(&measured(&cl.primary)),
                cells::n(&cl.primary),
                badge(cl.primary.verdict),
                other,
            ]
        })
        .collect();
    table(&mut o, &["Claim", "Quote", "Claimed", "Measured [95% interval]", "n", "Verdict", "Other reading"], &rows);
    o.push_str("<dl>");
    for cl in claims {
        let reason = cl.primary.reason.as_deref().map(|r| format!(" ({})", esc(r))).unwrap_or_default();
        let _ = write!(
            o,
            "<dt>{} <span class=\"note\">({})</span></dt><dd>{}{reason}. <span class=\"note\">Source: {}.</span></dd>",
            esc(&cl.title),
            esc(&cl.id),
            esc(&cl.primary.definition),
            esc(&cl.source)
        );
    }
    o.push_str("</dl>\n");
    o
}
