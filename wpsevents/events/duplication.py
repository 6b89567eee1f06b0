"""A copy of an event to start the next one from: its programme and resources, no people."""

import copy
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from .models import LOCAL_TZ, Event


def _moved(moment: datetime | None, shift) -> datetime | None:
    if moment is None:
        return None
    # Move by calendar days in Phnom Penh, keeping each time of day.
    local = timezone.localtime(moment, LOCAL_TZ)
    return datetime.combine(local.date() + shift, local.timetz().replace(tzinfo=None), LOCAL_TZ)


def _free_slug(slug: str) -> str:
    candidate, number = f"{slug}-copy"[:80], 2
    while Event.objects.filter(slug=candidate).exists():
        candidate, number = f"{slug}-copy-{number}"[:80], number + 1
    return candidate


@transaction.atomic
def duplicate_event(*, event: Event, first_day: date) -> Event:
    """Copy an event with its sessions and resources, moved to start on `first_day`.

    The copy is unpublished, not featured, closed at the door and has no participants.
    """
    shift = first_day - event.days()[0]
    sessions = list(event.sessions.all())
    resources = list(event.resources.all())
    twin = copy.copy(event)
    twin.pk = twin.id = None
    twin._state = copy.copy(event._state)
    twin._state.adding = True
    twin.slug = _free_slug(event.slug)
    twin.is_published = twin.is_featured = twin.is_checkin_open = False
    twin.calendar_sequence = 0
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        setattr(twin, name, _moved(getattr(event, name), shift))
    twin.save()
    copied = {}
    for session in sessions:
        old_pk = session.pk
        session.pk = session.id = None
        session._state.adding = True
        session.event = twin
        session.starts_at = _moved(session.starts_at, shift)
        session.ends_at = _moved(session.ends_at, shift)
        session.save()
        copied[old_pk] = session
    for resource in resources:
        resource.pk = resource.id = None
        resource._state.adding = True
        resource.event = twin
        resource.session = copied.get(resource.session_id)
        resource.save()
    return twin
