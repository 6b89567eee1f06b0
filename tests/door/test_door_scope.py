"""Door staff reach only the events open at the door: held today, or opened for a trial."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory
from tests.signin import sign_in_fully
from wpsevents.events.models import Event
from wpsevents.participants import rules
from wpsevents.participants.models import CheckIn


def _today_event(**fields) -> Event:
    now = timezone.localtime()
    return EventFactory(
        starts_at=now.replace(hour=0, minute=1), ends_at=now.replace(hour=23, minute=59), **fields
    )


def _past_event() -> Event:
    starts = timezone.now() - timedelta(days=10)
    return EventFactory(starts_at=starts, ends_at=starts + timedelta(days=1, hours=8))


CLOSED_EVENTS = {
    "past": _past_event,
    "unpublished today": lambda: _today_event(is_published=False),
    "another day": EventFactory,  # published, weeks ahead
}


@pytest.fixture(params=CLOSED_EVENTS, ids=list(CLOSED_EVENTS))
def outsider(request, db):
    """A confirmed participant of an event that is not open at the door."""
    return ParticipantFactory(
        event=CLOSED_EVENTS[request.param](),
        given_name="Outsider",
        family_name="Elsewhere",
        email="outsider@example.org",
    )


@pytest.fixture
def today(db):
    """A published event held today."""
    return _today_event(is_featured=True)


def _url(participant) -> str:
    return reverse("checkin:participant", kwargs={"reference": participant.reference})


def _search(client, query, **params) -> str:
    return client.get("/checkin/", {"q": query, **params}).content.decode()


@pytest.mark.parametrize(
    "query", ["Outsider", "outsider@example.org", "reference", "reference without prefix"]
)
def test_door_search_never_finds_a_participant_of_a_closed_event(
    door_client, today, outsider, query
):
    if query.startswith("reference"):
        query = outsider.reference.removeprefix("WPS-" if "without" in query else "")
    ParticipantFactory(event=today, given_name="Outsider")  # a namesake at today's event
    content = _search(door_client, query)
    assert f"/checkin/{outsider.reference}/" not in content
    assert "Elsewhere" not in content


def test_door_page_of_a_participant_of_a_closed_event_is_not_found(door_client, today, outsider):
    assert door_client.get(_url(outsider)).status_code == 404


def test_door_check_in_for_a_closed_event_is_refused_and_stores_nothing(door_client, outsider):
    response = door_client.post(_url(outsider), {"day": 1, "action": "check_in"})
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_door_undo_for_a_closed_event_is_refused_and_keeps_the_checkin(door_client, outsider):
    CheckIn.objects.create(participant=outsider, day=1)
    response = door_client.post(_url(outsider), {"day": 1, "action": "undo"})
    assert response.status_code == 404
    assert CheckIn.objects.live().count() == 1


def test_door_rules_refuse_a_participant_of_a_closed_event(outsider):
    with pytest.raises(ValidationError) as refused:
        rules.check_in(participant=outsider, day=1)
    assert refused.value.code == "checkin_closed"
    assert not CheckIn.objects.exists()
    CheckIn.objects.create(participant=outsider, day=1)
    with pytest.raises(ValidationError) as refused:
        rules.undo_check_in(participant=outsider, day=1)
    assert refused.value.code == "checkin_closed"
    assert CheckIn.objects.live().count() == 1


def test_door_works_for_todays_published_event(door_client, door_staff, today):
    person = ParticipantFactory(event=today, given_name="Sokha", email="sokha@example.org")
    assert f"/checkin/{person.reference}/" in _search(door_client, "sokha@example.org")
    assert door_client.get(_url(person)).status_code == 200
    response = door_client.post(_url(person), {"day": 1, "action": "check_in"}, follow=True)
    assert "Checked in for Day 1." in response.content.decode()
    assert CheckIn.objects.get(participant=person).checked_in_by == door_staff


def test_door_opens_for_a_trial_when_an_organiser_ticks_check_in_open(door_client, organiser):
    later = EventFactory()  # published, weeks ahead
    person = ParticipantFactory(event=later)
    assert door_client.get(_url(person)).status_code == 404
    organiser_client = Client()
    sign_in_fully(organiser_client, organiser)
    form = organiser_client.get(reverse("admin:events_event_change", args=[later.pk]))
    assert 'name="is_checkin_open"' in form.content.decode()
    assert "Check-in open" in form.content.decode()
    Event.objects.filter(pk=later.pk).update(is_checkin_open=True)
    assert door_client.get(_url(person)).status_code == 200
    door_client.post(_url(person), {"day": 1, "action": "check_in"})
    assert CheckIn.objects.live().filter(participant=person).exists()


def test_door_trial_works_for_an_unpublished_event(door_client):
    person = ParticipantFactory(event=EventFactory(is_published=False, is_checkin_open=True))
    assert door_client.get(_url(person)).status_code == 200


def test_door_says_when_no_event_is_open(door_client, outsider):
    content = _search(door_client, "Outsider")
    assert "No event is open for check-in today." in content
    assert 'name="q"' not in content


def test_door_search_by_email_matches_only_within_the_chosen_event(door_client, today):
    trial = EventFactory(is_checkin_open=True, title="Rehearsal")
    here = ParticipantFactory(event=today, email="same@example.org")
    there = ParticipantFactory(event=trial, email="same@example.org")
    content = _search(door_client, "same@example.org")
    assert here.reference in content and there.reference not in content
    content = _search(door_client, "same@example.org", event=trial.slug)
    assert there.reference in content and here.reference not in content


def test_door_search_lets_staff_pick_among_the_open_events(door_client, today):
    EventFactory(is_checkin_open=True, title="Rehearsal")
    content = _search(door_client, "")
    assert '<select id="checkin-event"' in content
    assert today.title in content and "Rehearsal" in content


def test_door_search_names_the_one_open_event(door_client, today):
    content = _search(door_client, "")
    assert f"Event: {today.title}" in content
    assert "<select" not in content


def test_door_search_with_an_unknown_event_searches_the_first_open_one(door_client, today):
    person = ParticipantFactory(event=today, given_name="Sokha")
    assert person.reference in _search(door_client, "Sokha", event="no-such-event")


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_door_search_query_count_does_not_grow_with_open_events(door_client, today):
    ParticipantFactory(event=today, given_name="Sokha")
    _queries(door_client, "/checkin/?q=Sokha")
    one = _queries(door_client, "/checkin/?q=Sokha")
    EventFactory.create_batch(3, is_checkin_open=True)
    assert _queries(door_client, "/checkin/?q=Sokha") == one
