//! §1 real exports as files come: encodings, Excel workbooks, standard
//! input, date spellings and zones in headers, implausible dates, the
//! warnings detection gives (and `--strict` refuses), and an outcomes join
//! that cannot silently miss. Expected numbers are the hand counts of
//! `tests/crm.rs` (the same samples) or written beside each fixture.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use touchstone::facts::FactsParams;
use touchstone::ingest::{canonical, IngestOptions, Source};
use touchstone::pipeline;
use touchstone::time::format_ts;

use crate::common::{touchstone, Work, HEADER};
use crate::crm::{load, pinned, responses, sample};

/// The samples' pinned clock as a flag.
const DATES_TO: &str = "2026-12-03T00:00:00Z";

fn counts(paths: &[PathBuf]) -> (u64, u64, u64, u64, u64, u32, usize, String) {
    let l = load(paths);
    let r = l.ingest.rows.unwrap();
    let touches = l.facts.prospects.iter().map(|p| p.n_touches).sum();
    let mut ids: Vec<&str> = l.facts.prospects.iter().map(|p| p.prospect_id.as_str()).collect();
    ids.sort();
    (r.rows_read, r.rows_used, r.duplicates, r.rejected, r.skipped, touches, responses(&l), ids.join("|"))
}

/// `tests/crm.rs`: salesforce_tasks_report.csv reads 18 = 14 + 1 + 0 + 3,
/// 12 touches, 2 responses, prospects including "Renée Dubois".
const SF_REPORT: (u64, u64, u64, u64, u64, u32, usize) = (18, 14, 1, 0, 3, 12, 2);

#[test]
fn windows_1252_and_utf16_copies_read_like_the_utf8_export() {
    let w = Work::new();
    let utf8 = std::fs::read_to_string(sample("salesforce_tasks_report.csv")).unwrap();
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&utf8);
    assert!(!unmappable);
    assert!(cp1252.contains(&0xe9), "the é of Renée is one byte in Windows-1252");
    let legacy = w.path("sf_1252.csv");
    std::fs::write(&legacy, &cp1252).unwrap();
    let utf16 = w.path("sf_utf16.csv");
    std::fs::write(&utf16, utf8.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()).unwrap();

    let want = counts(&[sample("salesforce_tasks_report.csv")]);
    assert_eq!((want.0, want.1, want.2, want.3, want.4, want.5, want.6), SF_REPORT);
    assert!(want.7.contains("Renée Dubois"));
    for p in [&legacy, &utf16] {
        assert_eq!(counts(std::slice::from_ref(p)), want, "{}", p.display());
    }
    let opts = IngestOptions::default();
    let log = canonical::read(&[Source::Path(legacy.clone())], &opts).unwrap();
    assert_eq!(log.files[0].dialect.encoding, "windows-1252");
    let log = canonical::read(&[Source::Path(utf16.clone())], &opts).unwrap();
    assert_eq!(log.files[0].dialect.encoding, "UTF-16LE (no BOM)");

    // A guessed encoding is named by validate and is a doubt for --strict.
    touchstone().arg("validate").arg(&legacy).assert().success().stdout(predicate::str::contains("windows-1252"));
    touchstone()
        .args(["analyze", "--strict", "--dates-to", DATES_TO])
        .arg(&legacy)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not UTF-8").and(predicate::str::contains("--strict")));
}

/// `tests/data/salesforce_tasks_report.xlsx` is the same report saved from
/// Excel (openpyxl): dates as real date cells, the footer rows below the
/// data, and a second sheet "Summary".
#[test]
fn an_excel_workbook_reads_like_its_csv_export() {
    let xlsx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/salesforce_tasks_report.xlsx");
    let want = counts(&[sample("salesforce_tasks_report.csv")]);
    assert_eq!(counts(std::slice::from_ref(&xlsx)), want);
    let l = load(std::slice::from_ref(&xlsx));
    assert_eq!(l.facts.as_of.map(format_ts).as_deref(), Some("2026-10-06T11:20:00Z"));
    let mut input = pinned(std::slice::from_ref(&xlsx));
    input.ingest.sheet = Some("report".into());
    let same = pipeline::load_events(&input, &FactsParams::default()).unwrap();
    assert_eq!(same.facts.prospects.len(), 4, "--sheet matches the name case-insensitively");
    touchstone()
        .args(["analyze", "--sheet", "Nope"])
        .arg(&xlsx)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no worksheet 'Nope'").and(predicate::str::contains("Report, Summary")));
    touchstone().arg("validate").arg(&xlsx).assert().success().stdout(predicate::str::contains("format: xlsx"));
}

