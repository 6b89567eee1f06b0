#!/usr/bin/env python3
"""Two app servers, one PostgreSQL, one Redis: no overbooking, shared limits, sessions, check-ins.

Starts two gunicorn instances on spare ports against one database and one Redis cache, then:
1. 40 people register at once for 10 seats, each fetching the form from one server and sending
   it to the other: exactly 10 must be confirmed and 30 waitlisted;
2. one address sends 11 registrations in a minute, alternating servers: the 11th gets 429;
3. an organiser signs in (password and code) on one server and is signed in on the other;
4. both servers check the same person in at the same moment: one check-in is recorded.

    .venv/bin/python scripts/two_servers_check.py \
        [--database-url postgres://postgres@127.0.0.1:5432/wps_two_servers] \
        [--cache-url redis://127.0.0.1:6379/12]

The database is created when missing and emptied of this check's event before each run; the Redis
database number given is flushed. Exits non-zero when a check fails.
"""

import argparse
import http.client
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from django_otp.oath import totp
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

SEATS, PEOPLE = 10, 40
SLUG = "two-servers-check"
STARTED_FIELD = re.compile(r'name="started" value="([^"]+)"')
# The key of both check users' authenticator app, to compute the codes of the second step.
APP_KEY = "3132333435363738393031323334353637383930"
SET_UP = f"""
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from wpsevents.events.models import Event
from wpsevents.participants.models import Participant
Participant.objects.filter(event__slug="{SLUG}").delete()
Event.objects.filter(slug="{SLUG}").delete()
start = timezone.now() + timedelta(days=30)
Event.objects.create(slug="{SLUG}", title="Two servers", summary="Check.", venue_name="Hall",
    starts_at=start, ends_at=start + timedelta(days=1), capacity={SEATS}, is_published=True,
    is_checkin_open=True)
from django_otp.plugins.otp_totp.models import TOTPDevice
for name in ("two-servers", "two-servers-door"):
    User.objects.filter(username=name).delete()
    user = User.objects.create_superuser(name, "ops@example.org", "two-servers-pw-1")
    TOTPDevice.objects.create(user=user, name="check", key="{APP_KEY}", confirmed=True)
"""
COUNT = f"""
import json
from django.db.models import Count
from wpsevents.participants.models import CheckIn, Participant
people = Participant.objects.filter(event__slug="{SLUG}")
print(json.dumps({{
    "statuses": dict(people.values_list("status").annotate(n=Count("pk"))),
    "checkins": CheckIn.objects.filter(participant__event__slug="{SLUG}").count(),
    "first_confirmed": people.filter(status="confirmed").values_list("reference", flat=True)
        .first(),
}}))
"""


def registration(email: str, token: str, started: str) -> dict:
    """A complete registration as the form sends it."""
    return {
        "csrfmiddlewaretoken": token,
        "started": started,
        "given_name": "Test",
        "family_name": "Person",
        "email": email,
        "organisation": "Ministry of Women's Affairs",
        "organisation_type": "government",
        "country": "KH",
        "gender": "woman",
        "days": "both",
        "attendance_mode": "in_person",
        "language": "en",
        "consents_to_data_processing": "on",
    }


