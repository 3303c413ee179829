#!/usr/bin/env python3
"""Reconstruct the Oct-2011 OKC stale-PMKID wpa_supplicant debug logs.

This script GENERATES logs; it does not replay captured ones.  The original
log behind the hostap-list report (Matt Causey, answered by Jouni Malinen on
2011-10-02, fixed by hostap commit c3fea2727) was never published.  What is
reconstructed here is the same roam story as a 2011 wpa_supplicant 0.8.x
(hostap tree 0098ce6d29eb, the parent of the fix) would print it with
`wpa_supplicant -dd -t` on Linux nl80211/mac80211 (userspace SME), interface
wlan0, WPA2-Enterprise PEAP/MSCHAPv2, proactive_key_caching=1.

Outputs (paths relative to the logs/ directory, i.e. the parent of gen/):
  2011-okc-stale-pmkid.log       pre-fix supplicant, -dd -t
  2011-okc-postfix.log           same roams, post-fix (c3fea2727) behaviour
  2011-okc-stale-pmkid-keys.log  pre-fix, -dd -K -t (key material shown)
  gen/reconstruct_2011.json      sidecar: MACs, SSID, PMKs, PMKIDs, anchors

Everything is deterministic: all randomness (timing jitter, nonces, PMKs,
TLS filler bytes) comes from random.Random instances seeded with fixed
strings, so the same Python 3 gives byte-identical files on every run.
Standard library only.

Crypto that is real (so the logs are self-consistent):
  PMKID = HMAC-SHA1(PMK, "PMK Name" || AA || SPA)[0:16]
  PTK   = PRF-384(PMK, "Pairwise key expansion", ...)  (IEEE 802.11i)
  EAPOL-Key MIC = HMAC-SHA1(KCK, frame)[0:16]  (descriptor version 2)
  EAPOL-Key Key Data = AES key wrap (RFC 3394) with the KEK
Filler that is NOT real: TLS records, MSCHAPv2 challenge/response values,
the second half of each MSK, GTKs and nonces are random bytes.

Usage:  python3 logs/gen/reconstruct_2011.py [--outdir DIR]
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import sys

SEED = "roamreplay/reconstruct_2011/v1"

# --------------------------------------------------------------------------
# Fixed invented identities
# --------------------------------------------------------------------------

IFNAME = "wlan0"
IFINDEX = 3
CONF = "/etc/wpa_supplicant/wpa_supplicant.conf"
SSID = b"corp-secure"
IDENTITY = b"jsmith@corp.example.com"
RADIUS_NAME = b"corp-radius1"
CA_SUBJECT = "/C=US/ST=California/O=Example Corp/CN=Example Corp Issuing CA"
SRV_SUBJECT = ("/C=US/ST=California/O=Example Corp/OU=IT/"
               "CN=radius1.corp.example.com")


def mac_b(s):
    return bytes(int(x, 16) for x in s.split(":"))


def mac_s(b):
    return ":".join("%02x" % x for x in b)


def hexs(b):
    return " ".join("%02x" % x for x in b)


STA = mac_b("00:1f:3b:5c:9e:71")          # Intel OUI (laptop NIC)
AP = {
    "A": mac_b("00:24:97:aa:bb:01"),      # Cisco OUI, three APs of one ESS
    "B": mac_b("00:24:97:aa:bb:02"),
    "C": mac_b("00:24:97:aa:bb:03"),
}
FREQ = {"A": 2412, "B": 2437, "C": 2462}
GUEST = mac_b("00:24:97:aa:bb:11")        # open 'corp-guest' on AP A's radio
GUEST_SSID = b"corp-guest"
ZERO_MAC = bytes(6)

# Pointer values printed by "%p" in wpa_driver_nl80211_set_key (x86_64).
PTR_BSSID = "0x1c4f2bc"      # &wpa_sm->bssid (heap)
PTR_BCAST = "0x4a6a40"       # static broadcast address in .rodata

T0 = 1317158000            # brief: start at about 1317158000
STALE_ANCHOR = (1317159147, 145598)   # Jouni: "shows up at 1317159147.145598"

# --------------------------------------------------------------------------
# Crypto helpers (real)
# --------------------------------------------------------------------------


def pmkid_of(pmk, aa, spa):
    return hmac.new(pmk, b"PMK Name" + aa + spa, hashlib.sha1).digest()[:16]


def prf_sha1(key, label, data, nbytes):
    out = b""
    i = 0
    while len(out) < nbytes:
        out += hmac.new(key, label + b"\x00" + data + bytes([i]),
                        hashlib.sha1).digest()
        i += 1
    return out[:nbytes]


def derive_ptk(pmk, aa, spa, anonce, snonce):
    data = (min(aa, spa) + max(aa, spa) +
            min(anonce, snonce) + max(anonce, snonce))
    return prf_sha1(pmk, b"Pairwise key expansion", data, 48)


def _aes_tables():
    sbox = [0] * 256
    p = q = 1
    while True:
        p = p ^ ((p << 1) & 0xff) ^ (0x1b if p & 0x80 else 0)
        q ^= q << 1
        q ^= q << 2
        q ^= q << 4
        q &= 0xff
        if q & 0x80:
            q ^= 0x09
        x = q ^ ((q << 1) | (q >> 7)) ^ ((q << 2) | (q >> 6)) ^ \
            ((q << 3) | (q >> 5)) ^ ((q << 4) | (q >> 4))
        sbox[p] = (x ^ 0x63) & 0xff
        if p == 1:
            break
    sbox[0] = 0x63
    return sbox


SBOX = _aes_tables()


def _xt(a):
    return ((a << 1) ^ 0x1b) & 0xff if a & 0x80 else a << 1


def aes128_encrypt_block(key, block):
    rk = list(key)
    rcon = 1
    for i in range(4, 44):
        t = rk[(i - 1) * 4:i * 4]
        if i % 4 == 0:
            t = [SBOX[t[1]] ^ rcon, SBOX[t[2]], SBOX[t[3]], SBOX[t[0]]]
            rcon = _xt(rcon)
        rk += [rk[(i - 4) * 4 + j] ^ t[j] for j in range(4)]
    s = [block[i] ^ rk[i] for i in range(16)]
    for rnd in range(1, 11):
        s = [SBOX[x] for x in s]
        s = [s[(i + 4 * (i % 4)) % 16] for i in range(16)]   # ShiftRows
        if rnd != 10:
            m = []
            for c in range(4):
                a = s[4 * c:4 * c + 4]
                t = a[0] ^ a[1] ^ a[2] ^ a[3]
                m += [a[j] ^ t ^ _xt(a[j] ^ a[(j + 1) % 4]) for j in range(4)]
            s = m
        s = [s[i] ^ rk[16 * rnd + i] for i in range(16)]
    return bytes(s)


def aes_wrap(kek, plain):
    """RFC 3394 AES key wrap."""
    n = len(plain) // 8
    a = b"\xa6" * 8
    r = [plain[8 * i:8 * i + 8] for i in range(n)]
    for j in range(6):
        for i in range(n):
            b = aes128_encrypt_block(kek, a + r[i])
            t = n * j + i + 1
            a = (int.from_bytes(b[:8], "big") ^ t).to_bytes(8, "big")
            r[i] = b[8:]
    return a + b"".join(r)


def _selftest_crypto():
    k = bytes(range(16))
    assert aes128_encrypt_block(k, bytes.fromhex(
        "00112233445566778899aabbccddeeff")).hex() == \
        "69c4e0d86a7b0430d8cdb78070b4c55a"
    assert aes_wrap(k, bytes.fromhex("00112233445566778899aabbccddeeff")
                    ).hex() == \
        "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"


# --------------------------------------------------------------------------
# Frame builders
# --------------------------------------------------------------------------


def eapol(ptype, body):
    return bytes([1, ptype]) + len(body).to_bytes(2, "big") + body


def eap_pkt(code, ident, data=b""):
    return bytes([code, ident]) + (4 + len(data)).to_bytes(2, "big") + data


MIC_OFF = 4 + 1 + 2 + 2 + 8 + 32 + 16 + 8 + 8


def eapol_key(key_info, key_len, replay, nonce, rsc, data, kck=None):
    body = (bytes([2]) + key_info.to_bytes(2, "big") +
            key_len.to_bytes(2, "big") + replay + nonce + bytes(16) + rsc +
            bytes(8) + bytes(16) + len(data).to_bytes(2, "big") + data)
    frame = eapol(3, body)
    if kck is not None:
        mic = hmac.new(kck, frame, hashlib.sha1).digest()[:16]
        frame = frame[:MIC_OFF] + mic + frame[MIC_OFF + 16:]
    return frame


RSN_IE_AP = bytes.fromhex("30140100000fac040100000fac040100000fac012800")


def rsn_ie_sta(pmkid=None):
    base = bytes.fromhex("0100000fac040100000fac040100000fac010000")
    if pmkid is None:
        return bytes([0x30, len(base)]) + base
    body = base + b"\x01\x00" + pmkid
    return bytes([0x30, len(body)]) + body


def tls_rec(ctype, body):
    return bytes([ctype, 3, 1]) + len(body).to_bytes(2, "big") + body


def tls_app_len(n):
    """TLS 1.0 AES-128-CBC/SHA1 record size for n bytes of plaintext."""
    return 5 + ((n + 20 + 1 + 15) // 16) * 16


# --------------------------------------------------------------------------
# Log writer
# --------------------------------------------------------------------------


class Log:
    def __init__(self, show_keys):
        self.show_keys = show_keys
        self.entries = []          # [time_us, text, tag]
        self.t = 0
        self.exact = None
        self.rng = random.Random(SEED + "/jitter/init")

    def set_phase(self, name):
        self.rng = random.Random(SEED + "/jitter/" + name)

    def at(self, t_us):
        assert t_us > self.t, (t_us, self.t)
        self.exact = t_us

    def cpu(self, us):
        self.t += us

    def _stamp(self, fixed=None):
        if self.exact is not None:
            assert self.exact > self.t
            self.t = self.exact
            self.exact = None
        elif fixed is not None:
            self.t += fixed      # does not consume jitter randomness
        else:
            self.t += self.rng.randint(9, 62)
        return self.t

    def raw(self, text, tag=None, fixed=None):
        self.entries.append([self._stamp(fixed), text, tag])

    # wpa_printf
    def p(self, text, tag=None, fixed=None):
        self.raw(text, tag, fixed)

    # wpa_msg / wpa_dbg: "<ifname>: " prefix
    def d(self, text, tag=None):
        self.raw(IFNAME + ": " + text, tag)

    def hd(self, title, data, tag=None):
        if data is None:
            self.raw("%s - hexdump(len=0): [NULL]" % title, tag)
        elif len(data) == 0:
            self.raw("%s - hexdump(len=0):" % title, tag)
        else:
            self.raw("%s - hexdump(len=%d): %s" % (title, len(data),
                                                   hexs(data)), tag)

    def hdk(self, title, data, tag=None):
        if self.show_keys:
            self.hd(title, data, tag)
        else:
            self.raw("%s - hexdump(len=%d): [REMOVED]" % (title, len(data)),
                     tag)

    def hda(self, title, data, key=False, tag=None):
        if key and not self.show_keys:
            self.raw("%s - hexdump_ascii(len=%d): [REMOVED]" %
                     (title, len(data)), tag)
            return
        if data is None:
            self.raw("%s - hexdump_ascii(len=0): [NULL]" % title, tag)
            return
        out = ["%s - hexdump_ascii(len=%d):" % (title, len(data))]
        for off in range(0, len(data), 16):
            chunk = data[off:off + 16]
            s = "    " + "".join(" %02x" % c for c in chunk)
            s += "   " * (16 - len(chunk)) + "   "
            s += "".join(chr(c) if 32 <= c < 127 else "_" for c in chunk)
            s += " " * (16 - len(chunk))
            out.append(s)
        self.raw("\n".join(out), tag)

    def render(self):
        res = []
        for t, text, _tag in self.entries:
            parts = text.split("\n")
            res.append("%d.%06d: %s" % (t // 1000000, t % 1000000, parts[0]))
            res.extend(parts[1:])
        return "\n".join(res) + "\n"

    def line_numbers(self):
        """1-based line number of every entry's first physical line."""
        nums = []
        n = 1
        for _t, text, _tag in self.entries:
            nums.append(n)
            n += text.count("\n") + 1
        return nums


