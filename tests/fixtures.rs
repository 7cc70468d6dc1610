//! Hand-computed fixtures: small touch logs whose every expected number is
//! worked out by hand from METRICS.md (§1–§4, §8) in the comments. The spec
//! is the contract; a failing test here means the code (or, if argued in
//! the report, the spec reading) is wrong, never "update the expectation".
//!
//! Unless a test says otherwise, `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, every channel is a touch channel, and metric params are the defaults
//! (`cap = 15`, `horizon = 8`, `min_rep_prospects = 5`).

use touchstone::facts::FactsParams;
use touchstone::model::{Channel, Status};
use touchstone::pipeline::Loaded;

use crate::common::{self, approx_opt, close, get, km_band_by_hand, metric, ts, wilson_by_hand, Log, EPS, T, Z};

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

// ---------------------------------------------------------------- §1 / §2 facts

#[test]
fn ties_at_same_timestamp_touch_counts_in_k_and_row_order_breaks_ties() {
    // a: rows are out of time order in the file; ordering is by ts, then row.
    //   touches: email 03-01 09:00 (r1), sms 03-02 10:00 (r3, row 2), call
    //   03-02 10:00 (r2, row 3); inbound won 03-02 10:00 (row 4).
    //   c = 03-02 10:00; K = touches with ts <= c = 3 (the tied ones count).
    //   m = K = 3. Last touch by (ts, row) is row 3 → last_rep r2.
    //   First response = the inbound won (no_answer is not one) → R = 3.
    // b: two touches at the same ts: row 5 email/r2 then row 6 call/r1.
    //   (source,row) order: first_channel = email (not call, which would sort
    //   first by channel enum), last_rep = r1 (not r2, which would be last by
    //   rep string). n = 2, T - 03-05 08:00 = 25 d 16 h < 30 d → open.
    // c: the won row comes before the touch row at the same ts: K still 1.
    let body = "\
a,2026-03-02T10:00:00Z,out,sms,none,r3
a,2026-03-02T10:00:00Z,out,call,no_answer,r2
a,2026-03-02T10:00:00Z,in,email,won,
a,2026-03-01T09:00:00Z,out,email,none,r1
b,2026-03-05T08:00:00Z,out,email,none,r2
b,2026-03-05T08:00:00Z,out,call,none,r1
c,2026-03-03T12:00:00Z,in,other,won,
c,2026-03-03T12:00:00Z,out,call,none,r1
";
    let l = common::load(body, &common::as_of(T));
    let a = get(&l, "a");
    assert_eq!(a.won_ts, Some(ts("2026-03-02T10:00:00Z")));
    assert_eq!(a.k, Some(3));
    assert_eq!(a.m, 3);
    assert_eq!(a.n_touches, 3);
    assert_eq!(a.status, Some(Status::Converted));
    assert_eq!(a.first_channel, Some(Channel::Email));
    assert_eq!(a.last_rep.as_deref(), Some("r2"));
    assert_eq!(a.first_touch_ts, Some(ts("2026-03-01T09:00:00Z")));
    assert_eq!(a.r, Some(3));

    let b = get(&l, "b");
    assert_eq!(b.n_touches, 2);
    assert_eq!(b.first_channel, Some(Channel::Email));
    assert_eq!(b.last_rep.as_deref(), Some("r1"));
    assert_eq!(b.status, Some(Status::Open));
    assert_eq!(b.m, 2);

    let c = get(&l, "c");
    assert_eq!(c.k, Some(1));
    assert_eq!(c.m, 1);
    assert_eq!(c.status, Some(Status::Converted));
}

