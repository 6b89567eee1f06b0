"""Who hears of a session that moved or was cancelled, and the one notice each of them gets."""

from django.db.models import QuerySet

from wpsevents.events.models import Session

from ..mail.notices import session_notice
from ..mail.queue import queue_emails
from ..models import OutgoingEmail, Participant


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
        readers = people.filter(language=language)
        told += queue_emails(readers, OutgoingEmail.Kind.SESSION_CHANGED, body=body)
    return told
