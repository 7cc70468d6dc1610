//! Wilson score interval for a binomial proportion.

/// Wilson score interval for `successes` out of `n` trials with normal
/// quantile `z` (use [`super::Z95`] for a 95 % interval); `None` when `n == 0`.
///
/// Why Wilson: unlike the normal ("Wald") interval it stays inside [0, 1]
/// and keeps sensible coverage for small `n` and for proportions near 0 or 1,
/// which is exactly the regime of late touch numbers with few prospects.
///
/// Formula (same as statsmodels' `proportion_confint(method="wilson")`):
/// with `p = successes / n`,
/// `centre = (p + z²/(2n)) / (1 + z²/n)`,
/// `half = z·sqrt(p(1−p)/n + z²/(4n²)) / (1 + z²/n)`,
/// interval `[centre − half, centre + half]` clipped to [0, 1] (exactly 0
/// for the lower bound of `0/n` and exactly 1 for the upper bound of `n/n`).
///
/// `successes > n` is invalid input; it is clamped to `n` so the result
/// stays a valid interval.
pub fn wilson(successes: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let k = successes.min(n) as f64;
    let n = n as f64;
    let p = k / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z.abs() * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // The exact bounds for 0/n and n/n are 0 and 1; pin them so rounding in
    // `centre ± half` cannot leave e.g. 0.9999999999999999.
    let lo = if k == 0.0 { 0.0 } else { (centre - half).clamp(0.0, 1.0) };
    let hi = if k == n { 1.0 } else { (centre + half).clamp(0.0, 1.0) };
    Some((lo, hi))
}
