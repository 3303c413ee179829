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
# Usage: bench/fleet_bench.sh BIN [TRACES=10000] [LINES=2000] [WORKERS=2] [BATCH=2500] [REPEAT=5]
set -euo pipefail
bin=$(realpath "$1")
traces=${TRACES:-10000}
lines=${LINES:-2000}
workers=${WORKERS:-2}
batch=${BATCH:-2500}
repeat=${REPEAT:-5}
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
# median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# REPEAT alternating pairs (a single-process run, then the fleet run, for
# like load; the VM's timing noise is about 10 %): best and median of each.
for records in "" --no-records --local-processes "--local-processes --no-records"; do
  singles=() fleets=()
  for ((r = 0; r < repeat; r++)); do
    t0=$(now)
    "$bin" stats --format json --jobs "$workers" "$work/traces" > "$work/single.json" 2>/dev/null ||
      [ $? -le 3 ]  # 1 findings, 3 some slices skipped (no supplicant line)
    t1=$(now)
    /usr/bin/python3 "$src/tools/fleet/roamreplay-fleet" --workers "$workers" --batch "$batch" \
      $records --roamreplay "$bin" -o "$work/out" "$work/traces" > "$work/fleet.json" 2>/dev/null ||
      [ $? -le 3 ]
    t2=$(now)
    cmp "$work/single.json" "$work/fleet.json"
    singles+=("$(echo "$t1 - $t0" | bc)")
    fleets+=("$(echo "$t2 - $t1" | bc)")
  done
  sb=$(printf '%s\n' "${singles[@]}" | sort -g | head -1)
  fb=$(printf '%s\n' "${fleets[@]}" | sort -g | head -1)
  sm=$(median "${singles[@]}") fm=$(median "${fleets[@]}")
  echo "fleet_bench: ${records:-with records}: stats --jobs $workers best $sb s median $sm s;" \
       "roamreplay-fleet best $fb s median $fm s; overhead best-to-best" \
       "$(echo "scale=1; 100 * ($fb - $sb) / $sb" | bc) %, median-to-median" \
       "$(echo "scale=1; 100 * ($fm - $sm) / $sm" | bc) % ($repeat runs each, identical output;" \
       "load now: $(cut -d' ' -f1-3 /proc/loadavg))"
done
