#!/usr/bin/env bash
# Wall time of fresh `java -jar JAR run` processes, two jars alternately, N pairs (default 5), so that
# both see the same drift of a shared machine. Prints each pair and the median of the ratios B / A.
# Usage: src/test/sh/fresh-run-pairs.sh A.jar B.jar [N] [run options...]
# Each jar needs its lib/ (and tf115/ for --runtime tf1) beside it, as `mvn package` leaves them.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 A.jar B.jar [N] [run options...]" >&2; exit 2; }
a=$1 b=$2; shift 2
n=5
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then n=$1; shift; fi
for jar in "$a" "$b"; do [ -f "$jar" ] || { echo "$jar: no such jar" >&2; exit 1; }; done
wall() { # seconds, 3 decimals
  local t0 t1
  t0=$(date +%s%N)
  TF_CPP_MIN_LOG_LEVEL=2 java -jar "$1" run --quiet "${@:2}" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo "scale=3; ($t1 - $t0) / 1000000000" | bc
}
ratios=()
for i in $(seq 1 "$n"); do
  ta=$(wall "$a" "$@"); tb=$(wall "$b" "$@")
  r=$(echo "scale=3; $tb / $ta" | bc)
  ratios+=("$r")
  printf 'pair %d: A %6.3f s  B %6.3f s  B/A %s\n' "$i" "$ta" "$tb" "$r"
done
printf 'median B/A over %d pairs: %s (min %s, max %s)\n' "$n" \
  "$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}')" \
  "$(printf '%s\n' "${ratios[@]}" | sort -n | head -1)" "$(printf '%s\n' "${ratios[@]}" | sort -n | tail -1)"
