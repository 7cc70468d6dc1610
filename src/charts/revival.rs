//! Revival of silences (docs/metrics.md §5): left, the share of touched silences
//! with at least j touches that revived after exactly j; right, the share
//! of touched silences that revived by the silence's length, with Wilson
//! whiskers. Each bar carries its n (silences).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, DrawResult, BLUE, GRID, PURPLE};
use super::touch_tick;
use crate::analysis::Analysis;

pub(crate) const TITLE: &str = "Reviving silent prospects";
pub(crate) const LEFT_TITLE: &str = "By touches sent during the silence (labels: silences with at least j)";
pub(crate) const RIGHT_TITLE: &str = "By length of the silence";
pub const LEFT_X: &str = "Touches sent during the silence (j)";
pub const RIGHT_X: &str = "Silence length (days)";
pub const Y_DESC: &str = "Silences revived (%)";

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, a: &Analysis) -> DrawResult<B> {
    let Some(r) = a.revival.as_ref() else {
        return style::no_data(area, TITLE, "The input has no event dates (facts or summary input).");
    };
    let (Some(by_touches), Some(by_gap)) = (r.by_touches.as_ref(), r.by_gap.as_ref()) else {
        return style::no_data(area, TITLE, "Revival by touches and by gap needs the event log (not facts).");
    };
    if r.silences_with_touches == 0 {
        return style::no_data(area, TITLE, "No silence received a touch up to the as-of date.");
    }
    let rate = r.revival_rate.map_or_else(|| "n/a".into(), style::pct1);
    style::frame(
        area,
        &format!(
            "{TITLE}: {} of {} touched silences revived ({rate})",
            r.revived_with_touches, r.silences_with_touches
        ),
    )?;
    let body = area.margin(40, 0, 0, 0);
    let panels = body.split_evenly((1, 2));
    let n_label = style::small_font().pos(Pos::new(HPos::Center, VPos::Bottom));

    // Left: by touches.
    let cap = by_touches.len().max(1) as u32;
    let ymax = by_touches.iter().filter_map(|b| b.share).fold(0.0, f64::max);
    let mut left = ChartBuilder::on(&panels[0])
        .caption(LEFT_TITLE, style::label_font())
        .margin(14)
        .x_label_area_size(46)
        .y_label_area_size(64)
        .build_cartesian_2d(0.4f64..f64::from(cap) + 0.6, 0f64..style::headroom(ymax, 0.05).min(1.0))?;
    left.configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(cap as usize + 1)
        .x_label_formatter(&|x| touch_tick(*x, cap))
        .y_label_formatter(&|y| style::pct(*y))
        .x_desc(LEFT_X)
        .y_desc(Y_DESC)
        .label_style(style::small_font())
        .axis_desc_style(style::small_font())
        .draw()?;
    left.draw_series(by_touches.iter().filter_map(|b| {
        let j = f64::from(b.j);
        Some(Rectangle::new([(j - 0.36, 0.0), (j + 0.36, b.share?)], BLUE.filled()))
    }))?;
    left.draw_series(
        by_touches
            .iter()
            .filter(|b| b.silences > 0)
            .map(|b| Text::new(format!("{}", b.silences), (f64::from(b.j), b.share.unwrap_or(0.0)), n_label.clone())),
    )?;

    // Right: by gap length, with Wilson whiskers.
    let gaps: Vec<_> = by_gap.iter().enumerate().collect();
    let g = gaps.len().max(1);
    let ymax = by_gap.iter().filter_map(|b| b.share_hi).fold(0.0, f64::max);
    let labels: Vec<String> = by_gap.iter().map(|b| b.label.clone()).collect();
    let mut right = ChartBuilder::on(&panels[1])
        .caption(RIGHT_TITLE, style::label_font())
        .margin(14)
        .x_label_area_size(46)
        .y_label_area_size(64)
        .build_cartesian_2d((0..g - 1).into_segmented(), 0f64..style::headroom(ymax, 0.05).min(1.0))?;
    right
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(g)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|y| style::pct(*y))
        .x_desc(RIGHT_X)
        .y_desc(Y_DESC)
        .label_style(style::small_font())
        .axis_desc_style(style::small_font())
        .draw()?;
    right.draw_series(gaps.iter().filter_map(|(i, b)| {
        let share = b.share?;
        let mut bar = Rectangle::new(
            [(SegmentValue::Exact(*i), 0.0), (SegmentValue::Exact(*i + 1), share)],
            PURPLE.mix(0.8).filled(),
        );
        bar.set_margin(0, 0, 18, 18);
        Some(bar)
    }))?;
    right.draw_series(gaps.iter().filter_map(|(i, b)| {
        Some(ErrorBar::new_vertical(
            SegmentValue::CenterOf(*i),
            b.share_lo?,
            b.share?,
            b.share_hi?,
            style::INK.stroke_width(1),
            10,
        ))
    }))?;
    right.draw_series(gaps.iter().filter(|(_, b)| b.silences > 0).map(|(i, b)| {
        Text::new(
            format!("n = {}", b.silences),
            (SegmentValue::CenterOf(*i), b.share_hi.unwrap_or(0.0)),
            n_label.clone(),
        )
    }))?;
    Ok(())
}
