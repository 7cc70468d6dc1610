//! Claims (issue 5; METRICS.md §7, §8.16, and §2–§5 for the numbers behind
//! them). Every expected number is worked out by hand in the comments from
//! the spec; Wilson bounds are recomputed from the closed form here, never
//! pasted from the program's output.
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, `dark_days = 14`, every channel a touch channel, `min_rep_prospects
//! = 5`, `min_n = 30`.

use touchstone::claims::verdict::{evaluate, judge, ClaimResult, Evaluation, Verdict, MIN_N};
use touchstone::claims::{self, Metric, Op, Reading};
use touchstone::facts::{Facts, ProspectFacts};
use touchstone::metrics::MetricParams;
use touchstone::model::{Channel, Status};
use touchstone::stats::bootstrap::{difference_interval, median_interval};

use crate::common::{self, json_of, touchstone, wilson_by_hand, Work, HEADER, T, Z};

/// Tolerance for values compared with the program's output.
const EPS: f64 = 1e-9;

// ---------------------------------------------------------------- helpers

fn ids(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{prefix}-{i:02}")).collect()
}

/// `n` outbound touches on days `first..first+n` of `month` at 10:00Z, on
/// `channels[i]` (the last channel repeats), by `rep`.
fn touches_on(id: &str, month: &str, first: u32, n: u32, channels: &[&str], rep: &str) -> String {
    (0..n)
        .map(|i| {
            let ch = channels[(i as usize).min(channels.len() - 1)];
            format!("{id},{month}-{:02}T10:00:00Z,out,{ch},none,{rep}\n", first + i)
        })
        .collect()
}

/// `n` call touches on days 1..=n of `month`, rep `r1`.
fn touches(id: &str, month: &str, n: u32) -> String {
    touches_on(id, month, 1, n, &["call"], "r1")
}

/// Converted at touch `k` (k >= 1): `k` March touches on days 1..=k at 10:00
/// (channel of touch 1 = `first`, then email) and an inbound `won` on day
/// `k` at 12:00, so `K = k` (§2).
fn converted_at(id: &str, k: u32, first: &str) -> String {
    let mut s = touches_on(id, "2026-03", 1, k, &[first, "email"], "r1");
    s += &format!("{id},2026-03-{k:02}T12:00:00Z,in,email,won,\n");
    s
}

/// A conversion with no touch before it (`K = 0`): inbound `won` on
/// March 1 at 09:00, then `later` call touches from 10:00 on.
fn converted_before_touch(id: &str, later: u32) -> String {
    let mut s = format!("{id},2026-03-01T09:00:00Z,in,email,won,\n");
    s += &touches_on(id, "2026-03", 1, later, &["call"], "r1");
    s
}

/// First response at touch `r` (`R = r`): `r` March touches on days
/// 1..=r, inbound reply on day r at 12:00. `r = 0`: the prospect writes
/// first (March 1, 09:00) and gets one touch at 10:00.
fn responded_at(id: &str, r: u32) -> String {
    if r == 0 {
        format!("{id},2026-03-01T09:00:00Z,in,email,replied,\n{id},2026-03-01T10:00:00Z,out,call,none,r1\n")
    } else {
        let mut s = touches(id, "2026-03", r);
        s += &format!("{id},2026-03-{r:02}T12:00:00Z,in,email,replied,\n");
        s
    }
}

fn analyze(body: &str) -> Vec<ClaimResult> {
    common::analyze(body, &common::as_of(T)).claims
}

fn claim<'a>(results: &'a [ClaimResult], id: &str) -> &'a ClaimResult {
    results.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no claim {id}"))
}

fn alt(c: &ClaimResult) -> &Evaluation {
    c.alternate.as_ref().unwrap_or_else(|| panic!("{}: no alternate reading", c.id))
}

