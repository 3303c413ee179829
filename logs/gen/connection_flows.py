#!/usr/bin/env python3
"""Writes the hand-made connection-flow logs logs/conn-*.log (issue 11).

Invented `wpa_supplicant -t -dd`-style sequences in 2.x message texts (from
shared/reference/catalog/current.tsv and current-roaming.tsv), not captured
logs: FT success, FT failure with fallback (ft_eap_pmksa_caching=0), BTM
rejected, beacon loss -> reconnect, ping-pong, PSK 4-way-timeout loop.
Run from the repository root: python3 logs/gen/connection_flows.py
"""

A, B, C = "02:00:00:00:0a:01", "02:00:00:00:0b:02", "02:00:00:00:0c:03"
PMKID = " ".join(["1c"] * 16)


class Log:
    def __init__(self):
        self.t = 1700000000.0
        self.lines = ["%.6f: wpa_supplicant v2.11" % self.t]

    def w(self, text, ms=2):
        self.t += ms / 1000.0
        self.lines.append("%.6f: wlan0: %s" % (self.t, text))
        return self

    def raw(self, text, ms=2):
        self.t += ms / 1000.0
        self.lines.append("%.6f: %s" % (self.t, text))
        return self

    def idle(self, s):
        self.t += s
        return self

    def auth(self, ap, auth_type=0, status=0, freq=2412):
        self.w("SME: Trying to authenticate with %s (SSID='corp' freq=%d MHz)" % (ap, freq))
        self.w("SME: Authentication response: peer=%s auth_type=%d auth_transaction=2 "
               "status_code=%d" % (ap, auth_type, status), 5)
        return self

    def assoc(self, ap, freq=2412):
        self.w("Trying to associate with %s (SSID='corp' freq=%d MHz)" % (ap, freq))
        self.w("Associated with %s" % ap, 5)
        return self

    def four_way(self, ap):
        self.w("WPA: RX message 1 of 4-Way Handshake from %s (ver=2)" % ap, 5)
        self.w("WPA: Key negotiation completed with %s [PTK=CCMP GTK=CCMP]" % ap, 10)
        self.w("CTRL-EVENT-CONNECTED - Connection to %s completed [id=0 id_str=]" % ap)
        return self

    def psk(self, ap, akm="WPA-PSK"):
        self.w("WPA: using KEY_MGMT %s" % akm)
        return self.auth(ap).assoc(ap).four_way(ap)

    def eap(self, ap):
        self.w("CTRL-EVENT-EAP-STARTED EAP authentication started", 10)
        self.w("CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully", 300)
        self.w("WPA: RX message 1 of 4-Way Handshake from %s (ver=2)" % ap)
        self.raw("RSN: Added PMKSA cache entry for %s spa=02:00:00:00:00:99 "
                 "network_ctx=0x55 akmp=0x3" % ap)
        self.w("PMKSA-CACHE-ADDED %s 0" % ap)
        self.w("WPA: Key negotiation completed with %s [PTK=CCMP GTK=CCMP]" % ap, 10)
        self.w("CTRL-EVENT-CONNECTED - Connection to %s completed [id=0 id_str=]" % ap)
        return self

    def save(self, name):
        with open("logs/%s.log" % name, "w") as f:
            f.write("\n".join(self.lines) + "\n")


def ft_success():
    g = Log().psk(A, "FT/PSK").idle(20)
    g.w("Control interface command 'ROAM %s'" % B)
    g.auth(B, auth_type=2, freq=5180).assoc(B, freq=5180)
    g.w("FT: Completed successfully")
    g.w("CTRL-EVENT-CONNECTED - Connection to %s completed [id=0 id_str=]" % B)
    g.save("conn-ft-success")


