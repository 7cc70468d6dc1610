//! Reading real exports: the CRM presets on their samples, a corpus of
//! malformed files, row reconciliation, and the UCI bank-marketing table as
//! a prospect summary. Every expectation is written by hand from the input
//! text (or, for the bank file, counted independently with the csv crate).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use touchstone::facts::summary;
use touchstone::ingest::time::DateOrder;
use touchstone::ingest::{canonical, mapping::Mapping, outcomes, EventLog, IngestOptions, Source};
use touchstone::time::format_ts;

use crate::common::{input_for, Work, HEADER};

type Row = (String, String, &'static str, &'static str, &'static str, String);

fn read(paths: &[PathBuf], opts: &IngestOptions) -> touchstone::Result<EventLog> {
    let sources: Vec<Source> = paths.iter().cloned().map(Source::Path).collect();
    canonical::read(&sources, opts)
}

/// Events as (prospect, ts, direction, channel, outcome, rep) in read order.
fn rows(log: &EventLog) -> Vec<Row> {
    log.events
        .iter()
        .map(|e| {
            (
                log.prospects[e.prospect as usize].clone(),
                format_ts(e.ts),
                e.direction.as_str(),
                e.channel.as_str(),
                e.outcome.as_str(),
                e.rep.map(|r| log.reps[r as usize].clone()).unwrap_or_default(),
            )
        })
        .collect()
}

fn row(p: &str, ts: &str, d: &'static str, c: &'static str, o: &'static str, rep: &str) -> Row {
    (p.into(), ts.into(), d, c, o, rep.into())
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/samples").join(name)
}

#[test]
fn salesforce_data_loader_api_names_read() {
    let w = Work::new();
    let p = w.file(
        "task.csv",
        "Id,WhoId,OwnerId,Subject,TaskSubtype,CallType,CallDisposition,Status,CreatedDate\n\
         00T1,003X,005R,Call,Call,Outbound,Left Voicemail,Completed,2026-09-01T09:00:00.000Z\n\
         00T2,003X,005R,Reply,Email,,,Completed,2026-09-02T10:00:00.000+0000\n",
    );
    let log = read(&[p], &IngestOptions::default()).unwrap();
    assert_eq!(log.files[0].preset, "salesforce_dataloader");
    assert_eq!(
        rows(&log),
        vec![
            row("003X", "2026-09-01T09:00:00Z", "out", "call", "voicemail", "005R"),
            row("003X", "2026-09-02T10:00:00Z", "out", "email", "none", "005R"),
        ]
    );
}

#[test]
fn generic_sample_reads_semicolons_and_day_first_dates() {
    let log = read(&[sample("generic_activities.csv")], &IngestOptions::default()).unwrap();
    let f = &log.files[0];
    assert_eq!((f.preset.as_str(), f.dialect.delimiter), ("generic", Some(b';')));
    assert_eq!(f.date_order, Some(DateOrder::Dmy), "15/09/2026 decides day first");
    assert_eq!(
        rows(&log),
        vec![
            row("L1", "2026-09-01T09:15:00Z", "out", "call", "no_answer", "ana"),
            row("L1", "2026-09-02T00:00:00Z", "out", "email", "none", "ana"),
            row("L1", "2026-09-15T16:00:00Z", "out", "call", "connected", "ana"),
            row("L2", "2026-09-03T00:00:00Z", "out", "call", "voicemail", "bo"),
            row("L2", "2026-09-04T00:00:00Z", "out", "other", "none", "bo"),
        ]
    );
    assert_eq!(log.unknown_channels.get("fax"), Some(&1));
}

#[test]
fn mapping_file_reads_any_export_and_print_mapping_round_trips() {
    let w = Work::new();
    let map = w.file(
        "m.toml",
        "name = \"mine\"\n[columns]\nprospect_id = \"Kunde\"\nts = \"Zeit\"\nchannel = \"Art\"\n\
         [values.channel]\n\"Anruf\" = \"call\"\n[time]\ntz = \"Europe/Berlin\"\n",
    );
    let p = w.file("x.csv", "Kunde,Zeit,Art\nK1,01.09.2026 10:00,Anruf\n");
    let m = Mapping::from_file(&map).unwrap();
    let opts = IngestOptions { mapping: Some(m.clone()), ..IngestOptions::default() };
    let log = read(&[p], &opts).unwrap();
    // 10:00 in Berlin (CEST, UTC+2) is 08:00 UTC.
    assert_eq!(rows(&log), vec![row("K1", "2026-09-01T08:00:00Z", "out", "call", "none", "")]);
    let again = Mapping::from_toml(&m.to_toml(), "printed").unwrap();
    assert_eq!(again, m);
    let bad = w.file("bad.toml", "[columns]\nprospect_id = \"a\"\nts = \"b\"\n[values.channel]\nfoo = \"telepathy\"\n");
    let e = Mapping::from_file(&bad).unwrap_err().to_string();
    assert!(e.contains("bad.toml") && e.contains("telepathy"), "{e}");
}

/// One corpus entry: file name, bytes, and what must come of it.
enum Expect {
    /// Events read (count) and rejects (count).
    Rows(usize, usize),
    /// An error whose message holds every fragment.
    Error(&'static [&'static str]),
}