def us(sec, usec=0):
    return sec * 1000000 + usec


# --------------------------------------------------------------------------
# The scenario: a small model of the 2011 supplicant driving the log
# --------------------------------------------------------------------------


class Scenario:
    def __init__(self, variant, show_keys, pmks, anchor_shift=0):
        assert variant in ("prefix", "postfix")
        self.variant = variant
        self.L = Log(show_keys)
        self.PMK = pmks["pmk"]
        self.MSK2 = pmks["msk_tail"]
        self.anchor_shift = anchor_shift
        self.drng = random.Random(SEED + "/data/init")
        # supplicant state
        self.wpa_state = "DISCONNECTED"
        self.bssid = ZERO_MAC
        self.cur_ap = None
        self.current_ssid_set = False     # wpa_s->current_ssid
        self.pmksa = []                   # list of dict entries (list order)
        self.cur_pmksa = None
        self.cached_pmk = False
        self.assoc_ie = rsn_ie_sta()
        self.reassociated = False
        self.new_connection = False
        self.eapol_received = 0
        self.port_valid = False
        self.eap_has_method = False       # PEAP data kept for fast reauth
        self.operstate = 0
        self.replay = 0
        self.gtk = {}
        self.pmk = None                   # sm->pmk
        self.ptk = None
        self.anonce = None
        self.prev_bssid_set = False
        # EAPOL port timers (eapol_port_timers_tick)
        self.tick_enabled = True
        self.next_tick = None
        self.tm = {"authWhile": 0, "heldWhile": 0, "startWhen": 0,
                   "idleWhile": 0}
        # BSS table
        self.bss_ids = {}
        self.bss_next_id = 0
        self.bss_update = 0
        # results
        self.generated = {}               # (gen, ap) -> pmkid printed
        self.okc_clones = []

    # ---------------------------------------------------------------- time
    def phase(self, name):
        self.L.set_phase(name)
        self.drng = random.Random(SEED + "/data/" + name)

    def rb(self, n):
        return bytes(self.drng.getrandbits(8) for _ in range(n))

    def jit(self, lo, hi):
        return self.L.rng.randint(lo, hi)

    def run_ticks(self, until):
        while self.tick_enabled and self.next_tick <= until:
            t = max(self.next_tick, self.L.t + self.jit(4, 12))
            self.L.at(t)
            printed = False
            for name in ("authWhile", "heldWhile", "startWhen", "idleWhile"):
                if self.tm[name] > 0:
                    self.tm[name] -= 1
                    if self.tm[name] == 0:
                        self.L.p("EAPOL: %s --> 0" % name)
                        printed = True
            if not any(self.tm.values()):
                self.L.p("EAPOL: disable timer tick")
                printed = True
                self.tick_enabled = False
            else:
                self.next_tick += 1000000 + self.jit(60, 400)
            if not printed:
                self.L.exact = None

    def event(self, dt):
        """A new eloop event arrives dt microseconds after the last line."""
        target = self.L.t + dt
        self.run_ticks(target)
        self.L.at(max(target, self.L.t + self.jit(3, 9)))

    def event_at(self, t_abs):
        self.run_ticks(t_abs)
        self.L.at(max(t_abs, self.L.t + self.jit(3, 9)))

    def enable_tick(self):
        if not self.tick_enabled:
            self.L.p("EAPOL: enable timer tick")
            self.tick_enabled = True
            self.next_tick = self.L.t + 1000000 + self.jit(50, 300)

    # ------------------------------------------------------------- helpers
    def set_state(self, new):
        old = self.wpa_state
        self.L.d("State: %s -> %s" % (old, new))
        self.wpa_state = new
        if new == "COMPLETED" and self.new_connection:
            self.L.d("CTRL-EVENT-CONNECTED - Connection to %s completed %s "
                     "[id=0 id_str=]" % (mac_s(self.bssid),
                                         "(reauth)" if self.reassociated
                                         else "(auth)"),
                     tag="connected")
            self.new_connection = False
            self.reassociated = True
            self.set_operstate(1)
        elif new in ("DISCONNECTED", "ASSOCIATING", "ASSOCIATED"):
            self.new_connection = True
            self.set_operstate(0)

    def set_operstate(self, st):
        self.L.p("wpa_driver_nl80211_set_operstate: operstate %d->%d (%s)" %
                 (self.operstate, st, "UP" if st else "DORMANT"))
        self.operstate = st

    def set_key(self, alg, addr_ptr, idx, set_tx, seq_len, key_len,
                addr=None, bcast=False):
        self.L.p("wpa_driver_nl80211_set_key: ifindex=%d alg=%d addr=%s "
                 "key_idx=%d set_tx=%d seq_len=%d key_len=%d" %
                 (IFINDEX, alg, addr_ptr, idx, set_tx, seq_len, key_len))
        if addr is not None:
            self.L.p("   addr=%s" % mac_s(addr))
        elif bcast:
            self.L.p("   broadcast key")

    def nl_event(self):
        self.L.p("nl80211: Event message available")

    def port_status(self, authorized):
        self.L.p("EAPOL: Supplicant port status: %s" %
                 ("Authorized" if authorized else "Unauthorized"))

    # --------------------------------------------------------- PMKSA cache
    def pmksa_find(self, aa):
        for e in self.pmksa:
            if e["aa"] == aa:
                return e
        return None

    def pmksa_add(self, gen, aa, origin):
        """pmksa_cache_add() of the 2011 tree, with the c3fea2727 flush in
        the post-fix variant."""
        pmk = self.PMK[gen]
        pmkid = pmkid_of(pmk, aa, STA)
        old = self.pmksa_find(aa)
        if old is not None:
            if old["gen"] == gen:
                self.L.p("WPA: reusing previous PMKSA entry")
                return old
            self.pmksa.remove(old)
            if old is self.cur_pmksa:
                self.L.p("RSN: replacing current PMKSA entry")
                self.cur_pmksa = None
            self.L.p("RSN: Replace PMKSA entry for the current AP",
                     tag="replace")
            if self.variant == "postfix":
                for e in list(self.pmksa):
                    # fixed spacing: keep the jitter sequence (and so the
                    # later timestamps) aligned with the pre-fix log
                    self.L.p("RSN: Flush PMKSA cache entry for %s" %
                             mac_s(e["aa"]), tag="flush", fixed=37)
                    self.pmksa.remove(e)
                    self.L.p("nl80211: Delete PMKID for %s" % mac_s(e["aa"]),
                             fixed=29)
        entry = {"aa": aa, "gen": gen, "pmkid": pmkid,
                 "opportunistic": False, "origin": origin}
        self.pmksa.append(entry)      # expiration order == insertion order
        self.L.p("RSN: added PMKSA cache entry for %s" % mac_s(aa),
                 tag="added")
        self.L.p("nl80211: Add PMKID for %s" % mac_s(aa))
        return entry

    def pmksa_get_opportunistic(self, aa):
        self.L.p("RSN: Consider %s for OKC" % mac_s(aa))
        if not self.current_ssid_set or not self.pmksa:
            return None
        src = self.pmksa[0]           # first entry of the network
        e = self.pmksa_add(src["gen"], aa, "okc-clone")
        e["opportunistic"] = True
        self.okc_clones.append((mac_s(aa), src["gen"]))
        self.L.p("RSN: added opportunistic PMKSA cache entry for %s" %
                 mac_s(aa), tag="added_okc")
        return e

    def pmksa_set_current(self, aa, tag=None):
        self.cur_pmksa = self.pmksa_find(aa)
        if self.cur_pmksa is None:
            self.cur_pmksa = self.pmksa_get_opportunistic(aa)
        if self.cur_pmksa is not None:
            e = self.cur_pmksa
            self.L.hd("RSN: PMKID", e["pmkid"],
                      tag=tag if tag else "pmkid_selection")
            self.generated[(e["gen"], self.ap_name(aa))] = e["pmkid"]
            self.L.p("RSN: Trying to use cached PMKSA")
            self.cached_pmk = True
            return True
        return False

    def ap_name(self, aa):
        for k, v in AP.items():
            if v == aa:
                return k
        return mac_s(aa)

    # ------------------------------------------------------------- startup
    def startup(self, t_start):
        L = self.L
        self.phase("startup")
        L.at(t_start)
        L.p("wpa_supplicant v0.8.x")
        L.p("Initializing interface '%s' conf '%s' driver 'nl80211' "
            "ctrl_interface 'N/A' bridge 'N/A'" % (IFNAME, CONF))
        L.p("Configuration file '%s' -> '%s'" % (CONF, CONF))
        L.cpu(1900)
        L.p("nl80211: interface %s in phy phy0" % IFNAME)
        L.p("nl80211: RFKILL status not available")
        L.cpu(300)
        L.p("nl80211: Set mode ifindex %d iftype 2 (STATION)" % IFINDEX)
        for m in ("040a", "040b", "040c", "040d", "0409506f9a09",
                  "7f506f9a09"):
            L.hd("nl80211: Register frame match", bytes.fromhex(m))
        L.p("nl80211: Using driver-based off-channel TX")
        L.cpu(2500)
        L.d("Own MAC address: %s" % mac_s(STA))
        for i in range(4):
            self.set_key(0, "(nil)", i, 0, 0, 0)
        L.d("RSN: flushing PMKID list in the driver")
        L.p("nl80211: Flush PMKIDs")
        L.d("Setting scan request: 0 sec 100000 usec")
        L.cpu(400)
        L.p("EAPOL: SUPP_PAE entering state DISCONNECTED")
        self.port_status(False)
        L.p("EAPOL: KEY_RX entering state NO_KEY_RECEIVE")
        L.p("EAPOL: SUPP_BE entering state INITIALIZE")
        L.p("EAP: EAP entering state DISABLED")
        self.next_tick = L.t + 1000000 + 180
        L.cpu(700)
        L.d("Added interface %s" % IFNAME)
        self.event(1400)
        L.p("RTM_NEWLINK: operstate=0 ifi_flags=0x1003 ([UP])")
        L.p("RTM_NEWLINK, IFLA_IFNAME: Interface '%s' added" % IFNAME)
        self.event(97000)
        self.set_state("SCANNING")
        L.d("Starting AP scan for wildcard SSID")
        L.hda("nl80211: Scan SSID", None)
        L.cpu(800)
        L.p("Scan requested (ret=0) - scan timeout 10 seconds")
        self.event(1800)
        self.nl_event()
        L.p("nl80211: Scan trigger")

    # ---------------------------------------------------------------- scan
    def scan(self, t_cmd, duration_us, levels, roam_to=None, first=False,
             anchor=False):
        """levels: dict name -> dBm for A, B, C, G (guest).  Returns after
        the roam decision (and the SME authentication request if any)."""
        L = self.L
        if not first:
            self.event_at(t_cmd)
            L.hda("RX ctrl_iface", b"SCAN")
            L.d("Setting scan request: 0 sec 0 usec")
            self.event(self.jit(60, 180))
            L.d("Starting AP scan for wildcard SSID")
            L.hda("nl80211: Scan SSID", None)
            L.cpu(500)
            L.p("Scan requested (ret=0) - scan timeout 30 seconds")
            self.event(self.jit(1500, 2600))
            self.nl_event()
            L.p("nl80211: Scan trigger")
        self.event(duration_us + (self.anchor_shift if anchor else 0))
        self.nl_event()
        L.p("nl80211: New scan results available")
        L.d("Event 3 received on interface %s" % IFNAME)
        bsses = [("A", AP["A"], SSID, levels["A"], True),
                 ("B", AP["B"], SSID, levels["B"], True),
                 ("C", AP["C"], SSID, levels["C"], True),
                 ("G", GUEST, GUEST_SSID, levels["G"], False)]
        # wpa_scan_result_compar: WPA/RSN first, then signal level
        bsses.sort(key=lambda b: (0 if b[4] else 1, -b[3]))
        L.p("Received scan results (%d BSSes)" % len(bsses))
        self.bss_update += 1
        L.d("BSS: Start scan result update %d" % self.bss_update)
        for name, bssid, ssid, _lvl, _rsn in bsses:
            if name not in self.bss_ids:
                self.bss_ids[name] = self.bss_next_id
                L.d("BSS: Add new id %d BSSID %s SSID '%s'" %
                    (self.bss_next_id, mac_s(bssid), ssid.decode()))
                self.bss_next_id += 1
        L.d("New scan results available")

        def bss_line(i, b):
            name, bssid, ssid, lvl, rsn = b
            L.d("%d: %s ssid='%s' wpa_ie_len=0 rsn_ie_len=%d caps=0x%x "
                "level=%d" % (i, mac_s(bssid), ssid.decode(),
                              20 if rsn else 0, 0x431 if rsn else 0x421, lvl))

        # priority group 2: network id=1 'home-net' (not in range)
        L.d("Selecting BSS from priority group 2")
        for i, b in enumerate(bsses):
            bss_line(i, b)
            L.d("   skip - SSID mismatch")
        L.d("Selecting BSS from priority group 0")
        selected = None
        for i, b in enumerate(bsses):
            bss_line(i, b)
            if b[2] == SSID and b[4]:
                L.d("   selected based on RSN IE")
                L.d("   selected BSS %s ssid='%s'" %
                    (mac_s(b[1]), SSID.decode()))
                selected = b
                break
            L.d("   skip - SSID mismatch")
        sel_name = selected[0]
        if self.wpa_state in ("COMPLETED",):
            cur = [b for b in bsses if b[0] == self.cur_ap][0]
            L.d("Considering within-ESS reassociation")
            L.d("Current BSS: %s level=%d" % (mac_s(cur[1]), cur[3]))
            L.d("Selected BSS: %s level=%d" % (mac_s(selected[1]),
                                                 selected[3]))
            lvl = cur[3]
            if lvl < -85:
                min_diff = 1
            elif lvl < -80:
                min_diff = 2
            elif lvl < -75:
                min_diff = 3
            elif lvl < -70:
                min_diff = 4
            else:
                min_diff = 5
            if abs(cur[3] - selected[3]) < min_diff:
                L.d("Skip roam - too small difference in signal level")
                assert roam_to is None
                return
        assert sel_name == roam_to, (sel_name, roam_to)
        L.d("Request association: reassociate: 0  selected: %s  bssid: %s  "
            "pending: %s  wpa_state: %s" %
            (mac_s(AP[roam_to]), mac_s(self.bssid), mac_s(ZERO_MAC),
             self.wpa_state))
        self.sme_authenticate(roam_to, anchor=anchor)
        # wpa_supplicant_rsn_preauth_scan_results() runs right after
        # wpa_supplicant_connect(): proactive OKC for every other BSS of the
        # SSID (BSS table order) that has no cache entry yet.  An existing
        # entry is skipped because these APs do not set the RSN pre-auth bit.
        for name in ("A", "B", "C"):
            aa = AP[name]
            if aa == self.bssid or self.pmksa_find(aa) is not None:
                continue
            self.pmksa_get_opportunistic(aa)
            L.p("RSN: Ignored PMKID candidate without preauth flag")

    # ----------------------------------------------------------------- SME
    def sme_authenticate(self, name, anchor=False):
        L = self.L
        aa = AP[name]
        L.d("Automatic auth_alg selection: 0x1")
        used = self.pmksa_set_current(
            aa, tag="roam_back_selection" if anchor else None)
        L.d("RSN: using IEEE 802.11i/D9.0")
        L.d("WPA: Selected cipher suites: group 16 pairwise 16 key_mgmt 1 "
            "proto 2")
        L.d("WPA: clearing AP WPA IE")
        L.hd("WPA: set AP RSN IE", RSN_IE_AP)
        L.d("WPA: using GTK CCMP")
        L.d("WPA: using PTK CCMP")
        L.d("WPA: using KEY_MGMT 802.1X")
        self.assoc_ie = rsn_ie_sta(self.cur_pmksa["pmkid"] if used else None)
        L.hd("WPA: Set own WPA IE default", self.assoc_ie)
        L.d("Cancelling scan request")
        L.d("SME: Trying to authenticate with %s (SSID='%s' freq=%d MHz)" %
            (mac_s(aa), SSID.decode(), FREQ[name]), tag="sme_auth")
        L.d("No keys have been configured - skip key clearing")
        self.set_state("AUTHENTICATING")
        self.current_ssid_set = True
        L.p("EAPOL: External notification - EAP success=0")
        L.p("EAPOL: External notification - EAP fail=0")
        L.p("EAPOL: External notification - portControl=Auto")
        L.p("nl80211: Authenticate (ifindex=%d)" % IFINDEX)
        L.p("  * bssid=%s" % mac_s(aa))
        L.p("  * freq=%d" % FREQ[name])
        L.hda("  * SSID", SSID)
        L.hd("  * IEs", None)
        L.p("  * Auth Type 0")
        L.cpu(self.jit(300, 700))
        L.p("nl80211: Authentication request send successfully")
        self.pending_ap = name

    def auth_and_assoc(self):
        """Driver events: authentication and (re)association responses."""
        L = self.L
        name = self.pending_ap
        aa = AP[name]
        self.event(self.jit(2600, 4800))
        self.nl_event()
        L.p("nl80211: MLME event 37")
        seq = self.rb(2)
        L.hd("nl80211: MLME event frame",
             bytes.fromhex("b0003a01") + STA + aa + aa + seq +
             bytes.fromhex("000002000000"))
        L.d("Event 11 received on interface %s" % IFNAME)
        L.d("SME: Authentication response: peer=%s auth_type=0 "
            "status_code=0" % mac_s(aa))
        L.hd("SME: Authentication response IEs", b"")
        L.d("Trying to associate with %s (SSID='%s' freq=%d MHz)" %
            (mac_s(aa), SSID.decode(), FREQ[name]))
        self.set_state("ASSOCIATING")
        L.hd("WPA: set own WPA/RSN IE", self.assoc_ie)
        L.p("nl80211: Associate (ifindex=%d)" % IFINDEX)
        L.p("  * bssid=%s" % mac_s(aa))
        L.p("  * freq=%d" % FREQ[name])
        L.hda("  * SSID", SSID)
        L.hd("  * IEs", self.assoc_ie)
        L.p("  * pairwise=0xfac04")
        L.p("  * group=0xfac04")
        reassoc = self.prev_bssid_set
        if reassoc:
            L.p("  * prev_bssid=%s" % mac_s(self.bssid))
        L.cpu(self.jit(200, 500))
        L.p("nl80211: Association request send successfully")
        # (Re)Association Response
        self.event(self.jit(2400, 5200))
        self.nl_event()
        L.p("nl80211: MLME event 38")
        aid = 0xc000 | self.drng.randint(1, 40)
        chan = {2412: 1, 2437: 6, 2462: 11}[FREQ[name]]
        resp_ies = (bytes.fromhex("010882848b960c121824" "32043048606c"
                                  "2d1a6e1117ff") + bytes(22) +
                    bytes([0x3d, 0x16, chan]) + bytes(21) +
                    bytes.fromhex("dd180050f2020101800003a4000027a4"
                                  "000042435e0062322f00"))
        frame = (bytes.fromhex("30003a01" if reassoc else "10003a01") +
                 STA + aa + aa + self.rb(2) + bytes.fromhex("31040000") +
                 aid.to_bytes(2, "little") + resp_ies)
        L.hd("nl80211: MLME event frame", frame)
        L.d("Event 0 received on interface %s" % IFNAME)
        L.d("Association info event")
        L.hd("resp_ies", resp_ies)
        L.d("freq=%d MHz" % FREQ[name])
        self.set_state("ASSOCIATED")
        L.d("Associated to a new BSS: BSSID=%s" % mac_s(aa))
        L.d("No keys have been configured - skip key clearing")
        L.d("Associated with %s" % mac_s(aa), tag="associated")
        self.bssid = aa
        self.cur_ap = name
        self.prev_bssid_set = True
        L.d("WPA: Association event - clear replay counter")
        L.d("WPA: Clear old PTK")
        self.replay = 0
        self.eapol_received = 0
        self.port_valid = False
        L.p("EAPOL: External notification - portEnabled=0")
        L.p("EAPOL: SUPP_PAE entering state DISCONNECTED")
        self.port_status(False)
        L.p("EAPOL: SUPP_BE entering state INITIALIZE")
        L.p("EAP: EAP entering state DISABLED")
        L.p("EAPOL: External notification - portValid=0")
        L.p("EAPOL: External notification - portEnabled=1")
        L.p("EAPOL: SUPP_PAE entering state CONNECTING")
        self.tm["startWhen"] = 3
        self.enable_tick()
        L.p("EAPOL: SUPP_BE entering state IDLE")
        self.eap_initialize()
        L.d("Setting authentication timeout: 10 sec 0 usec")
        L.d("Cancelling scan request")
        if not reassoc:
            self.event(self.jit(700, 1500))
            L.p("RTM_NEWLINK: operstate=0 ifi_flags=0x31003 "
                "([UP][LOWER_UP][DORMANT])")

    def eap_initialize(self):
        L = self.L
        L.p("EAP: EAP entering state INITIALIZE")
        if self.eap_has_method:
            L.p("EAP: maintaining EAP method data for fast "
                "reauthentication")
        L.p("EAP: EAP entering state IDLE")

    # --------------------------------------------------------------- EAPOL
    def rx_eapol(self, frame, dt):
        L = self.L
        self.event(dt)
        L.d("RX EAPOL from %s" % mac_s(self.bssid))
        L.hd("RX EAPOL", frame)
        if self.eapol_received == 0:
            L.d("Setting authentication timeout: 70 sec 0 usec")
        self.eapol_received += 1

    def tx_eapol(self, eap_bytes):
        L = self.L
        L.p("EAPOL: SUPP_BE entering state RESPONSE")
        L.p("EAPOL: txSuppRsp")
        L.p("TX EAPOL: dst=%s" % mac_s(self.bssid))
        L.hd("TX EAPOL", eapol(0, eap_bytes))
        L.p("EAPOL: SUPP_BE entering state RECEIVE")
        self.tm["authWhile"] = 30
        self.enable_tick()

    def eap_request(self, ident, method, payload, dt, first=False):
        """RX of an EAP-Request; prints the common prologue."""
        L = self.L
        req = eap_pkt(1, ident, bytes([method]) + payload)
        self.rx_eapol(eapol(0, req), dt)
        if first and self.cached_pmk:
            L.p("RSN: Authenticator did not accept PMKID, doing full EAP "
                "authentication", tag="did_not_accept")
            self.cached_pmk = False
            self.port_status(False)
            if self.cur_pmksa is not None:
                L.d("RSN: Cancelling PMKSA caching attempt",
                    tag="cancel_caching")
                self.cur_pmksa = None
        L.p("EAPOL: Received EAP-Packet frame")
        if first:
            L.p("EAPOL: SUPP_PAE entering state RESTART")
            self.eap_initialize()
            L.p("EAPOL: SUPP_PAE entering state AUTHENTICATING")
        L.p("EAPOL: SUPP_BE entering state REQUEST")
        L.p("EAPOL: getSuppRsp")
        L.p("EAP: EAP entering state RECEIVED")
        L.p("EAP: Received EAP-Request id=%d method=%d vendor=0 "
            "vendorMethod=0" % (ident, method))
        return req

    def eap_send(self, resp):
        L = self.L
        L.p("EAP: EAP entering state SEND_RESPONSE")
        self.tm["idleWhile"] = 60
        L.p("EAP: EAP entering state IDLE")
        self.tx_eapol(resp)

    def full_peap(self, base_id, first_dt, tag_start):
        """Complete PEAPv0/EAP-MSCHAPv2 authentication, ending with the
        EAP-Success.  Returns the PMK generation's MSK-derived PMK."""
        L = self.L
        reauth = self.eap_has_method
        ident = base_id
        rtt = lambda: self.jit(27000, 52000)   # AP <-> RADIUS round trip

        # 1. EAP-Request/Identity
        self.eap_request(ident, 1, b"", first_dt, first=True)
        L.p("EAP: EAP entering state IDENTITY")
        L.d("CTRL-EVENT-EAP-STARTED EAP authentication started",
            tag=tag_start)
        L.hda("EAP: EAP-Request Identity data", b"")
        L.hda("EAP: using real identity", IDENTITY)
        self.eap_send(eap_pkt(2, ident, b"\x01" + IDENTITY))

        # 2. PEAP Start
        ident += 1
        self.eap_request(ident, 25, b"\x20", rtt())
        L.p("EAP: EAP entering state GET_METHOD")
        L.d("CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=25")
        if reauth:
            L.p("EAP: Using previous method data for fast "
                "re-authentication")
        L.p("EAP: Initialize selected EAP method: vendor 0 method 25 (PEAP)")
        if not reauth:
            L.hd("TLS: Phase2 EAP types", bytes.fromhex("000000001a000000"))
            L.p("TLS: using phase1 config options")
            L.cpu(self.jit(2500, 4000))
            L.p("TLS: Trusted root certificate(s) loaded")
        L.d("CTRL-EVENT-EAP-METHOD EAP vendor 0 method 25 (PEAP) selected")
        L.p("EAP: EAP entering state METHOD")
        L.p("SSL: Received packet(len=6) - Flags 0x20")
        L.p("EAP-PEAP: Start (server ver=0, own ver=1)")
        L.p("EAP-PEAP: Using PEAP version 0")
        L.p("SSL: (where=0x10 ret=0x1)")
        L.p("SSL: (where=0x1001 ret=0x1)")
        L.p("SSL: SSL_connect:before/connect initialization")
        L.p("SSL: (where=0x1001 ret=0x1)")
        L.p("SSL: SSL_connect:SSLv3 write client hello A")
        L.p("SSL: (where=0x1002 ret=0xffffffff)")
        L.p("SSL: SSL_connect:error in SSLv3 read server hello A")
        L.p("SSL: SSL_connect - want more data")
        sid = self.rb(32) if reauth else b""
        ch_body = (b"\x01" + (0).to_bytes(3, "big") + b"\x03\x01" +
                   self.rb(32) + bytes([len(sid)]) + sid +
                   b"\x00\x28" + self.rb(40) + b"\x01\x00" + b"\x00\x04" +
                   b"\x00\x23\x00\x00")
        ch_body = ch_body[:1] + (len(ch_body) - 4).to_bytes(3, "big") + \
            ch_body[4:]
        ch = tls_rec(22, ch_body)
        L.p("SSL: %d bytes pending from ssl_out" % len(ch))
        L.p("SSL: %d bytes left to be sent out (of total %d bytes)" %
            (len(ch), len(ch)))
        L.p("EAP: method process -> ignore=FALSE methodState=MAY_CONT "
            "decision=FAIL")
        self.eap_send(eap_pkt(2, ident, b"\x19\x00" + ch))

        # 3. ServerHello, Certificate, ServerHelloDone (one message)
        ident += 1
        sh = tls_rec(22, b"\x02\x00\x00\x46\x03\x01" + self.rb(32) +
                     b"\x20" + self.rb(32) + b"\x00\x2f\x00" +
                     b"\x0b\x00\x03\xa4\x00\x03\xa1\x00\x03\x9e" +
                     self.rb(926) + b"\x0e\x00\x00\x00")
        self.eap_request(ident, 25, b"\x80" + len(sh).to_bytes(4, "big") + sh,
                         rtt())
        L.p("EAP: EAP entering state METHOD")
        L.p("SSL: Received packet(len=%d) - Flags 0x80" % (10 + len(sh)))
        L.p("SSL: TLS Message Length: %d" % len(sh))
        L.p("SSL: (where=0x1001 ret=0x1)")
        L.p("SSL: SSL_connect:SSLv3 read server hello A")
        L.cpu(self.jit(900, 1600))
        L.p("TLS: tls_verify_cb - preverify_ok=1 err=0 (ok) ca_cert_verify=1 "
            "depth=1 buf='%s'" % CA_SUBJECT)
        L.d("CTRL-EVENT-EAP-PEER-CERT depth=1 subject='%s'" % CA_SUBJECT)
        L.cpu(self.jit(600, 1200))
        L.p("TLS: tls_verify_cb - preverify_ok=1 err=0 (ok) ca_cert_verify=1 "
            "depth=0 buf='%s'" % SRV_SUBJECT)
        L.d("CTRL-EVENT-EAP-PEER-CERT depth=0 subject='%s'" % SRV_SUBJECT)
        for st in ("read server certificate A", "read server done A",
                   "write client key exchange A",
                   "write change cipher spec A", "write finished A",
                   "flush data"):
            L.p("SSL: (where=0x1001 ret=0x1)")
            if st == "write client key exchange A":
                L.cpu(self.jit(2500, 4200))     # RSA encryption
            L.p("SSL: SSL_connect:SSLv3 %s" % st)
        L.p("SSL: (where=0x1002 ret=0xffffffff)")
        L.p("SSL: SSL_connect:error in SSLv3 read finished A")
        L.p("SSL: SSL_connect - want more data")
        ckx = (tls_rec(22, b"\x10\x00\x01\x02\x01\x00" + self.rb(256)) +
               tls_rec(20, b"\x01") + tls_rec(22, self.rb(48)))
        L.p("SSL: %d bytes pending from ssl_out" % len(ckx))
        L.p("SSL: %d bytes left to be sent out (of total %d bytes)" %
            (len(ckx), len(ckx)))
        L.p("EAP: method process -> ignore=FALSE methodState=MAY_CONT "
            "decision=FAIL")
        self.eap_send(eap_pkt(2, ident, b"\x19\x00" + ckx))

        # 4. ChangeCipherSpec + Finished from the server
        ident += 1
        fin = tls_rec(20, b"\x01") + tls_rec(22, self.rb(48))
        self.eap_request(ident, 25, b"\x00" + fin, rtt())
        L.p("EAP: EAP entering state METHOD")
        L.p("SSL: Received packet(len=%d) - Flags 0x00" % (6 + len(fin)))
        L.p("SSL: (where=0x1001 ret=0x1)")
        L.p("SSL: SSL_connect:SSLv3 read finished A")
        L.p("SSL: (where=0x20 ret=0x1)")
        L.p("SSL: (where=0x1002 ret=0x1)")
        L.p("SSL: 0 bytes pending from ssl_out")
        L.p("SSL: No Application Data included")
        L.p("SSL: No data to be sent out")
        L.p("EAP-PEAP: TLS done, proceed to Phase 2")
        L.p("EAP-PEAP: using label 'client EAP encryption' in key "
            "derivation")
        L.hdk("EAP-PEAP: Derived key", self.cur_msk)
        if reauth:
            L.p("EAP-PEAP: Workaround - allow outer EAP-Success to terminate "
                "PEAP resumption")
        L.p("SSL: Building ACK (type=25 id=%d ver=0)" % ident)
        L.p("EAP: method process -> ignore=FALSE methodState=MAY_CONT "
            "decision=FAIL")
        self.eap_send(eap_pkt(2, ident, b"\x19\x00"))

        def phase2(ident, inner_plain, full_hdr):
            rec_len = tls_app_len(len(inner_plain))
            self.eap_request(ident, 25,
                             b"\x00" + tls_rec(23, self.rb(rec_len - 5)),
                             rtt())
            L.p("EAP: EAP entering state METHOD")
            L.p("SSL: Received packet(len=%d) - Flags 0x00" % (6 + rec_len))
            L.p("EAP-PEAP: received %d bytes encrypted data for Phase 2" %
                rec_len)
            L.hd("EAP-PEAP: Decrypted Phase 2 EAP", inner_plain)
            plen = len(inner_plain) + (0 if full_hdr else 4)
            L.p("EAP-PEAP: received Phase 2: code=1 identifier=%d "
                "length=%d" % (ident, plen))
            L.p("EAP-PEAP: Phase 2 Request: type=%d" % inner_plain[
                4 if full_hdr else 0])

        def phase2_reply(ident, inner_resp, strip):
            L.hdk("EAP-PEAP: Encrypting Phase 2 data", inner_resp)
            n = len(inner_resp) - (4 if strip else 0)
            rec = tls_app_len(n)
            L.p("SSL: %d bytes left to be sent out (of total %d bytes)" %
                (rec, rec))

        # 5. Phase 2 identity
        ident += 1
        phase2(ident, b"\x01", False)
        L.hda("EAP: using real identity", IDENTITY)
        resp = eap_pkt(2, ident, b"\x01" + IDENTITY)
        phase2_reply(ident, resp, True)
        L.p("EAP: method process -> ignore=FALSE methodState=MAY_CONT "
            "decision=FAIL")
        self.eap_send(eap_pkt(2, ident, b"\x19\x00" +
                              tls_rec(23, self.rb(tls_app_len(24) - 5))))

        # 6. MSCHAPv2 challenge
        ident += 1
        ms_id = ident
        chal = (b"\x1a\x01" + bytes([ms_id]) +
                (4 + 1 + 16 + len(RADIUS_NAME)).to_bytes(2, "big") +
                b"\x10" + self.rb(16) + RADIUS_NAME)
        phase2(ident, chal, False)
        if not reauth:
            L.p("EAP-PEAP: Selected Phase 2 EAP vendor 0 method 26")
        L.p("EAP-MSCHAPV2: RX identifier %d mschapv2_id %d" % (ident, ms_id))
        L.p("EAP-MSCHAPV2: Received challenge")
        L.hda("EAP-MSCHAPV2: Authentication Servername", RADIUS_NAME)
        L.p("EAP-MSCHAPV2: Generating Challenge Response")
        L.cpu(self.jit(300, 700))
        L.p("EAP-MSCHAPV2: TX identifier %d mschapv2_id %d (response)" %
            (ident, ms_id))
        ms_resp = (b"\x1a\x02" + bytes([ms_id]) +
                   (4 + 1 + 49 + len(IDENTITY)).to_bytes(2, "big") + b"\x31" +
                   self.rb(16) + bytes(8) + self.rb(24) + b"\x00" + IDENTITY)
        resp = eap_pkt(2, ident, ms_resp)
        phase2_reply(ident, resp, True)
        L.p("EAP: method process -> ignore=FALSE methodState=MAY_CONT "
            "decision=FAIL")
        self.eap_send(eap_pkt(2, ident, b"\x19\x00" + tls_rec(
            23, self.rb(tls_app_len(len(ms_resp)) - 5))))

        # 7. MSCHAPv2 success
        ident += 1
        auth_resp = b"S=" + self.rb(20).hex().upper().encode()
        succ = (b"\x1a\x03" + bytes([ms_id]) +
                (4 + len(auth_resp)).to_bytes(2, "big") + auth_resp)
        phase2(ident, succ, False)
        L.p("EAP-MSCHAPV2: RX identifier %d mschapv2_id %d" % (ident, ms_id))
        L.p("EAP-MSCHAPV2: Received success")
        L.hda("EAP-MSCHAPV2: Success message", b"")
        L.p("EAP-MSCHAPV2: Authentication succeeded")
        resp = eap_pkt(2, ident, b"\x1a\x03")
        phase2_reply(ident, resp, True)
        L.p("EAP: method process -> ignore=FALSE methodState=MAY_CONT "
            "decision=FAIL")
        self.eap_send(eap_pkt(2, ident, b"\x19\x00" +
                              tls_rec(23, self.rb(tls_app_len(2) - 5))))

        # 8. Result TLV (PEAPv0 extensions, full inner header)
        ident += 1
        tlv = eap_pkt(1, ident, b"\x21\x80\x03\x00\x02\x00\x01")
        phase2(ident, tlv, True)
        L.hd("EAP-TLV: Received TLVs", tlv[5:])
        L.hd("EAP-TLV: Result TLV", tlv[-2:])
        L.p("EAP-TLV: TLV Result - Success - EAP-TLV/Phase2 Completed")
        resp = eap_pkt(2, ident, b"\x21\x80\x03\x00\x02\x00\x01")
        phase2_reply(ident, resp, False)
        L.p("EAP: method process -> ignore=FALSE methodState=DONE "
            "decision=UNCOND_SUCC")
        self.eap_send(eap_pkt(2, ident, b"\x19\x00" +
                              tls_rec(23, self.rb(tls_app_len(11) - 5))))

        # 9. EAP-Success
        self.rx_eapol(eapol(0, eap_pkt(3, ident)), rtt())
        L.p("EAPOL: Received EAP-Packet frame")
        L.p("EAPOL: SUPP_BE entering state REQUEST")
        L.p("EAPOL: getSuppRsp")
        L.p("EAP: EAP entering state RECEIVED")
        L.p("EAP: Received EAP-Success")
        L.p("EAP: EAP entering state SUCCESS")
        L.d("CTRL-EVENT-EAP-SUCCESS EAP authentication completed "
            "successfully", tag="eap_success")
        L.p("EAPOL: SUPP_BE entering state RECEIVE")
        self.tm["authWhile"] = 30
        L.p("EAPOL: SUPP_BE entering state SUCCESS")
        if self.port_valid:
            L.p("EAPOL: SUPP_PAE entering state AUTHENTICATED")
            self.port_status(True)
        L.p("EAPOL: SUPP_BE entering state IDLE")
        if self.port_valid:
            L.p("EAPOL authentication completed successfully")
        self.eap_has_method = True

    # ----------------------------------------------------- 4-way handshake
    def key_dump(self, frame):
        L = self.L
        body = frame[4:]
        ki = int.from_bytes(body[1:3], "big")
        flags = ("Pairwise" if ki & 0x08 else "Group") + \
            (" Install" if ki & 0x40 else "") + \
            (" Ack" if ki & 0x80 else "") + \
            (" MIC" if ki & 0x100 else "") + \
            (" Secure" if ki & 0x200 else "") + \
            (" Error" if ki & 0x400 else "") + \
            (" Request" if ki & 0x800 else "") + \
            (" Encr" if ki & 0x1000 else "")
        L.p("EAPOL: Ignoring WPA EAPOL-Key frame in EAPOL state machines")
        L.d("IEEE 802.1X RX: version=1 type=3 length=%d" % len(body))
        L.d("  EAPOL-Key type=2")
        L.d("  key_info 0x%x (ver=%d keyidx=%d rsvd=%d %s)" %
            (ki, ki & 7, (ki >> 4) & 3, (ki >> 13) & 7, flags))
        L.d("  key_length=%d key_data_length=%d" %
            (int.from_bytes(body[3:5], "big"),
             int.from_bytes(body[93:95], "big")))
        L.hd("  replay_counter", body[5:13])
        L.hd("  key_nonce", body[13:45])
        L.hd("  key_iv", body[45:61])
        L.hd("  key_rsc", body[61:69])
        L.hd("  key_id (reserved)", body[69:77])
        L.hd("  key_mic", body[77:93])
        L.hd("WPA: RX EAPOL-Key", frame)

    def send_key(self, title, key_info, nonce, data):
        L = self.L
        frame = eapol_key(key_info, 0, self.replay.to_bytes(8, "big"),
                          nonce, bytes(8), data, kck=self.ptk[:16])
        L.d("WPA: Sending EAPOL-Key %s" % title)
        L.hdk("WPA: KCK", self.ptk[:16])
        L.hd("WPA: Derived Key MIC", frame[MIC_OFF:MIC_OFF + 16])
        L.hd("WPA: TX EAPOL-Key", frame)

    def four_way(self, dt_msg1, ap_pmk_gen):
        """AP-initiated 4-way handshake.  ap_pmk_gen: the PMK generation the
        AP uses (its PMKID goes into msg 1/4)."""
        L = self.L
        aa = self.bssid
        name = self.cur_ap
        ap_pmk = self.PMK[ap_pmk_gen]
        ap_pmkid = pmkid_of(ap_pmk, aa, STA)
        # ---- msg 1/4
        self.replay += 1
        self.anonce = self.rb(32)
        kde = bytes.fromhex("dd14000fac04") + ap_pmkid
        m1 = eapol_key(0x8a, 16, self.replay.to_bytes(8, "big"), self.anonce,
                       bytes(8), kde)
        self.rx_eapol(m1, dt_msg1)
        self.key_dump(m1)
        self.set_state("4WAY_HANDSHAKE")
        L.d("WPA: RX message 1 of 4-Way Handshake from %s (ver=2)" %
            mac_s(aa), tag="msg1")
        L.hd("RSN: msg 1/4 key data", kde)
        L.hd("WPA: PMKID in EAPOL-Key", kde)
        L.hd("RSN: PMKID from Authenticator", ap_pmkid, tag="ap_pmkid")
        self.generated[(ap_pmk_gen, name)] = ap_pmkid
        if self.cur_pmksa is None:
            L.d("RSN: no matching PMKID found")
            # full EAP was run: take the new PMK from EAPOL
            L.p("EAPOL: Successfully fetched key (len=32)")
            self.pmk = ap_pmk
            L.hdk("WPA: PMK from EAPOL state machines", self.pmk,
                  tag="pmk_from_eapol")
            self.pmksa_add(ap_pmk_gen, aa, "full-eap")
            L.d("RSN: the new PMK matches with the PMKID")
        else:
            assert self.cur_pmksa["pmkid"] == ap_pmkid
            L.hd("RSN: matched PMKID", ap_pmkid, tag="matched_pmkid")
            self.pmk = self.PMK[self.cur_pmksa["gen"]]
            L.hdk("RSN: PMK from PMKSA cache", self.pmk)
            L.p("EAPOL: PMKSA caching was used - skip EAPOL",
                tag="skip_eapol")
            self.port_status(True)
        snonce = self.rb(32)
        L.hd("WPA: Renewed SNonce", snonce)
        L.p("WPA: PTK derivation - A1=%s A2=%s" % (mac_s(STA), mac_s(aa)))
        L.hd("WPA: Nonce1", snonce)
        L.hd("WPA: Nonce2", self.anonce)
        L.hdk("WPA: PMK", self.pmk)
        self.ptk = derive_ptk(self.pmk, aa, STA, self.anonce, snonce)
        L.hdk("WPA: PTK", self.ptk)
        L.hd("WPA: WPA IE for msg 2/4", self.assoc_ie)
        L.hd("WPA: Replay Counter", self.replay.to_bytes(8, "big"))
        self.send_key("2/4", 0x010a, snonce, self.assoc_ie)
        # ---- msg 3/4
        self.replay += 1
        gtk_idx, gtk, pn = self.gtk[name]
        gtk_kde = bytes.fromhex("dd16000fac01") + bytes([gtk_idx, 0]) + gtk
        plain = RSN_IE_AP + gtk_kde + b"\xdd\x00"
        kek = self.ptk[16:32]
        enc = aes_wrap(kek, plain)
        rsc = pn.to_bytes(6, "little") + b"\x00\x00"
        m3 = eapol_key(0x13ca, 16, self.replay.to_bytes(8, "big"),
                       self.anonce, rsc, enc, kck=self.ptk[:16])
        self.rx_eapol(m3, self.jit(4200, 9800))
        self.key_dump(m3)
        L.hd("RSN: encrypted key data", enc)
        L.hdk("WPA: decrypted EAPOL-Key key data", plain)
        self.set_state("4WAY_HANDSHAKE")
        L.d("WPA: RX message 3 of 4-Way Handshake from %s (ver=2)" %
            mac_s(aa))
        L.hd("WPA: IE KeyData", plain)
        L.hd("WPA: RSN IE in EAPOL-Key", RSN_IE_AP)
        L.hdk("WPA: GTK in EAPOL-Key", gtk_kde)
        self.send_key("4/4", 0x030a, bytes(32), b"")
        L.d("WPA: Installing PTK to the driver")
        self.set_key(3, PTR_BSSID, 0, 1, 6, 16, addr=aa)
        L.p("EAPOL: External notification - portValid=1")
        if not self.port_valid:
            self.port_valid = True
            if self.eapol_full_auth_pending:
                L.p("EAPOL: SUPP_PAE entering state AUTHENTICATED")
                self.port_status(True)
                L.p("EAPOL authentication completed successfully")
        self.eapol_full_auth_pending = False
        self.set_state("GROUP_HANDSHAKE")
        L.hdk("RSN: received GTK in pairwise handshake", gtk_kde[6:])
        L.hdk("WPA: Group Key", gtk)
        L.d("WPA: Installing GTK to the driver (keyidx=%d tx=0 len=16)" %
            gtk_idx)
        L.hd("WPA: RSC", rsc[:6])
        self.set_key(3, PTR_BCAST, gtk_idx, 0, 6, 16, bcast=True)
        L.d("WPA: Key negotiation completed with %s [PTK=CCMP GTK=CCMP]" %
            mac_s(aa), tag="key_neg_complete")
        L.d("Cancelling authentication timeout")
        first_conn = not self.reassociated and self.new_connection
        self.set_state("COMPLETED")
        L.p("EAPOL: External notification - portValid=1")
        if self.cur_pmksa is not None and self.cur_pmksa["opportunistic"]:
            L.d("RSN: Authenticator accepted opportunistic PMKSA entry - "
                "marking it valid", tag="marking_valid")
            self.cur_pmksa["opportunistic"] = False
        if first_conn:
            self.event(self.jit(600, 1400))
            L.p("RTM_NEWLINK: operstate=1 ifi_flags=0x11043 "
                "([UP][RUNNING][LOWER_UP])")

    # ------------------------------------------------------------ phases
    def connect_full(self, eap_base_id, eap_gen, eap_delay):
        """After association: AP starts 802.1X, full PEAP, 4-way."""
        self.cur_msk = self.PMK[eap_gen] + self.MSK2[eap_gen]
        self.eapol_full_auth_pending = not self.port_valid
        self.full_peap(eap_base_id, eap_delay, tag_start="eap_started")
        self.four_way(self.jit(5200, 11800), eap_gen)

    def connect_cached(self, gen):
        self.eapol_full_auth_pending = False
        self.four_way(self.jit(9000, 17000), gen)