#[test]
fn conversion_without_touch_has_k0_no_status_and_is_outside_shares_and_reached() {
    // a: inbound-only won → K = 0, m = 0, no touch → status None.
    // b: 2 touches then inbound won → K = 2, m = 2, converted.
    // c: 1 touch 03-10, T - 03-10 09:00 = 20 d 15 h → open, m = 1.
    // counts: prospects 3, conversions 2 (a and b), without touch 1 (a),
    //   status converted 1 (b only: a has no status), open 1.
    // §3: reached(1) = #{m>=1} = {b,c} = 2 (a excluded), conv(1) = 0;
    //   reached(2) = {b} = 1, conv(2) = 1; reached(3) = 0.
    //   Shares divide by conversions with K >= 1 = 1 (a excluded, §8.8):
    //   share(1) = 0, share(2) = 1, cum_share(2) = 1.
    let body = "\
a,2026-03-01T10:00:00Z,in,email,won,
b,2026-03-01T09:00:00Z,out,call,none,r1
b,2026-03-02T09:00:00Z,out,call,none,r1
b,2026-03-03T09:00:00Z,in,email,won,
c,2026-03-10T09:00:00Z,out,email,none,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    let a = get(&l, "a");
    assert_eq!(a.k, Some(0));
    assert_eq!(a.m, 0);
    assert_eq!(a.n_touches, 0);
    assert_eq!(a.status, None);
    assert!(a.converted());
    assert_eq!(a.r, Some(0), "the inbound won is a response before any touch");

    let an = common::analyze(body, &params);
    assert_eq!(an.counts.prospects, 3);
    assert_eq!(an.counts.conversions, 2);
    assert_eq!(an.counts.conversions_without_touch, 1);
    assert_eq!(an.counts.status.converted, 1);
    assert_eq!(an.counts.status.open, 1);
    assert_eq!(an.counts.status.lost + an.counts.status.abandoned, 0);
    let rows = &an.conversion_by_touch;
    assert_eq!(rows.len(), 15);
    assert_eq!((rows[0].reached, rows[0].conversions), (2, 0));
    assert_eq!((rows[1].reached, rows[1].conversions), (1, 1));
    assert_eq!((rows[2].reached, rows[2].conversions), (0, 0));
    approx_opt(rows[0].share, 0.0);
    approx_opt(rows[1].share, 1.0);
    approx_opt(rows[1].cum_share, 1.0);
    let total_conv: u64 = rows.iter().map(|r| r.conversions).sum();
    assert_eq!(total_conv, 1, "K = 0 conversion appears in no row");
}

#[test]
fn converted_with_k0_and_later_touches_is_converted_with_m0() {
    // Inbound won 03-01, then touches 03-02 and 03-05: c = 03-01 10:00,
    // K = #touches <= c = 0; §8.6: status converted, m = 0. n = 2.
    // R: the first response is the inbound won (before any touch) → R = 0.
    // §3: reached(1) = #{m >= 1} = 0 → hazard null.
    let body = "\
a,2026-03-01T10:00:00Z,in,email,won,
a,2026-03-02T10:00:00Z,out,email,none,r1
a,2026-03-05T10:00:00Z,out,call,connected,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    let a = get(&l, "a");
    assert_eq!(a.k, Some(0));
    assert_eq!(a.m, 0);
    assert_eq!(a.n_touches, 2);
    assert_eq!(a.status, Some(Status::Converted));
    assert_eq!(a.r, Some(0));

    let an = common::analyze(body, &params);
    assert_eq!(an.counts.conversions, 1);
    assert_eq!(an.counts.conversions_without_touch, 1);
    assert_eq!(an.counts.status.converted, 1);
    assert_eq!(an.counts.touches, 2);
    assert_eq!(an.conversion_by_touch[0].reached, 0);
    assert_eq!(an.conversion_by_touch[0].hazard, None);
}

#[test]
fn touches_after_conversion_count_in_n_but_not_in_k_or_m() {
    // Touches: call 03-01, outbound meeting/won 03-02 (a touch, §8.1: a won
    // meeting counts in K), email 03-05, email 03-06. c = 03-02 10:00.
    // n = 4, K = 2, m = 2. An outbound `won` is not a response (§2 lists
    // only connected/replied/meeting outcomes) → R = None.
    // counts.touches = 4; §3: reached(1) = reached(2) = 1, reached(3) = 0,
    // conversions(2) = 1, hazard(2) = 1/1.
    let body = "\
a,2026-03-01T10:00:00Z,out,call,none,r1
a,2026-03-02T10:00:00Z,out,meeting,won,r1
a,2026-03-05T10:00:00Z,out,email,none,r2
a,2026-03-06T10:00:00Z,out,email,none,r2
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    let a = get(&l, "a");
    assert_eq!(a.n_touches, 4);
    assert_eq!(a.k, Some(2));
    assert_eq!(a.m, 2);
    assert_eq!(a.r, None);
    assert_eq!(a.status, Some(Status::Converted));
    assert_eq!(a.last_touch_ts, Some(ts("2026-03-06T10:00:00Z")));

    let an = common::analyze(body, &params);
    assert_eq!(an.counts.touches, 4);
    let rows = &an.conversion_by_touch;
    assert_eq!((rows[0].reached, rows[0].conversions), (1, 0));
    assert_eq!((rows[1].reached, rows[1].conversions), (1, 1));
    assert_eq!(rows[2].reached, 0);
    approx_opt(rows[1].hazard, 1.0);
}

