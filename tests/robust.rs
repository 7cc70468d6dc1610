//! Issue 13: damaged input is a data error, never a panic or an abort;
//! gzip for every CSV input; CR, LF, CRLF and mixed line endings read the
//! same rows; the header check is linear; the rule for short rows.

use std::io::Write;
use std::sync::Arc;

use polars::prelude::*;

use crate::common::{touchstone, Work, HEADER};
use touchstone::facts::{io as facts_io, FactsParams};
use touchstone::ingest::{canonical, IngestOptions, Source};
use touchstone::Error;

const ROWS: &str = "p1,2026-03-02T10:00:00Z,out,call,none,r1\n\
                    p1,2026-03-03T10:00:00Z,in,email,replied,\n\
                    p2,2026-03-04T10:00:00Z,out,email,none,r2\n\
                    p3,2026-03-05T10:00:00Z,out,call,none,r1\n";

fn read_bytes(bytes: &[u8]) -> touchstone::Result<touchstone::ingest::EventLog> {
    canonical::read(&[Source::Stdin(Arc::new(bytes.to_vec()))], &IngestOptions::default())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// An events Parquet file: string columns and `ts` as a UTC datetime.
fn events_parquet() -> Vec<u8> {
    let ts: Vec<i64> = (0..40).map(|i| 1_772_445_600_000_000 + i * 3_600_000_000).collect();
    let mut df = DataFrame::new_infer_height(vec![
        Column::new("prospect_id".into(), (0..40).map(|i| format!("p{}", i % 9)).collect::<Vec<_>>()),
        Int64Chunked::new("ts".into(), ts).into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)).into_column(),
        Column::new("direction".into(), (0..40).map(|i| if i % 3 == 0 { "in" } else { "out" }).collect::<Vec<_>>()),
        Column::new("channel".into(), vec!["call"; 40]),
        Column::new("outcome".into(), (0..40).map(|i| if i % 7 == 0 { "won" } else { "none" }).collect::<Vec<_>>()),
        Column::new("rep_id".into(), (0..40).map(|i| format!("r{}", i % 3)).collect::<Vec<_>>()),
    ])
    .unwrap();
    let mut out = Vec::new();
    ParquetWriter::new(&mut out).finish(&mut df).unwrap();
    out
}

/// Mutations of `bytes`: every byte of the last 400 (the footer) set to
/// 0x00, 0xff and flipped, and every 5th byte elsewhere flipped.
fn mutations(bytes: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    let n = bytes.len();
    let footer = n.saturating_sub(400)..n;
    let edits: Vec<(usize, u8)> = footer
        .flat_map(|i| [(i, 0x00), (i, 0xff), (i, bytes[i] ^ 0x01), (i, bytes[i] ^ 0x80)])
        .chain((4..n.saturating_sub(400)).step_by(5).map(|i| (i, bytes[i] ^ 0x5a)))
        .collect();
    edits.into_iter().map(move |(i, v)| {
        let mut m = bytes.to_vec();
        m[i] = v;
        m
    })
}

#[test]
fn damaged_events_parquet_is_a_data_error_never_a_panic() {
    let good = events_parquet();
    let log = read_bytes(&good).expect("the intact file reads");
    assert_eq!(log.rows_read, 40);
    assert_eq!(log.events.len(), 40);
    let (mut ok, mut damaged) = (0, 0);
    for m in mutations(&good) {
        match read_bytes(&m) {
            Ok(_) => ok += 1,
            Err(e) => {
                assert_eq!(e.exit_code(), 1, "{e}");
                assert!(e.to_string().starts_with("<stdin>"), "the message names the file: {e}");
                damaged += 1;
            }
        }
    }
    assert!(damaged > 100, "most mutations are caught as damaged ({damaged} damaged, {ok} read)");
}

#[test]
fn damaged_facts_parquet_is_a_data_error_never_a_panic() {
    let w = Work::new();
    let log = w.file("log.csv", &format!("{HEADER}\n{ROWS}"));
    let loaded =
        touchstone::pipeline::load_events(&crate::common::input_for(&[log]), &FactsParams::default()).expect("loads");
    let path = w.path("facts.parquet");
    facts_io::write(&loaded.facts, &path).unwrap();
    let good = std::fs::read(&path).unwrap();
    let (_, rows) = facts_io::read_bytes(good.clone(), "f.parquet").expect("intact facts read");
    assert_eq!(rows.len(), 3);
    let mut damaged = 0;
    for m in mutations(&good) {
        if let Err(e) = facts_io::read_bytes(m, "f.parquet") {
            assert!(e.to_string().starts_with("f.parquet"), "the message names the file: {e}");
            damaged += 1;
        }
    }
    assert!(damaged > 100, "{damaged} mutations caught");
}

