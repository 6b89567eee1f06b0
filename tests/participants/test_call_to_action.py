"""The cached event page's call to action follows the seats: full, then free again."""

import pytest

from tests.factories import ParticipantFactory, registration_data
from wpsevents.events.cache import content_version
from wpsevents.participants import rules


def register(event, email, **overrides):
    data = registration_data(email=email, **overrides)
    return rules.register_participant(event=event, data=data).participant


def page(client, event):
    return client.get(event.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)  # the edit drops cached pages as it commits
def test_event_page_turns_to_the_waitlist_when_the_last_seat_goes(client, event):
    ParticipantFactory.create_batch(9, event=event)
    assert "Register now" in page(client, event)
    register(event, "last-seat@example.org")
    assert "Join the waitlist" in page(client, event)


@pytest.mark.django_db(transaction=True)  # the edit drops cached pages as it commits
def test_event_page_opens_again_when_a_seat_comes_free(client, event):
    ParticipantFactory.create_batch(9, event=event)
    last = register(event, "last-seat@example.org")
    assert "Join the waitlist" in page(client, event)
    rules.cancel_registration(participant=last)
    assert "Register now" in page(client, event)


def test_waitlisted_and_online_registrations_keep_the_cached_pages(client, event):
    ParticipantFactory.create_batch(10, event=event)
    page(client, event)
    version = content_version()
    register(event, "waiting@example.org")
    register(event, "online@example.org", attendance_mode="online")
    assert content_version() == version


def test_promotion_keeps_the_event_full(client, event):
    ParticipantFactory.create_batch(9, event=event)
    holder = register(event, "holder@example.org")
    register(event, "waiting@example.org")
    rules.cancel_registration(participant=holder)
    assert "Join the waitlist" in page(client, event)
