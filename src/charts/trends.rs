//! Weekly trends over the last ISO weeks: small multiples of touches sent,
//! conversions, median conversion touch, median give-up point and
//! prospects gone dark, one point per week (definitions:
//! [`crate::analysis::trends`]). A week without the number (no conversion,
//! nobody given up) leaves a gap, not a zero.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, DrawResult, BLUE, GRID, MUTED, ORANGE, PURPLE};
use crate::analysis::trends::WeekTrend;

pub(crate) const TITLE: &str = "Weekly trends";
pub const X_DESC: &str = "ISO week";

/// One small multiple: its title, y description, colour and values.
struct Panel {
    title: &'static str,
    y_desc: &'static str,
    colour: RGBColor,
    values: Vec<Option<f64>>,
}

pub const PANEL_TITLES: [&str; 5] =
    ["Touches sent", "Conversions", "Median conversion touch", "Median give-up point", "Prospects gone dark"];

pub(crate) fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, weeks: &[WeekTrend]) -> DrawResult<B> {
    if weeks.is_empty() {
        return style::no_data(area, TITLE, "No week to show.");
    }
    let first = &weeks[0].week;
    let last = &weeks[weeks.len() - 1].week;
    style::frame(area, &format!("{TITLE}, {first} to {last} (each week ends Sunday 24:00 UTC)"))?;
    let count = |f: fn(&WeekTrend) -> u64| weeks.iter().map(|w| Some(f(w) as f64)).collect::<Vec<_>>();
    let panels = [
        Panel { title: PANEL_TITLES[0], y_desc: "touches", colour: BLUE, values: count(|w| w.touches) },
        Panel { title: PANEL_TITLES[1], y_desc: "prospects won", colour: BLUE, values: count(|w| w.conversions) },
        Panel {
            title: PANEL_TITLES[2],
            y_desc: "touch (K), this week's wins",
            colour: PURPLE,
            values: weeks.iter().map(|w| w.median_conversion_touch).collect(),
        },
        Panel {
            title: PANEL_TITLES[3],
            y_desc: "touches, this week's give-ups",
            colour: ORANGE,
            values: weeks.iter().map(|w| w.median_give_up).collect(),
        },
        Panel { title: PANEL_TITLES[4], y_desc: "prospects", colour: MUTED, values: count(|w| w.gone_dark) },
    ];
    let labels: Vec<String> =
        weeks.iter().map(|w| w.week.split_once('-').map_or(w.week.clone(), |(_, x)| x.to_string())).collect();
    let cells = area.margin(40, 4, 4, 4).split_evenly((2, 3));
    for (panel, cell) in panels.iter().zip(cells.iter()) {
        draw_panel(cell, panel, &labels)?;
    }
    // Sixth cell: how to read the panels.
    let note = &cells[5];
    let lines = [
        "Counts are events inside each week.".to_string(),
        "Medians are over that week's wins".to_string(),
        "and give-ups; gaps = none that week.".to_string(),
        "Gone dark: dark at the week's end,".to_string(),
        "not at the previous week's end.".to_string(),
        format!("Weeks: {}.", weeks.len()),
    ];
    for (i, line) in lines.iter().enumerate() {
        note.draw_text(line, &style::anchored(style::small_font(), HPos::Left, VPos::Top), (24, 40 + 22 * i as i32))?;
    }
    Ok(())
}

fn draw_panel<B: DrawingBackend>(cell: &DrawingArea<B, Shift>, p: &Panel, labels: &[String]) -> DrawResult<B> {
    let n = labels.len();
    let max = p.values.iter().flatten().copied().fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(cell)
        .caption(p.title, style::label_font())
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0f64..style::headroom(max, 1.0))?;
    let step = n.div_ceil(6).max(1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            let i = i as usize;
            if (n - 1 - i.min(n - 1)).is_multiple_of(step) {
                labels.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(5)
        .y_label_formatter(&|y| if y.fract().abs() < 1e-9 { format!("{y:.0}") } else { format!("{y:.1}") })
        .y_desc(p.y_desc)
        .label_style(style::small_font())
        .axis_desc_style(style::small_font())
        .draw()?;
    // Lines join consecutive weeks that both have a value.
    let pts: Vec<(usize, f64)> = p.values.iter().enumerate().filter_map(|(i, v)| Some((i, (*v)?))).collect();
    for pair in pts.windows(2) {
        if pair[1].0 == pair[0].0 + 1 {
            chart.draw_series(std::iter::once(PathElement::new(
                [(pair[0].0 as f64, pair[0].1), (pair[1].0 as f64, pair[1].1)],
                p.colour.stroke_width(2),
            )))?;
        }
    }
    chart.draw_series(pts.iter().map(|&(i, v)| Circle::new((i as f64, v), 4, p.colour.filled())))?;
    if pts.is_empty() {
        let (w, h) = cell.dim_in_pixel();
        cell.draw_text(
            "no data",
            &style::anchored(style::small_font(), HPos::Center, VPos::Center),
            (w as i32 / 2, h as i32 / 2),
        )?;
    }
    Ok(())
}