#[test]
fn a_parquet_footer_claiming_huge_sizes_is_refused_before_reading() {
    // A truncated file, and one whose footer length points before the start.
    let good = events_parquet();
    let cut = &good[..good.len() - 10];
    let err = read_bytes(cut).unwrap_err().to_string();
    assert!(err.contains("damaged") && err.contains("cut short"), "{err}");
    let mut long = good.clone();
    let n = long.len();
    long[n - 8..n - 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = read_bytes(&long).unwrap_err().to_string();
    assert!(err.contains("footer claims 4294967295 bytes"), "{err}");
}

#[test]
fn the_committed_damaged_parquet_files_fail_with_exit_1() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/damaged");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let shown = path.display().to_string();
        for args in
            [vec!["analyze", "--format", "json", &shown], vec!["analyze", "--facts", &shown], vec!["validate", &shown]]
        {
            let out = touchstone().args(&args).output().unwrap();
            let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
            assert!(said.contains(&format!("{shown}: the ")) && said.contains("damaged"), "{args:?}: {said}");
            assert!(!said.contains("panicked"), "{args:?}: {said}");
        }
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn gzipped_facts_csv_reads_like_the_plain_file() {
    let w = Work::new();
    let log = w.file("log.csv", &format!("{HEADER}\n{ROWS}"));
    let facts = w.path("f.csv");
    let out = touchstone()
        .args(["facts", log.to_str().unwrap(), "-o", facts.to_str().unwrap(), "--as-of", "2026-03-31T00:00:00Z"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let gz = w.path("f.csv.gz");
    std::fs::write(&gz, gzip(&std::fs::read(&facts).unwrap())).unwrap();
    let json = |p: &std::path::Path| {
        let out = touchstone().args(["analyze", "--format", "json", "--facts", p.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut().unwrap().remove("inputs");
        v
    };
    let (plain, zipped) = (json(&facts), json(&gz));
    assert_eq!(plain["counts"]["prospects"], 3, "{}", plain["counts"]);
    assert_eq!(plain, zipped);
}

#[test]
fn cr_lf_crlf_and_mixed_endings_read_the_same_rows() {
    let lf = format!("{HEADER}\n{ROWS}");
    let variants = [
        ("LF", lf.clone()),
        ("CRLF", lf.replace('\n', "\r\n")),
        ("CR", lf.replace('\n', "\r")),
        ("mixed", lf.replacen('\n', "\r", 2).replacen('\n', "\r\n", 1)),
    ];
    for (label, text) in &variants {
        let log = read_bytes(text.as_bytes()).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(log.rows_read, 4, "{label}");
        assert_eq!(log.events.len(), 4, "{label}");
        assert_eq!(log.prospects, ["p1", "p2", "p3"], "{label}");
        assert_eq!(log.files[0].dialect.line_ending, Some(*label), "{label}");
        // gzip changes nothing.
        assert_eq!(read_bytes(&gzip(text.as_bytes())).unwrap().events.len(), 4, "{label} gzipped");
    }
}

#[test]
fn a_lone_cr_inside_quotes_stays_in_the_value() {
    let text = format!(
        "{HEADER}\rp1,2026-03-02T10:00:00Z,out,call,none,\"Ann\rLee\"\rp2,2026-03-03T10:00:00Z,out,call,none,r2\r"
    );
    let log = read_bytes(text.as_bytes()).unwrap();
    assert_eq!(log.rows_read, 2);
    assert_eq!(log.reps, ["Ann\rLee", "r2"]);
}

#[test]
fn a_cr_only_file_beside_an_lf_file_loses_no_row() {
    let w = Work::new();
    let a = w.file("a.csv", &format!("{HEADER}\n{ROWS}"));
    let b = w.file("b.csv", &format!("{HEADER}\r{}", ROWS.replace("p", "q").replace('\n', "\r")));
    let out =
        touchstone().args(["analyze", "--format", "json", a.to_str().unwrap(), b.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["counts"]["rows_read"], 8, "{}", v["counts"]);
    assert_eq!(v["counts"]["rows_used"], 8, "{}", v["counts"]);
}

#[test]
fn a_100000_column_header_is_checked_in_linear_time() {
    let mut header: Vec<String> = HEADER.split(',').map(str::to_string).collect();
    header.extend((0..100_000).map(|i| format!("extra_{i}")));
    let mut row: Vec<&str> = vec!["p1", "2026-03-02T10:00:00Z", "out", "call", "none", "r1"];
    row.extend(std::iter::repeat_n("", 100_000));
    let text = format!("{}\n{}\n", header.join(","), row.join(","));
    let start = std::time::Instant::now();
    let log = read_bytes(text.as_bytes()).unwrap();
    let took = start.elapsed();
    assert_eq!(log.events.len(), 1);
    // A guard against quadratic header checks, not a speed target (speed
    // lives in benches/): quadratic in 100,000 names is ~10^10 comparisons,
    // minutes even in a release build, while the linear check takes well
    // under a second. 60 s leaves room for a loaded 2-core CI machine,
    // where a 5 s bound failed.
    assert!(took.as_secs_f64() < 60.0, "took {took:?}");
    // A duplicate far down the header is still found: a repeat of a column
    // the mapping reads is an error naming both positions, a repeat of an
    // unread one a warning (docs/metrics.md §13.4).
    let dup = format!("{},ts\n{},2026-03-02T11:00:00Z\n", header.join(","), row.join(","));
    let start = std::time::Instant::now();
    let err = read_bytes(dup.as_bytes()).unwrap_err();
    assert!(matches!(&err, Error::Input { column: Some(c), .. } if c == "ts"), "{err}");
    assert!(err.to_string().contains("columns 2 and 100007"), "{err}");
    let dup = format!("{},extra_99999\n{},\n", header.join(","), row.join(","));
    let log = read_bytes(dup.as_bytes()).unwrap();
    assert!(log.files[0].warnings[0].contains("'extra_99999' appears twice"), "{:?}", log.files[0].warnings);
    assert!(start.elapsed().as_secs_f64() < 10.0, "took {:?}", start.elapsed());
}

#[test]
fn a_row_with_too_few_fields_reads_its_missing_trailing_fields_as_empty() {
    // The rule (README, "Every row is accounted for"): missing trailing
    // fields are empty, as for exports that drop trailing empty cells; a
    // row that then lacks a required value is rejected and counted.
    let text = format!("{HEADER}\np1,2026-03-02T10:00:00Z,out,call\np2\np3,2026-03-04T10:00:00Z\n");
    let log = read_bytes(text.as_bytes()).unwrap();
    assert_eq!(log.rows_read, 3);
    assert_eq!(log.events.len(), 2);
    assert_eq!(log.rejects.len(), 1);
    assert_eq!((log.rejects[0].row, log.rejects[0].column), (2, "ts"));
    assert_eq!(log.reps, Vec::<String>::new());
}

#[test]
fn a_stray_quote_is_reported_at_its_own_row() {
    let text = format!(
        "{HEADER}\np1,2026-03-02T10:00:00Z,out,call,none,r1\np2,2026-03-03T10:00:00Z,out,call,none,r\"2\n\
         p3,2026-03-04T10:00:00Z,out,call,none,r3\np4,2026-03-05T10:00:00Z,out,call,none,r4\n"
    );
    let err = read_bytes(text.as_bytes()).unwrap_err();
    assert!(matches!(err, Error::Input { row: Some(2), .. }), "{err}");
    assert!(err.to_string().contains("(line 3) is never closed"), "{err}");
}

#[test]
fn a_page_header_with_a_damaged_value_count_is_refused_before_polars_allocates() {
    // Found by `cargo fuzz` (target `facts`): page 2 of column `n_touches`
    // claims -29 values; polars-parquet 0.55.2 sized a bitmap by it and the
    // process aborted on a 2^61-byte allocation (exit 134).
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/damaged/facts-page-num-values-alloc.parquet");
    let out = touchstone().args(["analyze", "--facts", path.to_str().unwrap()]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("column 'n_touches': page 2 claims -29 values of the chunk's 30"), "{said}");
}

#[test]
fn a_footer_list_claiming_billions_of_entries_is_refused_before_polars_reserves_them() {
    // Found by `cargo fuzz` (target `aggregates`): a 1,190-byte file whose
    // footer claims a key-value list that polars-parquet 0.55.2 reserved
    // as 6.9 GB (a larger count exceeds memory and aborts the process).
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/damaged/aggregates-footer-list-alloc.parquet");
    for flag in ["--facts", "--aggregates"] {
        let mut args = vec!["analyze", flag, path.to_str().unwrap()];
        if flag == "--aggregates" {
            args = vec!["analyze", "--facts", path.to_str().unwrap(), "--aggregates", path.to_str().unwrap()];
        }
        let out = touchstone().args(&args).output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(said.contains("its footer does not parse within its size"), "{said}");
    }
}
