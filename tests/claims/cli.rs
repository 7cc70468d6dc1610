//! docs/metrics.md §7 through the binary: the `touchstone claims` scorecard, its
//! JSON, CSV and Markdown formats, `--explain`, `--claims FILE`, and the
//! UCI bank-marketing table read as a prospect summary.
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, `dark_days = 14`, every channel a touch channel, `min_rep_prospects
//! = 5`, `min_n = 30`.

use super::{conversions_fixture, ids, EPS, GOOD};
use crate::common::{self, json_of, touchstone, wilson_by_hand, Work, HEADER, T};

#[test]
fn cli_scorecard_on_the_sample_without_colour_off_a_terminal() {
    let out = touchstone().arg("claims").output().unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no ANSI escapes when stdout is a pipe");
    for head in ["claim", "measured", "95% interval", "n", "claimed", "verdict"] {
        assert!(text.contains(head), "header {head}: {text}");
    }
    for id in [
        "five_followups",
        "after_fifth_touch",
        "five_to_seven",
        "fifth_to_eighth",
        "give_up_after_one",
        "give_up_after_second",
        "dark_is_gone",
        "phone_first",
    ] {
        assert!(text.contains(id), "{id} in the scorecard");
    }
    // Quotes and sources are printed.
    assert!(text.contains("80% of sales require 5 follow-up calls after a meeting"));
    // Titles lead; sources say where the quote was read (docs/metrics.md §7).
    assert!(text.contains("Most sales need 5+ follow-ups"));
    assert!(text.contains("\"#SalesBreakthrough: Follow Up\", which attributes it: \"According to a HubSpot report\""));
    assert!(!text.contains("Marketing Donut"), "no attribution the articles do not make");
    assert!(["supported", "contradicted", "inconclusive", "insufficient data"].iter().any(|v| text.contains(v)));
}

#[test]
fn cli_json_has_every_claim_with_the_documented_fields() {
    let v = json_of(&["claims", "--format", "json"]);
    let claims = v["claims"].as_array().expect("claims array");
    assert_eq!(claims.len(), 13);
    let verdicts = ["supported", "contradicted", "inconclusive", "insufficient data"];
    for c in claims {
        for key in [
            "id",
            "title",
            "quote",
            "source",
            "reading",
            "value",
            "lo",
            "hi",
            "x",
            "n",
            "op",
            "claimed",
            "tol",
            "verdict",
            "alternate",
        ] {
            assert!(c.get(key).is_some(), "{}: missing {key}", c["id"]);
        }
        assert!(verdicts.contains(&c["verdict"].as_str().unwrap()), "{}", c["verdict"]);
        // reading = none (over_at_hello, follow_up_resistance) or a metric
        // that counts no touches: no other reading.
        let about_touches = !matches!(
            c["id"].as_str().unwrap(),
            "dark_is_gone"
                | "phone_first"
                | "five_followups_after_meeting"
                | "multichannel"
                | "over_at_hello"
                | "follow_up_resistance"
                | "chasing_too_hard"
        );
        // tol is set for about claims only (§7 default 0.05 for shares).
        if c["op"] == "about" {
            assert_eq!(c["tol"], 0.05, "{}", c["id"]);
        } else {
            assert!(c["tol"].is_null());
        }
        if about_touches {
            let a = &c["alternate"];
            for key in ["reading", "value", "lo", "hi", "x", "n", "op", "claimed", "verdict"] {
                assert!(a.get(key).is_some(), "{}: missing alternate.{key}", c["id"]);
            }
            assert_ne!(a["reading"], c["reading"]);
        } else {
            assert!(c["alternate"].is_null());
            assert!(c["reading"].is_null());
        }
    }
    let ff = claims.iter().find(|c| c["id"] == "five_followups").unwrap();
    assert_eq!(ff["reading"], "follow-ups");
    assert_eq!(ff["alternate"]["reading"], "touches");
    assert_eq!(ff["op"], ">=");
    assert_eq!(ff["claimed"], 0.8);
    let ft = claims.iter().find(|c| c["id"] == "five_to_seven").unwrap();
    assert_eq!(ft["claimed"], serde_json::json!([5.0, 7.0]));
    // A proportion: value = x / n within its interval.
    let (x, n) = (ff["x"].as_f64().unwrap(), ff["n"].as_f64().unwrap());
    common::close(ff["value"].as_f64().unwrap(), x / n, EPS);
    let (lo, hi) = wilson_by_hand(x, n);
    common::close(ff["lo"].as_f64().unwrap(), lo, EPS);
    common::close(ff["hi"].as_f64().unwrap(), hi, EPS);
}

