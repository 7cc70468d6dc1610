//! What every chart shares: the embedded font, the palette, text styles, and
//! the "no data" panel.
//!
//! Text is drawn with ab_glyph from DejaVu Sans embedded in the binary
//! (`assets/fonts/`, Bitstream Vera licence, `LICENSE-DejaVu.txt` beside
//! it), registered once as the family `sans-serif`; no system font or
//! fontconfig is needed. SVG output names the family and lets the browser
//! draw the glyphs.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

/// The family name the embedded font is registered under.
pub(crate) const FAMILY: &str = "sans-serif";

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
static FONTS: Once = Once::new();

/// Register the embedded font (idempotent, thread-safe).
pub(crate) fn ensure_fonts() {
    FONTS.call_once(|| {
        // The bytes are a known-good font compiled in; failure is a build defect.
        plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR)
            .unwrap_or_else(|_| panic!("embedded DejaVuSans.ttf does not parse"));
        plotters::style::register_font(FAMILY, FontStyle::Bold, BOLD)
            .unwrap_or_else(|_| panic!("embedded DejaVuSans-Bold.ttf does not parse"));
    });
}

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
/// Conversions, hazard: the "prospects" colour.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Give-up points: the "reps" colour.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Kaplan–Meier curves and cumulative lines.
pub const PURPLE: RGBColor = RGBColor(0x88, 0x3D, 0x8C);
/// Bands around curves (drawn translucent).
pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Verdicts.
pub const SUPPORTED: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const CONTRADICTED: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const INCONCLUSIVE: RGBColor = RGBColor(0xB8, 0x86, 0x0B);
pub const INSUFFICIENT: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);
/// Text, axes.
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text.
pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Light grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);

pub(crate) fn title_font() -> TextStyle<'static> {
    ensure_fonts();
    (FAMILY, 22).into_font().style(FontStyle::Bold).color(&INK)
}

pub(crate) fn label_font() -> TextStyle<'static> {
    ensure_fonts();
    (FAMILY, 15).into_font().color(&INK)
}

pub(crate) fn bold_label_font() -> TextStyle<'static> {
    ensure_fonts();
    (FAMILY, 15).into_font().style(FontStyle::Bold).color(&INK)
}

pub(crate) fn small_font() -> TextStyle<'static> {
    ensure_fonts();
    (FAMILY, 13).into_font().color(&MUTED)
}

/// `text` at `(x, y)` with the given anchor.
pub(crate) fn anchored<'a>(style: TextStyle<'a>, h: HPos, v: VPos) -> TextStyle<'a> {
    style.pos(Pos::new(h, v))
}

pub(crate) use crate::numbers::{pct0 as pct, pct1};

/// The drawing error of a backend, as the charts return it.
pub(crate) type DrawResult<B> = Result<(), DrawingAreaErrorKind<<B as DrawingBackend>::ErrorType>>;

/// The legend box every chart uses: translucent white, grid-coloured
/// border, label font; `margin` in pixels from the plot edge (`None`: plotters' default).
pub fn legend<'a, B: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, B, CT>,
    position: SeriesLabelPosition,
    margin: Option<u32>,
) -> DrawResult<B> {
    let mut labels = chart.configure_series_labels();
    labels.position(position).background_style(WHITE.mix(0.9)).border_style(GRID).label_font(label_font());
    if let Some(m) = margin {
        labels.margin(m);
    }
    labels.draw()
}

/// Fill the area white and write the title at the top.
pub(crate) fn frame<B: DrawingBackend>(area: &DrawingArea<B, Shift>, title: &str) -> DrawResult<B> {
    area.fill(&WHITE)?;
    let (w, _) = area.dim_in_pixel();
    area.draw_text(title, &anchored(title_font(), HPos::Center, VPos::Top), (w as i32 / 2, 10))?;
    Ok(())
}

/// The panel drawn instead of a chart when there is nothing to plot:
/// the title, a dashed frame and the reason, never a crash.
pub(crate) fn no_data<B: DrawingBackend>(area: &DrawingArea<B, Shift>, title: &str, why: &str) -> DrawResult<B> {
    frame(area, title)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    area.draw(&Rectangle::new([(30, 50), (w - 30, h - 20)], GRID.stroke_width(2)))?;
    area.draw_text("No data", &anchored(title_font().color(&MUTED), HPos::Center, VPos::Center), (w / 2, h / 2 - 14))?;
    area.draw_text(why, &anchored(label_font().color(&MUTED), HPos::Center, VPos::Center), (w / 2, h / 2 + 16))?;
    Ok(())
}

/// The upper end of a value axis: a little headroom above `max`, never 0.
pub(crate) fn headroom(max: f64, floor: f64) -> f64 {
    if max.is_finite() && max > 0.0 {
        (max * 1.15).max(floor)
    } else {
        floor
    }
}
