//! End-to-end tests of the `touchstone` binary: exit codes, the sample run,
//! output formats, error messages that name file, row and column.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{json_of, touchstone, Work, HEADER};

#[test]
fn sample_run_prints_the_tables_and_says_it_used_the_sample() {
    touchstone()
        .arg("analyze")
        .assert()
        .success()
        .stdout(predicate::str::contains("Conversion by touch number"))
        .stdout(predicate::str::contains("Give-up points"))
        .stdout(predicate::str::contains("15+"))
        .stderr(predicate::str::contains("bundled sample").and(predicate::str::contains("data/sample/touches.csv")));
}

#[test]
fn sample_json_has_the_documented_fields() {
    let v = json_of(&["analyze", "--format", "json"]);
    assert_eq!(v["schema_version"], 1);
    for key in ["as_of", "params", "counts", "conversion_by_touch", "give_up"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["quiet_days", "cap", "horizon"] {
        assert!(v["params"].get(key).is_some(), "missing params.{key}");
    }
    let c = &v["counts"];
    for key in [
        "rows_read",
        "rows_used",
        "duplicates",
        "rejected",
        "after_as_of",
        "prospects",
        "touches",
        "conversions",
        "conversions_without_touch",
    ] {
        assert!(c[key].is_u64(), "counts.{key} not a count");
    }
    for key in ["converted", "lost", "abandoned", "open"] {
        assert!(c["status"][key].is_u64(), "counts.status.{key}");
    }
    // The sample (data/sample/touches.csv) has 2,699 data rows, of which 6
    // are exact copies of earlier rows (scripts/make_sample.py), none malformed.
    assert_eq!(c["rows_read"], 2699);
    assert_eq!(c["duplicates"], 6);
    assert_eq!(c["rejected"], 0);
    assert_eq!(c["rows_used"], 2693);
    let rows = v["conversion_by_touch"].as_array().unwrap();
    assert_eq!(rows.len(), 15);
    for key in [
        "k",
        "label",
        "reached",
        "conversions",
        "share",
        "cum_share",
        "hazard",
        "hazard_lo",
        "hazard_hi",
        "km",
        "km_lo",
        "km_hi",
    ] {
        assert!(rows[0].get(key).is_some(), "conversion_by_touch[].{key}");
    }
    assert_eq!(rows[14]["label"], "15+");
    let g = &v["give_up"];
    for key in ["n", "label", "count", "share", "cum_share"] {
        assert!(g["distribution"][0].get(key).is_some(), "give_up.distribution[].{key}");
    }
    for key in ["rep_id", "given_up", "median_n", "share_after_one_followup"] {
        assert!(g["by_rep"][0].get(key).is_some(), "give_up.by_rep[].{key}");
    }
    assert!(g["reps_after_one_followup"].get("share").is_some());
    assert!(g["reps_after_one_followup"].get("reps").is_some());
    for key in ["expected_conversions", "prospects", "horizon"] {
        assert!(g["left_on_table"].get(key).is_some(), "left_on_table.{key}");
    }
}

#[test]
fn json_output_is_byte_identical_across_runs() {
    let a = touchstone().args(["analyze", "--format", "json"]).output().unwrap();
    let b = touchstone().args(["analyze", "--format", "json"]).output().unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn csv_format_writes_one_file_per_table() {
    let w = Work::new();
    let out = w.path("tables");
    touchstone().args(["analyze", "--format", "csv", "--out"]).arg(&out).assert().success();
    for f in ["summary.csv", "conversion_by_touch.csv", "give_up_distribution.csv", "give_up_by_rep.csv"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(text.lines().count() > 1, "{f} has no rows");
    }
    let conv = std::fs::read_to_string(out.join("conversion_by_touch.csv")).unwrap();
    assert!(conv.starts_with("k,label,reached,conversions,share,cum_share,hazard,hazard_lo,hazard_hi,km,km_lo,km_hi"));
    assert_eq!(conv.lines().count(), 16);
}

#[test]
fn usage_errors_exit_2() {
    touchstone().args(["analyze", "--format", "csv"]).assert().code(2).stderr(predicate::str::contains("--out"));
    touchstone().args(["analyze", "--no-such-flag"]).assert().code(2);
    touchstone()
        .args(["analyze", "--tz", "Mars/Olympus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("time zone"));
    touchstone().args(["analyze", "--as-of", "yesterday"]).assert().code(2).stderr(predicate::str::contains("--as-of"));
    touchstone().args(["analyze", "--touch-channels", "fax"]).assert().code(2).stderr(predicate::str::contains("fax"));
    touchstone()
        .args(["analyze", "no/such/file.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.csv"));
    touchstone()
        .args(["analyze", "no/such/*.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("matches no file"));
}

#[test]
fn ragged_row_names_file_and_row() {
    let w = Work::new();
    let p = w.file(
        "bad.csv",
        &format!(
            "{HEADER}\nA,2026-01-01T00:00:00Z,out,call,none,r1\nB,2026-01-02T00:00:00Z,out,call,none,r1,extra,fields\n"
        ),
    );
    touchstone()
        .arg("analyze")
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.csv").and(predicate::str::contains("row 2")));
}

#[test]
fn missing_required_column_is_named() {
    let w = Work::new();
    let p = w.file("nots.csv", "prospect_id,when,channel\nA,2026-01-01,call\n");
    touchstone().arg("analyze").arg(&p).assert().code(1).stderr(
        predicate::str::contains("nots.csv")
            .and(predicate::str::contains("'ts'"))
            .and(predicate::str::contains("when")),
    );
}

#[test]
fn empty_file_and_header_only_file_fail_clearly() {
    let w = Work::new();
    let empty = w.file("empty.csv", "");
    touchstone()
        .arg("analyze")
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty.csv").and(predicate::str::contains("empty")));
    let header = w.file("header.csv", &format!("{HEADER}\n"));
    touchstone().arg("analyze").arg(&header).assert().code(1).stderr(predicate::str::contains("no usable rows"));
}

#[test]
fn bad_rows_are_rejected_counted_and_written_and_strict_fails() {
    let w = Work::new();
    let p = w.file(
        "mixed.csv",
        &format!("{HEADER}\nA,2026-01-01T00:00:00Z,out,call,none,r1\n,2026-01-02T00:00:00Z,out,call,none,r1\nB,31/02/2026,out,email,none,r1\nB,2026-01-03,out,email,none,r1\n"),
    );
    let rejects = w.path("rejects.csv");
    let out = touchstone().args(["analyze", "--format", "json", "--rejects"]).arg(&rejects).arg(&p).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["counts"]["rows_read"], 4);
    assert_eq!(v["counts"]["rejected"], 2);
    assert_eq!(v["counts"]["rows_used"], 2);
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "source,row,column,reason,value,kind");
    assert!(lines[1].contains("mixed.csv,2,prospect_id,missing prospect id"), "{}", lines[1]);
    assert!(lines[1].ends_with(",rejected"), "{}", lines[1]);
    assert!(lines[2].contains("mixed.csv,3,ts,") && lines[2].ends_with("31/02/2026,rejected"), "{}", lines[2]);
    touchstone()
        .args(["analyze", "--strict"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--strict").and(predicate::str::contains("row 2")));
}

#[test]
fn facts_round_trip_gives_the_same_metrics() {
    let w = Work::new();
    let direct = json_of(&["analyze", "--format", "json"]);
    for name in ["facts.parquet", "facts.csv"] {
        let f = w.path(name);
        touchstone().args(["facts", "-o"]).arg(&f).assert().success().stderr(predicate::str::contains("430 prospects"));
        let out = touchstone().args(["analyze", "--format", "json", "--facts"]).arg(&f).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["input_kind"], "facts");
        assert_eq!(v["as_of"], direct["as_of"]);
        assert_eq!(v["conversion_by_touch"], direct["conversion_by_touch"], "{name}");
        assert_eq!(v["give_up"], direct["give_up"], "{name}");
        assert_eq!(v["counts"]["status"], direct["counts"]["status"]);
        assert_eq!(v["counts"]["prospects"], direct["counts"]["prospects"]);
        assert!(v["counts"]["rows_read"].is_null());
    }
    touchstone().args(["analyze", "--quiet-days", "10", "--facts"]).arg(w.path("facts.csv")).assert().code(2);
}

#[test]
fn facts_shards_with_disjoint_prospects_combine() {
    let w = Work::new();
    let a = w.file(
        "a.csv",
        &format!("{HEADER}\nA,2026-01-01T00:00:00Z,out,call,none,r1\nA,2026-01-02T00:00:00Z,out,call,won,r1\n"),
    );
    let b = w.file("b.csv", &format!("{HEADER}\nB,2026-01-01T00:00:00Z,out,email,none,r2\n"));
    for (src, out) in [(&a, "fa.csv"), (&b, "fb.parquet")] {
        touchstone().args(["facts", "--as-of", "2026-03-01", "-o"]).arg(w.path(out)).arg(src).assert().success();
    }
    let v = json_of(&[
        "analyze",
        "--format",
        "json",
        "--facts",
        w.path("fa.csv").to_str().unwrap(),
        w.path("fb.parquet").to_str().unwrap(),
    ]);
    assert_eq!(v["counts"]["prospects"], 2);
    assert_eq!(v["counts"]["conversions"], 1);
    assert_eq!(v["counts"]["status"]["abandoned"], 1);
    // A converts at touch 2: reached(1) = 2, reached(2) = 1 (m: A 2, B 1).
    assert_eq!(v["conversion_by_touch"][1]["reached"], 1);
    assert_eq!(v["conversion_by_touch"][1]["conversions"], 1);
    // A shard cut at another instant is refused.
    touchstone().args(["facts", "--as-of", "2026-04-01", "-o"]).arg(w.path("late.csv")).arg(&b).assert().success();
    touchstone()
        .args(["analyze", "--facts"])
        .arg(w.path("fa.csv"))
        .arg(w.path("late.csv"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--as-of"));
}

#[test]
fn help_explains_the_metrics() {
    touchstone().args(["analyze", "--help"]).assert().success().stdout(
        predicate::str::contains("hazard(k)")
            .and(predicate::str::contains("upper bound"))
            .and(predicate::str::contains("Wilson")),
    );
}

/// The help of `--quiet-days` and `--dark-days` states the defaults in
/// words (the flags are optional so `analyze --facts` can refuse them); the
/// numbers must be the library's constants, which also fill an unset flag.
#[test]
fn help_states_the_library_defaults() {
    let out = touchstone().args(["analyze", "--help"]).output().expect("runs");
    let help = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains(&format!("Default: {}.", touchstone::facts::DEFAULT_QUIET_DAYS)), "{help}");
    assert!(help.contains(&format!("Default: {}.", touchstone::facts::DEFAULT_DARK_DAYS)), "{help}");
    assert!(help.contains(&format!("[default: {}]", touchstone::metrics::DEFAULT_CAP)), "{help}");
    let v = json_of(&["analyze", "--format", "json"]);
    assert_eq!(v["params"]["quiet_days"], 30);
    assert_eq!(v["params"]["dark_days"], 14);
}

/// Flags that shape the facts are refused with `--facts`, whatever value
/// they hold (even the default one).
#[test]
fn facts_input_refuses_typed_facts_flags_even_at_their_default() {
    let w = Work::new();
    let facts = w.path("f.csv");
    touchstone().args(["facts", "-o"]).arg(&facts).assert().success();
    touchstone()
        .args(["analyze", "--quiet-days", "30", "--facts"])
        .arg(&facts)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shape the facts"));
}

/// Issue 24: every command prints through one writer, and a reader that
/// closes the pipe early (`touchstone validate | head -1`) gives a clean exit
/// 0, as ripgrep does; `print!` used to panic (exit 101) in `validate`.
#[test]
fn a_closed_stdout_pipe_is_a_clean_exit() {
    for args in [&["validate"][..], &["analyze"], &["claims"], &["explain", "give_up", "2"]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("touchstone"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        // Close the read end before the command has read its input.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("exits");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
