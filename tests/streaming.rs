//! Large plain CSV files are streamed through polars in batches; smaller
//! ones are read whole. Both paths must give the same events, rejects and
//! reports, byte for byte of the analysis.

use touchstone::ingest::{canonical, IngestOptions, Source};

use crate::common::{Work, HEADER};

fn read(path: &std::path::Path, stream: bool) -> touchstone::ingest::EventLog {
    let opts = IngestOptions { stream_min_bytes: Some(if stream { 0 } else { u64::MAX }), ..IngestOptions::default() };
    canonical::read(&[Source::Path(path.to_path_buf())], &opts).expect("reads")
}

fn assert_same(path: &std::path::Path) {
    let whole = read(path, false);
    let streamed = read(path, true);
    assert_eq!(whole.events, streamed.events);
    assert_eq!(whole.prospects, streamed.prospects);
    assert_eq!(whole.reps, streamed.reps);
    assert_eq!(whole.rows_read, streamed.rows_read);
    assert_eq!(whole.rejects, streamed.rejects);
    assert_eq!(whole.unknown_channels, streamed.unknown_channels);
    assert_eq!(whole.unknown_outcomes, streamed.unknown_outcomes);
    assert_eq!(whole.files.len(), streamed.files.len());
    assert_eq!(whole.files[0].rows_read, streamed.files[0].rows_read);
    assert_eq!(whole.files[0].rejected, streamed.files[0].rejected);
    assert_eq!(whole.files[0].blank_rows, streamed.files[0].blank_rows);
    assert_eq!(whole.files[0].dialect.delimiter, streamed.files[0].dialect.delimiter);
}

#[test]
fn streaming_the_sample_equals_reading_it_whole() {
    let w = Work::new();
    let p = w.file("sample.csv", std::str::from_utf8(touchstone::ingest::sources::SAMPLE_CSV).unwrap());
    let log = read(&p, true);
    // data/sample/touches.csv: 2,699 data rows, none malformed.
    assert_eq!(log.rows_read, 2699);
    assert_eq!(log.events.len(), 2699);
    assert_same(&p);
}

#[test]
fn streaming_a_file_larger_than_one_batch_keeps_row_numbers_and_rejects() {
    // 300,000 rows (more than two 131,072-row batches); every 50,000th row
    // has no prospect id and must be rejected with its own row number.
    let mut text = String::with_capacity(300_000 * 48);
    text.push_str(HEADER);
    text.push('\n');
    for i in 1..=300_000u32 {
        let pid = if i % 50_000 == 0 { String::new() } else { format!("P{}", i % 977) };
        let day = 1 + i % 28;
        text.push_str(&format!("{pid},2026-02-{day:02}T{:02}:00:00Z,out,email,none,r{}\n", i % 24, i % 7));
    }
    let w = Work::new();
    let p = w.file("big.csv", &text);
    let log = read(&p, true);
    assert_eq!(log.rows_read, 300_000);
    let rows: Vec<u64> = log.rejects.iter().map(|r| r.row).collect();
    assert_eq!(rows, vec![50_000, 100_000, 150_000, 200_000, 250_000, 300_000]);
    assert_eq!(log.events.len(), 300_000 - 6);
    assert_eq!(log.events.last().unwrap().row, 299_999);
    assert_same(&p);
}

#[test]
fn streaming_handles_bom_crlf_semicolons_and_bad_rows_like_the_whole_read() {
    let body = "\u{feff}prospect_id;ts;direction;channel;outcome;rep_id\r\n\
                A;2026-01-01T09:00:00Z;out;Call;no_answer;r1\r\n\
                ;2026-01-02T09:00:00Z;out;email;none;r1\r\n\
                B;not a date;out;email;none;r2\r\n\
                B;2026-01-03;in;email;replied;\r\n\
                C;2026-01-04 10:30;out;fax;maybe;r3\r\n";
    let w = Work::new();
    let p = w.file("semi.csv", body);
    let log = read(&p, true);
    assert_eq!(log.rows_read, 5);
    assert_eq!(log.rejects.len(), 2);
    assert_eq!(log.files[0].dialect.delimiter, Some(b';'));
    assert_eq!(log.unknown_channels.get("fax"), Some(&1));
    assert_same(&p);
}

#[test]
fn a_streamed_ragged_file_names_the_row() {
    let w = Work::new();
    let p = w.file(
        "ragged.csv",
        &format!("{HEADER}\nA,2026-01-01T00:00:00Z,out,call,none,r1\nB,2026-01-02T00:00:00Z,out,call,none,r1,x,y\n"),
    );
    let opts = IngestOptions { stream_min_bytes: Some(0), ..IngestOptions::default() };
    let err = canonical::read(&[Source::Path(p)], &opts).expect_err("ragged row");
    let msg = err.to_string();
    assert!(msg.contains("ragged.csv") && msg.contains("row 2"), "{msg}");
}
