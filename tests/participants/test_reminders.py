"""Reminders the day before each day, and the livestream link each morning, sent once each."""

import threading
from datetime import datetime
from email import message_from_bytes
from email.header import decode_header, make_header
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from icalendar import Calendar

from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from wpsevents.events.models import LOCAL_TZ
from wpsevents.participants.models import OutgoingEmail, Participant
from wpsevents.participants.rules import send_due_reminders

pytestmark = pytest.mark.django_db
Status, Mode, Days = Participant.Status, Participant.AttendanceMode, Participant.Days


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in Phnom Penh in January 2027; the workshop is on the 13th and 14th."""
    return datetime(2027, 1, day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def workshop(db):
    """A two-day workshop, 13–14 January 2027, whose first session starts at 08:30."""
    event = EventFactory(
        title="WPS workshop",
        title_km="សិក្ខាសាលា WPS",
        starts_at=local(13, 8),
        ends_at=local(14, 17),
        livestream_url="https://stream.example.org/wps",
    )
    SessionFactory(event=event, title="Opening", starts_at=local(13, 8, 30), ends_at=local(13, 9))
    return event


@pytest.fixture
def people(workshop):
    """Everyone the reminders must choose between."""

    def person(name: str, **fields) -> Participant:
        return ParticipantFactory(event=workshop, email=f"{name}@example.org", **fields)

    return {
        "both": person("both"),
        "day1-km": person("day1-km", days=Days.DAY_1, language="km"),
        "day2": person("day2", days=Days.DAY_2),
        "online": person("online", attendance_mode=Mode.ONLINE),
        "online-day2": person("online-day2", attendance_mode=Mode.ONLINE, days=Days.DAY_2),
        "waiting": person("waiting", status=Status.WAITLISTED, confirmed_at=None),
        "cancelled": person("cancelled", status=Status.CANCELLED),
        "pending": person("pending", status=Status.PENDING, confirmed_at=None),
    }


def run_reminders(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def received(smtp_server) -> dict[str, object]:
    """The messages the SMTP server received, by the recipient's name."""
    return {
        envelope.rcpt_tos[0].split("@")[0]: message_from_bytes(envelope.content)
        for envelope in smtp_server.messages
    }


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode()
    raise AssertionError("no plain text part")


def attachments(message) -> dict[str, bytes]:
    return {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if part.get_filename()
    }


