//! The ground truth of the generator: every probability and distribution
//! the simulation draws from, as one serialisable value. `--truth` writes
//! it, together with the marginal hazard the engine should recover.

use serde::Serialize;

/// Base per-touch conversion hazard for touches 1..=20 (touch 21 and later
/// use [`HAZARD_TAIL`]): rises to a peak at touch 6, then decays.
pub(crate) const HAZARD_BASE: [f64; 20] = [
    0.010, 0.016, 0.022, 0.028, 0.032, 0.034, 0.033, 0.030, 0.027, 0.024, //
    0.021, 0.019, 0.017, 0.015, 0.014, 0.013, 0.012, 0.011, 0.010, 0.010,
];
pub(crate) const HAZARD_TAIL: f64 = 0.008;

/// A kind of prospect. The segment scales the conversion hazard and sets
/// how readily the prospect responds; it never changes how reps behave.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub name: &'static str,
    /// Share of sequenced prospects in this segment.
    pub share: f64,
    /// Multiplier on [`HAZARD_BASE`] (result capped at 0.95).
    pub hazard_multiplier: f64,
    /// Chance that a not-yet-engaged prospect responds after a touch.
    pub first_response: f64,
    /// Chance an outbound call is answered (`connected`, itself a response).
    pub call_connect: f64,
}

/// How long a rep keeps going with a prospect, fixed before the first
/// touch: the planned number of touches `L` is drawn from the rep's style
/// alone, so stopping says nothing about the prospect.
#[derive(Debug, Clone, Serialize)]
pub struct RepStyle {
    pub name: &'static str,
    /// Share of reps with this style (assigned by position, so the mix is exact).
    pub share: f64,
    /// `L` uniform in `min..=max`, plus a geometric tail with this mean (0: none).
    pub min_touches: u32,
    pub max_touches: u32,
    pub tail_mean: f64,
}

/// A component of the gap between consecutive touches: log-uniform between
/// `min_hours` and `max_hours`.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub weight: f64,
    pub min_hours: f64,
    pub max_hours: f64,
}

/// Every parameter of the simulation.
#[derive(Debug, Clone, Serialize)]
pub struct Behaviour {
    /// Per-touch hazard for touches 1..=20 of a prospect with multiplier 1.
    pub hazard_base: Vec<f64>,
    /// Hazard for touch 21 and later, before the multiplier.
    pub hazard_tail: f64,
    pub segments: Vec<Segment>,
    pub rep_styles: Vec<RepStyle>,
    /// Cap on planned touches.
    pub max_touches: u32,
    pub gaps: Vec<Gap>,
    /// Touch channel mix: (channel, weight).
    pub channel_mix: Vec<(&'static str, f64)>,
    /// Outcome of an outbound call that is not answered: voicemail share.
    pub unanswered_voicemail: f64,
    /// Chance an outbound email bounces (not a touch; the rep follows up by
    /// call within hours, and avoids email for that prospect from then on).
    pub email_bounce: f64,
    /// Chance, per prospect, that the very first email bounces and the rep
    /// drops the prospect without any touch.
    pub dead_address: f64,
    /// Chance the conversion is recorded on the touch itself (an outbound
    /// `meeting` with outcome `won`) rather than as an inbound `won` event
    /// minutes to days after the touch (and before any later touch).
    pub won_on_touch: f64,
    /// After a touch that did not convert: chance the prospect opts out
    /// (inbound `opted_out`), and chance it says no (`lost`); both end the
    /// sequence. The same for every prospect, so they censor uninformatively.
    pub opt_out: f64,
    pub lost: f64,
    /// Response dynamics (do not affect conversion or stopping): an engaged
    /// prospect responds after a touch with `keep_responding`, goes dark with
    /// `go_dark`; a dark one revives with `revive`.
    pub keep_responding: f64,
    pub go_dark: f64,
    pub revive: f64,
    /// Share of prospects that arrive inbound (speak first, `R = 0`), and of
    /// those the share that convert before any touch (`K = 0`).
    pub inbound_share: f64,
    pub inbound_converts_untouched: f64,
    /// Share of events written twice (exact duplicates the engine removes).
    pub duplicate_rate: f64,
    /// Share of touch times moved into business hours (Mon-Fri 13:00-22:00 UTC).
    pub business_hours: f64,
    /// Informative give-up (`generate --informative-give-up P`): the chance
    /// that a rep drops a prospect of a below-average segment (hazard
    /// multiplier under 1: the cold ones) after its second touch, as reps
    /// who judge a prospect cold do. 0 (the default) keeps giving up
    /// uninformative, as the Kaplan–Meier and the touch policy assume; above
    /// 0 the prospects reaching touch 3 and later are warmer than the
    /// population and the engine's hazards there are biased upwards.
    pub informative_give_up: f64,
}

impl Default for Behaviour {
    fn default() -> Self {
        Behaviour {
            hazard_base: HAZARD_BASE.to_vec(),
            hazard_tail: HAZARD_TAIL,
            segments: vec![
                Segment {
                    name: "engaged",
                    share: 0.3,
                    hazard_multiplier: 2.5,
                    first_response: 0.30,
                    call_connect: 0.35,
                },
                Segment { name: "cold", share: 0.7, hazard_multiplier: 0.5, first_response: 0.05, call_connect: 0.12 },
            ],
            rep_styles: vec![
                RepStyle { name: "quits_early", share: 0.4, min_touches: 1, max_touches: 2, tail_mean: 0.0 },
                RepStyle { name: "steady", share: 0.4, min_touches: 3, max_touches: 6, tail_mean: 0.0 },
                RepStyle { name: "persistent", share: 0.2, min_touches: 10, max_touches: 12, tail_mean: 8.0 },
            ],
            max_touches: 40,
            gaps: vec![
                Gap { weight: 0.20, min_hours: 1.0, max_hours: 8.0 },
                Gap { weight: 0.55, min_hours: 24.0, max_hours: 7.0 * 24.0 },
                Gap { weight: 0.25, min_hours: 7.0 * 24.0, max_hours: 21.0 * 24.0 },
            ],
            channel_mix: vec![
                ("email", 0.45),
                ("call", 0.30),
                ("voicemail", 0.04),
                ("social", 0.12),
                ("sms", 0.05),
                ("meeting", 0.04),
            ],
            unanswered_voicemail: 0.3,
            email_bounce: 0.03,
            dead_address: 0.01,
            won_on_touch: 0.5,
            opt_out: 0.010,
            lost: 0.008,
            keep_responding: 0.5,
            go_dark: 0.3,
            revive: 0.06,
            inbound_share: 0.04,
            inbound_converts_untouched: 0.25,
            duplicate_rate: 0.002,
            business_hours: 0.9,
            informative_give_up: 0.0,
        }
    }
}

impl Behaviour {
    /// Base hazard at touch `k` (1-based), before the segment multiplier.
    pub(crate) fn base_hazard(&self, k: u32) -> f64 {
        self.hazard_base.get(k as usize - 1).copied().unwrap_or(self.hazard_tail)
    }