fn gz(text: &str) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(text.as_bytes()).unwrap();
    e.finish().unwrap()
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn malformed_corpus_gives_rows_or_clear_errors_never_a_panic() {
    let w = Work::new();
    let h = HEADER;
    let ok = "A,2026-01-01T00:00:00Z,out,call,none,r1";
    let huge = "x".repeat(1 << 20);
    let mut bad_utf8 = format!("{h}\n{ok}\nB,2026-01-02T00:00:00Z,out,call,none,").into_bytes();
    bad_utf8.extend_from_slice(&[0xff, 0xfe, b'r', b'\n']);
    let corpus: Vec<(&str, Vec<u8>, Expect)> = vec![
        ("empty.csv", vec![], Expect::Error(&["empty.csv", "empty"])),
        ("blank_only.csv", b"\n\n  \n".to_vec(), Expect::Error(&["empty"])),
        ("header_only.csv", format!("{h}\n").into_bytes(), Expect::Rows(0, 0)),
        ("semicolons.csv", format!("{}\n{}\n", h.replace(',', ";"), ok.replace(',', ";")).into_bytes(), Expect::Rows(1, 0)),
        ("tabs.tsv", format!("{}\n{}\n", h.replace(',', "\t"), ok.replace(',', "\t")).into_bytes(), Expect::Rows(1, 0)),
        ("pipes.csv", format!("{}\n{}\n", h.replace(',', "|"), ok.replace(',', "|")).into_bytes(), Expect::Rows(1, 0)),
        ("ragged_long.csv", format!("{h}\n{ok}\n{ok},extra\n").into_bytes(), Expect::Error(&["ragged_long.csv", "row 2", "fields"])),
        ("ragged_short.csv", format!("{h}\n{ok}\nB\n{ok}\n").into_bytes(), Expect::Rows(2, 1)),
        // A one-field last line cannot be told from a report footer: it is cut and reported, not read.
        ("one_field_last_line.csv", format!("{h}\n{ok}\nB\n").into_bytes(), Expect::Rows(1, 0)),
        // Not UTF-8: decoded as the legacy encoding chardetng detects
        // (windows-1252 here), with a warning; see crm::encodings_*.
        ("bad_utf8.csv", bad_utf8, Expect::Rows(2, 0)),
        ("unterminated.csv", format!("{h}\n{ok}\nB,2026-01-02T00:00:00Z,out,call,\"none,r1\n{ok}\n").into_bytes(), Expect::Error(&["unterminated.csv", "row 2", "never closed"])),
        ("huge_field.csv", format!("{h}\nA,2026-01-01T00:00:00Z,out,call,none,{huge}\n").into_bytes(), Expect::Rows(1, 0)),
        (
            "three_formats.csv",
            format!("{h}\nA,2026-09-15T09:00:00Z,,,,\nA,09/16/2026 9:00 PM,,,,\nA,17.09.2026 08:30,,,,\nA,1789776000,,,,\nA,1789776000000,,,,\n").into_bytes(),
            Expect::Rows(5, 0),
        ),
        ("ambiguous.csv", format!("{h}\nA,03/04/2026,,,,\nA,05/06/2026,,,,\n").into_bytes(), Expect::Error(&["ambiguous.csv", "--date-order"])),
        ("contradicting.csv", format!("{h}\nA,13/01/2026,,,,\nA,01/13/2026,,,,\n").into_bytes(), Expect::Error(&["disagree", "13/01/2026"])),
        ("no_prospect.csv", b"ts,channel\n2026-01-01,call\n".to_vec(), Expect::Error(&["no_prospect.csv", "'prospect_id'", "headers found", "[columns]"])),
        ("unknown_header.csv", b"foo,bar\n1,2\n".to_vec(), Expect::Error(&["no preset matches", "foo, bar", "--mapping"])),
        ("duplicate_header.csv", b"prospect_id,ts,ts\nA,2026-01-01,2026-01-02\n".to_vec(), Expect::Error(&["'ts'", "twice"])),
        ("footer.csv", format!("{h}\n{ok}\n\n\"Grand Totals (1 records)\"\n\"Copyright (c) 2000-2026 salesforce.com, inc.\"\n").into_bytes(), Expect::Rows(1, 0)),
        ("bom_crlf.csv", format!("\u{feff}{h}\r\n{ok}\r\nB,2026-01-02T00:00:00Z,in,email,replied,r2\r\n").into_bytes(), Expect::Rows(2, 0)),
        ("blank_lines.csv", format!("{h}\n{ok}\n\n\nB,2026-01-02T00:00:00Z,,,,\n").into_bytes(), Expect::Rows(2, 0)),
        ("quoted_newline.csv", format!("{h}\n\"A\",\"2026-01-01T00:00:00Z\",out,call,none,\"rep\nwith newline\"\n{ok}\n").into_bytes(), Expect::Rows(2, 0)),
        ("log.csv.gz", gz(&format!("{h}\n{ok}\n")), Expect::Rows(1, 0)),
        ("utf16.csv", utf16le(&format!("{}\r\n{}\r\n", h.replace(',', "\t"), ok.replace(',', "\t"))), Expect::Rows(1, 0)),
        ("feb30.csv", format!("{h}\n{ok}\nA,2026-02-30,,,,\nA,tomorrow,,,,\n").into_bytes(), Expect::Rows(1, 2)),
        ("missing_ts.csv", format!("{h}\nA,,out,call,none,r1\n,2026-01-01,,,,\n").into_bytes(), Expect::Rows(0, 2)),
        ("damaged.gz", vec![0x1f, 0x8b, 0x08, 0x00, 1, 2, 3], Expect::Error(&["damaged.gz", "gzip"])),
    ];
    assert!(corpus.len() >= 20);
    for (name, bytes, expect) in corpus {
        let p = w.path(name);
        std::fs::write(&p, &bytes).unwrap();
        let got = std::panic::catch_unwind(|| read(std::slice::from_ref(&p), &IngestOptions::default()));
        let got = got.unwrap_or_else(|_| panic!("{name}: the reader panicked"));
        match (expect, got) {
            (Expect::Rows(n, r), Ok(log)) => {
                assert_eq!((log.events.len(), log.rejects.len()), (n, r), "{name}: {:?}", log.rejects);
                assert_eq!(log.rows_read as usize, n + r, "{name}: every row read is an event or a reject");
            }
            (Expect::Error(parts), Err(e)) => {
                let msg = e.to_string();
                for part in parts {
                    assert!(msg.contains(part), "{name}: error lacks {part:?}: {msg}");
                }
            }
            (Expect::Rows(..), Err(e)) => panic!("{name}: expected rows, got error {e}"),
            (Expect::Error(_), Ok(log)) => panic!("{name}: expected an error, got {} events", log.events.len()),
        }
    }
}

