#!/usr/bin/env python3
"""Proof that the SQL route equals the single-machine result (issue 15,
docs/metrics.md §10). Run by .ci/run:

    python3 scripts/engine_check.py --touchstone target/debug/touchstone [--events N]

1. Makes a virtual environment (default $HOME/.cache/touchstone-engines/venv,
   or $TOUCHSTONE_ENGINES_DIR/venv) with pinned duckdb and sqlglot, and
   pyspark when a JDK (`java`) is present, and re-runs itself in it.
2. Writes a log with the hard cases: `touchstone generate`, then
   deterministic changes (seeded) spread over three source files: exact
   duplicates spelled differently (in the same and in another file), ties
   at one instant (a reply, a won or lost event, a second touch at the time
   of a touch), values with spaces, tabs and no-break spaces, upper case,
   direction synonyms, empty and unknown directions, unknown channels and
   outcomes, empty reps, rejected rows (no id, an unreadable or implausible
   time) and blank rows.
3. For two parameter sets (the defaults, with the engine computing T; and
   an as-of before the last event, restricted touch channels, other quiet
   and dark days, and a time zone with daylight saving for the timing
   tables of docs/metrics.md §11.4, so the engines' zone functions are checked
   too), runs `touchstone facts --aggregates` and `touchstone
   analyze`/`worklist`/`reps` on the events as the reference.
4. DuckDB (always): loads the files as the table touch_events (source =
   the file's path, row = its data row), runs `touchstone sql --dialect
   duckdb`, writes the two tables as several Parquet part files, and
   checks: the facts equal the reference column by column (same columns in
   the same order; times to the microsecond); the aggregates equal the
   reference's counts; `analyze`, `worklist` and `reps` on the facts and
   aggregates equal them on the events value by value. It also runs the
   SQL on two shards of prospects and checks that their outputs, read
   together, give the same numbers (merging is addition).
5. Spark (when a JDK is present; a loud note otherwise): runs
   scripts/spark_facts.py on the CSV files with several shuffle partitions
   and makes the same checks.
6. Checks that the BigQuery, Snowflake and Trino scripts (and the Spark and
   DuckDB ones) parse with sqlglot in their dialects.

Value by value means: integers and strings equal, floats within 1e-9.
Only two fields of the JSON may differ, and are skipped: `inputs` (the
file names read) and `input_kind` (`events` against `facts`): they say
what was read, not a number. Exit 1 on any difference.
"""
import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PINS = ["duckdb==2.0.1", "sqlglot==30.31.0"]
SPARK_PIN = "pyspark==4.3.0"
HERE = Path(__file__).resolve().parent
TOL = 1e-9
IGNORED = {"inputs", "input_kind"}
FACTS_COLUMNS = [
    "prospect_id", "n_events", "n_touches", "first_touch_ts", "last_touch_ts", "won_ts", "K", "m", "R",
    "first_response_ts", "status", "last_rep", "first_channel", "first_rep", "last_channel",
    "meeting_followups", "mixed_from", "engaged",
    "start_ts", "dark_at", "touches_after_dark", "silences", "silences_touched", "silences_touched_revived",
    "silences_revived", "as_of", "quiet_days", "dark_days",
]
TIME_COLUMNS = {"first_touch_ts", "last_touch_ts", "won_ts", "first_response_ts", "start_ts", "dark_at", "as_of"}
DATES_TO = "2030-01-01"
PARAM_SETS = {
    "defaults": [],
    "restricted": ["--as-of", "2025-10-15", "--quiet-days", "21", "--dark-days", "10",
                   "--touch-channels", "call,email,meeting", "--tz", "Europe/Paris"],
}


def say(msg):
    print(f"[engine-check] {msg}", file=sys.stderr, flush=True)


