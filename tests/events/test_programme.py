"""The programme: sessions day by day, in order, with who speaks where and what to read."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.events.html import position, text
from tests.factories import EventFactory, ResourceFactory, SessionFactory
from wpsevents.events.models import Session

pytestmark = pytest.mark.django_db

# 14 December 2031, 08:00 in Phnom Penh (UTC+7).
DAY_ONE = datetime(2031, 12, 14, 1, 0, tzinfo=UTC)


@pytest.fixture
def two_day_event():
    return EventFactory(starts_at=DAY_ONE, ends_at=DAY_ONE + timedelta(days=1, hours=5))


def _programme(client, event):
    response = client.get(f"/events/{event.slug}/programme/")
    assert response.status_code == 200
    return text(response)


def _at(day: int, hour: int, minute: int = 0):
    return DAY_ONE + timedelta(days=day - 1, hours=hour - 8, minutes=minute)


def _session(event, title, day, hour, minute=0, **fields):
    starts = _at(day, hour, minute)
    return SessionFactory(
        event=event, title=title, starts_at=starts, ends_at=starts + timedelta(minutes=45), **fields
    )


def test_programme_groups_sessions_by_day_in_phnom_penh(client, two_day_event):
    _session(two_day_event, "Opening ceremony", 1, 8, 30)
    _session(two_day_event, "Working groups", 2, 9)
    html = _programme(client, two_day_event)
    day_one, opening, day_two, groups = position(
        html, "Day 1", "Opening ceremony", "Day 2", "Working groups"
    )
    assert day_one < opening < day_two < groups
    assert '<time datetime="2031-12-14">Sunday 14 December 2031</time>' in html
    assert '<time datetime="2031-12-15">Monday 15 December 2031</time>' in html


def test_programme_orders_sessions_by_time_whatever_the_order_they_were_added(
    client, two_day_event
):
    _session(two_day_event, "Closing ceremony", 2, 12)
    _session(two_day_event, "Lunch", 1, 12, 15)
    _session(two_day_event, "Launch of the toolkit", 1, 9, 30)
    _session(two_day_event, "Opening ceremony", 1, 8, 30)
    html = _programme(client, two_day_event)
    found = position(html, "Opening ceremony", "Launch of the toolkit", "Lunch", "Closing ceremony")
    assert found == sorted(found)


def test_programme_orders_parallel_sessions_by_their_order(client, two_day_event):
    _session(two_day_event, "Working group B", 2, 9, order=2)
    _session(two_day_event, "Working group A", 2, 9, order=1)
    html = _programme(client, two_day_event)
    group_a, group_b = position(html, "Working group A", "Working group B")
    assert group_a < group_b


def test_programme_shows_local_times_kind_room_and_speakers(client, two_day_event):
    _session(
        two_day_event,
        "Women in peacekeeping",
        1,
        13,
        30,
        kind=Session.Kind.PANEL,
        room="Main hall",
        speakers="Peacekeeping officer\nElsie Initiative assessment team",
        moderators="Ministry of National Defence",
    )
    html = _programme(client, two_day_event)
    assert '<time datetime="2031-12-14T13:30:00+07:00">13:30</time>' in html
    assert "14:15" in html
    assert "Panel" in html
    assert "Main hall" in html
    assert "Peacekeeping officer; Elsie Initiative assessment team" in html
    assert "Ministry of National Defence" in html


def test_programme_shows_each_sessions_published_resources(client, two_day_event):
    launch = _session(two_day_event, "Launch of the toolkit", 1, 9, 30)
    ResourceFactory(
        event=two_day_event,
        session=launch,
        title="Toolkit and guideline",
        url="https://example.org/toolkit",
    )
    ResourceFactory(event=two_day_event, session=launch, title="Speaker notes", is_published=False)
    html = _programme(client, two_day_event)
    session_at, resource_at = position(html, "Launch of the toolkit", "Toolkit and guideline")
    assert session_at < resource_at
    assert 'href="https://example.org/toolkit"' in html
    assert "Speaker notes" not in html


def test_programme_shows_only_this_events_sessions(client, two_day_event):
    _session(two_day_event, "Our session", 1, 9)
    SessionFactory(title="Someone else's session")
    html = _programme(client, two_day_event)
    assert "Our session" in html
    assert "Someone else&#x27;s session" not in html


def test_programme_says_when_it_is_not_published_yet(client, two_day_event):
    assert "The programme will be published soon." in _programme(client, two_day_event)


def test_programme_marks_sample_content(client, two_day_event):
    two_day_event.is_sample_content = True
    two_day_event.save()
    assert "Sample programme" in _programme(client, two_day_event)


def test_programme_keeps_a_session_descriptions_paragraphs(client, two_day_event):
    # as a browser sends a textarea: CRLF line breaks
    description = "First paragraph.\r\n\r\nSecond <b>paragraph</b>,\r\non two lines."
    _session(two_day_event, "Opening", 1, 9, description=description)
    html = _programme(client, two_day_event)
    assert "<p>First paragraph.</p>" in html
    assert "<p>Second &lt;b&gt;paragraph&lt;/b&gt;,<br>on two lines.</p>" in html
