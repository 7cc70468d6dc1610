#!/usr/bin/env python3
"""The metrics of `touchstone analyze` (docs/metrics.md §2-§4) as DuckDB SQL, for
the side-by-side in scripts/bench.sh.

    bench_duckdb.py FILE.csv|FILE.parquet [--json]

Builds the facts table (one row per prospect: n, K, m, status, rep of the
last touch) with as-of T = the latest event and quiet_days = 30, then the
conversion-by-touch table (reached, conversions, share, hazard with a 95 %
Wilson interval, Kaplan-Meier with its Greenwood log-log band, cap 15) and
the give-up figures (distribution of n, per-rep medians, share of reps
giving up after one follow-up, left on the table to horizon 8). Exact
duplicates are removed first. Values are compared as the generator writes
them (canonical spellings); touchstone's own ingest also trims, folds case,
validates and counts rejects, which this does not.

With --json, prints the conversion table and the give-up figures as JSON,
with touchstone's key names (the shape bench_polars_metrics.py --json prints
too; scripts/bench_agree.py compares the three); otherwise a one-line
summary.
"""
import json
import sys
import time

import duckdb

Z = 1.959963984540054
CAP = 15
HORIZON = 8

path = sys.argv[1]
started = time.perf_counter()
con = duckdb.connect()
if path.endswith(".parquet"):
    source = f"read_parquet('{path}')"
else:
    source = (
        f"read_csv('{path}', header = true, columns = {{'prospect_id': 'VARCHAR', 'ts': 'TIMESTAMPTZ', "
        "'direction': 'VARCHAR', 'channel': 'VARCHAR', 'outcome': 'VARCHAR', 'rep_id': 'VARCHAR'})"
    )

con.execute(f"""
CREATE TEMP TABLE f AS
WITH ev AS (SELECT DISTINCT prospect_id, ts, direction, channel, outcome, rep_id FROM {source}),
bounds AS (SELECT max(ts) AS t_end FROM ev),
won AS (SELECT prospect_id, min(ts) AS c FROM ev WHERE outcome = 'won' GROUP BY prospect_id),
agg AS (
  SELECT ev.prospect_id,
         count(*) FILTER (WHERE direction = 'out' AND outcome <> 'bounced') AS n,
         count(*) FILTER (WHERE direction = 'out' AND outcome <> 'bounced' AND ts <= won.c) AS k_conv,
         max(ts) FILTER (WHERE direction = 'out' AND outcome <> 'bounced') AS last_touch,
         arg_max(rep_id, ts) FILTER (WHERE direction = 'out' AND outcome <> 'bounced') AS last_rep,
         bool_or(outcome IN ('lost', 'opted_out')) AS said_no,
         any_value(won.c) AS c
  FROM ev LEFT JOIN won USING (prospect_id)
  GROUP BY ev.prospect_id)
SELECT agg.*,
       CASE WHEN c IS NOT NULL THEN k_conv ELSE n END AS m,
       CASE WHEN n = 0 THEN NULL
            WHEN c IS NOT NULL THEN 'converted'
            WHEN said_no THEN 'lost'
            WHEN t_end - last_touch >= INTERVAL 30 DAY THEN 'abandoned'
            ELSE 'open' END AS status
FROM agg, bounds
""")

