#!/usr/bin/env bash
# The fleet benchmark (README "Fleet scale"): TRACES traces of about LINES
# lines each, tiled from the real corpus, through roamreplay-fleet on a local
# Dask cluster running WORKERS tasks at a time against `stats --jobs
# WORKERS`, and a byte comparison of the two results.
#
# Tiling: the corpus station logs (../shared/corpus/*.log but the hostapd
# ones), one after the other, are cut into consecutive LINES-line slices (a slice may span the end of one log
# and the start of the next); trace i is a hard link to slice i mod (number of
# slices), so the traces are distinct paths over a few distinct contents and
# the disk holds the slices once. The fleet runs on its default local
# cluster (one in-process worker, WORKERS threads) with records (OUT/records/,
# the default) and with --no-records (the same work as stats), then the same
# two with --local-processes (WORKERS worker processes with nannies).
#
# Usage: bench/fleet_bench.sh BIN [TRACES=10000] [LINES=2000] [WORKERS=2] [BATCH=250]
set -euo pipefail
bin=$(realpath "$1")
traces=${TRACES:-10000}
lines=${LINES:-2000}
workers=${WORKERS:-2}
batch=${BATCH:-250}
src=$(cd "$(dirname "$0")/.." && pwd)
corpus=$src/../shared/corpus
[ -d "$corpus" ] || { echo "fleet_bench: $corpus is absent" >&2; exit 77; }
work=$(mktemp -d /tmp/roamreplay-fleet-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/slices" "$work/traces"
# Station logs only: the hostapd logs of the pairs (20-22) are AP logs,
# which stats skips as such.
ls "$corpus"/*.log | grep -v hostapd | xargs cat | split -l "$lines" -d -a 4 - "$work/slices/slice-"
mapfile -t slices < <(ls "$work/slices" | sort)
count=${#slices[@]}
for ((i = 0; i < traces; i++)); do
  dir=$work/traces/$((i / 1000))
  [ -d "$dir" ] || mkdir "$dir"
  ln "$work/slices/${slices[i % count]}" "$dir/trace-$i.log"
done
total_lines=$(cat "$work"/slices/* | wc -l)
echo "fleet_bench: $traces traces over $count distinct slices ($total_lines lines in the slices)," \
     "$workers workers, $batch traces per task; load: $(cut -d' ' -f1-3 /proc/loadavg)"

cat "$work"/traces/*/* > /dev/null  # warm the page cache
now() { date +%s.%N; }
# Each fleet run right after a single-process run, for like load.
for records in "" --no-records --local-processes "--local-processes --no-records"; do
  t0=$(now)
  /usr/bin/time -f "%U %S" -o "$work/cpu-single" \
    "$bin" stats --format json --jobs "$workers" "$work/traces" > "$work/single.json" || [ $? -le 3 ]  # 1 findings, 3 some slices skipped (no supplicant line)
  t1=$(now)
  /usr/bin/time -f "%U %S" -o "$work/cpu-fleet" \
    /usr/bin/python3 "$src/tools/fleet/roamreplay-fleet" --workers "$workers" --batch "$batch" \
    $records --roamreplay "$bin" -o "$work/out" "$work/traces" > "$work/fleet.json" || [ $? -le 3 ]  # 1 findings, 3 some slices skipped (no supplicant line)
  t2=$(now)
  cmp "$work/single.json" "$work/fleet.json"
  single=$(echo "$t1 - $t0" | bc)
  fleet=$(echo "$t2 - $t1" | bc)
  echo "fleet_bench: stats --jobs $workers ${single} s; roamreplay-fleet ${records:-with records}" \
       "${fleet} s (overhead $(echo "scale=1; 100 * ($fleet - $single) / $single" | bc) %);" \
       "identical output; CPU s (user+sys, all processes): stats" \
       "$(tail -1 "$work/cpu-single" | awk '{print $1 + $2}')," \
       "fleet $(tail -1 "$work/cpu-fleet" | awk '{print $1 + $2}');" \
       "load now: $(cut -d' ' -f1-3 /proc/loadavg)"
done
