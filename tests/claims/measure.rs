//! docs/metrics.md §7, the measured value of each seed claim: one fixture per
//! claim, its numerator, denominator, interval and verdict worked out by hand.
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, `dark_days = 14`, every channel a touch channel, `min_rep_prospects
//! = 5`, `min_n = 30`.

use touchstone::claims::verdict::Verdict;
use touchstone::claims::Reading;

use super::{
    alt, analyze, assert_share, channel_fixture, claim, conversions_fixture, converted_at, ids, responded_at, touches,
    touches_on, EPS,
};
use crate::common::{self, Z};

#[test]
fn five_followups_is_the_share_of_conversions_with_k_at_least_6() {
    let r = analyze(&conversions_fixture());
    let c = claim(&r, "five_followups");
    // Follow-ups reading: "5 follow-ups" = touch 6 → 12 / 40 = 0.30.
    // Wilson(12, 40) ≈ [0.181, 0.454]: hi < 0.80 → contradicted.
    assert_eq!(c.primary.reading, Some(Reading::FollowUps));
    assert_eq!(c.primary.metric, "share_conversions_k_at_least(x=6)");
    assert_eq!(c.primary.op, ">=");
    assert_eq!(c.primary.claimed, serde_json::json!(0.8));
    assert_share(&c.primary, 12, 40, Verdict::Contradicted);
}

#[test]
fn after_fifth_touch_is_the_share_with_k_at_least_6_about_80_percent() {
    let r = analyze(&conversions_fixture());
    let c = claim(&r, "after_fifth_touch");
    // Touches reading, "after the fifth touch" = K >= 6: 12 / 40 = 0.30;
    // Wilson ≈ [0.181, 0.454] does not contain 0.80 → contradicted.
    assert_eq!(c.primary.reading, Some(Reading::Touches));
    assert_eq!(c.primary.op, "about");
    assert_share(&c.primary, 12, 40, Verdict::Contradicted);
    // Other reading (follow-ups): "the fifth follow-up" = touch 6, so after
    // it = K >= 7: 6 / 40 = 0.15; Wilson ≈ [0.07, 0.29] → contradicted.
    let a = alt(c);
    assert_eq!(a.reading, Some(Reading::FollowUps));
    assert_eq!(a.metric, "share_conversions_k_at_least(x=7)");
    assert_share(a, 6, 40, Verdict::Contradicted);
}

/// First responses: 8 prospects with R = 0 (they wrote first, §8.5: R = 0
/// is included), 10 with R = 6, 14 with R = 7; 5 touched prospects never
/// respond (excluded). n = 32; sorted R: eight 0s (positions 0–7), ten 6s
/// (8–17), fourteen 7s (18–31); midpoint median = (R[15] + R[16]) / 2 = 6.
/// (Dropping R = 0 would give n = 24 and median 7.)
fn median_r_fixture() -> String {
    let mut body = String::new();
    for id in ids("b-r0", 8) {
        body += &responded_at(&id, 0);
    }
    for id in ids("b-r6", 10) {
        body += &responded_at(&id, 6);
    }
    for id in ids("b-r7", 14) {
        body += &responded_at(&id, 7);
    }
    for id in ids("b-silent", 5) {
        body += &touches(&id, "2026-03", 4);
    }
    body
}

#[test]
fn five_to_seven_is_the_median_r_with_a_bootstrap_interval() {
    let r = analyze(&median_r_fixture());
    let c = claim(&r, "five_to_seven");
    let p = &c.primary;
    assert_eq!(p.reading, Some(Reading::Touches));
    assert_eq!(p.metric, "median_r");
    assert_eq!(p.n, 32);
    assert_eq!(p.x, None);
    common::close_opt(p.value, 6.0, EPS);
    assert_eq!(p.method, "bootstrap");
    assert!(
        p.resampling_unit.as_deref().is_some_and(|u| u.contains("prospects") && u.contains("2000")),
        "{:?}",
        p.resampling_unit
    );
    // A resample's median is below 5 only if at least 16 of its 32 draws
    // are R = 0 (P ≈ 1e-3 with p = 1/4), far rarer than the 2.5 % tail; it
    // is never above 7. So the 95 % interval lies in [5, 7] and holds 6.
    let (lo, hi) = (p.lo.unwrap(), p.hi.unwrap());
    assert!((5.0..=6.0).contains(&lo) && (6.0..=7.0).contains(&hi), "interval [{lo}, {hi}]");
    assert_eq!(p.claimed, serde_json::json!([5.0, 7.0]));
    assert_eq!(p.verdict, Verdict::Supported);
    // Other reading: for median_r the claimed touches shift (+1 for
    // follow-ups): between 6 and 8. The median is still 6; the resample
    // median drops below 6 only with >= 16 zeros (as above), so lo = 6.
    let a = alt(c);
    assert_eq!(a.reading, Some(Reading::FollowUps));
    assert_eq!(a.claimed, serde_json::json!([6.0, 8.0]));
    common::close_opt(a.value, 6.0, EPS);
    assert_eq!(a.n, 32);
    assert_eq!(a.verdict, Verdict::Supported);
}

