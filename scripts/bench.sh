#!/usr/bin/env bash
# End-to-end benchmark: faultline check on generated native-format architectures
# of growing size (time and peak memory from /usr/bin/time -v), and the graph
# kernels against networkx on the same dependency graphs.
#
#   scripts/bench.sh                 # 1k, 10k, 100k components
#   SIZES="1000 10000 100000 1000000" scripts/bench.sh
#   K8S_SIZES="" scripts/bench.sh    # skip the Kubernetes streams (default 10k, 100k)
#   REGIONAL_SIZES="100000 300000" scripts/bench.sh   # the regional shape (default 10k, 100k)
#   RUNS=3 scripts/bench.sh          # best of 3 (by wall time) for every row
#
# The layered shape spreads each size over files of 1,000 components. The
# regional shape (gen --shape regional: zones nested in a region, 28% single
# instances, about a fifth of the components in findings) is one large file,
# checked with --format json (the output's size is a column). Times are wall clock and
# user CPU; on a shared machine compare ratios and CPU, not wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
KERNEL_SIZES=${KERNEL_SIZES-"10000 100000"}
K8S_SIZES=${K8S_SIZES-"10000 100000"}
REGIONAL_SIZES=${REGIONAL_SIZES-"10000 100000"}
RUNS=${RUNS:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/faultline
CGO_ENABLED=0 go build -o "$bin" ./cmd/faultline

measure() { # prints "wall_s user_s rss_mb" for a command: the run of RUNS with the least wall time
  local best="" wall user rss
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %M" -o "$work/time" "$@" >"$work/out" 2>/dev/null || true
    read -r wall user rss <"$work/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best%% *})}"; then
      best="$wall $user $((rss / 1024))"
    fi
  done
  echo "$best"
}

echo "faultline check on generated native architectures ($(nproc) cores, $(go version | cut -d' ' -f3))"
printf '%-10s %-8s %-9s %-9s %-9s %-8s %s\n' components edges findings wall_s user_s rss_mb "planted (spof/shared)"
for n in $SIZES; do
  dir=$work/n$n
  stats=$("$bin" gen --components "$n" --files $(((n + 999) / 1000)) -o "$dir" 2>&1 >/dev/null)
  edges=$(echo "$stats" | sed 's/.*"Edges":\([0-9]*\).*/\1/')
  planted=$(echo "$stats" | sed 's/.*"SPOFs":\([0-9]*\),"SharedDomains":\([0-9]*\).*/\1\/\2/')
  found=$("$bin" check "$dir" --fail-on never | tail -1 | cut -d' ' -f1)
  read -r wall user rss <<<"$(measure "$bin" check "$dir" --fail-on never)"
  printf '%-10s %-8s %-9s %-9s %-9s %-8s %s\n' "$n" "$edges" "$found" "$wall" "$user" "$rss" "$planted"
done

if [ -n "$REGIONAL_SIZES" ]; then
  echo
  echo "faultline check --format json on the regional shape (one native file)"
  printf '%-10s %-8s %-9s %-9s %-9s %-8s %-9s %-8s %s\n' components edges findings wall_s user_s rss_mb input_mb json_mb "planted (spof/shared)"
  for n in $REGIONAL_SIZES; do
    file=$work/regional$n.hcl
    stats=$("$bin" gen --shape regional --components "$n" 2>&1 >"$file")
    edges=$(echo "$stats" | sed 's/.*"Edges":\([0-9]*\).*/\1/')
    planted=$(echo "$stats" | sed 's/.*"SPOFs":\([0-9]*\),"SharedDomains":\([0-9]*\).*/\1\/\2/')
    found=$(FAULTLINE_MAX_FILE_SIZE=1GiB "$bin" check "$file" --fail-on never | tail -1 | cut -d' ' -f1)
    read -r wall user rss <<<"$(FAULTLINE_MAX_FILE_SIZE=1GiB measure "$bin" check "$file" --fail-on never --format json)"
    printf '%-10s %-8s %-9s %-9s %-9s %-8s %-9s %-8s %s\n' "$n" "$edges" "$found" "$wall" "$user" "$rss" \
      "$(($(wc -c <"$file") / 1048576))" "$(($(wc -c <"$work/out") / 1048576))" "$planted"
    rm -f "$file" "$work/out"
  done
fi

if [ -n "$K8S_SIZES" ]; then
  # One manifest stream per size, as helm template or kustomize build prints it
  # (gen --format kubernetes); components are workloads, Services, ConfigMaps
  # and Ingresses as faultline models them. A 100k stream is about 84 MB, over
  # the 64 MiB that faultline reads of one file by default: raise the limit.
  k8s_max=${FAULTLINE_MAX_FILE_SIZE:-1GiB}
  echo
  echo "faultline check on generated Kubernetes manifest streams"
  printf '%-10s %-8s %-9s %-9s %-9s %-8s %-9s %s\n' components edges findings wall_s user_s rss_mb input_mb "planted (spof/shared)"
  for n in $K8S_SIZES; do
    stream=$work/k8s$n.yaml
    stats=$("$bin" gen --format kubernetes --components "$n" 2>&1 >"$stream")
    edges=$(echo "$stats" | sed 's/.*"Edges":\([0-9]*\).*/\1/')
    planted=$(echo "$stats" | sed 's/.*"SPOFs":\([0-9]*\),"SharedDomains":\([0-9]*\).*/\1\/\2/')
    found=$(FAULTLINE_MAX_FILE_SIZE=$k8s_max "$bin" check "$stream" --fail-on never | tail -1 | cut -d' ' -f1)
    read -r wall user rss <<<"$(FAULTLINE_MAX_FILE_SIZE=$k8s_max measure "$bin" check "$stream" --fail-on never)"
    mb=$(($(wc -c <"$stream") / 1048576))
    printf '%-10s %-8s %-9s %-9s %-9s %-8s %-9s %s\n' "$n" "$edges" "$found" "$wall" "$user" "$rss" "$mb" "$planted"
    rm -f "$stream"
  done
fi

if python3 -c 'import networkx' 2>/dev/null; then
  echo
  echo "graph kernels on the same dependency graphs: faultline (best of 3) vs networkx $(python3 -c 'import networkx; print(networkx.__version__)')"
  printf '%-10s %-20s %-12s %-12s %s\n' components kernel faultline_s networkx_s ratio
  for n in $KERNEL_SIZES; do
    dir=$work/n$n
    [ -d "$dir" ] || "$bin" gen --components "$n" --files $(((n + 999) / 1000)) -o "$dir" 2>/dev/null
    "$bin" kernels "$dir" --export "$work/k$n.json" >/dev/null
    for i in 1 2 3; do "$bin" kernels --in "$work/k$n.json"; done >"$work/fl$n.json"
    python3 scripts/networkx_kernels.py <"$work/k$n.json" >"$work/nx$n.json"
    python3 - "$n" "$work/fl$n.json" "$work/nx$n.json" <<'PY'
import json, sys
n, fl, nx = sys.argv[1], sys.argv[2], sys.argv[3]
runs = [json.loads(l)["seconds"] for l in open(fl)]
ref = json.load(open(nx))["seconds"]
for k in ("dominators", "articulation_points", "descendants"):
    ours = min(r[k] for r in runs)
    print(f"{n:<10} {k:<20} {ours:<12.6f} {ref[k]:<12.6f} {ref[k] / max(ours, 1e-9):.0f}x")
PY
  done
else
  echo "(python3 with networkx not found: kernel comparison skipped)"
fi
