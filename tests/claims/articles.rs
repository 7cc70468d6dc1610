//! docs/metrics.md §7, the two claims read in the articles' own words:
//! `five_followups_after_meeting` (follow-ups counted after the first
//! meeting) and `multichannel` (mixed against single-channel histories at
//! the same touch number), each on a hand-worked log.

use touchstone::claims::verdict::Verdict;

use super::{analyze, claim, converted_at, ids, touches_on, EPS};
use crate::common::{self, wilson_by_hand};

fn won(id: &str, day: u32) -> String {
    format!("{id},2026-03-{day:02}T12:00:00Z,in,email,won,\n")
}

/// By hand (T = March 31):
/// - 30 `m5`: an outbound meeting on March 1 (touch 1), e-mails on days
///   2..6, won on day 6: 5 touches after the meeting, at or before the sale.
/// - 10 `m4`: the same with 4 e-mails: 4 after the meeting.
/// - 2 `in5`: an *inbound* meeting on March 1 (either direction counts),
///   then 5 e-mails and the sale: 5 after it.
/// - 5 `nm`: converted at touch 3 with no meeting: not in the base.
/// - 3 `mw`: two calls, then the sale recorded on an outbound meeting (day
///   3, outcome won): that meeting is at `c`, not strictly before it, so
///   there is no meeting to follow up: not in the base.
/// - 2 `mo`: a meeting and 6 e-mails, no sale: not converted, not in the base.
///
/// Base 30 + 10 + 2 = 42, with at least 5 follow-ups 30 + 2 = 32: 32 / 42
/// = 0.762, Wilson interval about [0.62, 0.87]: it holds 0.80, so the
/// claim (>= 80 %) is inconclusive.
#[test]
fn five_followups_after_meeting_counts_touches_after_the_first_meeting() {
    let mut s = String::new();
    let meeting = |id: &str, dir: &str| {
        let rep = if dir == "out" { "r1" } else { "" };
        format!("{id},2026-03-01T10:00:00Z,{dir},meeting,meeting,{rep}\n")
    };
    for (prefix, count, after) in [("m5", 30, 5), ("m4", 10, 4)] {
        for id in ids(prefix, count) {
            s += &meeting(&id, "out");
            s += &touches_on(&id, "2026-03", 2, after, &["email"], "r1");
            s += &won(&id, 1 + after);
        }
    }
    for id in ids("in5", 2) {
        s += &meeting(&id, "in");
        s += &touches_on(&id, "2026-03", 2, 5, &["email"], "r1");
        s += &won(&id, 6);
    }
    for id in ids("nm", 5) {
        s += &converted_at(&id, 3, "call");
    }
    for id in ids("mw", 3) {
        s += &touches_on(&id, "2026-03", 1, 2, &["call"], "r1");
        s += &format!("{id},2026-03-03T10:00:00Z,out,meeting,won,r1\n");
    }
    for id in ids("mo", 2) {
        s += &meeting(&id, "out");
        s += &touches_on(&id, "2026-03", 2, 6, &["email"], "r1");
    }
    let r = analyze(&s);
    let c = claim(&r, "five_followups_after_meeting");
    let e = &c.primary;
    assert_eq!((e.x, e.n), (Some(32), 42));
    common::close_opt(e.value, 32.0 / 42.0, EPS);
    let (lo, hi) = wilson_by_hand(32.0, 42.0);
    common::close_opt(e.lo, lo, 1e-12);
    common::close_opt(e.hi, hi, 1e-12);
    assert!(lo < 0.8 && 0.8 < hi, "[{lo}, {hi}]");
    assert_eq!(e.verdict, Verdict::Inconclusive);
    assert_eq!(e.method, "wilson");
    assert!(c.alternate.is_none(), "every touch after the meeting is a follow-up: one reading");
    // The loose reading of the same quote (five_followups: K >= 6 over all
    // conversions) counts other prospects: 30 m5 (K = 6) and none of the
    // rest (m4 K = 5, in5 K = 5, nm K = 3, mw K = 3), over 30 + 10 + 2 + 5
    // + 3 = 50.
    let loose = &claim(&r, "five_followups").primary;
    assert_eq!((loose.x, loose.n), (Some(30), 50));
}

/// Touches on call, then e-mail (`mixed_from = 2`), only e-mail (single at
/// every touch), or call, call, e-mail (`mixed_from = 3`: single at touch
/// 3, whose earlier touches were two calls, mixed from touch 4 on).
///
/// - 5 `a1`: e-mail only, converted at touch 4 (m = 4);
/// - 30 `a2`: e-mail only, 6 touches, open (m = 6);
/// - 30 `b1`: call then e-mail, converted at touch 3 (m = 3);
/// - 30 `b2`: call then e-mail, 8 touches, open (m = 8);
/// - 20 `c1`: call, call, e-mail..., converted at touch 5 (m = 5).
///
/// By hand, for k = 3..8, reached / converted:
/// single: k=3 a1 5 + a2 30 + c1 20 = 55 / 0; k=4 a1 5 + a2 30 = 35 / 5
/// (a1); k=5 a2 30 / 0; k=6 a2 30 / 0: 150 reached, 5 conversions.
/// mixed: k=3 b1 30 + b2 30 = 60 / 30 (b1); k=4 b2 30 + c1 20 = 50 / 0;
/// k=5 50 / 20 (c1); k=6, 7, 8 b2 30 each: 250 reached, 50 conversions.
/// Value 50/250 - 5/150 = 0.2 - 0.0333 = 0.1667; n = 250 + 150 = 400; the
/// smaller group has 55 prospects (>= 30). The effect is many standard
/// errors wide, so the bootstrap interval lies above 0: supported.
#[test]
fn multichannel_compares_mixed_and_single_histories_at_the_same_touch() {
    let mut s = String::new();
    let open = |id: &str, n: u32, channels: &[&str]| touches_on(id, "2026-03", 1, n, channels, "r1");
    let conv = |id: &str, k: u32, channels: &[&str]| open(id, k, channels) + &won(id, k);
    for id in ids("a1", 5) {
        s += &conv(&id, 4, &["email"]);
    }
    for id in ids("a2", 30) {
        s += &open(&id, 6, &["email"]);
    }
    for id in ids("b1", 30) {
        s += &conv(&id, 3, &["call", "email"]);
    }
    for id in ids("b2", 30) {
        s += &open(&id, 8, &["call", "email"]);
    }
    for id in ids("c1", 20) {
        s += &conv(&id, 5, &["call", "call", "email"]);
    }
    let r = analyze(&s);
    let c = claim(&r, "multichannel");
    let e = &c.primary;
    common::close_opt(e.value, 50.0 / 250.0 - 5.0 / 150.0, EPS);
    assert_eq!((e.n, e.n1, e.n2), (400, Some(250), Some(150)));
    assert!(e.definition.contains("50 conversions / 250") && e.definition.contains("5 / 150"), "{}", e.definition);
    assert_eq!(e.method, "bootstrap");
    let (lo, hi) = (e.lo.unwrap(), e.hi.unwrap());
    assert!(0.0 < lo && lo <= e.value.unwrap() && e.value.unwrap() <= hi, "[{lo}, {hi}]");
    assert_eq!(e.verdict, Verdict::Supported);
    assert!(c.alternate.is_none());
}
