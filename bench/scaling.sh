#!/usr/bin/env bash
# Fails on a super-linear blow-up (issue 18): times a command on a generated
# hostile input of size N and 2N (bench/gen_hostile.py) and requires the
# ratio to stay below 3 (linear or n log n: about 2; quadratic: 4). Runs
# shorter than MIN_SECONDS for 2N pass: too fast to be quadratic at this size.
#
#   bench/scaling.sh ROAMREPLAY interfaces|report [N]
#
# interfaces: `replay --format json` on N APs over N interfaces (default
#   N = 16384; 64 k interfaces took 103 s with the quadratic history lookup).
# report: `report --format markdown` and HTML on N distinct APs and cache
#   entries on one interface (default N = 25000; 100 k took 106 s).
set -euo pipefail
bin=$1
what=$2
here=$(cd "$(dirname "$0")" && pwd)
min_seconds=${MIN_SECONDS:-0.5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $what in
  interfaces) n=${3:-16384}; gen() { python3 "$here/gen_hostile.py" aps "$1" --interfaces "$1"; }
              run() { "$bin" replay --format json "$1" > /dev/null || [ $? -le 1 ]; } ;;
  report) n=${3:-25000}; gen() { python3 "$here/gen_hostile.py" aps "$1"; }
          run() { "$bin" report --format markdown "$1" > /dev/null || [ $? -le 1 ];
                  "$bin" report "$1" > /dev/null || [ $? -le 1 ]; } ;;
  *) echo "usage: $0 ROAMREPLAY interfaces|report [N]" >&2; exit 2 ;;
esac

seconds() {  # best of two runs, in seconds
  local best=
  for _ in 1 2; do
    local t0 t1
    t0=$(date +%s.%N); run "$1"; t1=$(date +%s.%N)
    local t; t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
    if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then best=$t; fi
  done
  echo "$best"
}

gen "$n" > "$tmp/n.log"
gen $((2 * n)) > "$tmp/2n.log"
t1=$(seconds "$tmp/n.log")
t2=$(seconds "$tmp/2n.log")
ratio=$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b / (a + 0.001) }')
printf '%s: N=%d %.2f s, 2N=%d %.2f s, ratio %.2f\n' "$what" "$n" "$t1" $((2 * n)) "$t2" "$ratio"
if awk -v t="$t2" -v m="$min_seconds" 'BEGIN { exit !(t < m) }'; then exit 0; fi
if awk -v r="$ratio" 'BEGIN { exit !(r > 3) }'; then
  echo "FAIL: time grows faster than n log n (ratio $ratio > 3)" >&2
  exit 1
fi
