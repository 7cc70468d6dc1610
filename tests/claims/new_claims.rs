//! docs/metrics.md §7, the three claims added by issue 16 (`over_at_hello`,
//! `follow_up_resistance`, `chasing_too_hard`) and `about` with its band
//! `tol`, each on a hand-worked fixture. Bootstrap intervals cannot be
//! worked by hand: their tests check the value and `n` by hand and give the
//! fixture an effect many standard errors wide, so the verdict is certain.

use touchstone::claims::verdict::{evaluate, Verdict};
use touchstone::claims::{self, Op};
use touchstone::metrics::MetricParams;

use super::{analyze, assert_share, claim, converted_at, ids, touches, EPS};
use crate::common::{self, wilson_by_hand, T};

/// 36 prospects converted at touch 1 and 4 at touch 3 (§2: K = 1 and K = 3).
fn hello_fixture() -> String {
    let mut s = String::new();
    for id in ids("h-k1", 36) {
        s += &converted_at(&id, 1, "call");
    }
    for id in ids("h-k3", 4) {
        s += &converted_at(&id, 3, "call");
    }
    s
}

#[test]
fn over_at_hello_is_the_share_of_conversions_at_touch_1() {
    // K = 1 in 36 of 40 conversions = 0.9; Wilson(36, 40) ≈ [0.769, 0.960],
    // lo >= 0.50 → supported. The quote counts nothing: no other reading.
    let r = analyze(&hello_fixture());
    let c = claim(&r, "over_at_hello");
    assert_share(&c.primary, 36, 40, Verdict::Supported);
    assert_eq!(c.primary.reading, None);
    assert!(c.alternate.is_none());
    assert_eq!(c.title, "Most sales are decided at the first touch");
}

/// A user claim on the hello fixture's share (0.9, Wilson ≈ [0.769, 0.960]).
fn about(value: f64, tol: f64) -> Verdict {
    let text = format!(
        "[[claim]]\nid = \"a\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"share_conversions_k_between\"\n\
         params = {{ lo = 1, hi = 1 }}\nop = \"about\"\nvalue = {value}\ntol = {tol}\n"
    );
    let claims = claims::parse(&text, "t.toml").unwrap();
    assert_eq!(claims[0].op, Op::About(value, tol));
    let loaded = common::load(&hello_fixture(), &common::as_of(T));
    evaluate(&claims, &loaded.facts, Default::default(), &MetricParams::default())[0].primary.verdict
}

#[test]
fn about_is_supported_inside_the_band_contradicted_outside_inconclusive_across() {
    let (lo, hi) = wilson_by_hand(36.0, 40.0);
    // Inside: about 0.9 ± 0.15 is [0.75, 1.05], which holds [lo, hi].
    assert!(0.75 <= lo && hi <= 1.05);
    assert_eq!(about(0.9, 0.15), Verdict::Supported);
    // Outside: about 0.5 ± 0.05 is [0.45, 0.55], wholly below lo ≈ 0.769.
    assert!(0.55 < lo);
    assert_eq!(about(0.5, 0.05), Verdict::Contradicted);
    // Straddling: about 0.9 ± 0.05 is [0.85, 0.95]; lo < 0.85 and hi > 0.95.
    // The interval holds 0.9 yet is wider than the band: inconclusive.
    assert!(lo < 0.85 && hi > 0.95);
    assert_eq!(about(0.9, 0.05), Verdict::Inconclusive);
}

