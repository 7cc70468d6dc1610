#!/usr/bin/env bash
# Side-by-side benchmark of `touchstone analyze` against the same §2-§4
# metrics (docs/metrics.md) written for DuckDB (scripts/bench_duckdb.py) and for
# polars' lazy API (scripts/bench_polars_metrics.py), with polars scanning
# the file and grouping it by prospect (scripts/bench_polars.py) as a floor,
# on generated canonical logs as CSV and as Parquet (issue 21's targets).
#
#   scripts/bench.sh                      # sizes 1000000 10000000, 3 rounds
#   SIZES="1000000" REPEAT=5 scripts/bench.sh
#   SIZES="10000000 100000000" scripts/bench.sh        # the 100M targets
#   TOUCHSTONE=/path/to/touchstone scripts/bench.sh    # skip the release build
#   BASELINE=/path/to/old/touchstone scripts/bench.sh  # also check the JSON is unchanged
#   PRESETS=0 scripts/bench.sh            # skip the HubSpot/Salesforce-format runs
#   MEMORY_LIMIT=1G MEMORY_LIMIT_FROM=100000000        # the defaults, see below
#
# Per size it prints one side-by-side table, every figure from this run:
# wall time and peak RSS of touchstone, DuckDB, polars and the floor, on CSV
# and on Parquet, with touchstone's speed-up over each; then touchstone's
# other steps (`facts`, `analyze --facts`, the HubSpot and Salesforce
# exports, `analyze --memory-limit` at sizes >= MEMORY_LIMIT_FROM when the
# binary has that flag, found with `analyze --help`); then the issue's
# targets, each with what was measured and whether it is met (the 10M
# targets are judged at 10M, the 100M ones at 100M and above; at other sizes
# the verdict is marked "indicative"). Then it checks that all three agree on the
# conversion table and the give-up distribution (scripts/bench_agree.py, on
# the very JSON the timed runs printed, CSV and Parquet) and, with
# BASELINE, that analyze's JSON equals the baseline build's byte for byte,
# or else value for value except the claims' bootstrap intervals
# (scripts/compare_json.py, which prints the first differences).
#
# Each command runs REPEAT times, the commands interleaved round by round
# (so a change in machine load hits all of them alike); each figure is the
# fastest run and that run's peak RSS as GNU time reports it, warm page
# cache. Python start-up and imports are inside the DuckDB and polars times.
# With TOUCHSTONE_TIMINGS set, touchstone prints its stage times on stderr,
# which is kept (last run) in $BENCH_DIR/err_<size>_<step>.
#
# Needs: a Rust toolchain (unless TOUCHSTONE is set), python3 with venv,
# GNU time (/usr/bin/time; installed with apt-get if missing and possible).
# Python packages (polars, duckdb) go into a venv under $BENCH_DIR, which
# also holds the generated files (about 60 bytes per event) and the JSON of
# every run; nothing is written into the repository. Results are appended
# to $BENCH_DIR/results.md and printed. Exits 1 when the engines disagree.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-$HOME/.cache/touchstone-bench}
SIZES=${SIZES:-"1000000 10000000"}
REPEAT=${REPEAT:-3}
SEED=${SEED:-1}
PRESETS=${PRESETS:-1}
MEMORY_LIMIT=${MEMORY_LIMIT:-1G}
MEMORY_LIMIT_FROM=${MEMORY_LIMIT_FROM:-100000000}
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
S=$ROOT/scripts

if [ -z "${TOUCHSTONE:-}" ]; then
  (cd "$ROOT" && cargo build --release --quiet)
  TOUCHSTONE=${CARGO_TARGET_DIR:-$ROOT/target}/release/touchstone
fi
HAS_MEMORY_LIMIT=0
if "$TOUCHSTONE" analyze --help 2>/dev/null | grep -q -- '--memory-limit'; then HAS_MEMORY_LIMIT=1; fi

# From here on, everything printed also goes to results.md.
exec > >(tee -a "$BENCH_DIR/results.md")

