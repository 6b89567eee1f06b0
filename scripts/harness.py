"""What the operational checks share: spare ports, production-like app servers, a small browser."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def say(line: str) -> None:
    """Print one line of a check's report at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(database_url: str, **extra: str) -> dict:
    """The environment of a production app server, without TLS (the checks talk plain HTTP)."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(50)),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BEHIND_TLS_PROXY": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "REGISTRATION_MIN_FILL_SECONDS": "0",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": "dummymail://",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


def collect_static(env: dict, folder: Path) -> dict:
    """Collect the static files into a folder of the check's own, as a deployment does."""
    env = {**env, "STATIC_ROOT": str(folder)}
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    return env


def manage(env: dict, *args: str) -> str:
    """Run a manage.py command in that environment and return what it printed."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def start_gunicorn(port: int, env: dict, log: Path, workers: int = 2) -> subprocess.Popen:
    """Start the web process as the Procfile does, on a given port, and wait until it answers."""
    with log.open("a") as output:  # the server keeps its own copy of the file
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "--config",
                "gunicorn.conf.py",
                "wpsevents.wsgi:application",
            ],
            cwd=ROOT,
            env={**env, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn on port {port} did not start; see {log}")


def stop(process: subprocess.Popen) -> None:
    """Stop a process started here, gently, then firmly."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies shared across ports (as a browser does for one host), redirects not followed."""

    def __init__(self, forwarded_for: str | None = None):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )
        self.headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}

    def request(self, url: str, data: dict | None = None, timeout: float = 15):
        """Return (status, body, location) for a GET, or a POST when data is given."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=self.headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(), response.headers.get("Location")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), error.headers.get("Location")

    def form_token(self, url: str) -> str:
        """Open a page with a form and return its CSRF token."""
        status, body, _location = self.request(url)
        match = CSRF_FIELD.search(body)
        if status != 200 or match is None:
            raise RuntimeError(f"no form at {url} (status {status})")
        return match.group(1)
