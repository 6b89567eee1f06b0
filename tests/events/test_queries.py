"""The event page and the programme cost the same few queries, however long the programme."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from tests.factories import EventFactory, ResourceFactory, SessionFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 5


def _add_sessions(event, count: int) -> None:
    """Sessions across both days, every other one with two resources of its own."""
    existing = event.sessions.count()
    for n in range(existing, existing + count):
        starts = event.starts_at + timedelta(days=n % 2, minutes=10 * (n // 2))
        session = SessionFactory(
            event=event, starts_at=starts, ends_at=starts + timedelta(minutes=10)
        )
        if n % 2 == 0:
            ResourceFactory.create_batch(2, event=event, session=session, is_key=n % 4 == 0)


def _queries_for(client, url: str, django_assert_max_num_queries) -> int:
    cache.clear()  # the page cache would hide the queries
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["", "programme/", "resources/"])
def test_queries_stay_the_same_with_3_or_60_sessions(client, page, django_assert_max_num_queries):
    event = EventFactory(capacity=100)
    url = f"/events/{event.slug}/{page}"
    _add_sessions(event, 3)
    with_three = _queries_for(client, url, django_assert_max_num_queries)
    _add_sessions(event, 57)
    assert event.sessions.count() == 60
    with_sixty = _queries_for(client, url, django_assert_max_num_queries)
    assert with_sixty == with_three


def test_queries_for_a_logged_in_organiser_stay_bounded(
    organiser_client, django_assert_max_num_queries
):
    event = EventFactory()
    _add_sessions(event, 60)
    # Logged in: no page cache, plus the session and the user.
    with django_assert_max_num_queries(MAX_QUERIES + 2):
        organiser_client.get(f"/events/{event.slug}/programme/")
