"""Secure defaults: Django's deployment checklist, security headers, cookies, error pages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ResourceFactory, SessionFactory
from tests.participants.helpers import form_post

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "s3cret-for-the-deploy-check-" + "x7Qp2LmZ9vR4tW8yB1nC5dF0gH3jK6",
    "ALLOWED_HOSTS": "events.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp+tls://events:mail-password@smtp.example.org:587",
}
TEST_ONLY_ENV = {"DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for the browser tests, never in deployment
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _production_subprocess(*args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY_ENV}
    env.update(PRODUCTION_ENV)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_debug_off():
    result = _production_subprocess("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _manage_without_secret_key(*args: str) -> subprocess.CompletedProcess:
    """Run a management command in production mode with no SECRET_KEY in the environment."""
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env.update(
        DEBUG="false", DATABASE_URL="sqlite:///:memory:", EMAIL_URL=PRODUCTION_ENV["EMAIL_URL"]
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_names_a_missing_secret_key_when_debug_is_off():
    result = _manage_without_secret_key("check", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


@pytest.fixture
def production_like(settings):
    """The cookie and HSTS settings as they are with DEBUG off behind the TLS proxy."""
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return settings


def test_pages_send_the_security_headers(client, event, production_like):
    response = client.get(event.get_absolute_url(), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_content_security_policy_forbids_inline_and_eval_scripts(client, event):
    policy = client.get(event.get_absolute_url())["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def _pages(client, event, superuser_client):
    session = SessionFactory(event=event)
    ResourceFactory(event=event, session=session, is_key=True)
    urls = [
        event.get_absolute_url(),
        reverse("events:programme", kwargs={"slug": event.slug}),
        reverse("events:resources", kwargs={"slug": event.slug}),
        reverse("participants:register", kwargs={"slug": event.slug}),
        reverse("privacy"),
        "/km" + reverse("privacy"),
        reverse("admin:login"),
    ]
    for url in urls:
        yield url, client.get(url).content.decode()
    for url in (reverse("admin:index"), reverse("admin:participants_participant_changelist")):
        yield url, superuser_client.get(url).content.decode()


def test_pages_need_no_inline_script_or_style(event, superuser_client):
    for url, html in _pages(Client(), event, superuser_client):
        for attributes in SCRIPT_TAG.findall(html):
            allowed = "src=" in attributes or "application/ld+json" in attributes
            allowed = allowed or "application/json" in attributes
            assert allowed, f"inline script on {url}: {attributes}"
        assert not EVENT_HANDLER.search(html), f"inline event handler on {url}"
        assert ' style="' not in html, f"inline style on {url}"


def test_cookies_are_secure_and_http_only(client, event, organiser, production_like):
    register = reverse("participants:register", kwargs={"slug": event.slug})
    csrf_cookie = client.get(register, secure=True).cookies["csrftoken"]
    registered = client.post(register, form_post(), secure=True)
    assert registered.status_code == 302
    signed_in = client.post(
        reverse("admin:login"),
        {"username": "organiser", "password": "pw-organiser-1"},
        secure=True,
    )
    cookies = [csrf_cookie, *registered.cookies.values(), signed_in.cookies["sessionid"]]
    assert len(cookies) >= 3
    for cookie in cookies:
        assert cookie["secure"] and cookie["httponly"], cookie.key


def test_server_error_shows_the_friendly_page_without_a_trace(db, settings):
    settings.ROOT_URLCONF = "tests.production.failing_urls"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body
    assert "Traceback" not in body
    assert "ZeroDivisionError" not in body
    assert settings.SECRET_KEY not in body


def test_database_outage_shows_try_again_shortly_with_503(db, settings):
    settings.ROOT_URLCONF = "tests.production.failing_urls"
    response = Client(raise_request_exception=False).get("/database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Busy, please try again" in response.content.decode()
    assert "server closed" not in response.content.decode()


def test_unknown_page_shows_the_friendly_not_found_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert "urlpatterns" not in response.content.decode()


def test_commands_that_need_no_key_run_without_one():
    result = _manage_without_secret_key("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_web_server_refuses_to_start_without_secret_key():
    env = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    env.update(
        DEBUG="false", DATABASE_URL="sqlite:///:memory:", EMAIL_URL=PRODUCTION_ENV["EMAIL_URL"]
    )
    result = subprocess.run(
        [sys.executable, "-c", "import wpsevents.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr
