#!/usr/bin/env python3
"""Run `touchstone sql --dialect spark` on Spark and write the facts and the
event-level aggregates as Parquet part files (docs/metrics.md §10, issue 15).

    touchstone sql --dialect spark [--as-of ... --touch-channels ...] -o facts.sql
    python3 scripts/spark_facts.py --sql facts.sql --out OUT EVENTS...

EVENTS are canonical touch logs: CSV files with the header
prospect_id,ts,direction,channel,outcome,rep_id (what `touchstone generate`
and CRM exports mapped to the canonical header look like), or Parquet files
or folders holding those columns plus `source` and `row`. For CSV, `source`
is the file's path and `row` its position in the file (Spark reads one
file's splits in offset order and `monotonically_increasing_id` keeps that
order, so ties at one instant are broken as `touchstone` breaks them:
file, then row). Times are read with `try_to_timestamp` in UTC; a value
that does not parse is NULL, and the SQL counts the row as rejected.

The SQL runs in this session (`local[*]` by default, or any `--master`) with
`--partitions` shuffle partitions; it creates the tables touchstone_facts
and touchstone_aggregates in the warehouse folder OUT, so the part files
land in OUT/touchstone_facts/ and OUT/touchstone_aggregates/:

    touchstone analyze --facts OUT/touchstone_facts --aggregates OUT/touchstone_aggregates

Timings and shuffle bytes written by each statement, the input size and the
total shuffle volume (read from the session's own status API on localhost)
are printed and written to OUT/spark_run.json.

On a cluster (Databricks, EMR) the same SQL runs as it is: create a view
touch_events over the events table (with source and row columns: the export
file and row, or any stable per-event order such as an event id), run the
statements of facts.sql in order (a notebook cell each, or spark.sql in a
loop as below), and export the two tables.
"""
import argparse
import json
import os
import shutil
import sys
import time
import urllib.request

CANONICAL = ["prospect_id", "ts", "direction", "channel", "outcome", "rep_id"]


def statements(sql_text):
    """The script's statements: split at a ';' that ends a line."""
    out, current = [], []
    for line in sql_text.splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            text = "\n".join(current).strip().rstrip(";").strip()
            current = []
            if any(l.strip() and not l.strip().startswith("--") for l in text.splitlines()):
                out.append(text)
    rest = "\n".join(current).strip()
    if any(l.strip() and not l.strip().startswith("--") for l in rest.splitlines()):
        out.append(rest)
    return out


def shuffle_bytes(spark):
    """Shuffle bytes written and read by every stage so far, from the
    session's status API (the Spark UI on localhost); None when off."""
    url = spark.sparkContext.uiWebUrl
    if not url:
        return None
    app = spark.sparkContext.applicationId
    try:
        with urllib.request.urlopen(f"{url}/api/v1/applications/{app}/stages?status=complete", timeout=30) as r:
            stages = json.load(r)
    except OSError:
        return None
    written = sum(s.get("shuffleWriteBytes", 0) for s in stages)
    read = sum(s.get("shuffleReadBytes", 0) for s in stages)
    return {"shuffle_write_bytes": written, "shuffle_read_bytes": read, "stages": len(stages)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sql", required=True, help="the script of `touchstone sql --dialect spark`")
    ap.add_argument("--out", required=True, help="warehouse folder for the two output tables (replaced)")
    ap.add_argument("--partitions", type=int, default=8, help="spark.sql.shuffle.partitions (default 8)")
    ap.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    ap.add_argument("--driver-memory", default="4g", help="spark.driver.memory (default 4g)")
    ap.add_argument("events", nargs="+", help="CSV files, or Parquet files/folders with source and row")
    args = ap.parse_args()

    from pyspark.sql import SparkSession, functions as F

    out = os.path.abspath(args.out)
    for table in ("touchstone_facts", "touchstone_aggregates"):
        shutil.rmtree(os.path.join(out, table), ignore_errors=True)
    os.makedirs(out, exist_ok=True)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("touchstone-facts")
        .config("spark.sql.shuffle.partitions", str(args.partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.warehouse.dir", out)
        .config("spark.driver.memory", args.driver_memory)
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    started = time.perf_counter()
    csv = [p for p in args.events if p.lower().endswith((".csv", ".csv.gz"))]
    parquet = [p for p in args.events if p not in csv]
    frames = []
    if csv:
        df = spark.read.option("header", True).option("inferSchema", False).csv(csv)
        for c in CANONICAL:
            if c not in df.columns:
                df = df.withColumn(c, F.lit(None).cast("string"))
        df = df.select(
            F.col("prospect_id"),
            F.expr("try_to_timestamp(ts)").alias("ts"),
            "direction",
            "channel",
            "outcome",
            "rep_id",
            F.col("_metadata.file_path").alias("source"),
            F.monotonically_increasing_id().alias("row"),
        )
        frames.append(df)
    if parquet:
        frames.append(spark.read.parquet(*parquet).select(*CANONICAL, "source", "row"))
    events = frames[0]
    for f in frames[1:]:
        events = events.unionByName(f)
    events.createOrReplaceTempView("touch_events")
    timings = []
    shuffled = 0
    for stmt in statements(open(args.sql, encoding="utf-8").read()):
        t = time.perf_counter()
        spark.sql(stmt)
        first = next(l for l in stmt.splitlines() if l.strip() and not l.strip().startswith("--"))
        now = (shuffle_bytes(spark) or {}).get("shuffle_write_bytes", 0)
        timings.append({"statement": first.strip()[:80], "seconds": round(time.perf_counter() - t, 3),
                        "shuffle_write_bytes": now - shuffled})
        shuffled = now
        print(f"{timings[-1]['seconds']:8.2f} s {timings[-1]['shuffle_write_bytes'] / 1e6:9.1f} MB shuffled  "
              f"{timings[-1]['statement']}", file=sys.stderr)
    total = time.perf_counter() - started
    facts = spark.table("touchstone_facts").count()
    aggregates = spark.table("touchstone_aggregates").count()
    counts = {
        r["label"]: r["n"]
        for r in spark.table("touchstone_aggregates").where("table_name = 'rows'").collect()
    }
    report = {
        "spark": spark.version,
        "master": args.master,
        "default_parallelism": spark.sparkContext.defaultParallelism,
        "shuffle_partitions": args.partitions,
        "rows_read": counts.get("rows_read"),
        "events": counts.get("events"),
        "facts_rows": facts,
        "aggregates_rows": aggregates,
        "seconds": round(total, 2),
        "statements": timings,
        "shuffle": shuffle_bytes(spark),
    }
    with open(os.path.join(out, "spark_run.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    print(
        f"Spark {spark.version} ({args.master}, {args.partitions} shuffle partitions): "
        f"{counts.get('rows_read')} rows read, {facts} prospects, {aggregates} aggregate rows "
        f"in {total:.1f} s; tables in {out}",
        file=sys.stderr,
    )
    spark.stop()


if __name__ == "__main__":
    main()
