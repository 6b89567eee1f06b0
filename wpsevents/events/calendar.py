"""RFC 5545 calendar files for an event and its programme (icalendar)."""

import functools
from collections.abc import Collection
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from wpsevents.khmer import local_digits

from .cache import kept
from .models import LOCAL_TZ, Event, Session


def calendar_for(
    event: Event,
    *,
    days: Collection[int] | None = None,
    working_groups: Collection[int] | None = None,
    online: bool = False,
) -> bytes:
    """The event's calendar file in the active language, made once per content version.

    `days` (numbered from 1) keeps those days and their sessions only; `working_groups` (the
    sessions' keys) keeps those of the parallel working groups only. None keeps all, as the
    public calendar does; a registrant's calendar keeps their own days and group. `online`
    makes it the calendar of someone following online (see `event_calendar`). Each choice
    is kept once made: every confirmation carries one, and making it for each email took most
    of the worker's time.
    """
    days = None if days is None else tuple(sorted(days))
    groups = None if working_groups is None else tuple(sorted(working_groups))
    where = "online" if online else "room"
    key = f"calendar:{event.pk}:{get_language()}:{_key_part(days)}:{_key_part(groups)}:{where}"
    return kept(
        key, lambda: event_calendar(event, event.sessions.all(), days, groups, online=online)
    )


def _key_part(numbers: tuple[int, ...] | None) -> str:
    return "all" if numbers is None else "-".join(map(str, numbers))


