#!/usr/bin/env bash
# Per-stage growth on the regional shape: faultline check --stages at two
# sizes, RUNS runs each, the minimum of each stage's wall and CPU time, and the
# growth exponent log(t2/t1)/log(n2/n1) of each (issue 20's "each stage's
# growth exponent 100k→300k"). The passes run concurrently, so their rows
# overlap; "passes (all, concurrently)" is the stage. On a shared machine the
# small stages move by ±0.2 between rounds: compare rounds, not single runs.
#
#   scripts/stages.sh                          # 100k and 300k, 5 runs each
#   N1=10000 N2=30000 RUNS=3 scripts/stages.sh
#   ENV="GOMAXPROCS=1" scripts/stages.sh        # one thread: the collector charged to the stage that triggers it
set -euo pipefail
cd "$(dirname "$0")/.."
N1=${N1:-100000}
N2=${N2:-300000}
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/faultline
CGO_ENABLED=0 go build -o "$bin" ./cmd/faultline
for n in "$N1" "$N2"; do
  "$bin" gen --shape regional --components "$n" >"$work/r$n.hcl" 2>/dev/null
  for _ in $(seq "$RUNS"); do
    # shellcheck disable=SC2086
    env ${ENV:-} FAULTLINE_MAX_FILE_SIZE=1GiB "$bin" check "$work/r$n.hcl" --format json --fail-on never --stages 2>&1 >/dev/null |
      sed -n "s/^stage \(.*[^ ]\)  *\([0-9.]*\) ms  cpu  *\([0-9.]*\) ms$/$n\t\1\t\2\t\3/p"
  done
done >"$work/stages.tsv"
echo "faultline check --stages, regional shape, min of $RUNS runs ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
awk -F'\t' -v n1="$N1" -v n2="$N2" '
  { k = $2; if (!(k in seen)) { seen[k] = 1; order[++m] = k }
    if (!(($1, k) in w) || $3 < w[$1, k]) w[$1, k] = $3
    if (!(($1, k) in c) || $4 < c[$1, k]) c[$1, k] = $4 }
  function ex(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f", log(b / a) / log(n2 / n1)) : "-" }
  END {
    printf "%-36s %10s %10s %6s %10s %10s %6s\n", "stage", "wall " n1, "wall " n2, "exp", "cpu " n1, "cpu " n2, "exp"
    for (i = 1; i <= m; i++) { k = order[i]
      printf "%-36s %10.1f %10.1f %6s %10.1f %10.1f %6s\n", k, w[n1, k], w[n2, k], ex(w[n1, k], w[n2, k]), c[n1, k], c[n2, k], ex(c[n1, k], c[n2, k]) } }
' "$work/stages.tsv"
