//! docs/metrics.md §5, silences and revival (with §8.12): silences per prospect,
//! the revival rate and its Wilson interval, revival by touches sent and by
//! gap, and the `dark` facts' JSON names and round trip through facts files.
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//! Where the spec is silent the module docs' decisions are tested as
//! documented (and say so).
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `dark_days =
//! 14`, `quiet_days = 30`, every channel is a touch channel, default metric
//! params (`cap = 15`).
//!
//! Day arithmetic used below: January 31 days, February 28 days (2026).

use touchstone::metrics::MetricParams;

use crate::common::{self, approx_opt, get, ts, wilson_by_hand, T};

/// The silences fixture (T = 03-31T00, dark_days 14). Per prospect (§8.12:
/// silences start at every response and at the first touch when it is
/// strictly before every response; end at the next response in event order
/// or at min(c, T); touches with start < ts <= end):
///
/// A: touches 03-01, 03-08, reply 03-15, inbound won 03-20 (c), touches
///    03-25, 03-26 after c (ignored).
///    [03-01 → 03-15] = 14 d exactly → a silence; touches (03-08) = 1; revived.
///    [03-15 → 03-20] = 5 d, no. [03-20 → c] = 0. Converted.
///    → silences 1, touched 1, touched revived 1, revived 1.
/// A2: same but the reply at 03-14T23:59:59.999999 (14 d - 1 µs → not a
///    silence), won 03-16 (1 d) → 0 silences.
/// B: touches 01-01, 01-05, 01-10, reply 01-20, touches 01-25, 02-01, 02-05,
///    outbound connected call 02-25, replies 02-27 and 03-20.
///    [01-01 → 01-20] 19 d, touches 01-05, 01-10 = 2, revived;
///    [01-20 → 02-25] 12 + 25 = 36 d, touches 01-25, 02-01, 02-05 and the
///      connected call that ends it (ts <= end) = 4, revived;
///    [02-25 → 02-27] 2 d no; [02-27 → 03-20] 1 + 20 = 21 d, untouched,
///      revived; [03-20 → T] 11 d no.
///    → silences 3, touched 2, touched revived 2, revived 3. Not dark (11 d).
/// C: touch 02-01, inbound won 02-02 (c), then touches 02-10, 02-20, 03-05
///    and a reply 03-10, all after c: ignored. [02-01 → 02-02] 1 d; [c → c] 0.
///    → 0 silences (without the cut there would be a 36 d touched revived one).
/// D: touch 01-19, reply 01-20, touches 02-20, 03-10.
///    [01-20 → T] = 12 + 28 + 30 = 70 d, touches 2, still running: not
///    revived. → silences 1, touched 1, revived 0. Dark (dark_at 01-20).
/// E: touch 03-01, reply 03-02; [03-02 → T] 29 d untouched, not revived.
///    → silences 1, touched 0.
/// F: touch 01-01T10, reply 01-20T10 and an outbound connected call at the
///    same instant (later row).
///    [01-01T10 → reply 01-20T10] 19 d, touches in (start, end] = the call → 1,
///    revived; [reply → call] zero gap, no; [call → T] 69.58 d untouched.
///    → silences 2, touched 1, touched revived 1, revived 1.
///    (Skipping the same-instant response would give a 3rd silence.)
/// G: touches 2025-11-01, 2025-12-01, reply 2026-02-15, won 02-16.
///    [11-01 → 02-15] = 30 + 31 + 31 + 14 = 106 d, touches 1, revived.
///    → silences 1, touched 1, revived 1. Converted.
const SILENCES: &str = "\
A,2026-03-01T00:00:00Z,out,call,none,r1
A,2026-03-08T00:00:00Z,out,call,none,r1
A,2026-03-15T00:00:00Z,in,email,replied,
A,2026-03-20T00:00:00Z,in,email,won,
A,2026-03-25T00:00:00Z,out,call,none,r1
A,2026-03-26T00:00:00Z,out,call,none,r1
A2,2026-03-01T00:00:00Z,out,call,none,r1
A2,2026-03-08T00:00:00Z,out,call,none,r1
A2,2026-03-14T23:59:59.999999Z,in,email,replied,
A2,2026-03-16T00:00:00Z,in,email,won,
B,2026-01-01T00:00:00Z,out,call,none,r1
B,2026-01-05T00:00:00Z,out,email,none,r1
B,2026-01-10T00:00:00Z,out,call,none,r1
B,2026-01-20T00:00:00Z,in,email,replied,
B,2026-01-25T00:00:00Z,out,email,none,r1
B,2026-02-01T00:00:00Z,out,call,no_answer,r1
B,2026-02-05T00:00:00Z,out,email,none,r1
B,2026-02-25T00:00:00Z,out,call,connected,r1
B,2026-02-27T00:00:00Z,in,email,replied,
B,2026-03-20T00:00:00Z,in,email,replied,
C,2026-02-01T00:00:00Z,out,call,none,r1
C,2026-02-02T00:00:00Z,in,email,won,
C,2026-02-10T00:00:00Z,out,call,none,r1
C,2026-02-20T00:00:00Z,out,call,none,r1
C,2026-03-05T00:00:00Z,out,call,none,r1
C,2026-03-10T00:00:00Z,in,email,replied,
D,2026-01-19T00:00:00Z,out,call,none,r1
D,2026-01-20T00:00:00Z,in,email,replied,
D,2026-02-20T00:00:00Z,out,call,none,r1
D,2026-03-10T00:00:00Z,out,email,none,r1
E,2026-03-01T00:00:00Z,out,call,none,r1
E,2026-03-02T00:00:00Z,in,email,replied,
F,2026-01-01T10:00:00Z,out,email,none,r1
F,2026-01-20T10:00:00Z,in,email,replied,
F,2026-01-20T10:00:00Z,out,call,connected,r1
G,2025-11-01T00:00:00Z,out,call,none,r1
G,2025-12-01T00:00:00Z,out,email,none,r1
G,2026-02-15T00:00:00Z,in,email,replied,
G,2026-02-16T00:00:00Z,in,email,won,
";

