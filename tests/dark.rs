//! Hand-computed fixtures for METRICS.md §5 (time to dark, chasing after
//! dark, silences and revival), the first response touch `R` (§2, §8.5),
//! time to convert in days, §6 cadence and channel, and the facts round
//! trip of the `dark` fields. Every expected number is worked out by hand
//! from the spec in the comments; the spec is the contract, the code is
//! under test. Where the spec is silent the module docs' decisions are
//! tested as documented (and say so).
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `dark_days =
//! 14`, `quiet_days = 30`, every channel is a touch channel, default metric
//! params (`cap = 15`).
//!
//! Day arithmetic used below: January 31 days, February 28 days (2026).

use proptest::prelude::*;
use touchstone::analysis::Analysis;
use touchstone::facts::FactsParams;
use touchstone::metrics::MetricParams;

use crate::common::{self, approx, approx_opt, get, km_band_by_hand, ts, wilson_by_hand, T};

// ------------------------------------------------------------ §5 time to dark

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

// ------------------------------------------------------- §5 silences, revival

/// The silences fixture (T = 03-31T00, dark_days 14). Per prospect (§8.12:
/// silences start at every response and at the first touch when it is
/// strictly before every response; end at the next response in event order
/// or at min(c, T); touches with start < ts <= end):
///
/// A: touches 03-01, 03-08, reply 03-15, inbound won 03-20 (c), touches
///    03-25, 03-26 after c (ignored).
///    [03-01 → 03-15] = 14 d exactly → a silence; touches (03-08) = 1; revived.
///    [03-15 → 03-20] = 5 d, no. [03-20 → c] = 0. Converted.
///    → silences 1, touched 1, touched revived 1, revived 1.
/// A2: same but the reply at 03-14T23:59:59.999999 (14 d - 1 µs → not a
///    silence), won 03-16 (1 d) → 0 silences.
/// B: touches 01-01, 01-05, 01-10, reply 01-20, touches 01-25, 02-01, 02-05,
///    outbound connected call 02-25, replies 02-27 and 03-20.
///    [01-01 → 01-20] 19 d, touches 01-05, 01-10 = 2, revived;
///    [01-20 → 02-25] 12 + 25 = 36 d, touches 01-25, 02-01, 02-05 and the
///      connected call that ends it (ts <= end) = 4, revived;
///    [02-25 → 02-27] 2 d no; [02-27 → 03-20] 1 + 20 = 21 d, untouched,
///      revived; [03-20 → T] 11 d no.
///    → silences 3, touched 2, touched revived 2, revived 3. Not dark (11 d).
/// C: touch 02-01, inbound won 02-02 (c), then touches 02-10, 02-20, 03-05
///    and a reply 03-10, all after c: ignored. [02-01 → 02-02] 1 d; [c → c] 0.
///    → 0 silences (without the cut there would be a 36 d touched revived one).
/// D: touch 01-19, reply 01-20, touches 02-20, 03-10.
///    [01-20 → T] = 12 + 28 + 30 = 70 d, touches 2, still running: not
///    revived. → silences 1, touched 1, revived 0. Dark (dark_at 01-20).
/// E: touch 03-01, reply 03-02; [03-02 → T] 29 d untouched, not revived.
///    → silences 1, touched 0.
/// F: touch 01-01T10, reply 01-20T10 and an outbound connected call at the
///    same instant (later row).
///    [01-01T10 → reply 01-20T10] 19 d, touches in (start, end] = the call → 1,
///    revived; [reply → call] zero gap, no; [call → T] 69.58 d untouched.
///    → silences 2, touched 1, touched revived 1, revived 1.
///    (Skipping the same-instant response would give a 3rd silence.)
/// G: touches 2025-11-01, 2025-12-01, reply 2026-02-15, won 02-16.
///    [11-01 → 02-15] = 30 + 31 + 31 + 14 = 106 d, touches 1, revived.
///    → silences 1, touched 1, revived 1. Converted.
const SILENCES: &str = "\
A,2026-03-01T00:00:00Z,out,call,none,r1
A,2026-03-08T00:00:00Z,out,call,none,r1
A,2026-03-15T00:00:00Z,in,email,replied,
A,2026-03-20T00:00:00Z,in,email,won,
A,2026-03-25T00:00:00Z,out,call,none,r1
A,2026-03-26T00:00:00Z,out,call,none,r1
A2,2026-03-01T00:00:00Z,out,call,none,r1
A2,2026-03-08T00:00:00Z,out,call,none,r1
A2,2026-03-14T23:59:59.999999Z,in,email,replied,
A2,2026-03-16T00:00:00Z,in,email,won,
B,2026-01-01T00:00:00Z,out,call,none,r1
B,2026-01-05T00:00:00Z,out,email,none,r1
B,2026-01-10T00:00:00Z,out,call,none,r1
B,2026-01-20T00:00:00Z,in,email,replied,
B,2026-01-25T00:00:00Z,out,email,none,r1
B,2026-02-01T00:00:00Z,out,call,no_answer,r1
B,2026-02-05T00:00:00Z,out,email,none,r1
B,2026-02-25T00:00:00Z,out,call,connected,r1
B,2026-02-27T00:00:00Z,in,email,replied,
B,2026-03-20T00:00:00Z,in,email,replied,
C,2026-02-01T00:00:00Z,out,call,none,r1
C,2026-02-02T00:00:00Z,in,email,won,
C,2026-02-10T00:00:00Z,out,call,none,r1
C,2026-02-20T00:00:00Z,out,call,none,r1
C,2026-03-05T00:00:00Z,out,call,none,r1
C,2026-03-10T00:00:00Z,in,email,replied,
D,2026-01-19T00:00:00Z,out,call,none,r1
D,2026-01-20T00:00:00Z,in,email,replied,
D,2026-02-20T00:00:00Z,out,call,none,r1
D,2026-03-10T00:00:00Z,out,email,none,r1
E,2026-03-01T00:00:00Z,out,call,none,r1
E,2026-03-02T00:00:00Z,in,email,replied,
F,2026-01-01T10:00:00Z,out,email,none,r1
F,2026-01-20T10:00:00Z,in,email,replied,
F,2026-01-20T10:00:00Z,out,call,connected,r1
G,2025-11-01T00:00:00Z,out,call,none,r1
G,2025-12-01T00:00:00Z,out,email,none,r1
G,2026-02-15T00:00:00Z,in,email,replied,
G,2026-02-16T00:00:00Z,in,email,won,
";