def test_reminders_go_the_day_before_to_those_coming_in_person_that_day_once(
    people, smtp_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(local(12, 10), tick=False):
        output = run_reminders(django_capture_on_commit_callbacks)
        again = run_reminders(django_capture_on_commit_callbacks)
    assert output.startswith("2 reminders")
    assert again.startswith("0 reminders")
    inbox = received(smtp_server)
    assert sorted(inbox) == ["both", "day1-km"]
    english, khmer = inbox["both"], inbox["day1-km"]
    assert subject(english) == "See you tomorrow: WPS workshop"
    body = text_of(english)
    assert "tomorrow, 13 January 2027, for day 1 of the event" in body
    assert "The programme starts at 08:30 (Phnom Penh time)" in body
    assert "Show the QR code in this email at the door" in body
    qr_code, calendar = f"{people['both'].reference}.png", f"{people['both'].event.slug}.ics"
    assert sorted(attachments(english)) == sorted([qr_code, calendar])
    assert "សិក្ខាសាលា WPS" in subject(khmer)
    assert "See you tomorrow" not in subject(khmer)
    assert "tomorrow" not in text_of(khmer)
    kinds = OutgoingEmail.objects.values_list("kind", "day", "status")
    assert sorted(kinds) == [("reminder", 1, "sent")] * 2


def test_no_reminder_before_nine_the_day_before(
    people, smtp_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(local(12, 8, 59), tick=False):
        assert run_reminders(django_capture_on_commit_callbacks).startswith("0 reminders")
    assert smtp_server.messages == []


def test_the_second_days_reminder_goes_on_the_first_day_to_its_people(
    people, smtp_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(local(12, 10), tick=False):
        run_reminders(django_capture_on_commit_callbacks)
    with time_machine.travel(local(13, 18), tick=False):
        run_reminders(django_capture_on_commit_callbacks)
        run_reminders(django_capture_on_commit_callbacks)
    reminders = OutgoingEmail.objects.filter(kind="reminder")
    by_day = sorted((email.participant.email.split("@")[0], email.day) for email in reminders)
    assert by_day == [("both", 1), ("both", 2), ("day1-km", 1), ("day2", 2)]
    recipients = sorted(envelope.rcpt_tos[0] for envelope in smtp_server.messages)
    # and on the day itself, the day's livestream link to the one following day 1 online
    assert recipients == [
        f"{name}@example.org" for name in ("both", "both", "day1-km", "day2", "online")
    ]


def test_online_people_get_the_livestream_link_each_morning_once(
    people, smtp_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(local(13, 6, 30), tick=False):
        run_reminders(django_capture_on_commit_callbacks)
        run_reminders(django_capture_on_commit_callbacks)
    inbox = received(smtp_server)
    assert sorted(inbox) == ["online"]
    message = inbox["online"]
    assert subject(message) == "Follow today online: WPS workshop"
    body = text_of(message)
    assert "Today, 13 January 2027, is day 1 of the event" in body
    assert "https://stream.example.org/wps" in body
    assert "QR code" not in body
    with time_machine.travel(local(14, 7), tick=False):
        run_reminders(django_capture_on_commit_callbacks)
        run_reminders(django_capture_on_commit_callbacks)
    assert sorted(received(smtp_server)) == ["online", "online-day2"]
    assert len(smtp_server.messages) == 3  # "online" twice: once each morning
    assert OutgoingEmail.objects.filter(kind="livestream").count() == 3


def test_the_livestream_link_waits_until_the_event_has_one(
    people, workshop, smtp_server, django_capture_on_commit_callbacks
):
    workshop.livestream_url = ""
    workshop.save()
    with time_machine.travel(local(13, 7), tick=False):
        assert run_reminders(django_capture_on_commit_callbacks).startswith("0 reminders")
    workshop.livestream_url = "https://stream.example.org/wps"
    workshop.save()
    with time_machine.travel(local(13, 8), tick=False):
        assert run_reminders(django_capture_on_commit_callbacks).startswith("1 reminders")


def test_nothing_is_sent_for_an_unpublished_or_finished_event(
    people, workshop, django_capture_on_commit_callbacks
):
    with time_machine.travel(local(14, 18), tick=False):
        assert run_reminders(django_capture_on_commit_callbacks).startswith("0 reminders")
    workshop.is_published = False
    workshop.save()
    with time_machine.travel(local(12, 10), tick=False):
        assert run_reminders(django_capture_on_commit_callbacks).startswith("0 reminders")


def test_the_database_refuses_a_second_reminder_for_the_same_day(participant):
    first = OutgoingEmail.objects.create(
        participant=participant, kind="reminder", recipient=participant.email, day=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingEmail.objects.create(
            participant=participant, kind="reminder", recipient=participant.email, day=1
        )
    assert OutgoingEmail.objects.get() == first


def test_the_reminders_calendar_is_the_persons_own(
    people, smtp_server, django_capture_on_commit_callbacks
):
    with time_machine.travel(local(12, 10), tick=False):
        run_reminders(django_capture_on_commit_callbacks)
    files = attachments(received(smtp_server)["day1-km"])
    (ics,) = [content for name, content in files.items() if name.endswith(".ics")]
    summaries = [str(entry["summary"]) for entry in Calendar.from_ical(ics).walk("VEVENT")]
    assert "Opening" in summaries
    assert len([s for s in summaries if "WPS" in s]) == 1  # day 1 only


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_servers_sending_reminders_at_once_send_each_once():
    event = EventFactory(starts_at=local(13, 8), ends_at=local(14, 17))
    ParticipantFactory.create_batch(20, event=event)
    barrier, errors, counts = threading.Barrier(2), [], []

    def send():
        try:
            barrier.wait()
            counts.append(send_due_reminders(now=local(12, 10)))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(counts) == [0, 20]
    assert OutgoingEmail.objects.filter(kind="reminder", day=1).count() == 20
