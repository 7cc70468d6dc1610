//! Time to dark (docs/metrics.md §5): the Kaplan–Meier share of engaged
//! prospects gone dark by day d, at the days the analysis reports, with its
//! 95 % band; crosses mark the days by which engaged prospects not (yet) dark
//! were censored at the as-of date.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, DrawResult, GRID, INK, PURPLE, SKY};
use crate::analysis::Analysis;

pub(crate) const TITLE: &str = "Time to dark";
pub const X_DESC: &str = "Days from first touch or response";
pub const Y_DESC: &str = "Engaged prospects gone dark (KM, %)";

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let Some(t) = a.time_to_dark.as_ref() else {
        return style::no_data(area, TITLE, "The input has no event dates (facts or summary input).");
    };
    if t.engaged == 0 || t.km.is_empty() {
        return style::no_data(area, TITLE, "No prospect responded up to the as-of date.");
    }
    area.fill(&WHITE)?;
    let xmax = t.km.iter().map(|r| r.day).fold(1.0, f64::max);
    let ymax = t.km.iter().map(|r| r.hi).fold(0.0, f64::max);
    let median = t.median_days.map_or_else(|| "none".to_string(), |m| format!("{m:.1} days"));
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("{TITLE}: {} of {} engaged prospects went dark (silent {}+ days)", t.dark, t.engaged, t.dark_days),
            style::title_font(),
        )
        .margin(16)
        .margin_right(30)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..xmax * 1.02, 0f64..style::headroom(ymax, 0.05).min(1.0))?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| style::pct(*y))
        .x_desc(X_DESC)
        .y_desc(Y_DESC)
        .label_style(style::label_font())
        .axis_desc_style(style::label_font())
        .draw()?;
    let band: Vec<(f64, f64)> =
        t.km.iter().map(|r| (r.day, r.hi)).chain(t.km.iter().rev().map(|r| (r.day, r.lo))).collect();
    chart
        .draw_series(std::iter::once(Polygon::new(band, SKY.mix(0.3).filled())))?
        .label("95% band (Greenwood, log-log)")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], SKY.mix(0.3).filled()));
    chart
        .draw_series(LineSeries::new(t.km.iter().map(|r| (r.day, r.dark_share)), PURPLE.stroke_width(3)))?
        .label(format!("Gone dark by day d (median time to dark among the dark: {median})"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], PURPLE.stroke_width(3)));
    chart.draw_series(t.km.iter().map(|r| Circle::new((r.day, r.dark_share), 4, PURPLE.filled())))?;
    let mut prev = 0;
    let censor_days: Vec<(f64, f64)> =
        t.km.iter()
            .filter_map(|r| {
                let new = r.censored > prev;
                prev = r.censored;
                new.then_some((r.day, r.dark_share))
            })
            .collect();
    chart
        .draw_series(censor_days.iter().map(|&p| Cross::new(p, 6, INK.stroke_width(2))))?
        .label("Censored: engaged prospects not dark at the as-of date")
        .legend(|(x, y)| Cross::new((x + 7, y), 6, INK.stroke_width(2)));
    style::legend(&mut chart, SeriesLabelPosition::LowerRight, Some(12))?;
    Ok(())
}
