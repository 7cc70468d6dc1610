//! Sample quantiles (linear interpolation, numpy default / R type 7).

/// The `p`-quantile of `values` with linear interpolation at position
/// `p·(n−1)` of the sorted values (numpy's default, R's type 7); `None` if
/// `values` is empty or `p` is NaN.
///
/// Why type 7: it is what numpy, pandas and R report by default, so numbers
/// printed by this crate can be checked with any of them.
///
/// The input need not be sorted: a copy is sorted (NaN-free input is
/// assumed; NaNs would sort last under `f64::total_cmp`). `p` outside
/// [0, 1] is clamped to that range.
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() || p.is_nan() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let p = p.clamp(0.0, 1.0);
    let pos = p * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = pos - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    if frac == 0.0 || a == b {
        return Some(a);
    }
    Some(a + (b - a) * frac)
}

/// The median of `values` (midpoint of the two middle values for even
/// length), i.e. [`quantile`]`(values, 0.5)`; `None` if empty.
///
/// Why a separate name: the median is the headline statistic for typical
/// time-to-dark and touches-to-conversion, so call sites read better.
pub fn median(values: &[f64]) -> Option<f64> {
    quantile(values, 0.5)
}

/// [`quantile`] of a sample given as its distinct values in ascending order
/// with their counts (a histogram), without expanding it: the same position
/// `p·(n−1)`, the same two order statistics and the same arithmetic, so the
/// result is bit-for-bit [`quantile`] of the expanded sample. `None` when
/// the counts sum to zero or `p` is NaN.
///
/// Why: event-level tables (gaps between touches) arrive as mergeable
/// counts keyed by value (docs/metrics.md §10); their quantiles must equal the
/// ones computed from every event.
pub fn quantile_of_counts(sorted: &[(f64, u64)], p: f64) -> Option<f64> {
    let n: u64 = sorted.iter().map(|&(_, c)| c).sum();
    if n == 0 || p.is_nan() {
        return None;
    }
    let at = |pos: u64| {
        let mut seen = 0;
        for &(x, c) in sorted {
            seen += c;
            if pos < seen {
                return x;
            }
        }
        sorted.last().map_or(f64::NAN, |&(x, _)| x)
    };
    let p = p.clamp(0.0, 1.0);
    let pos = p * (n - 1) as f64;
    let lo = pos.floor() as u64;
    let hi = (lo + 1).min(n - 1);
    let frac = pos - lo as f64;
    let (a, b) = (at(lo), at(hi));
    if frac == 0.0 || a == b {
        return Some(a);
    }
    Some(a + (b - a) * frac)
}
