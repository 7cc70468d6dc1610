//! The single integration-test binary (one binary keeps build time down on
//! two cores). Each module covers one area; `common` holds the helpers.

mod claims;
mod cli;
mod common;
mod dark;
mod fixtures;
mod ingest;
mod properties;
mod recovery;
mod report;
mod stats;
mod streaming;
