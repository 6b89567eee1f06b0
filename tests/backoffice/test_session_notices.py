"""An organiser moves or cancels a session: the people it concerns are told once, if chosen."""

import re
from datetime import datetime
from email import message_from_bytes
from email.header import decode_header, make_header
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.events.html import form_data
from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from wpsevents.events.models import LOCAL_TZ, Session
from wpsevents.participants.calendar import calendar_of
from wpsevents.participants.models import OutgoingEmail, Participant

pytestmark = pytest.mark.django_db
Days, Status, Mode = Participant.Days, Participant.Status, Participant.AttendanceMode


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 1, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def workshop(db):
    return EventFactory(
        title="WPS workshop",
        title_km="សិក្ខាសាលា WPS",
        starts_at=local(13, 8),
        ends_at=local(14, 17),
        capacity=3,  # taken: nobody waiting is promoted when a working group goes
    )


@pytest.fixture
def panel(workshop):
    """A panel on day 1, 10:00–11:00 in Room A."""
    return SessionFactory(
        event=workshop,
        title="Panel on protection",
        title_km="កិច្ចពិភាក្សាស្តីពីការការពារ",
        starts_at=local(13, 10),
        ends_at=local(13, 11),
        room="Room A",
    )


@pytest.fixture
def group(workshop):
    """A working group on day 2."""
    return SessionFactory(
        event=workshop,
        title="Working group on prevention",
        kind=Session.Kind.WORKING_GROUP,
        starts_at=local(14, 14),
        ends_at=local(14, 16),
        room="Room B",
    )


@pytest.fixture
def people(workshop, group):
    def person(name: str, **fields) -> Participant:
        return ParticipantFactory(event=workshop, email=f"{name}@example.org", **fields)

    return {
        "both": person("both", working_group=group),
        "day1-km": person("day1-km", days=Days.DAY_1, language="km"),
        "online-day1": person("online-day1", days=Days.DAY_1, attendance_mode=Mode.ONLINE),
        "day2": person("day2", days=Days.DAY_2),
        "waiting": person("waiting", status=Status.WAITLISTED, confirmed_at=None),
        "cancelled": person("cancelled", status=Status.CANCELLED),
        "other-event": ParticipantFactory(email="other-event@example.org"),
    }


def change_url(session) -> str:
    return reverse("admin:events_session_change", args=[session.pk])


def save_form(client, session, capture, *, notify: bool = True, **changes):
    """Open the session's form, change some fields, keep or untick the box, and save."""
    page = client.get(change_url(session)).content.decode()
    data = [(name, value) for name, value in form_data(page, "session_form")]
    data = [
        (name, value) for name, value in data if name not in changes and name != "notify_people"
    ]
    data += [*changes.items(), ("_save", "Save")]
    if notify:
        data.append(("notify_people", "on"))
    with capture(execute=True):
        return client.post(
            change_url(session),
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
            follow=True,
        )


def received(smtp_server) -> dict[str, object]:
    names = [envelope.rcpt_tos[0].split("@")[0] for envelope in smtp_server.messages]
    assert len(names) == len(set(names)), "someone was told twice"
    return {
        name: message_from_bytes(envelope.content)
        for name, envelope in zip(names, smtp_server.messages, strict=True)
    }


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode()
    raise AssertionError("no plain text part")


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def calendar_entry(message, session):
    """The session's entry in the calendar file the email carries, or None."""
    (ics,) = [
        part.get_payload(decode=True)
        for part in message.walk()
        if (part.get_filename() or "").endswith(".ics")
    ]
    uid = f"session-{session.pk}@"
    entries = Calendar.from_ical(ics).walk("VEVENT")
    return next((entry for entry in entries if str(entry["uid"]).startswith(uid)), None)


def test_the_form_says_how_many_people_a_move_would_tell(organiser_client, panel, people):
    page = organiser_client.get(change_url(panel)).content.decode()
    assert "3 people will be told if you change the time or the room" in page
    assert (
        'name="notify_people"' in page and "checked" in page.split('name="notify_people"')[1][:80]
    )


def test_moving_a_session_tells_the_people_of_its_day_once_with_the_new_time(
    organiser_client, panel, people, smtp_server, django_capture_on_commit_callbacks
):
    response = save_form(
        organiser_client, panel, django_capture_on_commit_callbacks,
        starts_at_1="15:00", ends_at_1="16:30", room_en="Room C",
    )  # fmt: skip
    assert "3 people concerned were told of the change by email." in response.content.decode()
    inbox = received(smtp_server)
    assert sorted(inbox) == ["both", "day1-km", "online-day1"]
    english = inbox["both"]
    assert subject(english) == "Programme change: WPS workshop"
    body = text_of(english)
    assert "The session “Panel on protection” has changed." in body
    assert "Before: 13 January 2027, 10:00–11:00, Room A." in body
    assert "Now: 13 January 2027, 15:00–16:30, Room C." in body
    entry = calendar_entry(english, panel)
    assert entry.decoded("dtstart") == local(13, 15)
    assert str(entry["location"]).startswith("Room C")
    khmer = inbox["day1-km"]
    assert "សិក្ខាសាលា WPS" in subject(khmer) and "Programme change" not in subject(khmer)
    assert "កិច្ចពិភាក្សាស្តីពីការការពារ" in text_of(khmer)
    assert "has changed" not in text_of(khmer)
    assert calendar_entry(khmer, panel).decoded("dtstart") == local(13, 15)
    assert OutgoingEmail.objects.filter(kind="session_changed").count() == 3


