"""Two app servers against one PostgreSQL: 40 people at once for 10 seats never overbook.

The same crowd as scripts/two_servers_check.py (which also checks the shared rate limits,
sessions and check-ins against Redis), run against the test database.
"""

import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.factories import EventFactory
from wpsevents.participants.models import Participant

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import harness  # noqa: E402
import two_servers_check  # noqa: E402

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def two_servers(tmp_path):
    """Two gunicorn instances, production settings, on the test database."""
    env = harness.production_env(_database_url(), CACHE_URL="locmemcache://")
    env = harness.collect_static(env, tmp_path / "static")
    ports = [harness.free_port(), harness.free_port()]
    processes = [harness.start_gunicorn(port, env, tmp_path / "gunicorn.log") for port in ports]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for process in processes:
        harness.stop(process)


@pytest.mark.django_db(transaction=True)
def test_two_servers_give_ten_seats_to_exactly_ten_of_forty(two_servers):
    EventFactory(slug=two_servers_check.SLUG, capacity=two_servers_check.SEATS)
    statuses = two_servers_check.register_crowd(two_servers)
    assert statuses == [302] * two_servers_check.PEOPLE
    assert Participant.objects.filter(status="confirmed").count() == 10
    assert Participant.objects.filter(status="waitlisted").count() == 30
