//! §9 acting on the numbers: the worklist and the fair rep comparison, and
//! the statistics under them (log-rank, Benjamini–Hochberg, beta-binomial
//! shrinkage) against published references and hand computation.

use touchstone::facts::FactsParams;
use touchstone::generate::{self, Format, Size, Spec};
use touchstone::metrics::{reps, worklist, MetricParams};
use touchstone::pipeline;
use touchstone::stats::{benjamini_hochberg, beta_binomial, log_rank};

use crate::common::{self, close, input_for, json_of, wilson_by_hand, Work};

/// R's `survival` documentation example, `survdiff(Surv(time, status) ~ x,
/// data = aml)`, prints for x = Maintained: N 11, Observed 7, Expected
/// 10.69, and "Chisq= 3.4 on 1 degrees of freedom, p= 0.0653"
/// (lifelines' `logrank_test` on the same data gives the same test).
#[test]
fn log_rank_matches_r_survdiff_on_aml() {
    // (time, status) of the aml data set; status 0 = censored ("13+").
    let maintained =
        [(9, 1), (13, 1), (13, 0), (18, 1), (23, 1), (28, 0), (31, 1), (34, 1), (45, 0), (48, 1), (161, 0)];
    let other =
        [(5, 1), (5, 1), (8, 1), (8, 1), (12, 1), (16, 0), (23, 1), (27, 1), (30, 1), (33, 1), (43, 1), (45, 1)];
    let all: Vec<(f64, bool, bool)> = maintained
        .iter()
        .map(|&(t, s)| (f64::from(t), s == 1, true))
        .chain(other.iter().map(|&(t, s)| (f64::from(t), s == 1, false)))
        .collect();
    let d: Vec<f64> = all.iter().map(|x| x.0).collect();
    let e: Vec<bool> = all.iter().map(|x| x.1).collect();
    let a: Vec<bool> = all.iter().map(|x| x.2).collect();
    let t = log_rank(&d, &e, &a);
    assert_eq!(t.observed, 7.0);
    close(t.expected, 10.69, 0.005);
    close(t.chi2, 3.4, 0.05);
    close(t.p_value, 0.0653, 0.00005);
    // The same test from (at risk, events) tables by integer time.
    let table = |keep: &dyn Fn(bool) -> bool| -> Vec<(u64, u64)> {
        (0..=161)
            .map(|day| {
                let at = all.iter().filter(|x| keep(x.2) && x.0 >= f64::from(day)).count() as u64;
                let ev = all.iter().filter(|x| keep(x.2) && x.1 && x.0 == f64::from(day)).count() as u64;
                (at, ev)
            })
            .collect()
    };
    let u = touchstone::stats::logrank::log_rank_tables(&table(&|_| true), &table(&|a| a));
    close(u.expected, t.expected, 1e-12);
    close(u.chi2, t.chi2, 1e-12);
}

/// Worked by hand: p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted: 0.005,
/// 0.01, 0.03, 0.04; times m/i: 0.02, 0.02, 0.04, 0.04; running minimum from
/// the top: 0.04, 0.04, 0.02, 0.02. Second case (0.02, 0.03, 0.5): 0.06,
/// 0.045, 0.5 → minimum from the top 0.5, 0.045, 0.045. Third: (0.9, 0.8):
/// 1.6 and 0.9 → 0.9 both (and nothing above 1).
#[test]
fn benjamini_hochberg_by_hand() {
    let check = |p: &[f64], want: &[f64]| {
        let got = benjamini_hochberg(p);
        for (g, w) in got.iter().zip(want) {
            close(*g, *w, 1e-12);
        }
    };
    check(&[0.01, 0.04, 0.03, 0.005], &[0.02, 0.04, 0.04, 0.02]);
    check(&[0.02, 0.03, 0.5], &[0.045, 0.045, 0.5]);
    check(&[0.9, 0.8], &[0.9, 0.9]);
}

