#!/usr/bin/env python3
"""PostgreSQL restarts under load: the running app serves again without being restarted.

Starts gunicorn (production settings, persistent connections with health checks) on a spare
port, sends a light steady load (default 5 requests a second for 20 seconds, alternating
/healthz and the event page, uncached), restarts PostgreSQL once in the middle, and counts the
failed requests: those that were in flight or arrived while the database was down may fail,
none after it is back.

By default the check runs its own throwaway PostgreSQL cluster on a spare port, so that nobody
else's database goes down. To restart a real cluster instead (the machine's own, during a
maintenance window) give it and the database to use:

    .venv/bin/python scripts/db_restart_check.py
    .venv/bin/python scripts/db_restart_check.py --cluster 15/main \
        --database-url postgres://wpsevents:…@127.0.0.1:5432/wpsevents
"""

import argparse
import glob
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from harness import (
    Browser,
    collect_static,
    free_port,
    manage,
    production_env,
    say,
    start_gunicorn,
    stop,
)

GRACE_SECONDS = 1.0  # a request this close after the restart may still meet a dying connection


class PrivateCluster:
    """A PostgreSQL cluster of this check's own, in a temporary directory, on a spare port."""

    def __init__(self):
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])
        self.home = Path(tempfile.mkdtemp(prefix="db-restart-"))
        self.port = free_port()
        shutil.chown(self.home, "postgres")
        self.data = self.home / "data"
        self._as_postgres(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.home}"
        self._as_postgres(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.home / "postgresql.log"),
            "-w",
            "start",
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/wpsevents"
        subprocess.run(
            [
                "psql",
                self.url.replace("/wpsevents", "/postgres"),
                "-qc",
                "CREATE DATABASE wpsevents",
            ],
            check=True,
        )

    def _as_postgres(self, program: str, *args: str) -> None:
        # Not captured: the server pg_ctl starts would hold the pipe open and the wait never end.
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(self.bin / program), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def restart(self) -> None:
        """Stop (disconnecting every client at once) and start again."""
        log = str(self.home / "postgresql.log")
        self._as_postgres("pg_ctl", "-D", str(self.data), "-l", log, "-m", "fast", "-w", "restart")

    def remove(self) -> None:
        """Stop the cluster and delete its files."""
        self._as_postgres("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.home, ignore_errors=True)


class SharedCluster:
    """An existing Debian cluster, restarted with pg_ctlcluster."""

    def __init__(self, cluster: str, url: str):
        self.version, self.name = cluster.split("/")
        self.url = url

    def restart(self) -> None:
        """Restart the cluster once."""
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                self.version,
                self.name,
                "restart",
                "-m",
                "fast",
            ],
            check=True,
        )

    def remove(self) -> None:
        """Nothing to remove: the cluster is not this check's."""


def send_load(base: str, paths: list[str], rate: float, seconds: float) -> list[dict]:
    """Send requests at a steady rate, each in its own thread; return one record per request."""
    results, lock = [], threading.Lock()
    browser = Browser()

    def one(number: int) -> None:
        path = paths[number % len(paths)].format(n=number)
        started = time.monotonic()
        try:
            status = browser.request(base + path, timeout=10)[0]
        except OSError as error:
            status = type(error).__name__
        with lock:
            results.append(
                {"path": path, "start": started, "end": time.monotonic(), "status": status}
            )

    with ThreadPoolExecutor(max_workers=32) as pool:
        begin = time.monotonic()
        for number in range(int(rate * seconds)):
            time.sleep(max(0.0, begin + number / rate - time.monotonic()))
            pool.submit(one, number)
    return results


def main() -> int:
    """Run the check and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cluster", help="VERSION/NAME of a cluster to restart with pg_ctlcluster")
    parser.add_argument("--database-url", help="the database to use with --cluster")
    parser.add_argument("--rate", type=float, default=5.0, help="requests a second")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    if args.cluster and not args.database_url:
        parser.error("--cluster needs --database-url")
    cluster = SharedCluster(args.cluster, args.database_url) if args.cluster else PrivateCluster()
    try:
        return run(cluster, args.rate, args.seconds)
    finally:
        cluster.remove()


def run(cluster, rate: float, seconds: float) -> int:
    """Load, restart in the middle, and report."""
    env = production_env(cluster.url, CACHE_URL="locmemcache://", CONN_MAX_AGE="600")
    env = collect_static(env, Path(tempfile.mkdtemp(prefix="db-restart-static-")))
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "load_workshop")
    slug = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from wpsevents.events.models import Event; print(Event.objects.first().slug)",
    )
    paths = ["/healthz", f"/events/{slug.strip().splitlines()[-1]}/?n={{n}}"]
    log = Path(tempfile.mkdtemp(prefix="db-restart-log-")) / "gunicorn.log"
    port = free_port()
    server = start_gunicorn(port, env, log)
    outage = {}

    def restart_midway() -> None:
        time.sleep(seconds / 2)
        outage["start"] = time.monotonic()
        cluster.restart()
        outage["end"] = time.monotonic()

    restarter = threading.Thread(target=restart_midway)
    try:
        restarter.start()
        results = send_load(f"http://127.0.0.1:{port}", paths, rate, seconds)
        restarter.join()
    finally:
        stop(server)
    return report(results, outage, log)


def report(results: list[dict], outage: dict, log: Path) -> int:
    """Print totals and the failures, split by whether the database was down for them."""
    failed = [r for r in results if r["status"] != 200]
    window_end = outage["end"] + GRACE_SECONDS
    during = [r for r in failed if r["start"] <= window_end and r["end"] >= outage["start"]]
    after = [r for r in failed if r not in during]
    say(f"requests: {len(results)}, failed: {len(failed)}")
    say(f"database down (restart took): {outage['end'] - outage['start']:.2f} s")
    say(f"failed while down or in flight: {len(during)}; failed after it was back: {len(after)}")
    for record in failed:
        moment = record["start"] - outage["start"]
        say(f"  {record['status']} {record['path']} at {moment:+.2f} s from the restart")
    say(f"gunicorn log: {log}")
    return 0 if not after else 1


if __name__ == "__main__":
    sys.exit(main())
