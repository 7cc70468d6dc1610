//! Aggregates files (`--aggregates`): Parquet, CSV and gzipped CSV.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = touchstone::metrics::aggregates::io::read_bytes(data.to_vec(), "fuzz");
});