#[test]
fn silences_per_prospect_facts() {
    // (silences, touched, touched revived, revived) from the fixture doc.
    let l = common::load(SILENCES, &common::as_of(T));
    let expect = [
        ("A", (1, 1, 1, 1)),
        ("A2", (0, 0, 0, 0)),
        ("B", (3, 2, 2, 3)),
        ("C", (0, 0, 0, 0)),
        ("D", (1, 1, 0, 0)),
        ("E", (1, 0, 0, 0)),
        ("F", (2, 1, 1, 1)),
        ("G", (1, 1, 1, 1)),
    ];
    for (id, want) in expect {
        let d = get(&l, id).dark;
        assert_eq!((d.silences, d.silences_touched, d.silences_touched_revived, d.silences_revived), want, "{id}");
        assert!(d.engaged, "{id} engaged");
    }
    // Dark: D (01-20), E (03-02), F (01-20T10); never A, A2, C, G
    // (converted) nor B (11 d).
    let dark_at = |id| get(&l, id).dark.dark_at;
    assert_eq!(dark_at("D"), Some(ts("2026-01-20T00:00:00Z")));
    assert_eq!(dark_at("E"), Some(ts("2026-03-02T00:00:00Z")));
    assert_eq!(dark_at("F"), Some(ts("2026-01-20T10:00:00Z")));
    for id in ["A", "A2", "B", "C", "G"] {
        assert_eq!(dark_at(id), None, "{id}");
    }
    assert_eq!(get(&l, "D").dark.touches_after_dark, 2);
    assert_eq!(get(&l, "F").dark.touches_after_dark, 0);
    // C: c = 02-02, every event after it is cut for §5.
    assert_eq!(get(&l, "C").dark.start_ts, Some(ts("2026-02-01T00:00:00Z")));
}

