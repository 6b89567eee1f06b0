"""Who hears of a session that moved or was cancelled, and the one notice each of them gets."""

from django.db.models import Count, QuerySet
from django.utils import translation

from wpsevents.events.calendar import cancelled_session_entry
from wpsevents.events.models import Session

from ..mail.notices import session_notice
from ..mail.queue import queue_emails
from ..models import OutgoingEmail, Participant, covers_day


def people_concerned_by(session: Session, before: Session | None = None) -> QuerySet:
    """The confirmed people a change of the session concerns.

    A working group's members; for any other session, those attending its day, and with
    `before` (the session as stored) those of the day it leaves too.
    """
    people = Participant.objects.filter(
        event_id=session.event_id, status=Participant.Status.CONFIRMED
    )
    if session.kind == Session.Kind.WORKING_GROUP:
        return people.filter(working_group_id=session.pk)
    days = session.event.days()
    numbers = {
        days.index(moment.local_day) + 1
        for moment in (session, before)
        if moment is not None and moment.local_day in days
    }
    concerned = people.none()
    for number in sorted(numbers):
        concerned |= people.attending_day(number)
    return concerned


def count_people_concerned(*, session: Session, before: Session | None = None) -> int:
    """How many people would be told of a change of the session."""
    return people_concerned_by(session, before).count()


def count_people_concerned_by_each(*, event) -> dict[int, int]:
    """How many people a change of each of the event's sessions would tell, by session key.

    Two counts for the whole programme, however many sessions it has: by days registered, and
    by working group.
    """
    confirmed = Participant.objects.filter(event=event, status=Participant.Status.CONFIRMED)
    by_days = dict(confirmed.values_list("days").annotate(n=Count("pk")).order_by())
    members = confirmed.filter(working_group__isnull=False).values_list("working_group")
    by_group = dict(members.annotate(n=Count("pk")).order_by())
    days = event.days()
    counts = {}
    for session in event.sessions.all():
        if session.kind == Session.Kind.WORKING_GROUP:
            counts[session.pk] = by_group.get(session.pk, 0)
        elif session.local_day in days:
            number = days.index(session.local_day) + 1
            counts[session.pk] = sum(
                count for registered, count in by_days.items() if covers_day(registered, number)
            )
    return counts


def notify_session_moved(*, session: Session, before: Session) -> int:
    """Queue one notice to each person concerned: the new time or room, with their calendar."""
    return _notify(people_concerned_by(session, before), session, before)


def notify_session_cancelled(*, session: Session) -> int:
    """Queue one notice to each person concerned that the session is cancelled.

    Called before the session is deleted, while its working group's members are still in it.
    """
    return _notify(people_concerned_by(session), session, None)


def _notify(people: QuerySet, session: Session, before: Session | None) -> int:
    told = 0
    for language, _name in Participant.Language.choices:
        body = session_notice(session, before=before, language=language)
        withdrawn = None
        if before is None:
            with translation.override(language):
                withdrawn = [cancelled_session_entry(session)]
        readers = people.filter(language=language)
        told += queue_emails(
            readers, OutgoingEmail.Kind.SESSION_CHANGED, body=body, withdrawn_entries=withdrawn
        )
    return told
