//! docs/metrics.md §5, time to dark (with §8.13): who is engaged and who went
//! dark, time to dark with its quantiles and Kaplan–Meier curve, and
//! chasing after dark; plus the invariants of §5 on random logs.
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//! Where the spec is silent the module docs' decisions are tested as
//! documented (and say so).
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `dark_days =
//! 14`, `quiet_days = 30`, every channel is a touch channel, default metric
//! params (`cap = 15`).
//!
//! Day arithmetic used below: January 31 days, February 28 days (2026).

use proptest::prelude::*;
use touchstone::analysis::Analysis;
use touchstone::facts::FactsParams;

use crate::common::{self, approx, approx_opt, get, km_band_by_hand, ts, T};

#[test]
fn dark_boundary_converted_lost_and_connected_only_prospects() {
    // T = 03-31T00. dark_days = 14 → dark iff T - last response >= 14 d
    // exactly (µs).
    // a: touch 03-01, reply 03-17T00 → T - 03-17 = 14 d exactly → dark.
    //    dark_at = 03-17; start = first touch 03-01 → time to dark 16 d.
    // b: reply 03-17T00:00:00.000001 → T - it = 14 d - 1 µs → not dark.
    // c: reply 02-02, inbound won 02-03 → converted → never dark (engaged).
    // d: reply 02-02, inbound opted_out 02-03 → said no → not dark (engaged).
    // d2: reply 02-02, outbound `lost` 02-05 → not dark (engaged).
    // e: email 02-01T00, outbound call `connected` 02-03T12 — its only
    //    response is outbound → engaged; T - 02-03T12 >= 14 d → dark,
    //    dark_at = 02-03T12, time to dark = 2.5 d from the first touch.
    // f: one touch, no response → not engaged.
    // engaged = {a,b,c,d,d2,e} = 6; dark = {a,e} = 2.
    // time-to-dark sample [2.5, 16]: median = p50 at pos 0.5 = 9.25;
    //   p25 at pos 0.25 = 2.5 + 0.25*13.5 = 5.875; p75 = 2.5 + 0.75*13.5 =
    //   12.625; p90 = 2.5 + 0.9*13.5 = 14.65.
    let body = "\
a,2026-03-01T00:00:00Z,out,call,none,r1
a,2026-03-17T00:00:00Z,in,email,replied,
b,2026-03-01T00:00:00Z,out,call,none,r1
b,2026-03-17T00:00:00.000001Z,in,email,replied,
c,2026-02-01T00:00:00Z,out,call,none,r1
c,2026-02-02T00:00:00Z,in,email,replied,
c,2026-02-03T00:00:00Z,in,email,won,
d,2026-02-01T00:00:00Z,out,call,none,r1
d,2026-02-02T00:00:00Z,in,email,replied,
d,2026-02-03T00:00:00Z,in,email,opted_out,
d2,2026-02-01T00:00:00Z,out,call,none,r1
d2,2026-02-02T00:00:00Z,in,email,replied,
d2,2026-02-05T00:00:00Z,out,call,lost,r1
e,2026-02-01T00:00:00Z,out,email,none,r1
e,2026-02-03T12:00:00Z,out,call,connected,r1
f,2026-03-01T00:00:00Z,out,call,none,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    let a = get(&l, "a");
    assert!(a.dark.engaged);
    assert_eq!(a.dark.start_ts, Some(ts("2026-03-01T00:00:00Z")));
    assert_eq!(a.dark.dark_at, Some(ts("2026-03-17T00:00:00Z")), "14 d exactly is dark");
    let b = get(&l, "b");
    assert!(b.dark.engaged);
    assert_eq!(b.dark.dark_at, None, "14 d - 1 µs is not dark");
    for id in ["c", "d", "d2"] {
        let p = get(&l, id);
        assert!(p.dark.engaged, "{id} engaged");
        assert_eq!(p.dark.dark_at, None, "{id}: converted / said no is never dark");
    }
    let e = get(&l, "e");
    assert!(e.dark.engaged, "an outbound connected call is a response");
    assert_eq!(e.dark.start_ts, Some(ts("2026-02-01T00:00:00Z")));
    assert_eq!(e.dark.dark_at, Some(ts("2026-02-03T12:00:00Z")));
    let f = get(&l, "f");
    assert!(!f.dark.engaged);
    assert_eq!(f.dark.dark_at, None);

    let an = common::analyze(body, &params);
    let ttd = an.time_to_dark.as_ref().expect("dated input has time to dark");
    assert_eq!(ttd.dark_days, 14);
    assert_eq!(ttd.engaged, 6);
    assert_eq!(ttd.dark, 2);
    approx_opt(ttd.median_days, 9.25);
    approx_opt(ttd.p25_days, 5.875);
    approx_opt(ttd.p75_days, 12.625);
    approx_opt(ttd.p90_days, 14.65);
    for r in &ttd.km {
        assert_eq!(r.at_risk + r.events + r.censored, 6, "day {}", r.day);
    }
}