#[test]
fn bounced_events_are_neither_touches_nor_responses() {
    // a: outbound bounced 03-01 (no touch), inbound bounced 03-02 (no
    // response), outbound email 03-03 (touch 1), inbound replied 03-04.
    //   n = 1, first_touch = 03-03, first response = 03-04, R = 1.
    //   T - 03-03 10:00 = 27 d 14 h → open. n_events = 4.
    // b: only an outbound bounced: no touch → status None, but a prospect.
    let body = "\
a,2026-03-01T10:00:00Z,out,email,bounced,r1
a,2026-03-02T10:00:00Z,in,email,bounced,
a,2026-03-03T10:00:00Z,out,email,none,r1
a,2026-03-04T10:00:00Z,in,email,replied,
b,2026-03-20T10:00:00Z,out,email,bounced,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    let a = get(&l, "a");
    assert_eq!(a.n_events, 4);
    assert_eq!(a.n_touches, 1);
    assert_eq!(a.first_touch_ts, Some(ts("2026-03-03T10:00:00Z")));
    assert_eq!(a.first_response_ts, Some(ts("2026-03-04T10:00:00Z")));
    assert_eq!(a.r, Some(1));
    assert_eq!(a.status, Some(Status::Open));
    let b = get(&l, "b");
    assert_eq!(b.n_touches, 0);
    assert_eq!(b.status, None);
    assert_eq!(b.r, None);
    assert_eq!(b.first_response_ts, None);

    let an = common::analyze(body, &params);
    assert_eq!(an.counts.prospects, 2);
    assert_eq!(an.counts.touches, 1);
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
fn open_vs_abandoned_at_exact_quiet_days_boundary() {
    // T = 03-31 00:00. quiet_days = 30 → 30 d = 2 592 000 000 000 µs.
    // a: last touch 03-01 00:00 → T - last = 30 d exactly → abandoned (>=).
    // b: last touch 03-01 00:00:00.000001 → 30 d - 1 µs → open.
    // c: last touch 02-28 12:00 → 30.5 d → abandoned.
    // d: first touch 01-01, last 03-02 → 29 d → open (the last touch decides).
    let body = "\
a,2026-03-01T00:00:00Z,out,call,none,r1
b,2026-03-01T00:00:00.000001Z,out,call,none,r1
c,2026-02-28T12:00:00Z,out,call,none,r1
d,2026-01-01T00:00:00Z,out,call,none,r1
d,2026-03-02T00:00:00Z,out,call,none,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    assert_eq!(get(&l, "a").status, Some(Status::Abandoned));
    assert_eq!(get(&l, "b").status, Some(Status::Open));
    assert_eq!(get(&l, "c").status, Some(Status::Abandoned));
    assert_eq!(get(&l, "d").status, Some(Status::Open));
    let an = common::analyze(body, &params);
    assert_eq!(an.counts.status.abandoned, 2);
    assert_eq!(an.counts.status.open, 2);
    assert_eq!(an.give_up.given_up, 2);

    // quiet_days = 29: d's gap is exactly 29 d → abandoned; b (30 d - 1 µs) too.
    let l = common::load(body, &FactsParams { quiet_days: 29, ..params });
    assert_eq!(get(&l, "b").status, Some(Status::Abandoned));
    assert_eq!(get(&l, "d").status, Some(Status::Abandoned));
}

#[test]
fn lost_and_opted_out_in_either_direction_and_converted_beats_lost() {
    // a: call 03-01, outbound email `lost` 03-02 (a touch, §8.1) → lost, n = 2.
    // b: call 03-25, inbound opted_out 03-26 → lost although recent (not
    //    open); the inbound opted_out is a response → R = 1.
    // c: outbound opted_out 03-20 only → a touch, lost, n = 1; not a response.
    // d: call 03-01, inbound lost 03-02, inbound won 03-05 → converted, K = 1.
    // e: inbound opted_out only → no touch → no status; R = 0.
    // status counts: converted 1, lost 3; given_up 3 with n = 2, 1, 1.
    let body = "\
a,2026-03-01T10:00:00Z,out,call,none,r1
a,2026-03-02T10:00:00Z,out,email,lost,r1
b,2026-03-25T10:00:00Z,out,call,none,r1
b,2026-03-26T10:00:00Z,in,email,opted_out,
c,2026-03-20T10:00:00Z,out,email,opted_out,r2
d,2026-03-01T10:00:00Z,out,call,none,r1
d,2026-03-02T10:00:00Z,in,email,lost,
d,2026-03-05T10:00:00Z,in,email,won,
e,2026-03-10T10:00:00Z,in,email,opted_out,
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    let a = get(&l, "a");
    assert_eq!((a.status, a.n_touches), (Some(Status::Lost), 2));
    let b = get(&l, "b");
    assert_eq!((b.status, b.n_touches, b.r), (Some(Status::Lost), 1, Some(1)));
    assert_eq!(b.first_response_ts, Some(ts("2026-03-26T10:00:00Z")));
    let c = get(&l, "c");
    assert_eq!((c.status, c.n_touches, c.r), (Some(Status::Lost), 1, None));
    let d = get(&l, "d");
    assert_eq!((d.status, d.k, d.m), (Some(Status::Converted), Some(1), 1));
    let e = get(&l, "e");
    assert_eq!((e.status, e.n_touches, e.r), (None, 0, Some(0)));

    let an = common::analyze(body, &params);
    assert_eq!(an.counts.status.converted, 1);
    assert_eq!(an.counts.status.lost, 3);
    assert_eq!(an.counts.status.abandoned + an.counts.status.open, 0);
    assert_eq!(an.give_up.given_up, 3);
    // Distribution: n = 1 → {b, c}, n = 2 → {a}.
    assert_eq!(an.give_up.distribution[0].count, 2);
    assert_eq!(an.give_up.distribution[1].count, 1);
}

#[test]
fn first_response_touch_r_connected_call_prospect_first_and_not_cut_at_c() {
    // a: email 03-01, email 03-02, call `connected` 03-03 (a touch and a
    //    response), inbound replied 03-04 → first response 03-03, R = 3.
    // b: inbound replied 03-01 before any touch, call 03-02 → R = 0.
    // c: call 03-01, outbound meeting/won 03-02 (touch, not a response),
    //    email 03-03, inbound replied 03-04. K = 2 but R counts touches up to
    //    the first response among all events up to T (§8.5) → R = 3.
    // d: two touches, no response → R = None.
    // e: call 03-01 10:00 and an inbound sms replied at the same instant,
    //    the reply in the earlier row: touches with ts <= 10:00 → R = 1.
    let body = "\
a,2026-03-01T10:00:00Z,out,email,none,r1
a,2026-03-02T10:00:00Z,out,email,none,r1
a,2026-03-03T10:00:00Z,out,call,connected,r1
a,2026-03-04T10:00:00Z,in,email,replied,
b,2026-03-01T10:00:00Z,in,email,replied,
b,2026-03-02T10:00:00Z,out,call,none,r1
c,2026-03-01T10:00:00Z,out,call,none,r1
c,2026-03-02T10:00:00Z,out,meeting,won,r1
c,2026-03-03T10:00:00Z,out,email,none,r1
c,2026-03-04T10:00:00Z,in,email,replied,
d,2026-03-01T10:00:00Z,out,call,none,r1
d,2026-03-02T10:00:00Z,out,call,none,r1
e,2026-03-01T10:00:00Z,in,sms,replied,
e,2026-03-01T10:00:00Z,out,call,none,r1
";
    let l = common::load(body, &common::as_of(T));
    let a = get(&l, "a");
    assert_eq!(a.r, Some(3));
    assert_eq!(a.first_response_ts, Some(ts("2026-03-03T10:00:00Z")));
    assert_eq!(get(&l, "b").r, Some(0));
    let c = get(&l, "c");
    assert_eq!((c.k, c.r), (Some(2), Some(3)));
    assert_eq!(c.first_response_ts, Some(ts("2026-03-04T10:00:00Z")));
    assert_eq!(get(&l, "d").r, None);
    assert_eq!(get(&l, "e").r, Some(1));
}

#[test]
fn inbound_only_prospect_has_no_status_m0_but_is_a_prospect() {
    // e: one inbound reply, no touch: status None, m = n = 0, R = 0,
    // counted in prospects; f: a touch 03-20 → open (11 d < 30).
    // §3 reached(1) = #{m >= 1} = 1 (f only).
    let body = "\
e,2026-03-10T10:00:00Z,in,email,replied,
f,2026-03-20T10:00:00Z,out,call,none,r1
";
    let params = common::as_of(T);
    let l = common::load(body, &params);
    let e = get(&l, "e");
    assert_eq!((e.status, e.m, e.n_touches, e.k, e.r), (None, 0, 0, None, Some(0)));
    assert_eq!(e.first_touch_ts, None);
    assert_eq!(e.first_channel, None);
    assert_eq!(e.last_rep, None);
    let an = common::analyze(body, &params);
    assert_eq!(an.counts.prospects, 2);
    assert_eq!(an.counts.status.open, 1);
    assert_eq!(an.conversion_by_touch[0].reached, 1);
}

// ---------------------------------------------------------------- §3

/// p1..p4 converted at K = 1, 2, 3, 5; p5 open with 4 March touches, p6
/// open with 1; p7 an inbound-only won (K = 0).
fn cap_fixture() -> String {
    Log::new()
        .converted_at("p1", 1)
        .converted_at("p2", 2)
        .converted_at("p3", 3)
        .converted_at("p4", 5)
        .touches("p5", "2026-03", 4, "r1")
        .touches("p6", "2026-03", 1, "r1")
        .row("p7", "2026-03-05T10:00:00Z", "in", "email", "won", "")
        .body()
}

#[test]
fn cap_row_aggregates_k_at_least_cap_over_m_at_least_cap() {
    // cap = 3. p1..p4 converted at K = 1, 2, 3, 5 (m = K); p5 open n = 4;
    // p6 open n = 1 (T - 03-01 10:00 = 29 d 14 h); p7 inbound-only won (K = 0).
    // k=1: reached #{m>=1} = p1..p6 = 6, conv 1 (p1)          h = 1/6
    // k=2: reached #{m>=2} = p2,p3,p4,p5 = 4, conv 1 (p2)      h = 1/4
    // 3+ : reached #{m>=3} = p3,p4,p5 = 3, conv #{K>=3} = 2    h = 2/3
    // conversions with K >= 1 = 4 (p7 excluded, p4 beyond the cap included):
    // share 1/4, 1/4, 2/4; cum 1/4, 1/2, 1.
    let body = cap_fixture();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(3, 8, 5));
    let rows = &an.conversion_by_touch;
    assert_eq!(rows.len(), 3);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, vec!["1", "2", "3+"]);
    assert_eq!(rows.iter().map(|r| r.k).collect::<Vec<_>>(), vec![1, 2, 3]);
    let rc: Vec<(u64, u64)> = rows.iter().map(|r| (r.reached, r.conversions)).collect();
    assert_eq!(rc, vec![(6, 1), (4, 1), (3, 2)]);
    approx_opt(rows[0].hazard, 1.0 / 6.0);
    approx_opt(rows[1].hazard, 1.0 / 4.0);
    approx_opt(rows[2].hazard, 2.0 / 3.0);
    approx_opt(rows[0].share, 0.25);
    approx_opt(rows[1].share, 0.25);
    approx_opt(rows[2].share, 0.5);
    approx_opt(rows[0].cum_share, 0.25);
    approx_opt(rows[1].cum_share, 0.5);
    approx_opt(rows[2].cum_share, 1.0);
    assert_eq!(an.counts.conversions, 5);
    assert_eq!(an.counts.conversions_without_touch, 1);
}

