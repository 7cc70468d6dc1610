//! The sections of the page below the headline: the acting tables
//! (worklist, reps), chart captions, the metric tables, silences side by
//! side and the definitions.

use std::fmt::Write;

use super::markup::{esc, opt, table};
use crate::analysis::Analysis;
use crate::charts::Chart;
use crate::numbers::{num1, pct1 as pct};

/// §9: the top of the worklist and the rep comparison, each with its rule.
pub(super) fn acting(o: &mut String, a: &Analysis) {
    let w = &a.worklist;
    o.push_str("<h2 id=\"worklist\">Worth another touch</h2>");
    let _ = write!(
        o,
        "<p class=\"note\">{} The top {}; <code>touchstone worklist</code> lists them all.</p>",
        esc(&w.rule),
        w.rows.len()
    );
    let rows: Vec<Vec<String>> = w
        .rows
        .iter()
        .map(|r| {
            vec![
                esc(&r.prospect_id),
                esc(r.rep_id.as_deref().unwrap_or("-")),
                r.n.to_string(),
                r.days_since.map_or_else(|| "-".into(), num1),
                esc(r.last_channel.as_deref().unwrap_or("-")),
                format!("{} ({}–{})", pct(r.p), pct(r.p_lo), pct(r.p_hi)),
            ]
        })
        .collect();
    table(o, &["Prospect", "Rep", "Touches", "Days since", "Last channel", "Chance in the next touches"], &rows);
    let r = &a.reps;
    o.push_str("<h2 id=\"reps\">Reps compared fairly</h2>");
    let _ = write!(
        o,
        "<p class=\"note\">A rep owns the prospects of their first touch (at least {} to be compared). The \
         shrunken rate pulls small samples toward the pooled rate; a flag needs a log-rank test against the \
         other reps with a Benjamini–Hochberg adjusted p below 0.05.</p>",
        r.min_rep_prospects
    );
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                esc(&x.rep_id),
                x.prospects.to_string(),
                format!("{} ({}–{})", pct(x.shrunk_rate), pct(x.shrunk_lo), pct(x.shrunk_hi)),
                format!("{} ({}–{})", pct(x.km_at_horizon), pct(x.km_lo), pct(x.km_hi)),
                format!("{:.3}", x.p_adjusted),
                x.flag.unwrap_or("–").to_string(),
            ]
        })
        .collect();
    let km = format!("Converted by touch {}", r.horizon);
    table(o, &["Rep", "Prospects", "Shrunken rate", &km, "Adjusted p", "Flag"], &rows);
}

