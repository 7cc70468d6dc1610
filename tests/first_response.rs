//! METRICS.md §2, the first response touch `R` (with §8.5: counted over all
//! events up to `T`, not cut at the conversion; `R = 0` included).
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! METRICS.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//!
//! Unless a test says otherwise, `T = 2026-03-31T00:00:00Z` and every
//! channel is a touch channel.

use crate::common::{self, get, ts, T};

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
