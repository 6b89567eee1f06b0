"""Seats held for addresses not yet confirmed: taken on the form, kept by opening the link.

A robot can invent addresses but cannot open the emails sent to them. On an event that holds
unconfirmed seats, a public in-person registration that finds a seat free holds it for
`REGISTRATION_HOLD_MINUTES` from when its email leaves; the person confirms it by opening the
private link from the email (`confirm_hold`). A hold that lapses is released
(`release_lapsed_holds`): the registration is cancelled, its holder told, and the seat goes to the
waitlist in order. One network may hold only `REGISTRATION_HOLDS_PER_NETWORK` seats at once.
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Event

from ..mail.queue import queue_email
from ..models import OutgoingEmail, Participant
from .locking import EventBusy, lock_event, lock_registration
from .seats import set_status
from .waitlist import promote_from_waitlist

logger = logging.getLogger(__name__)
Status = Participant.Status
Kind = OutgoingEmail.Kind
# What confirming or releasing a hold changes, copied back to the caller's registration.
HOLD_FIELDS = (
    "status",
    "status_changed_at",
    "confirmed_at",
    "cancelled_at",
    "hold_expires_at",
    "hold_network",
    "email_confirmed_at",
)


def is_held_on_registering(
    event: Event, participant: Participant, status: str, *, needs_proof: bool
) -> bool:
    """Whether a public registration that would get `status` is held instead.

    A place that would be confirmed is held when it is an in-person seat of an event that holds
    unconfirmed seats, and whatever it is when the form showed a sign of a robot (`needs_proof`):
    then it becomes the person's only once they open the link in their email. An address
    confirmed before (a registration made again) is not held.
    """
    if status != Status.CONFIRMED or participant.source != Participant.Source.ONLINE:
        return False
    if participant.email_confirmed_at is not None:
        return False
    return needs_proof or (event.holds_unconfirmed_seats and participant.is_in_person)


def hold_place(participant: Participant, network: str) -> None:
    """Hold the registration's place until the hold expires (not saved)."""
    set_status(participant, Status.HELD)
    minutes = settings.REGISTRATION_HOLD_MINUTES
    participant.hold_expires_at = participant.status_changed_at + timedelta(minutes=minutes)
    participant.hold_network = network


def ensure_network_may_hold(event: Event, participant: Participant, network: str) -> None:
    """Refuse one more held seat to a network that holds its share of the event's seats.

    Counted under the event's lock, so that concurrent requests cannot go past the limit. It is
    one of the rate limits: off when they are (`RATELIMIT_ENABLE`).
    """
    limit = settings.REGISTRATION_HOLDS_PER_NETWORK
    if not (limit and network and settings.RATELIMIT_ENABLE and participant.is_in_person):
        return
    held = Participant.objects.filter(event=event, status=Status.HELD, hold_network=network)
    if held.holding_seats().count() >= limit:
        logger.warning("held seats refused to a network", extra={"event": event.slug})
        raise ValidationError(
            _(
                "Many seats are already held for registrations from your network whose email "
                "address is not yet confirmed. Please try again later, or ask the people who "
                "registered to open the link in their email."
            ),
            code="network_holds",
        )


def confirm_hold(*, participant: Participant) -> Participant:
    """The registrant opened the private link from an email: the address is real.

    A held place becomes theirs, with an email that carries the check-in code; any other
    registration notes that its address is confirmed. Costs no query once it is.
    """
    if participant.status == Status.HELD:
        _confirm_held(participant)
    elif participant.email_confirmed_at is None:
        now = timezone.now()
        unconfirmed = Participant.objects.filter(pk=participant.pk, email_confirmed_at=None)
        unconfirmed.update(email_confirmed_at=now)
        participant.email_confirmed_at = now
    return participant


@transaction.atomic
def _confirm_held(participant: Participant) -> None:
    _event, locked = lock_registration(participant)
    if locked.status == Status.HELD:
        set_status(locked, Status.CONFIRMED)
        locked.email_confirmed_at = locked.confirmed_at
        locked.save()
        queue_email(locked, Kind.CONFIRMATION)
    for field in HOLD_FIELDS:
        setattr(participant, field, getattr(locked, field))


def release_lapsed_holds(*, now: datetime | None = None) -> int:
    """Release every hold past its time, event by event; return how many.

    Run by the email worker every half minute and by `manage.py release_lapsed_holds`. An event
    busy beyond the lock's timeout is left for the next run.
    """
    now = now or timezone.now()
    lapsed = Participant.objects.lapsed_holds(now)
    released = 0
    for event_id in lapsed.values_list("event_id", flat=True).distinct().order_by():
        try:
            with transaction.atomic():
                released += release_lapsed(lock_event(Event(pk=event_id)), now=now)
        except EventBusy:
            logger.warning("lapsed holds left for the next run", extra={"event_id": event_id})
    return released


def release_lapsed(event: Event, *, now: datetime | None = None) -> int:
    """Release the event's lapsed holds; the caller holds the event's lock.

    Each is cancelled and its holder told; the seats go to the waitlist, in order. Registering
    calls it too, so that a newcomer never takes a seat owed to someone waiting.
    """
    lapsed = Participant.objects.filter(event=event).lapsed_holds(now or timezone.now())
    released = 0
    for participant in lapsed.order_by("hold_expires_at", "pk"):
        _cancel_hold(participant)
        queue_email(participant, Kind.HOLD_LAPSED)
        released += 1
    if released:
        promote_from_waitlist(event=event)
    return released


def cancel_held_registrations(*, participants) -> int:
    """Cancel the held registrations among `participants`; return how many.

    For organisers who see a burst of registrations from robots. No email goes out: the
    addresses were never shown to be real. The seats go to the waitlist, once per event.
    """
    by_event = defaultdict(list)
    for pk, event_id in participants.filter(status=Status.HELD).values_list("pk", "event_id"):
        by_event[event_id].append(pk)
    cancelled = 0
    for event_id, pks in by_event.items():
        with transaction.atomic():
            event = lock_event(Event(pk=event_id))
            for participant in Participant.objects.filter(pk__in=pks, status=Status.HELD):
                _cancel_hold(participant)
                cancelled += 1
            promote_from_waitlist(event=event)
    return cancelled


def _cancel_hold(participant: Participant) -> None:
    set_status(participant, Status.CANCELLED)
    participant.save()
