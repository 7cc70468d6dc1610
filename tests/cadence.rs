//! docs/metrics.md §6, cadence (with §8.17): gaps between touches by touch
//! number, the answer rate of a touch by gap bucket, loss by the busiest
//! seven days; and time to convert in days (§8.18, a §6 report table).
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `dark_days =
//! 14`, `quiet_days = 30`, every channel is a touch channel, default metric
//! params (`cap = 15`).
//!
//! Day arithmetic used below: January 31 days, February 28 days (2026).

use crate::common::{self, approx, approx_opt, km_band_by_hand, wilson_by_hand, T};

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

// ------------------------------------------------- time to convert (§8.18)

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
