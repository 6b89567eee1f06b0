"""The calendar file: the event and every session, at the right time in Phnom Penh."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db

STARTS = datetime(2031, 12, 14, 1, 0, tzinfo=UTC)  # 08:00 in Phnom Penh


@pytest.fixture
def event():
    event = EventFactory(
        title="WPS localisation workshop",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(days=1, hours=4, minutes=30),
        venue_name="Sokha Hotel",
        venue_address="Phnom Penh",
    )
    SessionFactory(
        event=event,
        title="Opening ceremony",
        starts_at=STARTS + timedelta(minutes=30),
        ends_at=STARTS + timedelta(minutes=90),
        room="Main hall",
    )
    SessionFactory(
        event=event,
        title="Working group A",
        starts_at=STARTS + timedelta(days=1, hours=1),
        ends_at=STARTS + timedelta(days=1, hours=2, minutes=30),
        room="Room A",
    )
    return event


def _calendar(client, event):
    response = client.get(f"/events/{event.slug}/calendar.ics")
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def test_calendar_is_served_as_a_calendar_file(client, event):
    response, _parsed = _calendar(client, event)
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]


def test_calendar_has_the_event_and_one_entry_per_session(client, event):
    _response, calendar = _calendar(client, event)
    summaries = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]
    assert summaries == ["WPS localisation workshop", "Opening ceremony", "Working group A"]


def test_calendar_times_are_in_phnom_penh(client, event):
    _response, calendar = _calendar(client, event)
    workshop, opening, group = calendar.walk("VEVENT")
    assert workshop.decoded("DTSTART") == STARTS
    assert workshop.decoded("DTEND") == event.ends_at
    assert opening.decoded("DTSTART") == STARTS + timedelta(minutes=30)
    assert group.decoded("DTEND") == STARTS + timedelta(days=1, hours=2, minutes=30)
    start = opening.decoded("DTSTART")
    assert (start.hour, start.minute) == (8, 30)
    assert opening["DTSTART"].params["TZID"] == "Asia/Phnom_Penh"


def test_calendar_carries_its_time_zone(client, event):
    _response, calendar = _calendar(client, event)
    zones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Phnom_Penh"]


def test_calendar_entries_have_place_link_and_unique_ids(client, event):
    _response, calendar = _calendar(client, event)
    workshop, opening, group = calendar.walk("VEVENT")
    assert str(workshop["LOCATION"]) == "Sokha Hotel, Phnom Penh"
    assert str(opening["LOCATION"]) == "Main hall, Sokha Hotel"
    assert str(group["URL"]) == f"https://events.example.org/events/{event.slug}/"
    uids = {str(vevent["UID"]) for vevent in (workshop, opening, group)}
    assert len(uids) == 3
    assert all(uid.endswith("@events.example.org") for uid in uids)


def test_calendar_of_an_event_without_programme_has_one_entry(client):
    _response, calendar = _calendar(client, EventFactory())
    assert len(calendar.walk("VEVENT")) == 1


@pytest.mark.django_db(transaction=True)  # the edit drops cached pages as it commits
def test_calendar_shows_an_organisers_edit_at_once(client, event):
    _calendar(client, event)  # made and kept
    opening = event.sessions.get(title="Opening ceremony")
    opening.title = "Opening ceremony and welcome"
    opening.save()
    _response, calendar = _calendar(client, event)
    summaries = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]
    assert "Opening ceremony and welcome" in summaries


def test_calendar_is_kept_for_each_language(client, event):
    opening = event.sessions.get(title="Opening ceremony")
    opening.title_km = "ពិធីបើក"
    opening.save()
    _calendar(client, event)
    khmer = Calendar.from_ical(client.get(f"/km/events/{event.slug}/calendar.ics").content)
    assert "ពិធីបើក" in [str(vevent["SUMMARY"]) for vevent in khmer.walk("VEVENT")]
    _response, english = _calendar(client, event)
    assert "Opening ceremony" in [str(vevent["SUMMARY"]) for vevent in english.walk("VEVENT")]
