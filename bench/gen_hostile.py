#!/usr/bin/env python3
"""Generated (not real) hostile wpa_supplicant -dd -t logs for the scaling
checks of issue 18 (bench/scaling.sh, tests perf.scaling_*).

  gen_hostile.py aps N [--interfaces K] [--distinct M]   N roams, each:
      associate, full authentication, a new PMKSA cache entry (the cache
      holds 32, so the supplicant evicts the oldest), connected. Interfaces
      wlan0..wlanK-1 take turns (K = N: 64 k interfaces with one entry each).
      Each roam goes to a new AP, or with --distinct M to one of M APs in
      turn (many roams and entries, few APs: `stats` memory).

Deterministic; writes to stdout.
"""
import sys


def mac(i):
    return "02:%02x:%02x:%02x:%02x:%02x" % (
        (i >> 32) & 0xFF, (i >> 24) & 0xFF, (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF)


def aps(n, interfaces, distinct=0):
    out = sys.stdout
    t = 1317158000_000000
    write = out.write
    write("%d.%06d: wpa_supplicant v0.8.0-devel\n" % divmod(t, 1000000))
    for i in range(n):
        a = mac((i % distinct if distinct else i) + 1)
        ifname = "wlan%d" % (i % interfaces)
        def line(text):
            nonlocal t
            t += 1000
            write("%d.%06d: %s\n" % (t // 1000000, t % 1000000, text))
        line("%s: Trying to associate with %s (SSID='corp' freq=2412 MHz)" % (ifname, a))
        line("%s: Associated with %s" % (ifname, a))
        line("%s: CTRL-EVENT-EAP-STARTED EAP authentication started" % ifname)
        line("%s: CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully" % ifname)
        line("RSN: added PMKSA cache entry for %s" % a)
        line("%s: WPA: Key negotiation completed with %s [PTK=CCMP GTK=CCMP]" % (ifname, a))
        line("%s: CTRL-EVENT-CONNECTED - Connection to %s completed (auth) [id=0 id_str=]"
             % (ifname, a))


def main(argv):
    if len(argv) < 3 or argv[1] != "aps" or len(argv) % 2 == 0:
        sys.stderr.write(__doc__)
        return 2
    n = int(argv[2])
    opts = dict(zip(argv[3::2], argv[4::2]))
    k = int(opts.pop("--interfaces", 1))
    m = int(opts.pop("--distinct", 0))
    if opts:
        sys.stderr.write(__doc__)
        return 2
    aps(n, max(1, k), max(0, m))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