#[test]
fn hazard_wilson_interval_and_km_with_greenwood_band() {
    // Same fixture as the cap test (cap = 3): steps (n, d) = (6,1), (4,1), (3,2).
    // Wilson for 1/6, z = 1.959963984540054 (closed form, also by calculator):
    //   centre = (1/6 + z²/12) / (1 + z²/6), half = z √(5/216 + z²/144) / (1 + z²/6)
    //   → [0.030053369748, 0.563502822186].  Wilson 2/3 → [0.207659600802, 0.938508055280].
    // KM: S1 = 5/6, S2 = 5/6·3/4 = 5/8, S3 = 5/8·1/3 = 5/24;
    //   km = 1/6, 3/8, 19/24.
    // Greenwood V: 1/(6·5) = 1/30; + 1/(4·3) → 7/60; + 2/(3·1) → 47/60.
    // Band (lifelines log-log on S, km_lo = 1 - upper(S)):
    //   row1 [0.025287573309, 0.726877150072]
    //   row2 [0.106949395501, 0.858146610068]
    //   row3 [0.404938150962, 0.991262525851]
    let body = cap_fixture();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(3, 8, 5));
    let rows = &an.conversion_by_touch;

    let (lo, hi) = wilson_by_hand(1.0, 6.0);
    close(lo, 0.030053369748306635, 1e-12);
    close(hi, 0.5635028221864702, 1e-12);
    common::close_opt(rows[0].hazard_lo, 0.030053369748306635, 1e-9);
    common::close_opt(rows[0].hazard_hi, 0.5635028221864702, 1e-9);
    common::close_opt(rows[2].hazard_lo, 0.2076596008020477, 1e-9);
    common::close_opt(rows[2].hazard_hi, 0.9385080552796037, 1e-9);
    common::close_opt(rows[1].hazard_lo, wilson_by_hand(1.0, 4.0).0, 1e-9);
    common::close_opt(rows[1].hazard_hi, wilson_by_hand(1.0, 4.0).1, 1e-9);

    common::close(rows[0].km, 1.0 / 6.0, EPS);
    common::close(rows[1].km, 3.0 / 8.0, EPS);
    common::close(rows[2].km, 19.0 / 24.0, EPS);
    // km = 1 - prod(1 - h)
    let prod: f64 = rows.iter().map(|r| 1.0 - r.hazard.unwrap()).product();
    common::close(rows[2].km, 1.0 - prod, EPS);

    let expected = [
        (5.0 / 6.0, 1.0 / 30.0, (0.02528757330910647, 0.7268771500716442)),
        (5.0 / 8.0, 7.0 / 60.0, (0.10694939550142224, 0.858146610068345)),
        (5.0 / 24.0, 47.0 / 60.0, (0.4049381509624298, 0.9912625258513101)),
    ];
    for (row, (s, v, (lo, hi))) in rows.iter().zip(expected) {
        let (blo, bhi) = km_band_by_hand(s, v);
        close(blo, lo, 1e-12);
        close(bhi, hi, 1e-12);
        close(row.km_lo, lo, 1e-9);
        close(row.km_hi, hi, 1e-9);
        assert!(row.km_lo <= row.km && row.km <= row.km_hi);
    }
}