#[test]
fn a_dash_reads_standard_input() {
    let body = std::fs::read(sample("hubspot_calls.csv")).unwrap();
    let out = touchstone()
        .args(["analyze", "--format", "json", "--dates-to", DATES_TO, "-"])
        .write_stdin(body)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // tests/crm.rs: hubspot_calls.csv reads 14 rows, 7 touches, as of 2026-10-13T09:45:00Z.
    assert_eq!(v["inputs"][0], "<stdin>");
    assert_eq!((v["counts"]["rows_read"].as_u64(), v["counts"]["touches"].as_u64()), (Some(14), Some(7)));
    assert_eq!(v["as_of"], "2026-10-13T09:45:00Z");
}

/// Spellings CRMs write, each read to the UTC instant worked out by hand.
#[test]
fn crm_date_spellings_and_zones_in_headers() {
    let w = Work::new();
    let cases = [
        ("2024-03-05 02:02:11 PM", "2024-03-05T14:02:11Z"),
        ("2024-03-05 12:02 AM", "2024-03-05T00:02:00Z"),
        ("05-Mar-2024 14:02", "2024-03-05T14:02:00Z"),
        ("5 Mar 2024 14:02", "2024-03-05T14:02:00Z"),
        ("Mar 5, 2024 2:02 PM", "2024-03-05T14:02:00Z"),
        ("March 5, 2024", "2024-03-05T00:00:00Z"),
        ("Sept 5, 2024 2:02:11 pm", "2024-09-05T14:02:11Z"),
        ("2024/03/05 14:02", "2024-03-05T14:02:00Z"),
        ("Tue, 05 Mar 2024 14:02:11 GMT", "2024-03-05T14:02:11Z"),
    ];
    for (i, (raw, want)) in cases.iter().enumerate() {
        let p = w.file(&format!("d{i}.csv"), &format!("prospect_id,ts\nA,\"{raw}\"\n"));
        let log = canonical::read(&[Source::Path(p)], &IngestOptions::default()).unwrap();
        assert!(log.rejects.is_empty(), "{raw}: {:?}", log.rejects);
        assert_eq!(format_ts(log.events[0].ts), *want, "{raw}");
    }
    // A zone in the time column's header: 09:00 in New York (EDT, UTC-4) is 13:00Z.
    let p = w.file("zone.csv", "prospect_id,ts (America/New_York)\nA,2026-09-13 09:00\n");
    let log = canonical::read(&[Source::Path(p.clone())], &IngestOptions::default()).unwrap();
    assert_eq!(format_ts(log.events[0].ts), "2026-09-13T13:00:00Z");
    assert_eq!(log.files[0].tz.as_deref(), Some("America/New_York"));
    // --tz wins over the header: 09:00 in Paris (CEST, UTC+2) is 07:00Z.
    let opts = IngestOptions { tz: Some(chrono_tz::Europe::Paris), ..IngestOptions::default() };
    let log = canonical::read(&[Source::Path(p)], &opts).unwrap();
    assert_eq!(format_ts(log.events[0].ts), "2026-09-13T07:00:00Z");
}

/// A mistyped year cannot move as-of: 2062 and 1985 are rejected with the
/// reason, and T stays at the last real touch; `--dates-to` widens.
#[test]
fn implausible_dates_are_rejected_and_never_move_as_of() {
    let w = Work::new();
    let p = w.file(
        "typo.csv",
        &format!(
            "{HEADER}\nA,2026-09-01T10:00:00Z,out,call,none,r\nA,2062-09-02T10:00:00Z,out,call,none,r\nB,1985-09-03T10:00:00Z,out,email,none,r\nB,2026-09-04T10:00:00Z,out,email,none,r\n"
        ),
    );
    let rejects = w.path("rejects.csv");
    let out = touchstone().args(["analyze", "--format", "json", "--rejects"]).arg(&rejects).arg(&p).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2026-09-04T10:00:00Z");
    assert_eq!((v["counts"]["rows_read"].as_u64(), v["counts"]["rejected"].as_u64()), (Some(4), Some(2)));
    let recs: Vec<csv::StringRecord> =
        csv::Reader::from_path(&rejects).unwrap().records().map(Result::unwrap).collect();
    assert_eq!((&recs[0][1], &recs[0][2]), ("2", "ts"));
    assert!(recs[0][3].starts_with("implausible date: in the future"), "{:?}", recs[0]);
    assert_eq!((&recs[1][1], &recs[1][2]), ("3", "ts"));
    assert!(recs[1][3].starts_with("implausible date: before 1990-01-01T00:00:00Z"), "{:?}", recs[1]);
    let out = touchstone().args(["analyze", "--format", "json", "--dates-to", "2099-01-01"]).arg(&p).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2062-09-02T10:00:00Z", "widened, the typo is read as written");
    assert_eq!(v["counts"]["rejected"], 1);
}

