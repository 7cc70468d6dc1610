//! Conversion by touch number (docs/metrics.md §3): bars of conversions at each
//! touch, the cumulative share of conversions as a line on the right axis.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, DrawResult, BLUE, GRID, PURPLE};
use super::touch_tick;
use crate::analysis::Analysis;

pub(crate) const TITLE: &str = "Conversion by touch number";
pub const X_DESC: &str = "Touch number at conversion (K)";
pub const Y_DESC: &str = "Conversions (prospects)";
pub const Y2_DESC: &str = "Cumulative share of conversions (%)";

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let rows = &a.conversion_by_touch;
    let total: u64 = rows.iter().map(|r| r.conversions).sum();
    if rows.is_empty() || total == 0 {
        return style::no_data(area, TITLE, "No prospect converted after a touch up to the as-of date.");
    }
    area.fill(&WHITE)?;
    let cap = rows.len() as u32;
    let max = rows.iter().map(|r| r.conversions).max().unwrap_or(0) as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(format!("{TITLE} (n = {total} conversions after a touch)"), style::title_font())
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .right_y_label_area_size(70)
        .build_cartesian_2d(0.4f64..f64::from(cap) + 0.6, 0f64..style::headroom(max, 1.0))?
        .set_secondary_coord(0.4f64..f64::from(cap) + 0.6, 0f64..1.0);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(cap as usize + 1)
        .x_label_formatter(&|x| touch_tick(*x, cap))
        .y_label_formatter(&|y| format!("{y:.0}"))
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
        .draw_series(rows.iter().map(|r| {
            let k = f64::from(r.k);
            Rectangle::new([(k - 0.36, 0.0), (k + 0.36, r.conversions as f64)], BLUE.filled())
        }))?
        .label("Conversions at touch k")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], BLUE.filled()));
    let count_style = style::small_font().pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Bottom,
    ));
    chart.draw_series(
        rows.iter()
            .filter(|r| r.conversions > 0)
            .map(|r| Text::new(r.conversions.to_string(), (f64::from(r.k), r.conversions as f64), count_style.clone())),
    )?;
    let cum: Vec<(f64, f64)> = rows.iter().filter_map(|r| Some((f64::from(r.k), r.cum_share?))).collect();
    chart
        .draw_secondary_series(LineSeries::new(cum.iter().copied(), PURPLE.stroke_width(3)))?
        .label("Cumulative share of conversions (right axis)")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], PURPLE.stroke_width(3)));
    chart.draw_secondary_series(cum.iter().map(|&p| Circle::new(p, 4, PURPLE.filled())))?;
    style::legend(&mut chart, SeriesLabelPosition::MiddleRight, Some(12))?;
    Ok(())
}
