//! Aligned plain-text tables for the terminal (the default output).

use std::fmt::Write;

use super::{cells, Output, Render, Scorecard};
use crate::analysis::Analysis;
use crate::claims::verdict::{ClaimResult, Evaluation, Verdict};
use crate::error::Result;
use crate::metrics::reps::RepComparison;
use crate::metrics::worklist::Worklist;
use crate::numbers::{num1, pct, pct1, pct_range, MISSING};

/// The terminal renderer.
pub(crate) struct Table;

impl Render for Table {
    fn name(&self) -> &'static str {
        "table"
    }

    fn worklist(&self, w: &Worklist) -> Result<Output> {
        Ok(Output::Text(worklist(w)))
    }

    fn reps(&self, r: &RepComparison) -> Result<Output> {
        Ok(Output::Text(reps(r)))
    }

    fn analysis(&self, a: &Analysis) -> Result<Output> {
        Ok(Output::Text(render(a)))
    }

    fn scorecard(&self, s: &Scorecard) -> Result<Output> {
        Ok(Output::Text(scorecard(s.claims, s.colour)))
    }
}

/// Render rows under headers; the first column is left-aligned, the rest right-aligned.
pub(crate) fn grid(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let parts: Vec<String> = cells
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &w))| if i == 0 { format!("{c:<w$}") } else { format!("{c:>w$}") })
            .collect();
        let _ = writeln!(out, "  {}", parts.join("  ").trim_end());
    };
    line(&mut out, &mut headers.iter().copied());
    let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
    let _ = writeln!(out, "  {}", rule.join("  "));
    for row in rows {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out
}

/// The whole analysis as text.
pub fn render(a: &Analysis) -> String {
    let c = &a.counts;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Touchstone analysis as of {} ({} input(s): {})",
        a.as_of.as_deref().unwrap_or("(undated input)"),
        a.inputs.len(),
        a.inputs.join(", ")
    );
    if let (Some(read), Some(used), Some(dup), Some(rej)) = (c.rows_read, c.rows_used, c.duplicates, c.rejected) {
        let after = c.after_as_of.map(|a| format!("; {a} after as-of ignored")).unwrap_or_default();
        let skipped = match c.skipped {
            Some(n) if n > 0 => match c.auto_replies.unwrap_or(0) {
                0 => format!(" + {n} skipped (planned, notes, tasks, no contact)"),
                a if a == n => format!(" + {n} skipped (automatic replies)"),
                a => format!(" + {n} skipped ({a} automatic replies; planned, notes, tasks, no contact)"),
            },
            _ => String::new(),
        };
        let merged = match c.merged {
            Some(m) if m > 0 => format!(" ({m} merged: one touch logged in two files)"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "Rows: {read} read = {used} used + {dup} duplicates{merged} + {rej} rejected{skipped}{after}"
        );
    }
    let s = &c.status;
    let _ = writeln!(
        out,
        "Prospects: {} ({} touches). Converted {} ({} with no touch), lost {}, abandoned {} (no touch for {}+ days), open {}",
        c.prospects,
        c.touches,
        c.conversions,
        c.conversions_without_touch,
        s.lost,
        s.abandoned,
        a.params.quiet_days,
        s.open
    );
    for (what, map) in [("channel", &c.unknown_channels), ("outcome", &c.unknown_outcomes)] {
        if !map.is_empty() {
            let list: Vec<String> = map.iter().map(|(k, v)| format!("{k:?} x{v}")).collect();
            let _ = writeln!(out, "Unknown {what} spellings (read as default): {}", list.join(", "));
        }
    }

    let _ = writeln!(out, "\nConversion by touch number (hazard = converted at touch k / reached touch k; 95% Wilson)");
    let rows: Vec<Vec<String>> = a
        .conversion_by_touch
        .iter()
        .map(|r| {
            vec![
                r.label.clone(),
                r.reached.to_string(),
                r.conversions.to_string(),
                pct(r.share),
                pct(r.cum_share),
                pct(r.hazard),
                pct_range(r.hazard_lo, r.hazard_hi),
                pct(Some(r.km)),
                pct_range(Some(r.km_lo), Some(r.km_hi)),
            ]
        })
        .collect();
    out += &grid(&["touch", "reached", "conv", "share", "cum", "hazard", "95% CI", "KM by k", "KM 95% band"], &rows);

    let g = &a.give_up;
    let _ = writeln!(out, "\nGive-up points ({} prospects abandoned or lost; n = touches before stopping)", g.given_up);
    let rows: Vec<Vec<String>> = g
        .distribution
        .iter()
        .map(|r| vec![r.label.clone(), r.count.to_string(), pct(r.share), pct(r.cum_share)])
        .collect();
    out += &grid(&["n", "prospects", "share", "cum"], &rows);

    let _ = writeln!(out, "\nGive-up by rep (rep of the last touch)");
    let rows: Vec<Vec<String>> = g
        .by_rep
        .iter()
        .map(|r| {
            let small = if r.given_up < u64::from(a.params.min_rep_prospects) { " *" } else { "" };
            vec![
                format!("{}{small}", r.rep_id),
                r.given_up.to_string(),
                format!("{:.1}", r.median_n),
                pct(Some(r.share_after_one_followup)),
            ]
        })
        .collect();
    out += &grid(&["rep", "given up", "median n", "n <= 2"], &rows);
    let ro = &g.reps_after_one_followup;
    let _ = writeln!(
        out,
        "  * fewer than {} given-up prospects: left out of the share below.\n\
         Reps whose median give-up point is <= 2 touches (<= 1 follow-up): {} of {} ({})",
        ro.min_rep_prospects,
        ro.reps_median_le_2,
        ro.reps,
        pct(ro.share)
    );
    let lt = &g.left_on_table;
    let _ = writeln!(
        out,
        "Left on the table: at most {:.1} extra conversions had the {} prospects given up before touch {} \
         been followed up to it (upper bound: assumes giving up was uninformative).",
        lt.expected_conversions, lt.prospects, lt.horizon
    );
    render_policy(&a.policy, &mut out);
    render_time(a, &mut out);
    out
}

