//! A small, portable, seeded random number generator.
//!
//! The generator's output must be identical for a seed on every platform and
//! for every future build, so it does not depend on `rand`, whose value
//! streams and distribution algorithms may change between versions. This is
//! xoshiro256++ (Blackman and Vigna) seeded through SplitMix64; each
//! prospect gets its own stream derived from (seed, prospect index), so a
//! prospect's history does not depend on how many prospects came before it.

/// SplitMix64 step: a good 64-bit mixer, used for seeding (the bootstrap's generator).
pub(crate) use crate::stats::bootstrap::splitmix64;

/// xoshiro256++.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator for stream `stream` of `seed`.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut sm = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        // Mix once more so that nearby (seed, stream) pairs decorrelate.
        let mut sm = splitmix64(&mut sm) ^ stream;
        let s = [splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm), splitmix64(&mut sm)];
        Rng { s }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = (self.s[0].wrapping_add(self.s[3])).rotate_left(23).wrapping_add(self.s[0]);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)` with 53 bits.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Uniform integer in `lo..=hi` (`lo <= hi`); multiply-shift, bias below 2^-32.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        let span = hi - lo + 1;
        lo + (((self.next_u64() >> 32) * span) >> 32)
    }

    /// Log-uniform real in `[lo, hi)` (`0 < lo < hi`): as many short as long
    /// values per order of magnitude, the shape of human response delays.
    pub(crate) fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo * (hi / lo).powf(self.f64())
    }

    /// Index drawn from cumulative weights `cum` (last entry is the total).
    pub(crate) fn pick(&mut self, cum: &[f64]) -> usize {
        let u = self.f64() * cum[cum.len() - 1];
        cum.iter().position(|&c| u < c).unwrap_or(cum.len() - 1)
    }
}
