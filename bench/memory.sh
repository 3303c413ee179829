#!/usr/bin/env bash
# Bounded memory on hostile input (issue 18), measured with /usr/bin/time:
#
#   bench/memory.sh ROAMREPLAY stats [N]
#     `stats` (text and json) on N and 2N roams over 50 APs (default N =
#     50000, past the roam list's limit; each roam adds a PMKSA cache
#     entry): the peak RSS of 2N must stay within 10 % (+ 4 MB) of N's (it
#     grows with the APs it reports, not with roams, entries or lines), and
#     the time ratio (best of two runs) below 3.
#   bench/memory.sh ROAMREPLAY interfaces [N]
#     N interfaces, one AP each (default N = 65536): `replay` in every
#     format, `cache`, `coverage` and `report` (HTML and Markdown) each
#     stay under LIMIT_MB (default 64) peak RSS.
#   bench/memory.sh ROAMREPLAY follow [N]
#     `replay --follow -` (text and records) fed through a pipe with N and
#     2N roams (default N = 100000, about 1.1 M lines: more roams than a
#     busy station makes in a day). Over 50 APs the peak RSS of 2N must stay
#     within 10 % (+ 4 MB) of N's (flat with roams and lines); over a new AP
#     per roam it grows with the distinct APs (the per-AP tallies of the
#     end-of-input findings, as for stats) and must stay under LIMIT_MB.
#
# Prints one line per run: command, input size, peak RSS (MB), seconds.
set -euo pipefail
bin=$1
what=$2
here=$(cd "$(dirname "$0")" && pwd)
limit_mb=${LIMIT_MB:-64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

measure() {  # measure LABEL ARGS... -> sets rss_kb, secs
  local label=$1; shift
  local rc=0
  /usr/bin/time -f '%M %e' -o "$tmp/time" "$bin" "$@" > /dev/null 2> "$tmp/err" || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "FAIL: $label exited $rc: $(head -c 300 "$tmp/err")" >&2
    fail=1
  fi
  read -r rss_kb secs < <(tail -n 1 "$tmp/time")
  printf '%-34s %6d MB %7.2f s\n' "$label" $((rss_kb / 1024)) "$secs"
}

best() {  # best LABEL ARGS...: two runs, the larger RSS and the shorter time
  local r t
  measure "$@"; r=$rss_kb t=$secs
  measure "$@"
  [ "$r" -gt "$rss_kb" ] && rss_kb=$r
  if awk -v a="$t" -v b="$secs" 'BEGIN { exit !(a < b) }'; then secs=$t; fi
}

case $what in
  stats)
    n=${3:-50000}
    python3 "$here/gen_hostile.py" aps "$n" --distinct 50 > "$tmp/n.log"
    python3 "$here/gen_hostile.py" aps $((2 * n)) --distinct 50 > "$tmp/2n.log"
    for fmt in text json; do
      best "stats --format $fmt, $n roams" stats --format "$fmt" "$tmp/n.log"
      r1=$rss_kb t1=$secs
      best "stats --format $fmt, $((2 * n)) roams" stats --format "$fmt" "$tmp/2n.log"
      r2=$rss_kb t2=$secs
      if [ "$r2" -gt $((r1 + r1 / 10 + 4096)) ]; then
        echo "FAIL: stats RSS grows with roams: $r1 KB -> $r2 KB" >&2
        fail=1
      fi
      if awk -v a="$t1" -v b="$t2" 'BEGIN { exit !(b > 0.5 && b / (a + 0.01) > 3) }'; then
        echo "FAIL: stats time grows faster than n log n: $t1 s -> $t2 s" >&2
        fail=1
      fi
    done ;;
  interfaces)
    n=${3:-65536}
    python3 "$here/gen_hostile.py" aps "$n" --interfaces "$n" > "$tmp/if.log"
    for args in "replay" "replay --format json" "replay --format jsonl" \
                "replay --format records" "cache" "cache --format json" "coverage" \
                "report" "report --format markdown"; do
      # shellcheck disable=SC2086
      measure "$args, $n interfaces" $args "$tmp/if.log"
      if [ "$rss_kb" -gt $((limit_mb * 1024)) ]; then
        echo "FAIL: $args: $((rss_kb / 1024)) MB > $limit_mb MB" >&2
        fail=1
      fi
    done ;;
  follow)
    n=${3:-100000}
    for distinct in 50 0; do
      python3 "$here/gen_hostile.py" aps "$n" --distinct "$distinct" > "$tmp/n.log"
      python3 "$here/gen_hostile.py" aps $((2 * n)) --distinct "$distinct" > "$tmp/2n.log"
      aps=$([ "$distinct" = 0 ] && echo "a new AP each" || echo "$distinct APs")
      for fmt in text records; do
        measure_pipe() {  # LABEL FILE
          local rc=0
          /usr/bin/time -f '%M %e' -o "$tmp/time" "$bin" replay --follow --format "$fmt" - \
            < "$2" > /dev/null 2> "$tmp/err" || rc=$?
          if [ "$rc" -gt 1 ]; then
            echo "FAIL: $1 exited $rc: $(head -c 300 "$tmp/err")" >&2
            fail=1
          fi
          read -r rss_kb secs < <(tail -n 1 "$tmp/time")
          printf '%-50s %6d MB %7.2f s\n' "$1" $((rss_kb / 1024)) "$secs"
        }
        measure_pipe "follow --format $fmt, $n roams, $aps" "$tmp/n.log"
        r1=$rss_kb
        measure_pipe "follow --format $fmt, $((2 * n)) roams, $aps" "$tmp/2n.log"
        r2=$rss_kb
        if [ "$distinct" != 0 ] && [ "$r2" -gt $((r1 + r1 / 10 + 4096)) ]; then
          echo "FAIL: follow RSS grows with roams: $r1 KB -> $r2 KB" >&2
          fail=1
        fi
        if [ "$r2" -gt $((limit_mb * 1024)) ]; then
          echo "FAIL: follow RSS $r2 KB > $limit_mb MB" >&2
          fail=1
        fi
      done
    done ;;
  *) echo "usage: $0 ROAMREPLAY stats|interfaces|follow [N]" >&2; exit 2 ;;
esac
exit $fail
