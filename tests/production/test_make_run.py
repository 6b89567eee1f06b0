"""`make run` on another port: every link the site emails points at the port it runs on."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import harness  # noqa: E402

SLUG = "wps-localisation-workshop-2023"
STARTED = re.compile(r'name="started" value="([^"]+)"')


@pytest.fixture
def try_out_site(tmp_path):
    """`make run PORT=…` as a developer starts it, on a copy of the embedded database."""
    port = harness.free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "SITE_URL", "CACHE_URL", "EMAIL_URL", "DEBUG")
    }
    log = (tmp_path / "make-run.log").open("w+")
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", process, log)
        yield port, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _wait_for(url: str, process, log, seconds: int = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"make run stopped:\n{log.read()[-3000:]}")
        try:
            if harness.Browser().request(url, timeout=2)[0] == 200:
                return
        except OSError:  # not listening yet
            pass
        time.sleep(1)
    pytest.fail("make run did not serve the site in time")


def _printed(log, pattern: str, seconds: int = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log.seek(0)
        match = re.search(pattern, log.read())
        if match:
            return match.group(0)
        time.sleep(0.5)
    return ""


def test_make_run_on_another_port_emails_links_to_that_port(try_out_site):
    port, log = try_out_site
    site = f"http://127.0.0.1:{port}"
    visitor = harness.Browser()
    url = f"{site}/events/{SLUG}/register/"
    status, page, _location = visitor.request(url)
    assert status == 200
    time.sleep(3.5)  # the minimum time a person takes to fill the form in
    token = harness.CSRF_FIELD.search(page).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "started": STARTED.search(page).group(1),
        "given_name": "Dara",
        "family_name": "Sok",
        "email": f"dara.{port}@example.org",
        "organisation": "Ministry of Women's Affairs",
        "organisation_type": "government",
        "country": "KH",
        "gender": "woman",
        "days": "both",
        "attendance_mode": "online",
        "language": "en",
        "consents_to_data_processing": "on",
    }
    status, body, _location = visitor.request(url, form)
    assert status == 302, body[:500]
    link = _printed(log, rf"http://127\.0\.0\.1:{port}/r/[\w-]+/")
    assert link, "the confirmation email printed no private link to this port"
    log.seek(0)
    assert "127.0.0.1:8000" not in log.read()
