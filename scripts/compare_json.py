#!/usr/bin/env python3
"""Compare two `touchstone analyze --format json` documents value by value,
ignoring the claims' bootstrap intervals (issue 21: "every value of analyze's
JSON equals the value the build before prints, except the bootstrap
intervals").

    compare_json.py BEFORE.json AFTER.json

Walks both documents together: objects must have the same keys, lists the
same length, strings, integers, booleans and nulls must be equal, and floats
equal within 1e-9 (absolute, or relative to the larger value when it exceeds
1). Skipped: `lo` and `hi` of every claim (and of its `alternate` reading)
whose `method` is `bootstrap`. Everything else is compared, including the
claims' verdicts, so a verdict that a changed interval flips shows up as a
difference. Prints the first 20 differences with their paths (e.g.
`claims[6].lo`) and exits 1 when there is any; prints one line and exits 0
otherwise. bench.sh runs it (with BASELINE=) when the two builds' JSON is not
equal byte for byte.
"""
import json
import sys

TOL = 1e-9
SHOWN = 20


def walk(a, b, path, out, skip_intervals=False):
    if isinstance(a, dict) and isinstance(b, dict):
        bootstrap = skip_intervals and a.get("method") == "bootstrap" and b.get("method") == "bootstrap"
        for key in sorted(set(a) | set(b)):
            where = f"{path}.{key}" if path else key
            if key not in a or key not in b:
                out.append(f"{where}: only in {'BEFORE' if key in a else 'AFTER'}")
            elif bootstrap and key in ("lo", "hi"):
                continue
            else:
                walk(a[key], b[key], where, out, skip_intervals or key == "claims")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items before, {len(b)} after")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", out, skip_intervals)
    elif isinstance(a, float) or isinstance(b, float):
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
        if not numbers or abs(a - b) > TOL * max(1.0, abs(a), abs(b)):
            out.append(f"{path}: {a!r} before, {b!r} after")
    elif a != b or type(a) is not type(b):
        out.append(f"{path}: {a!r} before, {b!r} after")


def main():
    before, after = (json.load(open(p)) for p in sys.argv[1:3])
    out = []
    walk(before, after, "", out)
    if not out:
        print("Equal except the claims' bootstrap intervals (floats within 1e-9).")
        return 0
    print(f"{len(out)} value{'s' if len(out) > 1 else ''} differ{'' if len(out) > 1 else 's'} (besides the claims' bootstrap intervals); the first {min(len(out), SHOWN)}:")
    for line in out[:SHOWN]:
        print(f"  {line}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