#[test]
fn silences_per_prospect_facts() {
    // (silences, touched, touched revived, revived) from the fixture doc.
    let l = common::load(SILENCES, &common::as_of(T));
    let expect = [
        ("A", (1, 1, 1, 1)),
        ("A2", (0, 0, 0, 0)),
        ("B", (3, 2, 2, 3)),
        ("C", (0, 0, 0, 0)),
        ("D", (1, 1, 0, 0)),
        ("E", (1, 0, 0, 0)),
        ("F", (2, 1, 1, 1)),
        ("G", (1, 1, 1, 1)),
    ];
    for (id, want) in expect {
        let d = get(&l, id).dark;
        assert_eq!((d.silences, d.silences_touched, d.silences_touched_revived, d.silences_revived), want, "{id}");
        assert!(d.engaged, "{id} engaged");
    }
    // Dark: D (01-20), E (03-02), F (01-20T10); never A, A2, C, G
    // (converted) nor B (11 d).
    let dark_at = |id| get(&l, id).dark.dark_at;
    assert_eq!(dark_at("D"), Some(ts("2026-01-20T00:00:00Z")));
    assert_eq!(dark_at("E"), Some(ts("2026-03-02T00:00:00Z")));
    assert_eq!(dark_at("F"), Some(ts("2026-01-20T10:00:00Z")));
    for id in ["A", "A2", "B", "C", "G"] {
        assert_eq!(dark_at(id), None, "{id}");
    }
    assert_eq!(get(&l, "D").dark.touches_after_dark, 2);
    assert_eq!(get(&l, "F").dark.touches_after_dark, 0);
    // C: c = 02-02, every event after it is cut for §5.
    assert_eq!(get(&l, "C").dark.start_ts, Some(ts("2026-02-01T00:00:00Z")));
}