/// §12: the touch policy, per 100 prospects.
fn render_policy(p: &crate::metrics::policy::Policy, out: &mut String) {
    let _ = writeln!(
        out,
        "\nHow many touches to make (follow up until conversion or k touches; per 100 prospects with a touch)"
    );
    let economics = p.touch_cost.is_some();
    let rows: Vec<Vec<String>> = p
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.k.to_string(),
                num1(r.conversions_per_100),
                format!("{:.1}-{:.1}", r.conversions_per_100_lo, r.conversions_per_100_hi),
                num1(r.touches_per_100),
                r.touches_per_conversion.map_or_else(|| MISSING.to_string(), num1),
            ];
            if economics {
                row.push(r.net_per_prospect.map_or_else(|| MISSING.to_string(), |v| format!("{v:.2}")));
            }
            row
        })
        .collect();
    let mut headers = vec!["k", "conversions", "95% band", "touches", "touches/conv"];
    if economics {
        headers.push("net/prospect");
    }
    *out += &grid(&headers, &rows);
    if let (Some(c), Some(v), Some(best)) = (p.touch_cost, p.conversion_value, p.best_k) {
        let range = match p.best_k_range() {
            Some((lo, hi)) if lo != hi => format!(" (from {lo} to {hi} with every hazard at its 95% bound)"),
            _ => String::new(),
        };
        let _ = writeln!(out, "Best k at {c} a touch and {v} a conversion: {best}{range}.");
    }
    let _ = writeln!(
        out,
        "Assumes giving up was uninformative, as the Kaplan-Meier does: if reps drop the prospects they judge \
         cold, later touches look better than they would be for everyone."
    );
}

fn days(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |d| format!("{d:.1}"))
}