#[test]
fn follow_up_resistance_is_pooled_hazard_2_to_5_minus_hazard_1() {
    // 30 converted at K = 1, 10 at K = 2, 40 open with 5 touches (last
    // touch March 5, 26 days before T < quiet_days: open, m = 5).
    // reached(1) = 80, hazard(1) = 30 / 80 = 0.375.
    // reached(2) = 10 + 40 = 50, reached(3) = reached(4) = reached(5) = 40:
    // sum 170; conversions at K in 2..5 = 10; pooled = 10 / 170.
    // value = 10/170 - 30/80 ≈ -0.316. n = n1 + n2 (§8.16): the touch
    // numbers reached in each group, 170 + 80 = 250.
    let mut s = String::new();
    for id in ids("f-k1", 30) {
        s += &converted_at(&id, 1, "call");
    }
    for id in ids("f-k2", 10) {
        s += &converted_at(&id, 2, "call");
    }
    for id in ids("f-open", 40) {
        s += &touches(&id, "2026-03", 5);
    }
    let r = analyze(&s);
    let c = claim(&r, "follow_up_resistance");
    let e = &c.primary;
    common::close_opt(e.value, 10.0 / 170.0 - 30.0 / 80.0, EPS);
    assert_eq!((e.n, e.n1, e.n2), (250, Some(170), Some(80)));
    assert_eq!(e.x, None);
    assert_eq!(e.method, "bootstrap");
    assert!(e.definition.contains("10 conversions / 170") && e.definition.contains("30 / 80"), "{}", e.definition);
    let (lo, hi) = (e.lo.unwrap(), e.hi.unwrap());
    assert!(lo <= e.value.unwrap() && e.value.unwrap() <= hi, "[{lo}, {hi}]");
    // The standard error of hazard(1) alone is sqrt(0.375 * 0.625 / 80) ≈
    // 0.054: the difference is about 6 of them below 0, so hi <= 0.
    assert_eq!(e.verdict, Verdict::Supported, "{e:?}");
    assert!(c.alternate.is_none(), "reading = none");
}

/// Two touches per prospect, touch 2 after `gap` (an RFC 3339 time on
/// March 1 or later); the first `answered` prospects reply the day after touch 2.
fn two_touches(prefix: &str, count: usize, second: &str, answered: usize, reply: &str) -> String {
    let mut s = String::new();
    for (i, id) in ids(prefix, count).iter().enumerate() {
        s += &format!("{id},2026-03-01T10:00:00Z,out,email,none,r1\n{id},{second},out,email,none,r1\n");
        if i < answered {
            s += &format!("{id},{reply},in,email,replied,\n");
        }
    }
    s
}

#[test]
fn chasing_too_hard_is_the_answer_rate_under_1_day_minus_3_to_7_days() {
    // 40 prospects get touch 2 six hours after touch 1 (gap 0.25 d: <1d);
    // 10 of them reply the next day, before any other touch: 10 / 40 = 0.25.
    // 40 get touch 2 four days after (3-7d); 30 reply: 30 / 40 = 0.75.
    // No reply comes between touch 1 and touch 2, so touch 1 (bucket
    // `first`) is never answered and does not enter. value = 0.25 - 0.75 = -0.5;
    // n = 80 touches.
    let mut s = two_touches("q", 40, "2026-03-01T16:00:00Z", 10, "2026-03-02T10:00:00Z");
    s += &two_touches("w", 40, "2026-03-05T10:00:00Z", 30, "2026-03-06T10:00:00Z");
    let r = analyze(&s);
    let e = &claim(&r, "chasing_too_hard").primary;
    common::close_opt(e.value, -0.5, EPS);
    assert_eq!(e.n, 80);
    assert!(e.definition.contains("(10 answered / 40 touches vs 30 / 40)"), "{}", e.definition);
    assert_eq!(e.metric, "gap_response_rate_difference(a=<1d, b=3-7d)");
    // Two proportions of 40: standard error of the difference ≈
    // sqrt(0.25·0.75/40 + 0.75·0.25/40) ≈ 0.097, so -0.5 is 5 of them below 0.
    let (lo, hi) = (e.lo.unwrap(), e.hi.unwrap());
    assert!(lo <= -0.5 && (-0.5..0.0).contains(&hi), "[{lo}, {hi}]");
    assert_eq!(e.verdict, Verdict::Supported);
    // The cadence table counts the same touches (§6).
    let a = common::analyze(&s, &common::as_of(T));
    let gaps = a.cadence.unwrap().response_by_gap;
    let row = |b: &str| gaps.iter().find(|g| g.bucket == b).map(|g| (g.answered, g.touches)).unwrap();
    assert_eq!(row("<1d"), (10, 40));
    assert_eq!(row("3-7d"), (30, 40));
}

#[test]
fn chasing_too_hard_needs_the_event_log() {
    // Facts carry no gaps between touches: insufficient data, with the reason.
    let s = two_touches("q", 40, "2026-03-01T16:00:00Z", 10, "2026-03-02T10:00:00Z");
    let loaded = common::load(&s, &common::as_of(T));
    let r = evaluate(&claims::seeds(), &loaded.facts, Default::default(), &MetricParams::default());
    let e = &claim(&r, "chasing_too_hard").primary;
    assert_eq!(e.verdict, Verdict::InsufficientData);
    assert!(e.reason.as_deref().unwrap().contains("event log"), "{:?}", e.reason);
}
