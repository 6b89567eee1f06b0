"""The calendar file: each day of the event and every session, at the right time in Phnom Penh."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.events.html import form_data, text
from tests.factories import EventFactory, SessionFactory
from wpsevents.events.calendar import calendar_for
from wpsevents.events.models import Session

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


def _summaries(calendar) -> list[str]:
    return [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]


def test_calendar_has_one_entry_per_day_and_per_session(client, event):
    _response, calendar = _calendar(client, event)
    assert _summaries(calendar) == [
        "WPS localisation workshop, day 1",
        "WPS localisation workshop, day 2",
        "Opening ceremony",
        "Working group A",
    ]


def test_calendar_times_are_in_phnom_penh(client, event):
    _response, calendar = _calendar(client, event)
    day_1, day_2, opening, group = calendar.walk("VEVENT")
    assert day_1.decoded("DTSTART") == STARTS
    assert day_2.decoded("DTEND") == event.ends_at
    assert opening.decoded("DTSTART") == STARTS + timedelta(minutes=30)
    assert group.decoded("DTEND") == STARTS + timedelta(days=1, hours=2, minutes=30)
    start = opening.decoded("DTSTART")
    assert (start.hour, start.minute) == (8, 30)
    assert opening["DTSTART"].params["TZID"] == "Asia/Phnom_Penh"


def test_each_day_runs_from_its_first_session_to_its_last(client, event):
    _response, calendar = _calendar(client, event)
    day_1, day_2, _opening, _group = calendar.walk("VEVENT")
    # Day 1 starts with the event and ends with its last session; day 2 starts with its first
    # session and ends with the event.
    assert day_1.decoded("DTEND") == STARTS + timedelta(minutes=90)
    assert day_2.decoded("DTSTART") == STARTS + timedelta(days=1, hours=1)


def test_calendar_carries_its_time_zone(client, event):
    _response, calendar = _calendar(client, event)
    zones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Phnom_Penh"]


def test_calendar_entries_have_place_link_and_unique_ids(client, event):
    _response, calendar = _calendar(client, event)
    day_1, day_2, opening, group = calendar.walk("VEVENT")
    assert str(day_1["LOCATION"]) == str(day_2["LOCATION"]) == "Sokha Hotel, Phnom Penh"
    assert str(opening["LOCATION"]) == "Main hall, Sokha Hotel"
    assert str(group["URL"]) == f"https://events.example.org/events/{event.slug}/"
    uids = [str(vevent["UID"]) for vevent in (day_1, day_2, opening, group)]
    assert len(set(uids)) == 4
    assert all(uid.endswith("@events.example.org") for uid in uids)
    # The first day keeps the UID the event had as a single entry.
    assert uids[0] == f"event-{event.pk}@events.example.org"


def test_calendar_is_published_rather_than_an_invitation(client, event):
    _response, calendar = _calendar(client, event)
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_calendar_of_an_event_without_programme_has_one_entry_per_day(client):
    event = EventFactory()
    _response, calendar = _calendar(client, event)
    day_1, day_2 = calendar.walk("VEVENT")
    assert day_1.decoded("DTSTART") == event.starts_at
    assert day_2.decoded("DTEND") == event.ends_at


def test_calendar_of_a_one_day_event_is_one_entry_with_the_events_title(client):
    starts = STARTS + timedelta(days=3)
    event = EventFactory(title="Briefing", starts_at=starts, ends_at=starts + timedelta(hours=3))
    _response, calendar = _calendar(client, event)
    assert _summaries(calendar) == ["Briefing"]


def test_a_day_without_sessions_or_hours_of_its_own_is_an_all_day_entry(client):
    # Three days, ending earlier in the day (07:00) than they start (08:00).
    event = EventFactory(starts_at=STARTS, ends_at=STARTS + timedelta(days=2, hours=-1))
    _response, calendar = _calendar(client, event)
    _first, middle, _last = calendar.walk("VEVENT")
    assert middle.decoded("DTSTART") == (STARTS + timedelta(days=1)).date()
    assert middle.decoded("DTEND") == (STARTS + timedelta(days=2)).date()


def test_a_calendar_of_chosen_days_has_only_those_days_and_their_sessions(event):
    calendar = Calendar.from_ical(calendar_for(event, days=[2]))
    assert _summaries(calendar) == ["WPS localisation workshop, day 2", "Working group A"]


def test_a_calendar_of_a_chosen_working_group_leaves_the_parallel_ones_out(event):
    starts = STARTS + timedelta(days=1, hours=1)
    groups = [
        SessionFactory(
            event=event,
            title=f"Group {letter}",
            kind=Session.Kind.WORKING_GROUP,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
        )
        for letter in "BC"
    ]
    summaries = _summaries(Calendar.from_ical(calendar_for(event, working_groups=[groups[1].pk])))
    assert "Group C" in summaries
    assert "Group B" not in summaries
    assert "Working group A" in summaries  # a plenary, for everyone
    none_chosen = _summaries(Calendar.from_ical(calendar_for(event, working_groups=[])))
    assert not {"Group B", "Group C"} & set(none_chosen)


@pytest.mark.django_db(transaction=True)  # the edit drops cached pages as it commits
def test_calendar_shows_an_organisers_edit_at_once(client, event):
    _calendar(client, event)  # made and kept
    opening = event.sessions.get(title="Opening ceremony")
    opening.title = "Opening ceremony and welcome"
    opening.save()
    _response, calendar = _calendar(client, event)
    assert "Opening ceremony and welcome" in _summaries(calendar)


def test_calendar_is_kept_for_each_language(client, event):
    opening = event.sessions.get(title="Opening ceremony")
    opening.title_km = "ពិធីបើក"
    opening.save()
    _calendar(client, event)
    khmer = Calendar.from_ical(client.get(f"/km/events/{event.slug}/calendar.ics").content)
    assert "ពិធីបើក" in _summaries(khmer)
    assert f"{event.title} ថ្ងៃទី២" in _summaries(khmer)
    _response, english = _calendar(client, event)
    assert "Opening ceremony" in _summaries(english)


def _sequences(client, event) -> dict[str, int]:
    _response, calendar = _calendar(client, event)
    return {str(vevent["UID"]): int(vevent["SEQUENCE"]) for vevent in calendar.walk("VEVENT")}


@pytest.mark.django_db(transaction=True)  # the edits drop cached pages as they commit
def test_moving_a_session_raises_the_sequence_and_keeps_the_uids(client, event):
    before = _sequences(client, event)
    opening = event.sessions.get(title="Opening ceremony")
    opening.starts_at += timedelta(minutes=15)
    opening.save()
    after = _sequences(client, event)
    assert after.keys() == before.keys()
    assert all(after[uid] > before[uid] for uid in before)


@pytest.mark.django_db(transaction=True)
def test_the_sequence_stays_while_nothing_moves(client, event):
    before = _sequences(client, event)
    opening = event.sessions.get(title="Opening ceremony")
    opening.title = "Opening ceremony and welcome"
    opening.save()
    event.refresh_from_db()
    event.capacity = 30
    event.save()
    assert _sequences(client, event) == before


@pytest.mark.django_db(transaction=True)
def test_moving_the_event_or_its_venue_raises_the_sequence(client, event):
    first = _sequences(client, event)
    event.venue_name = "Raffles Hotel"
    event.save()
    second = _sequences(client, event)
    assert all(second[uid] > first[uid] for uid in first)
    stale = type(event).objects.get(pk=event.pk)  # read before a session moves
    SessionFactory(event=event, title="Closing", starts_at=event.ends_at - timedelta(hours=1))
    stale.ends_at += timedelta(hours=1)
    stale.save()
    third = _sequences(client, stale)
    assert all(third[uid] > second[uid] for uid in second)


@pytest.mark.django_db(transaction=True)
def test_an_organiser_moving_a_session_in_the_admin_raises_the_sequence(superuser_client, event):
    before = _sequences(superuser_client, event)
    url = reverse("admin:events_event_change", args=[event.pk])
    sent = form_data(text(superuser_client.get(url)), "event_form")
    assert ("sessions-0-title_en", "Opening ceremony") in sent
    moved = {"sessions-0-starts_at_1": "08:45:00", "sessions-0-ends_at_1": "09:45:00"}
    data = [(name, moved.get(name, value)) for name, value in sent]
    response = superuser_client.post(
        url, urlencode(data), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302, text(response)[:2000]
    after = _sequences(superuser_client, event)
    assert after.keys() == before.keys()
    assert all(after[uid] > before[uid] for uid in before)
    unchanged = form_data(text(superuser_client.get(url)), "event_form")
    superuser_client.post(
        url, urlencode(unchanged), content_type="application/x-www-form-urlencoded"
    )
    assert _sequences(superuser_client, event) == after  # saving without a move raises nothing