/// §5–§6: time to dark, revival, first response, time to convert, cadence, channel.
fn render_time(a: &Analysis, out: &mut String) {
    let fr = &a.first_response;
    let _ = writeln!(
        out,
        "\nFirst response: {} prospects responded; median touch of first response R = {}; R in 5-8: {} [{}]",
        fr.responders,
        days(fr.median_r),
        pct(fr.share_5_8),
        pct_range(fr.share_5_8_lo, fr.share_5_8_hi)
    );
    match &a.time_to_dark {
        None => {
            let _ = writeln!(out, "\nTime to dark: unavailable (the input has no event times).");
        }
        Some(d) => {
            let _ = writeln!(
                out,
                "\nTime to dark ({} engaged prospects; dark = no response for {}+ days, not converted, not lost): {} dark",
                d.engaged, d.dark_days, d.dark
            );
            let _ = writeln!(
                out,
                "  days from first touch/response to last response: median {}, p25 {}, p75 {}, p90 {}",
                days(d.median_days),
                days(d.p25_days),
                days(d.p75_days),
                days(d.p90_days)
            );
            let rows: Vec<Vec<String>> =
                d.km.iter()
                    .map(|r| {
                        vec![
                            format!("{}", r.day),
                            r.at_risk.to_string(),
                            r.events.to_string(),
                            r.censored.to_string(),
                            pct(Some(r.dark_share)),
                            pct_range(Some(r.lo), Some(r.hi)),
                        ]
                    })
                    .collect();
            *out += &grid(&["day", "at risk", "dark", "censored", "dark by day", "95% band"], &rows);
            let c = &d.chased;
            let _ = writeln!(
                out,
                "  Chased after dark: {} of {} dark prospects ({}); median {} touches after dark, last touch a median {} days after",
                c.dark_chased,
                d.dark,
                pct(c.share_chased),
                days(c.median_touches_after),
                days(c.median_days_to_last_touch)
            );
        }
    }
    if let Some(r) = &a.revival {
        let _ = writeln!(
            out,
            "\nRevival: {} silences; {} received touches, {} of those revived: {} [{}]. {} revived prospects, {} went on to convert.",
            r.silences,
            r.silences_with_touches,
            r.revived_with_touches,
            pct(r.revival_rate),
            pct_range(r.revival_rate_lo, r.revival_rate_hi),
            r.revived_prospects,
            r.revived_then_converted
        );
        if let Some(rows) = &r.by_touches {
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|x| vec![x.label.clone(), x.silences.to_string(), x.revived.to_string(), pct(x.share)])
                .collect();
            *out += &grid(&["touches in silence", "silences >= j", "revived at j", "share"], &rows);
        }
        if let Some(rows) = &r.by_gap {
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|x| {
                    vec![
                        x.label.clone(),
                        x.silences.to_string(),
                        x.revived.to_string(),
                        pct(x.share),
                        pct_range(x.share_lo, x.share_hi),
                    ]
                })
                .collect();
            *out += &grid(&["silence length", "touched", "revived", "share", "95% CI"], &rows);
        }
    }
    if let Some(t) = &a.time_to_convert {
        let _ = writeln!(
            out,
            "\nTime to convert (Kaplan-Meier, days from first touch; {} converted, {} censored): median {}; among converted only: {}",
            t.converted,
            t.censored,
            match t.median_days {
                None => "not reached (fewer than half convert within the data)".to_string(),
                Some(m) => format!(
                    "{m:.1} days [{} - {}]",
                    days(t.median_lo),
                    t.median_hi.map_or_else(|| "not reached".to_string(), |h| format!("{h:.1}"))
                ),
            },
            days(t.median_days_converted_only)
        );
    }
    if let Some(c) = &a.cadence {
        let _ = writeln!(out, "\nCadence: answer rate of a touch by the gap since the previous touch");
        let rows: Vec<Vec<String>> = c
            .response_by_gap
            .iter()
            .map(|r| {
                vec![
                    r.bucket.clone(),
                    r.touches.to_string(),
                    r.answered.to_string(),
                    pct(r.rate),
                    pct_range(r.rate_lo, r.rate_hi),
                ]
            })
            .collect();
        *out += &grid(&["gap", "touches", "answered", "rate", "95% CI"], &rows);
        let _ = writeln!(out, "Lost/opted-out rate by the most touches sent within 7 days");
        let rows: Vec<Vec<String>> = c
            .loss_by_intensity
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.prospects.to_string(),
                    r.lost.to_string(),
                    pct(r.rate),
                    pct_range(r.rate_lo, r.rate_hi),
                ]
            })
            .collect();
        *out += &grid(&["touches/7d", "prospects", "lost", "rate", "95% CI"], &rows);
        render_timing(c, &a.params.tz, out);
    }
    let ch = &a.channel;
    let _ = writeln!(out, "\nConversion by channel of the first touch (conversions before any touch excluded)");
    let rows: Vec<Vec<String>> = ch
        .by_first_channel
        .iter()
        .map(|r| {
            vec![
                r.channel.clone(),
                r.prospects.to_string(),
                r.converted.to_string(),
                pct(r.rate),
                pct_range(r.rate_lo, r.rate_hi),
            ]
        })
        .collect();
    *out += &grid(&["first channel", "prospects", "converted", "rate", "95% CI"], &rows);
    if let Some(d) = &ch.call_minus_email {
        let _ = writeln!(
            out,
            "  call - email: {:+.1} points [{:+.1}, {:+.1}] ({})",
            100.0 * d.value,
            100.0 * d.lo,
            100.0 * d.hi,
            d.method
        );
    }
}

/// docs/metrics.md §11.4: answer rate by local hour and weekday, compactly:
/// the hours in which touches were sent (the JSON and CSV keep all 24), and
/// all seven weekdays.
fn render_timing(c: &crate::metrics::cadence::Cadence, tz: &str, out: &mut String) {
    let line = |label: String, touches: u64, answered: u64, rate, lo, hi| {
        vec![label, touches.to_string(), answered.to_string(), pct(rate), pct_range(lo, hi)]
    };
    let hours: Vec<Vec<String>> = c
        .response_by_hour
        .iter()
        .filter(|r| r.touches > 0)
        .map(|r| line(format!("{:02}", r.hour), r.touches, r.answered, r.rate, r.rate_lo, r.rate_hi))
        .collect();
    let silent = c.response_by_hour.len() - hours.len();
    let _ = writeln!(
        out,
        "Answer rate by the local hour of the touch ({tz}){}",
        if silent > 0 { format!("; {silent} hours without touches left out") } else { String::new() }
    );
    if !hours.is_empty() {
        *out += &grid(&["hour", "touches", "answered", "rate", "95% CI"], &hours);
    }
    let _ = writeln!(out, "Answer rate by the local weekday of the touch ({tz})");
    let days: Vec<Vec<String>> = c
        .response_by_weekday
        .iter()
        .map(|r| line(r.label.clone(), r.touches, r.answered, r.rate, r.rate_lo, r.rate_hi))
        .collect();
    *out += &grid(&["weekday", "touches", "answered", "rate", "95% CI"], &days);
}

