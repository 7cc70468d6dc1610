//! Tests for `touchstone::stats` against independent references:
//! statsmodels (Wilson), hand arithmetic (quantiles) and lifelines
//! (Kaplan–Meier with exponential-Greenwood bands).

use touchstone::stats::{
    kaplan_meier_discrete, kaplan_meier_times, median, quantile, wilson, KmPoint, KmTimePoint, Z95,
};

fn assert_close(actual: f64, expected: f64, tol: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tol * expected.abs().max(1.0),
        "{what}: got {actual:?}, expected {expected:?} (tol {tol})"
    );
}

// ---------------------------------------------------------------- Wilson --

/// Reference values from statsmodels 0.15.0, produced with:
/// ```text
/// python -c "from statsmodels.stats.proportion import proportion_confint
/// for k,n in [(0,10),(10,10),(3,10),(81,263),(1,1),(0,1),(1,2),(7,1000)]:
///     lo,hi=proportion_confint(k,n,alpha=0.05,method='wilson'); print(k,n,repr(float(lo)),repr(float(hi)))"
/// ```
/// (statsmodels uses z = scipy.stats.norm.isf(0.025) = 1.9599639845400545,
/// one ulp from `Z95`; far below the tolerance.)
#[rustfmt::skip]
const WILSON_STATSMODELS: &[(u64, u64, f64, f64)] = &[
    (0, 10, 0.0, 0.27753279986288926),
    (10, 10, 0.7224672001371106, 1.0),
    (3, 10, 0.10779126740630104, 0.6032218525388546),
    (81, 263, 0.2552885198782742, 0.36620957698280004),
    (1, 1, 0.2065493143772374, 1.0),
    (0, 1, 0.0, 0.7934506856227627),
    (1, 2, 0.09453120573423068, 0.9054687942657693),
    (7, 1000, 0.0033948684009907654, 0.01437831546576659),
];

#[test]
fn wilson_matches_statsmodels() {
    for &(k, n, lo, hi) in WILSON_STATSMODELS {
        let (got_lo, got_hi) = wilson(k, n, Z95).expect("n > 0");
        assert_close(got_lo, lo, 1e-9, &format!("wilson lo {k}/{n}"));
        assert_close(got_hi, hi, 1e-9, &format!("wilson hi {k}/{n}"));
        assert!((0.0..=1.0).contains(&got_lo) && got_lo <= got_hi && got_hi <= 1.0);
    }
}

#[test]
fn wilson_bounds_solve_the_score_equation() {
    // Independent of the closed form: an interior Wilson bound p solves
    // (p_hat - p)^2 = z^2 p (1 - p) / n.
    for &(k, n) in &[(3u64, 10u64), (81, 263), (1, 2), (7, 1000), (500, 1000)] {
        let (lo, hi) = wilson(k, n, Z95).unwrap();
        let p_hat = k as f64 / n as f64;
        for p in [lo, hi] {
            let lhs = (p_hat - p).powi(2);
            let rhs = Z95 * Z95 * p * (1.0 - p) / n as f64;
            assert_close(lhs, rhs, 1e-12, &format!("score equation {k}/{n} at {p}"));
        }
        assert!(lo < p_hat && p_hat < hi);
    }
}

#[test]
fn wilson_edges() {
    assert_eq!(wilson(0, 0, Z95), None);
    assert_eq!(wilson(5, 0, Z95), None);
    // 0/n starts exactly at 0 and n/n ends exactly at 1 (clipped like statsmodels).
    assert_eq!(wilson(0, 10, Z95).unwrap().0, 0.0);
    assert_eq!(wilson(10, 10, Z95).unwrap().1, 1.0);
    // z = 0 collapses to the point estimate.
    let (lo, hi) = wilson(3, 10, 0.0).unwrap();
    assert_close(lo, 0.3, 1e-15, "z=0 lo");
    assert_close(hi, 0.3, 1e-15, "z=0 hi");
}

// -------------------------------------------------------------- quantile --

