//! docs/metrics.md §1, the canonical touch log, with the ingest rules of §8.2–§8.4:
//! spellings normalised case-insensitively, direction derived, timestamps
//! normalised to UTC, exact duplicates counted once, events after the as-of
//! instant `T` cut and counted, bad rows rejected with their row and column.
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//!
//! Unless a test says otherwise, `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30` and every channel is a touch channel.

use touchstone::facts::FactsParams;
use touchstone::model::{Channel, Status};
use touchstone::pipeline::Loaded;

use crate::common::{self, get, ts, T};

/// 2026-03-01T00:00:00Z in µs since the epoch, by hand: 1970→2026 is 56
/// years with 14 leap days (1972..2024) = 20454 days, + 31 (Jan) + 28 (Feb)
/// = 20513 days; × 86 400 s = 1 772 323 200 s.
const MAR1_MIDNIGHT_US: i64 = 1_772_323_200_000_000;
/// 2026-03-01T10:00:00Z: + 10 h = 36 000 s.
const MAR1_10H_US: i64 = 1_772_359_200_000_000;
const DAY_US: i64 = 86_400_000_000;

fn ids(l: &Loaded) -> Vec<&str> {
    l.facts.prospects.iter().map(|p| p.prospect_id.as_str()).collect()
}

#[test]
fn exact_duplicates_counted_once_first_copy_kept_before_as_of_cut() {
    // Data rows (1-based):
    //  1 a 03-01 10:00 out email none r1   kept
    //  2 a 03-01 10:00 out call  none r2   kept (different content)
    //  3 a same as 1 after normalisation (" OUT ", "EMAIL", "None") → duplicate
    //  4 a same as 1                                               → duplicate
    //  5 a 04-02 out call r1: used, after T
    //  6 a copy of 5: duplicate (duplicates are removed before the cut, §8.3)
    //  7 missing prospect id → rejected
    //  8 b 03-02 in email replied       kept
    //  9 b same with empty direction (replied → in) → duplicate
    // rows_read 9, rejected 1, duplicates 4, rows_used 4 (1, 2, 5, 8),
    // after_as_of 1 (5), events 3. 9 = 4 + 4 + 1.
    // First copy kept: a's tied touches stay in the order row 1 (email, r1),
    // row 2 (call, r2) → first_channel email, last_rep r2. Had row 3 or 4
    // been kept instead of row 1, the order would be call, email → last_rep r1.
    let body = "\
a,2026-03-01T10:00:00Z,out,email,none,r1
a,2026-03-01T10:00:00Z,out,call,none,r2
a,2026-03-01T10:00:00Z, OUT ,EMAIL,None,r1
a,2026-03-01T10:00:00Z,out,email,none,r1
a,2026-04-02T10:00:00Z,out,call,none,r1
a,2026-04-02T10:00:00Z,out,call,none,r1
,2026-03-01T10:00:00Z,out,call,none,r1
b,2026-03-02T10:00:00Z,in,email,replied,
b,2026-03-02T10:00:00Z,,email,replied,
";
    let l = common::load(body, &common::as_of(T));
    let rc = l.ingest.rows.expect("row counts");
    assert_eq!(rc.rows_read, 9);
    assert_eq!(rc.rejected, 1);
    assert_eq!(rc.duplicates, 4);
    assert_eq!(rc.rows_used, 4);
    assert_eq!(rc.after_as_of, 1);
    assert_eq!(rc.events, 3);
    assert_eq!(rc.rows_read, rc.rows_used + rc.duplicates + rc.rejected);
    let a = get(&l, "a");
    assert_eq!(a.n_events, 2);
    assert_eq!(a.n_touches, 2);
    assert_eq!(a.first_channel, Some(Channel::Email));
    assert_eq!(a.last_rep.as_deref(), Some("r2"));
    let b = get(&l, "b");
    assert_eq!(b.n_events, 1);
    assert_eq!(b.n_touches, 0);
    assert_eq!(b.r, Some(0));
}

#[test]
fn events_after_as_of_are_ignored_and_counted_ts_equal_t_counts() {
    // T = 2026-03-31T00:00:00Z.
    // a: 03-01 (in), exactly T (in, §8.4), T + 1 µs (after). b: only 04-01 (after).
    // → a: n = 2, last touch = T; b is not a prospect (§8.14).
    // rows_used 4, after_as_of 2, events 2, prospects 1.
    let body = "\
a,2026-03-01T10:00:00Z,out,call,none,r1
a,2026-03-31T00:00:00Z,out,call,none,r1
a,2026-03-31T00:00:00.000001Z,out,call,none,r1
b,2026-04-01T00:00:00Z,out,call,none,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    assert_eq!(l.facts.as_of, Some(MAR1_MIDNIGHT_US + 30 * DAY_US));
    assert_eq!(ids(&l), vec!["a"]);
    let a = get(&l, "a");
    assert_eq!(a.n_touches, 2);
    assert_eq!(a.last_touch_ts, Some(MAR1_MIDNIGHT_US + 30 * DAY_US));
    let rc = l.ingest.rows.unwrap();
    assert_eq!((rc.rows_used, rc.after_as_of, rc.events), (4, 2, 2));
    let an = common::analyze(body, &params);
    assert_eq!(an.counts.prospects, 1);
    assert_eq!(an.counts.after_as_of, Some(2));
    assert_eq!(an.counts.events, Some(2));
}