# Arithmetic and formatting, in awk.
calc() { awk "BEGIN { $1 }" </dev/null; }
ratio() { calc "if ($2 > 0) printf \"%.2f\", $1 / $2; else printf \"n/a\""; }
# to_mb SIZE: 1G, 512M, 2048K, 1.5GB, 1GiB... in MB (1024-based).
to_mb() {
  echo "$1" | awk '{ v = $0 + 0; u = toupper($0); sub(/^[0-9.]+ */, "", u); sub(/I?B$/, "", u)
    f = (u == "K") ? 1 / 1024 : (u == "" || u == "M") ? 1 : (u == "G") ? 1024 : (u == "T") ? 1048576 : -1
    if (f < 0) { print "bad size: " $0 > "/dev/stderr"; exit 1 }; printf "%.0f", v * f }'
}

# The measurements of one size. `add KEY CMD...` registers a command; its
# stdout goes to $BENCH_DIR/out_<size>_<KEY> (the JSON the checks read), its
# stderr to err_<size>_<KEY> (with TOUCHSTONE_TIMINGS, the stage times).
# `run_all` runs every registered command REPEAT times, interleaved, and
# sets WALL[KEY] (s, the fastest run) and RSS[KEY] (MB, of that run).
declare -A CMD WALL RSS
KEYS=()
add() {
  local key=$1; shift
  CMD[$key]=$(printf '%q ' "$@")
  KEYS+=("$key")
}
run_all() {
  local key round wall rss err time_out=$BENCH_DIR/time.$$
  for round in $(seq "$REPEAT"); do
    for key in "${KEYS[@]}"; do
      echo "  round $round/$REPEAT: $key" >&2
      err=$BENCH_DIR/err_${N}_$key
      if ! eval "/usr/bin/time -f '%e %M' -o \"\$time_out\" ${CMD[$key]}" >"$BENCH_DIR/out_${N}_$key" 2>"$err"; then
        echo "FAILED: $key: ${CMD[$key]}" >&2; cat "$err" >&2; exit 1
      fi
      read -r wall rss <"$time_out"
      if [ -z "${WALL[$key]:-}" ] || calc "exit !($wall < ${WALL[$key]})"; then
        WALL[$key]=$wall
        RSS[$key]=$(calc "printf \"%.0f\", $rss / 1024")
      fi
    done
  done
  rm -f "$time_out"
}
has() { [ -n "${WALL[$1]:-}" ]; }
wall() { if has "$1"; then printf '%.2f' "${WALL[$1]}"; else printf -- '-'; fi; }
rss() { if has "$1"; then printf '%s' "${RSS[$1]}"; else printf -- '-'; fi; }
# speedup OTHER: OTHER's wall over touchstone analyze's on the same input kind.
speedup() { if has "$1" && has "$2"; then printf '%sx' "$(ratio "${WALL[$1]}" "${WALL[$2]}")"; else printf -- '-'; fi; }

# target FOR WHAT MEASURED OP GOAL [UNIT]: one row of the targets table.
# FOR is the size the target is for ("10M", "100M", "any"); it is judged
# when that is this size and called indicative otherwise.
target() {
  local for=$1 what=$2 value=$3 op=$4 goal=$5 unit=${6:-} verdict unit_value
  if [ "$value" = n/a ]; then
    verdict="n/a"
    unit_value=n/a
  else
    unit_value=$value$unit
    if calc "exit !($value $op $goal)"; then verdict="met"; else verdict="**MISSED**"; fi
    if ! judged "$for"; then verdict="$verdict (indicative)"; fi
  fi
  printf '| %s | %s | %s | %s %s%s | %s |\n' "$what" "$for" "$unit_value" "$op" "$goal" "$unit" "$verdict"
}
judged() {
  case $1 in
    10M) [ "$N" = 10000000 ] ;;
    100M) [ "$N" -ge 100000000 ] ;;
    *) true ;;
  esac
}

{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "touchstone: $("$TOUCHSTONE" --version) ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet 2>/dev/null || echo ', dirty tree')); $("$PY" -c 'import polars, duckdb; print(f"polars {polars.__version__}, duckdb {duckdb.__version__}")'); best of $REPEAT interleaved rounds."
}

