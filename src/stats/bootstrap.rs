//! Percentile bootstrap with a fixed seed, for medians and differences.
//!
//! The generator is SplitMix64 (Steele, Lea & Flood 2014): tiny, portable
//! and with a fixed output stream, so a report's intervals are the same on
//! every machine and every build (unlike `rand`, whose streams may change
//! between versions).

/// A seeded SplitMix64 stream.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform index in `0..n` (`n > 0`), by multiply-shift (bias below 2^-32 for n < 2^32).
    pub fn index(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
}

/// Draw a resample (with replacement) of `values`, same size, into `out`.
pub fn resample<T: Copy>(values: &[T], rng: &mut SplitMix64, out: &mut Vec<T>) {
    out.clear();
    out.extend((0..values.len()).map(|_| values[rng.index(values.len())]));
}

/// Percentile interval `(lo, hi)` of bootstrap replicates at level `1 - alpha`
/// (e.g. `alpha = 0.05`), with the type-7 quantile of [`super::quantile`].
/// `None` when there are no replicates.
pub fn percentile_interval(replicates: &[f64], alpha: f64) -> Option<(f64, f64)> {
    Some((super::quantile(replicates, alpha / 2.0)?, super::quantile(replicates, 1.0 - alpha / 2.0)?))
}

/// Bootstrap interval of the median of `values` (`resamples` replicates,
/// fixed `seed`); `None` for an empty sample.
pub fn median_interval(values: &[f64], resamples: usize, seed: u64) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let mut rng = SplitMix64::new(seed);
    let mut buf = Vec::with_capacity(values.len());
    let reps: Vec<f64> = (0..resamples)
        .map(|_| {
            resample(values, &mut rng, &mut buf);
            super::median(&buf).expect("non-empty")
        })
        .collect();
    percentile_interval(&reps, 0.05)
}

/// Bootstrap interval of `mean(a) - mean(b)` for two independent samples of
/// 0/1 outcomes, resampling within each group (stratified), fixed `seed`.
/// `None` when either group is empty.
pub fn difference_interval(a: &[f64], b: &[f64], resamples: usize, seed: u64) -> Option<(f64, f64)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let mut rng = SplitMix64::new(seed);
    let (mut ra, mut rb) = (Vec::with_capacity(a.len()), Vec::with_capacity(b.len()));
    let reps: Vec<f64> = (0..resamples)
        .map(|_| {
            resample(a, &mut rng, &mut ra);
            resample(b, &mut rng, &mut rb);
            mean(&ra) - mean(&rb)
        })
        .collect();
    percentile_interval(&reps, 0.05)
}