#[test]
fn unused_columns_that_look_like_direction_or_status_warn_and_strict_refuses() {
    let w = Work::new();
    let p = w.file(
        "extra.csv",
        "prospect_id,ts,Call Direction,Disposition,Activity ID\nA,2026-09-01T10:00:00Z,Inbound,Connected,77\n",
    );
    touchstone().arg("analyze").arg(&p).assert().success().stderr(
        predicate::str::contains("column 'Call Direction' is not read but looks like a direction")
            .and(predicate::str::contains("column 'Disposition' is not read but looks like a status or outcome"))
            .and(predicate::str::contains("'Activity ID'").not()),
    );
    touchstone()
        .args(["analyze", "--strict"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--strict refuses"));
    touchstone()
        .arg("validate")
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("columns not used: Call Direction, Disposition, Activity ID"));
}

#[test]
fn the_generic_fallback_says_what_it_could_not_map() {
    let generic = sample("generic_activities.csv");
    touchstone()
        .arg("analyze")
        .arg(&generic)
        .assert()
        .success()
        .stderr(predicate::str::contains("no CRM preset matches").and(predicate::str::contains("direction")));
    touchstone().args(["analyze", "--strict"]).arg(&generic).assert().code(1);
    touchstone().args(["analyze", "--strict", "--preset", "generic"]).arg(&generic).assert().success();
}

#[test]
fn an_outcomes_file_that_matches_nothing_is_an_error() {
    let w = Work::new();
    let deals = w.file("deals.csv", "prospect_id,won_at,status\nZ1,2026-09-10,won\nZ2,,lost\n");
    touchstone().arg("analyze").arg(sample("hubspot_calls.csv")).arg("--outcomes").arg(&deals).assert().code(1).stderr(
        predicate::str::contains("none of its 2 prospect id(s) is in the touch log")
            .and(predicate::str::contains("--outcomes-id")),
    );
    // A deals file whose only id is its own Record ID is never joined by
    // it, even when those numbers happen to equal prospect ids (701, 702).
    let own = w.file(
        "own.csv",
        "Record ID,Deal Name,Deal Stage,Close Date\n701,A,Closed Won,2026-09-20\n702,B,Closed Lost,2026-09-21\n",
    );
    touchstone()
        .arg("analyze")
        .arg(sample("hubspot_calls.csv"))
        .arg("--outcomes")
        .arg(&own)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a deals file's own record id is the deal's"));
    // Unless the user names the column.
    touchstone()
        .args(["analyze", "--outcomes-id", "Record ID", "--dates-to", DATES_TO])
        .arg(sample("hubspot_calls.csv"))
        .arg("--outcomes")
        .arg(&own)
        .assert()
        .success()
        .stderr(predicate::str::contains("Outcomes: 2 of 2 prospect id(s)"));
}

#[test]
fn validate_writes_rejects_and_honours_strict() {
    let w = Work::new();
    let rejects = w.path("rejects.csv");
    touchstone()
        .args(["validate", "--dates-to", DATES_TO, "--rejects"])
        .arg(&rejects)
        .arg(sample("pipedrive_activities.csv"))
        .assert()
        .success();
    // tests/crm.rs: Task row 4 and Undone row 9 skipped, row 14 rejected.
    let text = std::fs::read_to_string(&rejects).unwrap();
    let rows: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].to_string(), f[f.len() - 1].to_string())
        })
        .collect();
    let want = [("4", "skipped"), ("9", "skipped"), ("14", "rejected")];
    assert_eq!(rows, want.map(|(a, b)| (a.to_string(), b.to_string())));
    touchstone()
        .args(["validate", "--strict", "--dates-to", DATES_TO])
        .arg(sample("pipedrive_activities.csv"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 row(s) rejected"));
    // Skipped rows alone are not errors: a clean sample passes --strict.
    touchstone()
        .args(["validate", "--strict", "--dates-to", DATES_TO])
        .arg(sample("hubspot_calls.csv"))
        .assert()
        .success();
}
