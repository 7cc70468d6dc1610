//! Touchstone: honest statistics over sales touch logs.
//!
//! The pipeline is `ingest` (files to canonical events, every row accounted
//! for) → `facts` (one row per prospect, METRICS.md §2) → `metrics` (§3–§4,
//! from facts alone) → `report` (JSON, tables, CSV). `stats` holds the
//! estimators on plain slices. The binary in `main.rs` is a thin shell over
//! `cmd`.

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
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod stats;

pub use error::{Error, Result};
