//! The mapping TOML (`--mapping`) and the claims TOML (`--claims`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(m) = touchstone::ingest::mapping::Mapping::from_toml(text, "fuzz.toml") {
        // A mapping that parses must render and parse back.
        let _ = touchstone::ingest::mapping::Mapping::from_toml(&m.to_toml(), "fuzz.toml");
    }
    let _ = touchstone::claims::parse(text, "fuzz.toml");
});