#[test]
fn quantile_hand_cases() {
    // Even length: sorted [1,2,3,4], median position 0.5*3 = 1.5 -> (2+3)/2 = 2.5.
    assert_eq!(median(&[1.0, 2.0, 3.0, 4.0]), Some(2.5));
    // Odd length, unsorted: [3,1,2] -> [1,2,3], position 0.5*2 = 1 -> 2.
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    // p = 0 -> minimum, p = 1 -> maximum (positions 0 and n-1).
    assert_eq!(quantile(&[5.0, -2.0, 9.0, 0.5], 0.0), Some(-2.0));
    assert_eq!(quantile(&[5.0, -2.0, 9.0, 0.5], 1.0), Some(9.0));
    // p = 0.25 on [1,2,3,4]: position 0.25*3 = 0.75 -> 1 + 0.75*(2-1) = 1.75
    // (numpy.quantile([1,2,3,4], 0.25) == 1.75).
    assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.25), Some(1.75));
    // p = 0.25 on five values lands exactly on an element: 0.25*4 = 1 -> 20.
    assert_eq!(quantile(&[50.0, 40.0, 30.0, 20.0, 10.0], 0.25), Some(20.0));
    // Unsorted input, p = 0.1: [40,10,30,20] -> [10,20,30,40], position 0.1*3 = 0.3
    // -> 10 + 0.3*(20-10) = 13.
    assert_close(quantile(&[40.0, 10.0, 30.0, 20.0], 0.1).unwrap(), 13.0, 1e-12, "q0.1");
    // 1..=10, p = 0.9: position 0.9*9 = 8.1 -> 9 + 0.1*(10-9) = 9.1.
    let one_to_ten: Vec<f64> = (1..=10).map(f64::from).collect();
    assert_close(quantile(&one_to_ten, 0.9).unwrap(), 9.1, 1e-12, "q0.9");
    // Ties: [2,2,2,7], p = 0.5: position 1.5 -> 2 + 0.5*(2-2) = 2.
    assert_eq!(median(&[2.0, 7.0, 2.0, 2.0]), Some(2.0));
    // Single value: every quantile is that value.
    for p in [0.0, 0.3, 0.5, 1.0] {
        assert_eq!(quantile(&[7.5], p), Some(7.5));
    }
    // Empty -> None.
    assert_eq!(quantile(&[], 0.5), None);
    assert_eq!(median(&[]), None);
}

#[test]
fn quantile_does_not_mutate_input() {
    let v = [3.0, 1.0, 2.0];
    let _ = median(&v);
    assert_eq!(v, [3.0, 1.0, 2.0]);
}

// ---------------------------------------------------------- Kaplan–Meier --
//
// All KM reference rows below were produced with lifelines 0.30.3
// (`pip install lifelines`) by this script; each row is
// (time, at_risk, observed, censored, survival, lower_0.95, upper_0.95)
// taken from `event_table`, `survival_function_` and `confidence_interval_`
// (the time-0 row lifelines adds is skipped):
//
// ```python
// import numpy as np
// from lifelines import KaplanMeierFitter
// def dump(name, T, E):
//     kmf = KaplanMeierFitter().fit(T, E)
//     et = kmf.event_table
//     sf = kmf.survival_function_.iloc[:, 0]
//     ci = kmf.confidence_interval_
//     print(f"// {name}")
//     for t in et.index:
//         if t == 0 and not (np.array(T) == 0).any():
//             continue
//         print(f"    ({float(t)!r}, {int(et.loc[t,'at_risk'])}, {int(et.loc[t,'observed'])}, "
//               f"{int(et.loc[t,'censored'])}, {float(sf.loc[t])!r}, "
//               f"{float(ci.loc[t].iloc[0])!r}, {float(ci.loc[t].iloc[1])!r}),")
// # R survival::aml, x == "Maintained": 9, 13, 13+, 18, 23, 28+, 31, 34, 45+, 48, 161+
// dump("aml maintained", [9,13,13,18,23,28,31,34,45,48,161], [1,1,0,1,1,0,1,1,0,1,0])
// # R survival::aml, x == "Nonmaintained": 5, 5, 8, 8, 12, 16+, 23, 27, 30, 33, 43, 45
// dump("aml nonmaintained", [5,5,8,8,12,16,23,27,30,33,43,45], [1,1,1,1,1,0,1,1,1,1,1,1])
// dump("discrete A", [1,1,1,2,2,2,3,4,4,5], [1,1,0,1,0,0,0,1,1,0])
// dump("discrete B", [1,1,1,1,2,2,2,3], [1,0,0,0,1,1,0,1])
// ```
//
// The AML survival column also matches the textbook values (R
// `survfit(Surv(time, status) ~ x, data = aml)`: 0.909, 0.818, 0.716, 0.614,
// 0.491, 0.368, 0.184 for the maintained group).

