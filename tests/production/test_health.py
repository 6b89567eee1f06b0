"""/healthz tells load balancers whether this app server can reach its database."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = textwrap.dedent(
    """
    import django
    django.setup()
    from django.test import Client
    response = Client().get("/healthz")
    print(response.status_code, response.content.decode())
    """
)


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "local"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not():
    # Port 9 (discard) has no PostgreSQL: the connection is refused at once.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wpsevents.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing?connect_timeout=2",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, _space, body = result.stdout.strip().partition(" ")
    assert status == "503", result.stdout + result.stderr
    assert json.loads(body) == {"status": "unavailable", "database": "down"}


def test_healthz_refuses_other_methods(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_a_load_balancer_at_the_servers_address_over_plain_http(
    client, db, settings
):
    """The check comes over plain HTTP, with the app server's own address as Host: the pages
    refuse both (a redirect to HTTPS, a 400 for the unknown host), the health check does not."""
    settings.ALLOWED_HOSTS = ["events.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "local"}
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    page = client.get("/", HTTP_HOST="events.example.org")
    assert page.status_code == 301
    assert page["Location"].startswith("https://events.example.org/")


def test_healthz_says_nothing_of_the_server(client, db, settings):
    settings.ALLOWED_HOSTS = ["events.example.org"]
    response = client.get("/healthz", HTTP_HOST="203.0.113.9")
    headers = {name.lower() for name in response.headers}
    assert not headers & {"server", "x-powered-by", "set-cookie"}
    assert set(response.json()) <= {"status", "database", "cache"}


def test_healthz_answers_503_on_a_server_without_its_static_files(client, db, settings, tmp_path):
    """A second app server that never ran collectstatic answers 500 on every page: the load
    balancer must keep it out."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "wpsevents.staticfiles.MinifiedCompressedManifestStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "never-collected"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "static": "missing"}
