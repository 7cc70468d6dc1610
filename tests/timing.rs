//! docs/metrics.md §11.4: the answer rate of a touch by its local hour and
//! ISO weekday in `--tz`, worked out by hand on a log that spans both
//! daylight-saving changes of Europe/Paris in 2026 (spring: 29 March at
//! 01:00 UTC, UTC+1 becomes UTC+2; autumn: 25 October at 01:00 UTC, back
//! to UTC+1); the same numbers through facts plus aggregates; the SQL's
//! `--tz`; and shards in different zones refused.

use serde_json::Value;

use crate::common::{json_of, touchstone, wilson_by_hand, Work, HEADER};

/// Three prospects; every touch with its Paris wall clock (§2: a touch is
/// outbound, not bounced, on a touch channel; §8.17: answered when it is
/// itself a response or a response comes before the next touch).
///
/// | # | prospect | UTC | Paris (offset) | weekday, hour | answered |
/// |---|---|---|---|---|---|
/// | 1 | P1 call | Fri 27 Mar 08:30 | 09:30 (+1, before the spring change) | Fri (5), 9 | no: no response before touch 2 |
/// | 2 | P1 call, connected | Mon 30 Mar 08:30 | 10:30 (+2, after it) | Mon (1), 10 | yes: itself a response |
/// | 3 | P2 email | Sat 28 Mar 23:30 | Sun 29 Mar 00:30 (+1) | Sun (7), 0 | yes: the reply of 29 Mar 09:00 comes before touch 4 |
/// | - | P2 email, bounced | Tue 31 Mar 07:15 | | not a touch | |
/// | 4 | P2 sms | Wed 1 Apr 06:59:59 | 08:59:59 (+2) | Wed (3), 8 | yes: the sms reply of 1 Apr 10:00 |
/// | 5 | P3 email | Fri 23 Oct 12:00 | 14:00 (+2) | Fri (5), 14 | yes: the bounce of 24 Oct is no touch, so the reply of 24 Oct 15:00 comes before the next touch |
/// | 6 | P3 call | Mon 26 Oct 08:30 | 09:30 (+1, after the autumn change) | Mon (1), 9 | no: nothing after it |
///
/// So the same 08:30 UTC is hour 9 before the spring change (touch 1),
/// hour 10 after it (touch 2), and hour 9 again after the autumn change
/// (touch 6). T is the last event, 26 Oct 08:30 UTC.
fn fixture() -> String {
    [
        "P1,2026-03-27T08:30:00Z,out,call,no_answer,r1",
        "P1,2026-03-30T08:30:00Z,out,call,connected,r1",
        "P2,2026-03-28T23:30:00Z,out,email,none,r2",
        "P2,2026-03-29T09:00:00Z,in,email,replied,",
        "P2,2026-03-31T07:15:00Z,out,email,bounced,r2",
        "P2,2026-04-01T06:59:59Z,out,sms,none,r2",
        "P2,2026-04-01T10:00:00Z,in,sms,replied,",
        "P3,2026-10-23T12:00:00Z,out,email,none,r1",
        "P3,2026-10-24T12:00:00Z,out,email,bounced,r1",
        "P3,2026-10-24T15:00:00Z,in,email,replied,",
        "P3,2026-10-26T08:30:00Z,out,call,no_answer,r1",
    ]
    .iter()
    .fold(format!("{HEADER}\n"), |s, r| s + r + "\n")
}

/// (touches, answered) per hour 0..23 and per weekday Mon..Sun.
type Expected = ([(u64, u64); 24], [(u64, u64); 7]);

/// The table above, in Paris time, all channels touch channels.
fn paris_all_channels() -> Expected {
    let mut hours = [(0, 0); 24];
    hours[0] = (1, 1); // touch 3
    hours[8] = (1, 1); // touch 4
    hours[9] = (2, 0); // touches 1 and 6
    hours[10] = (1, 1); // touch 2
    hours[14] = (1, 1); // touch 5
                        // Mon: touches 2 (answered) and 6; Wed: touch 4; Fri: touches 1 and 5
                        // (answered); Sun: touch 3. Tue, Thu and Sat: none.
    let days = [(2, 1), (0, 0), (1, 1), (0, 0), (2, 1), (0, 0), (1, 1)];
    (hours, days)
}

