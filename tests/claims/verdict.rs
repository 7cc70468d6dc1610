//! docs/metrics.md §7, verdicts: the interval rules at their boundaries, too few
//! observations (`min_n`), claims on summary facts, the two readings of a
//! claim about touch numbers, and the seeded bootstrap.
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, `dark_days = 14`, every channel a touch channel, `min_rep_prospects
//! = 5`, `min_n = 30`.

use touchstone::claims::verdict::{evaluate, judge, Verdict, MIN_N};
use touchstone::claims::{self, Metric, Op, Reading};
use touchstone::facts::{Facts, ProspectFacts};
use touchstone::metrics::MetricParams;
use touchstone::model::Status;
use touchstone::stats::bootstrap::{difference_interval, median_interval};

use super::{
    alt, analyze, assert_share, channel_fixture, claim, conversions_fixture, converted_at, ids, touches_on, EPS,
};
use crate::common::{self, Z};

#[test]
fn judge_at_least_and_at_most_with_boundaries() {
    let ge = Op::AtLeast(0.8);
    assert_eq!(judge(&ge, 0.85, 0.95), Verdict::Supported);
    assert_eq!(judge(&ge, 0.8, 0.9), Verdict::Supported, "lo touching the claim: wholly on the claimed side");
    assert_eq!(judge(&ge, 0.6, 0.79), Verdict::Contradicted);
    assert_eq!(judge(&ge, 0.7, 0.8), Verdict::Inconclusive, "hi touching the claim is not wholly below it");
    assert_eq!(judge(&ge, 0.7, 0.9), Verdict::Inconclusive);
    let le = Op::AtMost(0.05);
    assert_eq!(judge(&le, 0.01, 0.04), Verdict::Supported);
    assert_eq!(judge(&le, 0.01, 0.05), Verdict::Supported, "hi touching the claim");
    assert_eq!(judge(&le, 0.06, 0.2), Verdict::Contradicted);
    assert_eq!(judge(&le, 0.05, 0.2), Verdict::Inconclusive, "lo touching the claim is not wholly above it");
    assert_eq!(judge(&le, 0.03, 0.07), Verdict::Inconclusive);
}

#[test]
fn judge_between_with_boundaries() {
    let b = Op::Between(5.0, 7.0);
    assert_eq!(judge(&b, 5.5, 6.5), Verdict::Supported);
    assert_eq!(judge(&b, 5.0, 7.0), Verdict::Supported, "interval equal to the range");
    assert_eq!(judge(&b, 6.0, 6.0), Verdict::Supported);
    assert_eq!(judge(&b, 7.5, 9.0), Verdict::Contradicted);
    assert_eq!(judge(&b, 1.0, 4.5), Verdict::Contradicted);
    assert_eq!(judge(&b, 7.0, 9.0), Verdict::Inconclusive, "touching the top of the range");
    assert_eq!(judge(&b, 3.0, 5.0), Verdict::Inconclusive, "touching the bottom of the range");
    assert_eq!(judge(&b, 4.0, 6.0), Verdict::Inconclusive);
    assert_eq!(judge(&b, 4.0, 8.0), Verdict::Inconclusive, "covering the range is not within it");
}

#[test]
fn judge_about_with_boundaries() {
    // about 0.44 with tol 0.05: the band is [0.39, 0.49] (§7).
    let a = Op::About(0.44, 0.05);
    assert_eq!(judge(&a, 0.40, 0.48), Verdict::Supported, "inside the band");
    assert_eq!(judge(&a, 0.39, 0.49), Verdict::Supported, "the band's edges are inside");
    assert_eq!(judge(&a, 0.50, 0.60), Verdict::Contradicted, "wholly above 0.49");
    assert_eq!(judge(&a, 0.10, 0.38), Verdict::Contradicted, "wholly below 0.39");
    assert_eq!(judge(&a, 0.30, 0.60), Verdict::Inconclusive, "holds 0.44 but is wider than the band");
    assert_eq!(judge(&a, 0.45, 0.60), Verdict::Inconclusive, "straddles the top of the band");
    assert_eq!(judge(&a, 0.30, 0.40), Verdict::Inconclusive, "straddles the bottom of the band");
    // A median of touches: about 6 with tol 1 is the band [5, 7].
    let m = Op::About(6.0, 1.0);
    assert_eq!(judge(&m, 5.0, 7.0), Verdict::Supported);
    assert_eq!(judge(&m, 7.5, 9.0), Verdict::Contradicted);
    assert_eq!(judge(&m, 4.0, 6.0), Verdict::Inconclusive);
}

