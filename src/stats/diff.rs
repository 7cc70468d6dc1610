//! Difference of two independent proportions with Newcombe's hybrid score
//! interval (Newcombe 1998, method 10), built from the two Wilson intervals.
//! It stays inside [-1, 1], behaves at 0 and n, and needs no resampling.

use super::wilson::wilson;

/// `p1 - p2` for `x1/n1` and `x2/n2` with its interval at normal quantile
/// `z`, as `(difference, lo, hi)`; `None` when either `n` is 0.
pub fn newcombe_difference(x1: u64, n1: u64, x2: u64, n2: u64, z: f64) -> Option<(f64, f64, f64)> {
    let (l1, u1) = wilson(x1, n1, z)?;
    let (l2, u2) = wilson(x2, n2, z)?;
    let p1 = x1 as f64 / n1 as f64;
    let p2 = x2 as f64 / n2 as f64;
    let d = p1 - p2;
    let lo = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let hi = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    Some((d, lo, hi))
}