#[test]
fn revival_totals_rate_wilson_by_touches_and_by_gap() {
    // Totals (fixture doc): silences = A1 + B3 + D1 + E1 + F2 + G1 = 9;
    // with touches = 1 + 2 + 1 + 0 + 1 + 1 = 6; revived with touches =
    // 1 + 2 + 0 + 0 + 1 + 1 = 5; revival_rate = 5/6, Wilson(5, 6).
    // Touched silences (touches, revived): A(1,y) B(2,y) B(4,y) D(2,n)
    //   F(1,y) G(1,y).
    // by_touches (silences with >= j touches, revived after exactly j):
    //   j=1: 6, 3 (A, F, G) → 0.5;  j=2: 3 (B2, B4, D), 1 → 1/3;
    //   j=3: 1 (B4), 0 → 0;  j=4: 1, 1 → 1;  j=5..15: 0, 0 → null.
    // by_gap (silence length start→end): A 14 → 14-30 y; B 19 → 14-30 y;
    //   B 36 → 30-60 y; D 70 → 60-90 n; F 19 → 14-30 y; G 106 → 90d+ y.
    //   14-30d: 3/3; 30-60d: 1/1; 60-90d: 1/0; 90d+: 1/1.
    // revived_prospects (>= 1 revived silence, touched or not) = A, B, F, G = 4;
    // of those converted: A, G = 2.
    let an = common::analyze(SILENCES, &common::as_of(T));
    let rv = an.revival.as_ref().expect("dated input has revival");
    assert_eq!(rv.silences, 9);
    assert_eq!(rv.silences_with_touches, 6);
    assert_eq!(rv.revived_with_touches, 5);
    approx_opt(rv.revival_rate, 5.0 / 6.0);
    let (lo, hi) = wilson_by_hand(5.0, 6.0);
    approx_opt(rv.revival_rate_lo, lo);
    approx_opt(rv.revival_rate_hi, hi);
    assert_eq!(rv.revived_prospects, 4);
    assert_eq!(rv.revived_then_converted, 2);
    approx_opt(rv.revived_then_converted_share, 0.5);

    let bt = rv.by_touches.as_ref().expect("event input has by_touches");
    assert_eq!(bt.len(), 15);
    let got: Vec<(u32, u64, u64)> = bt.iter().take(5).map(|r| (r.j, r.silences, r.revived)).collect();
    assert_eq!(got, vec![(1, 6, 3), (2, 3, 1), (3, 1, 0), (4, 1, 1), (5, 0, 0)]);
    approx_opt(bt[0].share, 0.5);
    approx_opt(bt[1].share, 1.0 / 3.0);
    approx_opt(bt[2].share, 0.0);
    approx_opt(bt[3].share, 1.0);
    assert!(bt[4..].iter().all(|r| r.share.is_none() && r.silences == 0));
    assert_eq!(bt[14].label, "15+");
    assert_eq!(bt[0].label, "1");

    let bg = rv.by_gap.as_ref().expect("event input has by_gap");
    let got: Vec<(&str, u64, u64)> = bg.iter().map(|r| (r.label.as_str(), r.silences, r.revived)).collect();
    assert_eq!(got, vec![("14-30d", 3, 3), ("30-60d", 1, 1), ("60-90d", 1, 0), ("90d+", 1, 1)]);
    assert_eq!(bg.iter().map(|r| r.silences).sum::<u64>(), rv.silences_with_touches);
    assert_eq!((bg[0].from_days, bg[0].to_days), (14.0, Some(30.0)));
    assert_eq!((bg[3].from_days, bg[3].to_days), (90.0, None));
    approx_opt(bg[2].share, 0.0);
    let (lo, hi) = wilson_by_hand(3.0, 3.0);
    approx_opt(bg[0].share_lo, lo);
    approx_opt(bg[0].share_hi, hi);
}

#[test]
fn revival_by_touches_cap_row_aggregates() {
    // cap = 3 (§8.7: row `3+` holds silences with >= 3 touches, revived
    // after >= 3): from the touched silences (1,y) (2,y) (4,y) (2,n) (1,y)
    // (1,y): j=1: 6, 3; j=2: 3, 1; j=3+: 1 (B4), 1 (revived after 4 >= 3).
    let metric = MetricParams { cap: 3, horizon: 8, min_rep_prospects: 5 };
    let an = common::analyze_with(SILENCES, &common::as_of(T), &metric);
    let bt = an.revival.as_ref().unwrap().by_touches.as_ref().unwrap();
    let got: Vec<(&str, u64, u64)> = bt.iter().map(|r| (r.label.as_str(), r.silences, r.revived)).collect();
    assert_eq!(got, vec![("1", 6, 3), ("2", 3, 1), ("3+", 1, 1)]);
}

#[test]
fn revival_without_touched_silences_has_null_rate() {
    // One prospect: touch 03-01, reply 03-02, then nothing: one untouched
    // silence [03-02 → T] 29 d. silences = 1, with touches = 0 → rate null
    // (0/0), Wilson null; no revived prospect.
    let body = "\
a,2026-03-01T00:00:00Z,out,call,none,r1
a,2026-03-02T00:00:00Z,in,email,replied,
";
    let an = common::analyze(body, &common::as_of(T));
    let rv = an.revival.as_ref().unwrap();
    assert_eq!((rv.silences, rv.silences_with_touches, rv.revived_with_touches), (1, 0, 0));
    assert_eq!(rv.revival_rate, None);
    assert_eq!((rv.revival_rate_lo, rv.revival_rate_hi), (None, None));
    assert_eq!(rv.revived_prospects, 0);
    assert_eq!(rv.revived_then_converted_share, None);
}

#[test]
fn dark_days_parameter_moves_silences_buckets_and_dark() {
    // With dark_days = 20 the SILENCES fixture keeps only silences >= 20 d:
    //   A 14 no; B 19 no, 36 yes (touched 4, rev), 21 yes (untouched, rev);
    //   D 70 (touched, not rev); E 29 (untouched); F 19 no, 69.58 untouched;
    //   G 106 (touched, rev).
    // silences = B2 + D1 + E1 + F1 + G1 = 6; with touches = B36, D, G = 3;
    // revived with touches = B36, G = 2. by_gap buckets start at 20:
    //   `20-30d` 0; `30-60d` B36 1/1; `60-90d` D 1/0; `90d+` G 1/1.
    // Dark now needs T - last response >= 20 d: D (70), E (29), F (69.58) still.
    let mut params = common::as_of(T);
    params.dark_days = 20;
    let an = common::analyze(SILENCES, &params);
    let rv = an.revival.as_ref().unwrap();
    assert_eq!((rv.silences, rv.silences_with_touches, rv.revived_with_touches), (6, 3, 2));
    let bg = rv.by_gap.as_ref().unwrap();
    let got: Vec<(&str, u64, u64)> = bg.iter().map(|r| (r.label.as_str(), r.silences, r.revived)).collect();
    assert_eq!(got, vec![("20-30d", 0, 0), ("30-60d", 1, 1), ("60-90d", 1, 0), ("90d+", 1, 1)]);
    let ttd = an.time_to_dark.as_ref().unwrap();
    assert_eq!(ttd.dark_days, 20);
    assert_eq!(ttd.dark, 3);
}

