//! docs/metrics.md §4, give-up points (with §8.10 and §8.11): the distribution of
//! `n` over given-up prospects, the per-rep table, the share of reps who give
//! up after one follow-up, and the conversions left on the table.
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//!
//! Unless a test says otherwise, `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, every channel is a touch channel; January touches are more than 30
//! days before `T` (abandoned).

use crate::common::{self, approx_opt, metric, Log, EPS, T};

#[test]
fn give_up_distribution_cap_row_and_per_rep_table() {
    // cap = 3, min_rep_prospects = 2. January touches are > 30 d before T.
    // g1 n=1 rep A (abandoned)      g2 n=2 rep A (abandoned)
    // g3 n=4 rep A, March + inbound lost → lost (given up)
    // g4 n=3 rep B (abandoned)      g5 n=5 reps A,A,A,A,B → last rep B (abandoned)
    // g6 n=1 rep C (abandoned)      g7 n=2 reps A,"" → last touch has no rep:
    //                                  in the distribution, not in by_rep
    // o1 n=1 rep A 03-25 → open (not given up); cv: converted rep B.
    // given_up = 7: n = 1,2,4,3,5,1,2.
    // Distribution: n=1 → 2 (g1,g6), n=2 → 2 (g2,g7), 3+ → 3 (g3,g4,g5);
    //   share 2/7, 2/7, 3/7; cum 2/7, 4/7, 1.
    // by_rep (sorted): A: [1,2,4] → 3, median 2, share n<=2 = 2/3
    //                  B: [3,5]   → 2, median (3+5)/2 = 4, share 0
    //                  C: [1]     → 1, median 1, share 1
    // Reps share: eligible (>= 2 given up) A, B; median <= 2: A → 1/2.
    let body = Log::new()
        .touches("g1", "2026-01", 1, "A")
        .touches("g2", "2026-01", 2, "A")
        .touches("g3", "2026-03", 4, "A")
        .row("g3", "2026-03-05T10:00:00Z", "in", "email", "lost", "")
        .touches("g4", "2026-01", 3, "B")
        .touches_by("g5", "2026-01", &["A", "A", "A", "A", "B"])
        .touches("g6", "2026-01", 1, "C")
        .touches_by("g7", "2026-01", &["A", ""])
        .row("o1", "2026-03-25T10:00:00Z", "out", "call", "none", "A")
        .touches("cv", "2026-03", 2, "B")
        .row("cv", "2026-03-02T12:00:00Z", "in", "email", "won", "")
        .body();
    let params = common::as_of(T);
    let an = common::analyze_with(&body, &params, &metric(3, 8, 2));
    assert_eq!(an.counts.status.abandoned, 6);
    assert_eq!(an.counts.status.lost, 1);
    assert_eq!(an.counts.status.open, 1);
    assert_eq!(an.counts.status.converted, 1);
    let g = &an.give_up;
    assert_eq!(g.given_up, 7);
    let d = &g.distribution;
    assert_eq!(d.len(), 3);
    assert_eq!(d.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), vec!["1", "2", "3+"]);
    assert_eq!(d.iter().map(|r| r.n).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(d.iter().map(|r| r.count).collect::<Vec<_>>(), vec![2, 2, 3]);
    approx_opt(d[0].share, 2.0 / 7.0);
    approx_opt(d[1].share, 2.0 / 7.0);
    approx_opt(d[2].share, 3.0 / 7.0);
    approx_opt(d[0].cum_share, 2.0 / 7.0);
    approx_opt(d[1].cum_share, 4.0 / 7.0);
    approx_opt(d[2].cum_share, 1.0);

    let reps: Vec<&str> = g.by_rep.iter().map(|r| r.rep_id.as_str()).collect();
    assert_eq!(reps, vec!["A", "B", "C"]);
    let (a, b, c) = (&g.by_rep[0], &g.by_rep[1], &g.by_rep[2]);
    assert_eq!(a.given_up, 3);
    common::close(a.median_n, 2.0, EPS);
    common::close(a.share_after_one_followup, 2.0 / 3.0, EPS);
    assert_eq!(b.given_up, 2);
    common::close(b.median_n, 4.0, EPS);
    common::close(b.share_after_one_followup, 0.0, EPS);
    assert_eq!(c.given_up, 1);
    common::close(c.median_n, 1.0, EPS);
    common::close(c.share_after_one_followup, 1.0, EPS);
    let total_in_reps: u64 = g.by_rep.iter().map(|r| r.given_up).sum();
    assert_eq!(total_in_reps, 6, "g7 (last touch without rep) is left out");

    let q = &g.reps_after_one_followup;
    assert_eq!((q.reps, q.reps_median_le_2, q.min_rep_prospects), (2, 1, 2));
    approx_opt(q.share, 0.5);

    // Default min_rep_prospects = 5: no rep qualifies → share null.
    let an = common::analyze_with(&body, &params, &metric(3, 8, 5));
    let q = &an.give_up.reps_after_one_followup;
    assert_eq!((q.reps, q.reps_median_le_2, q.share), (0, 0, None));
    assert_eq!(an.give_up.by_rep.len(), 3, "by_rep lists every rep regardless");
}

