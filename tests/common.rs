//! Helpers shared by the test modules: write a CSV into a temp dir, run the
//! library pipeline on it, compare floats.

use std::path::PathBuf;

use touchstone::analysis::Analysis;
use touchstone::config::{AnalysisConfig, AnalysisSource, InputConfig};
use touchstone::facts::FactsParams;
use touchstone::ingest::{IngestOptions, Source};
use touchstone::metrics::MetricParams;
use touchstone::pipeline::{self, Loaded};

pub const HEADER: &str = "prospect_id,ts,direction,channel,outcome,rep_id";

/// A temp dir that lives as long as the value.
pub struct Work {
    pub dir: tempfile::TempDir,
}

impl Work {
    pub fn new() -> Work {
        Work { dir: tempfile::tempdir().expect("temp dir") }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// Write `text` to `name` and return its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write fixture");
        p
    }
}

pub fn input_for(paths: &[PathBuf]) -> InputConfig {
    InputConfig {
        sources: paths.iter().cloned().map(Source::Path).collect(),
        sample: false,
        ingest: IngestOptions::default(),
        tz_name: None,
        rejects: None,
        strict: false,
    }
}

/// Facts of a canonical CSV body (header added).
pub fn load(body: &str, params: &FactsParams) -> Loaded {
    let w = Work::new();
    let p = w.file("log.csv", &format!("{HEADER}\n{body}"));
    pipeline::load_events(&input_for(&[p]), params).expect("pipeline runs")
}

/// The whole analysis of a canonical CSV body with default metric params.
pub fn analyze(body: &str, params: &FactsParams) -> Analysis {
    analyze_with(body, params, &MetricParams::default())
}

pub fn analyze_with(body: &str, params: &FactsParams, metric: &MetricParams) -> Analysis {
    let loaded = load(body, params);
    let config = AnalysisConfig {
        source: AnalysisSource::Events(input_for(&[])),
        facts: *params,
        metric: *metric,
        claims: touchstone::claims::seeds(),
    };
    pipeline::analyze(&loaded, &config)
}

/// `FactsParams` with a given as-of (RFC 3339) and default quiet days.
pub fn as_of(t: &str) -> FactsParams {
    FactsParams { as_of: Some(touchstone::ingest::time::parse_as_of(t).unwrap()), ..FactsParams::default() }
}

#[track_caller]
pub fn close(actual: f64, expected: f64, tol: f64) {
    assert!((actual - expected).abs() <= tol, "expected {expected}, got {actual} (tol {tol})");
}

#[track_caller]
pub fn close_opt(actual: Option<f64>, expected: f64, tol: f64) {
    close(actual.expect("value present"), expected, tol)
}