/// Groups (2/3, 10/50, 20/50, 15/100): N = 203, μ = 47/203 = 0.231527;
/// S = Σ n (x/n − μ)² = 2.701560; N − Σn²/N = 203 − 15109/203 = 129.064039;
/// ρ = (S − μ(1−μ)·3) / (μ(1−μ)·129.064) = 0.0944022; α + β = 1/ρ − 1 =
/// 9.592972, α = μ·9.592972 = 2.221033, β = 7.371939. The rep with 3
/// prospects and 2 conversions (0.667) is pulled to (2 + α)/(3 + α + β) =
/// 0.335190; its 95 % posterior Beta(4.221033, 8.371939) quantiles are
/// 0.114492 and 0.605241 (scipy.stats.beta.ppf).
#[test]
fn shrinkage_pulls_a_small_lucky_rep_by_the_moment_formula() {
    let s = beta_binomial(&[(2, 3), (10, 50), (20, 50), (15, 100)]).unwrap();
    close(s.pooled, 47.0 / 203.0, 1e-12);
    close(s.rho, 0.09440221478506156, 1e-9);
    let (a, b) = s.prior.unwrap();
    close(a, 2.2210328820698564, 1e-9);
    close(b, 7.371938927721225, 1e-9);
    let (rate, lo, hi) = s.rates[0];
    close(rate, 0.3351895760449482, 1e-9);
    close(lo, 0.11449157041760635, 1e-6);
    close(hi, 0.6052408269449019, 1e-6);
    close(s.rates[2].0, 0.37288009319278415, 1e-9);
    // Two groups no more different than chance (2/4 and 1/4): ρ < 0, every
    // rate is the pooled 3/8 with the pooled Wilson interval.
    let pooled = beta_binomial(&[(2, 4), (1, 4)]).unwrap();
    assert!(pooled.rho < 0.0 && pooled.prior.is_none());
    let (lo, hi) = wilson_by_hand(3.0, 8.0);
    for r in &pooled.rates {
        close(r.0, 0.375, 1e-12);
        close(r.1, lo, 1e-12);
        close(r.2, hi, 1e-12);
    }
}

/// Eight prospects as of 2026-03-31, cap 4 (touch 4 and later use the `4+`
/// row). Touches (m, K): C1 1 won at 1; C2 2 won at 2; C3 3 won at 3; L1 one
/// touch in January (abandoned); L2 two touches, the second lost; O1 one
/// touch, O2 two, O3 five, all recent (open). First reps: A owns C1, C2, L2,
/// O1; B owns C3, L1, O2, O3.
const FIXTURE: &str = "\
C1,2026-03-01T10:00:00Z,out,call,won,rA
C2,2026-03-02T10:00:00Z,out,call,none,rA
C2,2026-03-05T10:00:00Z,out,email,won,rA
C3,2026-03-02T10:00:00Z,out,call,none,rB
C3,2026-03-04T10:00:00Z,out,call,none,rB
C3,2026-03-06T10:00:00Z,out,meeting,won,rB
L1,2026-01-05T10:00:00Z,out,email,none,rB
L2,2026-03-03T10:00:00Z,out,call,none,rA
L2,2026-03-07T10:00:00Z,out,call,lost,rA
O1,2026-03-21T00:00:00Z,out,sms,none,rA
O2,2026-03-10T10:00:00Z,out,call,none,rB
O2,2026-03-25T12:00:00Z,out,email,none,rB
O3,2026-03-11T10:00:00Z,out,call,none,rB
O3,2026-03-12T10:00:00Z,out,call,none,rB
O3,2026-03-13T10:00:00Z,out,call,none,rB
O3,2026-03-14T10:00:00Z,out,call,none,rB
O3,2026-03-27T00:00:00Z,out,social,none,rA
";

fn params() -> MetricParams {
    MetricParams { cap: 4, horizon: 3, min_rep_prospects: 2, economics: None }
}

