#!/usr/bin/env bash
# Times the CLI (`replay --format json`, `stats`, `coverage`, `report`)
# against `grep -c PMKSA` and `wc -l` on the same log, in one run, and
# prints the ratios. The file is read once beforehand so that all of them
# run from the page cache. Each timing is the best of REPEAT runs.
#
#   bench/compare.sh [ROAMREPLAY [GEN_LOG]]      (defaults: build/bin/...)
#   LINES=5000000 REPEAT=3 CPU=0 LOG=/path/to/existing.log bench/compare.sh
#   SOURCE=generated bench/compare.sh            (the synthetic gen_log mix)
#
# The default log (SOURCE=tiled) is built by bench/tile_corpus.py from real
# logs (../shared/corpus; without it, the shipped 2011 reconstructions)
# converted to the -dd -t shape and tiled to LINES lines.
#
# CPU pins every command to one core (taskset) when taskset exists, and
# roamreplay runs with --threads 1 there; one more row times
# `replay --threads 2` unpinned (both cores).
# Exits non-zero only if a command fails.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/bin/roamreplay}
gen=${2:-$here/build/bin/gen_log}
lines=${LINES:-2000000}
repeat=${REPEAT:-3}
cpu=${CPU:-0}

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=${LOG:-}
source=${SOURCE:-tiled}
if [ -z "$log" ]; then
  if [ "$source" = tiled ]; then
    log=$tmp/tiled.log
    python3 "$here/bench/tile_corpus.py" --lines "$lines" -o "$log" 2>"$tmp/tile.err" ||
      { cat "$tmp/tile.err" >&2; exit 1; }
    tail -1 "$tmp/tile.err"
  else
    log=$tmp/synthetic.log
    "$gen" --lines "$lines" -o "$log"
  fi
fi
cat "$log" >/dev/null

# best_of CMD...: prints the best wall time in seconds over $repeat runs.
best_of() {
  local best="" t
  for _ in $(seq "$repeat"); do
    local start end
    start=$(date +%s.%N)
    # Not >/dev/null: GNU grep then stops at the first match, like -q.
    "$@" >"$tmp/out" || [ $? -eq 1 ]   # roamreplay exits 1 when it has findings
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

bytes=$(stat -c %s "$log")
nlines=$(wc -l <"$log")
# One core: --threads 1 (on one pinned core two threads would only share it).
t_cli=$(best_of "${pin[@]}" "$bin" replay --threads 1 --format json "$log")
t_stats=$(best_of "${pin[@]}" "$bin" stats --threads 1 "$log")
t_cov=$(best_of "${pin[@]}" "$bin" coverage --threads 1 "$log")
t_report=$(best_of "${pin[@]}" "$bin" report --threads 1 -o "$tmp/report.html" "$log")
# Two cores, not pinned: the parse thread beside the model thread.
t_cli2=$(best_of "$bin" replay --threads 2 --format json "$log")
t_grep=$(best_of "${pin[@]}" grep -c PMKSA "$log")
t_wc=$(best_of "${pin[@]}" wc -l "$log")

printf 'input: %s lines, %.1f MB\n' "$nlines" "$(echo "$bytes / 1000000" | bc -l)"
printf '%-28s %8.3f s  %7.2f M lines/s  %7.1f MB/s\n' \
  "roamreplay replay --format json" "$t_cli" "$(echo "$nlines / $t_cli / 1000000" | bc -l)" \
  "$(echo "$bytes / $t_cli / 1000000" | bc -l)"
printf '%-28s %8.3f s  %7.2f M lines/s  %7.1f MB/s\n' \
  "  the same, --threads 2" "$t_cli2" "$(echo "$nlines / $t_cli2 / 1000000" | bc -l)" \
  "$(echo "$bytes / $t_cli2 / 1000000" | bc -l)"
for row in "roamreplay stats:$t_stats" "roamreplay coverage:$t_cov" "roamreplay report:$t_report"; do
  t=${row##*:}
  printf '%-28s %8.3f s  %7.2f M lines/s  %7.1f MB/s\n' "${row%%:*}" "$t" \
    "$(echo "$nlines / $t / 1000000" | bc -l)" "$(echo "$bytes / $t / 1000000" | bc -l)"
done
printf '%-28s %8.3f s  %7.2f M lines/s  %7.1f MB/s\n' \
  "grep -c PMKSA" "$t_grep" "$(echo "$nlines / $t_grep / 1000000" | bc -l)" \
  "$(echo "$bytes / $t_grep / 1000000" | bc -l)"
printf '%-28s %8.3f s  %7.2f M lines/s  %7.1f MB/s\n' \
  "wc -l" "$t_wc" "$(echo "$nlines / $t_wc / 1000000" | bc -l)" \
  "$(echo "$bytes / $t_wc / 1000000" | bc -l)"
printf 'ratio replay / grep -c:   %.2f (target <= 4)\n' "$(echo "$t_cli / $t_grep" | bc -l)"
printf 'ratio stats / grep -c:    %.2f\n' "$(echo "$t_stats / $t_grep" | bc -l)"
printf 'ratio coverage / grep -c: %.2f\n' "$(echo "$t_cov / $t_grep" | bc -l)"
printf 'ratio report / replay:    %.2f (target <= 1.5)\n' "$(echo "$t_report / $t_cli" | bc -l)"
printf 'speed-up --threads 2:     %.2f (target >= 1.7 on a 2 GB log)\n' "$(echo "$t_cli / $t_cli2" | bc -l)"
printf 'ratio replay / wc -l:      %.2f\n' "$(echo "$t_cli / $t_wc" | bc -l)"
