//! The claims scorecard as a figure (docs/metrics.md §7): one row per claim, the
//! measured 95 % interval as a bar coloured by the verdict with the
//! measured value as a dot, and the claimed value (or range) in black. Each
//! row has its own scale: shares and rates in %, differences in percentage
//! points, medians in touches.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, DrawResult, CONTRADICTED, GRID, INCONCLUSIVE, INK, INSUFFICIENT, MUTED, SUPPORTED};
use crate::analysis::Analysis;
use crate::claims::verdict::{ClaimResult, Evaluation, Verdict};
use crate::numbers::Unit;

pub(crate) const TITLE: &str = "Sales folklore vs. your data";
const ROW: u32 = 78;
const HEAD: u32 = 92;
const LEFT: i32 = 360;

pub fn size(a: &Analysis) -> (u32, u32) {
    (1000, (HEAD + ROW * a.claims.len().max(1) as u32 + 10).max(300))
}

pub(crate) fn verdict_colour(v: Verdict) -> RGBColor {
    match v {
        Verdict::Supported => SUPPORTED,
        Verdict::Contradicted => CONTRADICTED,
        Verdict::Inconclusive => INCONCLUSIVE,
        Verdict::InsufficientData => INSUFFICIENT,
    }
}

fn unit(e: &Evaluation) -> Unit {
    Unit::of_metric(&e.metric)
}

/// Axis labels: whole percentages and points (the scorecard prints decimals).
fn format(u: Unit, v: f64) -> String {
    match u {
        Unit::Share => style::pct(v),
        Unit::Points if (v * 100.0).abs() < 0.5 => "0 pts".into(),
        Unit::Points => format!("{:+.0} pts", v * 100.0),
        Unit::Touches => format!("{v:.1}"),
    }
}

fn claimed_values(e: &Evaluation) -> Vec<f64> {
    match &e.claimed {
        serde_json::Value::Number(n) => n.as_f64().into_iter().collect(),
        serde_json::Value::Array(a) => a.iter().filter_map(|v| v.as_f64()).collect(),
        _ => Vec::new(),
    }
}

fn range(u: Unit, e: &Evaluation) -> (f64, f64) {
    let mut all = claimed_values(e);
    all.extend([e.value, e.lo, e.hi].into_iter().flatten());
    match u {
        Unit::Share => (0.0, 1.0),
        Unit::Points => {
            let m = all.iter().map(|v| v.abs()).fold(0.1, f64::max);
            let m = (m * 10.0 * 1.1).ceil() / 10.0;
            (-m, m)
        }
        Unit::Touches => (0.0, all.iter().copied().fold(1.0, f64::max).ceil() + 1.0),
    }
}

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    if a.claims.is_empty() {
        return style::no_data(area, TITLE, "No claim to test.");
    }
    style::frame(area, TITLE)?;
    // Legend line.
    let mut x = 24;
    for (text, colour) in [
        ("supported", SUPPORTED),
        ("contradicted", CONTRADICTED),
        ("inconclusive", INCONCLUSIVE),
        ("insufficient data", INSUFFICIENT),
    ] {
        area.draw(&Rectangle::new([(x, 52), (x + 22, 62)], colour.filled()))?;
        area.draw_text(text, &style::anchored(style::small_font(), HPos::Left, VPos::Center), (x + 28, 57))?;
        x += 40 + 8 * text.len() as i32;
    }
    area.draw(&Circle::new((x + 6, 57), 5, INK.filled()))?;
    area.draw_text("measured", &style::anchored(style::small_font(), HPos::Left, VPos::Center), (x + 16, 57))?;
    x += 100;
    area.draw(&Rectangle::new([(x, 50), (x + 3, 64)], INK.filled()))?;
    area.draw_text("claimed", &style::anchored(style::small_font(), HPos::Left, VPos::Center), (x + 10, 57))?;
    area.draw_text(
        "Bars: 95% interval of the measured value",
        &style::anchored(style::small_font(), HPos::Left, VPos::Center),
        (24, 78),
    )?;

    let (w, _) = area.dim_in_pixel();
    for (i, c) in a.claims.iter().enumerate() {
        let top = HEAD as i32 + ROW as i32 * i as i32;
        let row = area.clone().shrink((0, top), (w, ROW));
        draw_row(&row, c)?;
    }
    Ok(())
}

