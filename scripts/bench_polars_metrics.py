#!/usr/bin/env python3
"""The metrics of `touchstone analyze` (docs/metrics.md §2-§4) with the polars lazy
API, for the side-by-side in scripts/bench.sh. It computes exactly what
scripts/bench_duckdb.py computes, so the two are the same work written for
two engines. One edge differs on purpose: the rep of a prospect is the rep
of its last touch as docs/metrics.md §8.11 says, so a last touch without a rep
leaves the prospect out of the per-rep figures, where DuckDB's arg_max skips
null reps and takes the latest touch that has one. Generated logs always
have a rep.

    bench_polars_metrics.py FILE.csv|FILE.parquet [--json]

Reads the log with an explicit schema (never inference; `ts` as a UTC
microsecond datetime), removes exact duplicates (all six columns), joins
each prospect's earliest won time back onto its events (so K is a plain sum)
and builds the facts table in one group-by, on the streaming engine (one row
per prospect: n, K, m, status, rep of the last touch) with as-of T = the
latest event and quiet_days = 30. A touch is an outbound event whose outcome is not
`bounced`; the won time c is the earliest `won` event in either direction.
From the facts: the conversion-by-touch table (reached, conversions, share,
hazard with a 95 % Wilson interval, Kaplan-Meier with its Greenwood log-log
band, cap 15 with the `cap+` row) and the give-up figures (distribution of n
with the same cap, per-rep medians by the rep of the last touch, share of
reps with at least 5 given-up prospects whose median is <= 2, left on the
table to horizon 8 with the exact per-touch hazards). Values are compared as
the generator writes them (canonical spellings); touchstone's own ingest
also trims, folds case, validates and counts rejects, which this does not.

With --json, prints the conversion table and the give-up figures as JSON,
with touchstone's key names (the shape bench_duckdb.py --json prints too;
scripts/bench_agree.py compares the three); otherwise a one-line summary.
"""
import json
import sys
import time

import polars as pl

Z = 1.959963984540054
CAP = 15
HORIZON = 8
QUIET_DAYS = 30
MIN_REP_PROSPECTS = 5
SCHEMA = {
    "prospect_id": pl.String,
    "ts": pl.Datetime("us", "UTC"),
    "direction": pl.String,
    "channel": pl.String,
    "outcome": pl.String,
    "rep_id": pl.String,
}

path = sys.argv[1]
started = time.perf_counter()
if path.endswith(".parquet"):
    lf = pl.scan_parquet(path, schema=SCHEMA)
else:
    lf = pl.scan_csv(path, schema=SCHEMA)

ts = pl.col("ts")
touch = (pl.col("direction") == "out") & (pl.col("outcome") != "bounced")
events = lf.unique()
# c per converted prospect, joined back so that K is a plain sum per group.
won = events.filter(pl.col("outcome") == "won").group_by("prospect_id").agg(c=ts.min())
facts = (
    events.join(won, on="prospect_id", how="left")
    .with_columns(touch=touch, touch_ts=pl.when(touch).then(ts))
    .group_by("prospect_id")
    .agg(
        n=pl.col("touch").sum(),
        k_conv=(pl.col("touch") & (ts <= pl.col("c"))).sum(),
        last_touch=pl.col("touch_ts").max(),
        # The rep of the last touch (null when that touch has no rep).
        last_rep=pl.col("rep_id").max_by("touch_ts"),
        said_no=pl.col("outcome").is_in(["lost", "opted_out"]).any(),
        c=pl.col("c").first(),
        last_event=ts.max(),
    )
    .collect(engine="streaming")
)
t_end = facts["last_event"].max()
converted = pl.col("c").is_not_null()
f = facts.lazy().select(
    "n",
    "k_conv",
    "last_rep",
    "c",
    m=pl.when(converted).then("k_conv").otherwise("n"),
    status=pl.when(pl.col("n") == 0)
    .then(None)
    .when(converted)
    .then(pl.lit("converted"))
    .when("said_no")
    .then(pl.lit("lost"))
    .when(pl.lit(t_end) - pl.col("last_touch") >= pl.duration(days=QUIET_DAYS))
    .then(pl.lit("abandoned"))
    .otherwise(pl.lit("open")),
).collect()
given_up = f.lazy().filter(pl.col("status").is_in(["abandoned", "lost"]))

