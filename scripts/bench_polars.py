#!/usr/bin/env python3
"""The floor for scripts/bench.sh: polars scanning a touch log and grouping
it by prospect (count of rows per prospect_id), nothing else.

    bench_polars.py FILE.csv|FILE.parquet

Prints the number of prospects; wall time and peak memory are measured
from outside (/usr/bin/time).
"""
import sys
import time

import polars as pl

path = sys.argv[1]
started = time.perf_counter()
lf = pl.scan_parquet(path) if path.endswith(".parquet") else pl.scan_csv(path)
out = lf.group_by("prospect_id").agg(pl.len()).collect(engine="streaming")
print(out.height)
print(f"polars: {time.perf_counter() - started:.2f} s inside Python", file=sys.stderr)
