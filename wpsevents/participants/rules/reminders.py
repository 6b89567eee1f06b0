"""Reminders the day before each day of an event, and the livestream link on each morning."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from wpsevents.events.models import LOCAL_TZ, Event

from ..mail.queue import queue_emails
from ..models import OutgoingEmail, Participant
from .locking import lock_event

# Phnom Penh times from which each is sent: the reminder the afternoon before the day, so that
# it is read that evening; the livestream link early on the day itself.
REMINDER_FROM = time(9)
LIVESTREAM_FROM = time(6)
Kind = OutgoingEmail.Kind


def send_due_reminders(*, now: datetime) -> int:
    """Queue every reminder and livestream link due at `now`; return how many were queued.

    Each person gets each at most once a day of the event, however often this runs: what was
    queued is recorded (the email's kind and day) under the event's lock, and the database
    refuses a second one.
    """
    queued = 0
    soon = Event.objects.published().filter(ends_at__gt=now, starts_at__lt=now + timedelta(days=2))
    for event in soon:
        for number, day in enumerate(event.days(), start=1):
            if _within(now, day - timedelta(days=1), REMINDER_FROM, day):
                queued += _queue(event, number, Kind.REMINDER, Participant.AttendanceMode.IN_PERSON)
            if event.livestream_url and _within(now, day, LIVESTREAM_FROM, day + timedelta(days=1)):
                queued += _queue(event, number, Kind.LIVESTREAM, Participant.AttendanceMode.ONLINE)
    return queued


def _within(now: datetime, first_day: date, from_time: time, until_day: date) -> bool:
    """Whether `now` is from `from_time` on `first_day` to the start of `until_day`, locally."""
    start = datetime.combine(first_day, from_time, LOCAL_TZ)
    return start <= now < datetime.combine(until_day, time.min, LOCAL_TZ)


@transaction.atomic
def _queue(event: Event, number: int, kind: str, mode: str) -> int:
    """Queue `kind` for day `number` to the confirmed people of `mode` who have not had it."""
    event = lock_event(event)
    had_it = OutgoingEmail.objects.filter(participant=OuterRef("pk"), kind=kind, day=number)
    people = (
        Participant.objects.filter(
            event=event, status=Participant.Status.CONFIRMED, attendance_mode=mode
        )
        .attending_day(number)
        .exclude(Exists(had_it))
    )
    return queue_emails(people, kind, day=number)
