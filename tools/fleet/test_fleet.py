"""Tests of roamreplay-fleet on a local Dask cluster of 2 worker processes
(127.0.0.1 only). Run by ctest (label "timing") with ROAMREPLAY_BIN and
ROAMREPLAY_SOURCE_DIR set; exits 77 (skipped) without Dask distributed."""

import io
import os
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import roamreplay_fleet as fleet  # noqa: E402

try:
    from distributed import Client
except ImportError:
    print("SKIP: Dask distributed is not installed (Debian: python3-distributed)")
    sys.exit(77)

BIN = os.environ["ROAMREPLAY_BIN"]
SRC = os.environ["ROAMREPLAY_SOURCE_DIR"]


def inputs():
    """The shipped logs, plus the real corpus when it is there."""
    logs = fleet.expand_logs([os.path.join(SRC, "logs")])
    corpus = os.path.join(SRC, "..", "shared", "corpus")
    if os.path.isdir(corpus):
        logs += fleet.expand_logs([corpus])
    return [p for p in logs if p.endswith(".log")]


def single_stats(logs, group_by="ess,ap", with_messages=False):
    proc = subprocess.run([BIN, "stats", "--format", "json", "--jobs", "2", "--group-by",
                           group_by, "--"] + logs, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if with_messages:
        # The hostapd logs of the corpus are skipped with a message each.
        messages = [line for line in proc.stderr.decode(errors="replace").splitlines() if line]
        return proc.returncode, proc.stdout.decode(), messages
    return proc.returncode, proc.stdout.decode()


class AutoBatchTest(unittest.TestCase):
    def test_two_tasks_per_worker_thread(self):
        self.assertEqual(fleet.auto_batch(10000, 2), 2500)
        self.assertEqual(fleet.auto_batch(10001, 2), 2501)
        self.assertEqual(fleet.auto_batch(3, 8), 1)
        self.assertEqual(fleet.auto_batch(0, 2), 1)


class FleetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = fleet.local_cluster(2, processes=True)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_sharded_equals_single(self):
        logs = inputs()
        self.assertGreaterEqual(len(logs), 3)
        for batch in (1, 4):
            for group_by in ("ess,ap", "ap,supplicant,driver,firmware"):
                want_code, want, messages = single_stats(logs, group_by, with_messages=True)
                code, got, errors = fleet.run_fleet(self.client, BIN, logs, self.out, batch,
                                                    group_by, "json", log=io.StringIO())
                self.assertEqual(got, want, "batch %d, group by %s" % (batch, group_by))
                self.assertEqual(code, want_code)
                self.assertEqual(sorted(errors), sorted(messages))
                self.assertTrue(all("this is a hostapd (AP) log" in m for m in messages), messages)
        # Every trace's records are there: one trace record per station log.
        traces = 0
        for name in os.listdir(os.path.join(self.out, "records")):
            with open(os.path.join(self.out, "records", name)) as f:
                traces += sum(1 for line in f if line.startswith('{"type":"trace"'))
        self.assertEqual(traces, len(logs) - len(messages))

    def test_worker_killed_mid_run(self):
        logs = inputs()
        while len(logs) < 12:  # without the corpus: the same logs again
            logs = logs * 2
        # A slow wrapper so that the run is still going when the worker dies.
        wrapper = os.path.join(self.out, "slow-roamreplay")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nsleep 0.3\nexec '%s' \"$@\"\n" % BIN)
        os.chmod(wrapper, 0o755)
        pids = list(self.client.run(os.getpid).values())
        self.assertEqual(len(pids), 2)
        killed = []

        def kill_one(done, total):
            if not killed and done < total - 2:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(done)

        want_code, want = single_stats(logs)
        code, got, _ = fleet.run_fleet(self.client, wrapper, logs, self.out, 1, "ess,ap",
                                       "json", on_batch_done=kill_one, log=io.StringIO())
        self.assertTrue(killed, "no worker was killed")
        self.assertEqual(got, want)
        self.assertEqual(code, want_code)
        self.assertFalse([n for sub in ("partials", "records")
                          for n in os.listdir(os.path.join(self.out, sub)) if ".tmp-" in n])
        self.client.wait_for_workers(2, timeout=60)

    def test_unreadable_log_is_reported_and_counted(self):
        logs = inputs()[:4]
        missing = os.path.join(self.out, "no-such.log")
        with open(os.path.join(self.out, "errors.txt"), "w") as log:
            code, got, errors = fleet.run_fleet(self.client, BIN, logs + [missing], self.out, 2,
                                                "ess,ap", "json", log=log)
        self.assertEqual(code, fleet.EXIT_ERROR)
        self.assertEqual(len(errors), 1)
        self.assertIn("no-such.log", errors[0])
        _, want = single_stats(logs)
        self.assertEqual(got, want)  # the readable logs all counted
        partials = os.path.join(self.out, "partials")
        merged = subprocess.run([BIN, "stats", "--merge", "--partial", "--"] +
                                [os.path.join(partials, p) for p in sorted(os.listdir(partials))],
                                stdout=subprocess.PIPE)
        self.assertIn(b'"unreadable":1', merged.stdout)

    def test_cli_local_cluster(self):
        logs = inputs()[:6]
        proc = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__),
                                                            "roamreplay-fleet"),
                               "--local-processes", "--workers", "2", "--batch", "2",
                               "--roamreplay", BIN, "-o", self.out] + logs,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        _, want = single_stats(logs)
        self.assertEqual(proc.stdout.decode(), want, proc.stderr.decode())
        with open(os.path.join(self.out, "stats.json")) as f:
            self.assertEqual(f.read(), want)
        # The default (thread-based) local cluster, statistics only: the same bytes.
        proc = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__),
                                                            "roamreplay-fleet"),
                               "--no-records", "--workers", "2", "--batch", "2",
                               "--roamreplay", BIN, "-o", self.out] + logs,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(proc.stdout.decode(), want, proc.stderr.decode())
        self.assertEqual(os.listdir(os.path.join(self.out, "records")), [])


if __name__ == "__main__":
    unittest.main()