/// Every row of both tables against `want`: counts exactly, the rate as
/// answered / touches with the Wilson interval worked out in closed form,
/// and null (never 0) where no touch was sent.
fn check(cadence: &Value, want: &Expected) {
    let hours = cadence["response_by_hour"].as_array().expect("response_by_hour");
    let days = cadence["response_by_weekday"].as_array().expect("response_by_weekday");
    assert_eq!(hours.len(), 24, "all 24 hours, always");
    assert_eq!(days.len(), 7, "all 7 weekdays, always");
    let labels = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let rows = hours.iter().zip(&want.0).enumerate().map(|(h, r)| (r, Value::from(h), "hour"));
    let rows = rows.chain(days.iter().zip(&want.1).enumerate().map(|(d, r)| (r, Value::from(d + 1), "weekday")));
    for ((row, &(n, x)), key, name) in rows {
        assert_eq!(row[name], key);
        if name == "weekday" {
            assert_eq!(row["label"], labels[key.as_u64().unwrap() as usize - 1]);
        }
        assert_eq!(row["touches"], n, "{name} {key}: touches");
        assert_eq!(row["answered"], x, "{name} {key}: answered");
        if n == 0 {
            assert!(row["rate"].is_null() && row["rate_lo"].is_null() && row["rate_hi"].is_null(), "{name} {key}");
        } else {
            let (lo, hi) = wilson_by_hand(x as f64, n as f64);
            let got = |f: &str| row[f].as_f64().unwrap();
            assert!((got("rate") - x as f64 / n as f64).abs() < 1e-12, "{name} {key}: rate");
            assert!((got("rate_lo") - lo).abs() < 1e-12 && (got("rate_hi") - hi).abs() < 1e-12, "{name} {key}");
        }
    }
}

#[test]
fn hours_and_weekdays_in_paris_follow_both_daylight_saving_changes() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let a = json_of(&["analyze", log.to_str().unwrap(), "--tz", "Europe/Paris", "--format", "json"]);
    assert_eq!(a["params"]["tz"], "Europe/Paris");
    assert_eq!(a["counts"]["touches"], 6);
    let c = &a["cadence"];
    check(c, &paris_all_channels());
    // The Wilson bounds of 1/2 (hour 9 is 0/2, Monday is 1/2) and 1/1, as
    // printed by an independent closed-form computation (Python, z = 1.959963984540054).
    let mon = &c["response_by_weekday"][0];
    assert!((mon["rate_lo"].as_f64().unwrap() - 0.094_531_205_734_230_74).abs() < 1e-12);
    assert!((mon["rate_hi"].as_f64().unwrap() - 0.905_468_794_265_769_3).abs() < 1e-12);
    let h0 = &c["response_by_hour"][0];
    assert!((h0["rate_lo"].as_f64().unwrap() - 0.206_549_314_377_237_45).abs() < 1e-12);
    assert_eq!(h0["rate_hi"], 1.0);
    // The gap buckets count the same six touches with the same answers.
    let by_gap: u64 = c["response_by_gap"].as_array().unwrap().iter().map(|r| r["answered"].as_u64().unwrap()).sum();
    assert_eq!(by_gap, 4);
}

#[test]
fn without_tz_the_hours_are_utc() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let a = json_of(&["analyze", log.to_str().unwrap(), "--format", "json"]);
    assert_eq!(a["params"]["tz"], "UTC");
    // In UTC: touches 1, 2 and 6 at hour 8 (1 answered: touch 2), touch 3
    // at 23 on Saturday, touch 4 at 6 on Wednesday, touch 5 at 12 on Friday.
    let mut hours = [(0, 0); 24];
    hours[6] = (1, 1);
    hours[8] = (3, 1);
    hours[12] = (1, 1);
    hours[23] = (1, 1);
    let days = [(2, 1), (0, 0), (1, 1), (0, 0), (2, 1), (1, 1), (0, 0)];
    check(&a["cadence"], &(hours, days));
}

