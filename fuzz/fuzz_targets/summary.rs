//! The one-row-per-prospect file of `--summary` (`ingest::summary`): every
//! input is an error or facts, never a panic, and no count in the file sizes
//! an allocation (docs/metrics.md §13.6; seed `seeds/summary/absurd_count.csv`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchstone::ingest::summary;
use touchstone::ingest::{IngestOptions, Source};

fuzz_target!(|data: &[u8]| {
    let _ = summary::read_source(&Source::Stdin(std::sync::Arc::new(data.to_vec())), &IngestOptions::default(), 14, 21);
});
