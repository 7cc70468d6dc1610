//! docs/metrics.md §7, claims as data: the eleven seed claims, a TOML claims file
//! that replaces and adds claims, and parse errors that name the claim and
//! the line.
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, `dark_days = 14`, every channel a touch channel, `min_rep_prospects
//! = 5`, `min_n = 30`.

use touchstone::claims::verdict::{evaluate, Verdict};
use touchstone::claims::{self, Metric, Op, Reading};
use touchstone::metrics::MetricParams;
use touchstone::model::Channel;

use super::{alt, assert_share, claim, conversions_fixture, EPS, GOOD};
use crate::common::{self, touchstone, Work, T, Z};

#[test]
fn seeds_are_the_thirteen_claims_of_section_7() {
    let seeds = claims::seeds();
    let got: Vec<&str> = seeds.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        got,
        [
            "five_followups",
            "after_fifth_touch",
            "five_to_seven",
            "fifth_to_eighth",
            "give_up_after_one",
            "give_up_after_second",
            "dark_is_gone",
            "phone_first",
            "five_followups_after_meeting",
            "multichannel",
            "over_at_hello",
            "follow_up_resistance",
            "chasing_too_hard"
        ]
    );
    let get = |id: &str| seeds.iter().find(|c| c.id == id).unwrap();
    assert_eq!(get("five_followups").op, Op::AtLeast(0.80));
    assert_eq!(get("after_fifth_touch").metric, Metric::ShareConversionsKAtLeast { x: 6 });
    assert_eq!(get("after_fifth_touch").op, Op::About(0.80, 0.05));
    assert_eq!(get("five_to_seven").op, Op::Between(5.0, 7.0));
    assert_eq!(get("fifth_to_eighth").metric, Metric::ShareRBetween { lo: 5, hi: 8 });
    assert_eq!(get("fifth_to_eighth").op, Op::AtLeast(0.5));
    assert_eq!(get("give_up_after_one").metric, Metric::ShareRepsMedianGiveUpAtMost { x: 2 });
    assert_eq!(get("give_up_after_one").op, Op::About(0.44, 0.05));
    assert_eq!(get("give_up_after_second").metric, Metric::ShareGivenUpAtMost { x: 2 });
    assert_eq!(get("give_up_after_second").op, Op::About(0.93, 0.05));
    assert_eq!(get("dark_is_gone").metric, Metric::RevivalRate { min_days: None });
    assert_eq!(get("dark_is_gone").op, Op::AtMost(0.05));
    assert_eq!(get("phone_first").metric, Metric::FirstChannelRateDifference { a: Channel::Call, b: Channel::Email });
    assert_eq!(get("phone_first").op, Op::AtLeast(0.0));
    assert_eq!(get("over_at_hello").metric, Metric::ShareConversionsKBetween { lo: 1, hi: 1 });
    assert_eq!(get("over_at_hello").op, Op::AtLeast(0.5));
    assert_eq!(get("over_at_hello").reading, None, "the quote counts nothing: no other reading");
    assert_eq!(get("follow_up_resistance").metric, Metric::PooledHazardDifference { lo: 2, hi: 5, k: 1 });
    assert_eq!(get("follow_up_resistance").op, Op::AtMost(0.0));
    // Gap buckets <1d and 3-7d are indices 0 and 2 of <1d, 1-3d, 3-7d, 7-14d, 14d+.
    assert_eq!(get("chasing_too_hard").metric, Metric::GapResponseRateDifference { a: 0, b: 2 });
    assert_eq!(get("chasing_too_hard").op, Op::AtMost(0.0));
    assert!(seeds.iter().all(|c| !c.quote.is_empty() && !c.source.is_empty() && !c.title.is_empty()));
    assert!(seeds.iter().all(|c| c.title != c.quote && c.title != c.id), "every seed has its own title");
}

#[test]
fn a_claims_file_replaces_by_id_and_adds_new_claims() {
    let w = Work::new();
    let path = w.file("mine.toml", GOOD);
    let all = claims::load(Some(&path)).expect("valid file");
    assert_eq!(all.len(), 14, "13 seeds, one replaced, one added");
    assert_eq!(all[0].id, "five_followups", "a replaced claim keeps its place");
    assert_eq!(all[0].op, Op::AtLeast(0.5));
    assert_eq!(all[0].quote, "half of sales need 5 follow-ups");
    assert_eq!(all[13].id, "first_touch_hazard");
    assert_eq!(all[13].metric, Metric::HazardAt { k: 1 });
    assert_eq!(all[13].reading, Some(Reading::Touches), "reading defaults to touches");
    assert_eq!(all[13].title, all[13].quote, "title defaults to the quote");
    assert_eq!(all.iter().filter(|c| c.id == "five_followups").count(), 1);
    assert_eq!(claims::load(None).unwrap(), claims::seeds());

    // Evaluated on the conversions fixture: K >= 6 in 12 / 40; Wilson ≈
    // [0.181, 0.454], hi < 0.5 → contradicted. hazard(1) = conversions at
    // K = 1 / prospects with m >= 1 = 0 / 43 (40 converted at K >= 5 and 3
    // open with 7 touches; the two K = 0 have m = 0): Wilson(0, 43) =
    // [0, z²/(43 + z²)] ≈ [0, 0.082] against about 0.1 ± 0.05 = [0.05, 0.15]:
    // it straddles 0.05 → inconclusive.
    let loaded = common::load(&conversions_fixture(), &common::as_of(T));
    let r = evaluate(&all, &loaded.facts, Default::default(), &MetricParams::default());
    assert_share(&claim(&r, "five_followups").primary, 12, 40, Verdict::Contradicted);
    let h = claim(&r, "first_touch_hazard");
    assert_share(&h.primary, 0, 43, Verdict::Inconclusive);
    common::close_opt(h.primary.hi, Z * Z / (43.0 + Z * Z), EPS);
    // Its other reading (follow-ups): hazard at touch 2: 0 / 43 as well.
    assert_eq!(alt(h).metric, "hazard_at(k=2)");
}