/// m = 1,2,3,1,2,1,2,5. reached(1) = 8 with 1 conversion; reached(2) = 5
/// (C2, C3, L2, O2, O3) with 1; reached(3) = 2 (C3, O3) with 1; the 4+ row:
/// reached 1 (O3), 0 conversions. With --next 2:
/// O1 (n = 1): 1 − (1 − 1/5)(1 − 1/2) = 0.6;
/// O2 (n = 2): 1 − (1 − 1/2)(1 − 0/1) = 0.5;
/// O3 (n = 5): touches 6, 7 use the 4+ row: 1 − (1 − 0)² = 0.
#[test]
fn worklist_by_hand() {
    let l = common::load(FIXTURE, &common::as_of("2026-03-31T00:00:00Z"));
    let w = worklist::compute(&l.facts, &params(), 2);
    let ids: Vec<&str> = w.rows.iter().map(|r| r.prospect_id.as_str()).collect();
    assert_eq!(ids, ["O1", "O2", "O3"]);
    close(w.rows[0].p, 0.6, 1e-12);
    close(w.rows[1].p, 0.5, 1e-12);
    close(w.rows[2].p, 0.0, 1e-12);
    // The range: every hazard at its Wilson bound.
    let (lo2, hi2) = wilson_by_hand(1.0, 5.0);
    let (lo3, hi3) = wilson_by_hand(1.0, 2.0);
    let (_, hi_cap) = wilson_by_hand(0.0, 1.0);
    close(w.rows[0].p_lo, 1.0 - (1.0 - lo2) * (1.0 - lo3), 1e-12);
    close(w.rows[0].p_hi, 1.0 - (1.0 - hi2) * (1.0 - hi3), 1e-12);
    close(w.rows[1].p_hi, 1.0 - (1.0 - hi3) * (1.0 - hi_cap), 1e-12);
    close(w.rows[2].p_hi, 1.0 - (1.0 - hi_cap) * (1.0 - hi_cap), 1e-12);
    // O1's last touch: 2026-03-21T00:00 by rA, an SMS, 10 days before T.
    let o1 = &w.rows[0];
    assert_eq!((o1.rep_id.as_deref(), o1.n, o1.last_channel.as_deref()), (Some("rA"), 1, Some("sms")));
    close(o1.days_since.unwrap(), 10.0, 1e-12);
    // O3's last touch was rA's: the worklist goes to whoever works it now.
    assert_eq!(w.rows[2].rep_id.as_deref(), Some("rA"));
}

/// Rep A: C1 (event at 1), C2 (event at 2), L2 (censored at 2), O1 (1);
/// rep B: C3 (event at 3), L1 (1), O2 (2), O3 (5). Log-rank for A: at t=1,
/// n = 8, n_A = 4, d = 1: E 0.5, V 0.25; t = 2: n = 5, n_A = 2, d = 1: E 0.4,
/// V (2/5)(3/5) = 0.24; t = 3: n_A = 0. O = 2, E = 0.9, V = 0.49, χ² =
/// 1.21/0.49 = 2.469388, p = 0.116083 (scipy.stats.chi2.sf). KM by touch 3:
/// A 1 − (3/4)(1/2) = 0.625; B 1 − (1)(1)(1/2) = 0.5. Rates 2/4 and 1/4
/// differ no more than chance: both shrink to 3/8.
#[test]
fn rep_table_by_hand() {
    let l = common::load(FIXTURE, &common::as_of("2026-03-31T00:00:00Z"));
    let gu = touchstone::metrics::give_up::compute(&l.facts.prospects, &params());
    let r = reps::compute(&l.facts.prospects, &params(), &gu.by_rep);
    let ids: Vec<&str> = r.rows.iter().map(|x| x.rep_id.as_str()).collect();
    assert_eq!(ids, ["rA", "rB"], "equal shrunken rates: by rep id");
    let (a, b) = (&r.rows[0], &r.rows[1]);
    assert_eq!((a.prospects, a.conversions, b.prospects, b.conversions), (4, 2, 4, 1));
    close(a.observed, 2.0, 1e-12);
    close(a.expected, 0.9, 1e-12);
    close(a.chi2, 2.469387755102041, 1e-12);
    close(a.p_value, 0.11608313373865556, 1e-9);
    close(b.chi2, a.chi2, 1e-12);
    // BH over two equal p-values leaves them as they are; no flag.
    close(a.p_adjusted, a.p_value, 1e-12);
    assert_eq!((a.flag, b.flag), (None, None));
    close(a.km_at_horizon, 0.625, 1e-12);
    close(b.km_at_horizon, 0.5, 1e-12);
    // The curves: A 1 − 3/4 = 0.25 at touch 1, 0.625 from touch 2; B 0, 0,
    // 0.5. Pooled (all eight): S = 7/8, then × 4/5 = 0.7, then × 1/2 = 0.35.
    let curve = |v: &[f64], want: [f64; 3]| v.iter().zip(want).for_each(|(g, w)| close(*g, w, 1e-12));
    curve(&a.km_by_touch, [0.25, 0.625, 0.625]);
    curve(&b.km_by_touch, [0.0, 0.0, 0.5]);
    curve(&r.pooled_km, [0.125, 0.3, 0.65]);
    close(a.shrunk_rate, 0.375, 1e-12);
    close(b.shrunk_rate, 0.375, 1e-12);
    // Give-up (rep of the last touch): rA gave up on L2 (n = 2), rB on L1 (n = 1).
    assert_eq!((a.median_give_up, b.median_give_up), (Some(2.0), Some(1.0)));
}

