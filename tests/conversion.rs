//! docs/metrics.md §3, conversion by touch number (with §8.7–§8.9): `reached`,
//! conversions and shares per touch, the `cap+` row, the hazard with its
//! Wilson interval, and the Kaplan–Meier curve with its Greenwood band.
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//!
//! Unless a test says otherwise, `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, every channel is a touch channel, and metric params are the defaults
//! (`cap = 15`, `horizon = 8`, `min_rep_prospects = 5`).

use crate::common::{self, approx_opt, close, km_band_by_hand, metric, wilson_by_hand, Log, EPS, T, Z};

/// p1..p4 converted at K = 1, 2, 3, 5; p5 open with 4 March touches, p6
/// open with 1; p7 an inbound-only won (K = 0).
fn cap_fixture() -> String {
    Log::new()
        .converted_at("p1", 1)
        .converted_at("p2", 2)
        .converted_at("p3", 3)
        .converted_at("p4", 5)
        .touches("p5", "2026-03", 4, "r1")
        .touches("p6", "2026-03", 1, "r1")
        .row("p7", "2026-03-05T10:00:00Z", "in", "email", "won", "")
        .body()
}

#[test]
fn cap_row_aggregates_k_at_least_cap_over_m_at_least_cap() {
    // cap = 3. p1..p4 converted at K = 1, 2, 3, 5 (m = K); p5 open n = 4;
    // p6 open n = 1 (T - 03-01 10:00 = 29 d 14 h); p7 inbound-only won (K = 0).
    // k=1: reached #{m>=1} = p1..p6 = 6, conv 1 (p1)          h = 1/6
    // k=2: reached #{m>=2} = p2,p3,p4,p5 = 4, conv 1 (p2)      h = 1/4
    // 3+ : reached #{m>=3} = p3,p4,p5 = 3, conv #{K>=3} = 2    h = 2/3
    // conversions with K >= 1 = 4 (p7 excluded, p4 beyond the cap included):
    // share 1/4, 1/4, 2/4; cum 1/4, 1/2, 1.
    let body = cap_fixture();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(3, 8, 5));
    let rows = &an.conversion_by_touch;
    assert_eq!(rows.len(), 3);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, vec!["1", "2", "3+"]);
    assert_eq!(rows.iter().map(|r| r.k).collect::<Vec<_>>(), vec![1, 2, 3]);
    let rc: Vec<(u64, u64)> = rows.iter().map(|r| (r.reached, r.conversions)).collect();
    assert_eq!(rc, vec![(6, 1), (4, 1), (3, 2)]);
    approx_opt(rows[0].hazard, 1.0 / 6.0);
    approx_opt(rows[1].hazard, 1.0 / 4.0);
    approx_opt(rows[2].hazard, 2.0 / 3.0);
    approx_opt(rows[0].share, 0.25);
    approx_opt(rows[1].share, 0.25);
    approx_opt(rows[2].share, 0.5);
    approx_opt(rows[0].cum_share, 0.25);
    approx_opt(rows[1].cum_share, 0.5);
    approx_opt(rows[2].cum_share, 1.0);
    assert_eq!(an.counts.conversions, 5);
    assert_eq!(an.counts.conversions_without_touch, 1);
}