#[test]
fn left_on_table_uses_exact_hazards_up_to_horizon() {
    // horizon = 4, cap = 2 (so the capped row 2+ differs from the exact hazards).
    // c1, c2, c3 converted at K = 1, 2, 3; g1 n=1, g2 n=2, g3 n=5 abandoned
    // (January); o1 open n = 4 (March 1..4); x inbound-only won (m = 0).
    // m: c1 1, c2 2, c3 3, g1 1, g2 2, g3 5, o1 4, x 0.
    // h(1) = 1/7 (reached c1,c2,c3,g1,g2,g3,o1)
    // h(2) = 1/5 (c2,c3,g2,g3,o1)     h(3) = 1/3 (c3,g3,o1)
    // h(4) = 0/2 (g3,o1)
    // g1 (n=1): 1 - (1-1/5)(1-1/3)(1-0) = 1 - 8/15 = 7/15
    // g2 (n=2): 1 - (1-1/3)(1-0)       = 1/3 = 5/15
    // g3 (n=5 >= 4): excluded.  Sum = 12/15 = 0.8 over 2 prospects.
    // (With the capped 2+ hazard 2/5 instead: 1 - 0.6³ + 1 - 0.6² = 1.424.)
    let body = Log::new()
        .converted_at("c1", 1)
        .converted_at("c2", 2)
        .converted_at("c3", 3)
        .touches("g1", "2026-01", 1, "A")
        .touches("g2", "2026-01", 2, "A")
        .touches("g3", "2026-01", 5, "A")
        .touches("o1", "2026-03", 4, "A")
        .row("x", "2026-03-05T10:00:00Z", "in", "email", "won", "")
        .body();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(2, 4, 5));
    assert_eq!(an.give_up.given_up, 3);
    let lot = &an.give_up.left_on_table;
    common::close(lot.expected_conversions, 0.8, 1e-12);
    assert_eq!(lot.prospects, 2);
    assert_eq!(lot.horizon, 4);
    assert!(lot.upper_bound);
    // The capped table itself: row 2+ = #{K>=2}/#{m>=2} = 2/5.
    let rows = &an.conversion_by_touch;
    assert_eq!((rows[1].reached, rows[1].conversions), (5, 2));
    assert_eq!(rows[1].label, "2+");
}

#[test]
fn left_on_table_null_hazard_counts_as_zero() {
    // horizon = 4 (default cap). c1 K=1, c2 K=2, g1 n=1, g2 n=2 (abandoned).
    // h(1) = 1/4, h(2) = 1/2 (c2, g2), h(3) = h(4) = null (nobody with m >= 3).
    // g1: 1 - (1-1/2)(1)(1) = 1/2;  g2: 1 - (1)(1) = 0.  Sum 0.5, 2 prospects.
    let body = Log::new()
        .converted_at("c1", 1)
        .converted_at("c2", 2)
        .touches("g1", "2026-01", 1, "A")
        .touches("g2", "2026-01", 2, "A")
        .body();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(15, 4, 5));
    let lot = &an.give_up.left_on_table;
    common::close(lot.expected_conversions, 0.5, 1e-12);
    assert_eq!(lot.prospects, 2);
}
