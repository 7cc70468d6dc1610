//! Where reps stop vs. where prospects convert: the give-up distribution
//! (docs/metrics.md §4, share of given-up prospects by touches received) as bars,
//! overlaid with the per-touch hazard (§3, right axis) and its Wilson
//! interval. The chart this product is about: bars piling up on the left
//! while the hazard line stays up mean prospects are dropped while they
//! still convert.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, DrawResult, BLUE, GRID, ORANGE};
use super::touch_tick;
use crate::analysis::Analysis;

pub(crate) const TITLE: &str = "Where reps stop vs. where prospects convert";
pub const X_DESC: &str = "Touch number";
pub const Y_DESC: &str = "Given-up prospects who stopped at this touch (%)";
pub const Y2_DESC: &str = "Converted at this touch, of those reached (%)";

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let dist = &a.give_up.distribution;
    let rows = &a.conversion_by_touch;
    let any_hazard = rows.iter().any(|r| r.hazard.is_some());
    if a.give_up.given_up == 0 && !any_hazard {
        return style::no_data(area, TITLE, "No given-up prospect and no touch up to the as-of date.");
    }
    area.fill(&WHITE)?;
    let cap = rows.len().max(dist.len()).max(1) as u32;
    let x_range = 0.4f64..f64::from(cap) + 0.6;
    let smax = dist.iter().filter_map(|r| r.share).fold(0.0, f64::max);
    let hmax = rows.iter().filter_map(|r| r.hazard_hi).fold(0.0, f64::max);
    let conversions = a.counts.conversions - a.counts.conversions_without_touch;
    let mut chart = ChartBuilder::on(area)
        .caption(TITLE, style::title_font())
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .right_y_label_area_size(70)
        .build_cartesian_2d(x_range.clone(), 0f64..style::headroom(smax, 0.05).min(1.0))?
        .set_secondary_coord(x_range, 0f64..style::headroom(hmax, 0.05).min(1.0));
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(cap as usize + 1)
        .x_label_formatter(&|x| touch_tick(*x, cap))
        .y_label_formatter(&|y| style::pct(*y))
        .x_desc(X_DESC)
        .y_desc(Y_DESC)
        .label_style(style::label_font())
        .axis_desc_style(style::label_font())
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_labels(6)
        .y_label_formatter(&|y| style::pct(*y))
        .y_desc(Y2_DESC)
        .label_style(style::label_font())
        .axis_desc_style(style::label_font())
        .draw()?;
    chart
        .draw_series(dist.iter().filter_map(|r| {
            let n = f64::from(r.n);
            Some(Rectangle::new([(n - 0.38, 0.0), (n + 0.38, r.share?)], ORANGE.mix(0.85).filled()))
        }))?
        .label(format!("Reps stopped here (n = {} given-up prospects)", a.give_up.given_up))
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], ORANGE.mix(0.85).filled()));
    let points: Vec<(f64, f64, f64, f64)> =
        rows.iter().filter_map(|r| Some((f64::from(r.k), r.hazard?, r.hazard_lo?, r.hazard_hi?))).collect();
    chart.draw_secondary_series(
        points.iter().map(|&(k, h, lo, hi)| ErrorBar::new_vertical(k, lo, h, hi, BLUE.mix(0.6).stroke_width(1), 8)),
    )?;
    chart
        .draw_secondary_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), BLUE.stroke_width(3)))?
        .label(format!("Prospects converted at this touch (right axis; n = {conversions} conversions)"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], BLUE.stroke_width(3)));
    chart.draw_secondary_series(points.iter().map(|p| Circle::new((p.0, p.1), 4, BLUE.filled())))?;
    style::legend(&mut chart, SeriesLabelPosition::UpperRight, Some(12))?;
    Ok(())
}
