#!/usr/bin/env bash
# Side-by-side benchmark of `touchstone analyze` against the floor (polars
# scanning the file and grouping it by prospect) and against the same
# metrics written as DuckDB SQL (scripts/bench_duckdb.py), on generated
# canonical logs of 1M and 10M events, as CSV and as Parquet.
#
#   scripts/bench.sh                      # sizes 1000000 10000000, 3 runs each
#   SIZES="1000000" REPEAT=5 scripts/bench.sh
#   TOUCHSTONE=/path/to/touchstone scripts/bench.sh   # skip the release build
#   BASELINE=/path/to/old/touchstone scripts/bench.sh # also check the JSON is unchanged
#   PRESETS=0 scripts/bench.sh            # skip the HubSpot/Salesforce-format runs
#
# Besides `analyze` on the CSV, it times `facts` (CSV to Parquet), `analyze
# --facts` on that file, and `analyze` on the same log written as a HubSpot
# and a Salesforce export (the issue's "within 1.5x of canonical"). With
# TOUCHSTONE_TIMINGS set, touchstone prints its stage times on stderr.
#
# Needs: a Rust toolchain (unless TOUCHSTONE is set), python3 with venv,
# GNU time (/usr/bin/time; installed with apt-get if missing and possible).
# Python packages (polars, duckdb) go into a venv under $BENCH_DIR, which
# also holds the generated files (about 60 bytes per event); nothing is
# written into the repository. Each measurement is the fastest of REPEAT
# runs with a warm page cache; peak memory is the maximum resident set size
# of that run as GNU time reports it. Results are appended to
# $BENCH_DIR/results.md and printed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-$HOME/.cache/touchstone-bench}
SIZES=${SIZES:-"1000000 10000000"}
REPEAT=${REPEAT:-3}
SEED=${SEED:-1}
POLARS_VERSION=${POLARS_VERSION:-2.1.0}
DUCKDB_VERSION=${DUCKDB_VERSION:-2.0.0}
mkdir -p "$BENCH_DIR"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time" >&2
  apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi

VENV=$BENCH_DIR/venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import polars, duckdb" 2>/dev/null; then
  "$VENV/bin/pip" install -q "polars==$POLARS_VERSION" "duckdb==$DUCKDB_VERSION"
fi
PY=$VENV/bin/python