#[test]
fn time_to_dark_quantiles_and_km_rows_by_hand_and_lifelines() {
    // Five dark prospects (time to dark = dark_at - first touch or response):
    //   k1: touch 02-01T00, reply 02-01T12            → 0.5 d
    //   k2: touch 02-01, reply 02-03                  → 2 d
    //   k3: touch 02-01, replies 02-02, 02-05 (last)  → 4 d
    //   k4: reply 02-01 (spoke first: start = the response), touch 02-03,
    //       reply 02-09                               → 8 d
    //   k5: touches 02-01, 02-04, reply 02-11         → 10 d
    //   (all last responses are >= 14 d before T: dark.)
    // Two engaged, not dark, censored at T (duration T - start):
    //   c3: touch 03-28T00, reply 03-28T06 (2.75 d before T) → 3 d censored
    //   c20: touch 03-11, reply 03-25 (6 d before T)          → 20 d censored
    // n0: touch only → not engaged.
    // engaged = 7, dark = 5.
    // Quantiles of [0.5, 2, 4, 8, 10] (type 7): median = x2 = 4; p25 at pos 1
    //   = 2; p75 at pos 3 = 8; p90 at pos 3.6 = 8 + 0.6*2 = 9.2.
    // KM (event = dark): 0.5E 2E 3C 4E 8E 10E 20C.
    //   t=0.5 n=7 d=1: S = 6/7,            V = 1/42
    //   t=2   n=6 d=1: S = 5/7,            V += 1/30
    //   t=3   censored (n=5)
    //   t=4   n=4 d=1: S = 15/28,          V += 1/12
    //   t=8   n=3 d=1: S = 5/14,           V += 1/6
    //   t=10  n=2 d=1: S = 5/28,           V += 1/2
    //   t=20  censored
    // Reported days <= 20: 0 1 2 3 5 7 10 14 (21 > longest 20).
    //   day  at_risk events censored dark_share
    //   0    7       0      0        0
    //   1    6       1      0        1/7
    //   2    5       2      0        2/7
    //   3    4       2      1        2/7
    //   5    3       3      1        13/28
    //   7    3       3      1        13/28
    //   10   1       5      1        23/28
    //   14   1       5      1        23/28
    // Reference: lifelines 0.30.3 KaplanMeierFitter().fit(
    //   [0.5,2,4,8,10,3,20], [1,1,1,1,1,0,0]) gives the same event_table and,
    //   as 1 - S with (1 - upper, 1 - lower) of confidence_interval_:
    //   day 1: 0.1428571428571428 [0.021438941473824413, 0.6659461207077781]
    //   day 5: 0.4642857142857142 [0.1750029579602861, 0.8680118230373614]
    //   day 10: 0.8214285714285714 [0.46200858139082, 0.9916679834668224]
    let body = "\
k1,2026-02-01T00:00:00Z,out,call,none,r1
k1,2026-02-01T12:00:00Z,in,email,replied,
k2,2026-02-01T00:00:00Z,out,call,none,r1
k2,2026-02-03T00:00:00Z,in,email,replied,
k3,2026-02-01T00:00:00Z,out,call,none,r1
k3,2026-02-02T00:00:00Z,in,email,replied,
k3,2026-02-05T00:00:00Z,in,email,replied,
k4,2026-02-01T00:00:00Z,in,email,replied,
k4,2026-02-03T00:00:00Z,out,call,none,r1
k4,2026-02-09T00:00:00Z,in,email,replied,
k5,2026-02-01T00:00:00Z,out,call,none,r1
k5,2026-02-04T00:00:00Z,out,call,none,r1
k5,2026-02-11T00:00:00Z,in,email,replied,
c3,2026-03-28T00:00:00Z,out,call,none,r1
c3,2026-03-28T06:00:00Z,in,email,replied,
c20,2026-03-11T00:00:00Z,out,call,none,r1
c20,2026-03-25T00:00:00Z,in,email,replied,
n0,2026-03-01T00:00:00Z,out,call,none,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    assert_eq!(get(&l, "k4").dark.start_ts, Some(ts("2026-02-01T00:00:00Z")), "start = first response");
    assert_eq!(get(&l, "k3").dark.dark_at, Some(ts("2026-02-05T00:00:00Z")), "dark_at = last response");
    let an = common::analyze(body, &params);
    let ttd = an.time_to_dark.as_ref().unwrap();
    assert_eq!((ttd.engaged, ttd.dark), (7, 5));
    approx_opt(ttd.median_days, 4.0);
    approx_opt(ttd.p25_days, 2.0);
    approx_opt(ttd.p75_days, 8.0);
    approx_opt(ttd.p90_days, 9.2);

    let expect: [(f64, u64, u64, u64, f64); 8] = [
        (0.0, 7, 0, 0, 0.0),
        (1.0, 6, 1, 0, 1.0 / 7.0),
        (2.0, 5, 2, 0, 2.0 / 7.0),
        (3.0, 4, 2, 1, 2.0 / 7.0),
        (5.0, 3, 3, 1, 13.0 / 28.0),
        (7.0, 3, 3, 1, 13.0 / 28.0),
        (10.0, 1, 5, 1, 23.0 / 28.0),
        (14.0, 1, 5, 1, 23.0 / 28.0),
    ];
    assert_eq!(ttd.km.len(), expect.len(), "days 0..=14 reported, 21 > longest duration 20");
    for (row, &(day, at_risk, events, censored, share)) in ttd.km.iter().zip(&expect) {
        assert_eq!(row.day, day);
        assert_eq!((row.at_risk, row.events, row.censored), (at_risk, events, censored), "day {day}");
        assert_eq!(row.at_risk + row.events + row.censored, ttd.engaged);
        approx(row.dark_share, share);
    }
    // Day 0: S = 1 → band [0, 0] on the share scale.
    assert_eq!((ttd.km[0].lo, ttd.km[0].hi), (0.0, 0.0));
    // Bands by hand (Greenwood sums above) and against lifelines.
    let v1 = 1.0 / 42.0;
    let v5 = v1 + 1.0 / 30.0 + 1.0 / 12.0;
    let v10 = v5 + 1.0 / 6.0 + 1.0 / 2.0;
    for (i, s, v, ll) in [
        (1, 6.0 / 7.0, v1, (0.021438941473824413, 0.6659461207077781)),
        (4, 15.0 / 28.0, v5, (0.1750029579602861, 0.8680118230373614)),
        (6, 5.0 / 28.0, v10, (0.46200858139082, 0.9916679834668224)),
    ] {
        let (lo, hi) = km_band_by_hand(s, v);
        approx(ttd.km[i].lo, lo);
        approx(ttd.km[i].hi, hi);
        common::close(ttd.km[i].lo, ll.0, 1e-9);
        common::close(ttd.km[i].hi, ll.1, 1e-9);
    }
}

