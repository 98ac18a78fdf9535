#!/usr/bin/env bash
# Output comparison between two builds: runs `check --format json` (and
# json-compact and text; FORMATS chooses)
# of the faultline built from BASE (a git revision, default main) and of the
# working tree over the examples, every directory given as an argument (each
# subdirectory of it is one input), and generated inputs of both native shapes
# and Kubernetes; it fails if any output differs. An input on which two runs of
# BASE differ is listed as UNSTABLE and not counted.
#
#   scripts/compare.sh                                  # examples and generated inputs
#   BASE=35ae510 scripts/compare.sh /path/to/corpora/kubernetes /path/to/corpora/terraform
#   GEN_SIZES="1000 30000" scripts/compare.sh           # sizes of the generated inputs
#   FORMATS="json" scripts/compare.sh                   # only these output formats
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-main}
GEN_SIZES=${GEN_SIZES:-"1000 20000"}
FORMATS=${FORMATS:-"json json-compact text"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/base-src"
git archive "$BASE" | tar -x -C "$work/base-src"
(cd "$work/base-src" && CGO_ENABLED=0 go build -o "$work/old" ./cmd/faultline)
CGO_ENABLED=0 go build -o "$work/new" ./cmd/faultline
inputs=(examples/*.hcl)
for d in "$@"; do
  for sub in "$d"/*/; do inputs+=("${sub%/}"); done
done
for n in $GEN_SIZES; do
  "$work/new" gen --components "$n" --files $(((n + 999) / 1000)) -o "$work/layered$n" 2>/dev/null
  "$work/new" gen --shape regional --components "$n" >"$work/regional$n.hcl" 2>/dev/null
  "$work/new" gen --format kubernetes --components "$n" >"$work/k8s$n.yaml" 2>/dev/null
  inputs+=("$work/layered$n" "$work/regional$n.hcl" "$work/k8s$n.yaml")
done
fail=0
for in in "${inputs[@]}"; do
  for fmt in $FORMATS; do
    for b in old new old2; do
      (cd "$(dirname "$in")" && FAULTLINE_MAX_FILE_SIZE=1GiB "$work/${b%2}" check "$(basename "$in")" --now 2026-01-01 --fail-on never --format "$fmt" >"$work/$b.out" 2>"$work/$b.err") || true
    done
    if cmp -s "$work/old.out" "$work/new.out" && cmp -s "$work/old.err" "$work/new.err"; then
      printf 'same      %-12s %s (%s bytes)\n' "$fmt" "$in" "$(wc -c <"$work/new.out")"
    elif ! cmp -s "$work/old.out" "$work/old2.out"; then
      # Two runs of the base differ: the input exposes nondeterminism that
      # is not the change's; show it, do not count it.
      printf 'UNSTABLE  %-12s %s (two runs of %s differ)\n' "$fmt" "$in" "$BASE"
    else
      printf 'DIFFERENT %-12s %s\n' "$fmt" "$in"
      diff "$work/old.out" "$work/new.out" | head -20 || true
      fail=1
    fi
  done
done
exit $fail