type Row = (f64, u64, u64, u64, f64, f64, f64);

#[rustfmt::skip]
const AML_MAINTAINED: &[Row] = &[
    (9.0, 11, 1, 0, 0.9090909090909092, 0.5080802057699292, 0.9866738226678231),
    (13.0, 10, 1, 1, 0.8181818181818182, 0.4474286146821811, 0.9511622285824918),
    (18.0, 8, 1, 0, 0.715909090909091, 0.3501903859079383, 0.8990239741910536),
    (23.0, 7, 1, 0, 0.6136363636363638, 0.26575204000128605, 0.8352992432502216),
    (28.0, 6, 0, 1, 0.6136363636363638, 0.26575204000128605, 0.8352992432502216),
    (31.0, 5, 1, 0, 0.490909090909091, 0.16733090977685078, 0.7533997903708115),
    (34.0, 4, 1, 0, 0.36818181818181833, 0.09282957493698518, 0.657040832398164),
    (45.0, 3, 0, 1, 0.36818181818181833, 0.09282957493698518, 0.657040832398164),
    (48.0, 2, 1, 0, 0.18409090909090914, 0.01173848012318958, 0.5250148427266417),
    (161.0, 1, 0, 1, 0.18409090909090914, 0.01173848012318958, 0.5250148427266417),
];

#[rustfmt::skip]
const AML_NONMAINTAINED: &[Row] = &[
    (5.0, 12, 2, 0, 0.8333333333333335, 0.48171494219537864, 0.955509365728065),
    (8.0, 10, 2, 0, 0.6666666666666665, 0.3370189325414018, 0.8597117990844396),
    (12.0, 8, 1, 0, 0.5833333333333333, 0.2701389240854973, 0.8009401923333866),
    (16.0, 7, 0, 1, 0.5833333333333333, 0.2701389240854973, 0.8009401923333866),
    (23.0, 6, 1, 0, 0.48611111111111105, 0.19187661961872818, 0.7296715697794853),
    (27.0, 5, 1, 0, 0.38888888888888884, 0.1262720121953936, 0.6498174082893149),
    (30.0, 4, 1, 0, 0.2916666666666667, 0.0724016089077718, 0.5608860526714092),
    (33.0, 3, 1, 0, 0.1944444444444444, 0.031198642931211912, 0.4614294762381138),
    (43.0, 2, 1, 0, 0.0972222222222222, 0.005746305695863835, 0.34890386111074967),
    (45.0, 1, 1, 0, 0.0, 0.0, 0.0),
];

/// Discrete case A as durations (touch number): subjects converting at touch
/// k are events at time k; a subject censored after m touches is censored at
/// time m. 10 subjects: touch 1: 2 convert, 1 censored; touch 2: 1 convert,
/// 2 censored; touch 3: 1 censored; touch 4: 2 convert; touch 5: 1 censored.
/// at_risk(k) = #subjects with duration >= k = 10, 7, 4, 3, 1, which is
/// exactly lifelines' event_table `at_risk` column below, and events(k) =
/// 2, 1, 0, 2, 0 its `observed` column.
const DISCRETE_A_T: [f64; 10] = [1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0];
const DISCRETE_A_E: [bool; 10] = [true, true, false, true, false, false, false, true, true, false];
#[rustfmt::skip]
const DISCRETE_A: &[Row] = &[
    (1.0, 10, 2, 1, 0.7999999999999997, 0.40869078163340444, 0.9458726458389115),
    (2.0, 7, 1, 2, 0.6857142857142855, 0.3045850742018473, 0.8871484950277073),
    (3.0, 4, 0, 1, 0.6857142857142855, 0.3045850742018473, 0.8871484950277073),
    (4.0, 3, 2, 0, 0.22857142857142845, 0.010691721514414656, 0.6187938903503166),
    (5.0, 1, 0, 1, 0.22857142857142845, 0.010691721514414656, 0.6187938903503166),
];

