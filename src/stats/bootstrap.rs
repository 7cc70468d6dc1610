//! Percentile bootstrap with a fixed seed, for medians and differences.
//!
//! A resample of `n` observations with replacement is drawn as multinomial
//! counts over the sample's distinct values (conditional binomials, exact),
//! which has the same distribution as drawing `n` indices but costs per
//! distinct value, not per observation: touch counts and 0/1 outcomes have
//! few distinct values, so 2,000 resamples of a million prospects are cheap.
//!
//! The generator is SplitMix64 (Steele, Lea & Flood 2014): tiny, portable
//! and with a fixed output stream, so a report's intervals are the same on
//! every machine and every build (unlike `rand`, whose streams may change
//! between versions).

/// A seeded SplitMix64 stream.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.0)
    }
}

/// One SplitMix64 step on `state`: the generator's whole algorithm, also
/// used to seed the synthetic-data generator's streams.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl rand_core::RngCore for SplitMix64 {
    fn next_u32(&mut self) -> u32 {
        (SplitMix64::next_u64(self) >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        SplitMix64::next_u64(self)
    }
    fn fill_bytes(&mut self, dst: &mut [u8]) {
        rand_core::impls::fill_bytes_via_next(self, dst)
    }
}

/// A sample as its distinct values (sorted) with their counts.
fn distinct(values: &[f64]) -> (Vec<f64>, Vec<u64>) {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let (mut xs, mut counts): (Vec<f64>, Vec<u64>) = (Vec::new(), Vec::new());
    for v in sorted {
        match xs.last() {
            Some(&last) if last == v => *counts.last_mut().expect("parallel") += 1,
            _ => {
                xs.push(v);
                counts.push(1);
            }
        }
    }
    (xs, counts)
}

/// How many of each distinct value a resample of `n` (with replacement)
/// holds: a multinomial draw, as conditional binomials. Resampling prospects
/// one by one gives exactly this distribution, at a cost per distinct value
/// rather than per observation.
fn resample_counts(counts: &[u64], n: u64, rng: &mut SplitMix64, out: &mut Vec<u64>) {
    use rand_distr::{Binomial, Distribution};
    out.clear();
    let (mut left, mut rest) = (n, n);
    for &c in counts {
        let k = if left == 0 || rest == 0 {
            0
        } else if c >= rest {
            left
        } else {
            Binomial::new(left, c as f64 / rest as f64).expect("valid probability").sample(rng)
        };
        out.push(k);
        left -= k;
        rest -= c;
    }
}

/// Midpoint median of a sample given as sorted distinct values and counts.
fn median_of_counts(xs: &[f64], counts: &[u64], n: u64) -> f64 {
    let at = |pos: u64| {
        let mut seen = 0;
        for (x, &c) in xs.iter().zip(counts) {
            seen += c;
            if pos < seen {
                return *x;
            }
        }
        *xs.last().expect("non-empty")
    };
    (at((n - 1) / 2) + at(n / 2)) / 2.0
}

fn mean_of_counts(xs: &[f64], counts: &[u64], n: u64) -> f64 {
    xs.iter().zip(counts).map(|(x, &c)| x * c as f64).sum::<f64>() / n as f64
}

/// Percentile interval `(lo, hi)` of bootstrap replicates at level `1 - alpha`
/// (e.g. `alpha = 0.05`), with the type-7 quantile of [`super::quantile`].
/// `None` when there are no replicates.
pub(crate) fn percentile_interval(replicates: &[f64], alpha: f64) -> Option<(f64, f64)> {
    Some((super::quantile(replicates, alpha / 2.0)?, super::quantile(replicates, 1.0 - alpha / 2.0)?))
}

/// Bootstrap interval of the median of `values` (`resamples` replicates,
/// fixed `seed`); `None` for an empty sample.
pub fn median_interval(values: &[f64], resamples: usize, seed: u64) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let (xs, counts) = distinct(values);
    let n = values.len() as u64;
    let mut rng = SplitMix64::new(seed);
    let mut drawn = Vec::with_capacity(xs.len());
    let reps: Vec<f64> = (0..resamples)
        .map(|_| {
            resample_counts(&counts, n, &mut rng, &mut drawn);
            median_of_counts(&xs, &drawn, n)
        })
        .collect();
    percentile_interval(&reps, 0.05)
}

/// Bootstrap interval of `mean(a) - mean(b)` for two independent samples
/// (e.g. 0/1 outcomes), resampling within each group (stratified), fixed
/// `seed`. `None` when either group is empty.
pub fn difference_interval(a: &[f64], b: &[f64], resamples: usize, seed: u64) -> Option<(f64, f64)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let ((xa, ca), (xb, cb)) = (distinct(a), distinct(b));
    let (na, nb) = (a.len() as u64, b.len() as u64);
    let mut rng = SplitMix64::new(seed);
    let (mut da, mut db) = (Vec::new(), Vec::new());
    let reps: Vec<f64> = (0..resamples)
        .map(|_| {
            resample_counts(&ca, na, &mut rng, &mut da);
            resample_counts(&cb, nb, &mut rng, &mut db);
            mean_of_counts(&xa, &da, na) - mean_of_counts(&xb, &db, nb)
        })
        .collect();
    percentile_interval(&reps, 0.05)
}

/// Bootstrap interval of `sum(xa)/sum(na) - sum(xb)/sum(nb)` where each unit
/// (a prospect) contributes `[xa, na, xb, nb]`: a pooled rate difference whose
/// events (touches, touch numbers reached) are clustered in prospects, so
/// whole prospects are resampled (fixed `seed`). Replicates in which either
/// denominator is 0 are dropped. `None` when both rates are not defined on
/// the sample itself.
pub fn ratio_difference_interval(units: &[[u64; 4]], resamples: usize, seed: u64) -> Option<(f64, f64)> {
    let mut sorted = units.to_vec();
    sorted.sort_unstable();
    let mut distinct: Vec<([u64; 4], u64)> = Vec::new();
    for u in sorted {
        match distinct.last_mut() {
            Some((last, c)) if *last == u => *c += 1,
            _ => distinct.push((u, 1)),
        }
    }
    ratio_difference_interval_counts(&distinct, resamples, seed)
}

/// [`ratio_difference_interval`] of units given as distinct values in
/// ascending order with their counts (how many prospects share each unit),
/// the form the event-level aggregates hold: the same draws and the same
/// interval as the expanded units.
pub fn ratio_difference_interval_counts(
    distinct: &[([u64; 4], u64)],
    resamples: usize,
    seed: u64,
) -> Option<(f64, f64)> {
    let xs: Vec<[u64; 4]> = distinct.iter().map(|d| d.0).collect();
    let counts: Vec<u64> = distinct.iter().map(|d| d.1).collect();
    let total = |c: &[u64]| {
        let mut s = [0u64; 4];
        for (u, &k) in xs.iter().zip(c) {
            for (total, &x) in s.iter_mut().zip(u) {
                *total += x * k;
            }
        }
        s
    };
    let whole = total(&counts);
    if whole[1] == 0 || whole[3] == 0 {
        return None;
    }
    let n: u64 = counts.iter().sum();
    let mut rng = SplitMix64::new(seed);
    let mut drawn = Vec::with_capacity(xs.len());
    let reps: Vec<f64> = (0..resamples)
        .filter_map(|_| {
            resample_counts(&counts, n, &mut rng, &mut drawn);
            let s = total(&drawn);
            (s[1] > 0 && s[3] > 0).then(|| s[0] as f64 / s[1] as f64 - s[2] as f64 / s[3] as f64)
        })
        .collect();
    percentile_interval(&reps, 0.05)
}