def event_calendar(
    event: Event,
    sessions,
    days=None,
    working_groups=None,
    cancelled=(),
    *,
    online: bool = False,
    ended: bool = False,
) -> bytes:
    """Each day of the event, then each of its sessions, as VEVENTs in Phnom Penh time.

    `days` and `working_groups` choose as in `calendar_for`. `cancelled` holds deleted sessions
    (`cancelled_session_entry`), marked cancelled so that a calendar holding them drops them.
    `online` leaves out the breaks and places every entry at the livestream. `ended` marks every
    entry cancelled, a revision later: the calendar of a registration cancelled.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//WPS Events//wpsevents//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.title)
    calendar.add_component(_local_timezone())
    sessions = list(sessions)
    event_days = event.days()
    numbers = {day: number for number, day in enumerate(event_days, start=1)}
    entries = []
    for number, day in enumerate(event_days, start=1):
        if days is None or number in days:
            on_day = [session for session in sessions if session.local_day == day]
            entries.append(_day_entry(event, number, day, on_day, several=len(event_days) > 1))
    for session in sessions:
        on_a_kept_day = days is None or numbers.get(session.local_day) in days
        if online and session.kind == Session.Kind.BREAK:
            continue
        if on_a_kept_day and _is_kept(session, working_groups):
            entries.append(_session_entry(event, session))
    for entry in entries:
        if online:
            entry["location"] = event.livestream_url or _("Online")
        if ended:
            _mark_cancelled(entry, event)
        calendar.add_component(entry)
    for entry in cancelled:
        calendar.add_component(_cancelled_entry(event, entry))
    calendar.add_missing_timezones()  # none, unless a time was left in another zone
    return calendar.to_ical()


def _is_kept(session: Session, working_groups) -> bool:
    """Whether a session goes in: any but the working groups not chosen."""
    if working_groups is None or session.kind != Session.Kind.WORKING_GROUP:
        return True
    return session.pk in working_groups


def _day_entry(event: Event, number: int, day: date, on_day: list, several: bool):
    """One day of the event, from its first session (or the event's start) to its last."""
    title = _("%(event)s, day %(number)s") % {"event": event.title, "number": local_digits(number)}
    starts_at, ends_at = _day_span(event, day, on_day)
    # The first day has the UID a calendar holds for the event as one entry, so that it
    # updates that entry rather than keeping it beside the days.
    return _vevent(
        event,
        uid=f"event-{event.pk}" if number == 1 else f"event-{event.pk}-day{number}",
        title=title if several else event.title,
        starts_at=starts_at,
        ends_at=ends_at,
        description=event.summary,
        location=_location(event),
    )


def _day_span(event: Event, day: date, on_day: list) -> tuple:
    """When a day begins and ends: its sessions, and the event's own start and end that day.

    A day with no session runs at the event's hours; if those give nothing (the event ends
    earlier in the day than it starts), it is an all-day entry.
    """
    starts = [session.starts_at for session in on_day]
    ends = [session.ends_at for session in on_day]
    if timezone.localtime(event.starts_at, LOCAL_TZ).date() == day:
        starts.append(event.starts_at)
    if timezone.localtime(event.ends_at, LOCAL_TZ).date() == day:
        ends.append(event.ends_at)
    starts_at = min(starts, default=None) or _same_time_on(day, event.starts_at)
    ends_at = max(ends, default=None) or _same_time_on(day, event.ends_at)
    if ends_at <= starts_at:
        return day, day + timedelta(days=1)
    return starts_at, ends_at


def _same_time_on(day: date, moment: datetime) -> datetime:
    return datetime.combine(day, timezone.localtime(moment, LOCAL_TZ).time(), LOCAL_TZ)


def _session_entry(event: Event, session: Session) -> CalendarEvent:
    return _vevent(
        event,
        uid=f"session-{session.pk}",
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        description=session.description,
        location=_session_location(event, session),
    )


def _session_location(event: Event, session: Session) -> str:
    return f"{session.room}, {event.venue_name}" if session.room else _location(event)


def cancelled_session_entry(session: Session) -> dict:
    """What a calendar file needs to mark the session cancelled once it is deleted, in the active
    language, as JSON can keep it: the entry's UID, title, times and place."""
    return {
        "uid": f"session-{session.pk}",
        "title": session.title,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "location": _session_location(session.event, session),
    }


def withdrawn_entries(before: bytes, after: bytes) -> list[dict]:
    """The entries of calendar file `before` that `after` no longer has (a day given up, another
    working group chosen), as `cancelled_session_entry` gives them."""
    kept_uids = {str(vevent["uid"]) for vevent in Calendar.from_ical(after).walk("VEVENT")}
    return [
        {
            "uid": str(vevent["uid"]).split("@", 1)[0],
            "title": str(vevent["summary"]),
            "starts_at": _as_moment(vevent.decoded("dtstart")).isoformat(),
            "ends_at": _as_moment(vevent.decoded("dtend")).isoformat(),
            "location": str(vevent.get("location", "")),
        }
        for vevent in Calendar.from_ical(before).walk("VEVENT")
        if str(vevent["uid"]) not in kept_uids
    ]


def _as_moment(value) -> datetime:
    """A date-time as is; a whole day (an all-day entry) as its midnight in Phnom Penh."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, datetime.min.time(), LOCAL_TZ)


def _cancelled_entry(event: Event, entry: dict) -> CalendarEvent:
    """An entry the calendar no longer has, cancelled: a calendar application takes it off."""
    vevent = _vevent(
        event,
        uid=entry["uid"],
        title=entry["title"],
        starts_at=datetime.fromisoformat(entry["starts_at"]),
        ends_at=datetime.fromisoformat(entry["ends_at"]),
        description="",
        location=entry["location"],
    )
    _mark_cancelled(vevent, event)
    return vevent


def _mark_cancelled(vevent: CalendarEvent, event: Event) -> None:
    """Mark an entry cancelled, a revision above the one its holder was sent."""
    vevent.add("status", "CANCELLED")
    vevent["sequence"] = event.calendar_sequence + 1


@functools.cache
def _local_timezone() -> Timezone:
    """Phnom Penh's VTIMEZONE, worked out once: it takes longer than all the rest of a file."""
    return Timezone.from_tzid(str(LOCAL_TZ))


def _vevent(event, *, uid, title, starts_at, ends_at, description, location):
    vevent = CalendarEvent()
    host = settings.SITE_URL.split("://", 1)[-1]
    vevent.add("uid", f"{uid}@{host}")
    vevent.add("summary", title)
    vevent.add("dtstart", _local(starts_at))
    vevent.add("dtend", _local(ends_at))
    vevent.add("dtstamp", timezone.now())
    # A calendar application takes an entry as a newer version of the one it holds under the
    # same UID by its higher SEQUENCE, which rises whenever the event or a session moves.
    vevent.add("sequence", event.calendar_sequence)
    vevent.add("location", location)
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    if description:
        vevent.add("description", description)
    return vevent


def _local(moment):
    """A time in Phnom Penh; a date (an all-day entry) as it is."""
    return timezone.localtime(moment, LOCAL_TZ) if isinstance(moment, datetime) else moment


def _location(event: Event) -> str:
    return ", ".join(part for part in (event.venue_name, event.venue_address) if part)
