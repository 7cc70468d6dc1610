//! The weekly report as one self-contained HTML page: inline SVG charts,
//! tables, the claims scorecard, week-over-week changes, definitions,
//! parameters and the input files with their sha256.
//!
//! The page makes no request of any kind (no script, no web font, no
//! external URL), reads at laptop and phone widths, and prints. It is
//! written as well-formed XML (every tag closed, attributes quoted) so
//! tests can parse it strictly. Nothing in it depends on when it was
//! rendered: the same input gives the same bytes.

use std::fmt::Write;

use super::{cells, Output, Render, Scorecard};
use crate::analysis::trends::WeekTrend;
use crate::analysis::{Analysis, InputFile};
use crate::charts::Chart;
use crate::claims::verdict::{ClaimResult, Evaluation, Verdict};
use crate::error::Result;
use crate::numbers::{num1, pct1 as pct};
use crate::time::Week;

/// The HTML renderer: the scorecard section here; the whole weekly page
/// is [`page`], written by `touchstone report`.
pub(crate) struct Html;

impl Render for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn analysis(&self, _: &Analysis) -> Result<Output> {
        Err(super::unsupported("html", "the analysis", "`touchstone report` writes the HTML page"))
    }

    fn scorecard(&self, s: &Scorecard) -> Result<Output> {
        Ok(Output::Text(scorecard(s.claims)))
    }
}

/// Everything one week's page shows.
pub struct Page<'a> {
    pub week: Week,
    pub analysis: &'a Analysis,
    /// Oldest first; the last row is `week`.
    pub trends: &'a [WeekTrend],
    /// Each chart's standalone SVG, in page order.
    pub charts: &'a [(Chart, String)],
    pub inputs: &'a [InputFile],
    pub version: &'a str,
}

/// §9: the top of the worklist and the rep comparison, each with its rule.
fn acting(o: &mut String, a: &Analysis) {
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

/// Escape text for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A plotters SVG document made fit to inline: the fixed width and height
/// and the namespace URL dropped (HTML puts `<svg>` in the SVG namespace),
/// the viewBox kept so CSS can scale it to the column width.
pub(crate) fn inline_svg(svg: &str, label: &str) -> String {
    let Some(open_end) = svg.find('>') else { return String::new() };
    let open = &svg[..open_end];
    let view_box = open.split("viewBox=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("0 0 1000 540");
    format!("<svg viewBox=\"{view_box}\" role=\"img\" aria-label=\"{}\">{}", esc(label), &svg[open_end + 1..])
}

const CSS: &str = "
:root{--ink:#222;--muted:#666;--rule:#ddd;--bg:#fff;--band:#f6f7f9;--sup:#009E73;--con:#D55E00;--inc:#B8860B;--ins:#8C8C8C}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}
main{max-width:1080px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.25rem;margin:40px 0 8px;padding-top:8px;border-top:2px solid var(--rule)}
h3{font-size:1.05rem;margin:24px 0 6px}
p.sub{color:var(--muted);margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:16px 0}
.card{background:var(--band);border-radius:8px;padding:12px 14px}
.card .v{font-size:1.6rem;font-weight:700;display:block}
.card .l{color:var(--muted);font-size:.85rem}
.card .d{font-size:.85rem}
figure{margin:20px 0;break-inside:avoid;page-break-inside:avoid}
figure svg{width:100%;height:auto;display:block;border:1px solid var(--rule);border-radius:6px;background:#fff}
figcaption{color:var(--muted);font-size:.9rem;margin-top:6px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-size:.9rem;margin:8px 0 16px;min-width:50%}
th,td{padding:4px 10px;border-bottom:1px solid var(--rule);text-align:right;white-space:nowrap}
th{background:var(--band);font-weight:600}
th:first-child,td:first-child{text-align:left}
td .t{display:inline-block;text-align:left;white-space:normal;min-width:10em;max-width:16em}
.up,.down{color:var(--ink)}
.flat{color:var(--muted)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:.8rem;font-weight:600}
.supported{background:var(--sup)}.contradicted{background:var(--con)}.inconclusive{background:var(--inc)}.insufficient{background:var(--ins)}
dl{margin:8px 0}dt{font-weight:600;margin-top:8px}dd{margin:2px 0 0 1.2em;color:#333}
code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.85em;word-break:break-all}
.note{color:var(--muted);font-size:.9rem}
nav ol{columns:2;padding-left:1.2em}
@media (max-width:640px){body{font-size:15px}main{padding:14px 10px 32px}h1{font-size:1.35rem}.card .v{font-size:1.3rem}nav ol{columns:1}th,td{padding:3px 6px}}
@media print{body{font-size:11pt}main{max-width:none;padding:0}h2{break-after:avoid;page-break-after:avoid}nav{display:none}.scroll{overflow:visible}figure svg{border:none}a{color:inherit;text-decoration:none}}
";

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or_else(|| "–".to_string(), f)
}

/// Week-over-week change with an arrow; `▲`/`▼` name the direction, not
/// whether it is good.
fn change(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(a), Some(b)) => {
            let d = a - b;
            if d.abs() < 1e-9 {
                "<span class=\"flat\">● no change</span>".to_string()
            } else {
                let (class, arrow) = if d > 0.0 { ("up", "▲") } else { ("down", "▼") };
                let rel = if b.abs() > 1e-9 { format!(" ({:+.0}%)", d / b * 100.0) } else { String::new() };
                let d = if d.fract().abs() < 1e-9 { format!("{d:+.0}") } else { format!("{d:+.1}") };
                format!("<span class=\"{class}\">{arrow} {d}{rel}</span>")
            }
        }
        _ => "<span class=\"flat\">–</span>".to_string(),
    }
}

fn table(out: &mut String, headers: &[&str], rows: &[Vec<String>]) {
    out.push_str("<div class=\"scroll\"><table><thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            // Cells are pre-escaped HTML.
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
}

fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Supported => "supported",
        Verdict::Contradicted => "contradicted",
        Verdict::Inconclusive => "inconclusive",
        Verdict::InsufficientData => "insufficient",
    }
}

