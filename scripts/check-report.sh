#!/usr/bin/env bash
# check-report.sh: render the architecture-review report of PATH... (default: the
# examples) and load it in headless Chromium (Debian's chromium package). Fails on
# any console message: the page has no script, so a message can only be an error
# (a blocked resource, a CSP violation). Saves a screenshot next to the report.
#
#   scripts/check-report.sh [PATH...]     # writes $OUT/report.html and report.png
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || { echo "no $CHROMIUM: apt-get install -y chromium" >&2; exit 2; }
[ $# -gt 0 ] || set -- examples
go run ./cmd/faultline report "$@" -o "$OUT/report.html"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --enable-logging=stderr --v=0 \
  --window-size=1600,4000 --screenshot="$OUT/report.png" "file://$OUT/report.html" 2> "$OUT/chromium.log"
if grep -a ':CONSOLE' "$OUT/chromium.log"; then
  echo "FAIL: console messages (above) while loading $OUT/report.html" >&2
  exit 1
fi
[ -s "$OUT/report.png" ] || { echo "FAIL: no screenshot" >&2; exit 1; }
echo "ok: $OUT/report.html renders without console messages; screenshot $OUT/report.png"