if [ -z "${TOUCHSTONE:-}" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
  TOUCHSTONE=${CARGO_TARGET_DIR:-$ROOT/target}/release/touchstone
fi

# measure NAME CMD...: run REPEAT times, keep the fastest wall time and the
# peak RSS of that run; sets WALL (s) and RSS (MB).
measure() {
  local name=$1; shift
  local best="" best_rss="" out="$BENCH_DIR/time.$$"
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>"$BENCH_DIR/stderr.$$" || {
      echo "FAILED: $name: $*" >&2; cat "$BENCH_DIR/stderr.$$" >&2; return 1; }
    read -r wall rss <"$out"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall; best_rss=$rss
    fi
  done
  rm -f "$out" "$BENCH_DIR/stderr.$$"
  WALL=$best
  RSS=$(awk -v k="$best_rss" 'BEGIN { printf "%.0f", k / 1024 }')
  printf '| %-34s | %8.2f | %8s |\n' "$name" "$WALL" "$RSS"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo
  echo "touchstone: $("$TOUCHSTONE" --version) ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet 2>/dev/null || echo ', dirty tree')); $("$PY" -c 'import polars, duckdb; print(f"polars {polars.__version__}, duckdb {duckdb.__version__}")')"
} | tee -a "$BENCH_DIR/results.md"

for N in $SIZES; do
  CSV=$BENCH_DIR/events_$N.csv
  PQ=$BENCH_DIR/events_$N.parquet
  {
    echo
    echo "### $N events"
    echo
    echo '| step                               | wall (s) | peak RSS (MB) |'
    echo '|------------------------------------|---------:|--------------:|'
  } | tee -a "$BENCH_DIR/results.md"
  {
    REPEAT=1 measure "generate CSV" "$TOUCHSTONE" generate --events "$N" --seed "$SEED" --out "$CSV"
    REPEAT=1 measure "generate Parquet" "$TOUCHSTONE" generate --events "$N" --seed "$SEED" --out "$PQ"
    cat "$CSV" "$PQ" >/dev/null # warm the page cache
    measure "polars scan+group (CSV)" "$PY" "$ROOT/scripts/bench_polars.py" "$CSV"; FLOOR=$WALL
    measure "polars scan+group (Parquet)" "$PY" "$ROOT/scripts/bench_polars.py" "$PQ"; FLOOR_PQ=$WALL
    measure "touchstone analyze --format json" "$TOUCHSTONE" analyze --format json "$CSV"; TS=$WALL; TS_RSS=$RSS
    FACTS=$BENCH_DIR/facts_$N.parquet
    measure "touchstone facts (to Parquet)" sh -c 'rm -f "$2" && "$0" facts "$1" -o "$2"' "$TOUCHSTONE" "$CSV" "$FACTS"
    measure "touchstone analyze --facts" "$TOUCHSTONE" analyze --format json --facts "$FACTS"
    if [ "${PRESETS:-1}" != 0 ]; then
      for fmt in hubspot salesforce; do
        F=$BENCH_DIR/events_${N}_$fmt.csv
        [ -f "$F" ] || "$TOUCHSTONE" generate --events "$N" --seed "$SEED" --format "$fmt" --out "$F" >/dev/null 2>&1
        cat "$F" >/dev/null
        measure "touchstone analyze ($fmt export)" "$TOUCHSTONE" analyze --format json "$F"
        echo "  $fmt / canonical: $(ratio "$WALL" "$TS") (target <= 1.5)"
      done
    fi
    measure "duckdb SQL (CSV)" "$PY" "$ROOT/scripts/bench_duckdb.py" "$CSV"; DUCK=$WALL
    measure "duckdb SQL (Parquet)" "$PY" "$ROOT/scripts/bench_duckdb.py" "$PQ"; DUCK_PQ=$WALL
    SIZE_MB=$(du -m "$CSV" | cut -f1)
    echo
    echo "CSV $SIZE_MB MB, Parquet $(du -m "$PQ" | cut -f1) MB. touchstone / polars floor: $(ratio "$TS" "$FLOOR") (target <= 1.2);" \
      "duckdb / touchstone: $(ratio "$DUCK" "$TS") (target >= 1.5; duckdb on Parquet: $(ratio "$DUCK_PQ" "$TS"));" \
      "touchstone peak RSS / CSV size: $(ratio "$TS_RSS" "$SIZE_MB") (target < 1)."
    # Cross-check: both engines give the same conversion table.
    "$TOUCHSTONE" analyze --format json "$CSV" >"$BENCH_DIR/analyze_$N.json"
    "$PY" "$ROOT/scripts/bench_duckdb.py" "$CSV" --json >"$BENCH_DIR/duckdb_$N.json" 2>/dev/null
    "$PY" - "$BENCH_DIR/analyze_$N.json" "$BENCH_DIR/duckdb_$N.json" <<'PY'
import json, sys
ts = json.load(open(sys.argv[1]))["conversion_by_touch"]
dk = json.load(open(sys.argv[2]))["conversion_by_touch"]
same = [(a["reached"], a["conversions"]) == (b["reached"], b["conversions"]) for a, b in zip(ts, dk)]
print(f"Cross-check: conversion table (reached, conversions) identical in {sum(same)} of {len(same)} rows.")
PY
    if [ -n "${BASELINE:-}" ]; then
      "$BASELINE" analyze --format json "$CSV" >"$BENCH_DIR/baseline_$N.json" 2>/dev/null
      if cmp -s "$BENCH_DIR/baseline_$N.json" "$BENCH_DIR/analyze_$N.json"; then
        echo "Numbers unchanged: the JSON equals the baseline build's, byte for byte."
      else
        echo "JSON DIFFERS from the baseline build's: diff $BENCH_DIR/baseline_$N.json $BENCH_DIR/analyze_$N.json"
      fi
    fi
  } | tee -a "$BENCH_DIR/results.md"
done
