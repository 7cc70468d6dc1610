//! docs/metrics.md §7, claims (with §8.16, and §2–§5 for the numbers behind
//! them; issue 5). Every expected number is worked out by hand in the
//! comments from the spec; Wilson bounds are recomputed from the closed form
//! (`common::wilson_by_hand`), never pasted from the program's output.
//!
//! This module holds the log builders and the fixtures the submodules
//! share; the tests are in `measure` (one fixture per seed claim), `verdict`
//! (verdicts, `min_n`, the two readings, the bootstrap), `file` (the seeds and
//! claims files) and `cli` (`touchstone claims` end to end).
//!
//! Unless a test says otherwise: `T = 2026-03-31T00:00:00Z`, `quiet_days =
//! 30`, `dark_days = 14`, every channel a touch channel, `min_rep_prospects
//! = 5`, `min_n = 30`.

use touchstone::claims::verdict::{ClaimResult, Evaluation, Verdict};

use crate::common::{self, wilson_by_hand, T};

mod articles;
mod cli;
mod file;
mod init;
mod measure;
mod new_claims;
mod verdict;

/// Tolerance for values compared with the program's output.
const EPS: f64 = 1e-9;

// ------------------------------------------------------------ log builders

fn ids(prefix: &str, count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("{prefix}-{i:02}")).collect()
}

/// `n` outbound touches on days `first..first+n` of `month` at 10:00Z, on
/// `channels[i]` (the last channel repeats), by `rep`.
fn touches_on(id: &str, month: &str, first: u32, n: u32, channels: &[&str], rep: &str) -> String {
    (0..n)
        .map(|i| {
            let ch = channels[(i as usize).min(channels.len() - 1)];
            format!("{id},{month}-{:02}T10:00:00Z,out,{ch},none,{rep}\n", first + i)
        })
        .collect()
}

/// `n` call touches on days 1..=n of `month`, rep `r1`.
fn touches(id: &str, month: &str, n: u32) -> String {
    touches_on(id, month, 1, n, &["call"], "r1")
}

/// Converted at touch `k` (k >= 1): `k` March touches on days 1..=k at 10:00
/// (channel of touch 1 = `first`, then email) and an inbound `won` on day
/// `k` at 12:00, so `K = k` (§2).
fn converted_at(id: &str, k: u32, first: &str) -> String {
    let mut s = touches_on(id, "2026-03", 1, k, &[first, "email"], "r1");
    s += &format!("{id},2026-03-{k:02}T12:00:00Z,in,email,won,\n");
    s
}

/// A conversion with no touch before it (`K = 0`): inbound `won` on
/// March 1 at 09:00, then `later` call touches from 10:00 on.
fn converted_before_touch(id: &str, later: u32) -> String {
    let mut s = format!("{id},2026-03-01T09:00:00Z,in,email,won,\n");
    s += &touches_on(id, "2026-03", 1, later, &["call"], "r1");
    s
}

/// First response at touch `r` (`R = r`): `r` March touches on days
/// 1..=r, inbound reply on day r at 12:00. `r = 0`: the prospect writes
/// first (March 1, 09:00) and gets one touch at 10:00.
fn responded_at(id: &str, r: u32) -> String {
    if r == 0 {
        format!("{id},2026-03-01T09:00:00Z,in,email,replied,\n{id},2026-03-01T10:00:00Z,out,call,none,r1\n")
    } else {
        let mut s = touches(id, "2026-03", r);
        s += &format!("{id},2026-03-{r:02}T12:00:00Z,in,email,replied,\n");
        s
    }
}

fn analyze(body: &str) -> Vec<ClaimResult> {
    common::analyze(body, &common::as_of(T)).claims
}

fn claim<'a>(results: &'a [ClaimResult], id: &str) -> &'a ClaimResult {
    results.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no claim {id}"))
}

fn alt(c: &ClaimResult) -> &Evaluation {
    c.alternate.as_ref().unwrap_or_else(|| panic!("{}: no alternate reading", c.id))
}