fn badge(v: Verdict) -> String {
    format!("<span class=\"badge {}\">{}</span>", verdict_class(v), esc(v.as_str()))
}

fn claimed(e: &Evaluation) -> String {
    cells::claimed(e).replacen(">=", "≥", 1).replacen("<=", "≤", 1)
}

/// `81.2% [71.0%, 88.5%]`, in the claim's unit.
fn measured(e: &Evaluation) -> String {
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
                cl.primary.n.to_string(),
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

/// One week's page.
pub fn page(p: &Page) -> String {
    let a = p.analysis;
    let c = &a.counts;
    let mut o = String::with_capacity(256 * 1024);
    let monday = p.week.monday().format("%-d %b %Y");
    let sunday = p.week.sunday().format("%-d %b %Y");
    let title = format!("Touchstone weekly report {}", p.week);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <title>{}</title><style>{CSS}</style></head><body><main>\n",
        esc(&title)
    );
    let _ = writeln!(
        o,
        "<h1>{}</h1><p class=\"sub\">Week {} ({monday} – {sunday}): data up to the end of {}, UTC; events after it are ignored \
         (the exact instant is under Definitions).</p>",
        esc(&title),
        p.week,
        p.week.sunday().format("%A %-d %b %Y")
    );

    // Headline cards: this week, with the change from the week before.
    let now = p.trends.last();
    let before = p.trends.len().checked_sub(2).and_then(|i| p.trends.get(i));
    type Getter = fn(&WeekTrend) -> Option<f64>;
    type Show = fn(f64) -> String;
    let metrics: [(&str, Getter, Show); 5] = [
        ("Touches sent", |w| Some(w.touches as f64), |v| format!("{v:.0}")),
        ("Conversions", |w| Some(w.conversions as f64), |v| format!("{v:.0}")),
        ("Median conversion touch", |w| w.median_conversion_touch, num1),
        ("Median give-up point", |w| w.median_give_up, num1),
        ("Prospects gone dark", |w| Some(w.gone_dark as f64), |v| format!("{v:.0}")),
    ];
    o.push_str("<h2 id=\"week\">This week</h2><div class=\"cards\">");
    for (label, get, fmt) in metrics {
        let v = now.and_then(get);
        let b = before.and_then(get);
        let _ = write!(
            o,
            "<div class=\"card\"><span class=\"l\">{}</span><span class=\"v\">{}</span><span class=\"d\">{} vs. last week</span></div>",
            esc(label),
            opt(v, fmt),
            change(v, b)
        );
    }
    o.push_str("</div>\n");
    let rate = |x: u64, n: u64| if n == 0 { "–".to_string() } else { pct(x as f64 / n as f64) };
    let touched = c.conversions - c.conversions_without_touch;
    let _ = writeln!(
        o,
        "<p>To date: <b>{}</b> prospects, <b>{}</b> touches; <b>{}</b> converted ({} of prospects; {} with no touch), \
         {} lost, {} abandoned (no touch for {}+ days), {} still open. Left on the table: up to <b>{:.1}</b> more conversions had the {} \
         prospects given up before touch {} been followed up to it (an upper bound: it assumes reps gave up at random).</p>",
        c.prospects,
        c.touches,
        c.conversions,
        rate(c.conversions, c.prospects),
        c.conversions_without_touch,
        c.status.lost,
        c.status.abandoned,
        a.params.quiet_days,
        c.status.open,
        a.give_up.left_on_table.expected_conversions,
        a.give_up.left_on_table.prospects,
        a.give_up.left_on_table.horizon,
    );
    let _ = touched;

    // Contents.
    o.push_str("<nav><ol>");
    for chart in p.charts.iter().map(|(c, _)| c) {
        let _ = write!(o, "<li><a href=\"#{}\">{}</a></li>", chart.name(), esc(chart.title()));
    }
    o.push_str(
        "<li><a href=\"#trend-table\">Week by week</a></li><li><a href=\"#scorecard\">Claims scorecard</a></li>\
                <li><a href=\"#tables\">Tables</a></li><li><a href=\"#definitions\">Definitions and parameters</a></li>\
                <li><a href=\"#inputs\">Inputs</a></li></ol></nav>\n",
    );

    for (chart, svg) in p.charts {
        let _ = writeln!(
            o,
            "<h2 id=\"{}\">{}</h2><figure>{}<figcaption>{}</figcaption></figure>",
            chart.name(),
            esc(chart.title()),
            inline_svg(svg, chart.title()),
            esc(&caption(*chart, a))
        );
    }

    // Week by week.
    o.push_str("<h2 id=\"trend-table\">Week by week</h2>");
    let mut rows = Vec::new();
    for (i, w) in p.trends.iter().enumerate().rev() {
        let prev = i.checked_sub(1).and_then(|j| p.trends.get(j));
        rows.push(vec![
            esc(&w.week),
            format!("{} {}", w.touches, change(Some(w.touches as f64), prev.map(|x| x.touches as f64))),
            format!("{} {}", w.conversions, change(Some(w.conversions as f64), prev.map(|x| x.conversions as f64))),
            format!("{} (n = {})", opt(w.median_conversion_touch, num1), w.conversion_touch_n),
            format!("{} (n = {})", opt(w.median_give_up, num1), w.given_up),
            format!("{} {}", w.gone_dark, change(Some(w.gone_dark as f64), prev.map(|x| x.gone_dark as f64))),
        ]);
    }
    table(
        &mut o,
        &["Week", "Touches sent", "Conversions", "Median conversion touch", "Median give-up point", "Gone dark"],
        &rows,
    );

    o.push_str(&scorecard(&a.claims));
    acting(&mut o, a);

    tables(&mut o, a);
    definitions(&mut o, a);

    // Inputs.
    o.push_str("<h2 id=\"inputs\">Inputs</h2>");
    let rows: Vec<Vec<String>> = p
        .inputs
        .iter()
        .map(|f| {
            vec![
                format!("<code>{}</code>", esc(&f.path)),
                esc(&f.role),
                f.bytes.to_string(),
                format!("<code>{}</code>", f.sha256),
            ]
        })
        .collect();
    table(&mut o, &["File", "Role", "Bytes", "sha256"], &rows);
    if let (Some(read), Some(used), Some(dup), Some(rej), Some(after)) =
        (c.rows_read, c.rows_used, c.duplicates, c.rejected, c.after_as_of)
    {
        let _ = write!(
            o,
            "<p class=\"note\">Rows: {read} read = {used} used + {dup} exact duplicates + {rej} rejected{}; {after} used rows fall after the as-of instant and are ignored.</p>",
            match c.skipped {
                Some(n) if n > 0 => format!(" + {n} skipped (planned activities, notes, tasks)"),
                _ => String::new(),
            }
        );
    }
    let _ = writeln!(
        o,
        "<p class=\"note\">Made by touchstone {}. The PNG charts, <code>metrics.json</code> (the full analysis) and <code>manifest.json</code> sit beside this page.</p>",
        esc(p.version)
    );
    o.push_str("</main></body></html>\n");
    o
}