# Conversion by touch: rows 1..CAP, the last one `cap+` (m >= CAP over K >= CAP).
ks = pl.LazyFrame({"k": pl.int_range(1, CAP + 1, eager=True).cast(pl.Int64)})
at_m = f.lazy().filter(pl.col("m") >= 1).group_by(k=pl.min_horizontal("m", CAP).cast(pl.Int64)).agg(at_m=pl.len())
conv = (
    f.lazy()
    .filter(converted & (pl.col("k_conv") >= 1))
    .group_by(k=pl.min_horizontal("k_conv", CAP).cast(pl.Int64))
    .agg(conv=pl.len())
)
total = f.filter(converted & (pl.col("k_conv") >= 1)).height
reached = pl.col("reached").cast(pl.Float64)
d = pl.col("conv").cast(pl.Float64)
p = pl.col("hazard")
log_s = pl.col("log_s")
wilson_mid = p + Z**2 / (2 * reached)
wilson_half = Z * (p * (1 - p) / reached + Z**2 / (4 * reached**2)).sqrt()
band = Z * pl.col("gw").sqrt() / log_s.abs()
hazard = (
    ks.join(at_m, on="k", how="left")
    .join(conv, on="k", how="left")
    .sort("k")
    .with_columns(pl.col("at_m", "conv").fill_null(0))
    .with_columns(reached=pl.col("at_m").cum_sum(reverse=True))
    .with_columns(
        hazard=pl.when(reached > 0).then(d / reached),
        gw=pl.when(reached > d).then(d / (reached * (reached - d))).otherwise(0.0).cum_sum(),
    )
    .with_columns(log_s=pl.when(reached > 0).then((1 - p).log()).otherwise(0.0).cum_sum())
    .select(
        "k",
        "reached",
        conversions="conv",
        share=d / total if total else pl.lit(None, pl.Float64),
        cum_share=d.cum_sum() / total if total else pl.lit(None, pl.Float64),
        hazard=p,
        hazard_lo=(wilson_mid - wilson_half) / (1 + Z**2 / reached),
        hazard_hi=(wilson_mid + wilson_half) / (1 + Z**2 / reached),
        km=1 - log_s.exp(),
        km_lo=1 - log_s.exp().pow((-band).exp()),
        km_hi=1 - log_s.exp().pow(band.exp()),
    )
    .collect()
)

# Give-up points, same cap.
give_up = (
    given_up.group_by(n=pl.min_horizontal("n", CAP).cast(pl.Int64))
    .agg(count=pl.len())
    .sort("n")
    .with_columns(share=pl.col("count") / pl.col("count").sum(), cum_share=pl.col("count").cum_sum() / pl.col("count").sum())
    .collect()
)
reps = (
    given_up.filter(pl.col("last_rep").is_not_null())
    .group_by(rep_id="last_rep")
    .agg(given_up=pl.len(), median_n=pl.col("n").median(), share_after_one_followup=(pl.col("n") <= 2).mean())
    .sort("rep_id")
    .collect()
)
eligible = reps.filter(pl.col("given_up") >= MIN_REP_PROSPECTS)
reps_median_le_2 = eligible.filter(pl.col("median_n") <= 2).height
reps_after_one = reps_median_le_2 / eligible.height if eligible.height else None

# Left on the table: exact per-touch hazards up to the horizon (not the cap row),
# a null hazard counting as 0.
touched = f.lazy().filter(pl.col("m") >= 1)
exact_row = touched.select(
    [
        pl.when((pl.col("m") >= j).sum() > 0)
        .then((converted & (pl.col("k_conv") == j)).sum() / (pl.col("m") >= j).sum())
        .alias(str(j))
        for j in range(1, HORIZON + 1)
    ]
).collect().row(0)
exact = {j: h for j, h in zip(range(1, HORIZON + 1), exact_row)}
counts = dict(given_up.filter(pl.col("n") < HORIZON).group_by("n").agg(pl.len()).collect().iter_rows())
left = 0.0
for n, cnt in counts.items():
    keep = 1.0
    for j in range(n + 1, HORIZON + 1):
        keep *= 1 - (exact.get(j) or 0.0)
    left += cnt * (1 - keep)

prospects = f.height
elapsed = time.perf_counter() - started
if "--json" in sys.argv:
    print(json.dumps({
        "prospects": prospects,
        "conversion_by_touch": hazard.to_dicts(),
        "give_up": {
            "given_up": int(give_up["count"].sum()),
            "distribution": give_up.to_dicts(),
            "by_rep": reps.to_dicts(),
            "reps_after_one_followup": {"share": reps_after_one, "reps": eligible.height, "reps_median_le_2": reps_median_le_2},
            "left_on_table": {"expected_conversions": left, "prospects": sum(counts.values()), "horizon": HORIZON},
        },
    }))
else:
    print(f"prospects={prospects} reached1={hazard['reached'][0]} give_up_rows={give_up.height} reps={reps.height} "
          f"reps_after_one={reps_after_one} left_on_table={left:.1f}")
print(f"polars: {elapsed:.2f} s inside Python", file=sys.stderr)