/// A proportion evaluation: `x / n`, Wilson bounds, verdict.
#[track_caller]
fn assert_share(e: &Evaluation, x: u64, n: u64, verdict: Verdict) {
    assert_eq!(e.x, Some(x), "x of {}", e.metric);
    assert_eq!(e.n, n, "n of {}", e.metric);
    common::close_opt(e.value, x as f64 / n as f64, EPS);
    let (lo, hi) = wilson_by_hand(x as f64, n as f64);
    common::close_opt(e.lo, lo, EPS);
    common::close_opt(e.hi, hi, EPS);
    assert_eq!(e.method, "wilson");
    assert_eq!(e.verdict, verdict, "verdict of {} ({:?})", e.metric, e);
}

// ------------------------------------------------ fixtures, one per claim

/// 40 conversions with K >= 1: 28 at K = 5, 6 at K = 6, 6 at K = 8; plus
/// two K = 0 conversions (§2: counted separately, not in shares of
/// conversions, §8.8) and three unconverted prospects with 7 touches.
///   K >= 6: 6 + 6 = 12 of 40;  K >= 5: 40 of 40;  K >= 7: 6 of 40.
fn conversions_fixture() -> String {
    let mut body = String::new();
    for id in ids("a-k5", 28) {
        body += &converted_at(&id, 5, "call");
    }
    for id in ids("a-k6", 6) {
        body += &converted_at(&id, 6, "call");
    }
    for id in ids("a-k8", 6) {
        body += &converted_at(&id, 8, "call");
    }
    for id in ids("a-k0", 2) {
        body += &converted_before_touch(&id, 7);
    }
    for id in ids("a-open", 3) {
        body += &touches(&id, "2026-03", 7);
    }
    body
}

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
    // Wilson(18, 42) ≈ [0.291, 0.578] contains 0.44 → supported.
    assert_eq!(c.primary.reading, Some(Reading::FollowUps));
    assert_eq!(c.primary.metric, "share_reps_median_give_up_at_most(x=2)");
    assert_share(&c.primary, 18, 42, Verdict::Supported);
    // Touches reading: n <= 1: 10 / 42 ≈ 0.238; Wilson ≈ [0.135, 0.385]
    // excludes 0.44 → contradicted: the verdict depends on the reading.
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
    // 40 / 45 ≈ 0.889; Wilson(40, 45) ≈ [0.765, 0.952] contains 0.93 → supported.
    assert_eq!(c.primary.metric, "share_given_up_at_most(x=2)");
    assert_share(&c.primary, 40, 45, Verdict::Supported);
    // Follow-ups reading: n <= 3: 45 / 45; Wilson lo = 45 / (45 + z²) ≈ 0.921
    // <= 0.93 <= 1 → supported.
    let a = alt(c);
    assert_eq!(a.metric, "share_given_up_at_most(x=3)");
    assert_share(a, 45, 45, Verdict::Supported);
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