#[test]
fn cli_csv_has_both_readings_and_md_one_row_per_claim_plus_disagreements() {
    let j = json_of(&["claims", "--format", "json"]);
    let claims = j["claims"].as_array().unwrap();
    let with_alt = claims.iter().filter(|c| !c["alternate"].is_null()).count();
    let disagree: Vec<&str> = claims
        .iter()
        .filter(|c| !c["alternate"].is_null() && c["alternate"]["verdict"] != c["verdict"])
        .map(|c| c["id"].as_str().unwrap())
        .collect();

    let out = touchstone().args(["claims", "--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    for key in ["id", "reading", "value", "lo", "hi", "x", "n", "op", "claimed", "verdict"] {
        assert!(headers.iter().any(|h| h == key), "csv column {key}");
    }
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 13 + with_alt, "one row per claim and reading");
    let idx = headers.iter().position(|h| h == "id").unwrap();
    for c in claims {
        let id = c["id"].as_str().unwrap();
        let expect = if c["alternate"].is_null() { 1 } else { 2 };
        assert_eq!(rows.iter().filter(|r| &r[idx] == id).count(), expect, "{id}");
    }

    let out = touchstone().args(["claims", "--format", "md"]).output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert!(lines[0].contains("claim") && lines[0].contains("verdict"));
    assert!(lines[1].starts_with("|---"));
    let body = &lines[2..];
    assert_eq!(body.len(), 13 + disagree.len(), "one row per claim, plus the other reading where it differs");
    for c in claims {
        let id = c["id"].as_str().unwrap();
        let title = c["title"].as_str().unwrap();
        let expect = if disagree.contains(&id) { 2 } else { 1 };
        assert_eq!(body.iter().filter(|l| l.starts_with(&format!("| {title} |"))).count(), expect, "{id}");
    }
}

#[test]
fn cli_explain_shows_definition_counts_and_ids() {
    let w = Work::new();
    let log = w.file("log.csv", &format!("{HEADER}\n{}", conversions_fixture()));
    let out = touchstone().args(["claims", "--as-of", T, "--explain", "five_followups"]).arg(&log).output().unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("five_followups"));
    assert!(text.contains("definition"), "{text}");
    assert!(text.contains("K >= 6"), "{text}");
    // 12 of 40 (follow-ups reading), 40 of 40 (touches reading).
    assert!(text.contains("numerator 12 / denominator 40"), "{text}");
    assert!(text.contains("numerator 40 / denominator 40"), "{text}");
    // The prospects behind K >= 6: a-k6-01..06 and a-k8-01..06, none of the others.
    for id in ids("a-k6", 6).iter().chain(ids("a-k8", 6).iter()) {
        assert!(text.contains(id.as_str()), "{id} listed: {text}");
    }
    assert!(!text.contains("a-k0-") && !text.contains("a-open-"), "{text}");

    let out = touchstone().args(["claims", "--explain", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}

#[test]
fn cli_claims_file_on_the_sample_replaces_and_adds() {
    let w = Work::new();
    let path = w.file("mine.toml", GOOD);
    let v = json_of(&["claims", "--format", "json", "--claims", path.to_str().unwrap()]);
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 14);
    assert_eq!(claims[0]["id"], "five_followups");
    assert_eq!(claims[0]["claimed"], 0.5);
    assert_eq!(claims[0]["quote"], "half of sales need 5 follow-ups");
    assert_eq!(claims[13]["id"], "first_touch_hazard");
    assert_eq!(claims[13]["op"], "about");
}

#[test]
fn analyze_json_holds_the_same_claims_array() {
    let a = json_of(&["analyze", "--format", "json"]);
    let c = json_of(&["claims", "--format", "json"]);
    assert!(a["claims"].is_array());
    assert_eq!(a["claims"], c["claims"]);
}

// ---------------------------------------------------------- bank marketing

#[test]
fn bank_marketing_five_followups_is_the_share_of_subscribers_with_6_or_more_contacts() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/uci_bank_marketing/bank-full.csv");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    // The summary reader (src/ingest/summary.rs) takes `campaign` alone as
    // the touch count and `y` as the converted flag; K = n for converted
    // rows. Count the same way, independently, with the csv crate.
    let mut rdr = csv::ReaderBuilder::new().delimiter(b';').from_path(&path).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (campaign, y) = (col("campaign"), col("y"));
    let (mut subscribers, mut six_plus, mut five_plus) = (0u64, 0u64, 0u64);
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if rec[y].trim() != "yes" {
            continue;
        }
        let k: u64 = rec[campaign].trim().parse().unwrap();
        if k >= 1 {
            subscribers += 1;
            six_plus += u64::from(k >= 6);
            five_plus += u64::from(k >= 5);
        }
    }
    assert!(subscribers > 5000, "bank-full has 5,289 subscribers");

    let v = json_of(&["claims", "--format", "json", "--summary", path.to_str().unwrap()]);
    let ff = v["claims"].as_array().unwrap().iter().find(|c| c["id"] == "five_followups").unwrap().clone();
    assert_eq!(ff["x"], six_plus);
    assert_eq!(ff["n"], subscribers);
    common::close(ff["value"].as_f64().unwrap(), six_plus as f64 / subscribers as f64, EPS);
    let (lo, hi) = wilson_by_hand(six_plus as f64, subscribers as f64);
    common::close(ff["lo"].as_f64().unwrap(), lo, EPS);
    common::close(ff["hi"].as_f64().unwrap(), hi, EPS);
    // A small share, far below 80 %: contradicted.
    assert!(hi < 0.8);
    assert_eq!(ff["verdict"], "contradicted");
    // Touches reading: K >= 5.
    assert_eq!(ff["alternate"]["x"], five_plus);
    assert_eq!(ff["alternate"]["n"], subscribers);
    // No event times: revival is insufficient data, with a reason.
    let dark = v["claims"].as_array().unwrap().iter().find(|c| c["id"] == "dark_is_gone").unwrap().clone();
    assert_eq!(dark["verdict"], "insufficient data");
    assert!(dark["reason"].as_str().is_some_and(|s| !s.is_empty()));
}
