//! The one-row-per-prospect file of `--summary`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchstone::facts::summary;
use touchstone::ingest::{IngestOptions, Source};

fuzz_target!(|data: &[u8]| {
    let _ = summary::read_source(&Source::Stdin(std::sync::Arc::new(data.to_vec())), &IngestOptions::default(), 14, 21);
});
