#!/usr/bin/env bash
# Take a headless Chromium screenshot of a weekly report so a person can look
# at it. Not part of .ci/run.
#
#   scripts/screenshot.sh [REPORT_DIR_OR_HTML] [OUT.png] [WIDTHxHEIGHT]
#
# Defaults: renders the sample report into a temporary folder with
# `touchstone report`, writes screenshot.png there at 1280x6000 (a laptop-width
# column long enough to show the whole page); pass 390x6000 for a phone.
# Needs Debian's chromium (apt-get install -y chromium); exits 0 with a note
# when it is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "chromium is not installed (apt-get install -y chromium); no screenshot taken." >&2
    exit 0
fi

target="${1:-}"
if [ -z "$target" ]; then
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/touchstone-target}"
    cargo build --quiet --bin touchstone
    target="$(mktemp -d)/report"
    "$CARGO_TARGET_DIR/debug/touchstone" report --out "$target"
fi
if [ -d "$target" ]; then
    html="$(cd "$target" && pwd)/index.html"
else
    html="$(cd "$(dirname "$target")" && pwd)/$(basename "$target")"
fi
[ -f "$html" ] || { echo "no such page: $html" >&2; exit 1; }
out="${2:-$(dirname "$html")/screenshot.png}"
size="${3:-1280x6000}"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# The background-networking flags keep Chromium from reaching out at start
# (the page itself makes no request).
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" \
    --window-size="${size/x/,}" --screenshot="$out" "file://$html" >/dev/null 2>&1
echo "$out"