#[test]
fn km_band_rules_zero_events_full_events_and_nobody_at_risk() {
    // b: 2 touches then won → K = 2; c: 1 open touch.
    // Row 1: (n, d) = (2, 0): h = 0, S = 1 → km 0, band [0, 0] (§8.9);
    //   Wilson 0/2: lo exactly 0, hi = 0.657619772493.
    // Row 2: (1, 1): h = 1, S = 0 → km 1, band [1, 1]; Wilson hi exactly 1,
    //   lo = 1/(1 + z²) = 0.206543291474.
    // Row 3: (0, 0): hazard null, Wilson null, km and band repeat row 2.
    let body = "\
b,2026-03-01T09:00:00Z,out,call,none,r1
b,2026-03-02T09:00:00Z,out,call,none,r1
b,2026-03-03T09:00:00Z,in,email,won,
c,2026-03-10T09:00:00Z,out,email,none,r1
";
    let an = common::analyze(body, &common::as_of(T));
    let rows = &an.conversion_by_touch;
    let r1 = &rows[0];
    approx_opt(r1.hazard, 0.0);
    assert_eq!(r1.hazard_lo, Some(0.0));
    common::close_opt(r1.hazard_hi, 0.6576197724933469, 1e-9);
    assert_eq!((r1.km, r1.km_lo, r1.km_hi), (0.0, 0.0, 0.0));
    let r2 = &rows[1];
    approx_opt(r2.hazard, 1.0);
    assert_eq!(r2.hazard_hi, Some(1.0));
    common::close_opt(r2.hazard_lo, 1.0 / (1.0 + Z * Z), 1e-9);
    assert_eq!((r2.km, r2.km_lo, r2.km_hi), (1.0, 1.0, 1.0));
    for r in &rows[2..] {
        assert_eq!((r.reached, r.conversions), (0, 0));
        assert_eq!((r.hazard, r.hazard_lo, r.hazard_hi), (None, None, None));
        assert_eq!((r.km, r.km_lo, r.km_hi), (1.0, 1.0, 1.0));
    }
}