// ------------------------------------------------------------ first response

#[test]
fn first_response_includes_r0_and_counts_past_conversion() {
    // R = touches with ts <= first response (§2), over all events up to T
    // (§8.5: not cut at c):
    //   p0: reply 03-01 before any touch → R = 0 (included, §8.5)
    //   p1: touch, reply → 1
    //   pc: touches 03-01, outbound won 03-02 (a touch, not a response),
    //       03-03, reply 03-04 → 3 (the 03-03 touch after c counts)
    //   pconn: two emails then an outbound connected call → the call is touch
    //       3 and the first response → 3
    //   p5, p8, p9: 5 / 8 / 9 touches then a reply → 5, 8, 9
    //   pn: no response → not a responder.
    // responders = 7; R = [0,1,3,3,5,8,9] → median 3; 5 <= R <= 8: p5, p8 →
    // share_5_8 = 2/7, Wilson(2, 7).
    let mut body = String::from(
        "\
p0,2026-03-01T00:00:00Z,in,email,replied,
p0,2026-03-02T00:00:00Z,out,call,none,r1
p1,2026-03-01T00:00:00Z,out,call,none,r1
p1,2026-03-02T00:00:00Z,in,email,replied,
pc,2026-03-01T00:00:00Z,out,call,none,r1
pc,2026-03-02T00:00:00Z,out,meeting,won,r1
pc,2026-03-03T00:00:00Z,out,email,none,r1
pc,2026-03-04T00:00:00Z,in,email,replied,
pconn,2026-03-01T00:00:00Z,out,email,none,r1
pconn,2026-03-02T00:00:00Z,out,email,none,r1
pconn,2026-03-03T00:00:00Z,out,call,connected,r1
pn,2026-03-01T00:00:00Z,out,call,none,r1
",
    );
    for (id, n) in [("p5", 5u32), ("p8", 8), ("p9", 9)] {
        for d in 1..=n {
            body.push_str(&format!("{id},2026-03-{d:02}T00:00:00Z,out,call,none,r1\n"));
        }
        body.push_str(&format!("{id},2026-03-{:02}T00:00:00Z,in,email,replied,\n", n + 1));
    }
    let params = common::as_of(T);
    let l = common::load(&body, &params);
    assert_eq!(get(&l, "pc").k, Some(2));
    assert_eq!(get(&l, "pc").r, Some(3));
    assert_eq!(get(&l, "pconn").r, Some(3));
    assert_eq!(get(&l, "p0").r, Some(0));
    let an = common::analyze(&body, &params);
    let fr = &an.first_response;
    assert_eq!(fr.responders, 7);
    approx_opt(fr.median_r, 3.0);
    approx_opt(fr.share_5_8, 2.0 / 7.0);
    let (lo, hi) = wilson_by_hand(2.0, 7.0);
    approx_opt(fr.share_5_8_lo, lo);
    approx_opt(fr.share_5_8_hi, hi);
    let dist: Vec<(u32, u64)> = fr.distribution.iter().filter(|r| r.count > 0).map(|r| (r.n, r.count)).collect();
    assert_eq!(dist, vec![(0, 1), (1, 1), (3, 2), (5, 1), (8, 1), (9, 1)]);
}

// ----------------------------------------------------------- time to convert

