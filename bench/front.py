"""The site through nginx as deployed (deploy/nginx/wpsevents.conf, TLS), and a real SMTP server.

nginx runs with the example site, a self-signed certificate for `localhost` made in a temporary
folder, its logs and page cache there too, in front of the benchmark's gunicorn. The SMTP server
(aiosmtpd, in this process) notes when each email arrives, for the registration burst.
"""

import http.client
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from aiosmtpd.controller import Controller

from bench import loadgen
from tests.production.nginx_config import main_config

ROOT = Path(__file__).resolve().parent.parent
NAME = "localhost"  # the site's name in the certificate, the handshake and the Host header


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """nginx with the deployed site in front of 127.0.0.1:`upstream`, on an HTTPS port."""

    def __init__(self, upstream: int, port: int, logs: Path):
        self.folder = Path(tempfile.mkdtemp(prefix="wpsevents-bench-nginx-"))
        self.folder.chmod(0o755)  # nginx's workers (www-data) keep the page cache here
        self.port, http_port = port, free_port()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
             "-nodes", "-days", "1", "-subj", f"/CN={NAME}",
             "-keyout", "privkey.pem", "-out", "fullchain.pem"],
            cwd=self.folder, check=True, capture_output=True,
        )  # fmt: skip
        site = (ROOT / "deploy" / "nginx" / "wpsevents.conf").read_text()
        site = site.replace("/etc/letsencrypt/live/events.example.org/", f"{self.folder}/")
        site = site.replace("/var/log/nginx/", f"{self.folder}/")
        site = site.replace("/var/cache/nginx/", f"{self.folder}/")
        site = site.replace("events.example.org", NAME)
        site = re.sub(r"(?m)^\s*listen \[::\].*$", "", site)
        site = site.replace("listen 443 ", f"listen 127.0.0.1:{self.port} ")
        site = re.sub(r"listen 80([ ;])", rf"listen 127.0.0.1:{http_port}\1", site)
        site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
        (self.folder / "wpsevents.site").write_text(site)
        config = main_config(self.folder, str(self.folder / "wpsevents.site"))
        self.log = (logs / "nginx.log").open("w")
        self.popen = subprocess.Popen(
            ["nginx", "-p", str(self.folder), "-c", str(config), "-g", "daemon off;"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while not _listening(self.port):
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"nginx did not start: see {self.log.name}")
            time.sleep(0.1)

    @property
    def origin(self) -> str:
        """The site's address through nginx."""
        return f"https://{NAME}:{self.port}"

    def stop(self) -> None:
        """Stop nginx and remove its folder (certificate, logs, page cache)."""
        if self.popen.poll() is None:
            self.popen.terminate()
            self.popen.wait(timeout=10)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def https(port: int) -> http.client.HTTPSConnection:
    """A connection to nginx that names the site in the handshake, as a browser does."""
    context = ssl.create_default_context()
    context.check_hostname = False  # the self-signed certificate
    context.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection(NAME, port, context=context, timeout=30)


def fetch(port: int, path: str, method: str = "GET", body: str = "", headers=None):
    """One request through nginx: (status, headers, body text)."""
    conn = https(port)
    conn.request(method, path, body=body or None, headers=headers or {})
    response = conn.getresponse()
    text = response.read().decode(errors="replace")
    conn.close()
    return response.status, response.headers, text


def edit_shows_after(port: int, path: str, edit, marker: str, limit: float = 30) -> float:
    """Seconds from an organiser's edit (`edit()`) until the page through nginx shows it.

    Counted to when the first request answered with the edit was sent: under the load the
    measure runs in, the polling client's own request takes a good part of a second, which is
    the client's wait, not the page's lateness.
    """
    fetch(port, path)
    edit()
    edited = time.monotonic()
    while True:
        sent = time.monotonic()
        if marker in fetch(port, path)[2]:
            return round(sent - edited, 2)
        if sent - edited > limit:
            return float("inf")
        time.sleep(0.05)


class Inbox:
    """An aiosmtpd handler that notes when each recipient's email arrived."""

    def __init__(self):
        self.arrived: dict[str, float] = {}
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        now = time.monotonic()
        self.count += 1
        for recipient in envelope.rcpt_tos:
            self.arrived.setdefault(recipient.lower(), now)
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on a free port, for the email worker to send through."""

    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def url(self) -> str:
        """The worker's EMAIL_URL."""
        return f"smtp://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Stop listening."""
        self.controller.stop()


def burst(port: int, path: str, inbox: Inbox, count: int, seconds: float, tag: str) -> dict:
    """`count` registrations spread evenly over `seconds`, through nginx, each posting a form
    fetched a few seconds earlier; then the time to each confirmation email at the SMTP server.
    """
    origin = f"https://{NAME}:{port}"

    def form(n: int) -> tuple[str, dict]:
        status, headers, body = fetch(port, path)
        if status != 200:
            raise SystemExit(f"GET {path} through nginx answered {status}")
        cookies = [c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or []]
        return "; ".join(cookies), loadgen.filled_in(body, n)

    with ThreadPoolExecutor(max_workers=4) as pool:
        forms = list(pool.map(form, range(count)))
    time.sleep(3.5)  # the production minimum time between fetching a form and sending it
    sent: dict[str, float] = {}
    answered: dict[str, int] = {}
    started = time.monotonic()

    def post(n: int) -> None:
        time.sleep(max(0.0, started + n * seconds / count - time.monotonic()))
        cookie, answers = forms[n]
        email = f"{tag}-{n}@bench.example.org"
        body = urllib.parse.urlencode({**answers, "email": email})
        headers = {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
        }
        sent[email] = time.monotonic()
        status, _headers, _text = fetch(port, path, "POST", body, headers)
        answered[email] = status

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(post, range(count)))
    posting = time.monotonic() - started
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not all(e in inbox.arrived for e in sent):
        time.sleep(0.5)
    delays = sorted(inbox.arrived[e] - sent[e] for e in sent if e in inbox.arrived)
    return {
        "registrations": count,
        "over_seconds": round(posting, 1),
        "answered_302": sum(1 for s in answered.values() if s == 302),
        "errors": sum(1 for s in answered.values() if s != 302),
        "emails_received": len(delays),
        "email_median_s": round(delays[len(delays) // 2], 2) if delays else None,
        "email_worst_s": round(delays[-1], 2) if delays else None,
    }


def load_while(run, action):
    """Run `action()` while `run()` (a wrk run) loads the site; both results."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(load=run()))
    thread.start()
    time.sleep(1)
    done = action()
    thread.join()
    return result["load"], done
