//! Fair rep comparison (docs/metrics.md §9), small multiples: for each compared
//! rep, its Kaplan–Meier conversion by touch (touches 1 to `horizon`)
//! against the pooled curve of all compared reps, so a rep whose curve
//! runs under the others' at the same touch stands out, whatever their
//! persistence. Panels of reps flagged by the adjusted log-rank test are
//! titled with the flag.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, DrawResult, GRID, MUTED, ORANGE};
use crate::analysis::Analysis;

pub(crate) const TITLE: &str = "Conversion by touch per rep, against all reps";
/// Panels per row, and panels drawn at most.
const COLUMNS: usize = 4;
pub(crate) const MAX_REPS: usize = 24;

pub fn size(a: &Analysis) -> (u32, u32) {
    let panels = a.reps.rows.len().clamp(1, MAX_REPS);
    let rows = panels.div_ceil(COLUMNS) as u32;
    (1000, 90 + 230 * rows)
}

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let r = &a.reps;
    if r.rows.is_empty() {
        return super::rep_rates::no_reps(area, TITLE, r.min_rep_prospects);
    }
    area.fill(&WHITE)?;
    let reps = &r.rows[..r.rows.len().min(MAX_REPS)];
    let caption = format!("{TITLE} (Kaplan–Meier, touches 1 to {}; grey: all compared reps)", r.horizon);
    let body = area.titled(&caption, style::title_font())?;
    let rows = reps.len().div_ceil(COLUMNS);
    let panels = body.split_evenly((rows, COLUMNS));
    let horizon = f64::from(r.horizon.max(1));
    let ymax = reps.iter().flat_map(|x| x.km_by_touch.iter()).chain(&r.pooled_km).fold(0.05f64, |m, v| m.max(*v));
    let ymax = (ymax * 1.1).min(1.0);
    for (panel, rep) in panels.iter().zip(reps) {
        let title = match rep.flag {
            Some(flag) => format!("{} ({flag})", rep.rep_id),
            None => rep.rep_id.clone(),
        };
        let mut chart = ChartBuilder::on(panel)
            .caption(title, style::label_font())
            .margin(8)
            .x_label_area_size(24)
            .y_label_area_size(44)
            .build_cartesian_2d(1f64..horizon, 0f64..ymax)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_labels(r.horizon.min(8) as usize)
            .y_labels(4)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| style::pct(*y))
            .label_style(style::small_font())
            .draw()?;
        // A step function: flat between touches, a step at each touch.
        let curve = |v: &[f64]| {
            let mut pts = Vec::with_capacity(2 * v.len());
            for (i, y) in v.iter().enumerate() {
                let k = i as f64 + 1.0;
                if i > 0 {
                    pts.push((k, v[i - 1]));
                }
                pts.push((k, *y));
            }
            pts
        };
        chart.draw_series(LineSeries::new(curve(&r.pooled_km), MUTED.stroke_width(2)))?;
        let colour = if rep.flag.is_some() { ORANGE } else { BLACK };
        chart.draw_series(LineSeries::new(curve(&rep.km_by_touch), colour.stroke_width(2)))?;
    }
    Ok(())
}