/// First-touch channels (§8.16):
/// - call: 24 converted at K = 2 (touch 1 call), 8 abandoned (Jan 1 call,
///   Jan 2 email), 8 open (one call on March 25): 24 / 40 = 0.60;
/// - email: 8 converted at K = 1, 32 abandoned: 8 / 40 = 0.20;
/// - excluded: 3 K = 0 converters whose touch 1 is a call (they would make
///   the call rate 27/43 or 24/43), and 4 converters whose touch 1 is an sms.
/// Difference 0.60 − 0.20 = 0.40, n = 80. Bootstrap s.e. ≈ sqrt(.24/40 +
/// .16/40) = 0.10, so the 95 % interval is about [0.2, 0.6]: lo > 0.
fn channel_fixture() -> String {
    let mut body = String::new();
    for id in ids("g-call-won", 24) {
        body += &converted_at(&id, 2, "call");
    }
    for id in ids("g-call-gone", 8) {
        body += &touches_on(&id, "2026-01", 1, 2, &["call", "email"], "r1");
    }
    for id in ids("g-call-open", 8) {
        body += &touches_on(&id, "2026-03", 25, 1, &["call"], "r1");
    }
    for id in ids("g-call-k0", 3) {
        body += &converted_before_touch(&id, 1);
    }
    for id in ids("g-email-won", 8) {
        body += &converted_at(&id, 1, "email");
    }
    for id in ids("g-email-gone", 32) {
        body += &touches_on(&id, "2026-01", 1, 2, &["email"], "r1");
    }
    for id in ids("g-sms-won", 4) {
        body += &converted_at(&id, 1, "sms");
    }
    body
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

// ------------------------------------------------------------ verdicts

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
    let a = Op::About(0.44);
    assert_eq!(judge(&a, 0.3, 0.6), Verdict::Supported);
    assert_eq!(judge(&a, 0.44, 0.6), Verdict::Supported, "claimed value at lo");
    assert_eq!(judge(&a, 0.3, 0.44), Verdict::Supported, "claimed value at hi");
    assert_eq!(judge(&a, 0.44, 0.44), Verdict::Supported);
    assert_eq!(judge(&a, 0.45, 0.6), Verdict::Contradicted);
    assert_eq!(judge(&a, 0.1, 0.43), Verdict::Contradicted);
    // For `about` every interval either holds the value or lies wholly on
    // one side of it, so §7 leaves no room for `inconclusive`.
    for (lo, hi) in [(0.0, 0.1), (0.2, 0.5), (0.439, 0.441), (0.5, 1.0)] {
        assert_ne!(judge(&a, lo, hi), Verdict::Inconclusive);
    }
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
            dark: Default::default(),
        });
    }
    Facts { as_of: None, quiet_days: 30, dark_days: 14, prospects }
}

#[test]
fn revival_on_summary_facts_is_insufficient_data_with_the_reason() {
    let results = evaluate(&claims::seeds(), &summary_facts(), None, &MetricParams::default());
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
    assert_eq!(five.reading, Reading::FollowUps);
    let other = five.alternate().expect("a claim about touches has another reading");
    assert_eq!(other.metric, Metric::ShareConversionsKAtLeast { x: 5 });
    assert_eq!(other.reading, Reading::Touches);
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

// ------------------------------------------------------------ claims files

const GOOD: &str = r#"
[[claim]]
id = "five_followups"
quote = "half of sales need 5 follow-ups"
source = "our VP"
metric = "share_conversions_k_at_least"
params = { x = 6 }
reading = "follow-ups"
op = ">="
value = 0.5

[[claim]]
id = "first_touch_hazard"
quote = "one in ten convert on the first touch"
source = "team lore"
metric = "hazard_at"
params = { k = 1 }
op = "about"
value = 0.1
"#;

#[test]
fn seeds_are_the_eight_claims_of_section_7() {
    let seeds = claims::seeds();
    let got: Vec<&str> = seeds.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        got,
        [
            "five_followups",
            "after_fifth_touch",
            "five_to_seven",
            "fifth_to_eighth",
            "give_up_after_one",
            "give_up_after_second",
            "dark_is_gone",
            "phone_first"
        ]
    );
    let get = |id: &str| seeds.iter().find(|c| c.id == id).unwrap();
    assert_eq!(get("five_followups").op, Op::AtLeast(0.80));
    assert_eq!(get("after_fifth_touch").metric, Metric::ShareConversionsKAtLeast { x: 6 });
    assert_eq!(get("after_fifth_touch").op, Op::About(0.80));
    assert_eq!(get("five_to_seven").op, Op::Between(5.0, 7.0));
    assert_eq!(get("fifth_to_eighth").metric, Metric::ShareRBetween { lo: 5, hi: 8 });
    assert_eq!(get("fifth_to_eighth").op, Op::AtLeast(0.5));
    assert_eq!(get("give_up_after_one").metric, Metric::ShareRepsMedianGiveUpAtMost { x: 2 });
    assert_eq!(get("give_up_after_one").op, Op::About(0.44));
    assert_eq!(get("give_up_after_second").metric, Metric::ShareGivenUpAtMost { x: 2 });
    assert_eq!(get("give_up_after_second").op, Op::About(0.93));
    assert_eq!(get("dark_is_gone").metric, Metric::RevivalRate { min_days: None });
    assert_eq!(get("dark_is_gone").op, Op::AtMost(0.05));
    assert_eq!(get("phone_first").metric, Metric::FirstChannelRateDifference { a: Channel::Call, b: Channel::Email });
    assert_eq!(get("phone_first").op, Op::AtLeast(0.0));
    assert!(seeds.iter().all(|c| !c.quote.is_empty() && !c.source.is_empty()));
}

