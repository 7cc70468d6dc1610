//! docs/metrics.md §2, the derived per-prospect facts (with §8.1 and §8.6): which
//! events are touches, the conversion touch `K`, touches at risk `m`, the
//! status (converted, lost, abandoned, open) and the tie-breaks.
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//!
//! Unless a test says otherwise, `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, every channel is a touch channel, and metric params are the defaults
//! (`cap = 15`, `horizon = 8`, `min_rep_prospects = 5`).

use touchstone::facts::FactsParams;
use touchstone::model::{Channel, Status};

use crate::common::{self, approx_opt, get, ts, T};

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
