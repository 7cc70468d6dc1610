//! How many touches to make (docs/metrics.md §12). Top: conversions gained
//! against touches spent, one point per policy "stop after k touches", with
//! the Kaplan–Meier band of the conversions. Bottom: what one more touch
//! buys at each k, in conversions per 100 extra touches; with
//! `--touch-cost` and `--conversion-value` the break-even line (an extra
//! touch pays while it stays above `100 C / V`).
//!
//! The marginal panel needs no new number: going from `k - 1` to `k`
//! touches adds `100 S(k-1) hazard(k)` conversions for `100 S(k-1)`
//! touches, so one more touch buys `hazard(k)` conversions.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, DrawResult, BLUE, GRID, ORANGE, PURPLE, SKY};
use crate::analysis::Analysis;

pub(crate) const TITLE: &str = "How many touches to make: what each extra touch buys";
pub const X_TOUCHES: &str = "Touches spent per 100 prospects (stop after k touches)";
pub const Y_CONVERSIONS: &str = "Conversions per 100 prospects";
pub const X_K: &str = "Touch k (the extra touch)";
pub const Y_MARGINAL: &str = "Conversions per 100 extra touches";

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let p = &a.policy;
    if p.rows.is_empty() || p.rows.iter().all(|r| r.conversions_per_100 == 0.0) {
        return style::no_data(area, TITLE, "No prospect converted after a touch up to the as-of date.");
    }
    style::frame(area, TITLE)?;
    let (_, h) = area.dim_in_pixel();
    let body = area.margin(44, 10, 10, 16);
    let (top, bottom) = body.split_vertically((h as i32 - 54) * 55 / 100);

    // Top: conversions against touches, with the band.
    let xmax = p.rows.iter().map(|r| r.touches_per_100).fold(0.0, f64::max);
    let ymax = p.rows.iter().map(|r| r.conversions_per_100_hi).fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&top)
        .margin_right(24)
        .x_label_area_size(46)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..style::headroom(xmax, 100.0), 0f64..style::headroom(ymax, 1.0))?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_desc(X_TOUCHES)
        .y_desc(Y_CONVERSIONS)
        .label_style(style::label_font())
        .axis_desc_style(style::small_font())
        .draw()?;
    chart
        .draw_series(p.rows.iter().map(|r| {
            ErrorBar::new_vertical(
                r.touches_per_100,
                r.conversions_per_100_lo,
                r.conversions_per_100,
                r.conversions_per_100_hi,
                SKY.stroke_width(2),
                8,
            )
        }))?
        .label("95% band (Kaplan-Meier)")
        .legend(|(x, y)| PathElement::new([(x + 7, y - 6), (x + 7, y + 6)], SKY.stroke_width(2)));
    let line: Vec<(f64, f64)> =
        std::iter::once((0.0, 0.0)).chain(p.rows.iter().map(|r| (r.touches_per_100, r.conversions_per_100))).collect();
    chart
        .draw_series(LineSeries::new(line, PURPLE.stroke_width(3)))?
        .label("Stop after k touches")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], PURPLE.stroke_width(3)));
    let label = style::anchored(style::small_font(), HPos::Right, VPos::Bottom);
    chart.draw_series(p.rows.iter().map(|r| {
        EmptyElement::at((r.touches_per_100, r.conversions_per_100))
            + Circle::new((0, 0), 4, PURPLE.filled())
            + Text::new(format!("k={}", r.k), (-4, -4), label.clone())
    }))?;
    if let Some(best) = p.best_k.and_then(|k| p.rows.get(k as usize - 1)) {
        chart
            .draw_series(std::iter::once(Circle::new(
                (best.touches_per_100, best.conversions_per_100),
                9,
                ORANGE.stroke_width(3),
            )))?
            .label(format!("Best k = {} at the cost and value given", best.k))
            .legend(|(x, y)| Circle::new((x + 7, y), 6, ORANGE.stroke_width(3)));
    }
    style::legend(&mut chart, SeriesLabelPosition::LowerRight, None)?;

    // Bottom: conversions per 100 extra touches at each k.
    // The exact rows 1..cap-1 of §3: one more touch at k buys hazard(k).
    let marginal = &a.conversion_by_touch[..p.rows.len().min(a.conversion_by_touch.len())];
    let per_100 = |v: Option<f64>| v.map(|x| 100.0 * x);
    let break_even = p.touch_cost.zip(p.conversion_value).map(|(c, v)| 100.0 * c / v);
    let mmax = marginal.iter().filter_map(|r| per_100(r.hazard_hi)).fold(break_even.unwrap_or(0.0), f64::max);
    let kmax = p.rows.len() as f64;
    let mut low = ChartBuilder::on(&bottom)
        .margin_right(24)
        .margin_top(16)
        .x_label_area_size(46)
        .y_label_area_size(70)
        .build_cartesian_2d(0.4f64..kmax + 0.6, 0f64..style::headroom(mmax, 1.0))?;
    low.configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(p.rows.len() + 1)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_desc(X_K)
        .y_desc(Y_MARGINAL)
        .label_style(style::label_font())
        .axis_desc_style(style::small_font())
        .draw()?;
    low.draw_series(marginal.iter().filter_map(|r| {
        let k = f64::from(r.k);
        Some(Rectangle::new([(k - 0.34, 0.0), (k + 0.34, per_100(r.hazard)?)], BLUE.mix(0.8).filled()))
    }))?
    .label("Conversions bought by touch k, per 100 such touches")
    .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], BLUE.mix(0.8).filled()));
    low.draw_series(marginal.iter().filter_map(|r| {
        let (lo, v, hi) = (per_100(r.hazard_lo)?, per_100(r.hazard)?, per_100(r.hazard_hi)?);
        Some(ErrorBar::new_vertical(f64::from(r.k), lo, v, hi, style::INK.stroke_width(1), 6))
    }))?;
    if let Some(line) = break_even {
        low.draw_series(LineSeries::new([(0.4, line), (kmax + 0.6, line)], ORANGE.stroke_width(3)))?
            .label(format!("Break-even: {line:.1} per 100 touches (touch cost / conversion value)"))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], ORANGE.stroke_width(3)));
    }
    style::legend(&mut low, SeriesLabelPosition::UpperRight, None)?;
    Ok(())
}
