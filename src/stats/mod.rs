//! Pure statistics used by the metrics layer: Wilson score intervals,
//! Newcombe differences of proportions, the log-rank test,
//! Benjamini–Hochberg adjustment, beta-binomial shrinkage,
//! type-7 quantiles and Kaplan–Meier survival estimates with
//! exponential-Greenwood ("log-log") confidence bands.
//!
//! Everything here takes plain slices and returns plain structs so that it
//! can be tested against independent references (statsmodels, lifelines)
//! without any dataframe machinery. No function in this module returns NaN
//! for valid (NaN-free) input.

pub mod bh;
pub mod bootstrap;
pub mod diff;
pub mod km;
pub mod logrank;
pub mod quantile;
pub mod shrink;
pub mod wilson;

pub use bh::benjamini_hochberg;
pub use diff::newcombe_difference;
pub use km::{kaplan_meier_discrete, kaplan_meier_times, KmPoint, KmTimePoint};
pub use logrank::{log_rank, log_rank_k, log_rank_k_tables, LogRank, LogRankK};
pub use quantile::{median, quantile, quantile_of_counts};
pub use shrink::{beta_binomial, Shrinkage};
pub use wilson::wilson;

/// Two-sided 95 % normal quantile, `Φ⁻¹(0.975)`: the `z` to pass to
/// [`wilson()`], [`kaplan_meier_discrete`] and [`kaplan_meier_times`] for
/// 95 % intervals (same value lifelines uses for `alpha = 0.05`).
pub const Z95: f64 = 1.959963984540054;
