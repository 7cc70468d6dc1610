//! Per-rep give-up points (docs/metrics.md §4): each rep's median give-up point
//! as a dot, reps ordered from the earliest to the latest giver-up, with
//! the number of given-up prospects and the share dropped after at most one
//! follow-up beside it. Reps with fewer than `min_rep_prospects` given-up
//! prospects are drawn hollow and marked "small n": they do not count in
//! the reps share.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, DrawResult, GRID, INSUFFICIENT, MUTED, ORANGE};
use crate::analysis::Analysis;
use crate::metrics::give_up::RepGiveUp;

pub(crate) const TITLE: &str = "Give-up point per rep";
pub const X_DESC: &str = "Median touches before the rep gave up (give-up point)";
pub const Y_DESC: &str = "Rep";
/// Reps drawn at most; the rest are summarised in a note.
pub(crate) const MAX_REPS: usize = 40;

pub fn size(a: &Analysis) -> (u32, u32) {
    let reps = a.give_up.by_rep.len().clamp(1, MAX_REPS) as u32;
    (1000, (170 + 30 * reps).max(380))
}

/// Reps in drawing order: by median give-up point, then id.
pub(crate) fn ordered(a: &Analysis) -> Vec<&RepGiveUp> {
    let mut reps: Vec<&RepGiveUp> = a.give_up.by_rep.iter().filter(|r| r.median_n.is_finite()).collect();
    reps.sort_by(|x, y| x.median_n.total_cmp(&y.median_n).then_with(|| x.rep_id.cmp(&y.rep_id)));
    reps
}

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let all = ordered(a);
    if all.is_empty() {
        return style::no_data(area, TITLE, "No rep has a given-up prospect (abandoned or lost) up to the as-of date.");
    }
    area.fill(&WHITE)?;
    let reps = &all[..all.len().min(MAX_REPS)];
    let min_n = u64::from(a.give_up.reps_after_one_followup.min_rep_prospects);
    let n = reps.len();
    let xmax = reps.iter().map(|r| r.median_n).fold(2.0, f64::max).ceil() + 1.0;
    let caption = if all.len() > n {
        format!("{TITLE} ({n} of {} reps with the earliest give-up shown)", all.len())
    } else {
        format!("{TITLE} ({n} reps)")
    };
    let mut chart = ChartBuilder::on(area)
        .caption(caption, style::title_font())
        .margin(16)
        .margin_right(250)
        .x_label_area_size(50)
        .y_label_area_size(110)
        .build_cartesian_2d(0f64..xmax, (0..n - 1).into_segmented())?;
    let names: Vec<String> = reps.iter().map(|r| r.rep_id.clone()).collect();
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => names.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_formatter(&|x| format!("{x:.0}"))
        .x_desc(X_DESC)
        .y_desc(Y_DESC)
        .label_style(style::label_font())
        .axis_desc_style(style::label_font())
        .draw()?;
    // Reference: giving up after one follow-up is a give-up point of 2.
    chart.draw_series(std::iter::once(PathElement::new(
        [(2.0, SegmentValue::Exact(0)), (2.0, SegmentValue::Exact(n))],
        MUTED.stroke_width(1),
    )))?;
    chart.draw_series(std::iter::once(Text::new(
        " one follow-up",
        (2.0, SegmentValue::Exact(n)),
        style::small_font().pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Top,
        )),
    )))?;
    let big: Vec<(usize, &&RepGiveUp)> = reps.iter().enumerate().filter(|(_, r)| r.given_up >= min_n).collect();
    let small: Vec<(usize, &&RepGiveUp)> = reps.iter().enumerate().filter(|(_, r)| r.given_up < min_n).collect();
    chart
        .draw_series(
            big.iter().map(|(i, r)| Circle::new((r.median_n, SegmentValue::CenterOf(*i)), 7, ORANGE.filled())),
        )?
        .label(format!("Median give-up point (at least {min_n} given-up prospects)"))
        .legend(|(x, y)| Circle::new((x + 7, y), 6, ORANGE.filled()));
    chart
        .draw_series(
            small
                .iter()
                .map(|(i, r)| Circle::new((r.median_n, SegmentValue::CenterOf(*i)), 7, INSUFFICIENT.stroke_width(2))),
        )?
        .label(format!("Small n: fewer than {min_n} given-up prospects"))
        .legend(|(x, y)| Circle::new((x + 7, y), 6, INSUFFICIENT.stroke_width(2)));
    // Right margin: n and the share dropped after <= 1 follow-up, per rep.
    let (bx, by) = area.get_base_pixel();
    let right = chart.backend_coord(&(xmax, SegmentValue::CenterOf(0))).0 - bx + 14;
    let head_y = chart.backend_coord(&(0.0, SegmentValue::Exact(n))).1 - by - 12;
    area.draw_text(
        "given up · after <= 1 follow-up",
        &style::anchored(
            style::small_font(),
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Bottom,
        ),
        (right, head_y),
    )?;
    for (i, r) in reps.iter().enumerate() {
        let y = chart.backend_coord(&(0.0, SegmentValue::CenterOf(i))).1 - by;
        let mark = if r.given_up < min_n { "  (small n)" } else { "" };
        let text = format!("n = {} · {}{mark}", r.given_up, style::pct(r.share_after_one_followup));
        let font = if r.given_up < min_n { style::small_font() } else { style::label_font() };
        area.draw_text(
            &text,
            &style::anchored(
                font,
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            ),
            (right, y),
        )?;
    }
    style::legend(&mut chart, SeriesLabelPosition::LowerRight, None)?;
    Ok(())
}
