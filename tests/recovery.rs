//! The end-to-end proof that the metrics mean what they say: on a log
//! generated with a known per-touch hazard (`touchstone generate`), the
//! engine's hazard intervals cover the truth and the estimates converge as
//! the data grows. Plus the generator's own contract: determinism and
//! readable output in every format and container.

use std::io::Read;

use polars::prelude::{ParquetReader, SerReader};

use touchstone::facts::FactsParams;
use touchstone::generate::{self, Format, Generated, Size, Spec};
use touchstone::metrics::conversion::{self, TouchRow};
use touchstone::metrics::MetricParams;
use touchstone::pipeline;

use crate::common::{input_for, Work};

/// Generate `prospects` with `seed`, write canonical CSV, run the pipeline,
/// and return the conversion table (rows 1..=15 exact: cap 16) and truth.
fn recover(prospects: u32, seed: u64) -> (Vec<TouchRow>, Vec<f64>) {
    let spec = Spec { seed, ..Spec::new(Size::Prospects(prospects)) };
    let g = generate::generate(&spec);
    let w = Work::new();
    let path = w.path("log.csv");
    generate::write_file(&g.events, Format::Canonical, &path).expect("write log");
    let loaded = pipeline::load_events(&input_for(&[path]), &FactsParams::default()).expect("pipeline runs");
    let rows = conversion::compute(&loaded.facts.prospects, &MetricParams { cap: 16, ..MetricParams::default() });
    (rows, spec.behaviour.marginal_hazard(16))
}

fn show(rows: &[TouchRow], truth: &[f64]) -> String {
    rows.iter()
        .zip(truth)
        .map(|(r, t)| {
            format!(
                "k={:>2} reached={:>6} conv={:>4} hazard={:.4} [{:.4}, {:.4}] truth={:.4}\n",
                r.k,
                r.reached,
                r.conversions,
                r.hazard.unwrap_or(f64::NAN),
                r.hazard_lo.unwrap_or(f64::NAN),
                r.hazard_hi.unwrap_or(f64::NAN),
                t
            )
        })
        .collect()
}

fn mean_abs_error(rows: &[TouchRow], truth: &[f64], upto: usize) -> f64 {
    rows[..upto].iter().zip(truth).map(|(r, t)| (r.hazard.expect("reached") - t).abs()).sum::<f64>() / upto as f64
}

#[test]
fn truth_table_rises_then_decays() {
    let truth = generate::Behaviour::default().marginal_hazard(30);
    let peak = truth.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
    assert!((2..10).contains(&peak), "peak at touch {}", peak + 1);
    assert!(truth[..=peak].windows(2).all(|w| w[0] < w[1]), "rises to the peak: {truth:?}");
    assert!(truth[peak..20].windows(2).all(|w| w[0] >= w[1]), "decays after it: {truth:?}");
}

#[test]
fn hazard_intervals_cover_the_truth_and_estimates_converge() {
    let (large, truth) = recover(40_000, 7);
    let table = show(&large, &truth);
    let covered = large[..15]
        .iter()
        .zip(&truth)
        .filter(|(r, t)| r.hazard_lo.is_some_and(|lo| lo <= **t) && r.hazard_hi.is_some_and(|hi| **t <= hi))
        .count();
    assert!(covered >= 12, "95% intervals cover the true hazard at only {covered} of 15 touches:\n{table}");
    // Enough data at every touch for the intervals to mean something.
    assert!(large[14].reached >= 1_000 && large[14].conversions >= 10, "too thin at touch 15:\n{table}");

    let (small, _) = recover(10_000, 8);
    let (mae_small, mae_large) = (mean_abs_error(&small, &truth, 10), mean_abs_error(&large, &truth, 10));
    assert!(
        mae_large < mae_small,
        "4x the data should shrink the error over k=1..10: {mae_small:.5} -> {mae_large:.5}\nsmall:\n{}large:\n{table}",
        show(&small, &truth)
    );
}

fn small_spec(seed: u64) -> Spec {
    Spec { seed, reps: 7, ..Spec::new(Size::Prospects(400)) }
}

#[test]
fn same_seed_same_bytes() {
    let w = Work::new();
    let bytes = |seed: u64, format: Format, name: &str| {
        let g = generate::generate(&small_spec(seed));
        let p = w.path(name);
        generate::write_file(&g.events, format, &p).unwrap();
        std::fs::read(p).unwrap()
    };
    for (format, name) in [(Format::Canonical, "c.csv"), (Format::Hubspot, "h.csv"), (Format::Salesforce, "s.csv")] {
        let a = bytes(3, format, name);
        assert_eq!(a, bytes(3, format, name), "{format:?}: same seed, same bytes");
        assert_ne!(a, bytes(4, format, name), "{format:?}: another seed, other bytes");
    }
    // --events: at least that many, and a prefix of a larger run's prospects.
    let g = generate::generate(&Spec { seed: 3, ..Spec::new(Size::Events(5_000)) });
    assert!(g.events.len() >= 5_000 && g.events.len() < 5_100, "{} events", g.events.len());
}