def loud(msg):
    bar = "!" * 78
    print(f"\n{bar}\n[engine-check] {msg}\n{bar}\n", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ venv

def ensure_venv(want_spark):
    """Re-run inside the engines venv, creating it (pinned) when needed."""
    base = Path(os.environ.get("TOUCHSTONE_ENGINES_DIR", Path.home() / ".cache" / "touchstone-engines"))
    venv = base / "venv"
    py = venv / "bin" / "python"
    pins = PINS + ([SPARK_PIN] if want_spark else [])
    stamp = venv / "touchstone-pins.txt"
    have = stamp.read_text().split() if stamp.exists() else []
    if not py.exists():
        say(f"creating {venv}")
        base.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    missing = [p for p in pins if p not in have]
    if missing:
        say(f"installing {' '.join(missing)} into {venv}")
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *missing], check=True)
        stamp.write_text("\n".join(sorted(set(have) | set(missing))) + "\n")
    if Path(sys.prefix).resolve() != venv.resolve():
        os.execv(str(py), [str(py), __file__, *sys.argv[1:], "--in-venv"])


# ------------------------------------------------------------------ data

WS = [" ", "  ", "\t", "\u00a0", " \u2003"]


def pad(v, rng):
    return rng.choice(WS) + v + rng.choice(WS)


def case(v, rng):
    return rng.choice([v.upper(), v.title(), v.swapcase()])