/// A proportion evaluation: `x / n`, Wilson bounds, verdict.
#[track_caller]
fn assert_share(e: &Evaluation, x: u64, n: u64, verdict: Verdict) {
    assert_eq!(e.x, Some(x), "x of {}", e.metric);
    assert_eq!(e.n, n, "n of {}", e.metric);
    common::close_opt(e.value, x as f64 / n as f64, EPS);
    let (lo, hi) = wilson_by_hand(x as f64, n as f64);
    common::close_opt(e.lo, lo, EPS);
    common::close_opt(e.hi, hi, EPS);
    assert_eq!(e.method, "wilson");
    assert_eq!(e.verdict, verdict, "verdict of {} ({:?})", e.metric, e);
}

// ------------------------------------------- fixtures the submodules share

/// A claims file: replaces the seed `five_followups` and adds a claim.
const GOOD: &str = r#"
[[claim]]
id = "five_followups"
quote = "half of sales need 5 follow-ups"
source = "our VP"
metric = "share_conversions_k_at_least"
params = { x = 6 }
reading = "follow-ups"
op = ">="
value = 0.5

[[claim]]
id = "first_touch_hazard"
quote = "one in ten convert on the first touch"
source = "team lore"
metric = "hazard_at"
params = { k = 1 }
op = "about"
value = 0.1
"#;

/// 40 conversions with K >= 1: 28 at K = 5, 6 at K = 6, 6 at K = 8; plus
/// two K = 0 conversions (§2: counted separately, not in shares of
/// conversions, §8.8) and three unconverted prospects with 7 touches.
///   K >= 6: 6 + 6 = 12 of 40;  K >= 5: 40 of 40;  K >= 7: 6 of 40.
fn conversions_fixture() -> String {
    let mut body = String::new();
    for id in ids("a-k5", 28) {
        body += &converted_at(&id, 5, "call");
    }
    for id in ids("a-k6", 6) {
        body += &converted_at(&id, 6, "call");
    }
    for id in ids("a-k8", 6) {
        body += &converted_at(&id, 8, "call");
    }
    for id in ids("a-k0", 2) {
        body += &converted_before_touch(&id, 7);
    }
    for id in ids("a-open", 3) {
        body += &touches(&id, "2026-03", 7);
    }
    body
}

/// First-touch channels (§8.16):
/// - call: 24 converted at K = 2 (touch 1 call), 8 abandoned (Jan 1 call,
///   Jan 2 email), 8 open (one call on March 25): 24 / 40 = 0.60;
/// - email: 8 converted at K = 1, 32 abandoned: 8 / 40 = 0.20;
/// - excluded: 3 K = 0 converters whose touch 1 is a call (they would make
///   the call rate 27/43 or 24/43), and 4 converters whose touch 1 is an sms.
///
/// Difference 0.60 − 0.20 = 0.40, n = 80. Bootstrap s.e. ≈ sqrt(.24/40 +
/// .16/40) = 0.10, so the 95 % interval is about [0.2, 0.6]: lo > 0.
fn channel_fixture() -> String {
    let mut body = String::new();
    for id in ids("g-call-won", 24) {
        body += &converted_at(&id, 2, "call");
    }
    for id in ids("g-call-gone", 8) {
        body += &touches_on(&id, "2026-01", 1, 2, &["call", "email"], "r1");
    }
    for id in ids("g-call-open", 8) {
        body += &touches_on(&id, "2026-03", 25, 1, &["call"], "r1");
    }
    for id in ids("g-call-k0", 3) {
        body += &converted_before_touch(&id, 1);
    }
    for id in ids("g-email-won", 8) {
        body += &converted_at(&id, 1, "email");
    }
    for id in ids("g-email-gone", 32) {
        body += &touches_on(&id, "2026-01", 1, 2, &["email"], "r1");
    }
    for id in ids("g-sms-won", 4) {
        body += &converted_at(&id, 1, "sms");
    }
    body
}