/// How to read each chart.
fn caption(chart: Chart, a: &Analysis) -> String {
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

fn tables(o: &mut String, a: &Analysis) {
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

/// The two articles that disagree about silence (METRICS.md §7), side by
/// side: the revival rate answers "once dark, gone"; revival by gap answers
/// "follow up again in a couple of weeks" (the gap row holding 14 days).
fn silence_side_by_side(o: &mut String, r: &crate::metrics::dark::Revival) {
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

fn definitions(o: &mut String, a: &Analysis) {
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
    o.push_str("<p class=\"note\">Exact definitions: METRICS.md in the touchstone repository; the same numbers are in metrics.json.</p>\n");
}

/// The page listing several weekly reports (`--weeks N`), newest first.
pub fn index(weeks: &[(Week, &[WeekTrend])], version: &str) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <title>Touchstone weekly reports</title><style>{CSS}</style></head><body><main>\n\
         <h1>Touchstone weekly reports</h1><p class=\"sub\">{} weeks, newest first. Each links to its own self-contained page.</p>\n",
        weeks.len()
    );
    let rows: Vec<Vec<String>> = weeks
        .iter()
        .rev()
        .map(|(w, trends)| {
            let t = trends.last();
            let get = |f: fn(&WeekTrend) -> String| t.map_or_else(|| "–".to_string(), f);
            vec![
                format!("<a href=\"{w}/index.html\">{w}</a>"),
                format!("{} – {}", w.monday().format("%-d %b"), w.sunday().format("%-d %b %Y")),
                get(|t| t.touches.to_string()),
                get(|t| t.conversions.to_string()),
                get(|t| t.gone_dark.to_string()),
            ]
        })
        .collect();
    table(&mut o, &["Week", "Dates", "Touches sent", "Conversions", "Gone dark"], &rows);
    let _ = writeln!(o, "<p class=\"note\">Made by touchstone {}.</p></main></body></html>", esc(version));
    o
}