/// Discrete case B (ends with d = n): 8 subjects; touch 1: 1 converts,
/// 3 censored; touch 2: 2 convert, 1 censored; touch 3: the last one
/// converts. at_risk = 8, 4, 1 and events = 1, 2, 1, as in lifelines' table.
const DISCRETE_B_T: [f64; 8] = [1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0];
const DISCRETE_B_E: [bool; 8] = [true, false, false, false, true, true, false, true];
#[rustfmt::skip]
const DISCRETE_B: &[Row] = &[
    (1.0, 8, 1, 3, 0.8750000000000001, 0.38700001403202483, 0.9813929658789661),
    (2.0, 4, 2, 1, 0.43750000000000006, 0.0596099846818864, 0.7847851025322848),
    (3.0, 1, 1, 0, 0.0, 0.0, 0.0),
];

const KM_TOL: f64 = 1e-6;

fn assert_sane_band(s: f64, lo: f64, hi: f64, what: &str) {
    assert!(!s.is_nan() && !lo.is_nan() && !hi.is_nan(), "{what}: NaN in {lo} {s} {hi}");
    assert!(0.0 <= lo && lo <= s && s <= hi && hi <= 1.0, "{what}: band {lo} <= {s} <= {hi}");
}

fn check_times(got: &[KmTimePoint], want: &[Row], name: &str) {
    assert_eq!(got.len(), want.len(), "{name}: number of points");
    for (g, &(t, n, d, c, s, lo, hi)) in got.iter().zip(want) {
        let what = format!("{name} t={t}");
        assert_eq!(g.time, t, "{what} time");
        assert_eq!((g.at_risk, g.events, g.censored), (n, d, c), "{what} counts");
        assert_close(g.survival, s, KM_TOL, &format!("{what} survival"));
        assert_close(g.lo, lo, KM_TOL, &format!("{what} lower"));
        assert_close(g.hi, hi, KM_TOL, &format!("{what} upper"));
        assert_sane_band(g.survival, g.lo, g.hi, &what);
    }
}

fn check_discrete(got: &[KmPoint], want: &[Row], name: &str) {
    assert_eq!(got.len(), want.len(), "{name}: number of points");
    for (g, &(t, n, d, _c, s, lo, hi)) in got.iter().zip(want) {
        let what = format!("{name} k={t}");
        assert_eq!((g.at_risk, g.events), (n, d), "{what} counts");
        assert_eq!(g.hazard, Some(d as f64 / n as f64), "{what} hazard");
        assert_close(g.survival, s, KM_TOL, &format!("{what} survival"));
        assert_close(g.lo, lo, KM_TOL, &format!("{what} lower"));
        assert_close(g.hi, hi, KM_TOL, &format!("{what} upper"));
        assert_sane_band(g.survival, g.lo, g.hi, &what);
    }
}

#[test]
fn km_times_aml_maintained_matches_lifelines() {
    // Given in a shuffled order: the function must sort. 13 is a tie of an
    // event and a censoring (event first: at_risk 10 at t=13, 8 at t=18).
    let t = [161.0, 13.0, 9.0, 45.0, 13.0, 18.0, 28.0, 48.0, 23.0, 34.0, 31.0];
    let e = [false, false, true, false, true, true, false, true, true, true, true];
    check_times(&kaplan_meier_times(&t, &e, Z95), AML_MAINTAINED, "aml maintained");
}

#[test]
fn km_times_aml_nonmaintained_matches_lifelines() {
    let t = [5.0, 5.0, 8.0, 8.0, 12.0, 16.0, 23.0, 27.0, 30.0, 33.0, 43.0, 45.0];
    let e = [true, true, true, true, true, false, true, true, true, true, true, true];
    let got = kaplan_meier_times(&t, &e, Z95);
    check_times(&got, AML_NONMAINTAINED, "aml nonmaintained");
    // Last subject dies: survival exactly 0 with band [0, 0].
    let last = got.last().unwrap();
    assert_eq!((last.survival, last.lo, last.hi), (0.0, 0.0, 0.0));
}

#[test]
fn km_times_discrete_durations_match_lifelines() {
    check_times(&kaplan_meier_times(&DISCRETE_A_T, &DISCRETE_A_E, Z95), DISCRETE_A, "A times");
    check_times(&kaplan_meier_times(&DISCRETE_B_T, &DISCRETE_B_E, Z95), DISCRETE_B, "B times");
}