def ft_failure_fallback():
    g = Log()
    g.w("WPA: using KEY_MGMT FT/802.1X").auth(A).assoc(A).eap(A).idle(30)
    g.w("bgscan simple: Request a background scan", 100)
    g.w("Considering within-ESS reassociation", 2000)
    g.auth(B, auth_type=2, freq=5180)
    g.w("Trying to associate with %s (SSID='corp' freq=5180 MHz)" % B)
    g.w("FT: RSNE mismatch between Beacon/ProbeResp and FT protocol Reassociation "
        "Response frame", 5)
    g.w("FT: Validation of Reassociation Response failed")
    g.w("Request to deauthenticate - bssid=%s pending_bssid=00:00:00:00:00:00 reason=13 "
        "(INVALID_IE) state=ASSOCIATING" % B)
    g.w("CTRL-EVENT-DISCONNECTED bssid=%s reason=13 locally_generated=1" % B, 50)
    # After a disconnect FT is not possible: a new connection to C; the entry
    # it selects is dropped because ft_eap_pmksa_caching=0 (the default).
    g.w("RSN: PMKSA cache search - network_ctx=0x55 try_opportunistic=0 akmp=0x2000")
    g.raw("RSN: Search for BSSID %s" % C)
    g.raw("RSN: PMKSA cache entry found - PMKID - hexdump(len=16): %s" % PMKID)
    g.w("RSN: Trying to use cached PMKSA")
    g.w("WPA: using KEY_MGMT FT/802.1X")
    g.w("WPA: Disable PMKSA caching for FT/802.1X connection")
    g.auth(C).assoc(C)
    g.w("CTRL-EVENT-EAP-STARTED EAP authentication started", 10)
    g.w("RSN: Authenticator did not accept PMKID, doing full EAP authentication")
    g.w("CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully", 300)
    g.w("WPA: RX message 1 of 4-Way Handshake from %s (ver=2)" % C)
    g.raw("RSN: Added PMKSA cache entry for %s spa=02:00:00:00:00:99 network_ctx=0x55 "
          "akmp=0x3" % C)
    g.w("WPA: Key negotiation completed with %s [PTK=CCMP GTK=CCMP]" % C, 10)
    g.w("CTRL-EVENT-CONNECTED - Connection to %s completed [id=0 id_str=]" % C)
    g.save("conn-ft-failure-fallback")


def btm_rejected():
    g = Log().psk(A).idle(10)
    g.w("WNM: BSS Transition Management Request: dialog_token=1 request_mode=0x1 "
        "disassoc_timer=0 validity_interval=100")
    g.w("WNM: Send BSS Transition Management Response to %s dialog_token=1 status=7 "
        "reason=0 delay=0" % A)
    g.idle(5)
    g.w("WNM: BSS Transition Management Request: dialog_token=2 request_mode=0x1 "
        "disassoc_timer=0 validity_interval=100")
    g.w("WNM: Transition to BSS %s based on BSS Transition Management Request (old BSSID "
        "%s after_new_scan=1)" % (B, A))
    g.w("WNM: Send BSS Transition Management Response to %s dialog_token=2 status=0 "
        "reason=0 delay=0" % A)
    g.psk(B)
    g.save("conn-btm")


def beacon_loss():
    g = Log().psk(A).idle(10)
    for _ in range(10):
        g.w("CTRL-EVENT-BEACON-LOSS", 100)
    g.w("CTRL-EVENT-DISCONNECTED bssid=%s reason=4 locally_generated=1" % A, 500)
    g.idle(2).psk(B)
    g.save("conn-beacon-loss")


def ping_pong():
    g = Log()
    for ap in (A, B, A):
        g.psk(ap).idle(15)
    g.save("conn-ping-pong")


def psk_4way_loop():
    g = Log()
    for _ in range(6):
        g.w("WPA: using KEY_MGMT WPA-PSK").auth(A).assoc(A)
        g.w("WPA: RX message 1 of 4-Way Handshake from %s (ver=2)" % A, 5)
        g.w("CTRL-EVENT-DISCONNECTED bssid=%s reason=15" % A, 5000)
        g.w("WPA: 4-Way Handshake failed - pre-shared key may be incorrect")
        g.idle(10)
    g.save("conn-psk-4way-loop")


for make in (ft_success, ft_failure_fallback, btm_rejected, beacon_loss, ping_pong,
             psk_4way_loop):
    make()