#[test]
fn time_to_convert_km_by_hand() {
    // Durations from the first touch (days):
    //   c1: touch 03-01, inbound won 03-03          → 2 converted
    //   c2: touches 03-01, 03-05, won 03-11         → 10 converted
    //   n1: touch 03-26; min(03-26 + 30 d, T) = T   → 5 censored
    //   n2: touches 01-01, 01-10; min(02-09, T)     → 02-09 - 01-01 = 39 censored
    //   k0: inbound won 03-01 then a touch: K = 0 → left out (documented).
    // converted = 2, censored = 2.
    // KM: 2E (n=4) S = 3/4, V = 1/12; 5C; 10E (n=2) S = 3/8, V += 1/2; 39C.
    // Median = first time S <= 0.5 = 10. Converted-only median = (2+10)/2 = 6.
    // Reported days <= 39: 0 1 2 3 5 7 10 14 21 30.
    //   day 2: at_risk 3 events 1 censored 0 share 1/4
    //   day 5: at_risk 2 events 1 censored 1 share 1/4
    //   day 10: at_risk 1 events 2 censored 1 share 5/8 (also 14, 21, 30)
    // lifelines 0.30.3: KaplanMeierFitter().fit([2,10,5,39],[1,1,0,0]):
    //   median_survival_time_ = 10.0; CI lower/upper of S at 10:
    //   0.010971 / 0.808001.
    let body = "\
c1,2026-03-01T00:00:00Z,out,call,none,r1
c1,2026-03-03T00:00:00Z,in,email,won,
c2,2026-03-01T00:00:00Z,out,call,none,r1
c2,2026-03-05T00:00:00Z,out,email,none,r1
c2,2026-03-11T00:00:00Z,in,email,won,
n1,2026-03-26T00:00:00Z,out,call,none,r1
n2,2026-01-01T00:00:00Z,out,call,none,r1
n2,2026-01-10T00:00:00Z,out,call,none,r1
k0,2026-03-01T00:00:00Z,in,email,won,
k0,2026-03-02T00:00:00Z,out,call,none,r1
";
    let an = common::analyze(body, &common::as_of(T));
    let tc = an.time_to_convert.as_ref().expect("dated input");
    assert_eq!((tc.converted, tc.censored), (2, 2));
    approx_opt(tc.median_days, 10.0);
    approx_opt(tc.median_days_converted_only, 6.0);
    let days: Vec<f64> = tc.km.iter().map(|r| r.day).collect();
    assert_eq!(days, vec![0.0, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 14.0, 21.0, 30.0]);
    let row = |d: f64| tc.km.iter().find(|r| r.day == d).unwrap();
    for (d, at_risk, events, censored, share) in [
        (0.0, 4, 0, 0, 0.0),
        (1.0, 4, 0, 0, 0.0),
        (2.0, 3, 1, 0, 0.25),
        (5.0, 2, 1, 1, 0.25),
        (10.0, 1, 2, 1, 0.625),
        (30.0, 1, 2, 1, 0.625),
    ] {
        let r = row(d);
        assert_eq!((r.at_risk, r.events, r.censored), (at_risk, events, censored), "day {d}");
        approx(r.share, share);
    }
    for r in &tc.km {
        assert_eq!(r.at_risk + r.events + r.censored, 4);
    }
    let (lo, hi) = km_band_by_hand(0.375, 1.0 / 12.0 + 0.5);
    approx(row(10.0).lo, lo);
    approx(row(10.0).hi, hi);
    common::close(row(10.0).lo, 1.0 - 0.808001, 1e-6);
    common::close(row(10.0).hi, 1.0 - 0.010971, 1e-6);
}

// ------------------------------------------------------------------- cadence

#[test]
fn cadence_gaps_and_response_by_gap() {
    // a: touches 02-01T00, 02-01T12 (gap 0.5), 02-03T12 (2), reply 02-03T13,
    //    02-08T12 (5), 02-18T12 (10), bounced 02-20 (not a touch),
    //    connected call 03-10T12 (20).
    // b: touch 02-01T00 then a reply at the same instant (later row),
    //    02-04T00 (3), 02-11T00 (7), inbound opted_out 02-12.
    // c: touch 02-01T00, reply 02-05T00 (earlier row), touch 02-05T00 (4).
    // Gap by touch number: k2: [0.5, 3, 4] → median 3, p25 (pos 0.5) 1.75,
    //   p75 (pos 1.5) 3.5; k3: [2, 7] → 4.5, 3.25, 5.75; k4: [5]; k5: [10];
    //   k6: [20]; k7..: empty.
    // Answered = a response at or after the touch in event order, before
    // the next touch:
    //   first: a1 no, b1 yes (same-instant reply after it), c1 yes (reply
    //     before touch 2 in row order) → 3, 2
    //   <1d: a2 no → 1, 0
    //   1-3d: a3 yes (02-03T13) → 1, 1
    //   3-7d: a4 (5) no, b2 (3, lower edge inclusive) no, c2 (4) no (the
    //     tied reply is before it) → 3, 0
    //   7-14d: a5 (10) no (only a bounce follows), b3 (7) yes (opted_out is
    //     a response) → 2, 1
    //   14d+: a6 (20) yes (connected answers itself) → 1, 1
    let body = "\
a,2026-02-01T00:00:00Z,out,email,none,r1
a,2026-02-01T12:00:00Z,out,call,no_answer,r1
a,2026-02-03T12:00:00Z,out,email,none,r1
a,2026-02-03T13:00:00Z,in,email,replied,
a,2026-02-08T12:00:00Z,out,call,voicemail,r1
a,2026-02-18T12:00:00Z,out,email,none,r1
a,2026-02-20T00:00:00Z,out,email,bounced,r1
a,2026-03-10T12:00:00Z,out,call,connected,r1
b,2026-02-01T00:00:00Z,out,email,none,r1
b,2026-02-01T00:00:00Z,in,email,replied,
b,2026-02-04T00:00:00Z,out,email,none,r1
b,2026-02-11T00:00:00Z,out,call,none,r1
b,2026-02-12T00:00:00Z,in,email,opted_out,
c,2026-02-01T00:00:00Z,out,email,none,r1
c,2026-02-05T00:00:00Z,in,email,replied,
c,2026-02-05T00:00:00Z,out,call,none,r1
";
    let an = common::analyze(body, &common::as_of(T));
    let cd = an.cadence.as_ref().expect("event input has cadence");
    let g = &cd.gap_by_touch;
    assert_eq!(g.len(), 14, "k = 2..=15");
    assert_eq!((g[0].k, g[0].count), (2, 3));
    approx_opt(g[0].median, 3.0);
    approx_opt(g[0].p25, 1.75);
    approx_opt(g[0].p75, 3.5);
    assert_eq!((g[1].k, g[1].count), (3, 2));
    approx_opt(g[1].median, 4.5);
    approx_opt(g[1].p25, 3.25);
    approx_opt(g[1].p75, 5.75);
    assert_eq!(g[2].count, 1);
    approx_opt(g[2].median, 5.0);
    approx_opt(g[3].median, 10.0);
    approx_opt(g[4].median, 20.0);
    assert_eq!(g[5].count, 0);
    assert_eq!(g[5].median, None);
    assert_eq!(g[13].label, "15+");

    let got: Vec<(&str, u64, u64)> =
        cd.response_by_gap.iter().map(|r| (r.bucket.as_str(), r.touches, r.answered)).collect();
    assert_eq!(
        got,
        vec![("first", 3, 2), ("<1d", 1, 0), ("1-3d", 1, 1), ("3-7d", 3, 0), ("7-14d", 2, 1), ("14d+", 1, 1)]
    );
    let r = &cd.response_by_gap[4];
    approx_opt(r.rate, 0.5);
    let (lo, hi) = wilson_by_hand(1.0, 2.0);
    approx_opt(r.rate_lo, lo);
    approx_opt(r.rate_hi, hi);
}

