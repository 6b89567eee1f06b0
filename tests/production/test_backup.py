"""Backups: scripts/backup.sh dumps the database, scripts/restore.sh brings it back elsewhere."""

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from tests.factories import ParticipantFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's"),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed"),
]


def _url(name: str) -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgresql://{credentials}@{host}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database():
    """A new, empty database beside the test database, dropped afterwards."""
    name = connection.settings_dict["NAME"] + "_restored"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _url(name)
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(script: str, *args: str, **env: str) -> str:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_the_participants(
    event, tmp_path, empty_database
):
    people = {ParticipantFactory(event=event).email for _ in range(3)}
    dump = _run(
        "backup.sh",
        str(tmp_path / "backups"),
        DATABASE_URL=_url(connection.settings_dict["NAME"]),
        MEDIA_ROOT=str(tmp_path / "no-media"),
    )
    assert Path(dump).stat().st_size > 0
    _run("restore.sh", dump, empty_database)
    with psycopg.connect(empty_database) as restored:
        emails = {row[0] for row in restored.execute("SELECT email FROM participants_participant")}
        slugs = {row[0] for row in restored.execute("SELECT slug FROM events_event")}
    assert emails == people
    assert slugs == {event.slug}