#[test]
fn fewer_than_30_observations_is_insufficient_data_and_30_is_enough() {
    assert_eq!(MIN_N, 30);
    // 29 conversions all at K = 6: 29 / 29, but n < 30.
    let body: String = ids("h", 29).iter().map(|id| converted_at(id, 6, "call")).collect();
    let r = analyze(&body);
    let c = claim(&r, "five_followups");
    assert_eq!(c.primary.verdict, Verdict::InsufficientData);
    assert_eq!(c.primary.n, 29);
    assert_eq!(c.primary.x, Some(29));
    common::close_opt(c.primary.value, 1.0, EPS);
    assert!(
        c.primary.reason.as_deref().is_some_and(|s| s.contains("29") && s.contains("30")),
        "{:?}",
        c.primary.reason
    );
    assert_eq!(alt(c).verdict, Verdict::InsufficientData);
    // 30 conversions: a real verdict. Wilson lo = 30 / (30 + z²) ≈ 0.886 >= 0.80.
    let body: String = ids("h", 30).iter().map(|id| converted_at(id, 6, "call")).collect();
    let r = analyze(&body);
    let c = claim(&r, "five_followups");
    assert_share(&c.primary, 30, 30, Verdict::Supported);
    common::close_opt(c.primary.lo, 30.0 / (30.0 + Z * Z), EPS);
    assert!(c.primary.reason.is_none());
}

#[test]
fn a_difference_needs_30_in_the_smaller_group() {
    // 40 prospects whose touch 1 is a call, 20 whose touch 1 is an email:
    // 60 observations, but the email rate rests on 20 < 30.
    let mut body = String::new();
    for id in ids("i-call", 40) {
        body += &converted_at(&id, 1, "call");
    }
    for id in ids("i-email", 20) {
        body += &touches_on(&id, "2026-01", 1, 1, &["email"], "r1");
    }
    let r = analyze(&body);
    let p = &claim(&r, "phone_first").primary;
    assert_eq!(p.n, 60);
    common::close_opt(p.value, 1.0, EPS);
    assert_eq!(p.verdict, Verdict::InsufficientData);
    assert!(p.reason.as_deref().is_some_and(|s| s.contains("20")), "{:?}", p.reason);
}

/// Facts as a prospect summary gives them: no event times (`as_of: None`),
/// a touch count per prospect, `K = n` for converted ones.
fn summary_facts() -> Facts {
    // 40 converted: 10 with n = 7, 30 with n = 2; 20 not converted with n = 3.
    let mut prospects = Vec::new();
    for (i, (n, conv)) in std::iter::repeat_n((7u32, true), 10)
        .chain(std::iter::repeat_n((2, true), 30))
        .chain(std::iter::repeat_n((3, false), 20))
        .enumerate()
    {
        prospects.push(ProspectFacts {
            prospect_id: format!("s-{i:03}"),
            n_events: n,
            n_touches: n,
            first_touch_ts: None,
            last_touch_ts: None,
            won_ts: None,
            k: conv.then_some(n),
            m: n,
            r: None,
            first_response_ts: None,
            status: Some(if conv { Status::Converted } else { Status::Abandoned }),
            last_rep: None,
            first_channel: None,
            first_rep: None,
            last_channel: None,
            meeting_followups: None,
            mixed_from: None,
            dark: Default::default(),
        });
    }
    Facts { as_of: None, quiet_days: 30, dark_days: 14, prospects }
}

#[test]
fn revival_on_summary_facts_is_insufficient_data_with_the_reason() {
    let results = evaluate(&claims::seeds(), &summary_facts(), Default::default(), &MetricParams::default());
    let d = claim(&results, "dark_is_gone");
    assert_eq!(d.primary.verdict, Verdict::InsufficientData);
    assert_eq!(d.primary.value, None);
    assert!(d.primary.reason.as_deref().is_some_and(|s| !s.is_empty()), "a reason is given: {:?}", d.primary.reason);
    // The touch-count claims still measure: K >= 6 in 10 of 40 conversions.
    // Wilson(10, 40) ≈ [0.142, 0.400] → contradicted for >= 0.80.
    let f = claim(&results, "five_followups");
    assert_share(&f.primary, 10, 40, Verdict::Contradicted);
    // No responses in a summary: median R has no observations.
    assert_eq!(claim(&results, "five_to_seven").primary.verdict, Verdict::InsufficientData);
}

// ------------------------------------------------------- off-by-one reading

