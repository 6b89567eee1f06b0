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