#[test]
fn loss_by_intensity_busiest_seven_days() {
    // Busiest window [t, t + 7 d) starting at a touch; lost = status lost.
    //   x: daily touches 03-01..03-08 10:00 and an outbound `lost` call 03-09
    //      (a touch, §8.1): [03-01T10, 03-08T10) holds 7 → row 7+; lost.
    //   y: touches 03-01T00 and 03-08T00, exactly 7 d apart (half-open) → 1;
    //      open.
    //   z: touches 03-01T00 and 03-07T23:59:59 → 2; inbound opted_out → lost.
    //   w: 2 touches, inbound won, then inbound opted_out → converted (not lost) → 2.
    //   v: no touch → in no row.
    // Rows: 1: 1 prospect 0 lost; 2: 2 / 1 (rate 0.5); 3..6: 0; 7+: 1 / 1.
    let mut body = String::new();
    for d in 1..=8 {
        body.push_str(&format!("x,2026-03-{d:02}T10:00:00Z,out,call,none,r1\n"));
    }
    body.push_str(
        "\
x,2026-03-09T10:00:00Z,out,call,lost,r1
y,2026-03-01T00:00:00Z,out,call,none,r1
y,2026-03-08T00:00:00Z,out,call,none,r1
z,2026-03-01T00:00:00Z,out,call,none,r1
z,2026-03-07T23:59:59Z,out,email,none,r1
z,2026-03-10T00:00:00Z,in,email,opted_out,
w,2026-03-01T00:00:00Z,out,call,none,r1
w,2026-03-02T00:00:00Z,out,call,none,r1
w,2026-03-03T00:00:00Z,in,email,won,
w,2026-03-04T00:00:00Z,in,email,opted_out,
v,2026-03-01T00:00:00Z,in,email,replied,
",
    );
    let an = common::analyze(&body, &common::as_of(T));
    let rows = &an.cadence.as_ref().unwrap().loss_by_intensity;
    let got: Vec<(&str, u32, u64, u64)> =
        rows.iter().map(|r| (r.label.as_str(), r.max_touches_7d, r.prospects, r.lost)).collect();
    assert_eq!(
        got,
        vec![
            ("1", 1, 1, 0),
            ("2", 2, 2, 1),
            ("3", 3, 0, 0),
            ("4", 4, 0, 0),
            ("5", 5, 0, 0),
            ("6", 6, 0, 0),
            ("7+", 7, 1, 1)
        ]
    );
    approx_opt(rows[1].rate, 0.5);
    approx_opt(rows[6].rate, 1.0);
    assert_eq!(rows[2].rate, None);
    let (lo, hi) = wilson_by_hand(1.0, 2.0);
    approx_opt(rows[1].rate_lo, lo);
    approx_opt(rows[1].rate_hi, hi);
}

// ------------------------------------------------------------------- channel

