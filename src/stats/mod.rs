//! Pure statistics used by the metrics layer: Wilson score intervals,
//! Newcombe differences of proportions,
//! type-7 quantiles and Kaplan–Meier survival estimates with
//! exponential-Greenwood ("log-log") confidence bands.
//!
//! Everything here takes plain slices and returns plain structs so that it
//! can be tested against independent references (statsmodels, lifelines)
//! without any dataframe machinery. No function in this module returns NaN
//! for valid (NaN-free) input.

pub mod bootstrap;
pub mod diff;
pub mod km;
pub mod quantile;
pub mod wilson;

pub use diff::newcombe_difference;
pub use km::{kaplan_meier_discrete, kaplan_meier_times, KmPoint, KmTimePoint};
pub use quantile::{median, quantile};
pub use wilson::wilson;

/// Two-sided 95 % normal quantile, `Φ⁻¹(0.975)`: the `z` to pass to
/// [`wilson()`], [`kaplan_meier_discrete`] and [`kaplan_meier_times`] for
/// 95 % intervals (same value lifelines uses for `alpha = 0.05`).
pub const Z95: f64 = 1.959963984540054;
