"""A registration that waits too long for the event's lock gets "busy, try again", not a hang."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from tests.participants.helpers import form_post
from wpsevents.events.models import Event
from wpsevents.participants.models import Participant

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="lock_timeout is PostgreSQL's"),
]


def _hold_event_lock(event, locked: threading.Event, release: threading.Event):
    """Lock the event row in another connection, as a slow registration would."""
    try:
        with transaction.atomic():
            Event.objects.select_for_update().get(pk=event.pk)
            locked.set()
            release.wait(timeout=30)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_register_while_the_event_is_locked_shows_the_busy_page(client, event):
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_event_lock, args=(event, locked, release))
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        response = client.post(
            reverse("participants:register", kwargs={"slug": event.slug}), form_post()
        )
    finally:
        release.set()
        holder.join()
    assert response.status_code == 503
    assert "Busy, please try again" in response.content.decode()
    assert Participant.objects.count() == 0
    # The same server, on the same database connection, registers the next try.
    again = client.post(
        reverse("participants:register", kwargs={"slug": event.slug}),
        form_post(email="again@example.org"),
    )
    assert again.status_code == 302
    assert list(Participant.objects.values_list("email", flat=True)) == ["again@example.org"]


@pytest.mark.django_db(transaction=True)
def test_register_after_the_lock_is_released_succeeds(client, event):
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")
    response = client.post(
        reverse("participants:register", kwargs={"slug": event.slug}), form_post()
    )
    assert response.status_code == 302
    assert Participant.objects.count() == 1
