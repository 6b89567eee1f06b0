"""On PostgreSQL the registration's statements are prepared once per connection, not planned
again for every registration; a deployment behind a pooler can turn that off."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import EventFactory, registration_data
from wpsevents.participants import rules

ROOT = Path(__file__).resolve().parents[2]
PREPARE = "DATABASE_PREPARE_THRESHOLD"


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_repeated_registrations_run_prepared_statements():
    event = EventFactory(capacity=100)
    for n in range(6):
        rules.register_participant(
            event=event, data=registration_data(email=f"repeat{n}@example.org")
        )
    prepared = _prepared_statements()
    assert any(" FOR UPDATE" in sql and "events_event" in sql for sql in prepared)
    assert any("COUNT(*)" in sql and "participants_participant" in sql for sql in prepared)
    # The registration, its history and its email: one statement.
    assert any('INSERT INTO "participants_participant"' in sql for sql in prepared)


def _database_options(**env) -> dict:
    command = (
        "import django; django.setup(); from django.conf import settings; "
        "print(__import__('json').dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", command],
        cwd=ROOT,
        env={
            **{key: value for key, value in os.environ.items() if key != PREPARE},
            "DJANGO_SETTINGS_MODULE": "wpsevents.settings",
            "DATABASE_URL": "postgres://app@db.example.org:5432/wpsevents",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_statements_are_prepared_after_five_runs_by_default():
    options = _database_options()
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_a_pooler_deployment_can_turn_preparing_off():
    assert _database_options(**{PREPARE: "0"})["prepare_threshold"] is None
