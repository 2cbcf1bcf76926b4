#!/usr/bin/env bash
# Peak RSS of a long run (1000 epochs, 100 evaluations) against a short one (100 epochs, 10
# evaluations): a leak per step or per evaluation would show as growth. Passes when the long
# run's peak RSS is within 5% of the short run's.
# Usage: scripts/memory-check.sh [extra run options...]   (build first: mvn -q -o -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/hidden-layer-stabilization.jar
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
peak() { # peak RSS in KiB of: java -jar $JAR run "$@"
  /usr/bin/time -v java -jar "$JAR" run --quiet "$@" >"$TMP/out" 2>"$TMP/err"
  awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/err"
}
long=$(peak --patience 100000 --epochs 1000 "$@")
short=$(peak --epochs 100 --patience 100000 "$@")
awk -v l="$long" -v s="$short" 'BEGIN {
  r = l / s;
  printf "peak RSS: epochs 1000: %d KiB (%.1f MiB); epochs 100: %d KiB (%.1f MiB); ratio %.4f\n",
    l, l / 1024, s, s / 1024, r;
  ok = (r <= 1.05 && r >= 0.95);
  printf "%s: within 5%%\n", ok ? "PASS" : "FAIL";
  printf "%s: peak RSS <= 600 MiB\n", (l <= 600 * 1024) ? "PASS" : "FAIL";
  exit ok ? 0 : 1 }'