def perturb(base_csv, out_dir, seed):
    """The generated log, made hard, as three CSV files; returns their paths."""
    rng = random.Random(seed)
    with open(base_csv, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    names = ["a.csv", "b.csv", "c.csv"]
    files = {n: [] for n in names}
    synonyms = {"in": ["Inbound", "INCOMING", " in "], "out": ["outgoing", "OutBound", "OUT"]}
    for r in rows:
        pid, ts, direction, channel, outcome, rep = r
        target = rng.choice(names)
        extra = []
        u = rng.random()
        if u < 0.010:  # a duplicate spelled differently, maybe in another file
            extra.append((rng.choice(names), [pad(pid, rng), ts, case(direction, rng), case(channel, rng),
                                              case(outcome, rng), rep]))
        elif u < 0.020:  # a tie: another event of the prospect at the same instant
            kind = rng.choice(["reply", "won", "lost", "touch", "connected", "bounce"])
            other_rep = rep if rng.random() < 0.5 else f"rep_{rng.randint(1, 60):03d}"
            tie = {
                "reply": ["in", "email", "replied"],
                "won": [rng.choice(["in", "out"]), "meeting", "won"],
                "lost": ["in", "call", "lost"],
                "touch": ["out", rng.choice(["call", "sms", "email"]), "none"],
                "connected": ["out", "call", "connected"],
                "bounce": ["out", "email", "bounced"],
            }[kind]
            extra.append((rng.choice([target, rng.choice(names)]), [pid, ts, *tie, other_rep]))
        v = rng.random()
        if v < 0.03:
            pid = pad(pid, rng)
        v = rng.random()
        if v < 0.05:
            channel = case(channel, rng) if rng.random() < 0.7 else pad(channel, rng)
        elif v < 0.06:
            channel = rng.choice(["Fax", "carrier pigeon", "LinkedIn InMail"])
        v = rng.random()
        if v < 0.04:
            outcome = case(outcome, rng)
        elif v < 0.045:
            outcome = rng.choice(["Maybe Later", "left msg"])
        v = rng.random()
        if v < 0.05:
            direction = rng.choice(synonyms.get(direction, [direction]))
        elif v < 0.07:
            direction = ""
        elif v < 0.075:
            direction = "sideways"
        v = rng.random()
        if v < 0.02:
            rep = ""
        elif v < 0.04:
            rep = pad(rep, rng)
        w = rng.random()
        if w < 0.0005:
            pid = rng.choice(["", "   "])
        elif w < 0.001:
            ts = rng.choice(["not a date", "1985-06-01T00:00:00Z", "2031-01-01T00:00:00Z"])
        files[target].append([pid, ts, direction, channel, outcome, rep])
        for name, row in extra:
            files[name].append(row)
        if rng.random() < 0.0005:
            files[rng.choice(names)].append(["", "", "", "", "", ""])
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        p = out_dir / name
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writerow(header)
            w.writerows(files[name])
        paths.append(p)
    # The same rows as the engine's table: source = the path as touchstone
    # is given it, row = the data row in that file.
    with open(out_dir / "engine_input.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(header + ["source", "row"])
        for p, name in zip(paths, names):
            for i, row in enumerate(files[name], start=1):
                w.writerow(row + [str(p), str(i)])
    return paths, out_dir / "engine_input.csv"


# ------------------------------------------------------------------ comparing

def compare_json(ref, got, path="", out=None, top=True):
    """Differences between two JSON values: ints and strings exactly, floats to TOL."""
    out = [] if out is None else out
    if isinstance(ref, dict) and isinstance(got, dict):
        for k in sorted(set(ref) | set(got)):
            if top and k in IGNORED:
                continue
            if k not in ref or k not in got:
                out.append(f"{path}.{k}: present on one side only")
            else:
                compare_json(ref[k], got[k], f"{path}.{k}", out, False)
    elif isinstance(ref, list) and isinstance(got, list):
        if len(ref) != len(got):
            out.append(f"{path}: {len(ref)} items against {len(got)}")
        for i, (a, b) in enumerate(zip(ref, got)):
            compare_json(a, b, f"{path}[{i}]", out, False)
    elif isinstance(ref, bool) or isinstance(got, bool) or isinstance(ref, str) or isinstance(got, str):
        if ref != got:
            out.append(f"{path}: {ref!r} against {got!r}")
    elif isinstance(ref, float) or isinstance(got, float):
        if ref is None or got is None or abs(ref - got) > TOL:
            out.append(f"{path}: {ref!r} against {got!r}")
    elif ref != got:
        out.append(f"{path}: {ref!r} against {got!r}")
    return out


def parquet_glob(p):
    p = Path(p)
    return str(p / "*.parquet") if p.is_dir() else str(p)


def compare_facts(con, ref, got):
    """Column-by-column differences between two facts tables (Parquet)."""
    problems = []
    r = con.execute(f"SELECT * FROM read_parquet('{parquet_glob(ref)}')")
    ref_cols = [d[0] for d in r.description]
    g = con.execute(f"SELECT * FROM read_parquet('{parquet_glob(got)}')")
    got_cols = [d[0] for d in g.description]
    if got_cols != FACTS_COLUMNS:
        problems.append(f"facts columns {got_cols} are not {FACTS_COLUMNS}")
        return problems
    if ref_cols != FACTS_COLUMNS:
        problems.append(f"reference facts columns {ref_cols} are not {FACTS_COLUMNS}")
        return problems
    con.execute(f"CREATE OR REPLACE TEMP TABLE fr AS SELECT * FROM read_parquet('{parquet_glob(ref)}')")
    con.execute(f"CREATE OR REPLACE TEMP TABLE fg AS SELECT * FROM read_parquet('{parquet_glob(got)}')")
    nr, ng = con.execute("SELECT (SELECT count(*) FROM fr), (SELECT count(*) FROM fg)").fetchone()
    dup = con.execute("SELECT count(*) - count(DISTINCT prospect_id) FROM fg").fetchone()[0]
    if nr != ng or dup:
        problems.append(f"{nr} reference prospects against {ng} ({dup} duplicated ids)")
    only = con.execute(
        "SELECT count(*) FROM fr FULL JOIN fg USING (prospect_id) WHERE fr.n_events IS NULL OR fg.n_events IS NULL"
    ).fetchone()[0]
    if only:
        problems.append(f"{only} prospect ids are in one table only")
    for c in FACTS_COLUMNS[1:]:
        a, b = (f"epoch_us(fr.{c})", f"epoch_us(fg.{c})") if c in TIME_COLUMNS else (
            f"CAST(fr.\"{c}\" AS VARCHAR)", f"CAST(fg.\"{c}\" AS VARCHAR)")
        if c not in TIME_COLUMNS and c not in ("status", "last_rep", "first_channel", "first_rep", "last_channel",
                                                "engaged"):
            a, b = f"CAST(fr.\"{c}\" AS BIGINT)", f"CAST(fg.\"{c}\" AS BIGINT)"
        bad = con.execute(
            f"SELECT count(*), min(prospect_id) FROM fr JOIN fg USING (prospect_id) WHERE {a} IS DISTINCT FROM {b}"
        ).fetchone()
        if bad[0]:
            ex = con.execute(
                f"SELECT prospect_id, {a}, {b} FROM fr JOIN fg USING (prospect_id) "
                f"WHERE {a} IS DISTINCT FROM {b} ORDER BY prospect_id LIMIT 3"
            ).fetchall()
            problems.append(f"column {c}: {bad[0]} prospects differ, e.g. {ex}")
    return problems


def compare_aggregates(con, ref, got):
    """Differences between two aggregates tables, counts summed by key
    (parameter rows compared as sets)."""
    def load(p):
        return (f"SELECT table_name, label, k, x, y, CASE WHEN table_name IN ('params', 'touch_channel', 'tz') THEN 1 "
                f"ELSE sum(n) END AS n FROM read_parquet('{parquet_glob(p)}') GROUP BY table_name, label, k, x, y")
    rows = con.execute(
        f"SELECT coalesce(r.table_name, g.table_name), coalesce(r.label, g.label), coalesce(r.k, g.k), "
        f"coalesce(r.x, g.x), coalesce(r.y, g.y), r.n, g.n FROM ({load(ref)}) r FULL JOIN ({load(got)}) g "
        f"ON r.table_name = g.table_name AND r.label IS NOT DISTINCT FROM g.label AND r.k IS NOT DISTINCT FROM g.k "
        f"AND r.x IS NOT DISTINCT FROM g.x AND r.y IS NOT DISTINCT FROM g.y "
        f"WHERE r.n IS DISTINCT FROM g.n AND NOT (coalesce(r.n, 0) = 0 AND coalesce(g.n, 0) = 0) "
        f"ORDER BY 1, 2, 3, 4, 5 LIMIT 5"
    ).fetchall()
    return [f"aggregates differ at (table, label, k, x, y) = {r[:5]}: {r[5]} against {r[6]}" for r in rows]


# ------------------------------------------------------------------ runs

class Checker:
    def __init__(self, touchstone, work):
        self.ts = touchstone
        self.work = work
        self.failures = []

    def run(self, args, stdout=None):
        res = subprocess.run([self.ts, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if res.returncode != 0:
            raise SystemExit(f"touchstone {' '.join(args)} failed:\n{res.stderr}")
        if stdout:
            Path(stdout).write_text(res.stdout, encoding="utf-8")
        return res.stdout

    def reference(self, files, params, tag):
        d = self.work / f"ref-{tag}"
        d.mkdir(exist_ok=True)
        common = [*map(str, files), "--dates-to", DATES_TO, *params]
        self.run(["facts", *common, "-o", str(d / "facts.parquet"), "--aggregates", str(d / "aggregates.parquet")])
        out = {}
        for cmd, extra in (("analyze", []), ("worklist", []), ("reps", [])):
            out[cmd] = json.loads(self.run([cmd, *common, "--format", "json", *extra]))
        return d, out

    def check(self, engine, tag, ref_dir, ref_json, facts, aggregates, con, compare_tables=True):
        problems = []
        if compare_tables:
            problems += compare_facts(con, ref_dir / "facts.parquet", facts[0])
            problems += compare_aggregates(con, ref_dir / "aggregates.parquet", aggregates[0])
        args = ["--facts", *map(str, facts), "--aggregates", *map(str, aggregates), "--format", "json"]
        for cmd in ("analyze", "worklist", "reps"):
            got = json.loads(self.run([cmd, *args]))
            diffs = compare_json(ref_json[cmd], got)
            problems += [f"{cmd}{d}" for d in diffs[:10]]
            if len(diffs) > 10:
                problems.append(f"{cmd}: {len(diffs) - 10} more differences")
        if problems:
            self.failures.append((engine, tag, problems))
            say(f"{engine} [{tag}]: FAILED")
            for p in problems:
                say(f"    {p}")
        else:
            n = ref_json["analyze"]["counts"]["events"]
            say(f"{engine} [{tag}]: facts, aggregates, analyze, worklist and reps equal ({n} events)")


def duckdb_input(con, engine_csv):
    """The table touch_events: the rows of every file with their source and
    row, read as text first (then the time is cast: unreadable ones are NULL)."""
    con.execute(f"CREATE OR REPLACE TABLE raw_events AS SELECT * FROM read_csv('{engine_csv}', header = true, "
                "quote = '\"', delim = ',', all_varchar = true)")
    con.execute(
        "CREATE OR REPLACE TABLE touch_events AS SELECT prospect_id, TRY_CAST(ts AS TIMESTAMPTZ) AS ts, direction, "
        "channel, outcome, rep_id, source, CAST(\"row\" AS BIGINT) AS \"row\" FROM raw_events"
    )


def duckdb_run(con, sql, out):
    """Run a DuckDB script and write the two tables as part files into
    out/facts (three) and out/aggregates (two, the params in one only)."""
    con.execute(sql)
    shutil.rmtree(out, ignore_errors=True)
    (out / "facts").mkdir(parents=True)
    (out / "aggregates").mkdir(parents=True)
    for i in range(3):
        con.execute(f"COPY (SELECT * FROM touchstone_facts WHERE hash(prospect_id) % 3 = {i}) "
                    f"TO '{out}/facts/part-{i}.parquet' (FORMAT parquet)")
    for i in range(2):
        con.execute(f"COPY (SELECT * EXCLUDE (i) FROM (SELECT *, row_number() OVER () AS i FROM touchstone_aggregates) "
                    f"WHERE i % 2 = {i}) TO '{out}/aggregates/part-{i}.parquet' (FORMAT parquet)")
    return out / "facts", out / "aggregates"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--touchstone", default=None, help="the touchstone binary (default: target/debug/touchstone)")
    ap.add_argument("--events", type=int, default=200_000, help="events to generate (default 200000)")
    ap.add_argument("--spark-events", type=int, default=None, help="events for the Spark run (default: --events)")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--work", default=None, help="work folder (default: a temporary one, removed)")
    ap.add_argument("--no-spark", action="store_true", help="skip Spark even when a JDK is present")
    ap.add_argument("--in-venv", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    java = shutil.which("java")
    want_spark = bool(java) and not args.no_spark
    if not args.in_venv:
        ensure_venv(want_spark)
    import duckdb
    import sqlglot

    target = os.environ.get("CARGO_TARGET_DIR", str(HERE.parent / "target"))
    touchstone = args.touchstone or str(Path(target) / "debug" / "touchstone")
    if not Path(touchstone).exists():
        raise SystemExit(f"no touchstone binary at {touchstone}: build it (cargo build) or pass --touchstone")
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="touchstone-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    ch = Checker(touchstone, work)
    started = time.perf_counter()

    base = work / "generated.csv"
    ch.run(["generate", "--events", str(args.events), "--seed", str(args.seed), "--out", str(base)])
    files, engine_csv = perturb(base, work / "events", args.seed)
    say(f"{args.events} generated events made hard in {', '.join(p.name for p in files)} ({work})")

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    duckdb_input(con, engine_csv)
    refs = {}
    for tag, params in PARAM_SETS.items():
        ref_dir, ref_json = ch.reference(files, params, tag)
        refs[tag] = (ref_dir, ref_json)
        sql = ch.run(["sql", "--dialect", "duckdb", "--dates-to", DATES_TO, *params])
        facts, aggregates = duckdb_run(con, sql, work / f"duckdb-{tag}")
        ch.check("duckdb", tag, ref_dir, ref_json, [facts], [aggregates], con)

    # Shards: two runs over disjoint prospects, read together (T must be fixed).
    tag = "restricted"
    ref_dir, ref_json = refs[tag]
    sql = ch.run(["sql", "--dialect", "duckdb", "--dates-to", DATES_TO, "--table", "touch_events_shard",
                  *PARAM_SETS[tag]])
    key = "hash(coalesce(regexp_extract(prospect_id, '[0-9]+'), '')) % 2"
    shard_out = []
    for i in range(2):
        con.execute(f"CREATE OR REPLACE VIEW touch_events_shard AS SELECT * FROM touch_events WHERE {key} = {i}")
        shard_out.append(duckdb_run(con, sql, work / f"duckdb-shard{i}"))
    ch.check("duckdb shards", tag, ref_dir, ref_json, [s[0] for s in shard_out], [s[1] for s in shard_out], con,
             compare_tables=False)

    # Every dialect's script parses in its own dialect.
    for dialect, reader in (("spark", "spark"), ("duckdb", "duckdb"), ("bigquery", "bigquery"),
                            ("snowflake", "snowflake"), ("trino", "trino")):
        for tag, params in PARAM_SETS.items():
            text = ch.run(["sql", "--dialect", dialect, *params])
            try:
                parsed = sqlglot.parse(text, read=reader, error_level=sqlglot.ErrorLevel.RAISE)
                commands = [e for e in parsed if isinstance(e, sqlglot.exp.Command)]
                if commands:
                    raise ValueError(f"{len(commands)} statement(s) not understood, first: "
                                     f"{commands[0].sql()[:80]!r}")
                say(f"sqlglot: the {dialect} script [{tag}] parses ({len(parsed)} statements)")
            except Exception as e:  # noqa: BLE001 (any parse failure is a failure of the check)
                ch.failures.append(("sqlglot " + dialect, tag, [str(e)[:500]]))
                say(f"sqlglot: the {dialect} script [{tag}] does NOT parse: {str(e)[:300]}")

    if not java:
        loud("NO JDK (java not found): the Spark equality check is SKIPPED. Install a JDK 17 to run it.")
    elif args.no_spark:
        loud("--no-spark: the Spark equality check is SKIPPED.")
    else:
        spark_files = files
        if args.spark_events and args.spark_events != args.events:
            sbase = work / "generated-spark.csv"
            ch.run(["generate", "--events", str(args.spark_events), "--seed", str(args.seed), "--out", str(sbase)])
            spark_files, _ = perturb(sbase, work / "events-spark", args.seed)
        tag = "restricted"
        ref_dir, ref_json = refs[tag] if spark_files is files else ch.reference(spark_files, PARAM_SETS[tag], "spark")
        sql_path = work / "spark.sql"
        ch.run(["sql", "--dialect", "spark", "--dates-to", DATES_TO, *PARAM_SETS[tag], "-o", str(sql_path)])
        out = work / "spark"
        res = subprocess.run([sys.executable, str(HERE / "spark_facts.py"), "--sql", str(sql_path), "--out", str(out),
                              "--partitions", "4", "--driver-memory", "2g", *map(str, spark_files)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if res.returncode != 0:
            ch.failures.append(("spark", tag, [res.stderr[-3000:]]))
            say("spark: the run FAILED:\n" + res.stderr[-3000:])
        else:
            ch.check("spark", tag, ref_dir, ref_json, [out / "touchstone_facts"], [out / "touchstone_aggregates"], con)

    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    took = time.perf_counter() - started
    if ch.failures:
        say(f"{len(ch.failures)} check(s) FAILED in {took:.0f} s")
        sys.exit(1)
    say(f"all equality checks passed in {took:.0f} s")


if __name__ == "__main__":
    main()