#[test]
fn a_claims_file_replaces_by_id_and_adds_new_claims() {
    let w = Work::new();
    let path = w.file("mine.toml", GOOD);
    let all = claims::load(Some(&path)).expect("valid file");
    assert_eq!(all.len(), 9, "8 seeds, one replaced, one added");
    assert_eq!(all[0].id, "five_followups", "a replaced claim keeps its place");
    assert_eq!(all[0].op, Op::AtLeast(0.5));
    assert_eq!(all[0].quote, "half of sales need 5 follow-ups");
    assert_eq!(all[8].id, "first_touch_hazard");
    assert_eq!(all[8].metric, Metric::HazardAt { k: 1 });
    assert_eq!(all[8].reading, Reading::Touches, "reading defaults to touches");
    assert_eq!(all.iter().filter(|c| c.id == "five_followups").count(), 1);
    assert_eq!(claims::load(None).unwrap(), claims::seeds());

    // Evaluated on the conversions fixture: K >= 6 in 12 / 40; Wilson ≈
    // [0.181, 0.454], hi < 0.5 → contradicted. hazard(1) = conversions at
    // K = 1 / prospects with m >= 1 = 0 / 43 (40 converted at K >= 5 and 3
    // open with 7 touches; the two K = 0 have m = 0): Wilson(0, 43) =
    // [0, z²/(43 + z²)] ≈ [0, 0.082] holds 0.1? 0.082 < 0.1 → contradicted.
    let loaded = common::load(&conversions_fixture(), &common::as_of(T));
    let r = evaluate(&all, &loaded.facts, None, &MetricParams::default());
    assert_share(&claim(&r, "five_followups").primary, 12, 40, Verdict::Contradicted);
    let h = claim(&r, "first_touch_hazard");
    assert_share(&h.primary, 0, 43, Verdict::Contradicted);
    common::close_opt(h.primary.hi, Z * Z / (43.0 + Z * Z), EPS);
    // Its other reading (follow-ups): hazard at touch 2: 0 / 43 as well.
    assert_eq!(alt(h).metric, "hazard_at(k=2)");
}

fn parse_err(text: &str) -> String {
    match claims::parse(text, "bad.toml") {
        Ok(c) => panic!("expected an error, parsed {} claim(s)", c.len()),
        Err(e) => e.to_string(),
    }
}

const FIRST_OK: &str = "[[claim]]\nid = \"ok\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"median_r\"\nop = \"between\"\nvalue = [5, 7]\n\n";
// FIRST_OK is lines 1–7 plus a blank line 8; the claim under test starts on line 9.

#[test]
fn an_unknown_metric_names_the_claim_and_the_line() {
    // line 9 [[claim]], 10 id, 11 quote, 12 source, 13 metric.
    let text = format!("{FIRST_OK}[[claim]]\nid = \"mystery\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"conversion_magic\"\nop = \">=\"\nvalue = 0.5\n");
    let e = parse_err(&text);
    assert!(e.contains("bad.toml"), "{e}");
    assert!(e.contains("line 13"), "{e}");
    assert!(e.contains("mystery"), "{e}");
    assert!(e.contains("unknown metric") && e.contains("conversion_magic"), "{e}");
    assert!(e.contains("share_conversions_k_at_least"), "lists the catalogue: {e}");
}

