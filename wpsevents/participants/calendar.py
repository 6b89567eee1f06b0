"""A registrant's own calendar file: the days they come and their own working group."""

from wpsevents.events.calendar import calendar_for, event_calendar

from .models import Participant, days_attended


def calendar_of(participant: Participant, withdrawn: list[dict] | None = None) -> bytes:
    """The calendar file of the person's registration, in the active language.

    The days they attend, each as its own entry with its sessions, and of the parallel
    working groups only their own (none when they chose none); online, at the livestream,
    without the breaks. `withdrawn` are entries the person's calendar no longer has (a session
    deleted, a day given up: `withdrawn_entries`), added as cancelled for the email that tells
    of the change. A registration no longer active has every entry marked cancelled, for the
    email that tells of its end.
    """
    event = participant.event
    days = [number for number, _day in days_attended(event, participant.days)]
    group = participant.working_group_id
    groups = [group] if group else []
    online = not participant.is_in_person
    if not withdrawn and participant.is_active:
        return calendar_for(event, days=days, working_groups=groups, online=online)
    return event_calendar(
        event,
        event.sessions.all(),
        days,
        groups,
        cancelled=withdrawn or [],
        online=online,
        ended=not participant.is_active,
    )