#[test]
fn worklist_and_reps_from_the_cli() {
    let w = Work::new();
    let log = w.file("log.csv", &format!("{}\n{FIXTURE}", common::HEADER));
    let path = log.to_str().unwrap();
    let base = ["--as-of", "2026-03-31", "--cap", "4", "--horizon", "3", "--min-rep-prospects", "2"];
    let mut args = vec!["worklist", path, "--next", "2", "--rep", "rA", "--format", "csv"];
    args.extend(base);
    let out = common::touchstone().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("prospect_id,rep_id,n,"), "{}", lines[0]);
    // rA works O1 (p 0.6) and O3 (p 0): O1 first.
    assert!(lines[1].starts_with("O1,rA,1,") && lines[2].starts_with("O3,rA,5,"), "{text}");
    assert_eq!(lines.len(), 3);
    let mut args = vec!["reps", path, "--format", "json"];
    args.extend(base);
    let v = json_of(&args);
    assert_eq!(v["rows"].as_array().unwrap().len(), 2);
    assert_eq!(v["rows"][0]["rep_id"], "rA");
    // The analysis document carries the same table.
    let mut args = vec!["analyze", path, "--format", "json"];
    args.extend(base);
    let v = json_of(&args);
    assert_eq!(v["reps"]["rows"][1]["rep_id"], "rB");
    // The bundled sample and a CRM sample run.
    for args in [vec!["worklist", "--top", "5"], vec!["reps"]] {
        common::touchstone().args(&args).assert().success();
    }
    let calls = crate::crm::sample("hubspot_calls.csv");
    common::touchstone().arg("worklist").arg(&calls).args(["--dates-to", "2026-12-03"]).assert().success();
    common::touchstone().arg("reps").arg(&calls).args(["--dates-to", "2026-12-03"]).assert().success();
}

/// Recovery: the generator gives every rep the same per-touch hazard (reps
/// differ only in how long they persist, fixed before the first touch, so
/// stopping is not informative). Over 20 seeds × 8 reps, the share of reps
/// flagged must stay at the nominal 5 % or below (BH controls the false
/// discovery rate; under this global null any flag is false).
#[test]
fn reps_sharing_one_hazard_are_rarely_flagged() {
    let (mut flagged, mut compared) = (0usize, 0usize);
    for seed in 1..=20u64 {
        let mut spec = Spec { seed, ..Spec::new(Size::Prospects(1500)) };
        spec.reps = 8;
        let g = generate::generate(&spec);
        let w = Work::new();
        let path = w.path("log.csv");
        generate::write_file(&g.events, Format::Canonical, &path).unwrap();
        let mut input = input_for(&[path]);
        input.ingest.dates_to = Some(i64::MAX);
        let l = pipeline::load_events(&input, &FactsParams::default()).unwrap();
        let mp = MetricParams::default();
        let gu = touchstone::metrics::give_up::compute(&l.facts.prospects, &mp);
        let r = reps::compute(&l.facts.prospects, &mp, &gu.by_rep);
        compared += r.rows.len();
        flagged += r.rows.iter().filter(|x| x.flag.is_some()).count();
    }
    assert!(compared >= 150, "{compared} reps compared");
    assert!(flagged as f64 / compared as f64 <= 0.05, "{flagged} of {compared} reps flagged");
}