/// R over 40 responding prospects: 4 × 0, 6 × 3, 8 × 5, 10 × 8, 5 × 9, 7 × 10.
///   5 <= R <= 8: 8 + 10 = 18 / 40 = 0.45;   6 <= R <= 9: 10 + 5 = 15 / 40.
fn r_between_fixture() -> String {
    let mut body = String::new();
    for (r, count) in [(0, 4), (3, 6), (5, 8), (8, 10), (9, 5), (10, 7)] {
        for id in ids(&format!("c-r{r}"), count) {
            body += &responded_at(&id, r);
        }
    }
    body
}

#[test]
fn fifth_to_eighth_is_the_share_of_first_responses_with_r_5_to_8() {
    let r = analyze(&r_between_fixture());
    let c = claim(&r, "fifth_to_eighth");
    // 18 / 40; Wilson(18, 40) ≈ [0.307, 0.602] straddles 0.50 → inconclusive.
    assert_eq!(c.primary.metric, "share_r_between(lo=5, hi=8)");
    assert_share(&c.primary, 18, 40, Verdict::Inconclusive);
    // Follow-ups reading: touches 6..9: 15 / 40; Wilson ≈ [0.242, 0.530] → inconclusive.
    let a = alt(c);
    assert_eq!(a.metric, "share_r_between(lo=6, hi=9)");
    assert_share(a, 15, 40, Verdict::Inconclusive);
    assert!(!c.readings_disagree());
}

/// Abandoned prospects (January touches, nothing since: T − last touch >=
/// 30 days), `n` touches each, all by one rep. Give-up points per rep:
///   ra01–ra10: [1,1,1,2,3] median 1;   rb01–rb08: [2,2,2,3,3] median 2;
///   rc01–rc22: [3,3,4,4,4] median 4;   rd01–rd02: [1,1,2,3,3,3] median 2.5;
///   re01: [1,1,1,1] (only 4 given up: not eligible, §4).
/// Eligible reps: 10 + 8 + 22 + 2 = 42. Median <= 2: ra + rb = 18.
/// Median <= 1: ra = 10.
fn reps_fixture() -> String {
    let mut body = String::new();
    let mut add = |prefix: &str, reps: usize, points: &[u32]| {
        for rep in ids(prefix, reps) {
            for (j, &n) in points.iter().enumerate() {
                body += &touches_on(&format!("d-{rep}-{j}"), "2026-01", 1, n, &["call"], &rep);
            }
        }
    };
    add("ra", 10, &[1, 1, 1, 2, 3]);
    add("rb", 8, &[2, 2, 2, 3, 3]);
    add("rc", 22, &[3, 3, 4, 4, 4]);
    add("rd", 2, &[1, 1, 2, 3, 3, 3]);
    add("re", 1, &[1, 1, 1, 1]);
    body
}

#[test]
fn give_up_after_one_is_the_share_of_reps_with_median_give_up_at_most_2() {
    let r = analyze(&reps_fixture());
    let c = claim(&r, "give_up_after_one");
    // Follow-ups reading: "after 1 follow-up" = n <= 2: 18 / 42 ≈ 0.4286;
    // Wilson(18, 42) ≈ [0.291, 0.578] holds 0.44 but is wider than the band
    // 0.44 ± 0.05 = [0.39, 0.49] → inconclusive (§7).
    assert_eq!(c.primary.reading, Some(Reading::FollowUps));
    assert_eq!(c.primary.metric, "share_reps_median_give_up_at_most(x=2)");
    assert_share(&c.primary, 18, 42, Verdict::Inconclusive);
    // Touches reading: n <= 1: 10 / 42 ≈ 0.238; Wilson ≈ [0.135, 0.385]
    // lies wholly below the band [0.39, 0.49] → contradicted: the verdict
    // depends on the reading.
    let a = alt(c);
    assert_eq!(a.reading, Some(Reading::Touches));
    assert_eq!(a.metric, "share_reps_median_give_up_at_most(x=1)");
    assert_share(a, 10, 42, Verdict::Contradicted);
    assert!(c.readings_disagree());
}

/// Given-up prospects: 30 abandoned with n = 1, 8 abandoned with n = 2,
/// 2 lost with n = 2 (recent touches, then an inbound opt-out: lost, §2),
/// 5 abandoned with n = 3. Not given up: 5 open (one touch on March 20) and
/// 3 converted at K = 1. Given up: 45; n <= 2: 40; n <= 3: 45.
fn given_up_fixture() -> String {
    let mut body = String::new();
    for id in ids("e-n1", 30) {
        body += &touches(&id, "2026-01", 1);
    }
    for id in ids("e-n2", 8) {
        body += &touches(&id, "2026-01", 2);
    }
    for id in ids("e-lost", 2) {
        body += &touches_on(&id, "2026-03", 20, 2, &["call"], "r1");
        body += &format!("{id},2026-03-22T10:00:00Z,in,email,opted_out,\n");
    }
    for id in ids("e-n3", 5) {
        body += &touches(&id, "2026-01", 3);
    }
    for id in ids("e-open", 5) {
        body += &touches_on(&id, "2026-03", 20, 1, &["call"], "r1");
    }
    for id in ids("e-won", 3) {
        body += &converted_at(&id, 1, "call");
    }
    body
}