def html_of(message) -> str:
    (html,) = [part for part in message.walk() if part.get_content_type() == "text/html"]
    return html.get_payload(decode=True).decode()


def test_a_moved_session_notice_speaks_of_its_calendar_file_once(
    organiser_client, panel, people, smtp_server, django_capture_on_commit_callbacks
):
    save_form(organiser_client, panel, django_capture_on_commit_callbacks, room_en="Room C")
    inbox = received(smtp_server)
    for part in (text_of(inbox["both"]), html_of(inbox["both"])):
        assert part.count("The calendar file attached is up to date.") == 1
        assert "calendar file is attached" not in part
    khmer = text_of(inbox["day1-km"])
    assert khmer.count("ឯកសារប្រតិទិន") == 1
    assert "ឯកសារប្រតិទិនដែលភ្ជាប់មកជាមួយ ត្រូវបានធ្វើបច្ចុប្បន្នភាពហើយ។" in khmer


def test_choosing_not_to_notify_sends_nothing(
    organiser_client, panel, people, smtp_server, django_capture_on_commit_callbacks
):
    response = save_form(
        organiser_client, panel, django_capture_on_commit_callbacks, notify=False,
        starts_at_1="15:00", ends_at_1="16:00",
    )  # fmt: skip
    assert "Nobody was told of the change, as you chose." in response.content.decode()
    assert Session.objects.get(pk=panel.pk).starts_at == local(13, 15)
    assert smtp_server.messages == []
    assert not OutgoingEmail.objects.exists()


def test_a_change_of_title_only_tells_nobody(
    organiser_client, panel, people, smtp_server, django_capture_on_commit_callbacks
):
    save_form(organiser_client, panel, django_capture_on_commit_callbacks, title_en="New title")
    assert Session.objects.get(pk=panel.pk).title == "New title"
    assert smtp_server.messages == []


def test_a_session_moved_to_the_other_day_tells_the_people_of_both_days(
    organiser_client, panel, people, smtp_server, django_capture_on_commit_callbacks
):
    save_form(
        organiser_client, panel, django_capture_on_commit_callbacks,
        starts_at_0="14/01/2027", ends_at_0="14/01/2027",
    )  # fmt: skip
    assert sorted(received(smtp_server)) == ["both", "day1-km", "day2", "online-day1"]


def test_a_working_group_moved_tells_its_members_only(
    organiser_client, group, people, smtp_server, django_capture_on_commit_callbacks
):
    page = organiser_client.get(change_url(group)).content.decode()
    assert "1 person will be told if you change the time or the room" in page
    save_form(organiser_client, group, django_capture_on_commit_callbacks, room_en="Room D")
    assert sorted(received(smtp_server)) == ["both"]


def test_deleting_a_session_tells_the_people_concerned_it_is_cancelled(
    organiser_client, panel, people, smtp_server, django_capture_on_commit_callbacks
):
    url = reverse("admin:events_session_delete", args=[panel.pk])
    sequence_held = workshop_sequence(panel)
    page = organiser_client.get(url).content.decode()
    assert "3 people concerned will be told by email that the session is cancelled" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, {"post": "yes"}, follow=True)
    assert "3 people concerned were told of the change by email." in response.content.decode()
    assert not Session.objects.filter(pk=panel.pk).exists()
    inbox = received(smtp_server)
    assert sorted(inbox) == ["both", "day1-km", "online-day1"]
    body = text_of(inbox["both"])
    assert (
        "The session “Panel on protection” (13 January 2027, 10:00–11:00, Room A) has been "
        "cancelled." in body
    )
    # A calendar that imported the session takes it off: same UID, cancelled, a later revision.
    entry = calendar_entry(inbox["both"], panel)
    assert str(entry["status"]) == "CANCELLED"
    assert str(entry["summary"]) == "Panel on protection"
    assert entry.decoded("dtstart") == local(13, 10)
    assert int(entry["sequence"]) > sequence_held
    khmer = calendar_entry(inbox["day1-km"], panel)
    assert str(khmer["summary"]) == "កិច្ចពិភាក្សាស្តីពីការការពារ"
    assert str(khmer["status"]) == "CANCELLED"


def workshop_sequence(session) -> int:
    """The revision a calendar holds of the session's event, as its last email gave it."""
    session.event.refresh_from_db()
    return session.event.calendar_sequence


