"""RFC 5545 calendar files for an event and its programme (icalendar)."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import LOCAL_TZ, Event


def event_calendar(event: Event, sessions) -> bytes:
    """The event and each of its sessions as VEVENTs, in Phnom Penh time."""
    calendar = Calendar()
    calendar.add("prodid", "-//WPS Events//wpsevents//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.title)
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
    calendar.add_missing_timezones()
    return calendar.to_ical()


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
