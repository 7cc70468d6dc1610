//! The k-sample log-rank test (docs/metrics.md §11.3) against R's
//! `survival::survdiff` on its own published test data, and against
//! lifelines' `multivariate_logrank_test` on touch-number data with ties.

use touchstone::stats::{log_rank, log_rank_k, log_rank_k_tables};

/// The AML data of R's survival package (`aml`), with the third group of
/// seven early censorings that the package's own test `tests/difftest.R`
/// "tacks on" (`aml3`): Maintained, Nonmaintained, Dummy.
fn aml3() -> (Vec<f64>, Vec<bool>, Vec<usize>) {
    #[rustfmt::skip]
    let time = [9., 13., 13., 18., 23., 28., 31., 34., 45., 48., 161.,
                5., 5., 8., 8., 12., 16., 23., 27., 30., 33., 43., 45.,
                1., 2., 2., 3., 3., 3., 4.];
    #[rustfmt::skip]
    let status = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0,
                  1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
                  0, 0, 0, 0, 0, 0, 0];
    let group = (0..30)
        .map(|i| {
            if i < 11 {
                0
            } else if i < 23 {
                1
            } else {
                2
            }
        })
        .collect();
    (time.to_vec(), status.iter().map(|&s| s == 1).collect(), group)
}

/// `tests/difftest.Rout.save` of R's survival package prints, for both
/// `survdiff(Surv(time, status) ~ x, aml)` and the same on `aml3`:
/// Maintained O = 7, E = 10.69; Nonmaintained O = 11, E = 7.31; the Dummy
/// group O = 0, E = 0.00; "Chisq= 3.4 on 1 degrees of freedom, p= 0.07".
/// The unrounded statistic, 3.3963886989776, is lifelines 0.30.3's on the
/// two real groups (`multivariate_logrank_test`), p = 0.0653393220405.
#[test]
fn k_sample_matches_survdiff_with_an_empty_group() {
    let (time, status, group) = aml3();
    let three = log_rank_k(&time, &status, &group, 3);
    assert_eq!(three.df, 1, "the dummy group expects no event, so R counts 1 degree of freedom");
    assert_eq!(three.observed, vec![7.0, 11.0, 0.0]);
    assert_eq!((three.expected[0] * 100.0).round(), 1069.0);
    assert_eq!((three.expected[1] * 100.0).round(), 731.0);
    assert_eq!(three.expected[2], 0.0);
    assert!((three.chi2 - 3.3963886989776).abs() < 1e-9, "{}", three.chi2);
    assert!((three.p_value - 0.0653393220405).abs() < 1e-9, "{}", three.p_value);

    // Without the dummy group: the same numbers, and the two-sample test agrees.
    let two = log_rank_k(&time[..23], &status[..23], &group[..23], 2);
    assert_eq!(two.df, 1);
    assert!((two.chi2 - three.chi2).abs() < 1e-12);
    let in_a: Vec<bool> = group[..23].iter().map(|&g| g == 0).collect();
    let pair = log_rank(&time[..23], &status[..23], &in_a);
    assert!((pair.chi2 - two.chi2).abs() < 1e-12, "{} vs {}", pair.chi2, two.chi2);
}

/// Three groups of prospects on the touch-number axis (duration = `m`,
/// event = converted at touch `m`), with many ties. lifelines 0.30.3:
/// `multivariate_logrank_test(d, g, e)` gives test_statistic
/// 2.432602329108518, p 0.2963241968010087, 2 degrees of freedom.
#[test]
fn k_sample_matches_lifelines_on_touch_numbers() {
    let a = [(1, 1), (1, 0), (2, 1), (2, 0), (2, 0), (3, 1), (3, 0), (4, 0), (5, 1), (6, 0)];
    let b = [(1, 0), (1, 0), (2, 0), (3, 1), (3, 0), (4, 0), (4, 0), (5, 0), (6, 1), (8, 0), (8, 0)];
    let c = [(1, 1), (1, 1), (2, 1), (2, 0), (3, 0), (4, 1), (6, 0), (7, 0)];
    let (mut d, mut e, mut g) = (vec![], vec![], vec![]);
    for (gi, subjects) in [&a[..], &b[..], &c[..]].into_iter().enumerate() {
        for &(t, ev) in subjects {
            d.push(t as f64);
            e.push(ev == 1);
            g.push(gi);
        }
    }
    let test = log_rank_k(&d, &e, &g, 3);
    assert_eq!(test.df, 2);
    assert!((test.chi2 - 2.432602329108518).abs() < 1e-9, "{}", test.chi2);
    assert!((test.p_value - 0.2963241968010087).abs() < 1e-9, "{}", test.p_value);

    // The table form on touch numbers 1..=8, counted by hand from the lists:
    // (at risk = subjects with m >= t, events = converted at t).
    let tables = vec![
        vec![(10, 1), (8, 1), (5, 1), (3, 0), (2, 1), (1, 0), (0, 0), (0, 0)],
        vec![(11, 0), (9, 0), (8, 1), (6, 0), (4, 0), (3, 1), (2, 0), (2, 0)],
        vec![(8, 2), (6, 1), (4, 0), (3, 1), (2, 0), (2, 0), (1, 0), (0, 0)],
    ];
    let from_tables = log_rank_k_tables(&tables);
    assert_eq!(from_tables, test);
}

/// Nothing to compare: one group, or no event at all.
#[test]
fn k_sample_with_nothing_to_compare() {
    let one = log_rank_k_tables(&[vec![(5, 1), (4, 0)]]);
    assert_eq!((one.chi2, one.df, one.p_value), (0.0, 0, 1.0));
    let none = log_rank_k_tables(&[vec![(5, 0)], vec![(3, 0)]]);
    assert_eq!((none.chi2, none.df, none.p_value), (0.0, 0, 1.0));
}
