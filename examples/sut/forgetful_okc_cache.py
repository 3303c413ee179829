"""A deliberately buggy cache: its OKC clones forget the opportunistic flag.

A clone no AP has accepted then looks accepted: when a full authentication
replaces it, its PMK looks shared and every entry holding that PMK is
flushed. scenarios/per-pmk-standalone-refusal-current.json catches it: the
standalone AP C refuses its clone of PMK 2, and the flush then wrongly drops
B's own entry (PMK 2), so the roam back to B cannot use PMKSA caching.
"""

import pmksa_sut


class ForgetfulOkcCache(pmksa_sut.Cache):
    def make_clone(self, aa, source, now_us):
        clone = super().make_clone(aa, source, now_us)
        clone.opportunistic = False  # the bug
        return clone


if __name__ == "__main__":
    pmksa_sut.serve(ForgetfulOkcCache())
