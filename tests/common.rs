//! Helpers shared by the test modules: write a CSV into a temp dir, build a
//! canonical CSV body, run the library pipeline or the binary on it, look
//! facts up, compare floats, and the closed-form references (Wilson, the
//! Kaplan–Meier band) the hand-computed fixtures check against.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

use touchstone::analysis::Analysis;
use touchstone::config::{AnalysisConfig, AnalysisSource, InputConfig};
use touchstone::facts::{FactsParams, ProspectFacts};
use touchstone::ingest::time::parse_ts;
use touchstone::ingest::{IngestOptions, Source};
use touchstone::metrics::MetricParams;
use touchstone::pipeline::{self, Loaded};

pub const HEADER: &str = "prospect_id,ts,direction,channel,outcome,rep_id";

/// The as-of instant of the hand-computed fixtures unless a test says otherwise.
pub const T: &str = "2026-03-31T00:00:00Z";
/// 95 % normal quantile, as in the spec (lifelines / statsmodels value).
pub const Z: f64 = 1.959963984540054;
/// Tolerance for numbers worked out by hand: exact up to f64 rounding.
pub const EPS: f64 = 1e-12;

// ------------------------------------------------------------ files and runs

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

pub fn metric(cap: u32, horizon: u32, min_rep_prospects: u32) -> MetricParams {
    MetricParams { cap, horizon, min_rep_prospects, economics: None }
}

/// The `touchstone` binary of this package.
pub fn touchstone() -> Command {
    Command::cargo_bin("touchstone").expect("binary built")
}

/// Run the binary with `args`; it must succeed and print JSON.
pub fn json_of(args: &[&str]) -> Value {
    let out = touchstone().args(args).output().expect("runs");
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

// ------------------------------------------------------------- CSV bodies

/// A canonical CSV body (no header) built a row at a time, for `load` and
/// `analyze`:
///
/// ```text
/// Log::new().touches("g3", "2026-03", 4, "A").row("g3", "2026-03-05T10:00:00Z", "in", "email", "lost", "").body()
/// ```
#[derive(Default)]
pub struct Log {
    body: String,
}

impl Log {
    pub fn new() -> Log {
        Log::default()
    }

    /// One event: prospect, ts, direction, channel, outcome, rep (`""`: none).
    pub fn row(mut self, prospect: &str, ts: &str, direction: &str, channel: &str, outcome: &str, rep: &str) -> Log {
        self.body += &format!("{prospect},{ts},{direction},{channel},{outcome},{rep}\n");
        self
    }

    /// `n` outbound call touches by `rep` on days 1..=n of `month` (`2026-01`), 10:00Z.
    pub fn touches(self, id: &str, month: &str, n: u32, rep: &str) -> Log {
        (1..=n).fold(self, |log, d| log.row(id, &format!("{month}-{d:02}T10:00:00Z"), "out", "call", "none", rep))
    }

    /// Call touches with one rep per touch (`""`: no rep), days 1.. of `month`, 10:00Z.
    pub fn touches_by(self, id: &str, month: &str, reps: &[&str]) -> Log {
        (1..)
            .zip(reps)
            .fold(self, |log, (d, rep)| log.row(id, &format!("{month}-{d:02}T10:00:00Z"), "out", "call", "none", rep))
    }

    /// A prospect converted at touch `k`: `k` March call touches by `r1`
    /// (days 1..k, 10:00) and an inbound `won` on day `k` at 12:00, so `K = k`.
    pub fn converted_at(self, id: &str, k: u32) -> Log {
        let day = k.max(1);
        self.touches(id, "2026-03", k, "r1").row(id, &format!("2026-03-{day:02}T12:00:00Z"), "in", "email", "won", "")
    }

    pub fn body(self) -> String {
        self.body
    }
}

// ------------------------------------------------------------------ facts

/// A test timestamp (RFC 3339, UTC) in µs since the epoch.
pub fn ts(s: &str) -> i64 {
    parse_ts(s, None).unwrap_or_else(|e| panic!("bad test timestamp {s}: {e:?}"))
}

/// The facts of prospect `id`.
pub fn get<'a>(l: &'a Loaded, id: &str) -> &'a ProspectFacts {
    l.facts.prospects.iter().find(|p| p.prospect_id == id).unwrap_or_else(|| panic!("no prospect {id}"))
}

// ----------------------------------------------------------------- floats

#[track_caller]
pub fn close(actual: f64, expected: f64, tol: f64) {
    assert!((actual - expected).abs() <= tol, "expected {expected}, got {actual} (tol {tol})");
}

#[track_caller]
pub fn close_opt(actual: Option<f64>, expected: f64, tol: f64) {
    close(actual.expect("value present"), expected, tol)
}

/// `close` within `EPS`: a number worked out by hand.
#[track_caller]
pub fn approx(actual: f64, expected: f64) {
    close(actual, expected, EPS)
}

/// `close_opt` within `EPS`: a number worked out by hand.
#[track_caller]
pub fn approx_opt(actual: Option<f64>, expected: f64) {
    close_opt(actual, expected, EPS)
}

// ------------------------------------------------ closed-form references

/// Wilson score interval of `k / n` at `Z`, clamped to [0, 1]; closed form,
/// independent of src/stats:
/// centre = (p + z²/2n) / (1 + z²/n), half = z · sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n).
pub fn wilson_by_hand(k: f64, n: f64) -> (f64, f64) {
    let p = k / n;
    let z2 = Z * Z;
    let den = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / den;
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / den;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// lifelines' exponential-Greenwood band on the survival `s` with Greenwood
/// variance `var`, returned on the "share had the event" scale
/// (`lo = 1 - upper(S)`, `hi = 1 - lower(S)`), docs/metrics.md §8.9.
pub fn km_band_by_hand(s: f64, var: f64) -> (f64, f64) {
    let v = s.ln();
    let upper = (-((-v).ln() + Z * var.sqrt() / v).exp()).exp();
    let lower = (-((-v).ln() - Z * var.sqrt() / v).exp()).exp();
    (1.0 - upper, 1.0 - lower)
}
