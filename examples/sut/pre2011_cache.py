"""wpa_supplicant's PMKSA cache before hostap c3fea272 (Oct 2011).

A new PMK replaces only the entry of the AP that authenticated: OKC entries
of other APs built on the old PMK survive and are offered later (the 2011
report). Driven through logs/2011-okc-stale-pmkid.log it diverges at
1317159147.145598, the stale offer.
"""

import pmksa_sut


class Pre2011Cache(pmksa_sut.Cache):
    def stale_on_new_pmk(self, aa, network, pmk):
        return []  # no flush on a PMK change


if __name__ == "__main__":
    pmksa_sut.serve(Pre2011Cache())
