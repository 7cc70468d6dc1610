#!/usr/bin/env python3
"""Generate the bundled sample touch log: data/sample/touches.csv.

Deterministic (random.Random(20261122)), dependency-free Python 3. Run from
anywhere:

    python3 scripts/make_sample.py

Output: a canonical sales touch log, one row per touch, header

    prospect_id,ts,direction,channel,outcome,rep_id

sorted by (ts, prospect_id) like a CRM export, LF line endings, no BOM.

Simulated behaviour (the "ground truth" the sample is meant to exhibit)
-----------------------------------------------------------------------
Window: first touch no earlier than 2026-08-31 (Mon) and no event later than
2026-11-22T23:59:59Z (Sun). ~430 prospects
(420 sequenced + 10 inbound-only; P0001.. numbered in order of first touch);
first touches are spread over the business days of the window (somewhat
denser in the early weeks), so prospects started late are still open
(truncated) at the end.

Timestamps: ISO-8601 UTC with `Z`, seconds precision. Most events fall in
business hours (Mon-Fri 13:00-22:00 UTC, i.e. a US-Eastern team); ~4% of
outbound touches and ~15% of inbound replies fall outside them (evenings,
weekends).

Ownership: each prospect is owned by one rep (book shares: ana/ben 8% each,
chloe/dev/eli/fay 11% each, gus/hana 20% each); ~5% are reassigned to another
rep mid-sequence (later rows carry the new rep_id). Reps differ in
persistence, i.e. how many outbound touches they make before giving up:
    rep_ana, rep_ben                     1-2 touches (rarely 3)
    rep_chloe, rep_dev, rep_eli, rep_fay 3-6 touches
    rep_gus, rep_hana                    10-15, ~40% of the time 16-22
A reply from the prospect extends the sequence to at least 2-4 more touches.
On reassignment the new rep's persistence applies to the remaining touches.

Gaps between consecutive touches: 2-12 hours (~25%), 1-3 days (~53%) or 4-14
days (~22%), then snapped into business hours.

Outbound touches ("out"; a touch = one outbound event):
    email      outcome none, ~3% bounced
    call       no_answer mostly (~75%), connected (~22%), lost (~3%, the
               prospect says no on the phone -> sequence ends)
    voicemail  outcome voicemail
    social/sms rarely, outcome none
    meeting    outcome meeting (booked after a reply; the meeting is held,
               no decision yet) or outcome won (conversion, see below)

Conversion hazard: at the n-th outbound touch, BEFORE the ordinary touch is
drawn, the prospect converts with probability
    n = 1: 1%, 2: 2%, 3: 3%, 4-6: 4%, 7-9: 3%, 10+: 2%
in which case that touch is an outbound `meeting` event with outcome `won`
by the current owner and the sequence ends. So "won at touch n" counts the
won row itself. The hazard does not depend on channel, replies or rep:
persistence pays off only through reaching more touches.

Inbound-only conversions: exactly 10 extra prospects have a single inbound
`email` row with outcome `won` and no prior touch (e.g. a referral that
signs straight away); rep_id is the rep who received it.

Responses ("in"): after an outbound touch the prospect may reply (inbound
email `replied`, or occasionally an inbound call `connected` returning a
voicemail) a few hours to 2 days later, and may opt out (inbound email
`opted_out`, sequence ends). Reply probability per touch: email 9%, sms and
social 6%, voicemail 5%, call 4%, meeting 30%; 30% while "engaged" (the
previous touch got a reply), 35% right after a silence for reviving
prospects; opt-out 1% per touch. After a reply there is a 25% chance the next
touch is a booked meeting (`meeting`/`meeting`). After a reply, ~45% of
prospects go silent: no replies for 2-6 weeks while the rep keeps touching;
half of those revive (reply again to a touch after the silence ends), the
other half stay unresponsive.

Post-win: ~5% of (outbound) winners, and at least 2, get 1-2 follow-up
outbound onboarding emails (outcome none) a few days after the win.

Data-quality features (to exercise the loader):
    * exactly 6 exact duplicate rows (6 distinct rows copied verbatim once);
    * 5 same-timestamp ties within one prospect: a `voicemail` touch logged at
      the exact same second as a `no_answer` call (different rows, not
      duplicates).
No malformed rows, no empty prospect ids, no empty timestamps: the sample
passes a --strict run.
"""

