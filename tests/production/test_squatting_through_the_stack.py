"""Seat squatting through the production stack: a script inventing addresses from one network
keeps no seat, while a real registrant who opens the link in their email gets one.

deploy/nginx/wpsevents.conf in front of two gunicorn app servers (production settings, one shared
Redis cache, the test database) and the email worker sending through a real SMTP server. Each
visitor's connection leaves from its own loopback address (Linux routes all of 127.0.0.0/8 to
lo), so nginx puts that address in X-Forwarded-For as it does for the Internet: the script
comes from 127.0.0.2 … 127.0.0.101 (one /24), the registrant from 127.0.1.1 (another).

Each registration opens the form first (CSRF cookie and single-use "started" stamp), then sends
it. For speed the servers run with REGISTRATION_MIN_FILL_SECONDS=0 (no minimum fill time) and
REGISTRATION_HOLD_MINUTES=1, so the script's holds lapse a minute after their emails leave.
"""

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.factories import EventFactory
from tests.participants.helpers import form_post
from tests.production.nginx_config import main_config
from tests.production.test_nginx import _site
from wpsevents.participants.models import OutgoingEmail, Participant

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import harness  # noqa: E402

HOST = "events.example.org"
ROBOTS = [f"127.0.0.{n}" for n in range(2, 102)]  # 100 addresses of 127.0.0.0/24
REGISTRANT = "127.0.1.1"  # another network
HOLDS_PER_NETWORK = 5
NETWORK_REFUSAL = "Many seats are already held for registrations from your network"
LINK = re.compile(r"https://events\.example\.org((?:/km)?/r/[\w-]+/)")
STARTED = re.compile(r'name="started" value="([^"]+)"')
Status = Participant.Status

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the site runs on PostgreSQL"),
    pytest.mark.skipif(
        not os.environ.get("REDIS_TEST_URL"), reason=".ci/run starts Redis, names it"
    ),
    pytest.mark.skipif(
        not (shutil.which("nginx") and shutil.which("openssl")),
        reason="nginx and openssl are not installed (`make nginx` installs Debian's nginx-light)",
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def _forget_rate_limits(redis_url: str) -> None:
    """Empty the test Redis database: the rate limits' counters of an earlier run are there."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()


class Visitor:
    """A browser on one source address, talking HTTPS to nginx with the site's name, keeping
    its cookies."""

    def __init__(self, port: int, source: str):
        self.port = port
        self.source = source
        self.cookies: dict[str, str] = {}
        self.context = ssl.create_default_context()
        self.context.check_hostname = False  # the throwaway self-signed certificate
        self.context.verify_mode = ssl.CERT_NONE

    def request(self, method: str, path: str, data: dict | None = None):
        """Return (status, body, Location) of one request, keeping the cookies it sets."""
        raw = socket.create_connection(("127.0.0.1", self.port), 15, (self.source, 0))
        tls = self.context.wrap_socket(raw, server_hostname=HOST)
        connection = http.client.HTTPSConnection(HOST, self.port, timeout=15)
        connection.sock = tls
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, text, response.headers.get("Location")
        finally:
            connection.close()

    def register(self, slug: str, email: str) -> tuple[int, str]:
        """Open the registration form, then send it filled in; return the answer's status and
        body."""
        path = f"/events/{slug}/register/"
        status, page, _location = self.request("GET", path)
        assert status == 200, page[:500]
        data = form_post(
            email=email,
            started=STARTED.search(page).group(1),
            csrfmiddlewaretoken=harness.CSRF_FIELD.search(page).group(1),
        )
        status, body, _location = self.request("POST", path, data)
        return status, body


@pytest.fixture
def stack(tmp_path, smtp_server):
    """nginx with the deployed site file in front of two gunicorn app servers and the email
    worker, all on production settings, the test database and the test Redis; yields nginx's
    HTTPS port and the environment the servers run with."""
    redis_url = os.environ["REDIS_TEST_URL"]
    _forget_rate_limits(redis_url)
    env = harness.production_env(
        _database_url(),
        CACHE_URL=redis_url,
        ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        SITE_URL=f"https://{HOST}",
        BEHIND_TLS_PROXY="true",
        SESSION_COOKIE_SECURE="true",
        CSRF_COOKIE_SECURE="true",
        TRUSTED_PROXIES="127.0.0.1",
        RATELIMIT_ENABLE="true",
        REGISTRATION_MIN_FILL_SECONDS="0",
        REGISTRATION_HOLD_MINUTES="1",
        REGISTRATION_HOLDS_PER_NETWORK=str(HOLDS_PER_NETWORK),
        EMAIL_URL=f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
    )
    env = harness.collect_static(env, tmp_path / "static")
    processes = []
    try:
        app_ports = [harness.free_port(), harness.free_port()]
        for port in app_ports:
            processes.append(harness.start_gunicorn(port, env, tmp_path / "gunicorn.log"))
        https = _start_nginx(tmp_path, app_ports, processes)
        with (tmp_path / "worker.log").open("ab") as output:  # the worker keeps its own copy
            worker = [harness.PYTHON, "manage.py", "email_worker", "--queue-name", "default"]
            worker += ["--interval", "0.5", "--no-startup-delay"]
            processes.append(
                subprocess.Popen(
                    worker, cwd=harness.ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
                )
            )
        yield https, env
    finally:
        for process in reversed(processes):
            harness.stop(process)
        for process in processes:
            assert process.poll() is not None


def _start_nginx(folder: Path, app_ports: list[int], processes: list) -> int:
    """Run the site file, its upstream being the two app servers; return its HTTPS port."""
    throwaway_certificate = [
        "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
        "-keyout", "privkey.pem", "-out", "fullchain.pem",
    ]  # fmt: skip
    subprocess.run(throwaway_certificate, cwd=folder, check=True, capture_output=True)
    https = harness.free_port()
    # nginx's workers (www-data) keep the pages: in a folder they can reach, unlike pytest's.
    cache = Path(tempfile.mkdtemp(prefix="wpsevents-nginx-cache-"))
    cache.chmod(0o755)
    site = _site(folder, https=https, http=harness.free_port(), upstream=app_ports[0], cache=cache)
    both = f"server 127.0.0.1:{app_ports[0]};\n    server 127.0.0.1:{app_ports[1]};"
    site = site.replace(f"server 127.0.0.1:{app_ports[0]};", both)
    assert site.count(f"127.0.0.1:{app_ports[1]}") == 1
    (folder / "wpsevents.site").write_text(site)
    config = main_config(folder, str(folder / "wpsevents.site"))
    command = ["nginx", "-p", str(folder), "-c", str(config)]
    command += ["-e", str(folder / "startup.log"), "-g", "daemon off;"]
    with (folder / "startup.log").open("ab") as output:  # nginx keeps its own copy
        nginx = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    processes.append(nginx)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert nginx.poll() is None, (folder / "startup.log").read_text()
        try:
            socket.create_connection(("127.0.0.1", https), timeout=1).close()
            return https
        except OSError:
            time.sleep(0.05)
    raise AssertionError("nginx did not listen in time")


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def _text_of(envelope) -> str:
    received = message_from_bytes(envelope.content)
    plain = next(part for part in received.walk() if part.get_content_type() == "text/plain")
    return plain.get_payload(decode=True).decode(plain.get_content_charset())


def _to(inbox, address: str) -> list:
    return [message for message in inbox.messages if message.rcpt_tos == [address]]


@pytest.mark.django_db(transaction=True)
def test_a_script_from_one_network_keeps_no_seat_and_a_real_registrant_gets_one(stack, smtp_server):
    https, env = stack
    began = time.monotonic()
    event = EventFactory(capacity=120, holds_unconfirmed_seats=True)

    def robot(n: int) -> tuple[int, str]:
        return Visitor(https, ROBOTS[n]).register(event.slug, f"invented{n}@example.net")

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(robot, range(len(ROBOTS))))
    statuses = Counter(status for status, _body in answers)
    refused = [body for status, body in answers if status == 200]
    assert all(NETWORK_REFUSAL in body for body in refused)
    robots = Participant.objects.filter(event=event, email__endswith="@example.net")
    assert robots.count() == statuses[302] == robots.filter(status=Status.HELD).count()
    assert not robots.filter(status=Status.CONFIRMED).exists()
    assert robots.filter(status=Status.HELD).count() <= HOLDS_PER_NETWORK
    # 30 submissions from one network in ten minutes, then "Too many attempts".
    assert statuses == {302: HOLDS_PER_NETWORK, 200: 30 - HOLDS_PER_NETWORK, 429: 70}
    assert set(robots.values_list("hold_network", flat=True)) == {"127.0.0.0/24"}

    delegate = Visitor(https, REGISTRANT)
    status, _body = delegate.register(event.slug, "sokha@example.org")
    assert status == 302
    registration = Participant.objects.get(event=event, email="sokha@example.org")
    assert registration.status == Status.HELD
    assert registration.hold_network == "127.0.1.0/24"

    hold_email = _wait_for(lambda: _to(smtp_server, "sokha@example.org"), 30, "the email")[0]
    link = LINK.search(_text_of(hold_email)).group(1)
    status, _body, location = delegate.request("GET", link)
    assert (status, location) == (302, "/r/")
    status, _page, _location = delegate.request("GET", "/r/")
    assert status == 200
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registration.email_confirmed_at is not None
    tickets = _wait_for(lambda: _to(smtp_server, "sokha@example.org")[1:], 30, "the ticket")
    parts = {part.get_content_type() for part in message_from_bytes(tickets[0].content).walk()}
    assert {"image/png", "text/calendar"} <= parts, "the check-in code and calendar follow"

    # The script cannot open its emails: its holds lapse a minute after those emails left.
    sent = OutgoingEmail.objects.filter(
        participant__in=robots, kind=OutgoingEmail.Kind.HOLD, status=OutgoingEmail.Status.SENT
    )
    _wait_for(lambda: sent.count() == statuses[302], 30, "the script's emails")
    last_hold = max(robots.values_list("hold_expires_at", flat=True))
    time.sleep(max(0, (last_hold - timezone.now()).total_seconds()) + 0.5)
    released = harness.manage(env, "release_lapsed_holds")
    assert not robots.filter(status=Status.HELD).exists()
    assert not robots.filter(status=Status.CONFIRMED).exists()
    assert robots.filter(status=Status.CANCELLED).count() == statuses[302]
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    harness.say(
        f"\n100 from 127.0.0.0/24: {statuses[302]} held, {statuses[200]} refused for the "
        f"network's holds, {statuses[429]} rate-limited, 0 confirmed; release_lapsed_holds: "
        f"{released.strip().rstrip('.')}; the registrant from 127.0.1.0/24 confirmed; "
        f"{time.monotonic() - began:.0f} s"
    )
