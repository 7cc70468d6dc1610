//! Kaplan–Meier survival estimates with exponential-Greenwood bands.
//!
//! Two entry points share one accumulator:
//! * [`kaplan_meier_discrete`] takes pre-aggregated `(at_risk, events)` rows
//!   per touch number (discrete time), as the metrics layer produces them;
//! * [`kaplan_meier_times`] takes raw durations with an observed/censored
//!   flag (continuous time), with lifelines' `KaplanMeierFitter` semantics.
//!
//! Contract shared by both:
//! * hazard `h_k = d_k / n_k`; a row with `n_k == 0` has no hazard and
//!   leaves survival and band unchanged (factor 1 in the product);
//! * survival `S_k = Π_{j≤k} (1 − h_j)`;
//! * Greenwood variance `V_k = Σ_{j≤k} d_j / (n_j (n_j − d_j))`, where a row
//!   with `d_j = n_j` adds 0 (as lifelines replaces that `inf` with 0);
//! * band as lifelines' `KaplanMeierFitter._bounds` (exponential Greenwood,
//!   log(−log S) transform): with `v = ln S`,
//!   `lower = exp(−exp(ln(−v) − z·√V / v))`,
//!   `upper = exp(−exp(ln(−v) + z·√V / v))`
//!   (`v < 0`, so `−z√V/v > 0` and `lower ≤ S ≤ upper`);
//! * `S = 1` gives band `[1, 1]`, `S = 0` gives band `[0, 0]`; no NaN.

/// One step of a discrete-time Kaplan–Meier estimate (time = touch number).
///
/// Why: the "give-up point" and conversion-by-touch metrics need, per touch
/// number, both the raw counts (to show the denominator honestly) and the
/// survival curve with its uncertainty band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmPoint {
    /// Subjects still at risk at this step (`n_k`).
    pub at_risk: u64,
    /// Events at this step (`d_k`).
    pub events: u64,
    /// `d_k / n_k`; `None` when nobody is at risk (`n_k == 0`).
    pub hazard: Option<f64>,
    /// Kaplan–Meier survival after this step, `Π_{j≤k} (1 − h_j)`.
    pub survival: f64,
    /// Lower bound of the exponential-Greenwood band on `survival`.
    pub lo: f64,
    /// Upper bound of the exponential-Greenwood band on `survival`.
    pub hi: f64,
}

/// Kaplan–Meier over continuous times (lifelines `KaplanMeierFitter`
/// semantics): one point per distinct time with an event or a censoring,
/// in increasing time order.
///
/// Why: time-to-dark and similar durations are continuous and censored;
/// keeping the at-risk / event / censored counts next to the estimate lets
/// reports show the denominators behind each step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KmTimePoint {
    /// The distinct duration this point describes.
    pub time: f64,
    /// Subjects with duration `>= time`.
    pub at_risk: u64,
    /// Subjects observed (event) at exactly `time`.
    pub events: u64,
    /// Subjects censored at exactly `time` (still counted at risk here:
    /// events happen before censorings at tied times).
    pub censored: u64,
    /// Kaplan–Meier survival just after `time`.
    pub survival: f64,
    /// Lower bound of the exponential-Greenwood band on `survival`.
    pub lo: f64,
    /// Upper bound of the exponential-Greenwood band on `survival`.
    pub hi: f64,
}

/// Running Kaplan–Meier state: survival, Greenwood sum and current band.
struct Accumulator {
    z: f64,
    survival: f64,
    greenwood: f64,
    lo: f64,
    hi: f64,
}

impl Accumulator {
    fn new(z: f64) -> Self {
        Accumulator { z: z.abs(), survival: 1.0, greenwood: 0.0, lo: 1.0, hi: 1.0 }
    }

    /// Applies one `(n, d)` row and returns its hazard (`None` if `n == 0`).
    /// `d > n` is invalid input and is clamped to `d = n`.
    fn step(&mut self, n: u64, d: u64) -> Option<f64> {
        if n == 0 {
            // Nobody at risk: factor 1, survival and band repeat.
            return None;
        }
        let d_eff = d.min(n);
        let nf = n as f64;
        let df = d_eff as f64;
        let hazard = df / nf;
        if d_eff > 0 {
            self.survival *= 1.0 - hazard;
            if d_eff < n {
                self.greenwood += df / (nf * (n - d_eff) as f64);
            }
        }
        let (lo, hi) = band(self.survival, self.greenwood, self.z);
        self.lo = lo;
        self.hi = hi;
        Some(d as f64 / nf)
    }
}