#[test]
fn conversion_by_first_channel_and_call_minus_email() {
    // First touch call: ca1 (won at touch 1), ca2 (won at touch 2), ca3
    //   (open), ca4 (opted out) → 4 prospects, 2 converted: 0.5.
    // First touch email: em1 (outbound won = touch 3, K = 3), em2, em3
    //   (open) → 3, 1: 1/3; em0 converted with K = 0 (inbound won before its
    //   email touch) is excluded (§8.16).
    // First touch sms: s1 open → 1, 0.
    // Rows in canonical channel order: call, email, sms.
    // call - email = 1/2 - 1/3 = 1/6; Newcombe (statsmodels, see the
    // newcombe test): [-0.4105336413957044, 0.6098037218501158].
    let body = "\
ca1,2026-03-01T00:00:00Z,out,call,none,r1
ca1,2026-03-02T00:00:00Z,in,email,won,
ca2,2026-03-01T00:00:00Z,out,call,none,r1
ca2,2026-03-02T00:00:00Z,out,email,none,r1
ca2,2026-03-03T00:00:00Z,in,email,won,
ca3,2026-03-01T00:00:00Z,out,call,none,r1
ca4,2026-03-01T00:00:00Z,out,call,none,r1
ca4,2026-03-02T00:00:00Z,in,email,opted_out,
em1,2026-03-01T00:00:00Z,out,email,none,r1
em1,2026-03-02T00:00:00Z,out,call,none,r1
em1,2026-03-02T01:00:00Z,out,meeting,won,r1
em2,2026-03-01T00:00:00Z,out,email,none,r1
em3,2026-03-01T00:00:00Z,out,email,none,r1
em0,2026-03-01T00:00:00Z,in,email,won,
em0,2026-03-02T00:00:00Z,out,email,none,r1
s1,2026-03-01T00:00:00Z,out,sms,none,r1
";
    let an = common::analyze(body, &common::as_of(T));
    let ch = &an.channel;
    let got: Vec<(&str, u64, u64)> =
        ch.by_first_channel.iter().map(|r| (r.channel.as_str(), r.prospects, r.converted)).collect();
    assert_eq!(got, vec![("call", 4, 2), ("email", 3, 1), ("sms", 1, 0)]);
    approx_opt(ch.by_first_channel[0].rate, 0.5);
    approx_opt(ch.by_first_channel[1].rate, 1.0 / 3.0);
    approx_opt(ch.by_first_channel[2].rate, 0.0);
    let (lo, hi) = wilson_by_hand(1.0, 3.0);
    approx_opt(ch.by_first_channel[1].rate_lo, lo);
    approx_opt(ch.by_first_channel[1].rate_hi, hi);
    let d = ch.call_minus_email.as_ref().expect("both groups present");
    approx(d.value, 1.0 / 6.0);
    common::close(d.lo, -0.4105336413957044, 1e-9);
    common::close(d.hi, 0.6098037218501158, 1e-9);
}

#[test]
fn call_minus_email_is_null_without_email_first_prospects() {
    let body = "a,2026-03-01T00:00:00Z,out,call,none,r1\n";
    let an = common::analyze(body, &common::as_of(T));
    assert_eq!(an.channel.call_minus_email, None);
}

#[test]
fn newcombe_difference_matches_statsmodels() {
    // Reference (statsmodels 0.15.0):
    //   from statsmodels.stats.proportion import confint_proportions_2indep
    //   for c in [(2,4,1,3),(7,20,3,25),(0,10,5,5),(15,40,22,50)]:
    //       lo, hi = confint_proportions_2indep(*c, method="newcomb", compare="diff")
    //       print(c, c[0]/c[1]-c[2]/c[3], repr(lo), repr(hi))
    // Output:
    //   (2, 4, 1, 3) 0.16666666666666669 -0.4105336413957044 0.6098037218501158
    //   (7, 20, 3, 25) 0.22999999999999998 -0.016449292519579217 0.46084224160529086
    //   (0, 10, 5, 5) -1.0 -1.0 -0.48444256653230455
    //   (15, 40, 22, 50) -0.065 -0.25573650692443983 0.13601108629444825
    let cases: [((u64, u64, u64, u64), f64, f64, f64); 4] = [
        ((2, 4, 1, 3), 0.16666666666666669, -0.4105336413957044, 0.6098037218501158),
        ((7, 20, 3, 25), 0.22999999999999998, -0.016449292519579217, 0.46084224160529086),
        ((0, 10, 5, 5), -1.0, -1.0, -0.48444256653230455),
        ((15, 40, 22, 50), -0.065, -0.25573650692443983, 0.13601108629444825),
    ];
    for ((x1, n1, x2, n2), d, lo, hi) in cases {
        let (gd, glo, ghi) =
            touchstone::stats::newcombe_difference(x1, n1, x2, n2, touchstone::stats::Z95).expect("n > 0");
        common::close(gd, d, 1e-9);
        common::close(glo, lo, 1e-9);
        common::close(ghi, hi, 1e-9);
    }
    assert_eq!(touchstone::stats::newcombe_difference(1, 0, 1, 2, touchstone::stats::Z95), None);
}

