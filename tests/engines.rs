//! docs/metrics.md §10 and issue 15: the event-level aggregates (their exact
//! counts, worked out by hand), analyze on facts plus aggregates against
//! analyze on the events, shards that add up, the errors that keep facts
//! and aggregates of different runs apart, and the SQL `touchstone sql`
//! prints. That the SQL computes the same facts and aggregates on DuckDB and
//! Spark is checked by scripts/engine_check.py (run by .ci/run).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::common::{json_of, touchstone, Work, HEADER, T};
use touchstone::stats::{quantile, quantile_of_counts};

/// Three prospects whose every event-level count is worked out below.
///
/// A: touches Jan 1 00:00 (call), Jan 1 12:00 (email; gap 0.5 d), Jan 6
/// 12:00 (call, connected: itself a response; gap 5 d), Feb 10 12:00
/// (email; gap 35 d); replies Jan 3 12:00 and Feb 20 12:00. Not converted,
/// no loss, last touch 48.5 d before T: abandoned.
/// B: touches Mar 1 09:00 (email), Mar 2 09:00 (call; gap 1 d), Mar 5 09:00
/// (email; gap 3 d); an inbound won at Mar 2 09:00, the instant of touch 2:
/// K = 2.
/// C: one inbound reply (channel "Fax": unknown) on Mar 10 10:00; no touch.
/// Plus an exact duplicate of A's first row and a row with no prospect id.
fn fixture() -> String {
    [
        "A,2026-01-01T00:00:00Z,out,call,no_answer,rep_a",
        "A,2026-01-01T12:00:00Z,out,email,none,rep_a",
        "A,2026-01-03T12:00:00Z,in,email,replied,",
        "A,2026-01-06T12:00:00Z,out,call,connected,rep_a",
        "A,2026-02-10T12:00:00Z,out,email,none,rep_a",
        "A,2026-02-20T12:00:00Z,in,email,replied,",
        " A ,2026-01-01T00:00:00Z,OUT,Call,No_Answer,rep_a",
        "B,2026-03-01T09:00:00Z,out,email,none,rep_b",
        "B,2026-03-02T09:00:00Z,out,call,none,rep_b",
        "B,2026-03-02T09:00:00Z,in,meeting,won,",
        "B,2026-03-05T09:00:00Z,out,email,none,rep_b",
        "C,2026-03-10T10:00:00Z,in,Fax,replied,",
        ",2026-03-10T10:00:00Z,in,email,replied,",
    ]
    .iter()
    .fold(format!("{HEADER}\n"), |s, r| s + r + "\n")
}

const DAY: i64 = 86_400_000_000;

/// The aggregates CSV as (table, label, k, x, y) → n.
fn read_aggregates(path: &Path) -> BTreeMap<(String, String, String, String, String), i64> {
    let mut r = csv::Reader::from_path(path).expect("aggregates CSV");
    let header: Vec<String> = r.headers().expect("header").iter().map(str::to_string).collect();
    assert_eq!(header, ["table_name", "label", "k", "x", "y", "n"]);
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            let key =
                (rec[0].to_string(), rec[1].to_string(), rec[2].to_string(), rec[3].to_string(), rec[4].to_string());
            (key, rec[5].parse().expect("count"))
        })
        .collect()
}

fn key(table: &str, label: &str, k: &str, x: &str, y: &str) -> (String, String, String, String, String) {
    (table.into(), label.into(), k.into(), x.into(), y.into())
}

