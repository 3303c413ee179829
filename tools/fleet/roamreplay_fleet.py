"""roamreplay-fleet: roamreplay over many logs on a Dask cluster.

Maps `roamreplay stats --partial --records` over batches of logs, one Dask
task per batch, writes each batch's records (replay --format records) and
partial to OUT/, and merges the partials with `roamreplay stats --merge`
into OUT/stats.json (or .txt). The merged statistics are byte for byte those
of one `roamreplay stats` run over all the logs (README "Fleet scale").

A task is a pure function of its batch: it writes its files under temporary
names and renames them, so a task that Dask runs again (a worker lost
mid-run) leaves the same files and the result does not change. A log that
cannot be read is reported (with roamreplay's message) and counted; the run
goes on.

Without --scheduler a local cluster is started in this process (threads),
or with --local-processes as worker processes on 127.0.0.1 (no other
network use).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

EXIT_FINDINGS = 1
EXIT_ERROR = 3


def expand_logs(args):
    """Inputs as roamreplay expands them: a directory becomes its regular
    files, recursively, sorted by path; anything else is kept as given."""
    files = []
    for arg in args:
        if os.path.isdir(arg):
            found = []
            for root, dirs, names in os.walk(arg):
                dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
                for name in names:
                    path = os.path.join(root, name)
                    if os.path.isfile(path):
                        found.append(path)
            files.extend(sorted(found, key=lambda p: os.fsencode(p)))
        else:
            files.append(arg)
    return files


def auto_batch(logs, threads):
    """Logs per task when --batch is not given: two tasks per worker
    thread (fewer, larger tasks cost less: each task starts a roamreplay
    process and a Dask round trip; two per thread still balance)."""
    return max(1, -(-logs // (2 * max(1, threads))))


def batches_of(files, size):
    return [files[i:i + size] for i in range(0, len(files), size)]


def run_batch(roamreplay, index, logs, out_dir, group_by, with_records=True):
    """One task: partial and records of `logs`. Returns (index, partial
    path, list of error lines, exit code)."""
    name = "batch-%05d" % index
    partial = os.path.join(out_dir, "partials", name + ".json")
    records = os.path.join(out_dir, "records", name + ".jsonl")
    tmp_records = records + ".tmp-%d" % os.getpid()
    cmd = [roamreplay, "stats", "--partial", "--jobs", "1", "--group-by", group_by]
    if with_records:
        cmd += ["--records", tmp_records]
    cmd += ["--"] + list(logs)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode not in (0, EXIT_FINDINGS, EXIT_ERROR) or not proc.stdout:
        raise RuntimeError("%s failed (exit %d): %s" % (" ".join(cmd[:3]), proc.returncode,
                                                         proc.stderr.decode(errors="replace")))
    tmp_partial = partial + ".tmp-%d" % os.getpid()
    with open(tmp_partial, "wb") as f:
        f.write(proc.stdout)
    if with_records:
        os.replace(tmp_records, records)
    os.replace(tmp_partial, partial)
    errors = [line for line in proc.stderr.decode(errors="replace").splitlines() if line]
    return index, partial, errors, proc.returncode


def run_fleet(client, roamreplay, logs, out_dir, batch_size=50, group_by="ess,ap",
              fmt="json", on_batch_done=None, log=sys.stderr, with_records=True):
    """Runs every batch on `client`, merges, writes OUT/stats.{json,txt}.
    `on_batch_done(done, total)` is called as batches finish (tests use it).
    Returns (exit code, merged statistics text, error lines)."""
    from distributed import as_completed

    roamreplay = os.path.abspath(roamreplay)
    for sub in ("partials", "records"):
        shutil.rmtree(os.path.join(out_dir, sub), ignore_errors=True)
        os.makedirs(os.path.join(out_dir, sub))
    batches = batches_of(logs, batch_size)
    futures = [client.submit(run_batch, roamreplay, i, b, out_dir, group_by, with_records,
                             retries=2, pure=False)
               for i, b in enumerate(batches)]
    errors, partials, worst = [], {}, 0
    done = 0
    for future in as_completed(futures):
        index, partial, batch_errors, code = future.result()
        partials[index] = partial
        errors.extend(batch_errors)
        worst = max(worst, code)
        done += 1
        if on_batch_done:
            on_batch_done(done, len(batches))
    # Files of task runs cut short (a lost worker) never got their final name.
    for sub in ("partials", "records"):
        for name in os.listdir(os.path.join(out_dir, sub)):
            if ".tmp-" in name:
                os.remove(os.path.join(out_dir, sub, name))
    for line in errors:
        print(line, file=log)
    merge = [roamreplay, "stats", "--merge", "--format", fmt, "--"] + \
        [partials[i] for i in sorted(partials)]
    proc = subprocess.run(merge, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode not in (0, EXIT_FINDINGS, EXIT_ERROR):
        raise RuntimeError("merge failed: " + proc.stderr.decode(errors="replace"))
    result = proc.stdout.decode()
    with open(os.path.join(out_dir, "stats." + ("json" if fmt == "json" else "txt")), "w") as f:
        f.write(result)
    return max(worst, proc.returncode), result, errors


def local_cluster(workers, processes=False):
    """A local cluster for `workers` tasks at a time: by default one
    in-process worker with `workers` threads (it starts in a fraction of a
    second; each task's work runs in a roamreplay subprocess, so threads
    run them in parallel as well as processes would), or with `processes`
    `workers` worker processes, each with a nanny that restarts it (what a
    real cluster's workers are; about 2 s more to start)."""
    from distributed import LocalCluster
    if not processes:  # in-process transport: no socket at all
        return LocalCluster(n_workers=1, threads_per_worker=workers, processes=False,
                            dashboard_address=None)
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=None)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="roamreplay-fleet",
        description="roamreplay stats over many logs on a Dask cluster: records and "
                    "partials per batch in OUT/, merged statistics in OUT/stats.json.")
    parser.add_argument("logs", nargs="+", metavar="LOG|DIR")
    parser.add_argument("-o", "--out", required=True, metavar="OUT", help="output directory")
    parser.add_argument("--scheduler", help="tcp://HOST:8786 (default: a local cluster)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="local cluster: tasks at a time (default: cores)")
    parser.add_argument("--batch", type=int, default=None,
                        help="logs per task (default: two tasks per worker thread)")
    parser.add_argument("--group-by", default="ess,ap")
    parser.add_argument("-f", "--format", default="json", choices=("json", "text"))
    parser.add_argument("--local-processes", action="store_true",
                        help="local cluster: --workers worker processes (restarted by "
                             "their nannies) instead of one worker with --workers threads")
    parser.add_argument("--local-threads", action="store_true",
                        help="the default local cluster (kept for compatibility)")
    parser.add_argument("--no-records", action="store_true",
                        help="statistics only: do not write OUT/records/")
    parser.add_argument("--roamreplay", default=shutil.which("roamreplay") or "roamreplay",
                        help="the roamreplay binary (same path on every worker)")
    args = parser.parse_args(argv)
    if (args.batch is not None and args.batch < 1) or args.workers < 1:
        parser.error("--batch and --workers must be at least 1")
    if args.local_processes and args.local_threads:
        parser.error("--local-processes and --local-threads exclude each other")
    try:
        from distributed import Client
    except ImportError:
        print("roamreplay-fleet: needs Dask distributed (Debian: python3-distributed)",
              file=sys.stderr)
        return 2
    logs = expand_logs(args.logs)
    os.makedirs(args.out, exist_ok=True)
    start = time.monotonic()
    cluster = None if args.scheduler else local_cluster(args.workers, args.local_processes)
    with Client(args.scheduler or cluster) as client:
        ready = time.monotonic()
        if args.batch is None:
            args.batch = auto_batch(len(logs), sum(client.nthreads().values()) or args.workers)
        code, result, errors = run_fleet(client, args.roamreplay, logs, args.out, args.batch,
                                         args.group_by, args.format,
                                         with_records=not args.no_records)
        done = time.monotonic()
    sys.stdout.write(result)
    print("roamreplay-fleet: %d logs in %d tasks: cluster ready in %.1f s, run and merge %.1f s"
          % (len(logs), (len(logs) + args.batch - 1) // args.batch, ready - start, done - ready),
          file=sys.stderr)
    if errors:
        print("roamreplay-fleet: %d message(s) about logs not counted (unreadable, or hostapd "
              "logs skipped), listed above; the other logs are counted" % len(errors),
              file=sys.stderr)
    if cluster is not None and not args.local_processes:
        # The in-process cluster has no process of its own to stop: end
        # here instead of waiting for its orderly shutdown (about 0.3 s).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if cluster is not None:
        cluster.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
