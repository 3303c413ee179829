#!/usr/bin/env python3
"""Builds a benchmark log from real logs: every station log of the corpus
(../shared/corpus, hostapd logs left out; without it, the shipped 2011
reconstructions logs/2011-*.log), each converted to the `wpa_supplicant -dd -t` shape, then tiled to N lines.

  bench/tile_corpus.py --lines 2000000 -o /tmp/tiled.log [--corpus DIR]

Conversion: `-t` logs are kept as they are (continuation lines too);
syslog/journald lines of wpa_supplicant ("Jul 15 22:46:12 host
wpa_supplicant[678]: msg", also "...T22:46:12.123456+0200 host ...") become
"<seconds>.<microseconds>: msg"; other programs' lines (kernel,
NetworkManager) and files of other shapes (logcat, ESP-IDF consoles,
eapol_test) are left out. Whole-second stamps get a few microseconds per
line so that time advances. Re-stamping: each file is shifted to start 10 s
after the previous one ends and each repetition of the set after the last,
so time only moves forward. The result is labelled synthetic in logs/README
terms: real lines, re-stamped and repeated; it is written only at run time.
Prints the per-file line counts and the totals on stderr.
"""

import argparse
import os
import re
import sys

T_LINE = re.compile(rb"^(\d{9,10})\.(\d{6}): ")
SYSLOG = re.compile(
    rb"^(?:(\w{3,4}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?"
    rb"|\d{4}-\d\d-\d\dT(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?\S*) "
    rb"\S+ wpa_supplicant(?:\[\d+\])?: ")


def convert(path):
    """Returns a list of (time_us or None, body-with-prefix-removed, is_t) lines."""
    with open(path, "rb") as f:
        data = f.read().split(b"\n")
    t_lines = sum(1 for l in data[:400] if T_LINE.match(l))
    out = []
    if t_lines >= 5:
        for l in data:
            m = T_LINE.match(l)
            if m:
                out.append((int(m.group(1)) * 1000000 + int(m.group(2)), l[m.end():]))
            elif l:
                out.append((None, l))  # continuation of a hexdump or wrapped line
        return out
    last = None
    same = 0
    day = 0
    for l in data:
        m = SYSLOG.match(l)
        if not m:
            continue
        if m.group(3) is not None:
            h, mi, s, frac = m.group(3), m.group(4), m.group(5), m.group(6)
        else:
            h, mi, s, frac = m.group(7), m.group(8), m.group(9), m.group(10)
        secs = int(h) * 3600 + int(mi) * 60 + int(s) + day * 86400
        if last is not None and secs < last // 1000000 - 3600:
            day += 1  # past midnight
            secs += 86400
        if frac:
            us = secs * 1000000 + int(frac.ljust(6, b"0"))
        else:
            base = secs * 1000000
            same = same + 1 if last is not None and last // 1000000 == secs else 0
            us = base + same * 37
        if last is not None and us <= last:
            us = last + 1
        last = us
        out.append((us, l[m.end():]))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=2000000)
    ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "corpus"))
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--base-output", help="also write one untiled copy of the set here")
    args = ap.parse_args()

    files = []
    if os.path.isdir(args.corpus):
        files += sorted(os.path.join(args.corpus, n) for n in os.listdir(args.corpus)
                        if n.endswith(".log") and "hostapd" not in n)
    if not files:
        # Without the corpus: the shipped reconstructions of the 2011 report
        # (not the hand-made conn-*.log).
        logs = os.path.join(here, "..", "logs")
        files = sorted(os.path.join(logs, n) for n in os.listdir(logs)
                       if n.startswith("2011-") and n.endswith(".log"))
    pieces = []
    for path in files:
        lines = convert(path)
        timed = [t for t, _ in lines if t is not None]
        if len(timed) < 5:
            sys.stderr.write("tile_corpus: left out %s (not -t or syslog/journald)\n"
                             % os.path.basename(path))
            continue
        pieces.append((path, lines, timed[0], timed[-1]))
        sys.stderr.write("tile_corpus: %s: %d lines\n" % (os.path.basename(path), len(lines)))
    if not pieces:
        sys.exit("tile_corpus: no usable log")

    clock = 1700000000 * 1000000
    written = 0

    def write_cycle(out, limit):
        nonlocal clock
        n = 0
        for _, lines, first, last in pieces:
            shift = clock - first
            for t, body in lines:
                if n >= limit:
                    return n
                if t is None:
                    out.write(body + b"\n")
                else:
                    s = t + shift
                    out.write(b"%d.%06d: " % (s // 1000000, s % 1000000) + body + b"\n")
                n += 1
            clock += last - first + 10000000
        return n

    if args.base_output:
        saved = clock
        with open(args.base_output, "wb") as out:
            write_cycle(out, 1 << 62)
        clock = saved
    with open(args.output, "wb", buffering=1 << 20) as out:
        while written < args.lines:
            written += write_cycle(out, args.lines - written)
    sys.stderr.write("tile_corpus: %d lines from %d logs into %s\n"
                     % (written, len(pieces), args.output))


if __name__ == "__main__":
    main()
