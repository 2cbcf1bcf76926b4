#!/usr/bin/env bash
# Runs the same options twice on the CPU, each in a fresh JVM, and compares stdout and the
# --csv file byte for byte. Usage: scripts/determinism-check.sh [run options...]
# (default: the notebook run). Build first: mvn -q -o -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/hidden-layer-stabilization.jar
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for i in 1 2; do
  java -jar "$JAR" run --quiet --csv "$TMP/run$i.csv" "$@" >"$TMP/run$i.out" 2>/dev/null
done
status=0
if cmp -s "$TMP/run1.out" "$TMP/run2.out"; then
  echo "stdout: identical ($(wc -l <"$TMP/run1.out") lines, sha256 $(sha256sum <"$TMP/run1.out" | cut -c1-16))"
else
  echo "stdout: DIFFERENT"; diff "$TMP/run1.out" "$TMP/run2.out" | head -5; status=1
fi
if cmp -s "$TMP/run1.csv" "$TMP/run2.csv"; then
  echo "csv: identical ($(wc -l <"$TMP/run1.csv") lines, sha256 $(sha256sum <"$TMP/run1.csv" | cut -c1-16))"
else
  echo "csv: DIFFERENT"; diff "$TMP/run1.csv" "$TMP/run2.csv" | head -5; status=1
fi
exit $status
