#!/usr/bin/env bash
# Terraform at scale: generate a repository of RESOURCES resource instances in
# FILES .tf files (root modules of about ten files that call three shared
# modules, with count and for_each), then time `faultline check` on it.
#
#   scripts/bench-terraform.sh                       # 100,000 resources, 1,000 files
#   RESOURCES=20000 FILES=200 scripts/bench-terraform.sh
#   PROFILE=1 scripts/bench-terraform.sh             # also writes cpu.prof and mem.prof here
#
# Prints wall time, user and system CPU, and peak RSS (/usr/bin/time -v). The
# machine may be shared and noisy: compare user CPU and ratios, not wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
RESOURCES=${RESOURCES:-100000}
FILES=${FILES:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/faultline
CGO_ENABLED=0 go build -o "$bin" ./cmd/faultline
echo "generated: $(go run ./internal/synth/cmd/synth -format terraform -resources "$RESOURCES" -files "$FILES" -out "$work/repo")"
echo "$(find "$work/repo" -name '*.tf' | wc -l) files, $(du -sh "$work/repo" | cut -f1); $(nproc) cores, $(go version | cut -d' ' -f3)"
prof=()
if [ -n "${PROFILE:-}" ]; then
  prof=(--cpuprofile cpu.prof --memprofile mem.prof)
fi
status=0
/usr/bin/time -v -o "$work/time" "$bin" check "$work/repo" "${prof[@]}" >"$work/out" 2>"$work/err" || status=$?
if [ "$status" -ge 2 ]; then
  echo "faultline check failed (exit $status):" >&2
  head -20 "$work/err" >&2
  exit 1
fi
tail -n 1 "$work/out" | cut -c1-120
awk -F': ' '
  /Elapsed \(wall clock\)/ { wall = $2 }
  /User time/              { user = $2 }
  /System time/            { sys = $2 }
  /Maximum resident/       { rss = $2 }
  END { printf "wall %s  user %s s  sys %s s  peak RSS %.0f MB\n", wall, user, sys, rss / 1024 }' "$work/time"