import csv
import io
import os
import random
from datetime import datetime, timedelta, timezone

SEED = 20261122
N_PROSPECTS = 420          # sequenced (outbound) prospects
N_INBOUND_ONLY = 10        # prospects whose only row is an inbound win
N_DUPLICATES = 6
N_TIES = 5

START = datetime(2026, 8, 31, 0, 0, 0, tzinfo=timezone.utc)        # Monday
END = datetime(2026, 11, 22, 23, 59, 59, tzinfo=timezone.utc)      # Sunday
BIZ_START_H, BIZ_END_H = 13, 22                                     # UTC

REPS = ["rep_ana", "rep_ben", "rep_chloe", "rep_dev",
        "rep_eli", "rep_fay", "rep_gus", "rep_hana"]
LOW = {"rep_ana", "rep_ben"}
HIGH = {"rep_gus", "rep_hana"}
# share of new prospects each rep owns (the persistent SDRs carry bigger books)
REP_WEIGHTS = [8, 8, 11, 11, 11, 11, 20, 20]

HEADER = ["prospect_id", "ts", "direction", "channel", "outcome", "rep_id"]

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        os.pardir, "data", "sample", "touches.csv")


def hazard(n):
    """Probability that the n-th outbound touch (1-based) is the win."""
    if n == 1:
        return 0.01
    if n == 2:
        return 0.02
    if n == 3:
        return 0.03
    if n <= 6:
        return 0.04
    if n <= 9:
        return 0.03
    return 0.02


def persistence(rng, rep):
    """Number of outbound touches the rep makes before giving up."""
    if rep in LOW:
        return rng.choices([1, 2, 3], weights=[55, 40, 5])[0]
    if rep in HIGH:
        if rng.random() < 0.4:
            return rng.randint(16, 22)
        return rng.randint(10, 15)
    return rng.randint(3, 6)


def is_biz(t):
    return t.weekday() < 5 and BIZ_START_H <= t.hour < BIZ_END_H


def snap_biz(rng, t, with_seconds):
    """Move t into business hours (same day if possible, else next biz day)."""
    if not is_biz(t):
        if t.weekday() < 5 and t.hour < BIZ_START_H:
            day = t.date()
        else:
            day = t.date() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        t = datetime(day.year, day.month, day.day, rng.randint(BIZ_START_H, BIZ_END_H - 1),
                     rng.randint(0, 59), tzinfo=timezone.utc)
    sec = rng.randint(0, 59) if with_seconds else 0
    return t.replace(second=sec, microsecond=0)


def off_hours(rng, t, with_seconds):
    """A time outside business hours on or after t (evening or weekend)."""
    day = t.date() + timedelta(days=rng.randint(0, 2))
    if day.weekday() >= 5:
        hour = rng.randint(8, 23)
    else:
        hour = rng.choice([0, 1, 2, 3, 11, 12, 22, 23])
    cand = datetime(day.year, day.month, day.day, hour, rng.randint(0, 59),
                    rng.randint(0, 59) if with_seconds else 0, tzinfo=timezone.utc)
    return cand if cand > t else t + timedelta(hours=1)


def touch_gap(rng):
    r = rng.random()
    if r < 0.25:
        return timedelta(hours=rng.uniform(2, 12))
    if r < 0.78:
        return timedelta(days=rng.uniform(1, 3))
    return timedelta(days=rng.uniform(4, 14))


def next_out_time(rng, prev, channel):
    t = prev + touch_gap(rng)
    secs = channel in ("email", "sms", "social")
    if rng.random() < 0.04:
        t2 = off_hours(rng, t, secs)
    else:
        t2 = snap_biz(rng, t, secs)
    return t2 if t2 > prev else prev + timedelta(minutes=rng.randint(5, 90))


