//! `touchstone explain METRIC [KEY]` (issue 16): for each table of
//! `analyze`, the numerator, the denominator and the prospect ids behind
//! them, checked against a seven-prospect fixture worked by hand.
//!
//! `T = 2026-03-31T00:00:00Z`, `quiet_days = 30`. Every touch is a call at
//! 10:00 unless said otherwise.
//!
//! | prospect | events | facts (§2) |
//! |---|---|---|
//! | p1 | touches Mar 1, Mar 2 (r1); inbound `won` Mar 2 12:00 | K = 2, m = 2, R = 2 |
//! | p2 | touch Mar 1 (r1); inbound `won` Mar 1 12:00 | K = 1, m = 1, R = 1 |
//! | p3 | touches Mar 1 (email), Mar 2, Mar 3 (r2) | open (28 days < 30), m = 3 |
//! | p4 | touches Jan 1, Jan 2 (r1) | abandoned, n = 2 |
//! | p5 | touch Jan 1 (r1) | abandoned, n = 1 |
//! | p6 | touch Mar 1 (r2); inbound `opted_out` Mar 2 | lost, n = 1, R = 1 |
//! | p7 | touches Jan 1, Jan 2, Jan 3 (r1) | abandoned, n = 3 |

use crate::common::{touchstone, Work, T};

const LOG: &str = "prospect_id,ts,direction,channel,outcome,rep_id
p1,2026-03-01T10:00:00Z,out,call,none,r1
p1,2026-03-02T10:00:00Z,out,call,none,r1
p1,2026-03-02T12:00:00Z,in,email,won,
p2,2026-03-01T10:00:00Z,out,call,none,r1
p2,2026-03-01T12:00:00Z,in,email,won,
p3,2026-03-01T10:00:00Z,out,email,none,r2
p3,2026-03-02T10:00:00Z,out,call,none,r2
p3,2026-03-03T10:00:00Z,out,call,none,r2
p4,2026-01-01T10:00:00Z,out,call,none,r1
p4,2026-01-02T10:00:00Z,out,call,none,r1
p5,2026-01-01T10:00:00Z,out,call,none,r1
p6,2026-03-01T10:00:00Z,out,call,none,r2
p6,2026-03-02T10:00:00Z,in,email,opted_out,
p7,2026-01-01T10:00:00Z,out,call,none,r1
p7,2026-01-02T10:00:00Z,out,call,none,r1
p7,2026-01-03T10:00:00Z,out,call,none,r1
";

/// `explain ARGS --format csv` on the fixture: (numerator ids, denominator ids).
fn csv(args: &[&str]) -> (Vec<String>, Vec<String>) {
    let w = Work::new();
    let log = w.file("log.csv", LOG);
    let out =
        touchstone().arg("explain").args(args).arg(&log).args(["--as-of", T, "--format", "csv"]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("prospect_id,in_numerator"));
    let rows: Vec<(String, bool)> = lines
        .map(|l| {
            let (id, hit) = l.split_once(',').unwrap();
            (id.to_string(), hit == "true")
        })
        .collect();
    (rows.iter().filter(|r| r.1).map(|r| r.0.clone()).collect(), rows.into_iter().map(|r| r.0).collect())
}