#[test]
fn date_only_as_of_means_end_of_day_and_default_as_of_is_latest_ts() {
    // as_of "2026-03-31" → T = 2026-03-31T23:59:59.999999Z
    //   = 03-01 00:00 + 31 days - 1 µs.
    // a: 03-31 23:59:59.999999 counts (ts == T); 04-01 00:00 is after.
    let body = "\
a,2026-03-01T10:00:00Z,out,call,none,r1
a,2026-03-31T23:59:59.999999Z,out,call,none,r1
a,2026-04-01T00:00:00Z,out,call,none,r1
";
    let t_end = MAR1_MIDNIGHT_US + 31 * DAY_US - 1;
    let l = common::load(body, &common::as_of("2026-03-31"));
    assert_eq!(l.facts.as_of, Some(t_end));
    assert_eq!(get(&l, "a").n_touches, 2);
    assert_eq!(get(&l, "a").last_touch_ts, Some(t_end));
    assert_eq!(l.ingest.rows.unwrap().after_as_of, 1);

    // No as_of: T = latest valid ts = 04-01 00:00 = 03-01 + 31 days; all count.
    let l = common::load(body, &FactsParams::default());
    assert_eq!(l.facts.as_of, Some(MAR1_MIDNIGHT_US + 31 * DAY_US));
    assert_eq!(get(&l, "a").n_touches, 3);
    assert_eq!(l.ingest.rows.unwrap().after_as_of, 0);
}

#[test]
fn direction_derived_and_spellings_normalised_case_insensitively() {
    // a (rows 1..9):
    //  1 ""        email replied  → derived in (replied)      response, not touch
    //  2 sideways  email replied  → unknown → derived in
    //  3 Inbound   sms   none     → in
    //  4 OUTGOING  EMAIL none r1  → out, email: touch 1
    //  5 out       " Call " No_Answer r1 → call: touch 2
    //  6 ""        fax   none r1  → derived out; channel other (unknown "fax"): touch 3
    //  7 out       call  maybe r1 → outcome none (unknown "maybe"): touch 4
    //  8 Incoming  FAX   ""       → in, other (unknown "fax" again)
    //  9 sideways  call  none r2  → derived out: touch 5
    //  n = 5, first channel email, R = 0 (row 1 is an inbound response; had
    //  it been read as out, it would be a touch and R = 1), last rep r2.
    // b: out call " CONNECTED " 03-01 → touch and response, R = 1;
    //    out email WON 03-02 → outbound won: touch, K = 2.
    // unknown channels: 2 ("fax" ×2, any case); unknown outcomes: 1 ("maybe").
    // Touch-channel restrictions: email → {row 4}; other → {row 6};
    //   call → {rows 5, 7, 9}.
    let body = "\
a,2026-03-01T10:00:00Z,,email,replied,
a,2026-03-02T10:00:00Z,sideways,email,replied,
a,2026-03-03T10:00:00Z,Inbound,sms,none,
a,2026-03-04T10:00:00Z,OUTGOING,EMAIL,none,r1
a,2026-03-05T10:00:00Z,out, Call ,No_Answer,r1
a,2026-03-06T10:00:00Z,,fax,none,r1
a,2026-03-07T10:00:00Z,out,call,maybe,r1
a,2026-03-08T10:00:00Z,Incoming,FAX,,
a,2026-03-09T10:00:00Z,sideways,call,none,r2
b,2026-03-01T10:00:00Z,out,call, CONNECTED ,r1
b,2026-03-02T10:00:00Z,out,email,WON,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    let a = get(&l, "a");
    assert_eq!(a.n_events, 9);
    assert_eq!(a.n_touches, 5);
    assert_eq!(a.first_channel, Some(Channel::Email));
    assert_eq!(a.first_touch_ts, Some(ts("2026-03-04T10:00:00Z")));
    assert_eq!(a.r, Some(0));
    assert_eq!(a.first_response_ts, Some(ts("2026-03-01T10:00:00Z")));
    assert_eq!(a.last_rep.as_deref(), Some("r2"));
    let b = get(&l, "b");
    assert_eq!((b.r, b.k, b.n_touches), (Some(1), Some(2), 2));
    assert_eq!(b.status, Some(Status::Converted));

    let uc = &l.ingest.unknown_channels;
    assert_eq!(uc.values().sum::<u64>(), 2, "{uc:?}");
    assert!(uc.keys().all(|k| k.trim().eq_ignore_ascii_case("fax")), "{uc:?}");
    let uo = &l.ingest.unknown_outcomes;
    assert_eq!(uo.values().sum::<u64>(), 1, "{uo:?}");
    assert!(uo.keys().all(|k| k.trim().eq_ignore_ascii_case("maybe")), "{uo:?}");
    let an = common::analyze(body, &params);
    assert_eq!(an.counts.unknown_channels.values().sum::<u64>(), 2);
    assert_eq!(an.counts.unknown_outcomes.values().sum::<u64>(), 1);

    let only = |c: &str| FactsParams {
        touch_channels: touchstone::config::touch_channels(&[c.to_string()]).unwrap(),
        ..params
    };
    assert_eq!(get(&common::load(body, &only("email")), "a").n_touches, 1);
    assert_eq!(get(&common::load(body, &only("other")), "a").n_touches, 1);
    assert_eq!(get(&common::load(body, &only("call")), "a").n_touches, 3);
}