/// How to read each chart.
pub(super) fn caption(chart: Chart, a: &Analysis) -> String {
    let cap = a.params.cap;
    match chart {
        Chart::StopVsConvert => format!(
            "Orange bars: where reps stopped, as a share of the prospects given up (abandoned or lost). Blue line: of the prospects who \
             reached each touch, the share who converted at it, with 95% Wilson intervals (right axis). Where bars are tall but the \
             line is still up, prospects are dropped while they still convert. Touch {cap}+ pools touch {cap} and beyond."
        ),
        Chart::ConversionByTouch => "Bars: conversions at each touch number (the touch at which the deal was won). Line: the running \
             share of all conversions after a touch. This shows where conversions happen, not how likely one is: see the next chart."
            .into(),
        Chart::Hazard => "Top: of the prospects who reached touch k, the share who converted at it (the honest per-touch rate), with \
             95% Wilson intervals. Bottom: the Kaplan–Meier chance of having converted by touch k had follow-up continued, treating \
             open, abandoned and lost prospects as censored after their last touch, with its 95% band. The row under the axis gives \
             the prospects at risk at each touch."
            .into(),
        Chart::Policy => {
            let p = &a.policy;
            let economics = match (p.touch_cost, p.conversion_value, p.best_k) {
                (Some(c), Some(v), Some(best)) => {
                    let (lo, hi) = p.best_k_range().unwrap_or((best, best));
                    format!(
                        " At {c} a touch and {v} a conversion, an extra touch pays while its bar stays above the \
                         orange line; the best stopping point is {best} touches ({lo} to {hi} with every hazard at \
                         its 95% bound)."
                    )
                }
                _ => " Give --touch-cost and --conversion-value to see where an extra touch stops paying.".into(),
            };
            format!(
                "Top: for the policy \"follow up until the prospect converts or has had k touches\", the conversions per \
                 100 prospects it buys against the touches it spends (a converted prospect gets no further touch), \
                 with the Kaplan–Meier 95% band. Bottom: what touch k itself buys, in conversions per 100 such touches \
                 (its hazard), with its Wilson interval.{economics} This assumes that giving up said nothing about the \
                 prospect, as the Kaplan–Meier does: if your reps drop the prospects they judge cold, the prospects who \
                 reach later touches are warmer than the rest, and later touches look better here than they would be \
                 for everyone: read the right side of the chart as an upper bound."
            )
        }
        Chart::RepGiveUp => format!(
            "Each dot is a rep's median give-up point (touches before stopping), reps ordered from the earliest to the latest. The \
             line at 2 touches marks giving up after one follow-up. Beside each rep: given-up prospects (n) and the share dropped \
             after at most one follow-up. Hollow grey dots: fewer than {} given-up prospects.",
            a.give_up.reps_after_one_followup.min_rep_prospects
        ),
        Chart::RepRates => format!(
            "Each row: a rep with at least {} prospects of their own (first touch). The dot is the conversion rate shrunk toward \
             the pooled rate (the grey line) by how much reps really differ, with its 95% interval; the hollow mark is the raw rate. \
             A rep with few prospects gets a long bar and is pulled in most. Colour marks reps whose conversion-by-touch curve \
             differs from the other reps' by a log-rank test with a Benjamini–Hochberg adjusted p below 0.05.",
            a.reps.min_rep_prospects
        ),
        Chart::RepCurves => format!(
            "One panel per compared rep: the Kaplan–Meier chance that the rep's prospects convert by each touch (1 to {}), \
             against the same curve for all compared reps (grey). Curves compare what happens at each touch, not how long reps \
             keep going. A flag in the panel title comes from the log-rank test, adjusted across reps.",
            a.reps.horizon
        ),
        Chart::TimeToDark => "Kaplan–Meier share of engaged prospects (those who responded) gone dark by each day since their \
             first touch or response, with its 95% band; prospects not dark by the as-of date are censored there (crosses)."
            .into(),
        Chart::Revival => "A silence is a gap of at least the dark-days threshold without a response; it revives when a response \
             ends it. Left: of the touched silences that received at least j touches, the share that revived right after touch j. \
             Right: share revived by the length of the silence, with 95% Wilson intervals."
            .into(),
        Chart::Trends => "One point per ISO week (Monday to Sunday, UTC). Touches, conversions and prospects gone dark count \
             what happened in the week; the medians are over the week's conversions and the week's give-ups (no point when there \
             were none)."
            .into(),
        Chart::Claims => "Each row: the measured value (dot) with its 95% interval (bar, coloured by verdict) against the claimed \
             value or range (black)."
            .into(),
    }
}

pub(super) fn tables(o: &mut String, a: &Analysis) {
    o.push_str("<h2 id=\"tables\">Tables</h2><h3>Conversion by touch number</h3>");
    let rows: Vec<Vec<String>> = a
        .conversion_by_touch
        .iter()
        .map(|r| {
            vec![
                esc(&r.label),
                r.reached.to_string(),
                r.conversions.to_string(),
                opt(r.share, pct),
                opt(r.cum_share, pct),
                opt(r.hazard, pct),
                match (r.hazard_lo, r.hazard_hi) {
                    (Some(l), Some(h)) => format!("{} – {}", pct(l), pct(h)),
                    _ => "–".into(),
                },
                pct(r.km),
                format!("{} – {}", pct(r.km_lo), pct(r.km_hi)),
            ]
        })
        .collect();
    table(
        o,
        &["Touch", "Reached", "Converted", "Share", "Cumulative", "Hazard", "95% CI", "KM by k", "95% band"],
        &rows,
    );

    o.push_str("<h3>Give-up points</h3>");
    let rows: Vec<Vec<String>> = a
        .give_up
        .distribution
        .iter()
        .map(|r| vec![esc(&r.label), r.count.to_string(), opt(r.share, pct), opt(r.cum_share, pct)])
        .collect();
    table(o, &["Touches before giving up", "Prospects", "Share", "Cumulative"], &rows);
    let s = &a.give_up.reps_after_one_followup;
    let _ = write!(
        o,
        "<p>Reps whose median give-up point is at most 2 touches (one follow-up): <b>{}</b> of {} reps with at least {} given-up prospects ({}).</p>",
        s.reps_median_le_2,
        s.reps,
        s.min_rep_prospects,
        opt(s.share, pct)
    );
    let rows: Vec<Vec<String>> = crate::charts::reps::ordered(a)
        .into_iter()
        .map(|r| {
            vec![
                esc(&r.rep_id),
                r.given_up.to_string(),
                num1(r.median_n),
                pct(r.share_after_one_followup),
                if r.given_up < u64::from(s.min_rep_prospects) { "small n".into() } else { String::new() },
            ]
        })
        .collect();
    table(o, &["Rep", "Given up", "Median give-up point", "After ≤ 1 follow-up", ""], &rows);

    if let Some(t) = &a.time_to_dark {
        o.push_str("<h3>Time to dark</h3>");
        let _ = write!(
            o,
            "<p>{} engaged prospects, {} dark (silent for {}+ days). Days to dark among the dark: median {}, p25 {}, p75 {}, p90 {}. \
             Chased after going dark: {} ({}).</p>",
            t.engaged,
            t.dark,
            t.dark_days,
            opt(t.median_days, num1),
            opt(t.p25_days, num1),
            opt(t.p75_days, num1),
            opt(t.p90_days, num1),
            t.chased.dark_chased,
            opt(t.chased.share_chased, pct)
        );
    }
    if let Some(r) = &a.revival {
        let _ = write!(
            o,
            "<h3>Revival</h3><p>{} silences, {} received touches, {} of those revived: revival rate {} (95% CI {} – {}). \
             {} prospects revived, {} of them went on to convert.</p>",
            r.silences,
            r.silences_with_touches,
            r.revived_with_touches,
            opt(r.revival_rate, pct),
            opt(r.revival_rate_lo, pct),
            opt(r.revival_rate_hi, pct),
            r.revived_prospects,
            r.revived_then_converted
        );
        silence_side_by_side(o, r);
    }
}