fn parse_err(text: &str) -> String {
    match claims::parse(text, "bad.toml") {
        Ok(c) => panic!("expected an error, parsed {} claim(s)", c.len()),
        Err(e) => e.to_string(),
    }
}

const FIRST_OK: &str = "[[claim]]\nid = \"ok\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"median_r\"\nop = \"between\"\nvalue = [5, 7]\n\n";
// FIRST_OK is lines 1–7 plus a blank line 8; the claim under test starts on line 9.

#[test]
fn an_unknown_metric_names_the_claim_and_the_line() {
    // line 9 [[claim]], 10 id, 11 quote, 12 source, 13 metric.
    let text = format!("{FIRST_OK}[[claim]]\nid = \"mystery\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"conversion_magic\"\nop = \">=\"\nvalue = 0.5\n");
    let e = parse_err(&text);
    assert!(e.contains("bad.toml"), "{e}");
    assert!(e.contains("line 13"), "{e}");
    assert!(e.contains("mystery"), "{e}");
    assert!(e.contains("unknown metric") && e.contains("conversion_magic"), "{e}");
    assert!(e.contains("share_conversions_k_at_least"), "lists the catalogue: {e}");
}

#[test]
fn a_missing_field_names_the_field_and_the_line() {
    // Second claim (lines 9–14) has no `op`.
    let text = format!(
        "{FIRST_OK}[[claim]]\nid = \"no_op\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"median_r\"\nvalue = 6\n"
    );
    let e = parse_err(&text);
    assert!(e.contains("bad.toml"), "{e}");
    assert!(e.contains("op"), "{e}");
    assert!(e.contains("missing"), "{e}");
    assert!(e.contains("claim 'no_op'"), "the error names the claim: {e}");
    let line: usize = e
        .split("line ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no line number in: {e}"));
    assert!((9..=14).contains(&line), "line {line} should point into the second claim: {e}");
}

#[test]
fn a_wrong_value_type_names_the_claim_and_the_line() {
    // line 9 [[claim]] … 14 op, 15 value.
    let text = format!("{FIRST_OK}[[claim]]\nid = \"loud\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"revival_rate\"\nop = \"<=\"\nvalue = \"high\"\n");
    let e = parse_err(&text);
    assert!(e.contains("line 15"), "{e}");
    assert!(e.contains("loud"), "{e}");
    assert!(e.contains("value") && e.contains("number") && e.contains("string"), "{e}");
}

#[test]
fn a_wrong_param_type_names_the_claim_and_the_line() {
    // line 9 [[claim]], 10 id, 11 quote, 12 source, 13 metric, 14 params.
    let text = format!(
        "{FIRST_OK}[[claim]]\nid = \"sixish\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"share_conversions_k_at_least\"\nparams = {{ x = \"six\" }}\nop = \">=\"\nvalue = 0.8\n"
    );
    let e = parse_err(&text);
    assert!(e.contains("line 14"), "{e}");
    assert!(e.contains("sixish"), "{e}");
    assert!(e.contains("params.x") && e.contains("integer"), "{e}");
    // A missing parameter is named too.
    let text =
        "[[claim]]\nid = \"nox\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"hazard_at\"\nop = \">=\"\nvalue = 0.1\n";
    let e = parse_err(text);
    assert!(e.contains("nox") && e.contains("params.k"), "{e}");
}

#[test]
fn cli_bad_claims_file_exits_2_with_the_message() {
    let w = Work::new();
    let bad = w.file(
        "bad.toml",
        "[[claim]]\nid = \"sixish\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"share_conversions_k_at_least\"\nparams = { x = \"six\" }\nop = \">=\"\nvalue = 0.8\n",
    );
    let out = touchstone().args(["claims", "--claims"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("line 6") && err.contains("sixish") && err.contains("params.x"),
        "{err}"
    );

    let unknown = w.file(
        "unknown.toml",
        "[[claim]]\nid = \"m\"\nquote = \"q\"\nsource = \"s\"\nmetric = \"nope\"\nop = \">=\"\nvalue = 0.8\n",
    );
    let out = touchstone().args(["claims", "--claims"]).arg(&unknown).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 5") && err.contains("unknown metric 'nope'"), "{err}");
}