#[test]
fn a_channel_that_is_not_a_touch_channel_is_not_counted() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let a = json_of(&[
        "analyze",
        log.to_str().unwrap(),
        "--tz",
        "Europe/Paris",
        "--touch-channels",
        "call,email",
        "--format",
        "json",
    ]);
    // Touch 4 (sms) is gone: hour 8 and Wednesday are empty (null rates).
    // Touch 3 is still answered: it is now P2's last touch, and a response
    // follows it.
    let (mut hours, mut days) = paris_all_channels();
    hours[8] = (0, 0);
    days[2] = (0, 0);
    check(&a["cadence"], &(hours, days));
}

#[test]
fn facts_and_aggregates_give_the_timing_tables_of_the_events() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let l = log.to_str().unwrap();
    let (f, agg) = (w.path("f.parquet"), w.path("a.csv"));
    touchstone()
        .args(["facts", l, "--tz", "Europe/Paris", "-o", f.to_str().unwrap(), "--aggregates"])
        .arg(&agg)
        .assert()
        .success();
    // The hour x weekday table itself: (weekday, hour, answered) -> touches.
    let text = std::fs::read_to_string(&agg).unwrap();
    let mut timing: Vec<&str> = text.lines().filter(|r| r.starts_with("timing,")).collect();
    timing.sort();
    assert_eq!(
        timing,
        [
            "timing,,1,10,1,1", // touch 2
            "timing,,1,9,0,1",  // touch 6
            "timing,,3,8,1,1",  // touch 4
            "timing,,5,14,1,1", // touch 5
            "timing,,5,9,0,1",  // touch 1
            "timing,,7,0,1,1",  // touch 3
        ]
    );
    assert!(text.lines().any(|r| r == "tz,Europe/Paris,,,,1"));
    let events = json_of(&["analyze", l, "--tz", "Europe/Paris", "--format", "json"]);
    let facts = json_of(&[
        "analyze",
        "--facts",
        f.to_str().unwrap(),
        "--aggregates",
        agg.to_str().unwrap(),
        "--format",
        "json",
    ]);
    // The zone is the aggregates' (an hour means nothing without it).
    assert_eq!(facts["params"]["tz"], "Europe/Paris");
    assert_eq!(facts["cadence"], events["cadence"]);
    check(&facts["cadence"], &paris_all_channels());
}

#[test]
fn shards_in_different_zones_do_not_merge() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let l = log.to_str().unwrap();
    for (name, tz) in [("paris", "Europe/Paris"), ("utc", "UTC")] {
        touchstone()
            .args(["facts", l, "--tz", tz, "-o", w.path(&format!("{name}.parquet")).to_str().unwrap()])
            .arg("--aggregates")
            .arg(w.path(&format!("{name}.csv")))
            .assert()
            .success();
    }
    touchstone()
        .args(["analyze", "--facts", w.path("paris.parquet").to_str().unwrap(), "--aggregates"])
        .arg(w.path("paris.csv"))
        .arg(w.path("utc.csv"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("time zone"))
        .stderr(predicates::str::contains("--tz"));
}

