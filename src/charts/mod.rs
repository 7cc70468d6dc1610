//! The report's charts, drawn with plotters. One file per chart, each with
//! `fn draw<B: DrawingBackend>(area: &DrawingArea<B, Shift>, ..)`, so the
//! same drawing code writes the PNG (bitmap backend) and the SVG inlined in
//! the HTML page. Charts only display numbers of the [`Analysis`] document
//! (and the weekly trend rows); they compute no statistic.
//!
//! Every chart draws a "no data" panel instead of failing when its input is
//! empty (no conversions, no given-up prospects, undated input...).

pub mod claims;
pub mod conversion;
pub mod dark;
pub mod hazard;
pub mod policy;
pub mod rep_curves;
pub mod rep_rates;
pub mod reps;
pub mod revival;
pub mod stop_vs_convert;
pub mod style;
pub mod trends;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::analysis::trends::WeekTrend;
use crate::analysis::Analysis;
pub(crate) use style::DrawResult;

/// What the charts are drawn from.
#[derive(Debug, Clone, Copy)]
pub struct ChartInput<'a> {
    pub analysis: &'a Analysis,
    /// Weekly rows, oldest first (empty: the trends chart says "no data").
    pub trends: &'a [WeekTrend],
}

/// The charts of the report, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chart {
    StopVsConvert,
    ConversionByTouch,
    Hazard,
    Policy,
    RepGiveUp,
    RepRates,
    RepCurves,
    TimeToDark,
    Revival,
    Trends,
    Claims,
}

impl Chart {
    pub const ALL: [Chart; 11] = [
        Chart::StopVsConvert,
        Chart::ConversionByTouch,
        Chart::Hazard,
        Chart::Policy,
        Chart::RepGiveUp,
        Chart::RepRates,
        Chart::RepCurves,
        Chart::TimeToDark,
        Chart::Revival,
        Chart::Trends,
        Chart::Claims,
    ];

    /// File name without extension (`<name>.png`).
    pub fn name(self) -> &'static str {
        match self {
            Chart::StopVsConvert => "stop_vs_convert",
            Chart::ConversionByTouch => "conversion_by_touch",
            Chart::Hazard => "hazard",
            Chart::Policy => "policy",
            Chart::RepGiveUp => "rep_give_up",
            Chart::RepRates => "rep_rates",
            Chart::RepCurves => "rep_curves",
            Chart::TimeToDark => "time_to_dark",
            Chart::Revival => "revival",
            Chart::Trends => "trends",
            Chart::Claims => "claims",
        }
    }

    /// The title drawn on the chart.
    pub fn title(self) -> &'static str {
        match self {
            Chart::StopVsConvert => stop_vs_convert::TITLE,
            Chart::ConversionByTouch => conversion::TITLE,
            Chart::Hazard => hazard::TITLE,
            Chart::Policy => policy::TITLE,
            Chart::RepGiveUp => reps::TITLE,
            Chart::RepRates => rep_rates::TITLE,
            Chart::RepCurves => rep_curves::TITLE,
            Chart::TimeToDark => dark::TITLE,
            Chart::Revival => revival::TITLE,
            Chart::Trends => trends::TITLE,
            Chart::Claims => claims::TITLE,
        }
    }

    /// Pixel size; the per-rep and claims charts grow with their rows.
    pub fn size(self, input: &ChartInput) -> (u32, u32) {
        match self {
            Chart::Hazard => (1000, 820),
            Chart::Policy => (1000, 820),
            Chart::Trends => (1000, 640),
            Chart::Revival => (1000, 520),
            Chart::RepGiveUp => reps::size(input.analysis),
            Chart::RepRates => rep_rates::size(input.analysis),
            Chart::RepCurves => rep_curves::size(input.analysis),
            Chart::Claims => claims::size(input.analysis),
            _ => (1000, 540),
        }
    }

    /// Draw onto any backend.
    pub(crate) fn draw<B: DrawingBackend>(self, area: &DrawingArea<B, Shift>, input: &ChartInput) -> DrawResult<B> {
        style::ensure_fonts();
        match self {
            Chart::StopVsConvert => stop_vs_convert::draw(area, input.analysis),
            Chart::ConversionByTouch => conversion::draw(area, input.analysis),
            Chart::Hazard => hazard::draw(area, input.analysis),
            Chart::Policy => policy::draw(area, input.analysis),
            Chart::RepGiveUp => reps::draw(area, input.analysis),
            Chart::RepRates => rep_rates::draw(area, input.analysis),
            Chart::RepCurves => rep_curves::draw(area, input.analysis),
            Chart::TimeToDark => dark::draw(area, input.analysis),
            Chart::Revival => revival::draw(area, input.analysis),
            Chart::Trends => trends::draw(area, input.trends),
            Chart::Claims => claims::draw(area, input.analysis),
        }
    }

    /// The chart as a standalone SVG document.
    pub fn svg(self, input: &ChartInput) -> Result<String, String> {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, self.size(input)).into_drawing_area();
            self.draw(&root, input).map_err(|e| format!("{} chart: {e}", self.name()))?;
            root.present().map_err(|e| format!("{} chart: {e}", self.name()))?;
        }
        Ok(out)
    }

    /// The chart as PNG bytes (8-bit RGB, deterministic).
    pub fn png(self, input: &ChartInput) -> Result<Vec<u8>, String> {
        let (w, h) = self.size(input);
        let mut rgb = vec![0u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
            self.draw(&root, input).map_err(|e| format!("{} chart: {e}", self.name()))?;
            root.present().map_err(|e| format!("{} chart: {e}", self.name()))?;
        }
        encode_png(&rgb, w, h).map_err(|e| format!("{} chart: PNG encoding: {e}", self.name()))
    }
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Best);
        let mut writer = enc.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

/// Tick labels on a touch-number axis: `1`..`cap-1`, then `cap+`.
pub(crate) fn touch_tick(x: f64, cap: u32) -> String {
    let k = x.round();
    if (x - k).abs() > 1e-6 || k < 1.0 || k > f64::from(cap) {
        String::new()
    } else if k as u32 == cap {
        format!("{cap}+")
    } else {
        format!("{k:.0}")
    }
}