def open_form(browser: Browser, server: str) -> tuple[str, str]:
    """Fetch the registration form: its CSRF token and its signed start time.

    A GET changes nothing, so a connection dropped by an overloaded machine is simply retried;
    the POSTs that the check counts are never retried.
    """
    for attempt in range(3):
        try:
            status, body, _location = browser.request(f"{server}/events/{SLUG}/register/")
            break
        except (ConnectionError, http.client.HTTPException):
            if attempt == 2:
                raise
            time.sleep(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    started = STARTED_FIELD.search(body)
    if status != 200 or not token or not started:
        raise RuntimeError(f"no registration form at {server} (status {status})")
    return token.group(1), started.group(1)


def register_crowd(servers: list[str]) -> list[int]:
    """40 people at once; each sends the form to the other server than the one that gave it."""
    barrier = threading.Barrier(PEOPLE)

    def person(number: int) -> int:
        browser = Browser(forwarded_for=f"198.51.100.{number + 1}")
        token, started = open_form(browser, servers[number % 2])
        barrier.wait(timeout=60)
        data = registration(f"person{number}@example.org", token, started)
        status, _body, _location = browser.request(
            f"{servers[(number + 1) % 2]}/events/{SLUG}/register/", data
        )
        return status

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        return list(pool.map(person, range(PEOPLE)))


def rate_limit_statuses(servers: list[str]) -> list[int]:
    """Eleven registrations from one address within the minute, alternating servers."""
    browser = Browser(forwarded_for="203.0.113.50")
    statuses = []
    for number in range(11):
        server = servers[number % 2]
        token, started = open_form(browser, server)
        data = registration(f"limited{number}@example.org", token, started)
        statuses.append(browser.request(f"{server}/events/{SLUG}/register/", data)[0])
    return statuses


def sign_in(browser: Browser, server: str, username: str) -> int:
    """Sign in with the password, then a code from the app; the status of the last answer."""
    token = browser.form_token(f"{server}/admin/login/")
    credentials = {"csrfmiddlewaretoken": token, "username": username}
    credentials["password"] = "two-servers-pw-1"
    browser.request(f"{server}/admin/login/?next=/admin/", credentials)
    token = browser.form_token(f"{server}/admin/second-factor/")
    code = f"{totp(bytes.fromhex(APP_KEY)):06d}"
    data = {"csrfmiddlewaretoken": token, "code": code, "next": "/admin/"}
    return browser.request(f"{server}/admin/second-factor/", data)[0]


def session_is_shared(servers: list[str]) -> bool:
    """Sign in on the first server; the second must know the session."""
    browser = Browser(forwarded_for="192.0.2.10")
    status = sign_in(browser, servers[0], "two-servers")
    return status == 302 and browser.request(f"{servers[1]}/admin/")[0] == 200


def check_in_twice(servers: list[str], reference: str) -> list[int]:
    """The same person checked in for day 1 by both servers at the same moment."""
    browser = Browser(forwarded_for="192.0.2.11")
    sign_in(browser, servers[0], "two-servers-door")
    token = browser.form_token(f"{servers[0]}/checkin/{reference}/")
    barrier = threading.Barrier(2)

    def press(server: str) -> int:
        barrier.wait(timeout=30)
        data = {"csrfmiddlewaretoken": token, "day": "1"}
        return browser.request(f"{server}/checkin/{reference}/", data)[0]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(press, servers))


def ensure_database(database_url: str) -> None:
    """Create the check's database when it does not exist yet."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    exists = subprocess.run(
        ["psql", admin_url, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def main() -> int:
    """Run the four checks and print what was found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/wps_two_servers"
    )
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args()
    ensure_database(args.database_url)
    subprocess.run(["redis-cli", "-u", args.cache_url, "FLUSHDB"], check=True, capture_output=True)
    env = production_env(args.database_url, CACHE_URL=args.cache_url, RATELIMIT_ENABLE="true")
    env = collect_static(env, Path(tempfile.mkdtemp(prefix="two-servers-static-")))
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "shell", "--no-imports", "-c", SET_UP)
    log = Path(tempfile.mkdtemp(prefix="two-servers-")) / "gunicorn.log"
    ports = [free_port(), free_port()]
    processes = [start_gunicorn(port, env, log) for port in ports]
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        posts = register_crowd(servers)
        counts = json.loads(manage(env, "shell", "--no-imports", "-c", COUNT))
        limited = rate_limit_statuses(servers)
        shared_session = session_is_shared(servers)
        presses = check_in_twice(servers, counts["first_confirmed"])
        checkins = json.loads(manage(env, "shell", "--no-imports", "-c", COUNT))["checkins"]
    finally:
        for process in processes:
            stop(process)
    return report(posts, counts["statuses"], limited, shared_session, presses, checkins, log)


def report(posts, statuses, limited, shared_session, presses, checkins, log) -> int:
    """Print the figures; return 0 when every check holds."""
    confirmed, waitlisted = statuses.get("confirmed", 0), statuses.get("waitlisted", 0)
    checks = {
        f"{PEOPLE} registrations answered with a redirect": posts.count(302) == PEOPLE,
        f"{SEATS} confirmed, {PEOPLE - SEATS} waitlisted": (confirmed, waitlisted)
        == (SEATS, PEOPLE - SEATS),
        "11th registration from one address refused (429)": limited[:10].count(429) == 0
        and limited[10] == 429,
        "session from one server valid on the other": shared_session,
        "one check-in from two simultaneous presses": checkins == 1,
    }
    say(f"registrations: {posts.count(302)} of {PEOPLE} accepted, statuses {statuses}")
    say(f"rate limit, one address, alternating servers: {limited}")
    say(f"check-in pressed on both servers: {presses}, check-ins recorded: {checkins}")
    for name, held in checks.items():
        say(f"{'ok  ' if held else 'FAIL'} {name}")
    say(f"gunicorn log: {log}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
