//! The outcomes (deals) file of `--outcomes`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchstone::ingest::{outcomes, IngestOptions, Source};

fuzz_target!(|data: &[u8]| {
    let _ = outcomes::read_source(&Source::Stdin(std::sync::Arc::new(data.to_vec())), &IngestOptions::default());
});