# --------------------------------------------------------------------------
# Story
# --------------------------------------------------------------------------

LEVELS = [
    # (A, B, C, guest-on-A)
    (-49, -71, -83, -49),   # startup
    (-52, -69, -82, -52),   # at A
    (-58, -66, -80, -58),   # at A
    (-74, -57, -77, -74),   # roam -> B
    (-77, -55, -71, -77),   # at B
    (-75, -58, -73, -75),   # at B (after re-auth)
    (-63, -66, -78, -63),   # at B, A now stronger but diff too small
    (-59, -76, -81, -59),   # roam back -> A (stale PMKID)
    (-55, -79, -84, -55),   # at A, idle tail
]


def lv(i):
    a, b, c, g = LEVELS[i]
    return {"A": a, "B": b, "C": c, "G": g}


def run_story(variant, show_keys, pmks, anchor_shift):
    s = Scenario(variant, show_keys, pmks, anchor_shift)
    L = s.L
    grng = random.Random(SEED + "/gtk")
    for k in ("A", "B", "C"):
        s.gtk[k] = (1, bytes(grng.getrandbits(8) for _ in range(16)),
                    grng.randint(0x40, 0x2000))

    # a. startup, initial scan, connect to A with full PEAP --------------
    s.startup(us(T0 + 4, 213370))
    s.phase("a-scan")
    s.scan(None, 2873412, lv(0), roam_to="A", first=True)
    s.phase("a-connect")
    s.auth_and_assoc()
    s.connect_full(eap_base_id=1, eap_gen=1, eap_delay=s.jit(22000, 31000))

    # b. periodic scans at A -------------------------------------------
    s.phase("b-scan1")
    s.scan(us(T0 + 171, 602113), 2641207, lv(1))
    s.phase("b-scan2")
    s.scan(us(T0 + 338, 914480), 2707951, lv(2))

    # c. roam to B with OKC --------------------------------------------
    s.phase("c-scan")
    s.scan(us(T0 + 506, 307125), 2519844, lv(3), roam_to="B")
    s.phase("c-connect")
    s.auth_and_assoc()
    s.connect_cached(1)

    s.phase("c-scan2")
    s.scan(us(T0 + 673, 855902), 2598130, lv(4))

    # d. AP-initiated full re-authentication at B (controller timer) ------
    s.phase("d-reauth")
    s.run_ticks(us(T0 + 771, 406288))
    s.cur_msk = s.PMK[2] + s.MSK2[2]
    s.eapol_full_auth_pending = False
    s.full_peap(13, us(T0 + 771, 406288) - s.L.t, tag_start="eap_started")
    s.four_way(s.jit(5200, 11800), 2)

    s.phase("d-scan1")
    s.scan(us(T0 + 841, 20557), 2660318, lv(5))
    s.phase("d-scan2")
    s.scan(us(T0 + 1008, 531994), 2587706, lv(6))

    # e. roam back to A --------------------------------------------------
    s.phase("e-scan")
    s.scan(us(T0 + 1144, 598764), 2519400, lv(7), roam_to="A", anchor=True)
    s.phase("e-connect")
    s.auth_and_assoc()
    if variant == "prefix":
        s.connect_full(eap_base_id=2, eap_gen=3,
                       eap_delay=s.jit(26000, 34000))
    else:
        s.connect_cached(2)

    # f. idle tail -------------------------------------------------------
    s.phase("f-scan1")
    s.scan(us(T0 + 1311, 870245), 2634518, lv(8))
    s.run_ticks(us(T0 + 1390, 0))
    return s


