//! Empirical-Bayes shrinkage of rates by a beta-binomial model fitted by
//! the method of moments (Kleinman 1973), so that a group with 3 trials
//! and 2 successes is not ranked first by luck.
//!
//! With groups `i = 1..k` of `n_i` trials and `x_i` successes, `N = Σ n_i`,
//! the pooled rate `μ = Σ x_i / N` and `S = Σ n_i (x_i/n_i − μ)²`, the
//! moment estimate of the intra-class correlation is
//!
//! `ρ = (S − μ(1−μ)(k−1)) / (μ(1−μ)(N − Σ n_i² / N))`,
//!
//! because `E[S] = μ(1−μ)((k−1) + ρ(N − Σ n_i²/N))` under a beta-binomial
//! with mean `μ` and `ρ = 1/(α+β+1)`. Then `α + β = 1/ρ − 1`, `α = μ(α+β)`,
//! and each group's shrunken rate is the posterior mean
//! `(x_i + α) / (n_i + α + β)`, with a 95 % interval from the posterior
//! `Beta(x_i + α, n_i − x_i + β)`. When `ρ <= 0` the groups vary no more than
//! chance alone would: every rate is `μ` (complete pooling) and its interval
//! is the 95 % Wilson interval of the pooled proportion `Σ x_i / N`, the
//! only uncertainty left. `ρ >= 1` (no pooling at all) is capped just
//! below 1.

use statrs::distribution::{Beta, ContinuousCDF};

/// The fitted prior and the shrunken rates.
#[derive(Debug, Clone, PartialEq)]
pub struct Shrinkage {
    /// Pooled rate `μ`.
    pub pooled: f64,
    /// Moment estimate of the intra-class correlation (before clamping).
    pub rho: f64,
    /// Prior `α` and `β`; `None` under complete pooling (`ρ <= 0`).
    pub prior: Option<(f64, f64)>,
    /// Per group: (shrunken rate, 95 % lower, 95 % upper).
    pub rates: Vec<(f64, f64, f64)>,
}

/// Fit the prior on `(successes, trials)` per group; `None` when there are
/// fewer than two groups with trials or no trial at all.
pub fn beta_binomial(groups: &[(u64, u64)]) -> Option<Shrinkage> {
    let used: Vec<(f64, f64)> = groups.iter().filter(|g| g.1 > 0).map(|&(x, n)| (x.min(n) as f64, n as f64)).collect();
    if used.len() < 2 {
        return None;
    }
    let n_total: f64 = used.iter().map(|g| g.1).sum();
    let mu = used.iter().map(|g| g.0).sum::<f64>() / n_total;
    let k = used.len() as f64;
    let s: f64 = used.iter().map(|&(x, n)| n * (x / n - mu).powi(2)).sum();
    let spread = n_total - used.iter().map(|g| g.1 * g.1).sum::<f64>() / n_total;
    let binomial = mu * (1.0 - mu);
    let rho = if binomial > 0.0 && spread > 0.0 { (s - binomial * (k - 1.0)) / (binomial * spread) } else { 0.0 };
    if rho <= 0.0 || binomial == 0.0 {
        let x_total: f64 = used.iter().map(|g| g.0).sum();
        let (lo, hi) = super::wilson(x_total as u64, n_total as u64, super::Z95).unwrap_or((mu, mu));
        let rates = groups.iter().map(|_| (mu, lo, hi)).collect();
        return Some(Shrinkage { pooled: mu, rho, prior: None, rates });
    }
    let total = 1.0 / rho.min(1.0 - 1e-9) - 1.0;
    let (a, b) = (mu * total, (1.0 - mu) * total);
    let rates = groups
        .iter()
        .map(|&(x, n)| {
            let (x, n) = (x.min(n) as f64, n as f64);
            let (pa, pb) = (x + a, n - x + b);
            let post = Beta::new(pa, pb).expect("positive shapes");
            (pa / (pa + pb), post.inverse_cdf(0.025), post.inverse_cdf(0.975))
        })
        .collect();
    Some(Shrinkage { pooled: mu, rho, prior: Some((a, b)), rates })
}
