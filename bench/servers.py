"""The production processes, started locally: gunicorn (site and ceiling) and the email worker."""

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url: str) -> None:
    """Empty the benchmark's own Redis database, so that no stale page is served."""
    import redis

    redis.Redis.from_url(url).flushdb()


def cache_version(url: str) -> int:
    """The public pages' content version in Redis: how often the page cache was dropped."""
    import redis

    client = redis.Redis.from_url(url)
    keys = client.keys("*public-pages:version")
    return int(client.get(keys[0])) if keys else 0


def manage(env: dict, *args: str) -> str:
    """Run a management command (or `-m bench.data …`) with the benchmark's environment."""
    command = [sys.executable, *(args if args[0] == "-m" else ("manage.py", *args))]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def data(env: dict, *args: str) -> dict:
    """Run one `bench.data` command and return its JSON answer."""
    return json.loads(manage(env, "-m", "bench.data", *args).strip().splitlines()[-1])


class Process:
    """A long-running process whose output goes to a log file."""

    def __init__(self, name: str, command: list[str], env: dict, logs: Path):
        self.name = name
        self.log = (logs / f"{name}.log").open("w")
        self.popen = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def stop(self) -> None:
        """Ask the process to stop, then insist."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
        self.log.close()


def gunicorn(name: str, app: str, env: dict, port: int, logs: Path) -> Process:
    """gunicorn with the project's gunicorn.conf.py, on 127.0.0.1:`port`."""
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port)}
    command = [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", app]
    process = Process(name, command, env, logs)
    _wait_for_port(port, process)
    return process


def worker(env: dict, logs: Path) -> Process:
    """The email worker, as the Procfile's `worker:` line runs it (at a lower CPU priority)."""
    line = next(
        line.removeprefix("worker:")
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("worker:")
    )
    command = [sys.executable if word == "python" else word for word in shlex.split(line)]
    return Process("worker", command, env, logs)


def _wait_for_port(port: int, process: Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise SystemExit(f"{process.name} stopped at start: see {process.log.name}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                time.sleep(1)  # let every worker boot, not only the first
                return
        time.sleep(0.2)
    raise SystemExit(f"{process.name} did not listen on port {port} in {timeout:.0f} s")


def port_is_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:`port`."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def worker_memory_mb(process: Process) -> list[float]:
    """Resident memory (VmRSS) of each gunicorn worker under the master, in MB."""
    pid = process.popen.pid
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    sizes = []
    for child in children:
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def load_average() -> float:
    """The machine's one-minute load average: how busy it was besides the benchmark."""
    return os.getloadavg()[0]


def cpu_model() -> str:
    """The processor's name, as the kernel reports it."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown processor"
