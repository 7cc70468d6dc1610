#!/usr/bin/env bash
# Run every fuzz target of fuzz/ for SECONDS each (default 60) with
# cargo-fuzz on the nightly toolchain, seeding each corpus from the samples
# (data/samples, data/sample, data/presets, data/claims, fuzz/seeds).
# Prints executions per target at the end. Crashes land in
# fuzz/artifacts/<target>/; turn each into a regression test with its
# input under tests/data/ (see tests/robust.rs).
#
#   scripts/fuzz.sh            # 60 s per target
#   scripts/fuzz.sh 600        # 10 min per target
#   scripts/fuzz.sh 30 facts   # only the named targets
#
# Needs: rustup toolchain nightly, `cargo install cargo-fuzz`. The fuzz
# crate has its own workspace and target directory (CARGO_TARGET_DIR,
# default ~/.cache/touchstone-fuzz), so .ci/run never builds it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/touchstone-fuzz}"
all=(csv_events parquet_events facts aggregates timestamp toml_config outcomes summary)
targets=("${@:-${all[@]}}")
if [ "$#" -eq 0 ]; then targets=("${all[@]}"); fi

seed() { # target, then source files
    local dir="fuzz/corpus/$1"
    shift
    mkdir -p "$dir"
    for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/" || true; done
}
seed csv_events data/samples/*.csv data/sample/touches.csv
seed parquet_events fuzz/seeds/parquet/*
seed facts fuzz/seeds/facts/*
seed aggregates fuzz/seeds/aggregates/*
seed timestamp fuzz/seeds/timestamp/*
seed toml_config data/presets/*.toml data/claims/*.toml
seed outcomes data/samples/*deals*.csv data/samples/*opportunities*.csv
seed summary fuzz/seeds/summary/* data/samples/hubspot_contacts.csv

(cd fuzz && cargo +nightly fuzz build -O)
summary=()
for t in "${targets[@]}"; do
    log="fuzz/corpus/$t.log"
    echo "== $t: ${secs}s"
    # -rss_limit_mb: an allocation sized by a damaged file shows as a crash.
    (cd fuzz && cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1) 2>&1 | tee "$log" | grep -E "^(#[0-9]+.*(DONE|pulse)|==|stat::number_of_executed_units|SUMMARY|Test unit written)" || true
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    crashed=$(grep -c 'Test unit written' "$log" || true)
    summary+=("$t: ${execs:-0} executions, ${crashed} crash file(s)")
done
echo
printf '%s\n' "${summary[@]}"
