"""A small PMKSA cache speaking roamreplay's harness protocol (version 1).

roamreplay drive --sut "python3 examples/sut/reference_cache.py" LOG

The harness writes one JSON request per line on stdin and reads one JSON
answer per line on stdout (README "Testing other PMKSA caches"). This module
holds the protocol loop and a cache with the README's reference rule; the
adapters beside it change one decision each. A PMK is named by its lineage
number ("pmk"): no key bytes cross the protocol.
"""

import json
import sys

MAX_ENTRIES = 32


class Entry:
    def __init__(self, aa, pmk, network, opportunistic=False, clone=False, expiration=0):
        self.aa = aa
        self.pmk = pmk
        self.generation = max(pmk, 0)  # PMKs from before the log are all "0"
        self.network = network
        self.opportunistic = opportunistic
        self.clone = clone
        self.expiration = expiration  # microseconds on the log's clock, 0 = unknown

    def view(self):
        return {"aa": self.aa, "pmk": self.pmk, "opportunistic": self.opportunistic}


class Cache:
    """The reference rule. Subclasses override one decision."""

    def __init__(self):
        self.reset(43200)

    def reset(self, lifetime_s):
        self.entries = []  # list order: by expiration, as wpa_supplicant keeps it
        self.validated = set()  # PMKs an AP accepted an OKC clone of
        self.lifetime_us = lifetime_s * 1000000

    # -- the list ------------------------------------------------------
    def find(self, aa):
        for e in self.entries:
            if e.aa == aa:
                return e
        return None

    def remove(self, aa):
        e = self.find(aa)
        if e is not None:
            self.entries.remove(e)

    def insert(self, entry):
        self.remove(entry.aa)
        if len(self.entries) >= MAX_ENTRIES:
            self.entries.pop(0)
        pos = len(self.entries)
        if entry.expiration:
            for i, e in enumerate(self.entries):
                if e.expiration and e.expiration > entry.expiration:
                    pos = i
                    break
        self.entries.insert(pos, entry)

    def expire(self, now_us):
        self.entries = [e for e in self.entries if not (e.expiration and e.expiration <= now_us)]

    # -- decisions -----------------------------------------------------
    def stale_on_new_pmk(self, aa, network, pmk):
        """Entries to drop when a full authentication at `aa` gives PMK `pmk`."""
        replaced = self.find(aa)
        # The replaced PMK is shared by the APs when one accepted an OKC
        # clone of it: a clone no longer opportunistic says so.
        shared = replaced is not None and (
            replaced.pmk in self.validated or (replaced.clone and not replaced.opportunistic))
        out = []
        for e in self.entries:
            if e.network != network or e.aa == aa:
                continue
            if e.clone and e.opportunistic and e.generation < max(pmk, 0):
                out.append(e.aa)  # an unvalidated OKC clone of an older PMK
            elif shared and e.pmk == replaced.pmk:
                out.append(e.aa)  # holds the replaced PMK, which APs share
        return out

    def make_clone(self, aa, source, now_us):
        return Entry(aa, source.pmk, source.network, opportunistic=True, clone=True,
                     expiration=now_us + self.lifetime_us if now_us is not None else 0)

    # -- requests ------------------------------------------------------
    def on_pmk(self, m):
        for stale in self.stale_on_new_pmk(m["aa"], m["network"], m["pmk"]):
            self.remove(stale)
        t = m.get("time_us")
        self.insert(Entry(m["aa"], m["pmk"], m["network"],
                          expiration=t + self.lifetime_us if t is not None else 0))

    def on_entry(self, m):
        opp = bool(m.get("opportunistic"))
        self.insert(Entry(m["aa"], m["pmk"], m["network"], opportunistic=opp, clone=opp))

    def on_validated(self, m):
        e = self.find(m["aa"])
        if e is not None:
            self.validated.add(e.pmk)
            e.opportunistic = False

    def on_offer(self, m):
        t = m.get("time_us")
        if t is not None:
            self.expire(t)
        e = self.find(m["aa"])
        if e is not None:
            return e.view()
        if not m.get("okc"):
            return None
        source = next((x for x in self.entries
                       if x.network == m["network"] and x.aa != m["aa"]), None)
        if source is None:
            return None
        clone = self.make_clone(m["aa"], source, t)
        source_expiration = source.expiration
        self.insert(clone)
        if source_expiration:
            clone.expiration = source_expiration
        return clone.view()

    def handle(self, m):
        kind = m.get("type")
        if kind == "hello":
            if m.get("protocol") != 1:
                return {"error": "protocol %r not supported" % m.get("protocol")}
            self.reset(m.get("pmk_lifetime_s", 43200))
        elif kind == "pmk":
            self.on_pmk(m)
        elif kind == "entry":
            self.on_entry(m)
        elif kind == "validated":
            self.on_validated(m)
        elif kind == "remove":
            self.remove(m["aa"])
        elif kind == "offer":
            return {"offer": self.on_offer(m)}
        elif kind == "cache":
            return {"cache": [e.view() for e in self.entries]}
        return {"ok": True}


def serve(cache):
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        answer = cache.handle(json.loads(line))
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
