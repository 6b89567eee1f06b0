"""RFC 5545 calendar files for an event and its programme (icalendar)."""

import functools

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from .cache import kept
from .models import LOCAL_TZ, Event


def calendar_for(event: Event) -> bytes:
    """The event's calendar file in the active language, made once per content version.

    Every confirmation email carries it and it is the same for all of them: making it for
    each email took most of the worker's time.
    """
    key = f"calendar:{event.pk}:{get_language()}"
    return kept(key, lambda: event_calendar(event, event.sessions.all()))


def event_calendar(event: Event, sessions) -> bytes:
    """The event and each of its sessions as VEVENTs, in Phnom Penh time."""
    calendar = Calendar()
    calendar.add("prodid", "-//WPS Events//wpsevents//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.title)
    calendar.add_component(_local_timezone())
    calendar.add_component(
        _vevent(
            event,
            uid=f"event-{event.pk}",
            title=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            description=event.summary,
            location=_location(event),
        )
    )
    for session in sessions:
        room = f"{session.room}, {event.venue_name}" if session.room else _location(event)
        calendar.add_component(
            _vevent(
                event,
                uid=f"session-{session.pk}",
                title=session.title,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                description=session.description,
                location=room,
            )
        )
    calendar.add_missing_timezones()  # none, unless a time was left in another zone
    return calendar.to_ical()


@functools.cache
def _local_timezone() -> Timezone:
    """Phnom Penh's VTIMEZONE, worked out once: it takes longer than all the rest of a file."""
    return Timezone.from_tzid(str(LOCAL_TZ))


def _vevent(event, *, uid, title, starts_at, ends_at, description, location):
    vevent = CalendarEvent()
    host = settings.SITE_URL.split("://", 1)[-1]
    vevent.add("uid", f"{uid}@{host}")
    vevent.add("summary", title)
    vevent.add("dtstart", timezone.localtime(starts_at, LOCAL_TZ))
    vevent.add("dtend", timezone.localtime(ends_at, LOCAL_TZ))
    vevent.add("dtstamp", timezone.now())
    vevent.add("location", location)
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    if description:
        vevent.add("description", description)
    return vevent


def _location(event: Event) -> str:
    return ", ".join(part for part in (event.venue_name, event.venue_address) if part)