#[test]
fn aggregates_of_a_hand_worked_log() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let (f, a) = (w.path("f.parquet"), w.path("a.csv"));
    touchstone()
        .args(["facts", log.to_str().unwrap(), "--as-of", T, "-o", f.to_str().unwrap(), "--aggregates"])
        .arg(&a)
        .assert()
        .success();
    let got = read_aggregates(&a);
    let t_us = 1_774_915_200_000_000i64; // 2026-03-31T00:00:00Z
    let mut want: BTreeMap<_, i64> = BTreeMap::new();
    let mut put = |k: (String, String, String, String, String), n: i64| {
        want.insert(k, n);
    };
    put(key("params", "as_of_us", &t_us.to_string(), "", ""), 1);
    put(key("params", "quiet_days", "30", "", ""), 1);
    put(key("params", "dark_days", "14", "", ""), 1);
    for ch in ["call", "email", "voicemail", "sms", "social", "meeting", "other"] {
        put(key("touch_channel", ch, "", "", ""), 1);
    }
    // 13 rows: one without an id (rejected), one duplicate of A's first.
    for (label, n) in [
        ("rows_read", 13),
        ("rows_used", 11),
        ("duplicates", 1),
        ("rejected", 1),
        ("skipped", 0),
        ("after_as_of", 0),
        ("events", 11),
    ] {
        put(key("rows", label, "", "", ""), n);
    }
    put(key("unknown_channel", "fax", "", "", ""), 1);
    // Gaps before touch k, in µs: A 0.5 d, 5 d, 35 d; B 1 d, 3 d.
    put(key("gap", "", "2", &(DAY / 2).to_string(), ""), 1);
    put(key("gap", "", "2", &DAY.to_string(), ""), 1);
    put(key("gap", "", "3", &(3 * DAY).to_string(), ""), 1);
    put(key("gap", "", "3", &(5 * DAY).to_string(), ""), 1);
    put(key("gap", "", "4", &(35 * DAY).to_string(), ""), 1);
    // Answers: touch 1 of A and B unanswered; A2 (<1d) by the Jan 3 reply;
    // B2 (1-3d) by the won at its instant; A3 (3-7d) is itself connected;
    // B3 (3-7d) has no later response; A4 (14d+) by the Feb 20 reply.
    put(key("answer", "first", "", "0", ""), 2);
    put(key("answer", "<1d", "", "1", ""), 1);
    put(key("answer", "1-3d", "", "1", ""), 1);
    put(key("answer", "3-7d", "", "0", ""), 1);
    put(key("answer", "3-7d", "", "1", ""), 1);
    put(key("answer", "14d+", "", "1", ""), 1);
    // Busiest 7 days: A's first three touches (Jan 1-6), all three of B's; neither lost.
    put(key("intensity", "", "3", "0", ""), 2);
    // Profiles (touches, answered) per bucket <1d, 1-3d, 3-7d, 7-14d, 14d+.
    put(key("gap_profile", "1,1,0,0,1,1,0,0,1,1", "", "", ""), 1);
    put(key("gap_profile", "0,0,1,1,1,0,0,0,0,0", "", "", ""), 1);
    // Silences (touches, whole days, revived). A: first touch -> Jan 3
    // reply (2.5 d, touch 2), Jan 3 -> Jan 6 connected call (3 d, the call
    // itself), Jan 6 -> Feb 20 (45 d, touch 4), Feb 20 -> T (38.5 d). B is
    // cut at c = Mar 2 09:00: first touch -> won (1 d, touch 2), won -> c (0 d).
    // C: Mar 10 10:00 -> T (20.58 d).
    put(key("silence", "", "1", "2", "1"), 1);
    put(key("silence", "", "1", "3", "1"), 1);
    put(key("silence", "", "1", "45", "1"), 1);
    put(key("silence", "", "0", "38", "0"), 1);
    put(key("silence", "", "1", "1", "1"), 1);
    put(key("silence", "", "0", "0", "0"), 1);
    put(key("silence", "", "0", "20", "0"), 1);
    // Touches k <= m with their channel; B converted at touch 2 (m = 2).
    put(key("channel_touch", "call", "1", "0", ""), 1);
    put(key("channel_touch", "email", "2", "0", ""), 1);
    put(key("channel_touch", "call", "3", "0", ""), 1);
    put(key("channel_touch", "email", "4", "0", ""), 1);
    put(key("channel_touch", "email", "1", "0", ""), 1);
    put(key("channel_touch", "call", "2", "1", ""), 1);
    // Timing (§11.4), UTC: (ISO weekday, hour, answered) of every touch,
    // with the answers above. 2026-01-01 is a Thursday: A1 Thu 00h (no),
    // A2 Thu 12h (yes); A3 Tue Jan 6 12h (yes), A4 Tue Feb 10 12h (yes);
    // B1 Sun Mar 1 09h (no), B2 Mon Mar 2 09h (yes), B3 Thu Mar 5 09h (no).
    put(key("tz", "UTC", "", "", ""), 1);
    put(key("timing", "", "4", "0", "0"), 1);
    put(key("timing", "", "4", "12", "1"), 1);
    put(key("timing", "", "2", "12", "1"), 2);
    put(key("timing", "", "7", "9", "0"), 1);
    put(key("timing", "", "1", "9", "1"), 1);
    put(key("timing", "", "4", "9", "0"), 1);
    assert_eq!(got, want);
}