#[test]
fn five_followups_verdict_depends_on_the_reading() {
    let seeds = claims::seeds();
    let five = seeds.iter().find(|c| c.id == "five_followups").unwrap();
    assert_eq!(five.metric, Metric::ShareConversionsKAtLeast { x: 6 });
    assert_eq!(five.reading, Some(Reading::FollowUps));
    let other = five.alternate().expect("a claim about touches has another reading");
    assert_eq!(other.metric, Metric::ShareConversionsKAtLeast { x: 5 });
    assert_eq!(other.reading, Some(Reading::Touches));
    assert_eq!(other.op, five.op);

    // Conversions fixture: K >= 6 in 12 / 40 (contradicted, see above);
    // K >= 5 in 40 / 40: Wilson lo = 40 / (40 + z²) ≈ 0.912 >= 0.80 → supported.
    let r = analyze(&conversions_fixture());
    let c = claim(&r, "five_followups");
    assert_eq!(c.primary.verdict, Verdict::Contradicted);
    let a = alt(c);
    assert_eq!(a.reading, Some(Reading::Touches));
    assert_eq!(a.metric, "share_conversions_k_at_least(x=5)");
    assert_share(a, 40, 40, Verdict::Supported);
    common::close_opt(a.lo, 40.0 / (40.0 + Z * Z), EPS);
    assert!(c.readings_disagree());

    // JSON: `alternate` carries the same fields as the primary reading.
    let v = serde_json::to_value(c).unwrap();
    for key in
        ["id", "quote", "source", "reading", "value", "lo", "hi", "x", "n", "op", "claimed", "verdict", "alternate"]
    {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["reading", "value", "lo", "hi", "x", "n", "op", "claimed", "verdict"] {
        assert!(v["alternate"].get(key).is_some(), "missing alternate.{key}");
    }
    assert_eq!(v["reading"], "follow-ups");
    assert_eq!(v["alternate"]["reading"], "touches");
    assert_eq!(v["verdict"], "contradicted");
    assert_eq!(v["alternate"]["verdict"], "supported");
    assert_eq!(v["alternate"]["x"], 40);
    assert_eq!(v["x"], 12);
}

#[test]
fn the_alternate_of_median_r_shifts_the_claimed_value_and_of_others_the_parameter() {
    let seeds = claims::seeds();
    let get = |id: &str| seeds.iter().find(|c| c.id == id).unwrap().clone();
    // five_to_seven (touches, between 5 and 7) read as follow-ups: 6..8 touches.
    let m = get("five_to_seven").alternate().unwrap();
    assert_eq!(m.metric, Metric::MedianR);
    assert_eq!(m.op, Op::Between(6.0, 8.0));
    // give_up_after_one (follow-ups, n <= 2) read as touches: n <= 1.
    assert_eq!(get("give_up_after_one").alternate().unwrap().metric, Metric::ShareRepsMedianGiveUpAtMost { x: 1 });
    // give_up_after_second (touches, n <= 2) read as follow-ups: n <= 3.
    assert_eq!(get("give_up_after_second").alternate().unwrap().metric, Metric::ShareGivenUpAtMost { x: 3 });
    // fifth_to_eighth (touches 5..8) read as follow-ups: touches 6..9.
    assert_eq!(get("fifth_to_eighth").alternate().unwrap().metric, Metric::ShareRBetween { lo: 6, hi: 9 });
    // Not about touch numbers: no other reading.
    assert!(get("dark_is_gone").alternate().is_none());
    assert!(get("phone_first").alternate().is_none());
}

// ------------------------------------------------------------- bootstrap

#[test]
fn bootstrap_is_reproducible_for_a_fixed_seed() {
    let values: Vec<f64> = (0..101).map(|i| ((i * 37) % 101) as f64 * 0.5).collect();
    let a = median_interval(&values, 2000, touchstone::claims::measure::BOOTSTRAP_SEED);
    let b = median_interval(&values, 2000, touchstone::claims::measure::BOOTSTRAP_SEED);
    assert!(a.is_some());
    assert_eq!(a, b);
    let other = median_interval(&values, 2000, 7);
    assert_ne!(a, other, "another seed gives (here) another interval");
    assert_eq!(touchstone::claims::measure::BOOTSTRAP_RESAMPLES, 2000);

    let xs: Vec<f64> = (0..60).map(|i| f64::from(i % 3 == 0)).collect();
    let ys: Vec<f64> = (0..50).map(|i| f64::from(i % 5 == 0)).collect();
    assert_eq!(difference_interval(&xs, &ys, 2000, 11), difference_interval(&xs, &ys, 2000, 11));
    assert_eq!(median_interval(&[], 2000, 1), None);
    assert_eq!(difference_interval(&xs, &[], 2000, 1), None);
}

#[test]
fn bootstrap_interval_of_a_symmetric_sample_holds_the_true_median() {
    // −500..=500: symmetric about 0, true median 0; a 95 % interval of the
    // median is about ±0.05·1000 wide, so it holds 0 and is well inside ±100.
    let values: Vec<f64> = (-500..=500).map(f64::from).collect();
    let (lo, hi) = median_interval(&values, 2000, 12345).unwrap();
    assert!(lo <= 0.0 && 0.0 <= hi, "[{lo}, {hi}]");
    assert!(lo > -100.0 && hi < 100.0, "[{lo}, {hi}]");
    assert!(lo < hi);
    // A constant sample: every replicate median is the constant.
    assert_eq!(median_interval(&[6.0; 40], 2000, 3), Some((6.0, 6.0)));
}

#[test]
fn the_claims_are_measured_reproducibly_end_to_end() {
    let a = analyze(&channel_fixture());
    let b = analyze(&channel_fixture());
    assert_eq!(claim(&a, "phone_first").primary, claim(&b, "phone_first").primary);
}
