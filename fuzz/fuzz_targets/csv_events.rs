//! The events reading path on arbitrary bytes: gzip, encodings, dialect
//! sniffing, footers, preset detection, normalisation. Any panic is a bug;
//! an `Err` is the expected answer to most inputs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchstone::ingest::{canonical, IngestOptions, Source};

fuzz_target!(|data: &[u8]| {
    let opts = IngestOptions { dates_to: Some(4_102_444_800_000_000), ..Default::default() };
    let _ = canonical::read(&[Source::Stdin(std::sync::Arc::new(data.to_vec()))], &opts);
});