#[test]
fn a_missing_field_names_the_field_and_the_line() {
    // Second claim (lines 9–14) has no `op`.
    let text = format!(
        "{FIRST_OK}[[claim]]\nid = \"no_op\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"median_r\"\nvalue = 6\n"
    );
    let e = parse_err(&text);
    assert!(e.contains("bad.toml"), "{e}");
    assert!(e.contains("op"), "{e}");
    assert!(e.contains("missing"), "{e}");
    assert!(e.contains("claim 'no_op'"), "the error names the claim: {e}");
    let line: usize = e
        .split("line ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no line number in: {e}"));
    assert!((9..=14).contains(&line), "line {line} should point into the second claim: {e}");
}

#[test]
fn a_wrong_value_type_names_the_claim_and_the_line() {
    // line 9 [[claim]] … 14 op, 15 value.
    let text = format!("{FIRST_OK}[[claim]]\nid = \"loud\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"revival_rate\"\nop = \"<=\"\nvalue = \"high\"\n");
    let e = parse_err(&text);
    assert!(e.contains("line 15"), "{e}");
    assert!(e.contains("loud"), "{e}");
    assert!(e.contains("value") && e.contains("number") && e.contains("string"), "{e}");
}

#[test]
fn a_wrong_param_type_names_the_claim_and_the_line() {
    // line 9 [[claim]], 10 id, 11 quote, 12 source, 13 metric, 14 params.
    let text = format!(
        "{FIRST_OK}[[claim]]\nid = \"sixish\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"share_conversions_k_at_least\"\nparams = {{ x = \"six\" }}\nop = \">=\"\nvalue = 0.8\n"
    );
    let e = parse_err(&text);
    assert!(e.contains("line 14"), "{e}");
    assert!(e.contains("sixish"), "{e}");
    assert!(e.contains("params.x") && e.contains("integer"), "{e}");
    // A missing parameter is named too.
    let text =
        "[[claim]]\nid = \"nox\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"hazard_at\"\nop = \">=\"\nvalue = 0.1\n";
    let e = parse_err(text);
    assert!(e.contains("nox") && e.contains("params.k"), "{e}");
}