fn draw_row<B: DrawingBackend>(row: &DrawingArea<B, Shift>, c: &ClaimResult) -> DrawResult<B> {
    let e = &c.primary;
    let colour = verdict_colour(e.verdict);
    let (w, h) = row.dim_in_pixel();
    row.draw(&PathElement::new([(16, 0), (w as i32 - 16, 0)], GRID.stroke_width(1)))?;
    row.draw_text(&c.title, &style::anchored(style::bold_label_font(), HPos::Left, VPos::Top), (24, 8))?;
    let u = unit(e);
    let claimed = claimed_values(e);
    let claimed_text = match (e.op.as_str(), claimed.as_slice()) {
        ("between", [lo, hi]) => format!("claimed between {} and {}", format(u, *lo), format(u, *hi)),
        (op, [v]) => format!("claimed {op} {}", format(u, *v)),
        _ => "claimed: ?".into(),
    };
    row.draw_text(&claimed_text, &style::anchored(style::small_font(), HPos::Left, VPos::Top), (24, 30))?;
    let verdict = match (e.value, e.lo, e.hi) {
        (Some(v), Some(lo), Some(hi)) => {
            format!("{}: {} [{}, {}], n = {}", e.verdict.as_str(), format(u, v), format(u, lo), format(u, hi), e.n)
        }
        _ => format!("{} (n = {})", e.verdict.as_str(), e.n),
    };
    row.draw_text(&verdict, &style::anchored(style::small_font().color(&colour), HPos::Left, VPos::Top), (24, 50))?;
    if c.readings_disagree() {
        if let Some(alt) = &c.alternate {
            let reading = alt.reading.map(|r| format!("{r:?}").to_lowercase()).unwrap_or_default();
            row.draw_text(
                &format!("other reading ({reading}): {}", alt.verdict.as_str()),
                &style::anchored(style::small_font().color(&MUTED), HPos::Right, VPos::Top),
                (LEFT - 8, 8),
            )?;
        }
    }

    let plot = row.clone().shrink((LEFT, 6), (w - LEFT as u32 - 24, h - 8));
    let (lo_x, hi_x) = range(u, e);
    let mut chart = ChartBuilder::on(&plot).x_label_area_size(24).build_cartesian_2d(lo_x..hi_x, 0f64..1f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(6)
        .x_label_formatter(&|v| format(u, *v))
        .label_style(style::small_font())
        .draw()?;
    // Claimed: a shaded range for `between`, else a black tick.
    match (e.op.as_str(), claimed.as_slice()) {
        ("between", [lo, hi]) => {
            chart.draw_series(std::iter::once(Rectangle::new([(*lo, 0.15), (*hi, 0.85)], INK.mix(0.12).filled())))?;
            chart.draw_series([*lo, *hi].map(|v| Rectangle::new([(v, 0.15), (v, 0.85)], INK.stroke_width(3))))?;
        }
        (_, [v]) => {
            chart.draw_series(std::iter::once(Rectangle::new([(*v, 0.15), (*v, 0.85)], INK.stroke_width(3))))?;
        }
        _ => {}
    }
    if let (Some(lo), Some(hi)) = (e.lo, e.hi) {
        chart.draw_series(std::iter::once(Rectangle::new([(lo, 0.35), (hi, 0.65)], colour.filled())))?;
    }
    if let Some(v) = e.value {
        chart.draw_series(std::iter::once(Circle::new((v, 0.5), 6, INK.filled())))?;
    }
    if e.value.is_none() {
        let why = e.reason.as_deref().unwrap_or("not measurable on this input");
        let (pw, ph) = plot.dim_in_pixel();
        plot.draw_text(
            why,
            &style::anchored(style::small_font(), HPos::Center, VPos::Center),
            (pw as i32 / 2, ph as i32 / 2 - 10),
        )?;
    }
    Ok(())
}