#[test]
fn km_times_edges() {
    assert!(kaplan_meier_times(&[], &[], Z95).is_empty());
    // All censored: survival 1 and band [1, 1] everywhere.
    let got = kaplan_meier_times(&[3.0, 1.0, 3.0], &[false, false, false], Z95);
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].time, got[0].at_risk, got[0].censored), (1.0, 3, 1));
    assert_eq!((got[1].time, got[1].at_risk, got[1].censored), (3.0, 2, 2));
    for p in &got {
        assert_eq!((p.events, p.survival, p.lo, p.hi), (0, 1.0, 1.0, 1.0));
    }
    // A single event: S = 0, band [0, 0], no NaN.
    let got = kaplan_meier_times(&[2.5], &[true], Z95);
    assert_eq!(
        got,
        vec![KmTimePoint { time: 2.5, at_risk: 1, events: 1, censored: 0, survival: 0.0, lo: 0.0, hi: 0.0 }]
    );
}

#[test]
#[should_panic]
fn km_times_length_mismatch_panics() {
    let _ = kaplan_meier_times(&[1.0, 2.0], &[true], Z95);
}

/// (at_risk, events) rows of a reference table, i.e. what the metrics layer
/// would aggregate per touch number.
fn steps_of(rows: &[Row]) -> Vec<(u64, u64)> {
    rows.iter().map(|r| (r.1, r.2)).collect()
}

#[test]
fn km_discrete_matches_lifelines() {
    // at_risk(k), events(k) written out independently of the lifelines table
    // (see the DISCRETE_A / DISCRETE_B docs) and checked equal to it.
    let a = [(10, 2), (7, 1), (4, 0), (3, 2), (1, 0)];
    let b = [(8, 1), (4, 2), (1, 1)];
    assert_eq!(steps_of(DISCRETE_A), a);
    assert_eq!(steps_of(DISCRETE_B), b);
    check_discrete(&kaplan_meier_discrete(&a, Z95), DISCRETE_A, "A discrete");
    check_discrete(&kaplan_meier_discrete(&b, Z95), DISCRETE_B, "B discrete");
    // The AML tables, read as discrete steps, give the same curve too.
    let aml = steps_of(AML_MAINTAINED);
    check_discrete(&kaplan_meier_discrete(&aml, Z95), AML_MAINTAINED, "aml discrete");
}

#[test]
fn km_discrete_everyone_converts() {
    // d = n at step 2: S = 0.75 * 0 = 0, band [0, 0], no NaN; a later empty
    // row keeps it there with hazard None.
    let got = kaplan_meier_discrete(&[(4, 1), (3, 3), (0, 0)], Z95);
    assert_close(got[0].survival, 0.75, 1e-15, "S1");
    assert_eq!(got[1].hazard, Some(1.0));
    assert_eq!((got[1].survival, got[1].lo, got[1].hi), (0.0, 0.0, 0.0));
    assert_eq!(got[2].hazard, None);
    assert_eq!((got[2].survival, got[2].lo, got[2].hi), (0.0, 0.0, 0.0));
    // d = n at the first step.
    let got = kaplan_meier_discrete(&[(5, 5)], Z95);
    assert_eq!((got[0].survival, got[0].lo, got[0].hi), (0.0, 0.0, 0.0));
    // After S = 0 nothing can bring back NaN, even with more risk rows.
    for p in kaplan_meier_discrete(&[(2, 2), (3, 1), (1, 0)], Z95) {
        assert_eq!((p.survival, p.lo, p.hi), (0.0, 0.0, 0.0));
    }
}

#[test]
fn km_discrete_no_events() {
    let got = kaplan_meier_discrete(&[(5, 0), (3, 0), (0, 0), (1, 0)], Z95);
    let hazards: Vec<_> = got.iter().map(|p| p.hazard).collect();
    assert_eq!(hazards, vec![Some(0.0), Some(0.0), None, Some(0.0)]);
    for p in &got {
        assert_eq!((p.survival, p.lo, p.hi), (1.0, 1.0, 1.0));
    }
}