hazard = con.execute(f"""
WITH ks AS (SELECT range::BIGINT AS k FROM range(1, {CAP} + 1)),
mc AS (SELECT least(m, {CAP}) AS k, count(*) AS cnt FROM f WHERE m >= 1 GROUP BY 1),
kc AS (SELECT least(k_conv, {CAP}) AS k, count(*) AS d FROM f WHERE c IS NOT NULL AND k_conv >= 1 GROUP BY 1),
t AS (SELECT ks.k, coalesce(mc.cnt, 0) AS at_m, coalesce(kc.d, 0) AS conv FROM ks LEFT JOIN mc USING (k) LEFT JOIN kc USING (k)),
r AS (SELECT k, conv, sum(at_m) OVER (ORDER BY k DESC) AS reached FROM t),
total AS (SELECT count(*) AS tot FROM f WHERE c IS NOT NULL AND k_conv >= 1),
h AS (
  SELECT k, reached, conv, tot,
         CASE WHEN reached > 0 THEN conv / reached END AS p,
         sum(CASE WHEN reached > 0 THEN ln(1 - conv / reached) ELSE 0 END) OVER (ORDER BY k) AS log_s,
         sum(CASE WHEN reached > conv THEN conv / (reached * (reached - conv)) ELSE 0 END) OVER (ORDER BY k) AS gw
  FROM r, total)
SELECT k, reached, conv,
       conv / nullif(tot, 0) AS share,
       sum(conv) OVER (ORDER BY k) / nullif(tot, 0) AS cum_share,
       p AS hazard,
       (p + {Z}^2 / (2 * reached) - {Z} * sqrt(p * (1 - p) / reached + {Z}^2 / (4 * reached^2))) / (1 + {Z}^2 / reached) AS hazard_lo,
       (p + {Z}^2 / (2 * reached) + {Z} * sqrt(p * (1 - p) / reached + {Z}^2 / (4 * reached^2))) / (1 + {Z}^2 / reached) AS hazard_hi,
       1 - exp(log_s) AS km,
       1 - exp(log_s) ^ exp(-{Z} * sqrt(gw) / abs(log_s)) AS km_lo,
       1 - exp(log_s) ^ exp({Z} * sqrt(gw) / abs(log_s)) AS km_hi
FROM h ORDER BY k
""").fetchall()

give_up = con.execute(f"""
SELECT least(n, {CAP}) AS k, count(*) AS cnt,
       count(*) / sum(count(*)) OVER () AS share,
       sum(count(*)) OVER (ORDER BY least(n, {CAP})) / sum(count(*)) OVER () AS cum_share
FROM f WHERE status IN ('abandoned', 'lost') GROUP BY 1 ORDER BY 1
""").fetchall()

reps = con.execute("""
SELECT last_rep, count(*) AS given_up, median(n) AS median_n, avg((n <= 2)::INT) AS share_after_one
FROM f WHERE status IN ('abandoned', 'lost') AND last_rep IS NOT NULL GROUP BY 1 ORDER BY 1
""").fetchall()
eligible = [r for r in reps if r[1] >= 5]
reps_after_one = sum(1 for r in eligible if r[2] <= 2) / len(eligible) if eligible else None

# Left on the table: exact per-touch hazards up to the horizon (not the cap row).
exact = dict(con.execute(f"""
WITH ks AS (SELECT range::BIGINT AS k FROM range(1, {HORIZON} + 1))
SELECT ks.k, count(*) FILTER (WHERE f.k_conv = ks.k AND f.c IS NOT NULL) / nullif(count(*) FILTER (WHERE f.m >= ks.k), 0)
FROM ks, (SELECT m, k_conv, c FROM f WHERE m >= 1) f GROUP BY ks.k
""").fetchall())
counts = dict(con.execute(f"SELECT n, count(*) FROM f WHERE status IN ('abandoned', 'lost') AND n < {HORIZON} GROUP BY 1").fetchall())
left = 0.0
for n, cnt in counts.items():
    keep = 1.0
    for j in range(n + 1, HORIZON + 1):
        keep *= 1 - (exact.get(j) or 0.0)
    left += cnt * (1 - keep)

prospects = con.execute("SELECT count(*) FROM f").fetchone()[0]
elapsed = time.perf_counter() - started
if "--json" in sys.argv:
    cols = ["k", "reached", "conversions", "share", "cum_share", "hazard", "hazard_lo", "hazard_hi", "km", "km_lo", "km_hi"]
    eligible_le_2 = sum(1 for r in eligible if r[2] <= 2)
    print(json.dumps({
        "prospects": prospects,
        "conversion_by_touch": [dict(zip(cols, r)) for r in hazard],
        "give_up": {
            "given_up": sum(r[1] for r in give_up),
            "distribution": [dict(zip(["n", "count", "share", "cum_share"], r)) for r in give_up],
            "by_rep": [dict(zip(["rep_id", "given_up", "median_n", "share_after_one_followup"], r)) for r in reps],
            "reps_after_one_followup": {"share": reps_after_one, "reps": len(eligible), "reps_median_le_2": eligible_le_2},
            "left_on_table": {"expected_conversions": left, "prospects": sum(counts.values()), "horizon": HORIZON},
        },
    }))
else:
    print(f"prospects={prospects} reached1={hazard[0][1]} give_up_rows={len(give_up)} reps={len(reps)} "
          f"reps_after_one={reps_after_one} left_on_table={left:.1f}")
print(f"duckdb: {elapsed:.2f} s inside Python", file=sys.stderr)
