//! The timestamp parsers: every format, zone and day/month order.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchstone::ingest::time::{parse_any, parse_as_of, parse_ts, parse_tz, DateOrder};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse_ts(text, None);
    let _ = parse_ts(text, parse_tz("America/New_York"));
    let _ = parse_as_of(text);
    let _ = parse_tz(text);
    for order in [None, DateOrder::parse("dmy"), DateOrder::parse("mdy")] {
        let _ = parse_any(text, None, order);
        let _ = parse_any(text, parse_tz("Europe/Berlin"), order);
    }
});