DISAGREE=0
PEAK_10M=""
for N in $SIZES; do
  CSV=$BENCH_DIR/events_$N.csv
  PQ=$BENCH_DIR/events_$N.parquet
  FACTS=$BENCH_DIR/facts_$N.parquet
  echo "generating $N events" >&2
  "$TOUCHSTONE" generate --events "$N" --seed "$SEED" --out "$CSV" >/dev/null 2>&1
  "$TOUCHSTONE" generate --events "$N" --seed "$SEED" --out "$PQ" >/dev/null 2>&1
  FORMATS=()
  if [ "$PRESETS" != 0 ]; then FORMATS=(hubspot salesforce); fi
  for fmt in "${FORMATS[@]}"; do
    "$TOUCHSTONE" generate --events "$N" --seed "$SEED" --format "$fmt" --out "$BENCH_DIR/events_${N}_$fmt.csv" >/dev/null 2>&1
  done
  cat "$BENCH_DIR"/events_"$N"* >/dev/null # warm the page cache

  CMD=() WALL=() RSS=() KEYS=()
  add ts_csv "$TOUCHSTONE" analyze --format json "$CSV"
  add duckdb_csv "$PY" "$S/bench_duckdb.py" "$CSV" --json
  add polars_csv "$PY" "$S/bench_polars_metrics.py" "$CSV" --json
  add floor_csv "$PY" "$S/bench_polars.py" "$CSV"
  add ts_pq "$TOUCHSTONE" analyze --format json "$PQ"
  add duckdb_pq "$PY" "$S/bench_duckdb.py" "$PQ" --json
  add polars_pq "$PY" "$S/bench_polars_metrics.py" "$PQ" --json
  add floor_pq "$PY" "$S/bench_polars.py" "$PQ"
  add facts sh -c 'rm -f "$2" && "$0" facts "$1" -o "$2"' "$TOUCHSTONE" "$CSV" "$FACTS"
  add ts_facts "$TOUCHSTONE" analyze --format json --facts "$FACTS"
  for fmt in "${FORMATS[@]}"; do
    add "ts_$fmt" "$TOUCHSTONE" analyze --format json "$BENCH_DIR/events_${N}_$fmt.csv"
  done
  MEMLIMIT_RUN=0
  if [ "$HAS_MEMORY_LIMIT" = 1 ] && [ "$N" -ge "$MEMORY_LIMIT_FROM" ]; then
    MEMLIMIT_RUN=1
    add ts_memlimit "$TOUCHSTONE" analyze --format json --memory-limit "$MEMORY_LIMIT" "$CSV"
  fi
  run_all

  echo
  echo "### $N events (CSV $(du -m "$CSV" | cut -f1) MB, Parquet $(du -m "$PQ" | cut -f1) MB)"
  echo
  echo "| $N events | touchstone analyze | DuckDB SQL | polars lazy | polars scan+group (floor) | DuckDB / touchstone | polars / touchstone |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for kind in csv pq; do
    label=CSV; [ "$kind" = pq ] && label=Parquet
    echo "| $label wall (s) | **$(wall "ts_$kind")** | $(wall "duckdb_$kind") | $(wall "polars_$kind") | $(wall "floor_$kind") | $(speedup "duckdb_$kind" "ts_$kind") | $(speedup "polars_$kind" "ts_$kind") |"
    echo "| $label peak RSS (MB) | **$(rss "ts_$kind")** | $(rss "duckdb_$kind") | $(rss "polars_$kind") | $(rss "floor_$kind") | $(ratio "${RSS[duckdb_$kind]}" "${RSS[ts_$kind]}")x | $(ratio "${RSS[polars_$kind]}" "${RSS[ts_$kind]}")x |"
  done
  echo
  echo "| touchstone, $N events | wall (s) | peak RSS (MB) | time / analyze (CSV) |"
  echo "|---|---:|---:|---:|"
  steps=(ts_csv facts ts_facts "${FORMATS[@]/#/ts_}")
  if [ "$MEMLIMIT_RUN" = 1 ]; then steps+=(ts_memlimit); fi
  for key in "${steps[@]}"; do
    case $key in
      ts_csv) what="analyze (canonical CSV)" ;;
      facts) what="facts (CSV to Parquet)" ;;
      ts_facts) what="analyze --facts" ;;
      ts_memlimit) what="analyze --memory-limit $MEMORY_LIMIT" ;;
      *) what="analyze (${key#ts_} export)" ;;
    esac
    echo "| $what | $(wall "$key") | $(rss "$key") | $(ratio "${WALL[$key]}" "${WALL[ts_csv]}") |"
  done
  if [ "$HAS_MEMORY_LIMIT" = 0 ]; then
    echo
    echo "(\`analyze --memory-limit\` does not exist in this build (\`analyze --help\`): not measured.)"
  fi

  # The issue's targets, each judged at the size it is for.
  echo
  echo "| target | for | measured | goal | |"
  echo "|---|---|---:|---:|---|"
  target 10M "analyze speed-up over DuckDB (CSV)" "$(ratio "${WALL[duckdb_csv]}" "${WALL[ts_csv]}")" '>=' 2 x
  target 10M "analyze speed-up over polars (CSV)" "$(ratio "${WALL[polars_csv]}" "${WALL[ts_csv]}")" '>=' 2 x
  target 10M "analyze peak RSS (CSV)" "${RSS[ts_csv]}" '<=' 500 " MB"
  target 10M "facts time / analyze" "$(ratio "${WALL[facts]}" "${WALL[ts_csv]}")" '<=' 0.6 x
  target 10M "analyze --facts time / analyze" "$(ratio "${WALL[ts_facts]}" "${WALL[ts_csv]}")" '<=' 0.25 x
  for fmt in "${FORMATS[@]}"; do
    target 10M "$fmt export time / canonical" "$(ratio "${WALL[ts_$fmt]}" "${WALL[ts_csv]}")" '<=' 1.5 x
  done
  target 100M "analyze peak RSS (CSV)" "${RSS[ts_csv]}" '<=' 2048 " MB"
  if [ -n "$PEAK_10M" ] && [ "$N" -gt 10000000 ]; then
    target 100M "analyze peak RSS / the 10M peak of this run" "$(ratio "${RSS[ts_csv]}" "$PEAK_10M")" '<=' 1.3 x
  else
    target 100M "analyze peak RSS / the 10M peak of this run (needs 10000000 before it in SIZES)" n/a '<=' 1.3 x
  fi
  target 100M "analyze speed-up over DuckDB (CSV)" "$(ratio "${WALL[duckdb_csv]}" "${WALL[ts_csv]}")" '>=' 2 x
  if [ "$MEMLIMIT_RUN" = 1 ]; then
    LIMIT_MB=$(to_mb "$MEMORY_LIMIT")
    target 100M "analyze --memory-limit $MEMORY_LIMIT peak RSS (limit + 15 %)" "${RSS[ts_memlimit]}" '<=' "$(calc "printf \"%.0f\", $LIMIT_MB * 1.15")" " MB"
    echo "| analyze --memory-limit $MEMORY_LIMIT time / without the limit (its cost) | 100M | $(ratio "${WALL[ts_memlimit]}" "${WALL[ts_csv]}")x | reported | |"
  else
    why="not in this build"
    if [ "$HAS_MEMORY_LIMIT" = 1 ]; then why="run from MEMORY_LIMIT_FROM=$MEMORY_LIMIT_FROM events"; fi
    target 100M "analyze --memory-limit $MEMORY_LIMIT peak RSS ($why)" n/a '<=' "limit + 15 %"
  fi
  target any "analyze / polars scan+group floor (CSV; an earlier target)" "$(ratio "${WALL[ts_csv]}" "${WALL[floor_csv]}")" '<=' 1.2 x
  if [ "$N" = 10000000 ]; then PEAK_10M=${RSS[ts_csv]}; fi

  # All three agree? On the JSON the timed runs printed.
  echo
  for kind in csv pq; do
    label=CSV; [ "$kind" = pq ] && label=Parquet
    echo "$label:"
    "$PY" "$S/bench_agree.py" "$BENCH_DIR/out_${N}_ts_$kind" "$BENCH_DIR/out_${N}_duckdb_$kind" "$BENCH_DIR/out_${N}_polars_$kind" || DISAGREE=1
  done

  if [ -n "${BASELINE:-}" ]; then
    "$BASELINE" analyze --format json "$CSV" >"$BENCH_DIR/baseline_$N.json" 2>/dev/null
    echo
    if cmp -s "$BENCH_DIR/baseline_$N.json" "$BENCH_DIR/out_${N}_ts_csv"; then
      echo "Numbers unchanged: the JSON equals the baseline build's, byte for byte."
    else
      echo "JSON differs from the baseline build's byte for byte (diff $BENCH_DIR/baseline_$N.json $BENCH_DIR/out_${N}_ts_csv); value for value:"
      "$PY" "$S/compare_json.py" "$BENCH_DIR/baseline_$N.json" "$BENCH_DIR/out_${N}_ts_csv" || true
    fi
  fi
done

if [ "$DISAGREE" != 0 ]; then
  echo
  echo "touchstone, DuckDB and polars DISAGREE (above); the figures compare different results."
  exit 1
fi
