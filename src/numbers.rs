//! How numbers are written for people: the one formatter every renderer
//! and chart uses, so a share reads the same in the terminal, the
//! scorecard, the HTML page and a chart label.
//!
//! Machine formats (JSON, CSV) write full-precision values and never come
//! here.

/// What a missing value prints as in text tables.
pub(crate) const MISSING: &str = "-";

/// A share as a percentage with one decimal: `0.1234` → `12.3%`.
pub(crate) fn pct1(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// A share as a whole percentage: `0.1234` → `12%` (chart labels).
pub(crate) fn pct0(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// [`pct1`], or [`MISSING`] when undefined.
pub(crate) fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| MISSING.to_string(), pct1)
}

/// An interval of shares: `1.2-3.4%`, or [`MISSING`].
pub(crate) fn pct_range(lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) => format!("{:.1}-{:.1}%", 100.0 * l, 100.0 * h),
        _ => MISSING.into(),
    }
}

/// A plain number with one decimal (days, touches).
pub(crate) fn num1(v: f64) -> String {
    format!("{v:.1}")
}

/// How a claim's measured value reads: a share, a number of touches, or a
/// difference in percentage points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Share,
    Touches,
    Points,
}

impl Unit {
    /// The unit of a claims metric (by the metric's name).
    pub(crate) fn of_metric(metric: &str) -> Unit {
        if metric.starts_with("median") {
            Unit::Touches
        } else if metric.contains("difference") || metric.ends_with("_diff") {
            Unit::Points
        } else {
            Unit::Share
        }
    }

    /// `81.2%`, `5.5`, `+3.1 pts`; [`MISSING`] when undefined.
    pub fn show(self, v: Option<f64>) -> String {
        match (self, v) {
            (_, None) => MISSING.into(),
            (Unit::Touches, Some(x)) => num1(x),
            (Unit::Points, Some(x)) => format!("{:+.1} pts", 100.0 * x),
            (Unit::Share, Some(x)) => pct1(x),
        }
    }

    /// A width (such as the `tol` of `about`): `5.0%`, `1.0`, `5.0 pts`.
    pub fn show_magnitude(self, v: f64) -> String {
        match self {
            Unit::Points => format!("{:.1} pts", 100.0 * v),
            _ => self.show(Some(v)),
        }
    }

    /// `[71.0%, 88.5%]`, or [`MISSING`] when either bound is undefined.
    pub fn interval(self, lo: Option<f64>, hi: Option<f64>) -> String {
        match (lo, hi) {
            (Some(_), Some(_)) => format!("[{}, {}]", self.show(lo), self.show(hi)),
            _ => MISSING.into(),
        }
    }
}
