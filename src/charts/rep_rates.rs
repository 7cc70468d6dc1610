//! Fair rep comparison (docs/metrics.md §9) as a forest plot: each compared
//! rep's empirical-Bayes shrunken conversion rate with its 95 % interval,
//! the raw rate as a hollow mark beside it, and the pooled rate as a line.
//! Reps flagged by the adjusted log-rank test are drawn in colour; the
//! others in grey, so a long bar of a small rep reads as "not known", not
//! as "bad".

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, DrawResult, GRID, INSUFFICIENT, MUTED, ORANGE};
use crate::analysis::Analysis;

pub(crate) const TITLE: &str = "Reps compared fairly: shrunken conversion rates";
pub const X_DESC: &str = "Conversion rate (shrunken toward the pooled rate, 95% interval)";
pub const Y_DESC: &str = "Rep (first touch)";
/// Reps drawn at most.
pub(crate) const MAX_REPS: usize = 40;

pub fn size(a: &Analysis) -> (u32, u32) {
    let reps = a.reps.rows.len().clamp(1, MAX_REPS) as u32;
    (1000, (170 + 30 * reps).max(380))
}

/// The panel of a rep chart when no rep has enough prospects.
pub(crate) fn no_reps<B: DrawingBackend>(area: &DrawingArea<B, Shift>, title: &str, min: u32) -> DrawResult<B> {
    style::no_data(area, title, &format!("No rep has {min} or more prospects of their own (first touch) to compare."))
}

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let r = &a.reps;
    if r.rows.is_empty() {
        return super::rep_rates::no_reps(area, TITLE, r.min_rep_prospects);
    }
    area.fill(&WHITE)?;
    let rows = &r.rows[..r.rows.len().min(MAX_REPS)];
    let n = rows.len();
    let xmax = rows.iter().map(|x| x.shrunk_hi.max(x.rate)).fold(0.05, f64::max).min(1.0) * 1.75;
    // The right part stays free for the legend.
    let mut chart = ChartBuilder::on(area)
        .caption(format!("{TITLE} ({n} reps)"), style::title_font())
        .margin(16)
        .margin_right(40)
        .x_label_area_size(50)
        .y_label_area_size(110)
        .build_cartesian_2d(0f64..xmax.min(1.0), (0..n - 1).into_segmented())?;
    // The first row (highest shrunken rate) on top.
    let names: Vec<String> = rows.iter().rev().map(|x| x.rep_id.clone()).collect();
    let y = |i: usize| SegmentValue::CenterOf(n - 1 - i);
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_formatter(&|x| style::pct(*x))
        .x_desc(X_DESC)
        .y_desc(Y_DESC)
        .label_style(style::label_font())
        .axis_desc_style(style::label_font())
        .draw()?;
    if let Some(p) = r.pooled_rate {
        chart
            .draw_series(std::iter::once(PathElement::new(
                [(p, SegmentValue::Exact(0)), (p, SegmentValue::Exact(n))],
                MUTED.stroke_width(1),
            )))?
            .label(format!("Pooled rate {}", style::pct(p)))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], MUTED.stroke_width(1)));
    }
    let colour = |flag: Option<&str>| if flag.is_some() { ORANGE } else { INSUFFICIENT };
    chart.draw_series(
        rows.iter()
            .enumerate()
            .map(|(i, x)| PathElement::new([(x.shrunk_lo, y(i)), (x.shrunk_hi, y(i))], colour(x.flag).stroke_width(3))),
    )?;
    chart
        .draw_series(
            rows.iter().enumerate().map(|(i, x)| Circle::new((x.shrunk_rate, y(i)), 7, colour(x.flag).filled())),
        )?
        .label("Shrunken rate, 95% (colour: flagged)")
        .legend(|(x, y)| Circle::new((x + 7, y), 6, ORANGE.filled()));
    chart
        .draw_series(rows.iter().enumerate().map(|(i, x)| Circle::new((x.rate, y(i)), 5, MUTED.stroke_width(2))))?
        .label("Raw rate")
        .legend(|(x, y)| Circle::new((x + 7, y), 5, MUTED.stroke_width(2)));
    style::legend(&mut chart, SeriesLabelPosition::LowerRight, None)?;
    Ok(())
}