def test_only_the_notice_of_a_cancellation_marks_the_session_cancelled(
    organiser_client, panel, group, people, smtp_server, django_capture_on_commit_callbacks
):
    url = reverse("admin:events_session_delete", args=[group.pk])
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(url, {"post": "yes"})
    (notice,) = received(smtp_server).values()
    assert str(calendar_entry(notice, group)["status"]) == "CANCELLED"
    assert "status" not in calendar_entry(notice, panel)  # the sessions still held
    member = Participant.objects.get(email="both@example.org")
    later = Calendar.from_ical(calendar_of(member)).walk("VEVENT")
    assert [str(entry["uid"]) for entry in later if "status" in entry] == []


def test_deleting_a_session_without_telling_sends_nothing(
    organiser_client, panel, people, smtp_server, django_capture_on_commit_callbacks
):
    url = reverse("admin:events_session_delete", args=[panel.pk]) + "?notify_people=no"
    page = organiser_client.get(url).content.decode()
    assert "Nobody will be told that the session is cancelled." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, {"post": "yes"}, follow=True)
    assert "Nobody was told of the cancellation, as you chose." in response.content.decode()
    assert not Session.objects.filter(pk=panel.pk).exists()
    assert smtp_server.messages == []


def test_deleting_a_working_group_tells_its_members_before_they_leave_it(
    organiser_client, group, people, smtp_server, django_capture_on_commit_callbacks
):
    url = reverse("admin:events_session_delete", args=[group.pk])
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(url, {"post": "yes"})
    assert sorted(received(smtp_server)) == ["both"]
    assert Participant.objects.get(email="both@example.org").working_group is None


def test_deleting_several_sessions_shows_the_notices_then_sends_them(
    organiser_client, panel, group, people, smtp_server, django_capture_on_commit_callbacks
):
    changelist = reverse("admin:events_session_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [panel.pk, group.pk]}
    page = organiser_client.post(changelist, chosen).content.decode()
    assert "4 notices will be emailed to the people concerned" in page
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(changelist, {**chosen, "post": "yes"})
    recipients = sorted(envelope.rcpt_tos[0] for envelope in smtp_server.messages)
    assert recipients == [
        "both@example.org", "both@example.org", "day1-km@example.org", "online-day1@example.org"
    ]  # fmt: skip


def event_url(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def save_event_form(client, event, capture, *, notify: bool = True, **changes):
    """Open the event's page, change lines of its programme, keep or untick the box, and save."""
    page = client.get(event_url(event)).content.decode()
    data = [
        (name, value)
        for name, value in form_data(page, "event_form")
        if name not in changes and name != "notify_people"
    ]
    data += [*changes.items(), ("_save", "Save")]
    if notify:
        data.append(("notify_people", "on"))
    with capture(execute=True):
        return client.post(
            event_url(event),
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
            follow=True,
        )


def test_the_event_page_counts_who_each_session_would_tell(
    organiser_client, workshop, panel, group, people
):
    page = organiser_client.get(event_url(workshop)).content.decode()
    cells = re.findall(r'<td class="field-told_if_moved">\s*<p>(\d+)</p>', page)
    assert cells == ["3", "1"]  # the panel's day 1; the working group's member
    assert re.search(r'<input type="checkbox" name="notify_people"[^>]* checked', page)


def test_a_session_moved_in_the_events_programme_tells_its_people(
    organiser_client, workshop, panel, group, people, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    response = save_event_form(
        organiser_client, workshop, django_capture_on_commit_callbacks,
        **{"sessions-0-starts_at_1": "15:00", "sessions-0-ends_at_1": "16:00"},
    )  # fmt: skip
    assert "3 people concerned were told of the change by email." in response.content.decode()
    inbox = received(smtp_server)
    assert sorted(inbox) == ["both", "day1-km", "online-day1"]
    assert "Now: 13 January 2027, 15:00–16:00, Room A." in text_of(inbox["both"])


def test_a_session_deleted_in_the_events_programme_tells_its_people_unless_unticked(
    organiser_client, workshop, panel, group, people, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    response = save_event_form(
        organiser_client, workshop, django_capture_on_commit_callbacks, notify=False,
        **{"sessions-0-starts_at_1": "15:00", "sessions-0-ends_at_1": "16:00"},
    )  # fmt: skip
    assert "Nobody was told of the sessions moved or deleted" in response.content.decode()
    assert smtp_server.messages == []
    save_event_form(
        organiser_client, workshop, django_capture_on_commit_callbacks,
        **{"sessions-1-DELETE": "on"},
    )  # fmt: skip
    assert not Session.objects.filter(pk=group.pk).exists()
    inbox = received(smtp_server)
    assert sorted(inbox) == ["both"]
    assert "“Working group on prevention”" in text_of(inbox["both"])
    assert "has been cancelled" in text_of(inbox["both"])


def test_the_event_page_counts_in_the_same_queries_for_3_or_20_sessions(
    organiser_client, workshop, people, django_assert_max_num_queries
):
    def queries() -> int:
        with django_assert_max_num_queries(60) as captured:
            organiser_client.get(event_url(workshop))
        return len(captured)

    SessionFactory.create_batch(3, event=workshop, starts_at=local(13, 10), ends_at=local(13, 11))
    with_three = queries()
    SessionFactory.create_batch(17, event=workshop, starts_at=local(14, 9), ends_at=local(14, 10))
    assert queries() == with_three