#[test]
fn hazard_by_channel_of_touch_k() {
    // p: call, email, inbound won → K = 2, m = 2.
    // q: email, email, call, open → m = 3.
    // r: call, inbound won (K = 1, m = 1), then an email after c (beyond m).
    // Touch k counts in `reached` for the channel of touch k while k <= m;
    // a conversion when K = k.
    //   call:  k1 reached {p, r} = 2, conversions {r} = 1; k2 0; k3 {q} 1, 0.
    //   email: k1 {q} 1, 0; k2 {p, q} 2, 1 (p); k3 0.
    // Only call and email appear (r's email is touch 2 > m = 1).
    let body = "\
p,2026-03-01T00:00:00Z,out,call,none,r1
p,2026-03-02T00:00:00Z,out,email,none,r1
p,2026-03-03T00:00:00Z,in,email,won,
q,2026-03-01T00:00:00Z,out,email,none,r1
q,2026-03-02T00:00:00Z,out,email,none,r1
q,2026-03-03T00:00:00Z,out,call,none,r1
r,2026-03-01T00:00:00Z,out,call,none,r1
r,2026-03-02T00:00:00Z,in,email,won,
r,2026-03-04T00:00:00Z,out,email,none,r1
";
    let an = common::analyze(body, &common::as_of(T));
    let hz = an.channel.hazard_by_channel.as_ref().expect("event input");
    let names: Vec<&str> = hz.iter().map(|h| h.channel.as_str()).collect();
    assert_eq!(names, vec!["call", "email"]);
    let first3 = |i: usize| -> Vec<(u32, u64, u64)> {
        hz[i].rows.iter().take(3).map(|r| (r.k, r.reached, r.conversions)).collect()
    };
    assert_eq!(first3(0), vec![(1, 2, 1), (2, 0, 0), (3, 1, 0)]);
    assert_eq!(first3(1), vec![(1, 1, 0), (2, 2, 1), (3, 0, 0)]);
    assert_eq!(hz[0].rows.len(), 15);
    approx_opt(hz[0].rows[0].hazard, 0.5);
    assert_eq!(hz[0].rows[1].hazard, None);
    approx_opt(hz[1].rows[1].hazard, 0.5);
    let (lo, hi) = wilson_by_hand(1.0, 2.0);
    approx_opt(hz[1].rows[1].hazard_lo, lo);
    approx_opt(hz[1].rows[1].hazard_hi, hi);
}

// ------------------------------------------------------- JSON and round trip

#[test]
fn json_uses_the_documented_field_names() {
    // Issue 3 names these so other tools can rely on them.
    let an = common::analyze(SILENCES, &common::as_of(T));
    let v = serde_json::to_value(&an).unwrap();
    let ttd = &v["time_to_dark"];
    for k in ["engaged", "dark", "median_days", "p25_days", "p75_days", "p90_days", "km", "chased"] {
        assert!(ttd.get(k).is_some(), "time_to_dark.{k}");
    }
    for k in ["day", "at_risk", "events", "censored", "dark_share", "lo", "hi"] {
        assert!(ttd["km"][0].get(k).is_some(), "time_to_dark.km[].{k}");
    }
    for k in ["dark_chased", "share_chased", "median_touches_after", "median_days_to_last_touch"] {
        assert!(ttd["chased"].get(k).is_some(), "time_to_dark.chased.{k}");
    }
    let rv = &v["revival"];
    for k in [
        "silences",
        "silences_with_touches",
        "revived_with_touches",
        "revival_rate",
        "revival_rate_lo",
        "revival_rate_hi",
        "by_touches",
        "by_gap",
        "revived_prospects",
        "revived_then_converted",
    ] {
        assert!(rv.get(k).is_some(), "revival.{k}");
    }
    for k in ["j", "label", "silences", "revived", "share"] {
        assert!(rv["by_touches"][0].get(k).is_some(), "revival.by_touches[].{k}");
    }
    for k in ["responders", "median_r", "share_5_8"] {
        assert!(v["first_response"].get(k).is_some(), "first_response.{k}");
    }
    for k in ["time_to_convert", "cadence", "channel"] {
        assert!(v.get(k).is_some_and(|x| !x.is_null()), "{k}");
    }
}

#[test]
fn facts_round_trip_keeps_dark_fields_csv_and_parquet() {
    // SILENCES has dark (D, E, F), revived (A, B, F, G), converted (A, A2, C,
    // G) prospects and a sub-second timestamp (A2's first response).
    let l = common::load(SILENCES, &common::as_of(T));
    assert!(l.facts.prospects.iter().any(|p| p.dark.dark_at.is_some()));
    assert!(l.facts.prospects.iter().any(|p| p.dark.silences_revived > 0));
    let w = common::Work::new();
    for name in ["facts.csv", "facts.parquet"] {
        let path = w.path(name);
        touchstone::facts::io::write(&l.facts, &path).expect("write facts");
        let back = touchstone::facts::io::read(&[path]).expect("read facts");
        assert_eq!(back.as_of, l.facts.as_of, "{name}");
        assert_eq!((back.quiet_days, back.dark_days), (l.facts.quiet_days, l.facts.dark_days), "{name}");
        assert_eq!(back.prospects.len(), l.facts.prospects.len());
        for (a, b) in back.prospects.iter().zip(&l.facts.prospects) {
            assert_eq!(a, b, "{name}: {}", b.prospect_id);
        }
        assert_eq!(back, l.facts, "{name}");
    }
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
        let mut p = FactsParams::default();
        p.dark_days = 3;
        let b = common::analyze(&render(&rows), &p);
        check_invariants(&b)?;
    }
}