    /// Hazard at touch `k` for segment `s`.
    pub fn hazard(&self, s: usize, k: u32) -> f64 {
        (self.base_hazard(k) * self.segments[s].hazard_multiplier).min(0.95)
    }

    /// The marginal hazard at touches `1..=upto`: of the prospects who reach
    /// touch `k` without converting, the share that convert at it.
    ///
    /// With segment shares `p_s` and survival `S_s(k-1) = prod_{j<k} (1 -
    /// h_s(j))`, it is `sum_s p_s S_s(k-1) h_s(k) / sum_s p_s S_s(k-1)`.
    /// Everything that stops a sequence early (rep persistence, opt-outs,
    /// losses, dead addresses, the end of the window) is independent of the
    /// segment and of the conversion draws still to come, so the prospects
    /// who reach touch `k` have this segment mix, and the engine's
    /// `hazard(k) = conversions(k) / reached(k)` estimates exactly this.
    /// Inbound prospects that convert before any touch (`K = 0`) never reach
    /// touch 1 and are outside it; the other inbound prospects draw their
    /// segment like everyone else.
    pub fn marginal_hazard(&self, upto: u32) -> Vec<f64> {
        let mut survival: Vec<f64> = self.segments.iter().map(|s| s.share).collect();
        (1..=upto)
            .map(|k| {
                let at_risk: f64 = survival.iter().sum();
                let converting: f64 = survival.iter().enumerate().map(|(s, w)| w * self.hazard(s, k)).sum();
                for (s, w) in survival.iter_mut().enumerate() {
                    *w *= 1.0 - self.hazard(s, k);
                }
                converting / at_risk
            })
            .collect()
    }

    /// The true touch policy (docs/metrics.md §12) for `k = 1..=upto`: had
    /// every prospect with a touch been followed up until it converted or
    /// had `k` touches, `(conversions per 100, touches per 100)`. With
    /// segment shares `p_s` and `S_s(k) = prod_{j<=k} (1 - h_s(j))`, the
    /// population's survival is `S(k) = sum_s p_s S_s(k)`; conversions are
    /// `100 (1 - S(k))` and touches `100 sum_{j<k} S(j)`. Computed from the
    /// segment hazards directly, not from [`Behaviour::marginal_hazard`], so
    /// that it checks the engine's route (hazards, then their product)
    /// rather than repeating it.
    pub fn true_policy(&self, upto: u32) -> Vec<(f64, f64)> {
        let mut by_segment: Vec<f64> = vec![1.0; self.segments.len()];
        let mut touches = 0.0;
        (1..=upto)
            .map(|k| {
                let before: f64 = self.segments.iter().zip(&by_segment).map(|(s, w)| s.share * w).sum();
                touches += before;
                for (s, w) in by_segment.iter_mut().enumerate() {
                    *w *= 1.0 - self.hazard(s, k);
                }
                let after: f64 = self.segments.iter().zip(&by_segment).map(|(s, w)| s.share * w).sum();
                (100.0 * (1.0 - after), 100.0 * touches)
            })
            .collect()
    }
}