/// The two articles that disagree about silence (docs/metrics.md §7), side by
/// side: the revival rate answers "once dark, gone"; revival by gap answers
/// "follow up again in a couple of weeks" (the gap row holding 14 days).
pub(super) fn silence_side_by_side(o: &mut String, r: &crate::metrics::dark::Revival) {
    let fortnight = r
        .by_gap
        .as_ref()
        .and_then(|rows| rows.iter().find(|g| g.from_days <= 14.0 && g.to_days.is_none_or(|t| 14.0 < t)));
    let weeks = match fortnight {
        Some(g) => format!(
            "Silences touched again after {} days: {} of {} revived ({}).",
            esc(&g.label),
            g.revived,
            g.silences,
            opt(g.share, pct)
        ),
        None => "Revival by gap needs the event log.".to_string(),
    };
    let _ = write!(
        o,
        "<h3>Two articles disagree about silence</h3><table><thead><tr><th>“Once your prospect goes dark, you can’t bring them back”</th><th>“Reach back out … follow up again in a couple of weeks”</th></tr></thead><tbody><tr><td>Touched silences that revived: {} of {} ({}, 95% CI {} – {}).</td><td>{weeks}</td></tr></tbody></table>",
        r.revived_with_touches,
        r.silences_with_touches,
        opt(r.revival_rate, pct),
        opt(r.revival_rate_lo, pct),
        opt(r.revival_rate_hi, pct),
    );
}

pub(super) fn definitions(o: &mut String, a: &Analysis) {
    let p = &a.params;
    o.push_str("<h2 id=\"definitions\">Definitions and parameters</h2><dl>");
    let defs = [
        ("Touch", "an outbound event that did not bounce, on one of the counted channels; touch k is the k-th of a prospect."),
        ("Follow-up", "any touch after the first: follow-up number = touch number − 1."),
        ("Conversion touch K", "touches up to and including the moment the deal was won."),
        ("Hazard at touch k", "of the prospects who reached touch k (still being worked, not yet converted), the share that converted at it; 95% Wilson interval."),
        ("Kaplan–Meier by touch k", "the chance of having converted by touch k had follow-up continued; prospects not converted count until their last touch (censored). Greenwood band, log-log."),
        ("Given up", "lost (said no or opted out) or abandoned (no touch for the quiet-days threshold); the give-up point is the touches received."),
        ("Left on the table", "expected extra conversions had given-up prospects been followed up to the horizon at the observed hazards; an upper bound."),
        ("Dark", "responded at least once, not converted, not lost, and silent for the dark-days threshold."),
        ("Silence and revival", "a gap of at least dark-days without a response; it revives when a response ends it."),
        ("Week", "ISO 8601 week, Monday 00:00 to Sunday 23:59:59.999999 UTC; the report's as-of instant is its end."),
    ];
    for (term, def) in defs {
        let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", esc(term), esc(def));
    }
    o.push_str("</dl>");
    let rows = vec![
        vec!["quiet days (abandoned after)".into(), p.quiet_days.to_string()],
        vec!["dark days".into(), p.dark_days.to_string()],
        vec!["cap (last touch row, k+)".into(), p.cap.to_string()],
        vec!["horizon (left on the table)".into(), p.horizon.to_string()],
        vec!["min given-up prospects per rep".into(), p.min_rep_prospects.to_string()],
        vec!["touch channels".into(), esc(&p.touch_channels.join(", "))],
        vec!["time zone of naive timestamps".into(), esc(&p.tz)],
        vec!["as-of".into(), esc(a.as_of.as_deref().unwrap_or("–"))],
    ];
    table(o, &["Parameter", "Value"], &rows);
    o.push_str("<p class=\"note\">Exact definitions: docs/metrics.md in the touchstone repository; the same numbers are in metrics.json.</p>\n");
}