#[test]
fn km_null_hazard_row_is_factor_one_and_repeats_band() {
    // cap = 4. p1 converted at K = 1; p2 open with n = 1. Nobody has m >= 2.
    // Rows: (2,1) h = 1/2 → km 1/2, V = 1/(2·1) = 1/2; rows 2, 3, 4+ have
    // reached 0 → null hazard, factor 1: km stays 1/2 with the same band.
    // Band for S = 1/2, V = 1/2: computed in closed form by km_band_by_hand.
    let body = Log::new().converted_at("p1", 1).touches("p2", "2026-03", 1, "r1").body();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(4, 8, 5));
    let rows = &an.conversion_by_touch;
    assert_eq!(rows.len(), 4);
    let (lo, hi) = km_band_by_hand(0.5, 0.5);
    for r in rows {
        common::close(r.km, 0.5, EPS);
        common::close(r.km_lo, lo, 1e-9);
        common::close(r.km_hi, hi, 1e-9);
    }
    assert!(rows[1..].iter().all(|r| r.hazard.is_none() && r.reached == 0));
    assert_eq!(rows[3].label, "4+");
}

// ---------------------------------------------------------------- §4

#[test]
fn give_up_distribution_cap_row_and_per_rep_table() {
    // cap = 3, min_rep_prospects = 2. January touches are > 30 d before T.
    // g1 n=1 rep A (abandoned)      g2 n=2 rep A (abandoned)
    // g3 n=4 rep A, March + inbound lost → lost (given up)
    // g4 n=3 rep B (abandoned)      g5 n=5 reps A,A,A,A,B → last rep B (abandoned)
    // g6 n=1 rep C (abandoned)      g7 n=2 reps A,"" → last touch has no rep:
    //                                  in the distribution, not in by_rep
    // o1 n=1 rep A 03-25 → open (not given up); cv: converted rep B.
    // given_up = 7: n = 1,2,4,3,5,1,2.
    // Distribution: n=1 → 2 (g1,g6), n=2 → 2 (g2,g7), 3+ → 3 (g3,g4,g5);
    //   share 2/7, 2/7, 3/7; cum 2/7, 4/7, 1.
    // by_rep (sorted): A: [1,2,4] → 3, median 2, share n<=2 = 2/3
    //                  B: [3,5]   → 2, median (3+5)/2 = 4, share 0
    //                  C: [1]     → 1, median 1, share 1
    // Reps share: eligible (>= 2 given up) A, B; median <= 2: A → 1/2.
    let body = Log::new()
        .touches("g1", "2026-01", 1, "A")
        .touches("g2", "2026-01", 2, "A")
        .touches("g3", "2026-03", 4, "A")
        .row("g3", "2026-03-05T10:00:00Z", "in", "email", "lost", "")
        .touches("g4", "2026-01", 3, "B")
        .touches_by("g5", "2026-01", &["A", "A", "A", "A", "B"])
        .touches("g6", "2026-01", 1, "C")
        .touches_by("g7", "2026-01", &["A", ""])
        .row("o1", "2026-03-25T10:00:00Z", "out", "call", "none", "A")
        .touches("cv", "2026-03", 2, "B")
        .row("cv", "2026-03-02T12:00:00Z", "in", "email", "won", "")
        .body();
    let params = common::as_of(T);
    let an = common::analyze_with(&body, &params, &metric(3, 8, 2));
    assert_eq!(an.counts.status.abandoned, 6);
    assert_eq!(an.counts.status.lost, 1);
    assert_eq!(an.counts.status.open, 1);
    assert_eq!(an.counts.status.converted, 1);
    let g = &an.give_up;
    assert_eq!(g.given_up, 7);
    let d = &g.distribution;
    assert_eq!(d.len(), 3);
    assert_eq!(d.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), vec!["1", "2", "3+"]);
    assert_eq!(d.iter().map(|r| r.n).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(d.iter().map(|r| r.count).collect::<Vec<_>>(), vec![2, 2, 3]);
    approx_opt(d[0].share, 2.0 / 7.0);
    approx_opt(d[1].share, 2.0 / 7.0);
    approx_opt(d[2].share, 3.0 / 7.0);
    approx_opt(d[0].cum_share, 2.0 / 7.0);
    approx_opt(d[1].cum_share, 4.0 / 7.0);
    approx_opt(d[2].cum_share, 1.0);

    let reps: Vec<&str> = g.by_rep.iter().map(|r| r.rep_id.as_str()).collect();
    assert_eq!(reps, vec!["A", "B", "C"]);
    let (a, b, c) = (&g.by_rep[0], &g.by_rep[1], &g.by_rep[2]);
    assert_eq!(a.given_up, 3);
    common::close(a.median_n, 2.0, EPS);
    common::close(a.share_after_one_followup, 2.0 / 3.0, EPS);
    assert_eq!(b.given_up, 2);
    common::close(b.median_n, 4.0, EPS);
    common::close(b.share_after_one_followup, 0.0, EPS);
    assert_eq!(c.given_up, 1);
    common::close(c.median_n, 1.0, EPS);
    common::close(c.share_after_one_followup, 1.0, EPS);
    let total_in_reps: u64 = g.by_rep.iter().map(|r| r.given_up).sum();
    assert_eq!(total_in_reps, 6, "g7 (last touch without rep) is left out");

    let q = &g.reps_after_one_followup;
    assert_eq!((q.reps, q.reps_median_le_2, q.min_rep_prospects), (2, 1, 2));
    approx_opt(q.share, 0.5);

    // Default min_rep_prospects = 5: no rep qualifies → share null.
    let an = common::analyze_with(&body, &params, &metric(3, 8, 5));
    let q = &an.give_up.reps_after_one_followup;
    assert_eq!((q.reps, q.reps_median_le_2, q.share), (0, 0, None));
    assert_eq!(an.give_up.by_rep.len(), 3, "by_rep lists every rep regardless");
}

