//! Log-rank test of two survival curves (Mantel–Haenszel), as R's
//! `survival::survdiff` and lifelines' `logrank_test` compute it.
//!
//! At every distinct event time `t`, with `n` at risk (`n_a` in group A),
//! `d` events (`d_a` in A): the expected events of A are `d · n_a / n`, and
//! the hypergeometric variance is `d (n_a / n)(n_b / n)(n − d)/(n − 1)`
//! (0 when `n = 1`). The statistic `(O_a − E_a)² / V` is chi-square with one
//! degree of freedom under the null hypothesis that both groups share one
//! hazard. A subject with duration `t` is at risk at every event time `<= t`
//! (censored at `t` means it was still observed at `t`), which is the
//! convention of both references.

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// The log-rank comparison of group A against group B.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogRank {
    /// Events observed in group A.
    pub observed: f64,
    /// Events expected in group A under a shared hazard.
    pub expected: f64,
    /// Hypergeometric variance of `observed − expected`.
    pub variance: f64,
    /// `(observed − expected)² / variance`; 0 when the variance is 0.
    pub chi2: f64,
    /// Upper tail of chi-square with 1 degree of freedom; 1 when the
    /// variance is 0 (nothing to compare).
    pub p_value: f64,
}

/// Compare group A (`in_a[i]`) with the rest. `durations[i]` is subject
/// `i`'s time and `observed[i]` whether it ended in the event (else it was
/// censored). The three slices have one entry per subject.
pub fn log_rank(durations: &[f64], observed: &[bool], in_a: &[bool]) -> LogRank {
    let mut order: Vec<usize> = (0..durations.len()).collect();
    order.sort_by(|&a, &b| durations[a].total_cmp(&durations[b]));
    let (mut n, mut n_a) = (durations.len() as f64, in_a.iter().filter(|&&a| a).count() as f64);
    let (mut o, mut e, mut v) = (0.0, 0.0, 0.0);
    let mut i = 0;
    while i < order.len() {
        let t = durations[order[i]];
        let mut j = i;
        let (mut d, mut d_a, mut left, mut left_a) = (0.0, 0.0, 0.0, 0.0);
        while j < order.len() && durations[order[j]] == t {
            let s = order[j];
            left += 1.0;
            if in_a[s] {
                left_a += 1.0;
            }
            if observed[s] {
                d += 1.0;
                if in_a[s] {
                    d_a += 1.0;
                }
            }
            j += 1;
        }
        if d > 0.0 {
            o += d_a;
            e += d * n_a / n;
            if n > 1.0 {
                v += d * (n_a / n) * ((n - n_a) / n) * (n - d) / (n - 1.0);
            }
        }
        n -= left;
        n_a -= left_a;
        i = j;
    }
    let chi2 = if v > 0.0 { (o - e) * (o - e) / v } else { 0.0 };
    let p_value = if v > 0.0 { 1.0 - ChiSquared::new(1.0).expect("1 degree of freedom").cdf(chi2) } else { 1.0 };
    LogRank { observed: o, expected: e, variance: v, chi2, p_value }
}

/// The same test on integer times given as tables: `all[t]` and `mine[t]`
/// are `(at_risk, events)` at time `t` for everybody and for group A. On
/// touch numbers this is `O(times)` per group once the tables are counted,
/// instead of a sort of every subject per group; [`log_rank`] on the
/// subjects gives the same numbers.
pub fn log_rank_tables(all: &[(u64, u64)], mine: &[(u64, u64)]) -> LogRank {
    let (mut o, mut e, mut v) = (0.0, 0.0, 0.0);
    for (&(n, d), &(n_a, d_a)) in all.iter().zip(mine) {
        if d == 0 || n == 0 {
            continue;
        }
        let (n, d, n_a) = (n as f64, d as f64, n_a as f64);
        o += d_a as f64;
        e += d * n_a / n;
        if n > 1.0 {
            v += d * (n_a / n) * ((n - n_a) / n) * (n - d) / (n - 1.0);
        }
    }
    let chi2 = if v > 0.0 { (o - e) * (o - e) / v } else { 0.0 };
    let p_value = if v > 0.0 { 1.0 - ChiSquared::new(1.0).expect("1 degree of freedom").cdf(chi2) } else { 1.0 };
    LogRank { observed: o, expected: e, variance: v, chi2, p_value }
}