#[test]
fn give_up_after_second_is_the_share_of_given_up_prospects_with_n_at_most_2() {
    let r = analyze(&given_up_fixture());
    let c = claim(&r, "give_up_after_second");
    // 40 / 45 ≈ 0.889; Wilson(40, 45) ≈ [0.765, 0.952] against the band
    // 0.93 ± 0.05 = [0.88, 0.98]: it straddles 0.88 → inconclusive.
    assert_eq!(c.primary.metric, "share_given_up_at_most(x=2)");
    assert_share(&c.primary, 40, 45, Verdict::Inconclusive);
    // Follow-ups reading: n <= 3: 45 / 45; Wilson lo = 45 / (45 + z²) ≈ 0.921
    // and hi = 1 > 0.98: it straddles the top of the band → inconclusive.
    let a = alt(c);
    assert_eq!(a.metric, "share_given_up_at_most(x=3)");
    assert_share(a, 45, 45, Verdict::Inconclusive);
    common::close_opt(a.lo, 45.0 / (45.0 + Z * Z), EPS);
}

/// Silences (§5, §8.12, dark_days = 14):
/// - 12 revived: touch Jan 1, touch Jan 20, reply Jan 25. The silence from
///   the first touch (before every response) to the reply lasts 24 days,
///   holds the Jan 20 touch, and revives. The silence after the reply runs
///   to T untouched (not counted).
/// - 28 not revived: touch Jan 1, touch Jan 20, no reply: a silence from
///   Jan 1 to T, touched, not revived.
/// - 5 untouched: touch Jan 1, reply Feb 1 (31 days, no touch inside):
///   revives but received no touch → not counted.
/// - 3 short: touch Jan 1, touch Jan 5, reply Jan 10 (9 days < 14: no
///   silence), then untouched to T.
///
/// Touched silences 40, revived 12 → 0.30.
fn revival_fixture() -> String {
    let mut body = String::new();
    for id in ids("f-rev", 12) {
        body += &format!(
            "{id},2026-01-01T10:00:00Z,out,call,none,r1\n{id},2026-01-20T10:00:00Z,out,email,none,r1\n{id},2026-01-25T10:00:00Z,in,email,replied,\n"
        );
    }
    for id in ids("f-dead", 28) {
        body += &format!("{id},2026-01-01T10:00:00Z,out,call,none,r1\n{id},2026-01-20T10:00:00Z,out,email,none,r1\n");
    }
    for id in ids("f-quiet", 5) {
        body += &format!("{id},2026-01-01T10:00:00Z,out,call,none,r1\n{id},2026-02-01T10:00:00Z,in,email,replied,\n");
    }
    for id in ids("f-short", 3) {
        body += &format!(
            "{id},2026-01-01T10:00:00Z,out,call,none,r1\n{id},2026-01-05T10:00:00Z,out,call,none,r1\n{id},2026-01-10T10:00:00Z,in,email,replied,\n"
        );
    }
    body
}

#[test]
fn dark_is_gone_is_the_revival_rate_of_touched_silences() {
    let r = analyze(&revival_fixture());
    let c = claim(&r, "dark_is_gone");
    // 12 / 40 = 0.30; Wilson(12, 40) ≈ [0.181, 0.454]: lo > 0.05 → contradicted.
    assert_eq!(c.primary.reading, None, "revival is not about touch numbers");
    assert_eq!(c.primary.op, "<=");
    assert_share(&c.primary, 12, 40, Verdict::Contradicted);
    assert!(c.alternate.is_none());
    assert!(!c.readings_disagree());
}

#[test]
fn phone_first_is_the_call_minus_email_first_touch_conversion_rate() {
    let r = analyze(&channel_fixture());
    let c = claim(&r, "phone_first");
    let p = &c.primary;
    assert_eq!(p.reading, None);
    assert_eq!(p.metric, "first_channel_rate_difference(a=call, b=email)");
    common::close_opt(p.value, 0.60 - 0.20, EPS);
    assert_eq!(p.n, 80);
    assert_eq!(p.x, None);
    assert_eq!(p.method, "bootstrap");
    let (lo, hi) = (p.lo.unwrap(), p.hi.unwrap());
    assert!(lo > 0.1 && lo < 0.4 && hi > 0.4 && hi < 0.7, "interval [{lo}, {hi}]");
    assert_eq!(p.verdict, Verdict::Supported);
    assert!(c.alternate.is_none());
}