#[test]
fn timestamps_z_offset_naive_and_date_only_normalise_to_utc() {
    // All of a..f are the instant 2026-03-01T10:00:00Z = 1 772 359 200 s:
    //   a `Z`; b `12:00+02:00`; c naive (UTC); d `04:30-05:30`;
    //   e naive with a space separator.
    // f: date-only → midnight UTC = 1 772 323 200 s.
    // g: `10:00:00.123456Z` → + 123 456 µs.
    let body = "\
a,2026-03-01T10:00:00Z,out,call,none,r1
b,2026-03-01T12:00:00+02:00,out,call,none,r1
c,2026-03-01T10:00:00,out,call,none,r1
d,2026-03-01T04:30:00-05:30,out,call,none,r1
e,2026-03-01 10:00:00,out,call,none,r1
f,2026-03-01,out,call,none,r1
g,2026-03-01T10:00:00.123456Z,out,call,none,r1
";
    let l = common::load(body, &common::as_of(T));
    assert_eq!(l.ingest.rows.unwrap().rejected, 0);
    for id in ["a", "b", "c", "d", "e"] {
        assert_eq!(get(&l, id).first_touch_ts, Some(MAR1_10H_US), "prospect {id}");
    }
    assert_eq!(get(&l, "f").first_touch_ts, Some(MAR1_MIDNIGHT_US));
    assert_eq!(get(&l, "g").first_touch_ts, Some(MAR1_10H_US + 123_456));
    // f: T - 03-01 00:00 = 30 d exactly → abandoned; a: 29 d 14 h → open.
    assert_eq!(get(&l, "f").status, Some(Status::Abandoned));
    assert_eq!(get(&l, "a").status, Some(Status::Open));
}

#[test]
fn rejects_name_row_and_column_and_strict_fails() {
    // Data rows: 1 ok; 2 missing prospect id; 3 unparseable ts; 4 Feb 30
    // (out of range); 5 empty ts; 6 blank (spaces) prospect id; 7 ok.
    // rows_read 7, rejected 5, rows_used 2.
    let body = "\
a,2026-03-01T10:00:00Z,out,call,none,r1
,2026-03-01T10:00:00Z,out,call,none,r1
b,not-a-time,out,call,none,r1
c,2026-02-30T10:00:00Z,out,call,none,r1
d,,out,call,none,r1
   ,2026-03-02T10:00:00Z,out,call,none,r1
e,2026-03-03T10:00:00Z,out,call,none,r1
";
    let w = common::Work::new();
    let log = w.file("log.csv", &format!("{}\n{body}", common::HEADER));
    let rejects = w.path("rejects.csv");
    let mut input = common::input_for(std::slice::from_ref(&log));
    input.rejects = Some(rejects.clone());
    let params = common::as_of(T);
    let l = touchstone::pipeline::load_events(&input, &params).expect("non-strict load succeeds");
    let rc = l.ingest.rows.unwrap();
    assert_eq!((rc.rows_read, rc.rejected, rc.rows_used, rc.duplicates), (7, 5, 2, 0));
    assert_eq!(ids(&l), vec!["a", "e"]);

    let mut rdr = csv::Reader::from_path(&rejects).expect("rejects file written");
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, vec!["source", "row", "column", "reason", "value", "kind"]);
    let recs: Vec<Vec<String>> = rdr.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let got: Vec<(String, String)> = recs.iter().map(|r| (r[1].clone(), r[2].clone())).collect();
    let want: Vec<(String, String)> = [(2, "prospect_id"), (3, "ts"), (4, "ts"), (5, "ts"), (6, "prospect_id")]
        .iter()
        .map(|(r, c)| (r.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(recs[1][4], "not-a-time");
    assert!(recs.iter().all(|r| r[0].ends_with("log.csv")), "{recs:?}");
    assert!(recs.iter().all(|r| !r[3].is_empty()), "every reject has a reason");

    input.strict = true;
    match touchstone::pipeline::load_events(&input, &params) {
        Err(touchstone::Error::Strict { count, first }) => {
            assert_eq!(count, 5);
            assert!(first.contains("row 2"), "{first}");
            assert!(first.contains("prospect_id"), "{first}");
        }
        other => panic!("expected Error::Strict, got {:?}", other.map(|l| l.facts.prospects.len())),
    }
}
