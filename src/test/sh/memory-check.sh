#!/usr/bin/env bash
# Peak RSS of a long run (1000 epochs, 100 evaluations) against a short one (100 epochs, 10
# evaluations): a leak per step or per evaluation would show as growth. Passes when the long
# run's peak RSS is within 5% of the short run's. Also samples the long run's RSS every 0.2 s
# and compares a quarter of the way in with the end: the peaks are set at start-up (data and
# graph), and vary by about 3% from run to run; growth within one run is the sharper check.
# Too slow for `mvn test` (a 1000-epoch run); run it by hand, from any directory.
# Usage: src/test/sh/memory-check.sh [extra run options...]   (build first: mvn -q -o -DskipTests package)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
JAR=$ROOT/target/hidden-layer-stabilization.jar
if [ ! -f "$JAR" ]; then
  echo "memory-check: no $JAR; build it first: mvn -q -o -DskipTests package" >&2
  exit 2
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
peak() { # peak RSS in KiB of: java -jar $JAR run "$@"; RSS samples (KiB) in $TMP/samples
  : >"$TMP/samples"
  /usr/bin/time -v java -jar "$JAR" run --quiet "$@" >"$TMP/out" 2>"$TMP/err" &
  local timer=$!
  while kill -0 "$timer" 2>/dev/null; do
    local pid
    pid=$(pgrep -P "$timer" java || true)
    if [ -n "$pid" ]; then
      awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null >>"$TMP/samples" || true
    fi
    sleep 0.2
  done
  wait "$timer"
  awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/err"
}
long=$(peak --patience 100000 --epochs 1000 "$@")
cp "$TMP/samples" "$TMP/long-samples"
short=$(peak --epochs 100 --patience 100000 "$@")
awk -v l="$long" -v s="$short" 'BEGIN {
  r = l / s;
  printf "peak RSS: epochs 1000: %d KiB (%.1f MiB); epochs 100: %d KiB (%.1f MiB); ratio %.4f\n",
    l, l / 1024, s, s / 1024, r;
  ok = (r <= 1.05 && r >= 0.95);
  printf "%s: within 5%%\n", ok ? "PASS" : "FAIL";
  printf "%s: peak RSS <= 600 MiB\n", (l <= 600 * 1024) ? "PASS" : "FAIL";
  exit ok ? 0 : 1 }'
awk '{ v[NR] = $1 } END {
  q = int(NR / 4); if (q < 1) q = 1;
  printf "1000-epoch run, %d RSS samples: at 1/4 of the run %.1f MiB, at the end %.1f MiB (%+.1f%%)\n",
    NR, v[q] / 1024, v[NR] / 1024, 100 * (v[NR] - v[q]) / v[q] }' "$TMP/long-samples"