/// Every data row of a CSV parses with the header's field count.
fn csv_rows(text: &[u8], header: &[&str]) -> usize {
    let mut r = csv::Reader::from_reader(text);
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), header);
    r.records().map(|rec| assert_eq!(rec.unwrap().len(), header.len())).count()
}

#[test]
fn every_format_and_container_is_readable() {
    let spec = small_spec(5);
    let g: Generated = generate::generate(&spec);
    let n = g.events.len();
    assert!(n > 1_000, "{n} events");
    let w = Work::new();
    for format in [Format::Canonical, Format::Hubspot, Format::Salesforce] {
        let header = format.header();
        let csv_path = w.path(&format!("{format:?}.csv"));
        generate::write_file(&g.events, format, &csv_path).unwrap();
        assert_eq!(csv_rows(&std::fs::read(&csv_path).unwrap(), header), n, "{format:?} csv");

        let gz_path = w.path(&format!("{format:?}.csv.gz"));
        generate::write_file(&g.events, format, &gz_path).unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&gz_path).unwrap()).read_to_end(&mut text).unwrap();
        assert_eq!(text, std::fs::read(&csv_path).unwrap(), "{format:?}: .csv.gz holds the same bytes");

        let pq_path = w.path(&format!("{format:?}.parquet"));
        generate::write_file(&g.events, format, &pq_path).unwrap();
        let df = ParquetReader::new(std::fs::File::open(&pq_path).unwrap()).finish().unwrap();
        assert_eq!(df.height(), n, "{format:?} parquet rows");
        let names: Vec<String> = df.get_column_names().iter().map(|s| s.to_string()).collect();
        assert_eq!(names, header, "{format:?} parquet columns");
    }
    // The canonical CSV goes through the engine with nothing rejected and
    // exactly the generated duplicates removed.
    let loaded =
        pipeline::load_events(&input_for(&[w.path("Canonical.csv")]), &FactsParams::default()).expect("pipeline runs");
    let rows = loaded.ingest.rows.expect("event input");
    assert_eq!(rows.rows_read, n as u64);
    assert_eq!(rows.rejected, 0);
    assert_eq!(rows.duplicates, g.tally.duplicates);
    assert!(w.path("x.json").extension().is_some());
    assert!(
        generate::write_file(&g.events, Format::Canonical, &w.path("x.json")).is_err(),
        "unknown extension refused"
    );
}

#[test]
fn cli_writes_log_and_truth() {
    let w = Work::new();
    let (out, truth) = (w.path("log.csv.gz"), w.path("truth.json"));
    assert_cmd::Command::cargo_bin("touchstone")
        .unwrap()
        .args(["generate", "--prospects", "300", "--reps", "5", "--seed", "9", "--start", "2024-03-01", "--days", "90"])
        .arg("--out")
        .arg(&out)
        .arg("--truth")
        .arg(&truth)
        .assert()
        .success();
    let t: serde_json::Value = serde_json::from_slice(&std::fs::read(truth).unwrap()).unwrap();
    assert_eq!(t["seed"], 9);
    assert_eq!(t["prospects"], 300);
    assert_eq!(t["start"], "2024-03-01T00:00:00Z");
    assert_eq!(t["hazard"].as_array().unwrap().len(), 30);
    assert_eq!(t["rep_styles"].as_array().unwrap().len(), 5);
    // The true policy (docs/metrics.md §12) by hand from the segment mix:
    // engaged 30 % at 2.5x the base hazard, cold 70 % at 0.5x; base 0.010 at
    // touch 1 and 0.016 at touch 2. k = 1: 100 (0.3 * 0.025 + 0.7 * 0.005) =
    // 1.1 conversions for 100 touches. k = 2: S(2) = 0.3 * 0.975 * 0.96 +
    // 0.7 * 0.995 * 0.992 = 0.971728, so 2.8272 conversions for 100 + 98.9
    // touches.
    let policy = t["policy"].as_array().unwrap();
    assert_eq!(policy.len(), 30);
    let at = |i: usize, f: &str| policy[i][f].as_f64().unwrap();
    assert!((at(0, "conversions_per_100") - 1.1).abs() < 1e-9 && (at(0, "touches_per_100") - 100.0).abs() < 1e-9);
    assert!((at(1, "conversions_per_100") - 2.8272).abs() < 1e-9 && (at(1, "touches_per_100") - 198.9).abs() < 1e-9);
    assert_eq!(t["behaviour"]["informative_give_up"], 0.0);
    assert!(std::fs::metadata(out).unwrap().len() > 1_000);
    assert_cmd::Command::cargo_bin("touchstone")
        .unwrap()
        .args(["generate", "--prospects", "10", "--out", "x.txt"])
        .assert()
        .code(2);
    assert_cmd::Command::cargo_bin("touchstone")
        .unwrap()
        .args(["generate", "--prospects", "10", "--informative-give-up", "1.5", "--out", "x.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a probability between 0 and 1"));
}