def check_monotonic(log):
    prev = -1
    for t, _text, _tag in log.entries:
        assert t > prev, "timestamps must strictly increase"
        prev = t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--outdir", default=os.path.dirname(here),
                    help="logs/ directory (default: parent of this script)")
    args = ap.parse_args()
    outdir = args.outdir
    gendir = os.path.join(outdir, "gen")
    os.makedirs(gendir, exist_ok=True)
    _selftest_crypto()

    krng = random.Random(SEED + "/pmk")
    pmk = {g: bytes(krng.getrandbits(8) for _ in range(32)) for g in (1, 2, 3)}
    msk_tail = {g: bytes(krng.getrandbits(8) for _ in range(32))
                for g in (1, 2, 3)}
    pmks = {"pmk": pmk, "msk_tail": msk_tail}

    # Dry run to find where the stale selection lands, then shift the scan
    # completion of phase e so that it is exactly at STALE_ANCHOR.
    dry = run_story("prefix", False, pmks, 0)
    sel = [e for e in dry.L.entries if e[2] == "roam_back_selection"]
    assert len(sel) == 1
    shift = us(*STALE_ANCHOR) - sel[0][0]

    runs = {
        "2011-okc-stale-pmkid.log": run_story("prefix", False, pmks, shift),
        "2011-okc-postfix.log": run_story("postfix", False, pmks, shift),
        "2011-okc-stale-pmkid-keys.log": run_story("prefix", True, pmks,
                                                   shift),
    }
    files = {}
    for fname, s in runs.items():
        check_monotonic(s.L)
        if s.variant == "prefix":
            sel = [e for e in s.L.entries if e[2] == "roam_back_selection"]
            assert sel[0][0] == us(*STALE_ANCHOR), sel
        text = s.L.render()
        with open(os.path.join(outdir, fname), "w", newline="\n") as f:
            f.write(text)
        nums = s.L.line_numbers()
        anchors = {}
        for (t, text_, tag), n in zip(s.L.entries, nums):
            if tag:
                anchors.setdefault(tag, []).append(n)
        files[fname] = {
            "variant": s.variant,
            "show_keys": s.L.show_keys,
            "lines": text.count("\n"),
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "anchors": anchors,
            "printed_pmkids": sorted(
                ["%d:%s" % (g, a) for (g, a) in s.generated]),
            "okc_clones": ["%s<-gen%d" % c for c in s.okc_clones],
        }

    side = {
        "description": "Sidecar of logs/gen/reconstruct_2011.py: invented "
                       "identities and key material behind the reconstructed "
                       "2011 OKC stale-PMKID logs (not captured data).",
        "generator": "logs/gen/reconstruct_2011.py",
        "seed": SEED,
        "hostap_era": "hostap 0098ce6d29eb (2011-10-02, wpa_supplicant "
                      "v0.8.x); post-fix file models c3fea2727",
        "interface": IFNAME,
        "station": mac_s(STA),
        "ssid": SSID.decode(),
        "aps": {k: mac_s(v) for k, v in AP.items()},
        "ap_freq_mhz": FREQ,
        "eap_identity": IDENTITY.decode(),
        "pmkid_formula": "HMAC-SHA1(PMK, 'PMK Name' || AA || SPA)[0:16], "
                         "AA = AP BSSID, SPA = station MAC",
        "pmks": {str(g): pmk[g].hex() for g in (1, 2, 3)},
        "msks": {str(g): (pmk[g] + msk_tail[g]).hex() for g in (1, 2, 3)},
        "pmk_generations": {
            "1": "full PEAP at A (step a); OKC-cloned to B and C",
            "2": "AP-initiated full PEAP re-auth at B (step d); post-fix: "
                 "OKC-cloned to A and C in step e",
            "3": "full PEAP at A after the stale PMKID was rejected (step e, "
                 "pre-fix logs only)",
        },
        "pmkids": {str(g): {k: pmkid_of(pmk[g], v, STA).hex()
                            for k, v in AP.items()} for g in (1, 2, 3)},
        "pmkid_table": [
            {"generation": g, "ap": k, "aa": mac_s(v),
             "pmkid": pmkid_of(pmk[g], v, STA).hex()}
            for g in (1, 2, 3) for k, v in AP.items()],
        "stale_pmkid_timestamp": "%d.%06d" % STALE_ANCHOR,
        "files": files,
    }
    with open(os.path.join(gendir, "reconstruct_2011.json"), "w",
              newline="\n") as f:
        json.dump(side, f, indent=2, sort_keys=True)
        f.write("\n")
    for fname, info in files.items():
        print("%-32s %5d lines" % (fname, info["lines"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