#[test]
fn corpus_details_dates_footer_blank_lines() {
    let w = Work::new();
    let p = w.file(
        "three.csv",
        &format!("{HEADER}\nA,2026-09-15T09:00:00Z,,,,\nA,09/16/2026 9:00 PM,,,,\nA,17.09.2026 08:30,,,,\nA,12/18/2026 12:05 AM,,,,\nA,1789776000,,,,\nA,1789776000123,,,,\n"),
    );
    // The 12/18/2026 row is after the run's clock today: widen the
    // plausible window, this test is about reading date spellings.
    let log = read(&[p], &IngestOptions { dates_to: Some(i64::MAX), ..IngestOptions::default() }).unwrap();
    let ts: Vec<String> = rows(&log).into_iter().map(|r| r.1).collect();
    // 1789776000 s = 2026-09-19T00:00:00Z (checked with Python's datetime.utcfromtimestamp).
    assert_eq!(
        ts,
        [
            "2026-09-15T09:00:00Z",
            "2026-09-16T21:00:00Z",
            "2026-09-17T08:30:00Z",
            "2026-12-18T00:05:00Z",
            "2026-09-19T00:00:00Z",
            "2026-09-19T00:00:00.123000Z"
        ]
    );
    let amb = w.file("amb.csv", &format!("{HEADER}\nA,03/04/2026,,,,\n"));
    let opts = IngestOptions { date_order: Some(DateOrder::Dmy), ..IngestOptions::default() };
    let log = read(std::slice::from_ref(&amb), &opts).unwrap();
    assert_eq!(rows(&log)[0].1, "2026-04-03T00:00:00Z");
    assert_eq!(log.files[0].ambiguous_dates, 1);
    let opts = IngestOptions { date_order: Some(DateOrder::Mdy), ..IngestOptions::default() };
    assert_eq!(rows(&read(&[amb], &opts).unwrap())[0].1, "2026-03-04T00:00:00Z");
    let gap = w.file("gap.csv", &format!("{HEADER}\nA,2026-03-29 02:30,,,,\n"));
    let opts = IngestOptions { tz: touchstone::ingest::time::parse_tz("Europe/Paris"), ..IngestOptions::default() };
    let log = read(&[gap], &opts).unwrap();
    assert_eq!(log.rejects.len(), 1, "02:30 does not exist in Paris on 2026-03-29");
    let blanks =
        w.file("b.csv", &format!("{HEADER}\nA,2026-01-01,,,,\n\n,,,,,\nB,2026-01-02,,,,\n\n\"Grand Totals\"\n"));
    let log = read(&[blanks], &IngestOptions::default()).unwrap();
    // Three blank lines (one of them all commas), one footer line, two rows.
    assert_eq!((log.rows_read, log.files[0].blank_rows, log.files[0].dialect.footer.len()), (2, 3, 1));
}