def reply_time(rng, prev):
    t = prev + timedelta(hours=rng.uniform(0.5, 48))
    if rng.random() < 0.15:
        return t.replace(microsecond=0)
    t2 = snap_biz(rng, t, True)
    return t2 if t2 > prev else prev + timedelta(minutes=rng.randint(10, 120))


def business_days():
    days = []
    d = START.date()
    while d <= (END - timedelta(days=2)).date():
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    return days


def fmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def simulate_prospect(rng, start, owner, stats):
    """Return a list of (ts, direction, channel, outcome, rep) for one prospect."""
    ev = []
    rep = owner
    limit = persistence(rng, rep)
    reassign_at = None
    if rng.random() < 0.05:
        reassign_at = rng.randint(2, max(2, limit))
    n = 0                      # outbound touches so far
    t = start
    replied_once = False
    silent_until = None
    revives = False
    unresponsive = False
    meeting_next = False
    engaged = False
    bounced = False
    won_at = None

    while n < limit:
        n += 1
        if reassign_at is not None and n == reassign_at:
            rep = rng.choice([r for r in REPS if r != rep])
            limit = max(limit, n + persistence(rng, rep) - 1)
            stats["reassigned"] += 1
        if n > 1:
            # channel decided below; time uses a generic gap first
            pass

        # conversion hazard first
        if rng.random() < hazard(n):
            if n > 1:
                t = next_out_time(rng, t, "meeting")
            ev.append((t, "out", "meeting", "won", rep))
            won_at = t
            stats["won_at"].append(n)
            break

        # ordinary outbound touch
        if meeting_next:
            channel, outcome = "meeting", "meeting"
            meeting_next = False
        else:
            weights = [50, 30, 12, 4, 4] if not bounced else [10, 55, 25, 5, 5]
            channel = rng.choices(["email", "call", "voicemail", "social", "sms"],
                                  weights=weights)[0]
            if channel == "email":
                outcome = "bounced" if rng.random() < 0.03 else "none"
                bounced = bounced or outcome == "bounced"
            elif channel == "call":
                r = rng.random()
                outcome = "no_answer" if r < 0.75 else ("connected" if r < 0.97 else "lost")
            elif channel == "voicemail":
                outcome = "voicemail"
            else:
                outcome = "none"
        if n > 1:
            t = next_out_time(rng, t, channel)
        ev.append((t, "out", channel, outcome, rep))
        if outcome == "lost":
            stats["lost"] += 1
            break
        if outcome == "bounced":
            continue

        # prospect response
        if unresponsive or (silent_until is not None and t < silent_until):
            continue
        if silent_until is not None and revives and t >= silent_until:
            p_reply = 0.35
        elif engaged:
            p_reply = 0.30
        else:
            p_reply = {"email": 0.09, "voicemail": 0.05, "call": 0.04,
                       "social": 0.06, "sms": 0.06, "meeting": 0.30}[channel]
        r = rng.random()
        if r < 0.01:
            ev.append((reply_time(rng, t), "in", "email", "opted_out", rep))
            stats["opted_out"] += 1
            break
        if r < 0.01 + p_reply:
            tr = reply_time(rng, t)
            if channel == "voicemail" and rng.random() < 0.5:
                ev.append((tr, "in", "call", "connected", rep))
            else:
                ev.append((tr, "in", "email", "replied", rep))
            t = tr
            if silent_until is not None and revives and tr >= silent_until:
                stats["revived"] += 1
                silent_until, revives = None, False
            replied_once = True
            limit = max(limit, n + rng.randint(2, 4))
            if channel != "meeting" and rng.random() < 0.25:
                meeting_next = True
            engaged = True
            if rng.random() < 0.45:
                silent_until = tr + timedelta(days=rng.uniform(14, 42))
                revives = rng.random() < 0.5
                unresponsive = not revives
                engaged = False
                stats["silenced"] += 1
        else:
            engaged = False

    return ev, won_at