#[test]
fn km_discrete_empty_row_repeats_previous() {
    // Row 2 has nobody at risk: hazard None, survival and band repeat row 1;
    // row 3 then continues exactly as lifelines' discrete case A step 2
    // (10 at risk / 2 events, then 7 at risk / 1 event).
    let got = kaplan_meier_discrete(&[(10, 2), (0, 0), (7, 1)], Z95);
    assert_eq!(got[1].hazard, None);
    assert_eq!((got[1].at_risk, got[1].events), (0, 0));
    assert_eq!((got[1].survival, got[1].lo, got[1].hi), (got[0].survival, got[0].lo, got[0].hi));
    check_discrete(&[got[0]], &DISCRETE_A[..1], "gap k=1");
    check_discrete(&[got[2]], &DISCRETE_A[1..2], "gap k=3");
    // A leading empty row: S = 1 with band [1, 1].
    let got = kaplan_meier_discrete(&[(0, 0), (10, 2)], Z95);
    assert_eq!(got[0], KmPoint { at_risk: 0, events: 0, hazard: None, survival: 1.0, lo: 1.0, hi: 1.0 });
    check_discrete(&got[1..], &DISCRETE_A[..1], "leading gap");
    assert!(kaplan_meier_discrete(&[], Z95).is_empty());
}

#[test]
fn km_band_is_sane_on_many_tables() {
    // Deterministic sweep over small tables: never NaN, lo <= S <= hi,
    // survival non-increasing.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    for case in 0..500 {
        let mut n = next(40);
        let mut steps = Vec::new();
        for _ in 0..next(12) {
            let d = if n == 0 { 0 } else { next(n + 1) };
            steps.push((n, d));
            n = n.saturating_sub(d + next(3));
        }
        let got = kaplan_meier_discrete(&steps, Z95);
        let mut prev = 1.0;
        for (k, p) in got.iter().enumerate() {
            assert_sane_band(p.survival, p.lo, p.hi, &format!("case {case} step {k}"));
            assert!(p.survival <= prev);
            prev = p.survival;
        }
    }
}

// ------------------------------------------------------------- bootstrap --

/// The bootstrap draws each resample as multinomial counts over distinct
/// values. For 0/1 outcomes the bootstrap distribution of a difference of
/// means is the difference of two scaled binomials, whose 95 % percentile
/// interval approaches the normal (Wald) interval
/// `d ± 1.96 sqrt(pa(1-pa)/na + pb(1-pb)/nb)` for large groups.
#[test]
fn bootstrap_difference_matches_the_normal_interval_for_large_groups() {
    use touchstone::stats::bootstrap::difference_interval;
    let ones = |x: usize, n: usize| -> Vec<f64> { (0..n).map(|i| if i < x { 1.0 } else { 0.0 }).collect() };
    let (a, b) = (ones(600, 2000), ones(450, 2500)); // pa = 0.30, pb = 0.18
    let (lo, hi) = difference_interval(&a, &b, 4000, 7).unwrap();
    let d: f64 = 0.30 - 0.18;
    let se = (0.30_f64 * 0.70 / 2000.0 + 0.18 * 0.82 / 2500.0).sqrt(); // 0.012796...
    assert_close(lo, d - Z95 * se, 0.004, "lower bound");
    assert_close(hi, d + Z95 * se, 0.004, "upper bound");
}

/// Resampling 101 values, 60 of them 1 and 41 of them 2: the resample median
/// is 1 when at least 51 ones are drawn (Binomial(101, 60/101), mean 60, sd
/// 4.93: P(<= 50) = 2.79 % by scipy.stats.binom.cdf(50, 101, 60/101)), so the
/// 2.5 % quantile is 1 and, as P(median = 2) > 2.5 %, the 97.5 % one is 2.
#[test]
fn bootstrap_median_of_a_two_valued_sample() {
    use touchstone::stats::bootstrap::median_interval;
    let mut v = vec![1.0; 60];
    v.extend(vec![2.0; 41]);
    let (lo, hi) = median_interval(&v, 20_000, 3).unwrap();
    assert_eq!(lo, 1.0);
    assert_eq!(hi, 2.0);
    // All equal: a degenerate interval.
    assert_eq!(median_interval(&[4.0; 50], 2000, 1), Some((4.0, 4.0)));
}