#[test]
fn chased_after_dark_counts_touches_strictly_after_dark_at() {
    // a: reply 02-05 (dark_at), touches 02-10, 02-20, 03-01 → 3 after;
    //    days to last touch = 02-05 → 03-01 = 24 d.
    // b: reply 02-10, touch 02-11T12 → 1 after; 1.5 d.
    // c: reply 02-02T10 and a touch at the same instant (not > dark_at), a
    //    bounced email 02-20 (not a touch) → 0 after: dark, not chased.
    // d: reply 03-20, touch 03-25: T - 03-20 = 11 d → not dark, not counted.
    // dark = 3, dark_chased = 2, share = 2/3; median touches after over
    // chased = (1+3)/2 = 2; days to last touch [1.5, 24]: median 12.75,
    // p75 = 1.5 + 0.75*22.5 = 18.375. touches_after rows: 0 → 1, 1 → 1, 3 → 1.
    let body = "\
a,2026-02-01T00:00:00Z,out,call,none,r1
a,2026-02-05T00:00:00Z,in,email,replied,
a,2026-02-10T00:00:00Z,out,call,none,r1
a,2026-02-20T00:00:00Z,out,email,none,r1
a,2026-03-01T00:00:00Z,out,call,none,r1
b,2026-02-01T00:00:00Z,out,call,none,r1
b,2026-02-10T00:00:00Z,in,email,replied,
b,2026-02-11T12:00:00Z,out,email,none,r1
c,2026-02-01T00:00:00Z,out,call,none,r1
c,2026-02-02T10:00:00Z,in,email,replied,
c,2026-02-02T10:00:00Z,out,email,none,r1
c,2026-02-20T00:00:00Z,out,email,bounced,r1
d,2026-03-01T00:00:00Z,out,call,none,r1
d,2026-03-20T00:00:00Z,in,email,replied,
d,2026-03-25T00:00:00Z,out,call,none,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    assert_eq!(get(&l, "a").dark.touches_after_dark, 3);
    assert_eq!(get(&l, "b").dark.touches_after_dark, 1);
    assert_eq!(get(&l, "c").dark.touches_after_dark, 0);
    assert_eq!(get(&l, "c").dark.dark_at, Some(ts("2026-02-02T10:00:00Z")));
    assert_eq!(get(&l, "d").dark.dark_at, None);
    assert_eq!(get(&l, "d").dark.touches_after_dark, 0);
    let an = common::analyze(body, &params);
    let ttd = an.time_to_dark.as_ref().unwrap();
    assert_eq!(ttd.dark, 3);
    let ch = &ttd.chased;
    assert_eq!(ch.dark_chased, 2);
    approx_opt(ch.share_chased, 2.0 / 3.0);
    approx_opt(ch.median_touches_after, 2.0);
    approx_opt(ch.median_days_to_last_touch, 12.75);
    approx_opt(ch.p75_days_to_last_touch, 18.375);
    let counts: Vec<(u32, u64)> = ch.touches_after.iter().filter(|r| r.count > 0).map(|r| (r.n, r.count)).collect();
    assert_eq!(counts, vec![(0, 1), (1, 1), (3, 1)]);
    assert_eq!(ch.touches_after.len(), 16, "0..=cap");
    assert_eq!(ch.touches_after[15].label, "15+");
}

