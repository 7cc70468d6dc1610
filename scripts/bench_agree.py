#!/usr/bin/env python3
"""Do touchstone, the DuckDB script and the polars script agree? For
scripts/bench.sh.

    bench_agree.py TOUCHSTONE.json DUCKDB.json POLARS.json

TOUCHSTONE.json is `touchstone analyze --format json FILE`; the other two are
`bench_duckdb.py FILE --json` and `bench_polars_metrics.py FILE --json`.
Compares each script with touchstone on

- the conversion table (docs/metrics.md §3): every row k = 1..15 (the last is
  `15+`), `reached` and `conversions` exactly, `hazard` and `km` within
  1e-9;
- the give-up distribution (§4): the count for every n = 1..15 (`15+`)
  exactly (a row a script does not print counts 0).

and, as a further line, the rest both scripts print: share and cum_share,
the Wilson and Greenwood bands, the give-up shares, per-rep given-up counts,
medians and shares, reps giving up after one follow-up, and left on the
table (floats within 1e-9, relative to the value when it exceeds 1).
Prints one line per script and the first differences; exits 1 when the
conversion table or the give-up distribution differ.
"""
import json
import sys

TOL = 1e-9


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def diff(a, b):
    if a is None or b is None:
        return 0.0
    return abs(a - b)


def check(ts, other):
    """(differences in the conversion table and give-up distribution,
    max float diff there, further differences)."""
    core, extra, worst = [], [], 0.0
    rows_t = {r["k"]: r for r in ts["conversion_by_touch"]}
    rows_o = {r["k"]: r for r in other["conversion_by_touch"]}
    for k in sorted(set(rows_t) | set(rows_o)):
        a, b = rows_t.get(k), rows_o.get(k)
        if a is None or b is None:
            core.append(f"conversion row k={k} missing in {'touchstone' if a is None else 'the script'}")
            continue
        for key in ("reached", "conversions"):
            if a[key] != b[key]:
                core.append(f"conversion k={k} {key}: touchstone {a[key]}, script {b[key]}")
        for key in ("hazard", "km"):
            worst = max(worst, diff(a[key], b[key]))
            if not close(a[key], b[key]):
                core.append(f"conversion k={k} {key}: touchstone {a[key]!r}, script {b[key]!r}")
        for key in ("share", "cum_share", "hazard_lo", "hazard_hi", "km_lo", "km_hi"):
            if not close(a[key], b[key]):
                extra.append(f"conversion k={k} {key}: touchstone {a[key]!r}, script {b[key]!r}")
    gt, go = ts["give_up"], other["give_up"]
    dist_t = {r["n"]: r for r in gt["distribution"]}
    dist_o = {r["n"]: r for r in go["distribution"]}
    for n in sorted(set(dist_t) | set(dist_o)):
        a, b = dist_t.get(n, {"count": 0}), dist_o.get(n, {"count": 0})
        if a["count"] != b["count"]:
            core.append(f"give-up n={n} count: touchstone {a['count']}, script {b['count']}")
        elif a["count"]:
            for key in ("share", "cum_share"):
                if not close(a[key], b[key]):
                    extra.append(f"give-up n={n} {key}: touchstone {a[key]!r}, script {b[key]!r}")
    if gt["given_up"] != go["given_up"]:
        extra.append(f"given_up: touchstone {gt['given_up']}, script {go['given_up']}")
    reps_t = {r["rep_id"]: r for r in gt["by_rep"]}
    reps_o = {r["rep_id"]: r for r in go["by_rep"]}
    if set(reps_t) != set(reps_o):
        extra.append(f"per-rep rows: {len(reps_t)} in touchstone, {len(reps_o)} in the script, {len(set(reps_t) ^ set(reps_o))} not in both")
    for rep in sorted(set(reps_t) & set(reps_o)):
        for key in ("given_up", "median_n", "share_after_one_followup"):
            if not close(reps_t[rep][key], reps_o[rep][key]):
                extra.append(f"rep {rep} {key}: touchstone {reps_t[rep][key]!r}, script {reps_o[rep][key]!r}")
    for section, key in (("reps_after_one_followup", "share"), ("reps_after_one_followup", "reps"),
                         ("left_on_table", "expected_conversions"), ("left_on_table", "prospects")):
        a, b = gt[section][key], go[section][key]
        if not close(a, b):
            extra.append(f"{section}.{key}: touchstone {a!r}, script {b!r}")
    return core, worst, extra


def main():
    ts, duck, pol = (json.load(open(p)) for p in sys.argv[1:4])
    rows = len(ts["conversion_by_touch"])
    dist = len(ts["give_up"]["distribution"])
    failed = False
    for name, other in (("duckdb", duck), ("polars", pol)):
        core, worst, extra = check(ts, other)
        failed |= bool(core)
        verdict = "AGREE" if not core else f"DIFFER in {len(core)} values"
        print(f"Agreement {name} vs touchstone: conversion table ({rows} rows: reached, conversions exact; hazard, km"
              f" max |diff| {worst:.1e}) and give-up distribution ({dist} rows, counts exact): {verdict}.")
        print(f"  also (shares, Wilson and Greenwood bands, per-rep figures, reps after one follow-up, left on the table):"
              f" {'same within 1e-9' if not extra else f'{len(extra)} differ'}.")
        for line in (core + extra)[:10]:
            print(f"    {line}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
