//! Touchstone: honest statistics over sales touch logs.
//!
//! Layers, each importing only the ones below it (no cycle, no arrow up):
//!
//! ```text
//! main ─> cli ─> cmd ─┬─> pipeline ─> config ─┐
//!                     ├─> report ─> charts    │
//!                     └─> sql ─> facts, model │
//!          pipeline, report, charts ─> analysis ─> claims ─> metrics ─> facts ─> ingest
//!          cmd, cli ─> generate              ingest, generate ─> stats, model, time, error
//! ```
//!
//! `ingest` turns files into canonical events with every row accounted for;
//! `facts` reduces them to one row per prospect (docs/metrics.md §2, the
//! definitions every `§` in a comment cites); `metrics` and `claims` compute from facts;
//! `analysis` assembles the one document every renderer reads; `pipeline`
//! runs that route for a validated [`config::AnalysisConfig`]; `report`
//! renders (one file per format) and `charts` draw. Only `cli` sees clap
//! types; `cmd` receives plain requests. `stats` holds the estimators on plain slices.
//! `sql` writes the facts stage as SQL for an engine (docs/metrics.md §10); what
//! the engine writes comes back through `pipeline` as facts and the
//! event-level aggregates of `metrics::aggregates`.

pub mod analysis;
pub mod charts;
pub mod claims;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod facts;
pub mod generate;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod numbers;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod sql;
pub mod stats;
pub mod time;

pub use error::{Error, Result};