#[test]
fn hazard_wilson_interval_and_km_with_greenwood_band() {
    // Same fixture as the cap test (cap = 3): steps (n, d) = (6,1), (4,1), (3,2).
    // Wilson for 1/6, z = 1.959963984540054 (closed form, also by calculator):
    //   centre = (1/6 + z²/12) / (1 + z²/6), half = z √(5/216 + z²/144) / (1 + z²/6)
    //   → [0.030053369748, 0.563502822186].  Wilson 2/3 → [0.207659600802, 0.938508055280].
    // KM: S1 = 5/6, S2 = 5/6·3/4 = 5/8, S3 = 5/8·1/3 = 5/24;
    //   km = 1/6, 3/8, 19/24.
    // Greenwood V: 1/(6·5) = 1/30; + 1/(4·3) → 7/60; + 2/(3·1) → 47/60.
    // Band (lifelines log-log on S, km_lo = 1 - upper(S)):
    //   row1 [0.025287573309, 0.726877150072]
    //   row2 [0.106949395501, 0.858146610068]
    //   row3 [0.404938150962, 0.991262525851]
    let body = cap_fixture();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(3, 8, 5));
    let rows = &an.conversion_by_touch;

    let (lo, hi) = wilson_by_hand(1.0, 6.0);
    close(lo, 0.030053369748306635, 1e-12);
    close(hi, 0.5635028221864702, 1e-12);
    common::close_opt(rows[0].hazard_lo, 0.030053369748306635, 1e-9);
    common::close_opt(rows[0].hazard_hi, 0.5635028221864702, 1e-9);
    common::close_opt(rows[2].hazard_lo, 0.2076596008020477, 1e-9);
    common::close_opt(rows[2].hazard_hi, 0.9385080552796037, 1e-9);
    common::close_opt(rows[1].hazard_lo, wilson_by_hand(1.0, 4.0).0, 1e-9);
    common::close_opt(rows[1].hazard_hi, wilson_by_hand(1.0, 4.0).1, 1e-9);

    common::close(rows[0].km, 1.0 / 6.0, EPS);
    common::close(rows[1].km, 3.0 / 8.0, EPS);
    common::close(rows[2].km, 19.0 / 24.0, EPS);
    // km = 1 - prod(1 - h)
    let prod: f64 = rows.iter().map(|r| 1.0 - r.hazard.unwrap()).product();
    common::close(rows[2].km, 1.0 - prod, EPS);

    let expected = [
        (5.0 / 6.0, 1.0 / 30.0, (0.02528757330910647, 0.7268771500716442)),
        (5.0 / 8.0, 7.0 / 60.0, (0.10694939550142224, 0.858146610068345)),
        (5.0 / 24.0, 47.0 / 60.0, (0.4049381509624298, 0.9912625258513101)),
    ];
    for (row, (s, v, (lo, hi))) in rows.iter().zip(expected) {
        let (blo, bhi) = km_band_by_hand(s, v);
        close(blo, lo, 1e-12);
        close(bhi, hi, 1e-12);
        close(row.km_lo, lo, 1e-9);
        close(row.km_hi, hi, 1e-9);
        assert!(row.km_lo <= row.km && row.km <= row.km_hi);
    }
}

#[test]
fn km_band_rules_zero_events_full_events_and_nobody_at_risk() {
    // b: 2 touches then won → K = 2; c: 1 open touch.
    // Row 1: (n, d) = (2, 0): h = 0, S = 1 → km 0, band [0, 0] (§8.9);
    //   Wilson 0/2: lo exactly 0, hi = 0.657619772493.
    // Row 2: (1, 1): h = 1, S = 0 → km 1, band [1, 1]; Wilson hi exactly 1,
    //   lo = 1/(1 + z²) = 0.206543291474.
    // Row 3: (0, 0): hazard null, Wilson null, km and band repeat row 2.
    let body = "\
b,2026-03-01T09:00:00Z,out,call,none,r1
b,2026-03-02T09:00:00Z,out,call,none,r1
b,2026-03-03T09:00:00Z,in,email,won,
c,2026-03-10T09:00:00Z,out,email,none,r1
";
    let an = common::analyze(body, &common::as_of(T));
    let rows = &an.conversion_by_touch;
    let r1 = &rows[0];
    approx_opt(r1.hazard, 0.0);
    assert_eq!(r1.hazard_lo, Some(0.0));
    common::close_opt(r1.hazard_hi, 0.6576197724933469, 1e-9);
    assert_eq!((r1.km, r1.km_lo, r1.km_hi), (0.0, 0.0, 0.0));
    let r2 = &rows[1];
    approx_opt(r2.hazard, 1.0);
    assert_eq!(r2.hazard_hi, Some(1.0));
    common::close_opt(r2.hazard_lo, 1.0 / (1.0 + Z * Z), 1e-9);
    assert_eq!((r2.km, r2.km_lo, r2.km_hi), (1.0, 1.0, 1.0));
    for r in &rows[2..] {
        assert_eq!((r.reached, r.conversions), (0, 0));
        assert_eq!((r.hazard, r.hazard_lo, r.hazard_hi), (None, None, None));
        assert_eq!((r.km, r.km_lo, r.km_hi), (1.0, 1.0, 1.0));
    }
}

#[test]
fn km_null_hazard_row_is_factor_one_and_repeats_band() {
    // cap = 4. p1 converted at K = 1; p2 open with n = 1. Nobody has m >= 2.
    // Rows: (2,1) h = 1/2 → km 1/2, V = 1/(2·1) = 1/2; rows 2, 3, 4+ have
    // reached 0 → null hazard, factor 1: km stays 1/2 with the same band.
    // Band for S = 1/2, V = 1/2: computed in closed form by km_band_by_hand.
    let body = Log::new().converted_at("p1", 1).touches("p2", "2026-03", 1, "r1").body();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(4, 8, 5));
    let rows = &an.conversion_by_touch;
    assert_eq!(rows.len(), 4);
    let (lo, hi) = km_band_by_hand(0.5, 0.5);
    for r in rows {
        common::close(r.km, 0.5, EPS);
        common::close(r.km_lo, lo, 1e-9);
        common::close(r.km_hi, hi, 1e-9);
    }
    assert!(rows[1..].iter().all(|r| r.hazard.is_none() && r.reached == 0));
    assert_eq!(rows[3].label, "4+");
}
