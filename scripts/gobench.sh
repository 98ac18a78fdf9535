#!/usr/bin/env bash
# Runs every go test benchmark once (each parser, the graph index, the failure
# engine, each pass, each renderer: see the bench_test.go files) and prints the
# results as a Markdown table: package, benchmark, ns/op, ms/op, B/op,
# allocs/op and the benchmark's own metrics (components/s, events, …).
#
#   scripts/gobench.sh                      # every benchmark, 3 iterations each
#   BENCH=Passes PKGS=./analysis scripts/gobench.sh
#   BENCHTIME=1x OUT=/tmp/bench.txt scripts/gobench.sh
#
# The raw go test output is kept in $OUT (default: a temporary file) for
# benchstat. Iteration counts are small: on a shared machine compare ratios
# and allocations, not the last digit.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-.}
BENCHTIME=${BENCHTIME:-3x}
PKGS=${PKGS:-./...}
OUT=${OUT:-$(mktemp)}
cmd=(go test $PKGS -run '^$' -bench "$BENCH" -benchtime "$BENCHTIME" -benchmem -timeout 60m)
echo "\$ ${cmd[*]}" >&2
"${cmd[@]}" | tee "$OUT" >&2
echo "raw output: $OUT" >&2

echo "$(nproc) cores, $(go version | cut -d' ' -f3), $(grep -m1 '^cpu:' "$OUT" | cut -d' ' -f2-), -benchtime $BENCHTIME"
echo
echo "| package | benchmark | ns/op | ms/op | B/op | allocs/op | other |"
echo "|---|---|--:|--:|--:|--:|---|"
awk -v module="$(go list -m)/" '
/^pkg: / { pkg = $2; sub(module, "", pkg); next }
/^Benchmark/ {
  name = $1; sub(/-[0-9]+$/, "", name)
  ns = bytes = allocs = ""; other = ""
  for (i = 3; i < NF; i += 2) {
    v = $i; u = $(i + 1)
    if (u == "ns/op") ns = v
    else if (u == "B/op") bytes = v
    else if (u == "allocs/op") allocs = v
    else other = other (other == "" ? "" : ", ") v " " u
  }
  ms = ns == "" ? "" : sprintf("%.3f", ns / 1e6)
  printf "| %s | %s | %s | %s | %s | %s | %s |\n", pkg, name, ns, ms, bytes, allocs, other
}' "$OUT"
