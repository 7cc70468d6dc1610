//! The single integration-test binary (one binary keeps build time down on
//! two cores). Each module covers one area; `common` holds the helpers.

mod cli;
mod common;
mod fixtures;
mod properties;
mod stats;
