//! docs/metrics.md §6, channel (with §8.16 and §8.19): conversion by the channel
//! of the first touch with Wilson intervals, call minus email with its
//! Newcombe interval, and the hazard by the channel of touch `k`.
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//!
//! Unless a test says otherwise, `T = 2026-03-31T00:00:00Z` and default
//! metric params (`cap = 15`).

use crate::common::{self, approx, approx_opt, wilson_by_hand, T};

/// Two groups' counts: (x1, n1, x2, n2).
type Counts = (u64, u64, u64, u64);

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
    let cases: [(Counts, f64, f64, f64); 4] = [
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
