//! Per-touch hazard with its 95 % Wilson interval as whiskers (top panel),
//! and the Kaplan–Meier chance of having converted by touch k with its
//! Greenwood band (bottom panel), with the number at risk under the x axis
//! (docs/metrics.md §3).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, DrawResult, BLUE, GRID, MUTED, PURPLE, SKY};
use super::touch_tick;
use crate::analysis::Analysis;

pub(crate) const TITLE: &str = "Chance of converting at each touch, and by each touch";
pub const HAZARD_Y: &str = "Converted at touch k, of those reached (%)";
pub const KM_Y: &str = "Converted by touch k (KM, %)";
pub const X_DESC: &str = "Touch number (k)";
pub const AT_RISK: &str = "At risk";

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let rows = &a.conversion_by_touch;
    if rows.iter().all(|r| r.reached == 0) {
        return style::no_data(area, TITLE, "No prospect received a touch up to the as-of date.");
    }
    style::frame(area, TITLE)?;
    let cap = rows.len() as u32;
    let x_range = 0.4f64..f64::from(cap) + 0.6;
    let (w, h) = area.dim_in_pixel();
    let body = area.margin(44, 10, 10, 16);
    let (top, bottom) = body.split_vertically((h as i32 - 54) * 45 / 100);

    // Top: hazard with whiskers.
    let hmax = rows.iter().filter_map(|r| r.hazard_hi).fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&top)
        .margin_right(20)
        .x_label_area_size(36)
        .y_label_area_size(70)
        .build_cartesian_2d(x_range.clone(), 0f64..style::headroom(hmax, 0.05).min(1.0))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(cap as usize + 1)
        .x_label_formatter(&|x| touch_tick(*x, cap))
        .y_label_formatter(&|y| style::pct(*y))
        .y_desc(HAZARD_Y)
        .label_style(style::label_font())
        .axis_desc_style(style::small_font())
        .draw()?;
    let with_hazard: Vec<_> = rows.iter().filter(|r| r.hazard.is_some()).collect();
    chart.draw_series(with_hazard.iter().filter_map(|r| {
        let k = f64::from(r.k);
        Some(ErrorBar::new_vertical(k, r.hazard_lo?, r.hazard?, r.hazard_hi?, BLUE.stroke_width(2), 10))
    }))?;
    chart
        .draw_series(
            with_hazard.iter().filter_map(|r| Some(Circle::new((f64::from(r.k), r.hazard?), 5, BLUE.filled()))),
        )?
        .label("Hazard at touch k, 95% Wilson interval")
        .legend(|(x, y)| Circle::new((x + 7, y), 5, BLUE.filled()));
    style::legend(&mut chart, SeriesLabelPosition::UpperRight, None)?;

    // Bottom: KM with band, at-risk row.
    let (chart_area, risk_area) = bottom.split_vertically(bottom.dim_in_pixel().1 as i32 - 36);
    let kmax = rows.iter().map(|r| r.km_hi).fold(0.0, f64::max);
    let mut km = ChartBuilder::on(&chart_area)
        .margin_right(20)
        .margin_top(16)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(x_range, 0f64..style::headroom(kmax, 0.05).min(1.0))?;
    km.configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(cap as usize + 1)
        .x_label_formatter(&|x| touch_tick(*x, cap))
        .y_label_formatter(&|y| style::pct(*y))
        .x_desc(X_DESC)
        .y_desc(KM_Y)
        .label_style(style::label_font())
        .axis_desc_style(style::small_font())
        .draw()?;
    // Step curve starting at (0.5, 0): the value holds from touch k onwards.
    let mut upper = vec![(0.5, 0.0)];
    let mut lower = vec![(0.5, 0.0)];
    let mut line = vec![(0.5, 0.0)];
    for r in rows {
        let (x0, x1) = (f64::from(r.k) - 0.5, f64::from(r.k) + 0.5);
        line.extend([(x0, line.last().map_or(0.0, |p| p.1)), (x0, r.km), (x1, r.km)]);
        upper.extend([(x0, r.km_hi), (x1, r.km_hi)]);
        lower.extend([(x0, r.km_lo), (x1, r.km_lo)]);
    }
    let band: Vec<(f64, f64)> = upper.iter().copied().chain(lower.iter().rev().copied()).collect();
    km.draw_series(std::iter::once(Polygon::new(band, SKY.mix(0.3).filled())))?
        .label("95% band (Greenwood, log-log)")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], SKY.mix(0.3).filled()));
    km.draw_series(LineSeries::new(line, PURPLE.stroke_width(3)))?
        .label("Kaplan-Meier: converted by touch k")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], PURPLE.stroke_width(3)));
    style::legend(&mut km, SeriesLabelPosition::UpperLeft, None)?;

    // At-risk row, aligned with the x axis of the KM panel.
    let (bx, by) = risk_area.get_base_pixel();
    let label_x = km.backend_coord(&(0.4, 0.0)).0 - bx - 8;
    risk_area.draw_text(AT_RISK, &style::anchored(style::small_font(), HPos::Right, VPos::Center), (label_x, 18))?;
    for r in rows {
        let (x, _) = km.backend_coord(&(f64::from(r.k), 0.0));
        risk_area.draw_text(
            &r.reached.to_string(),
            &style::anchored(style::small_font().color(&MUTED), HPos::Center, VPos::Center),
            (x - bx, 18),
        )?;
    }
    let _ = (w, by);
    Ok(())
}
