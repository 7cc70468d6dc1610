//! docs/metrics.md §2, the first response touch `R` (with §8.5: counted over all
//! events up to `T`, not cut at the conversion; `R = 0` included), and the
//! first-response table built on it.
//!
//! Hand-computed fixtures: every expected number is worked out by hand from
//! docs/metrics.md in the comments. The spec is the contract; a failing test here
//! means the code (or, if argued in the report, the spec reading) is wrong,
//! never "update the expectation".
//!
//! Unless a test says otherwise, `T = 2026-03-31T00:00:00Z` and every
//! channel is a touch channel.

use crate::common::{self, approx_opt, get, ts, wilson_by_hand, T};

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
fn first_response_includes_r0_and_counts_past_conversion() {
    // R = touches with ts <= first response (§2), over all events up to T
    // (§8.5: not cut at c):
    //   p0: reply 03-01 before any touch → R = 0 (included, §8.5)
    //   p1: touch, reply → 1
    //   pc: touches 03-01, outbound won 03-02 (a touch, not a response),
    //       03-03, reply 03-04 → 3 (the 03-03 touch after c counts)
    //   pconn: two emails then an outbound connected call → the call is touch
    //       3 and the first response → 3
    //   p5, p8, p9: 5 / 8 / 9 touches then a reply → 5, 8, 9
    //   pn: no response → not a responder.
    // responders = 7; R = [0,1,3,3,5,8,9] → median 3; 5 <= R <= 8: p5, p8 →
    // share_5_8 = 2/7, Wilson(2, 7).
    let mut body = String::from(
        "\
p0,2026-03-01T00:00:00Z,in,email,replied,
p0,2026-03-02T00:00:00Z,out,call,none,r1
p1,2026-03-01T00:00:00Z,out,call,none,r1
p1,2026-03-02T00:00:00Z,in,email,replied,
pc,2026-03-01T00:00:00Z,out,call,none,r1
pc,2026-03-02T00:00:00Z,out,meeting,won,r1
pc,2026-03-03T00:00:00Z,out,email,none,r1
pc,2026-03-04T00:00:00Z,in,email,replied,
pconn,2026-03-01T00:00:00Z,out,email,none,r1
pconn,2026-03-02T00:00:00Z,out,email,none,r1
pconn,2026-03-03T00:00:00Z,out,call,connected,r1
pn,2026-03-01T00:00:00Z,out,call,none,r1
",
    );
    for (id, n) in [("p5", 5u32), ("p8", 8), ("p9", 9)] {
        for d in 1..=n {
            body.push_str(&format!("{id},2026-03-{d:02}T00:00:00Z,out,call,none,r1\n"));
        }
        body.push_str(&format!("{id},2026-03-{:02}T00:00:00Z,in,email,replied,\n", n + 1));
    }
    let params = common::as_of(T);
    let l = common::load(&body, &params);
    assert_eq!(get(&l, "pc").k, Some(2));
    assert_eq!(get(&l, "pc").r, Some(3));
    assert_eq!(get(&l, "pconn").r, Some(3));
    assert_eq!(get(&l, "p0").r, Some(0));
    let an = common::analyze(&body, &params);
    let fr = &an.first_response;
    assert_eq!(fr.responders, 7);
    approx_opt(fr.median_r, 3.0);
    approx_opt(fr.share_5_8, 2.0 / 7.0);
    let (lo, hi) = wilson_by_hand(2.0, 7.0);
    approx_opt(fr.share_5_8_lo, lo);
    approx_opt(fr.share_5_8_hi, hi);
    let dist: Vec<(u32, u64)> = fr.distribution.iter().filter(|r| r.count > 0).map(|r| (r.n, r.count)).collect();
    assert_eq!(dist, vec![(0, 1), (1, 1), (3, 2), (5, 1), (8, 1), (9, 1)]);
}