#[test]
fn rows_reconcile_read_equals_used_plus_duplicates_plus_rejected() {
    let w = Work::new();
    let p = w.file(
        "r.csv",
        &format!(
            "{HEADER}\nA,2026-01-01T00:00:00Z,out,call,none,r1\nA,2026-01-01T00:00:00Z,out,call,none,r1\n\
             ,2026-01-02T00:00:00Z,out,call,none,r1\nB,not a date,out,call,none,r1\n\nB,2026-01-03T00:00:00Z,out,email,none,r1\n\
             B,2026-01-03T00:00:00Z,out,email,none,r1\nC,2026-01-04T00:00:00Z,in,email,replied,\n\"Grand Totals (8 records)\"\n"
        ),
    );
    let loaded =
        touchstone::pipeline::load_events(&input_for(&[p]), &touchstone::facts::FactsParams::default()).unwrap();
    let c = loaded.ingest.rows.unwrap();
    // 7 data rows (the blank line and the footer are not rows): 2 rejected
    // (no prospect, bad date), 2 duplicates (second A, second B), 3 used (A, B, C).
    assert_eq!((c.rows_read, c.rows_used, c.duplicates, c.rejected), (7, 3, 2, 2));
    assert_eq!(c.rows_read, c.rows_used + c.duplicates + c.rejected);
}

#[test]
fn outcomes_files_of_each_crm_are_read() {
    let w = Work::new();
    let opts = IngestOptions::default();
    let t = |s: &str| touchstone::ingest::time::parse_ts(s, None).unwrap();
    let canon =
        w.file("o.csv", "prospect_id,won_at,closed_at,status\nA,2026-02-01,,won\nB,,2026-02-03,lost\nC,,,open\n");
    let o = outcomes::read(&canon, &opts).unwrap();
    assert_eq!(o.len(), 2);
    assert_eq!(o["A"].won_at, Some(t("2026-02-01")));
    assert!(o["B"].lost && o["B"].closed_at == Some(t("2026-02-03")));
    let sf = w.file(
        "opp.csv",
        "Id,ContactId,StageName,IsClosed,IsWon,CloseDate\n006A,003X,Closed Won,true,true,2026-03-01\n006B,003Y,Closed Lost,true,false,2026-03-02\n006C,003Z,Prospecting,false,false,2026-06-30\n",
    );
    let o = outcomes::read(&sf, &opts).unwrap();
    assert_eq!(o.keys().cloned().collect::<Vec<_>>(), ["003X", "003Y"]);
    assert_eq!(o["003X"].won_at, Some(t("2026-03-01")));
    assert!(o["003Y"].lost);
    let hs = w.file("contacts.csv", "Record ID,First Name,Lifecycle Stage,Became a Customer Date\n501,Ana,Customer,2026-09-20 10:00\n502,Bo,Lead,\n");
    let o = outcomes::read(&hs, &opts).unwrap();
    assert_eq!(o.len(), 1);
    assert_eq!(o["501"].won_at, Some(t("2026-09-20T10:00:00Z")));
    let pd = w.file("deals.csv", "Deal - ID,Deal - Title,Deal - Status,Deal - Won time,Deal - Lost time\n71,Acme,won,2026-09-10 12:00:00,\n72,Beta,lost,,2026-09-12 09:00:00\n");
    let o = outcomes::read(&pd, &opts).unwrap();
    assert_eq!(o["71"].won_at, Some(t("2026-09-10T12:00:00Z")));
    assert!(o["72"].lost);
    let none = w.file("x.csv", "foo,bar\n1,2\n");
    let e = outcomes::read(&none, &opts).unwrap_err().to_string();
    assert!(e.contains("x.csv") && e.contains("prospect id"), "{e}");
}