#[test]
fn left_on_table_uses_exact_hazards_up_to_horizon() {
    // horizon = 4, cap = 2 (so the capped row 2+ differs from the exact hazards).
    // c1, c2, c3 converted at K = 1, 2, 3; g1 n=1, g2 n=2, g3 n=5 abandoned
    // (January); o1 open n = 4 (March 1..4); x inbound-only won (m = 0).
    // m: c1 1, c2 2, c3 3, g1 1, g2 2, g3 5, o1 4, x 0.
    // h(1) = 1/7 (reached c1,c2,c3,g1,g2,g3,o1)
    // h(2) = 1/5 (c2,c3,g2,g3,o1)     h(3) = 1/3 (c3,g3,o1)
    // h(4) = 0/2 (g3,o1)
    // g1 (n=1): 1 - (1-1/5)(1-1/3)(1-0) = 1 - 8/15 = 7/15
    // g2 (n=2): 1 - (1-1/3)(1-0)       = 1/3 = 5/15
    // g3 (n=5 >= 4): excluded.  Sum = 12/15 = 0.8 over 2 prospects.
    // (With the capped 2+ hazard 2/5 instead: 1 - 0.6³ + 1 - 0.6² = 1.424.)
    let body = Log::new()
        .converted_at("c1", 1)
        .converted_at("c2", 2)
        .converted_at("c3", 3)
        .touches("g1", "2026-01", 1, "A")
        .touches("g2", "2026-01", 2, "A")
        .touches("g3", "2026-01", 5, "A")
        .touches("o1", "2026-03", 4, "A")
        .row("x", "2026-03-05T10:00:00Z", "in", "email", "won", "")
        .body();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(2, 4, 5));
    assert_eq!(an.give_up.given_up, 3);
    let lot = &an.give_up.left_on_table;
    common::close(lot.expected_conversions, 0.8, 1e-12);
    assert_eq!(lot.prospects, 2);
    assert_eq!(lot.horizon, 4);
    assert!(lot.upper_bound);
    // The capped table itself: row 2+ = #{K>=2}/#{m>=2} = 2/5.
    let rows = &an.conversion_by_touch;
    assert_eq!((rows[1].reached, rows[1].conversions), (5, 2));
    assert_eq!(rows[1].label, "2+");
}

