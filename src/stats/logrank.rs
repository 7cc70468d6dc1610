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

/// The k-sample log-rank test (docs/metrics.md §11.3): do `g` groups share
/// one hazard? Chi-square with `df` degrees of freedom.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRankK {
    /// Events observed per group.
    pub observed: Vec<f64>,
    /// Events expected per group under one shared hazard.
    pub expected: Vec<f64>,
    /// `(O − E)' V⁻ (O − E)` over the groups with expected events, the
    /// first of them dropped (R's `survdiff`); 0 when fewer than two groups
    /// have expected events.
    pub chi2: f64,
    /// Groups with expected events, minus one (R's `survdiff` prints the
    /// same); lowered further when the variance matrix is singular.
    pub df: usize,
    /// Upper tail of chi-square with `df` degrees of freedom; 1 when
    /// `df = 0` (nothing to compare).
    pub p_value: f64,
}

/// k-sample log-rank on integer times given as tables, one per group:
/// `groups[g][t] = (at_risk, events)` of group `g` at time `t` (all tables
/// the same length; a missing entry counts as `(0, 0)`).
///
/// At each time with `d > 0` events among `n` at risk, group `g` expects
/// `d n_g / n` events and the covariance of groups `g, h` grows by
/// `d (n − d) / (n − 1) · (n_g / n)(δ_gh − n_h / n)`, exactly as R's
/// `survival::survdiff` (rho = 0) computes it. Groups that expect no event
/// (every member censored before the first event) carry no information and
/// are left out of the statistic, as `survdiff` does.
pub fn log_rank_k_tables(groups: &[Vec<(u64, u64)>]) -> LogRankK {
    let g = groups.len();
    let times = groups.iter().map(Vec::len).max().unwrap_or(0);
    let mut observed = vec![0.0; g];
    let mut expected = vec![0.0; g];
    let mut var = vec![vec![0.0; g]; g];
    let at = |grp: &Vec<(u64, u64)>, t: usize| grp.get(t).copied().unwrap_or((0, 0));
    for t in 0..times {
        let (n, d) = groups.iter().fold((0u64, 0u64), |(n, d), grp| {
            let (ng, dg) = at(grp, t);
            (n + ng, d + dg)
        });
        if d == 0 || n == 0 {
            continue;
        }
        let (nf, df) = (n as f64, d as f64);
        let spread = if n > 1 { df * (nf - df) / (nf - 1.0) } else { 0.0 };
        for a in 0..g {
            let (na, da) = at(&groups[a], t);
            let share_a = na as f64 / nf;
            observed[a] += da as f64;
            expected[a] += df * share_a;
            for (b, cell) in var[a].iter_mut().enumerate() {
                let share_b = at(&groups[b], t).0 as f64 / nf;
                let delta = if a == b { 1.0 } else { 0.0 };
                *cell += spread * share_a * (delta - share_b);
            }
        }
    }
    let kept: Vec<usize> = (0..g).filter(|&i| expected[i] > 0.0).collect();
    let (chi2, df) = if kept.len() < 2 {
        (0.0, 0)
    } else {
        let idx = &kept[1..];
        let diff: Vec<f64> = idx.iter().map(|&i| observed[i] - expected[i]).collect();
        let matrix: Vec<Vec<f64>> = idx.iter().map(|&i| idx.iter().map(|&j| var[i][j]).collect()).collect();
        quadratic_form_pinv(&matrix, &diff)
    };
    let p_value = if df > 0 { 1.0 - ChiSquared::new(df as f64).expect("df >= 1").cdf(chi2) } else { 1.0 };
    LogRankK { observed, expected, chi2, df, p_value }
}

/// k-sample log-rank on subjects: `durations[i]`, `observed[i]` (event or
/// censored at that time) and `group[i] < groups`. Times are compared
/// exactly, ties share a time, as in [`log_rank`].
pub fn log_rank_k(durations: &[f64], observed: &[bool], group: &[usize], groups: usize) -> LogRankK {
    let mut times: Vec<f64> = durations.to_vec();
    times.sort_by(f64::total_cmp);
    times.dedup();
    let mut tables = vec![vec![(0u64, 0u64); times.len()]; groups];
    for i in 0..durations.len() {
        let t = times.partition_point(|&x| x < durations[i]);
        // At risk at every time up to and including its own.
        for cell in &mut tables[group[i]][..=t] {
            cell.0 += 1;
        }
        if observed[i] {
            tables[group[i]][t].1 += 1;
        }
    }
    log_rank_k_tables(&tables)
}

/// `x' A⁻ x` and the rank of the symmetric positive semi-definite `A`, by
/// Gauss–Jordan elimination with full pivoting on the diagonal. A pivot
/// that is zero up to rounding (a direction with no variance) is dropped,
/// which makes `A⁻` a generalised inverse and lowers the rank, the way
/// `coxph`'s `cholesky2` treats a singular information matrix. The matrices
/// here are at most a few dozen rows (one per segment), so a linear-algebra
/// crate would cost more build time than it saves.
fn quadratic_form_pinv(a: &[Vec<f64>], x: &[f64]) -> (f64, usize) {
    let m = x.len();
    let mut a: Vec<Vec<f64>> = a.to_vec();
    let mut x = x.to_vec();
    let scale = (0..m).map(|i| a[i][i].abs()).fold(0.0, f64::max);
    let tol = scale * 1e-10;
    let mut used = vec![false; m];
    let (mut q, mut rank) = (0.0, 0);
    for _ in 0..m {
        let Some(p) = (0..m).filter(|&i| !used[i]).max_by(|&i, &j| a[i][i].total_cmp(&a[j][j])) else { break };
        if a[p][p] <= tol {
            break;
        }
        used[p] = true;
        rank += 1;
        let pivot = a[p][p];
        q += x[p] * x[p] / pivot;
        // Eliminate p from the remaining rows (Schur complement).
        let row_p = a[p].clone();
        let xp = x[p];
        for i in (0..m).filter(|&i| !used[i]) {
            let f = a[i][p] / pivot;
            if f != 0.0 {
                for j in 0..m {
                    a[i][j] -= f * row_p[j];
                }
                x[i] -= f * xp;
            }
        }
    }
    (q, rank)
}
