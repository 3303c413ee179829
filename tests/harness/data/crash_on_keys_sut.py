"""Test adapter: the reference rule, but it crashes (exit 5) on any trace
whose path contains "keys", so drive must report a fault for that trace and
go on with the next one."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "examples", "sut"))
import pmksa_sut  # noqa: E402


class CrashOnKeys(pmksa_sut.Cache):
    def handle(self, m):
        if m.get("type") == "hello" and "keys" in m.get("trace", ""):
            sys.stderr.write("crash_on_keys: giving up on %s\n" % m["trace"])
            sys.exit(5)
        return super().handle(m)


if __name__ == "__main__":
    pmksa_sut.serve(CrashOnKeys())