#[test]
fn left_on_table_null_hazard_counts_as_zero() {
    // horizon = 4 (default cap). c1 K=1, c2 K=2, g1 n=1, g2 n=2 (abandoned).
    // h(1) = 1/4, h(2) = 1/2 (c2, g2), h(3) = h(4) = null (nobody with m >= 3).
    // g1: 1 - (1-1/2)(1)(1) = 1/2;  g2: 1 - (1)(1) = 0.  Sum 0.5, 2 prospects.
    let body = Log::new()
        .converted_at("c1", 1)
        .converted_at("c2", 2)
        .touches("g1", "2026-01", 1, "A")
        .touches("g2", "2026-01", 2, "A")
        .body();
    let an = common::analyze_with(&body, &common::as_of(T), &metric(15, 4, 5));
    let lot = &an.give_up.left_on_table;
    common::close(lot.expected_conversions, 0.5, 1e-12);
    assert_eq!(lot.prospects, 2);
}

// ---------------------------------------------------------------- §8.2 ingest

#[test]
fn touch_channels_restrict_what_counts_as_a_touch() {
    // a: email 03-01 (r1), call 03-02 (r2), email 03-03 (r1), inbound won 03-04.
    //   all channels: n = K = 3, first channel email, last rep r1, R = 3.
    //   call only:    n = K = 1, first touch 03-02 call, last rep r2, R = 1.
    // b: one outbound email 03-01 10:00: all → open (29 d 14 h); call only →
    //   no touch at all → no status, m = 0.
    let body = "\
a,2026-03-01T10:00:00Z,out,email,none,r1
a,2026-03-02T10:00:00Z,out,call,none,r2
a,2026-03-03T10:00:00Z,out,email,none,r1
a,2026-03-04T10:00:00Z,in,email,won,
b,2026-03-01T10:00:00Z,out,email,none,r1
";
    let all = common::as_of(T);
    let l = common::load(body, &all);
    let a = get(&l, "a");
    assert_eq!((a.n_touches, a.k, a.r), (3, Some(3), Some(3)));
    assert_eq!(a.first_channel, Some(Channel::Email));
    assert_eq!(a.last_rep.as_deref(), Some("r1"));
    assert_eq!(get(&l, "b").status, Some(Status::Open));

    let calls = FactsParams { touch_channels: touchstone::config::touch_channels(&["call".into()]).unwrap(), ..all };
    let l = common::load(body, &calls);
    let a = get(&l, "a");
    assert_eq!((a.n_touches, a.k, a.m, a.r), (1, Some(1), 1, Some(1)));
    assert_eq!(a.first_channel, Some(Channel::Call));
    assert_eq!(a.first_touch_ts, Some(ts("2026-03-02T10:00:00Z")));
    assert_eq!(a.last_rep.as_deref(), Some("r2"));
    let b = get(&l, "b");
    assert_eq!((b.status, b.n_touches, b.m), (None, 0, 0));
    let an = common::analyze(body, &calls);
    assert_eq!(an.counts.touches, 1);
    assert_eq!(an.counts.prospects, 2);
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
    let mut input = common::input_for(&[log.clone()]);
    input.rejects = Some(rejects.clone());
    let params = common::as_of(T);
    let l = touchstone::pipeline::load_events(&input, &params).expect("non-strict load succeeds");
    let rc = l.ingest.rows.unwrap();
    assert_eq!((rc.rows_read, rc.rejected, rc.rows_used, rc.duplicates), (7, 5, 2, 0));
    assert_eq!(ids(&l), vec!["a", "e"]);

    let mut rdr = csv::Reader::from_path(&rejects).expect("rejects file written");
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, vec!["source", "row", "column", "reason", "value"]);
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
