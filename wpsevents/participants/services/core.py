"""What every rule shares: the event's lock, counting seats, and setting a status."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.cache import invalidate_public_pages
from wpsevents.events.models import Event, RegistrationState

from ..models import Participant, new_reference

Status = Participant.Status


class EventBusy(Exception):
    """The event's lock could not be had in time; the visitor should simply try again."""


def save_with_unique_reference(participant: Participant, attempts: int = 5) -> None:
    """Save a new registration, drawing another reference in the rare case one is taken."""
    for _attempt in range(attempts):
        try:
            with transaction.atomic():
                participant.save()
            return
        except IntegrityError as error:
            if Participant.objects.filter(reference=participant.reference).exists():
                participant.reference = new_reference()
                continue
            raise ValidationError(
                _("This registration could not be saved."), code="conflict"
            ) from error
    raise ValidationError(_("This registration could not be saved."), code="conflict")


def lock_event(event: Event) -> Event:
    """Lock the event row for this transaction; raise EventBusy if that takes too long."""
    try:
        return Event.objects.select_for_update().get(pk=event.pk)
    except OperationalError as error:
        raise EventBusy from error


def ensure_registration_open(event: Event) -> None:
    """Refuse, with a coded error, a registration outside the event's window."""
    state = event.registration_state()
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."), code="unpublished")
    if state == RegistrationState.HELD:
        raise ValidationError(_("This event has already taken place."), code="event_held")
    if state == RegistrationState.NOT_YET_OPEN:
        raise ValidationError(_("Registration has not opened yet."), code="not_yet_open")
    if state == RegistrationState.CLOSED:
        raise ValidationError(_("Registration is closed."), code="registration_closed")


def status_for_newcomer(event: Event, data: dict) -> str:
    """The status a new registration gets now: pending, confirmed or waitlisted."""
    if event.requires_approval:
        return Status.PENDING
    if data.get("attendance_mode") == Participant.AttendanceMode.ONLINE:
        return Status.CONFIRMED
    return Status.CONFIRMED if has_seat(event, data.get("working_group")) else Status.WAITLISTED


def in_person_confirmed(event: Event):
    """The registrations that hold one of the event's seats."""
    return Participant.objects.filter(
        event=event, status=Status.CONFIRMED, attendance_mode=Participant.AttendanceMode.IN_PERSON
    )


def seats_taken(event: Event) -> int:
    """How many of the event's in-person seats are taken."""
    return in_person_confirmed(event).count()


def has_seat(event: Event, working_group=None, exclude: Participant | None = None) -> bool:
    """Whether a seat is free in the room and, if one is chosen, in the working group."""
    confirmed = in_person_confirmed(event)
    if exclude is not None:
        confirmed = confirmed.exclude(pk=exclude.pk)
    if event.capacity is not None and confirmed.count() >= event.capacity:
        return False
    if working_group is not None and working_group.capacity is not None:
        return confirmed.filter(working_group=working_group).count() < working_group.capacity
    return True


def holds_seat(participant: Participant) -> bool:
    """Whether this registration currently uses a seat."""
    return participant.status == Status.CONFIRMED and participant.is_in_person


def set_status(participant: Participant, status: str) -> None:
    """Set a status and the time it changed (not saved)."""
    now = timezone.now()
    participant.status = status
    participant.status_changed_at = now
    if status == Status.CONFIRMED:
        participant.confirmed_at = now
    elif status == Status.WAITLISTED:
        participant.waitlisted_at = now
    elif status == Status.CANCELLED:
        participant.cancelled_at = now


def refresh_pages_if_seat_taken(event: Event, participant: Participant) -> None:
    """The public call to action turns to "join the waitlist" when the last seat goes.

    Only then: registrations that wait or attend online change nothing a visitor sees, and
    dropping the cached pages for each of them would slow everyone down at the busiest time.
    """
    full = event.capacity is not None and seats_taken(event) == event.capacity
    if holds_seat(participant) and full:
        invalidate_public_pages()


def refresh_pages_if_seat_freed(event: Event) -> None:
    """The public call to action turns back to "register" when a seat comes free."""
    if event.capacity is not None and seats_taken(event) == event.capacity - 1:
        invalidate_public_pages()