/// Exponential-Greenwood band for survival `s` with Greenwood sum `var`.
fn band(s: f64, var: f64, z: f64) -> (f64, f64) {
    if s.is_nan() || s <= 0.0 {
        return (0.0, 0.0);
    }
    if s >= 1.0 {
        return (1.0, 1.0);
    }
    let v = s.ln(); // strictly negative and finite here
    let shift = z * var.max(0.0).sqrt() / v; // <= 0
    let log_neg_v = (-v).ln();
    let lo = (-(log_neg_v - shift).exp()).exp();
    let hi = (-(log_neg_v + shift).exp()).exp();
    // Guard against one-ulp rounding when `var == 0`, and against NaN.
    let lo = if lo.is_nan() { 0.0 } else { lo.min(s) };
    let hi = if hi.is_nan() { 1.0 } else { hi.max(s) };
    (lo, hi)
}

/// Discrete-time Kaplan–Meier: `steps` are `(at_risk n_k, events d_k)` for
/// touch numbers `k = 1, 2, …`; returns one [`KmPoint`] per step, with the
/// exponential-Greenwood band at normal quantile `z` (e.g. [`super::Z95`]).
///
/// Why: the metrics layer already aggregates touch logs into per-touch
/// counts; this turns them into a survival curve whose numbers agree with
/// lifelines fed the equivalent durations (event at touch k = duration k,
/// censored after m touches = censored duration m).
///
/// Rows with `n_k == 0` get `hazard: None` and repeat the previous survival
/// and band (`[1, 1]` with survival 1 before the first row). A row with
/// `d_k == n_k` drives survival to 0 with band `[0, 0]`. Rows with
/// `d_k > n_k` are invalid; they are treated as `d_k = n_k` for the
/// estimate (the reported `events` and `hazard` keep the given `d_k`).
pub fn kaplan_meier_discrete(steps: &[(u64, u64)], z: f64) -> Vec<KmPoint> {
    let mut acc = Accumulator::new(z);
    steps
        .iter()
        .map(|&(n, d)| {
            let hazard = acc.step(n, d);
            KmPoint { at_risk: n, events: d, hazard, survival: acc.survival, lo: acc.lo, hi: acc.hi }
        })
        .collect()
}

/// Continuous-time Kaplan–Meier over `durations` with `observed[i] == true`
/// for an event and `false` for a censoring, band at normal quantile `z`.
///
/// Why: for durations such as time-to-dark the reference implementation
/// is lifelines' `KaplanMeierFitter().fit(durations, observed)`; this
/// reproduces its `event_table` counts, `survival_function_` and
/// `confidence_interval_` (exponential Greenwood) at every distinct time.
///
/// Output: one [`KmTimePoint`] per distinct duration, increasing, including
/// times with only censorings (survival unchanged there). At a tied time
/// events happen before censorings, so `at_risk` counts everyone with
/// duration `>= time`. Empty input gives an empty vector. NaN-free
/// durations are assumed (they are ordered with `f64::total_cmp`).
///
/// # Panics
/// If `durations.len() != observed.len()`.
pub fn kaplan_meier_times(durations: &[f64], observed: &[bool], z: f64) -> Vec<KmTimePoint> {
    assert_eq!(durations.len(), observed.len(), "kaplan_meier_times: durations and observed must have the same length");
    // Sorted by value, not through an index: equal times are counted as a
    // group, so the order inside a group does not matter.
    let mut pairs: Vec<(f64, bool)> = durations.iter().copied().zip(observed.iter().copied()).collect();
    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));

    let mut acc = Accumulator::new(z);
    let mut out = Vec::new();
    let mut remaining = durations.len() as u64;
    let mut i = 0;
    while i < pairs.len() {
        let time = pairs[i].0;
        let (mut events, mut censored) = (0u64, 0u64);
        // `==` also groups -0.0 with 0.0; `total_cmp` keeps a NaN group finite.
        while i < pairs.len() && (pairs[i].0 == time || pairs[i].0.total_cmp(&time).is_eq()) {
            if pairs[i].1 {
                events += 1;
            } else {
                censored += 1;
            }
            i += 1;
        }
        let at_risk = remaining;
        acc.step(at_risk, events);
        out.push(KmTimePoint { time, at_risk, events, censored, survival: acc.survival, lo: acc.lo, hi: acc.hi });
        remaining -= events + censored;
    }
    out
}
