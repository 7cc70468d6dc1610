//! The weekly report as one self-contained HTML page: inline SVG charts,
//! tables, the claims scorecard, week-over-week changes, definitions,
//! parameters and the input files with their sha256.
//!
//! The page makes no request of any kind (no script, no web font, no
//! external URL), reads at laptop and phone widths, and prints. It is
//! written as well-formed XML (every tag closed, attributes quoted) so
//! tests can parse it strictly. Nothing in it depends on when it was
//! rendered: the same input gives the same bytes.

mod index;
mod markup;
mod scorecard;
mod sections;

use std::fmt::Write;

use crate::analysis::trends::WeekTrend;
use crate::analysis::{Analysis, InputFile};
use crate::charts::Chart;
use crate::numbers::{num1, pct1 as pct};
use crate::time::Week;
use markup::{change, esc, inline_svg, opt, table, CSS};
use sections::{acting, caption, definitions, tables};

pub use index::index;
pub use scorecard::scorecard;

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