#[test]
fn cli_bad_claims_file_exits_2_with_the_message() {
    let w = Work::new();
    let bad = w.file(
        "bad.toml",
        "[[claim]]\nid = \"sixish\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"share_conversions_k_at_least\"\nparams = { x = \"six\" }\nop = \">=\"\nvalue = 0.8\n",
    );
    let out = touchstone().args(["claims", "--claims"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("line 6") && err.contains("sixish") && err.contains("params.x"),
        "{err}"
    );

    let unknown = w.file(
        "unknown.toml",
        "[[claim]]\nid = \"m\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"nope\"\nop = \">=\"\nvalue = 0.8\n",
    );
    let out = touchstone().args(["claims", "--claims"]).arg(&unknown).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 5") && err.contains("unknown metric 'nope'"), "{err}");
}

// --------------------------------------------------------------------- CLI

#[test]
fn cli_scorecard_on_the_sample_without_colour_off_a_terminal() {
    let out = touchstone().arg("claims").output().unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no ANSI escapes when stdout is a pipe");
    for head in ["claim", "measured", "95% interval", "n", "claimed", "verdict"] {
        assert!(text.contains(head), "header {head}: {text}");
    }
    for id in [
        "five_followups",
        "after_fifth_touch",
        "five_to_seven",
        "fifth_to_eighth",
        "give_up_after_one",
        "give_up_after_second",
        "dark_is_gone",
        "phone_first",
    ] {
        assert!(text.contains(id), "{id} in the scorecard");
    }
    // Quotes and sources are printed.
    assert!(text.contains("80% of sales require 5 follow-up calls after a meeting"));
    assert!(text.contains("The Marketing Donut"));
    assert!(["supported", "contradicted", "inconclusive", "insufficient data"].iter().any(|v| text.contains(v)));
}

#[test]
fn cli_json_has_every_claim_with_the_documented_fields() {
    let v = json_of(&["claims", "--format", "json"]);
    let claims = v["claims"].as_array().expect("claims array");
    assert_eq!(claims.len(), 8);
    let verdicts = ["supported", "contradicted", "inconclusive", "insufficient data"];
    for c in claims {
        for key in
            ["id", "quote", "source", "reading", "value", "lo", "hi", "x", "n", "op", "claimed", "verdict", "alternate"]
        {
            assert!(c.get(key).is_some(), "{}: missing {key}", c["id"]);
        }
        assert!(verdicts.contains(&c["verdict"].as_str().unwrap()), "{}", c["verdict"]);
        let about_touches = !matches!(c["id"].as_str().unwrap(), "dark_is_gone" | "phone_first");
        if about_touches {
            let a = &c["alternate"];
            for key in ["reading", "value", "lo", "hi", "x", "n", "op", "claimed", "verdict"] {
                assert!(a.get(key).is_some(), "{}: missing alternate.{key}", c["id"]);
            }
            assert_ne!(a["reading"], c["reading"]);
        } else {
            assert!(c["alternate"].is_null());
            assert!(c["reading"].is_null());
        }
    }
    let ff = claims.iter().find(|c| c["id"] == "five_followups").unwrap();
    assert_eq!(ff["reading"], "follow-ups");
    assert_eq!(ff["alternate"]["reading"], "touches");
    assert_eq!(ff["op"], ">=");
    assert_eq!(ff["claimed"], 0.8);
    let ft = claims.iter().find(|c| c["id"] == "five_to_seven").unwrap();
    assert_eq!(ft["claimed"], serde_json::json!([5.0, 7.0]));
    // A proportion: value = x / n within its interval.
    let (x, n) = (ff["x"].as_f64().unwrap(), ff["n"].as_f64().unwrap());
    common::close(ff["value"].as_f64().unwrap(), x / n, EPS);
    let (lo, hi) = wilson_by_hand(x, n);
    common::close(ff["lo"].as_f64().unwrap(), lo, EPS);
    common::close(ff["hi"].as_f64().unwrap(), hi, EPS);
}

#[test]
fn cli_csv_has_both_readings_and_md_one_row_per_claim_plus_disagreements() {
    let j = json_of(&["claims", "--format", "json"]);
    let claims = j["claims"].as_array().unwrap();
    let with_alt = claims.iter().filter(|c| !c["alternate"].is_null()).count();
    let disagree: Vec<&str> = claims
        .iter()
        .filter(|c| !c["alternate"].is_null() && c["alternate"]["verdict"] != c["verdict"])
        .map(|c| c["id"].as_str().unwrap())
        .collect();

    let out = touchstone().args(["claims", "--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    for key in ["id", "reading", "value", "lo", "hi", "x", "n", "op", "claimed", "verdict"] {
        assert!(headers.iter().any(|h| h == key), "csv column {key}");
    }
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 8 + with_alt, "one row per claim and reading");
    let idx = headers.iter().position(|h| h == "id").unwrap();
    for c in claims {
        let id = c["id"].as_str().unwrap();
        let expect = if c["alternate"].is_null() { 1 } else { 2 };
        assert_eq!(rows.iter().filter(|r| &r[idx] == id).count(), expect, "{id}");
    }

    let out = touchstone().args(["claims", "--format", "md"]).output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert!(lines[0].contains("claim") && lines[0].contains("verdict"));
    assert!(lines[1].starts_with("|---"));
    let body = &lines[2..];
    assert_eq!(body.len(), 8 + disagree.len(), "one row per claim, plus the other reading where it differs");
    for c in claims {
        let id = c["id"].as_str().unwrap();
        let expect = if disagree.contains(&id) { 2 } else { 1 };
        assert_eq!(body.iter().filter(|l| l.starts_with(&format!("| {id} |"))).count(), expect, "{id}");
    }
}

#[test]
fn cli_explain_shows_definition_counts_and_ids() {
    let w = Work::new();
    let log = w.file("log.csv", &format!("{HEADER}\n{}", conversions_fixture()));
    let out = touchstone().args(["claims", "--as-of", T, "--explain", "five_followups"]).arg(&log).output().unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("five_followups"));
    assert!(text.contains("definition"), "{text}");
    assert!(text.contains("K >= 6"), "{text}");
    // 12 of 40 (follow-ups reading), 40 of 40 (touches reading).
    assert!(text.contains("numerator 12 / denominator 40"), "{text}");
    assert!(text.contains("numerator 40 / denominator 40"), "{text}");
    // The prospects behind K >= 6: a-k6-01..06 and a-k8-01..06, none of the others.
    for id in ids("a-k6", 6).iter().chain(ids("a-k8", 6).iter()) {
        assert!(text.contains(id.as_str()), "{id} listed: {text}");
    }
    assert!(!text.contains("a-k0-") && !text.contains("a-open-"), "{text}");

    let out = touchstone().args(["claims", "--explain", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}

#[test]
fn cli_claims_file_on_the_sample_replaces_and_adds() {
    let w = Work::new();
    let path = w.file("mine.toml", GOOD);
    let v = json_of(&["claims", "--format", "json", "--claims", path.to_str().unwrap()]);
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 9);
    assert_eq!(claims[0]["id"], "five_followups");
    assert_eq!(claims[0]["claimed"], 0.5);
    assert_eq!(claims[0]["quote"], "half of sales need 5 follow-ups");
    assert_eq!(claims[8]["id"], "first_touch_hazard");
    assert_eq!(claims[8]["op"], "about");
}

#[test]
fn analyze_json_holds_the_same_claims_array() {
    let a = json_of(&["analyze", "--format", "json"]);
    let c = json_of(&["claims", "--format", "json"]);
    assert!(a["claims"].is_array());
    assert_eq!(a["claims"], c["claims"]);
}

// ---------------------------------------------------------- bank marketing

#[test]
fn bank_marketing_five_followups_is_the_share_of_subscribers_with_6_or_more_contacts() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/uci_bank_marketing/bank-full.csv");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    // The summary reader (src/ingest/summary.rs) takes `campaign` alone as
    // the touch count and `y` as the converted flag; K = n for converted
    // rows. Count the same way, independently, with the csv crate.
    let mut rdr = csv::ReaderBuilder::new().delimiter(b';').from_path(&path).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (campaign, y) = (col("campaign"), col("y"));
    let (mut subscribers, mut six_plus, mut five_plus) = (0u64, 0u64, 0u64);
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if rec[y].trim() != "yes" {
            continue;
        }
        let k: u64 = rec[campaign].trim().parse().unwrap();
        if k >= 1 {
            subscribers += 1;
            six_plus += u64::from(k >= 6);
            five_plus += u64::from(k >= 5);
        }
    }
    assert!(subscribers > 5000, "bank-full has 5,289 subscribers");

    let v = json_of(&["claims", "--format", "json", "--summary", path.to_str().unwrap()]);
    let ff = v["claims"].as_array().unwrap().iter().find(|c| c["id"] == "five_followups").unwrap().clone();
    assert_eq!(ff["x"], six_plus);
    assert_eq!(ff["n"], subscribers);
    common::close(ff["value"].as_f64().unwrap(), six_plus as f64 / subscribers as f64, EPS);
    let (lo, hi) = wilson_by_hand(six_plus as f64, subscribers as f64);
    common::close(ff["lo"].as_f64().unwrap(), lo, EPS);
    common::close(ff["hi"].as_f64().unwrap(), hi, EPS);
    // A small share, far below 80 %: contradicted.
    assert!(hi < 0.8);
    assert_eq!(ff["verdict"], "contradicted");
    // Touches reading: K >= 5.
    assert_eq!(ff["alternate"]["x"], five_plus);
    assert_eq!(ff["alternate"]["n"], subscribers);
    // No event times: revival is insufficient data, with a reason.
    let dark = v["claims"].as_array().unwrap().iter().find(|c| c["id"] == "dark_is_gone").unwrap().clone();
    assert_eq!(dark["verdict"], "insufficient data");
    assert!(dark["reason"].as_str().is_some_and(|s| !s.is_empty()));
}