// ---------------------------------------------------------------- properties

const CHANNELS: [&str; 4] = ["call", "email", "sms", ""];
const OUTCOMES: [&str; 9] =
    ["none", "no_answer", "connected", "replied", "meeting", "bounced", "opted_out", "won", "lost"];
const DIRECTIONS: [&str; 3] = ["out", "in", ""];

/// (prospect, hour offset, direction, channel, outcome); outcomes weighted
/// towards `none` so silences and revivals happen.
type Row = (u8, u32, usize, usize, usize);

fn row_strategy() -> impl Strategy<Value = Row> {
    let outcome = prop_oneof![6 => Just(0usize), 6 => 0usize..9];
    (0u8..8, 0u32..3_000, 0usize..3, 0usize..4, outcome)
}

fn render(rows: &[Row]) -> String {
    rows.iter()
        .map(|&(p, hour, d, c, o)| {
            let ts = chrono::DateTime::from_timestamp(1_767_225_600 + i64::from(hour) * 3600, 0).unwrap();
            format!("P{p},{},{},{},{},r1\n", ts.format("%Y-%m-%dT%H:%M:%SZ"), DIRECTIONS[d], CHANNELS[c], OUTCOMES[o])
        })
        .collect()
}

fn check_invariants(a: &Analysis) -> Result<(), TestCaseError> {
    let rv = a.revival.as_ref().expect("dated");
    prop_assert!(rv.revived_with_touches <= rv.silences_with_touches);
    prop_assert!(rv.silences_with_touches <= rv.silences);
    if let Some(r) = rv.revival_rate {
        prop_assert!((0.0..=1.0).contains(&r));
        let (lo, hi) = (rv.revival_rate_lo.unwrap(), rv.revival_rate_hi.unwrap());
        prop_assert!(0.0 <= lo && lo <= r + 1e-12 && r <= hi + 1e-12 && hi <= 1.0);
    } else {
        prop_assert_eq!(rv.silences_with_touches, 0);
    }
    prop_assert!(rv.revived_then_converted <= rv.revived_prospects);
    let bt = rv.by_touches.as_ref().expect("events");
    prop_assert_eq!(bt[0].silences, rv.silences_with_touches);
    prop_assert_eq!(bt.iter().map(|r| r.revived).sum::<u64>(), rv.revived_with_touches);
    for w in bt.windows(2) {
        prop_assert!(w[1].silences <= w[0].silences, "by_touches silences non-increasing");
    }
    for r in bt {
        prop_assert!(r.revived <= r.silences);
    }
    let bg = rv.by_gap.as_ref().expect("events");
    prop_assert_eq!(bg.iter().map(|r| r.silences).sum::<u64>(), rv.silences_with_touches);
    prop_assert_eq!(bg.iter().map(|r| r.revived).sum::<u64>(), rv.revived_with_touches);

    let ttd = a.time_to_dark.as_ref().expect("dated");
    prop_assert!(ttd.dark <= ttd.engaged);
    prop_assert!(ttd.chased.dark_chased <= ttd.dark);
    let mut prev = 0.0;
    for r in &ttd.km {
        prop_assert_eq!(r.at_risk + r.events + r.censored, ttd.engaged, "day {}", r.day);
        prop_assert!(r.dark_share >= prev - 1e-12, "dark_share non-decreasing");
        prop_assert!((0.0..=1.0).contains(&r.dark_share));
        prop_assert!(r.lo <= r.dark_share + 1e-12 && r.dark_share <= r.hi + 1e-12);
        prev = r.dark_share;
    }
    if let Some(last) = ttd.km.last() {
        prop_assert!(last.events <= ttd.dark);
    }
    let tc = a.time_to_convert.as_ref().expect("dated");
    for r in &tc.km {
        prop_assert_eq!(r.at_risk + r.events + r.censored, tc.converted + tc.censored);
    }
    let fr = &a.first_response;
    if let Some(s) = fr.share_5_8 {
        prop_assert!((0.0..=1.0).contains(&s));
    }
    prop_assert_eq!(fr.distribution.iter().map(|r| r.count).sum::<u64>(), fr.responders);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn dark_and_revival_invariants_hold_on_random_logs(rows in prop::collection::vec(row_strategy(), 1..60)) {
        let a = common::analyze(&render(&rows), &FactsParams::default());
        check_invariants(&a)?;
        let p = FactsParams { dark_days: 3, ..FactsParams::default() };
        let b = common::analyze(&render(&rows), &p);
        check_invariants(&b)?;
    }
}