fn text(args: &[&str]) -> String {
    let w = Work::new();
    let log = w.file("log.csv", LOG);
    let out = touchstone().arg("explain").args(args).arg(&log).args(["--as-of", T]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn explain_conversion_by_touch_2() {
    // reached(2) = m >= 2: p1 (2), p3 (3), p4 (2), p7 (3); converted at K = 2: p1.
    assert_eq!(
        csv(&["conversion_by_touch", "2"]),
        (vec!["p1".into()], vec!["p1".into(), "p3".into(), "p4".into(), "p7".into()])
    );
    let t = text(&["conversion_by_touch", "2"]);
    assert!(t.contains("1 / denominator (reached this touch) 4 = 25.0%"), "{t}");
    assert!(t.contains("in the numerator (1): p1"), "{t}");
    // --limit 1 shows one id of the three others and says how many more.
    let t = text(&["conversion_by_touch", "2", "--limit", "1"]);
    assert!(t.contains("in the denominator only (3): p3 … and 2 more"), "{t}");
}

#[test]
fn explain_give_up_2() {
    // Given up (abandoned or lost): p4 (n = 2), p5 (1), p6 (1), p7 (3); at n = 2: p4.
    assert_eq!(csv(&["give_up", "2"]), (vec!["p4".into()], vec!["p4".into(), "p5".into(), "p6".into(), "p7".into()]));
}

#[test]
fn explain_rep_r1() {
    // Given up with last touch by r1: p4 (n = 2), p5 (1), p7 (3); n <= 2: p4, p5.
    assert_eq!(csv(&["rep", "r1"]), (vec!["p4".into(), "p5".into()], vec!["p4".into(), "p5".into(), "p7".into()]));
}

#[test]
fn explain_first_response_1() {
    // Responders: p1 (R = 2), p2 (R = 1), p6 (R = 1, the opt-out answers).
    assert_eq!(
        csv(&["first_response", "1"]),
        (vec!["p2".into(), "p6".into()], vec!["p1".into(), "p2".into(), "p6".into()])
    );
}

#[test]
fn explain_channel_email_and_call() {
    // Touch 1 by email: p3 only, not converted. By call: the other six;
    // converted with K >= 1: p1, p2.
    assert_eq!(csv(&["channel", "email"]), (vec![], vec!["p3".into()]));
    let (num, den) = csv(&["channel", "call"]);
    assert_eq!(num, ["p1", "p2"]);
    assert_eq!(den, ["p1", "p2", "p4", "p5", "p6", "p7"]);
}

#[test]
fn explain_response_by_gap_1_to_3_days() {
    // Gaps of one day ([1, 3) days): touch 2 of p1 (answered by the won
    // event before any other touch), p3's touches 2 and 3, p4's touch 2,
    // p7's touches 2 and 3: 1 answered of 6 touches, on p1, p3, p4, p7.
    assert_eq!(
        csv(&["response_by_gap", "1-3d"]),
        (vec!["p1".into()], vec!["p1".into(), "p3".into(), "p4".into(), "p7".into()])
    );
    let t = text(&["response_by_gap", "1-3d"]);
    assert!(t.contains("(answered touches) 1 / denominator (touches) 6"), "{t}");
}

#[test]
fn explain_time_to_dark_and_revival_take_no_key() {
    // Engaged (a response up to min(c, T)): p1, p2 (their won replies), p6.
    // None is dark: p1 and p2 converted, p6 said no (lost).
    assert_eq!(csv(&["time_to_dark"]), (vec![], vec!["p1".into(), "p2".into(), "p6".into()]));
    // No silence of 14 days received a touch and ended in a response:
    // p3's silence from Mar 1 got touches but nothing answered; no prospect revived.
    let (num, _) = csv(&["revival"]);
    assert!(num.is_empty());
}

#[test]
fn explain_claim_over_at_hello() {
    // K = 1: p2 of the two conversions (p1 at K = 2).
    let t = text(&["claim", "over_at_hello"]);
    assert!(t.contains("Most sales are decided at the first touch"), "{t}");
    assert!(t.contains("1 / denominator (observations) 2"), "{t}");
    assert!(t.contains("in the numerator (1): p2"), "{t}");
}

#[test]
fn explain_errors_list_what_is_valid() {
    let w = Work::new();
    let log = w.file("log.csv", LOG);
    let run = |args: &[&str]| {
        let out = touchstone().arg("explain").args(args).arg(&log).args(["--as-of", T]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let e = run(&["magic", "1"]);
    assert!(e.contains("unknown METRIC 'magic'") && e.contains("conversion_by_touch") && e.contains("claim"), "{e}");
    let e = run(&["rep", "r9"]);
    assert!(e.contains("r9") && e.contains("reps: r1, r2"), "{e}");
    let e = run(&["claim", "nope"]);
    assert!(e.contains("no claim 'nope'") && e.contains("chasing_too_hard"), "{e}");
    let e = run(&["conversion_by_touch", "99"]);
    assert!(e.contains("outside 1..15"), "{e}");
}

#[test]
fn explain_time_to_convert_left_on_table_rep_comparison_and_worklist() {
    // Time to convert: every prospect has a touch and none converted before
    // one; converted after a touch: p1, p2.
    let (num, den) = csv(&["time_to_convert"]);
    assert_eq!(num, ["p1", "p2"]);
    assert_eq!(den, ["p1", "p2", "p3", "p4", "p5", "p6", "p7"]);
    // Given up: p4 (n = 2), p5 (1), p6 (lost, 1), p7 (3); all below the
    // default horizon of 8 touches.
    let (num, den) = csv(&["left_on_table"]);
    assert_eq!(num, ["p4", "p5", "p6", "p7"]);
    assert_eq!(den, num);
    // First touches by r2: p3, p6; neither converted.
    assert_eq!(csv(&["rep_comparison", "r2"]), (vec![], vec!["p3".into(), "p6".into()]));
    // By r1: p1, p2, p4, p5, p7; converted p1, p2.
    let (num, den) = csv(&["rep_comparison", "r1"]);
    assert_eq!((num.len(), den.len()), (2, 5));
    // The one open prospect is p3.
    assert_eq!(csv(&["worklist"]), (vec!["p3".into()], vec!["p3".into()]));
}

#[test]
fn explain_the_cadence_tables_and_hazard_by_channel() {
    // Prospects with a touch 2 (a gap before it): p1, p3, p4, p7.
    let (_, den) = csv(&["gap_by_touch", "2"]);
    assert_eq!(den, ["p1", "p3", "p4", "p7"]);
    // Busiest 7 days: p1 2, p2 1, p3 3, p4 2, p5 1, p6 1, p7 3. One touch:
    // p2, p5, p6, of whom p6 is lost (opted out).
    assert_eq!(csv(&["loss_by_intensity", "1"]), (vec!["p6".into()], vec!["p2".into(), "p5".into(), "p6".into()]));
    assert_eq!(csv(&["loss_by_intensity", "3"]), (vec![], vec!["p3".into(), "p7".into()]));
    // Touch 1 by call: everyone but p3; converted at touch 1: p2.
    let (num, den) = csv(&["hazard_by_channel", "call:1"]);
    assert_eq!(num, ["p2"]);
    assert_eq!(den, ["p1", "p2", "p4", "p5", "p6", "p7"]);
    // Touch 2 by call among m >= 2: p1 (K = 2), p3, p4, p7.
    let (num, den) = csv(&["hazard_by_channel", "call:2"]);
    assert_eq!((num, den), (vec!["p1".to_string()], vec!["p1".into(), "p3".into(), "p4".into(), "p7".into()]));
}