#[test]
fn the_csv_and_table_renderers_print_both_tables() {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let out = w.path("csv");
    touchstone()
        .args(["analyze", log.to_str().unwrap(), "--tz", "Europe/Paris", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    let hours = std::fs::read_to_string(out.join("cadence_response_by_hour.csv")).unwrap();
    let lines: Vec<&str> = hours.lines().collect();
    assert_eq!(lines[0], "hour,touches,answered,rate,rate_lo,rate_hi");
    assert_eq!(lines.len(), 25);
    assert!(lines[10].starts_with("9,2,0,0.0,"), "{}", lines[10]);
    let days = std::fs::read_to_string(out.join("cadence_response_by_weekday.csv")).unwrap();
    let lines: Vec<&str> = days.lines().collect();
    assert_eq!(lines.len(), 8);
    assert!(lines[1].starts_with("1,Mon,2,1,0.5,"), "{}", lines[1]);
    assert_eq!(lines[2], "2,Tue,0,0,,,");
    let table = touchstone().args(["analyze", log.to_str().unwrap(), "--tz", "Europe/Paris"]).output().unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("Answer rate by the local hour of the touch (Europe/Paris); 19 hours without touches"));
    assert!(text.contains("Answer rate by the local weekday of the touch (Europe/Paris)"));
}

#[test]
fn sql_takes_the_zone_and_uses_no_zone_function_for_utc() {
    for (dialect, function) in [
        ("spark", "from_utc_timestamp("),
        ("duckdb", "timezone('Europe/Paris', make_timestamptz("),
        ("bigquery", "DATETIME(TIMESTAMP_MICROS("),
        ("snowflake", "CONVERT_TIMEZONE('UTC', 'Europe/Paris'"),
        ("trino", "timezone_hour(at_timezone("),
    ] {
        let paris = touchstone().args(["sql", "--dialect", dialect, "--tz", "Europe/Paris"]).output().unwrap();
        assert!(paris.status.success(), "{}", String::from_utf8_lossy(&paris.stderr));
        let sql = String::from_utf8(paris.stdout).unwrap();
        assert!(sql.contains(function), "{dialect}: {function}");
        assert!(sql.contains("'tz', 'Europe/Paris'"), "{dialect}: the tz row");
        assert!(sql.contains("time zone: Europe/Paris"), "{dialect}: the header");
        let utc = touchstone().args(["sql", "--dialect", dialect]).output().unwrap();
        let sql = String::from_utf8(utc.stdout).unwrap();
        assert!(!sql.contains(function), "{dialect}: UTC needs no zone function");
        assert!(sql.contains("'tz', 'UTC'"), "{dialect}: the tz row");
    }
    touchstone()
        .args(["sql", "--dialect", "duckdb", "--tz", "Mars/Olympus"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown time zone"));
}

/// `explain METRIC KEY --tz Europe/Paris --format csv`: (numerator ids, denominator ids).
fn explain(metric: &str, key: &str) -> (Vec<String>, Vec<String>) {
    let w = Work::new();
    let log = w.file("log.csv", &fixture());
    let out = touchstone()
        .args(["explain", metric, key])
        .arg(&log)
        .args(["--tz", "Europe/Paris", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{metric} {key}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<(String, bool)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let (id, hit) = l.split_once(',').unwrap();
            (id.to_string(), hit == "true")
        })
        .collect();
    (rows.iter().filter(|r| r.1).map(|r| r.0.clone()).collect(), rows.into_iter().map(|r| r.0).collect())
}

#[test]
fn explain_lists_the_prospects_behind_an_hour_and_a_weekday() {
    // Hour 9 in Paris: touch 1 (P1) and touch 6 (P3), neither answered.
    assert_eq!(explain("response_by_hour", "9"), (vec![], vec!["P1".into(), "P3".into()]));
    // Monday: touch 2 (P1, the connected call) and touch 6 (P3, unanswered).
    assert_eq!(explain("response_by_weekday", "Mon"), (vec!["P1".into()], vec!["P1".into(), "P3".into()]));
    assert_eq!(explain("response_by_weekday", "1"), explain("response_by_weekday", "mon"));
    // Sunday: touch 3 (P2), answered by the reply of 29 March.
    assert_eq!(explain("response_by_weekday", "7"), (vec!["P2".into()], vec!["P2".into()]));
    touchstone()
        .args(["explain", "response_by_hour", "24"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("not an hour 0..23"));
}
