//! Events from Parquet: the footer checks, then polars' reader under the
//! damaged-file guard. Inputs not starting with the Parquet magic get it
//! prepended, so mutations of the seed files stay Parquet-shaped.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchstone::ingest::{canonical, IngestOptions, Source};

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"PAR1") { data.to_vec() } else { [b"PAR1", data].concat() };
    let opts = IngestOptions { dates_to: Some(4_102_444_800_000_000), ..Default::default() };
    let _ = canonical::read(&[Source::Stdin(std::sync::Arc::new(bytes))], &opts);
});