#[test]
fn revival_totals_rate_wilson_by_touches_and_by_gap() {
    // Totals (fixture doc): silences = A1 + B3 + D1 + E1 + F2 + G1 = 9;
    // with touches = 1 + 2 + 1 + 0 + 1 + 1 = 6; revived with touches =
    // 1 + 2 + 0 + 0 + 1 + 1 = 5; revival_rate = 5/6, Wilson(5, 6).
    // Touched silences (touches, revived): A(1,y) B(2,y) B(4,y) D(2,n)
    //   F(1,y) G(1,y).
    // by_touches (silences with >= j touches, revived after exactly j):
    //   j=1: 6, 3 (A, F, G) → 0.5;  j=2: 3 (B2, B4, D), 1 → 1/3;
    //   j=3: 1 (B4), 0 → 0;  j=4: 1, 1 → 1;  j=5..15: 0, 0 → null.
    // by_gap (silence length start→end): A 14 → 14-30 y; B 19 → 14-30 y;
    //   B 36 → 30-60 y; D 70 → 60-90 n; F 19 → 14-30 y; G 106 → 90d+ y.
    //   14-30d: 3/3; 30-60d: 1/1; 60-90d: 1/0; 90d+: 1/1.
    // revived_prospects (>= 1 revived silence, touched or not) = A, B, F, G = 4;
    // of those converted: A, G = 2.
    let an = common::analyze(SILENCES, &common::as_of(T));
    let rv = an.revival.as_ref().expect("dated input has revival");
    assert_eq!(rv.silences, 9);
    assert_eq!(rv.silences_with_touches, 6);
    assert_eq!(rv.revived_with_touches, 5);
    approx_opt(rv.revival_rate, 5.0 / 6.0);
    let (lo, hi) = wilson_by_hand(5.0, 6.0);
    approx_opt(rv.revival_rate_lo, lo);
    approx_opt(rv.revival_rate_hi, hi);
    assert_eq!(rv.revived_prospects, 4);
    assert_eq!(rv.revived_then_converted, 2);
    approx_opt(rv.revived_then_converted_share, 0.5);

    let bt = rv.by_touches.as_ref().expect("event input has by_touches");
    assert_eq!(bt.len(), 15);
    let got: Vec<(u32, u64, u64)> = bt.iter().take(5).map(|r| (r.j, r.silences, r.revived)).collect();
    assert_eq!(got, vec![(1, 6, 3), (2, 3, 1), (3, 1, 0), (4, 1, 1), (5, 0, 0)]);
    approx_opt(bt[0].share, 0.5);
    approx_opt(bt[1].share, 1.0 / 3.0);
    approx_opt(bt[2].share, 0.0);
    approx_opt(bt[3].share, 1.0);
    assert!(bt[4..].iter().all(|r| r.share.is_none() && r.silences == 0));
    assert_eq!(bt[14].label, "15+");
    assert_eq!(bt[0].label, "1");

    let bg = rv.by_gap.as_ref().expect("event input has by_gap");
    let got: Vec<(&str, u64, u64)> = bg.iter().map(|r| (r.label.as_str(), r.silences, r.revived)).collect();
    assert_eq!(got, vec![("14-30d", 3, 3), ("30-60d", 1, 1), ("60-90d", 1, 0), ("90d+", 1, 1)]);
    assert_eq!(bg.iter().map(|r| r.silences).sum::<u64>(), rv.silences_with_touches);
    assert_eq!((bg[0].from_days, bg[0].to_days), (14.0, Some(30.0)));
    assert_eq!((bg[3].from_days, bg[3].to_days), (90.0, None));
    approx_opt(bg[2].share, 0.0);
    let (lo, hi) = wilson_by_hand(3.0, 3.0);
    approx_opt(bg[0].share_lo, lo);
    approx_opt(bg[0].share_hi, hi);
}

#[test]
fn revival_by_touches_cap_row_aggregates() {
    // cap = 3 (§8.7: row `3+` holds silences with >= 3 touches, revived
    // after >= 3): from the touched silences (1,y) (2,y) (4,y) (2,n) (1,y)
    // (1,y): j=1: 6, 3; j=2: 3, 1; j=3+: 1 (B4), 1 (revived after 4 >= 3).
    let metric = MetricParams { cap: 3, horizon: 8, min_rep_prospects: 5, economics: None };
    let an = common::analyze_with(SILENCES, &common::as_of(T), &metric);
    let bt = an.revival.as_ref().unwrap().by_touches.as_ref().unwrap();
    let got: Vec<(&str, u64, u64)> = bt.iter().map(|r| (r.label.as_str(), r.silences, r.revived)).collect();
    assert_eq!(got, vec![("1", 6, 3), ("2", 3, 1), ("3+", 1, 1)]);
}

#[test]
fn revival_without_touched_silences_has_null_rate() {
    // One prospect: touch 03-01, reply 03-02, then nothing: one untouched
    // silence [03-02 → T] 29 d. silences = 1, with touches = 0 → rate null
    // (0/0), Wilson null; no revived prospect.
    let body = "\
a,2026-03-01T00:00:00Z,out,call,none,r1
a,2026-03-02T00:00:00Z,in,email,replied,
";
    let an = common::analyze(body, &common::as_of(T));
    let rv = an.revival.as_ref().unwrap();
    assert_eq!((rv.silences, rv.silences_with_touches, rv.revived_with_touches), (1, 0, 0));
    assert_eq!(rv.revival_rate, None);
    assert_eq!((rv.revival_rate_lo, rv.revival_rate_hi), (None, None));
    assert_eq!(rv.revived_prospects, 0);
    assert_eq!(rv.revived_then_converted_share, None);
}