#[test]
fn summary_file_gives_facts_without_times() {
    let w = Work::new();
    let p = w.file("s.csv", "prospect_id,touches,converted\nA,3,yes\nB,2,no\nC,x,no\nA,4,no\nD,0,no\n");
    let r = summary::read(&p, &IngestOptions::default(), 30, 14).unwrap();
    assert_eq!((r.rows_read, r.duplicates, r.rejects.len(), r.facts.prospects.len()), (5, 1, 1, 3));
    let a = &r.facts.prospects[0];
    assert_eq!((a.prospect_id.as_str(), a.n_touches, a.k, a.m), ("A", 3, Some(3), 3));
    assert_eq!(a.status, Some(touchstone::model::Status::Converted));
    let b = &r.facts.prospects[1];
    assert_eq!((b.k, b.status), (None, Some(touchstone::model::Status::Abandoned)));
    assert_eq!(r.facts.prospects[2].status, None, "no touch, no status");
    assert!(r.facts.as_of.is_none() && a.first_touch_ts.is_none());
}

fn bank_file() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/uci_bank_marketing/bank-full.csv");
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

#[test]
fn bank_marketing_summary_matches_a_plain_count() {
    let Some(path) = bank_file() else { return };
    // Independent count: by `campaign`, how many rows and how many `y = yes`.
    let mut rdr = csv::ReaderBuilder::new().delimiter(b';').from_path(&path).unwrap();
    let head = rdr.headers().unwrap().clone();
    let (ci, yi) = (head.iter().position(|h| h == "campaign").unwrap(), head.iter().position(|h| h == "y").unwrap());
    let mut expected: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    let mut n = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let e = expected.entry(rec[ci].parse().unwrap()).or_default();
        e.0 += 1;
        e.1 += u64::from(&rec[yi] == "yes");
        n += 1;
    }
    assert_eq!(n, 45_211);
    let r = summary::read(&path, &IngestOptions::default(), 30, 14).unwrap();
    assert_eq!((r.rows_read, r.duplicates, r.rejects.len()), (45_211, 0, 0));
    assert_eq!(r.columns.1, "campaign");
    let mut got: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    for f in &r.facts.prospects {
        let e = got.entry(f.n_touches).or_default();
        e.0 += 1;
        if let Some(k) = f.k {
            assert_eq!(k, f.n_touches);
            e.1 += 1;
        }
    }
    assert_eq!(got, expected);
    // 5,289 subscribers in bank-full.csv (UCI: 11.7% of 45,211).
    assert_eq!(expected.values().map(|v| v.1).sum::<u64>(), 5_289);
}

#[test]
fn bank_marketing_analyses_from_the_cli_with_only_summary() {
    let Some(path) = bank_file() else { return };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_touchstone"))
        .args(["analyze", "--format", "json", "--summary"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.is_object());
}

#[test]
fn validate_explains_files_and_fails_when_nothing_is_usable() {
    let w = Work::new();
    let good = sample("salesforce_tasks_report.csv");
    let bad = w.file("bad.csv", "foo,bar\n1,2\n");
    let bin = env!("CARGO_BIN_EXE_touchstone");
    let out = std::process::Command::new(bin).arg("validate").arg(&good).arg(&bad).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    for part in [
        "preset: salesforce_report (detected)",
        "footer: 5 line(s)",
        "skipped 2x: planned activity not done (Status not Completed)",
        "skipped 1x: not a contact with the prospect",
        "UNREADABLE",
        "no preset matches",
        "day/month order: mdy",
    ] {
        assert!(text.contains(part), "lacks {part:?}:\n{text}");
    }
    let out = std::process::Command::new(bin).arg("validate").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = std::process::Command::new(bin)
        .args(["validate", "--print-mapping"])
        .arg(sample("pipedrive_activities.csv"))
        .output()
        .unwrap();
    let toml_text = String::from_utf8_lossy(&out.stdout);
    let m = Mapping::from_toml(&toml_text, "printed").unwrap();
    assert_eq!(m.name, "pipedrive");
}

#[test]
fn each_sample_analyses_with_no_flags() {
    for name in [
        "hubspot_activities.csv",
        "salesforce_tasks_report.csv",
        "pipedrive_activities.csv",
        "close_activities.csv",
        "generic_activities.csv",
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_touchstone"))
            .arg("analyze")
            .arg(sample(name))
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("mapping (detected"), "{name}");
    }
}