fn paint(verdict: Verdict, colour: bool) -> String {
    let code = match verdict {
        Verdict::Supported => "32",
        Verdict::Contradicted => "31",
        Verdict::Inconclusive => "33",
        Verdict::InsufficientData => "2",
    };
    if colour {
        format!("\x1b[{code}m{}\x1b[0m", verdict.as_str())
    } else {
        verdict.as_str().to_string()
    }
}

fn rows(c: &ClaimResult, colour: bool) -> Vec<Vec<String>> {
    let line = |e: &Evaluation, id: String| {
        vec![
            id,
            cells::reading(e),
            cells::measured(e),
            cells::interval(e),
            cells::n(e),
            cells::claimed(e),
            paint(e.verdict, colour),
        ]
    };
    let mut out = vec![line(&c.primary, c.title.clone())];
    if let (true, Some(alt)) = (c.readings_disagree(), &c.alternate) {
        out.push(line(alt, "  other reading".into()));
    }
    out
}

fn scorecard(claims: &[ClaimResult], colour: bool) -> String {
    let mut out = String::from("Claims scorecard (95% intervals; verdicts as docs/metrics.md 7)\n");
    let body: Vec<Vec<String>> = claims.iter().flat_map(|c| rows(c, colour)).collect();
    out += &grid(&["claim", "reading", "measured", "95% interval", "n", "claimed", "verdict"], &body);
    out += "\nQuotes and sources:\n";
    for c in claims {
        out += &format!("  {} [{}]: \"{}\"\n    source: {}\n", c.title, c.id, c.quote, c.source);
        if let Some(reason) = &c.primary.reason {
            out += &format!("    insufficient data: {reason}\n");
        }
    }
    out += "Run `touchstone claims --explain ID` for a claim's definition and the prospects behind it.\n";
    out
}

/// The worklist as text: the rule, then one row per prospect.
pub(crate) fn worklist(w: &Worklist) -> String {
    let mut out = format!("Worklist as of {}\n{}\n\n", w.as_of.as_deref().unwrap_or("(undated input)"), w.rule);
    if w.rows.is_empty() {
        out += "  No open prospect.\n";
        return out;
    }
    let rows: Vec<Vec<String>> = w
        .rows
        .iter()
        .map(|r| {
            vec![
                r.prospect_id.clone(),
                r.rep_id.clone().unwrap_or_else(|| "-".into()),
                r.n.to_string(),
                r.last_touch.clone().unwrap_or_else(|| "-".into()),
                r.days_since.map_or_else(|| "-".into(), num1),
                r.last_channel.clone().unwrap_or_else(|| "-".into()),
                pct1(r.p),
                format!("{}–{}", pct1(r.p_lo), pct1(r.p_hi)),
            ]
        })
        .collect();
    out += &grid(&["prospect", "rep", "touches", "last touch", "days since", "last channel", "p", "range"], &rows);
    out
}

/// The rep comparison as text.
pub(crate) fn reps(r: &RepComparison) -> String {
    let mut out = format!(
        "Reps compared (rep of the first touch; at least {} prospects; {} smaller rep(s) left out). Flags need a \
         Benjamini–Hochberg adjusted log-rank p below 0.05.\n\n",
        r.min_rep_prospects, r.reps_too_small
    );
    if r.rows.is_empty() {
        out += "  No rep has enough prospects to compare.\n";
        return out;
    }
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                x.rep_id.clone(),
                x.prospects.to_string(),
                x.conversions.to_string(),
                pct1(x.rate),
                format!("{} ({}–{})", pct1(x.shrunk_rate), pct1(x.shrunk_lo), pct1(x.shrunk_hi)),
                format!("{} ({}–{})", pct1(x.km_at_horizon), pct1(x.km_lo), pct1(x.km_hi)),
                format!("{:.3}", x.p_adjusted),
                x.flag.unwrap_or("-").to_string(),
                x.median_give_up.map_or_else(|| "-".into(), num1),
            ]
        })
        .collect();
    let km = format!("KM by {}", r.horizon);
    out += &grid(
        &["rep", "prospects", "converted", "rate", "shrunk rate (95%)", &km, "adj. p", "flag", "median give-up"],
        &rows,
    );
    out
}