#[test]
fn dark_days_parameter_moves_silences_buckets_and_dark() {
    // With dark_days = 20 the SILENCES fixture keeps only silences >= 20 d:
    //   A 14 no; B 19 no, 36 yes (touched 4, rev), 21 yes (untouched, rev);
    //   D 70 (touched, not rev); E 29 (untouched); F 19 no, 69.58 untouched;
    //   G 106 (touched, rev).
    // silences = B2 + D1 + E1 + F1 + G1 = 6; with touches = B36, D, G = 3;
    // revived with touches = B36, G = 2. by_gap buckets start at 20:
    //   `20-30d` 0; `30-60d` B36 1/1; `60-90d` D 1/0; `90d+` G 1/1.
    // Dark now needs T - last response >= 20 d: D (70), E (29), F (69.58) still.
    let mut params = common::as_of(T);
    params.dark_days = 20;
    let an = common::analyze(SILENCES, &params);
    let rv = an.revival.as_ref().unwrap();
    assert_eq!((rv.silences, rv.silences_with_touches, rv.revived_with_touches), (6, 3, 2));
    let bg = rv.by_gap.as_ref().unwrap();
    let got: Vec<(&str, u64, u64)> = bg.iter().map(|r| (r.label.as_str(), r.silences, r.revived)).collect();
    assert_eq!(got, vec![("20-30d", 0, 0), ("30-60d", 1, 1), ("60-90d", 1, 0), ("90d+", 1, 1)]);
    let ttd = an.time_to_dark.as_ref().unwrap();
    assert_eq!(ttd.dark_days, 20);
    assert_eq!(ttd.dark, 3);
}

#[test]
fn json_uses_the_documented_field_names() {
    // Issue 3 names these so other tools can rely on them.
    let an = common::analyze(SILENCES, &common::as_of(T));
    let v = serde_json::to_value(&an).unwrap();
    let ttd = &v["time_to_dark"];
    for k in ["engaged", "dark", "median_days", "p25_days", "p75_days", "p90_days", "km", "chased"] {
        assert!(ttd.get(k).is_some(), "time_to_dark.{k}");
    }
    for k in ["day", "at_risk", "events", "censored", "dark_share", "lo", "hi"] {
        assert!(ttd["km"][0].get(k).is_some(), "time_to_dark.km[].{k}");
    }
    for k in ["dark_chased", "share_chased", "median_touches_after", "median_days_to_last_touch"] {
        assert!(ttd["chased"].get(k).is_some(), "time_to_dark.chased.{k}");
    }
    let rv = &v["revival"];
    for k in [
        "silences",
        "silences_with_touches",
        "revived_with_touches",
        "revival_rate",
        "revival_rate_lo",
        "revival_rate_hi",
        "by_touches",
        "by_gap",
        "revived_prospects",
        "revived_then_converted",
    ] {
        assert!(rv.get(k).is_some(), "revival.{k}");
    }
    for k in ["j", "label", "silences", "revived", "share"] {
        assert!(rv["by_touches"][0].get(k).is_some(), "revival.by_touches[].{k}");
    }
    for k in ["responders", "median_r", "share_5_8"] {
        assert!(v["first_response"].get(k).is_some(), "first_response.{k}");
    }
    for k in ["time_to_convert", "cadence", "channel"] {
        assert!(v.get(k).is_some_and(|x| !x.is_null()), "{k}");
    }
}

#[test]
fn facts_round_trip_keeps_dark_fields_csv_and_parquet() {
    // SILENCES has dark (D, E, F), revived (A, B, F, G), converted (A, A2, C,
    // G) prospects and a sub-second timestamp (A2's first response).
    let l = common::load(SILENCES, &common::as_of(T));
    assert!(l.facts.prospects.iter().any(|p| p.dark.dark_at.is_some()));
    assert!(l.facts.prospects.iter().any(|p| p.dark.silences_revived > 0));
    let w = common::Work::new();
    for name in ["facts.csv", "facts.parquet"] {
        let path = w.path(name);
        touchstone::facts::io::write(&l.facts, &path).expect("write facts");
        let back = touchstone::facts::io::read(&[path]).expect("read facts");
        assert_eq!(back.as_of, l.facts.as_of, "{name}");
        assert_eq!((back.quiet_days, back.dark_days), (l.facts.quiet_days, l.facts.dark_days), "{name}");
        assert_eq!(back.prospects.len(), l.facts.prospects.len());
        for (a, b) in back.prospects.iter().zip(&l.facts.prospects) {
            assert_eq!(a, b, "{name}: {}", b.prospect_id);
        }
        assert_eq!(back, l.facts, "{name}");
    }
}