/// `analyze` JSON without the two fields that say what was read.
fn numbers(mut v: Value) -> Value {
    let o = v.as_object_mut().expect("object");
    o.remove("inputs");
    o.remove("input_kind");
    v
}

#[test]
fn analyze_of_facts_and_aggregates_equals_analyze_of_the_events() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let (f, a) = (w.path("f.parquet"), w.path("a.parquet"));
    let l = log.to_str().unwrap();
    touchstone()
        .args(["facts", l, "--as-of", T, "-o", f.to_str().unwrap(), "--aggregates", a.to_str().unwrap()])
        .assert()
        .success();
    // --cap applies after the aggregates: touch numbers are kept exact.
    let events = json_of(&["analyze", l, "--as-of", T, "--cap", "3", "--format", "json"]);
    let facts = json_of(&[
        "analyze",
        "--facts",
        f.to_str().unwrap(),
        "--aggregates",
        a.to_str().unwrap(),
        "--cap",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(facts["input_kind"], "facts");
    assert_eq!(numbers(facts.clone()), numbers(events));
    // The hand-worked numbers behind it: gaps before touch 2 are 0.5 and 1
    // day, before touch 3+ (cap 3) 3, 5 and 35 days.
    let gaps = &facts["cadence"]["gap_by_touch"];
    assert_eq!(gaps[0]["count"], 2);
    assert_eq!(gaps[0]["median"], 0.75);
    assert_eq!(gaps[0]["p25"], 0.625);
    assert_eq!(gaps[1]["label"], "3+");
    assert_eq!(gaps[1]["count"], 3);
    assert_eq!(gaps[1]["median"], 5.0);
    assert_eq!(gaps[1]["p75"], 20.0);
    // One silence of at least 14 days had a touch (A: Jan 6 -> Feb 20, 45 d) and revived.
    let rev = &facts["revival"];
    assert_eq!(rev["by_touches"][0]["silences"], 1);
    assert_eq!(rev["by_touches"][0]["revived"], 1);
    assert_eq!(rev["by_gap"][1]["label"], "30-60d");
    assert_eq!(rev["by_gap"][1]["silences"], 1);
    assert_eq!(facts["counts"]["rows_read"], 13);
    assert_eq!(facts["counts"]["unknown_channels"]["fax"], 1);
    // Without the aggregates those tables are null, as before.
    let bare = json_of(&["analyze", "--facts", f.to_str().unwrap(), "--format", "json"]);
    assert!(bare["cadence"].is_null() && bare["revival"]["by_touches"].is_null());
    assert!(bare["counts"]["rows_read"].is_null());
}

#[test]
fn claims_on_silences_of_another_length_and_other_gap_buckets_need_only_the_aggregates() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let claims = w.file(
        "claims.toml",
        r#"
[[claim]]
id = "short_silences"
title = "Short silences revive"
quote = "q"
source = "s"
metric = "revival_rate"
params = { min_days = 2 }
op = ">="
value = 0.5

[[claim]]
id = "gap_small"
title = "Gaps"
quote = "q"
source = "s"
metric = "gap_response_rate_difference"
params = { a = "1-3d", b = "3-7d" }
op = "<="
value = 0.0
"#,
    );
    let (f, a) = (w.path("f.parquet"), w.path("a.parquet"));
    let (l, c) = (log.to_str().unwrap(), claims.to_str().unwrap());
    touchstone()
        .args(["facts", l, "--as-of", T, "-o", f.to_str().unwrap(), "--aggregates", a.to_str().unwrap()])
        .assert()
        .success();
    let events = json_of(&["claims", l, "--as-of", T, "--claims", c, "--format", "json"]);
    let facts = json_of(&[
        "claims",
        "--facts",
        f.to_str().unwrap(),
        "--aggregates",
        a.to_str().unwrap(),
        "--claims",
        c,
        "--format",
        "json",
    ]);
    assert_eq!(facts, events);
    let find = |id: &str| facts["claims"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap().clone();
    // Touched silences of at least 2 days: A's 2.5 d, 3 d and 45 d ones, all revived.
    let short = find("short_silences");
    assert_eq!(short["x"], 3);
    assert_eq!(short["n"], 3);
    // 1-3d: B2 answered (1/1); 3-7d: A3 answered, B3 not (1/2): 1 - 0.5.
    assert_eq!(find("gap_small")["value"], 0.5);
}

#[test]
fn shards_of_prospects_add_up_to_the_whole() {
    let w = Work::new();
    let all = fixture();
    let (mut one, mut two) = (format!("{HEADER}\n"), format!("{HEADER}\n"));
    for line in all.lines().skip(1) {
        if line.trim_start().starts_with('B') {
            two += &format!("{line}\n");
        } else {
            one += &format!("{line}\n");
        }
    }
    let whole = w.file("all.csv", &all);
    let parts = [w.file("one.csv", &one), w.file("two.csv", &two)];
    for (i, p) in parts.iter().enumerate() {
        touchstone()
            .args(["facts", p.to_str().unwrap(), "--as-of", T])
            .arg("-o")
            .arg(w.path(&format!("f{i}.parquet")))
            .arg("--aggregates")
            .arg(w.path(&format!("a{i}.csv")))
            .assert()
            .success();
    }
    let events = json_of(&["analyze", whole.to_str().unwrap(), "--as-of", T, "--format", "json"]);
    let glob = w.path("f*.parquet");
    let shards = json_of(&[
        "analyze",
        "--facts",
        glob.to_str().unwrap(),
        "--aggregates",
        w.path("a0.csv").to_str().unwrap(),
        w.path("a1.csv").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(numbers(shards), numbers(events));
}

#[test]
fn a_folder_of_part_files_reads_as_one_table_and_ignores_marker_files() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let dir = w.path("facts");
    std::fs::create_dir(&dir).unwrap();
    let agg = w.path("agg");
    std::fs::create_dir(&agg).unwrap();
    touchstone()
        .args(["facts", log.to_str().unwrap(), "--as-of", T])
        .arg("-o")
        .arg(dir.join("part-0.parquet"))
        .arg("--aggregates")
        .arg(agg.join("part-0.parquet"))
        .assert()
        .success();
    std::fs::write(dir.join("_SUCCESS"), "").unwrap();
    std::fs::write(dir.join(".part-0.parquet.crc"), "junk").unwrap();
    let events = json_of(&["analyze", log.to_str().unwrap(), "--as-of", T, "--format", "json"]);
    let folder = json_of(&[
        "analyze",
        "--facts",
        dir.to_str().unwrap(),
        "--aggregates",
        agg.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(numbers(folder), numbers(events));
}

#[test]
fn facts_and_aggregates_of_different_runs_are_refused() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let l = log.to_str().unwrap();
    let (f, a) = (w.path("f.parquet"), w.path("a.csv"));
    touchstone().args(["facts", l, "--as-of", T, "-o", f.to_str().unwrap()]).assert().success();
    touchstone()
        .args(["facts", l, "--as-of", "2026-03-20", "-o", w.path("g.parquet").to_str().unwrap(), "--aggregates"])
        .arg(&a)
        .assert()
        .success();
    touchstone()
        .args(["analyze", "--facts", f.to_str().unwrap(), "--aggregates", a.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicates::str::contains("a.csv"))
        .stderr(predicates::str::contains("same run"));
    // Two aggregates files whose parameters disagree.
    let b = w.path("b.csv");
    touchstone()
        .args([
            "facts",
            l,
            "--as-of",
            T,
            "--dark-days",
            "7",
            "-o",
            w.path("h.parquet").to_str().unwrap(),
            "--aggregates",
        ])
        .arg(&b)
        .assert()
        .success();
    touchstone()
        .args(["analyze", "--facts", f.to_str().unwrap(), "--aggregates", b.to_str().unwrap(), a.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicates::str::contains("params"));
    // --aggregates alone, and a folder without part files.
    touchstone()
        .args(["analyze", l, "--aggregates", a.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--facts"));
    let empty = w.path("empty");
    std::fs::create_dir(&empty).unwrap();
    touchstone()
        .args(["analyze", "--facts", empty.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no .parquet, .csv or .csv.gz part file"));
}

#[test]
fn an_aggregates_table_cut_short_is_refused_with_what_to_do() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let (f, a) = (w.path("f.parquet"), w.path("a.csv"));
    touchstone()
        .args(["facts", log.to_str().unwrap(), "--as-of", T, "-o", f.to_str().unwrap(), "--aggregates"])
        .arg(&a)
        .assert()
        .success();
    let text = std::fs::read_to_string(&a).unwrap();
    let without_params: String = text.lines().filter(|l| !l.starts_with("params")).map(|l| format!("{l}\n")).collect();
    let cut = w.file("cut.csv", &without_params);
    touchstone()
        .args(["analyze", "--facts", f.to_str().unwrap(), "--aggregates", cut.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicates::str::contains("every part file"));
    let odd = w.file("odd.csv", &format!("{text}mystery,,1,,,1\n"));
    touchstone()
        .args(["analyze", "--facts", f.to_str().unwrap(), "--aggregates", odd.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicates::str::contains("unknown table \"mystery\""));
}

#[test]
fn quantiles_of_a_histogram_are_those_of_the_sample() {
    // Sorted sample 1, 1, 2, 10: p25 at position 0.75 (1), median at 1.5
    // (1.5), p75 at 2.25 (2 + 8 * 0.25 = 4).
    let hist = [(1.0, 2), (2.0, 1), (10.0, 1)];
    assert_eq!(quantile_of_counts(&hist, 0.25), Some(1.0));
    assert_eq!(quantile_of_counts(&hist, 0.5), Some(1.5));
    assert_eq!(quantile_of_counts(&hist, 0.75), Some(4.0));
    assert_eq!(quantile_of_counts(&[], 0.5), None);
    assert_eq!(quantile_of_counts(&[(3.0, 0)], 0.5), None);
    // Bit for bit the quantile of the expanded sample, on awkward fractions.
    let hist = [(0.1, 3), (0.7, 1), (1.0 / 3.0, 2), (2.9, 5)];
    let mut sorted: Vec<(f64, u64)> = hist.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let expanded: Vec<f64> = hist.iter().flat_map(|&(v, c)| std::iter::repeat_n(v, c as usize)).collect();
    for p in [0.0, 0.1, 0.25, 0.33, 0.5, 0.75, 0.9, 1.0] {
        assert_eq!(quantile_of_counts(&sorted, p).map(f64::to_bits), quantile(&expanded, p).map(f64::to_bits));
    }
}

#[test]
fn sql_binds_the_parameters_and_leaves_no_placeholder() {
    let args = ["--as-of", "2026-03-31", "--quiet-days", "21", "--dark-days", "10", "--touch-channels", "call,email"];
    for (dialect, marker) in [
        ("spark", "unix_micros("),
        ("duckdb", "epoch_us("),
        ("bigquery", "UNIX_MICROS("),
        ("snowflake", "DATE_PART(EPOCH_MICROSECOND,"),
        ("trino", "to_unixtime("),
    ] {
        let out = touchstone().args(["sql", "--dialect", dialect]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let sql = String::from_utf8(out.stdout).unwrap();
        assert!(sql.contains(marker), "{dialect}: {marker}");
        // A date means the end of that day: 2026-03-31T23:59:59.999999Z.
        assert!(sql.contains("1775001599999999"), "{dialect}: as-of");
        assert!(sql.contains(&(21 * DAY).to_string()), "{dialect}: quiet days");
        assert!(sql.contains(&(10 * DAY).to_string()), "{dialect}: dark days");
        assert!(sql.contains("IN ('call', 'email')"), "{dialect}: touch channels");
        assert!(sql.contains("touchstone_facts") && sql.contains("touchstone_aggregates"));
        let body: String = sql.lines().filter(|l| !l.trim_start().starts_with("--")).collect();
        assert!(!body.contains('{') && !body.contains('@'), "{dialect}: a placeholder is left");
        // Same flags, same bytes.
        let again = touchstone().args(["sql", "--dialect", dialect]).args(args).output().unwrap();
        assert_eq!(again.stdout, sql.as_bytes());
    }
}

#[test]
fn sql_names_are_checked_before_they_reach_the_sql() {
    touchstone()
        .args(["sql", "--dialect", "spark", "--table", "events; DROP TABLE x"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--table"));
    touchstone()
        .args(["sql", "--dialect", "duckdb", "--column-row", "line\"no"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--column-row"));
    let sql = touchstone()
        .args([
            "sql",
            "--dialect",
            "bigquery",
            "--table",
            "proj.crm.touches",
            "--into",
            "crm",
            "--column-ts",
            "event_time",
        ])
        .output()
        .unwrap();
    let sql = String::from_utf8(sql.stdout).unwrap();
    assert!(sql.contains("FROM proj.crm.touches e"));
    assert!(sql.contains("`event_time`"));
    assert!(sql.contains("CREATE OR REPLACE TABLE crm.touchstone_facts AS"));
}