def main():
    rng = random.Random(SEED)
    stats = {"reassigned": 0, "lost": 0, "opted_out": 0, "revived": 0,
             "silenced": 0, "won_at": []}
    days = business_days()

    # start times for sequenced prospects + inbound-only winners
    starts = []
    for _ in range(N_PROSPECTS):
        # spread over the window, denser early on (a backlog being worked)
        d = days[int(len(days) * rng.random() ** 1.8)]
        t = datetime(d.year, d.month, d.day, rng.randint(BIZ_START_H, BIZ_END_H - 1),
                     rng.randint(0, 59), rng.randint(0, 59), tzinfo=timezone.utc)
        starts.append((t, "seq"))
    for _ in range(N_INBOUND_ONLY):
        d = rng.choice(days)
        t = datetime(d.year, d.month, d.day, rng.randint(BIZ_START_H, BIZ_END_H - 1),
                     rng.randint(0, 59), rng.randint(0, 59), tzinfo=timezone.utc)
        starts.append((t, "inbound"))
    starts.sort(key=lambda x: x[0])

    rows = []            # [pid, ts(datetime), direction, channel, outcome, rep]
    winners = []         # (pid, won_at, rep) for outbound winners
    for i, (t0, kind) in enumerate(starts, start=1):
        pid = "P%04d" % i
        owner = rng.choices(REPS, weights=REP_WEIGHTS)[0]
        if kind == "inbound":
            rows.append([pid, t0, "in", "email", "won", owner])
            continue
        ev, won_at = simulate_prospect(rng, t0, owner, stats)
        for (t, d, c, o, r) in ev:
            rows.append([pid, t, d, c, o, r])
        if won_at is not None and won_at <= END:
            winners.append((pid, won_at, ev[-1][4]))

    # post-win onboarding emails for ~5% of outbound winners (at least 2)
    k = max(2, round(0.05 * len(winners)))
    for pid, won_at, rep in rng.sample(winners, k):
        t = won_at
        for _ in range(rng.randint(1, 2)):
            t = snap_biz(rng, t + timedelta(days=rng.uniform(1, 5)), True)
            rows.append([pid, t, "out", "email", "none", rep])

    # drop anything beyond the window (prospects still open at the end)
    rows = [r for r in rows if r[1] <= END]

    # same-timestamp ties: voicemail logged at the same second as a no_answer call
    calls = [r for r in rows if r[3] == "call" and r[4] == "no_answer"]
    seen_pids = set()
    tie_src = []
    for r in rng.sample(calls, len(calls)):
        if r[0] not in seen_pids:
            seen_pids.add(r[0])
            tie_src.append(r)
        if len(tie_src) == N_TIES:
            break
    for r in tie_src:
        rows.append([r[0], r[1], "out", "voicemail", "voicemail", r[5]])

    # format; guarantee no accidental exact duplicates before injecting ours
    out = []
    seen = set()
    for r in rows:
        while True:
            rec = (r[0], fmt(r[1]), r[2], r[3], r[4], r[5])
            if rec not in seen:
                break
            r[1] = r[1] + timedelta(seconds=1)
        seen.add(rec)
        out.append(rec)

    # exactly N_DUPLICATES exact duplicate rows
    for rec in rng.sample(out, N_DUPLICATES):
        out.append(rec)

    out.sort(key=lambda rec: (rec[1], rec[0]))   # stable: ties keep log order

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(out)
    path = os.path.normpath(OUT_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())

    n_wins = sum(1 for rec in set(out) if rec[4] == "won")
    print("wrote %s: %d rows, %d prospects, %d wins (%d inbound-only), "
          "%d duplicate rows, %d ties; simulated before the window cut: "
          "%d reassigned, %d lost, %d opted out, %d went silent, %d revived"
          % (path, len(out), len({rec[0] for rec in out}), n_wins,
             N_INBOUND_ONLY, N_DUPLICATES, len(tie_src), stats["reassigned"],
             stats["lost"], stats["opted_out"], stats["silenced"],
             stats["revived"]))


if __name__ == "__main__":
    main()
