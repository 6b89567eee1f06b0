"""The rules of a participant's life: register, wait, get promoted, cancel, check in.

Every change of status goes through one of these functions. Each runs in one transaction that
first locks the event row, then counts seats, then writes, so that concurrent requests on any
number of app servers never give away more seats than there are. Emails are queued in the same
transaction and handed to the worker once it commits.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.cache import invalidate_public_pages
from wpsevents.events.models import Event, RegistrationState

from .emails import queue_email
from .models import CheckIn, OutgoingEmail, Participant, new_reference

Status = Participant.Status
Kind = OutgoingEmail.Kind
EDITABLE_FIELDS = (
    "salutation",
    "given_name",
    "family_name",
    "name_khmer",
    "phone",
    "organisation",
    "position",
    "days",
    "attendance_mode",
    "working_group",
    "needs_interpretation",
    "dietary_requirements",
    "accessibility_needs",
    "consents_to_photography",
    "language",
)
ORGANISER_FIELDS = (
    *EDITABLE_FIELDS,
    "email",
    "organisation_type",
    "country",
    "gender",
    "consents_to_data_processing",
)


class EventBusy(Exception):
    """The event's lock could not be had in time; the visitor should simply try again."""


@dataclass(frozen=True)
class Registration:
    """What registering did: the status a new registrant gets, and whether it was new."""

    status: str
    participant: Participant | None


@transaction.atomic
def register_participant(
    *,
    event: Event,
    data: dict,
    source: str = Participant.Source.ONLINE,
    enforce_window: bool = True,
) -> Registration:
    """Register a person, or put them on the waitlist when the seats are taken.

    An address already registered creates nothing: its owner is sent their private link, and
    the caller learns only the status a new registrant would have had.
    """
    event = _lock_event(event)
    if enforce_window:
        _ensure_registration_open(event)
    existing = Participant.objects.filter(event=event, email__iexact=data["email"]).first()
    if existing and existing.status != Status.CANCELLED:
        queue_email(existing, Kind.LINK)
        return Registration(status=_status_for_newcomer(event, data), participant=None)
    participant = existing or Participant(event=event)
    for field, value in data.items():
        setattr(participant, field, value)
    participant.source = source
    _set_status(participant, _status_for_newcomer(event, data))
    _save_with_unique_reference(participant)
    queue_email(participant, Kind.CONFIRMATION)
    _refresh_pages_if_full(event)
    return Registration(status=participant.status, participant=participant)


@transaction.atomic
def add_participant_by_organiser(
    *,
    event: Event,
    data: dict,
    source: str = Participant.Source.ADMIN,
    send_invitation: bool = False,
) -> Participant:
    """Add a person an organiser invited: a seat if one is free, otherwise the waitlist.

    Organisers choose whom they add, so the registration window and approval do not apply;
    an address already registered for the event is refused.
    """
    event = _lock_event(event)
    if Participant.objects.filter(event=event, email__iexact=data["email"]).exists():
        raise ValidationError(
            _("%(email)s is already registered for this event.") % {"email": data["email"]},
            code="duplicate",
        )
    participant = Participant(event=event, source=source, **data)
    needs_seat = participant.is_in_person
    has_seat = not needs_seat or _has_seat(event, participant.working_group)
    _set_status(participant, Status.CONFIRMED if has_seat else Status.WAITLISTED)
    _save_with_unique_reference(participant)
    if send_invitation:
        queue_email(participant, Kind.INVITATION)
    _refresh_pages_if_full(event)
    return participant


@transaction.atomic
def cancel_registration(*, participant: Participant) -> Participant:
    """Cancel a registration; a freed seat goes to the first on the waitlist who fits."""
    event = _lock_event(participant.event)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.status in (Status.CANCELLED, Status.DECLINED):
        return participant
    held_seat = _holds_seat(participant)
    _set_status(participant, Status.CANCELLED)
    participant.save()
    queue_email(participant, Kind.CANCELLED)
    if held_seat:
        promote_from_waitlist(event=event)
    return participant


@transaction.atomic
def update_registration(
    *, participant: Participant, data: dict, fields: tuple = EDITABLE_FIELDS
) -> Participant:
    """Change what a registrant (or, with more fields, an organiser) may change.

    A switch that needs a seat must find one; a seat given up goes to the waitlist.
    """
    event = _lock_event(participant.event)
    participant = Participant.objects.get(pk=participant.pk)
    if not participant.is_active:
        raise ValidationError(_("This registration is no longer active."), code="inactive")
    held_seat = _holds_seat(participant)
    for field in fields:
        if field in data:
            setattr(participant, field, data[field])
    needs_new_seat = participant.status == Status.CONFIRMED and participant.is_in_person
    seat_free = (
        not needs_new_seat
        or held_seat
        or _has_seat(event, participant.working_group, exclude=participant)
    )
    if not seat_free:
        raise ValidationError(
            _("There is no in-person seat left. Your registration has not been changed."),
            code="no_seat",
        )
    if participant.status == Status.WAITLISTED and not participant.is_in_person:
        _set_status(participant, Status.CONFIRMED)
    participant.save()
    if held_seat and not _holds_seat(participant):
        promote_from_waitlist(event=event)
    return participant


def promote_from_waitlist(*, event: Event) -> list[Participant]:
    """Give free seats to the waitlist in order, skipping those whose group is still full.

    Must run inside a transaction that holds the event's lock.
    """
    promoted = []
    waiting = (
        Participant.objects.filter(event=event, status=Status.WAITLISTED)
        .select_related("working_group")
        .order_by("waitlisted_at", "pk")
    )
    for candidate in waiting:
        if event.capacity is not None and _seats_taken(event) >= event.capacity:
            break
        if _has_seat(event, candidate.working_group):
            _set_status(candidate, Status.CONFIRMED)
            candidate.save()
            queue_email(candidate, Kind.PROMOTED)
            promoted.append(candidate)
    if promoted:
        _refresh_pages_if_full(event)
    else:
        invalidate_public_pages()
    return promoted


@transaction.atomic
def approve_participant(*, participant: Participant) -> Participant:
    """Approve a pending registration: a seat if one is free, otherwise the waitlist."""
    event = _lock_event(participant.event)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.status != Status.PENDING:
        raise ValidationError(_("Only pending registrations can be approved."), code="not_pending")
    needs_seat = participant.is_in_person
    has_seat = not needs_seat or _has_seat(event, participant.working_group)
    _set_status(participant, Status.CONFIRMED if has_seat else Status.WAITLISTED)
    participant.save()
    queue_email(participant, Kind.APPROVED)
    return participant


@transaction.atomic
def confirm_participant(*, participant: Participant) -> Participant:
    """Give a waitlisted or pending person a place, if a seat is free."""
    event = _lock_event(participant.event)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.status not in (Status.WAITLISTED, Status.PENDING):
        raise ValidationError(
            _("Only waitlisted or pending registrations can be confirmed."), code="not_waiting"
        )
    if participant.is_in_person and not _has_seat(event, participant.working_group):
        raise ValidationError(_("There is no seat left."), code="no_seat")
    kind = Kind.APPROVED if participant.status == Status.PENDING else Kind.PROMOTED
    _set_status(participant, Status.CONFIRMED)
    participant.save()
    queue_email(participant, kind)
    _refresh_pages_if_full(event)
    return participant


@transaction.atomic
def decline_participant(*, participant: Participant) -> Participant:
    """Decline a registration; a seat it held goes to the waitlist."""
    event = _lock_event(participant.event)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.status in (Status.CANCELLED, Status.DECLINED):
        return participant
    held_seat = _holds_seat(participant)
    _set_status(participant, Status.DECLINED)
    participant.save()
    queue_email(participant, Kind.DECLINED)
    if held_seat:
        promote_from_waitlist(event=event)
    return participant


@transaction.atomic
def move_to_waitlist(*, participant: Participant) -> Participant:
    """Move a confirmed or pending person to the end of the waitlist."""
    event = _lock_event(participant.event)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.status not in (Status.CONFIRMED, Status.PENDING):
        raise ValidationError(
            _("Only confirmed or pending registrations can be waitlisted."), code="not_movable"
        )
    held_seat = _holds_seat(participant)
    _set_status(participant, Status.WAITLISTED)
    participant.save()
    if held_seat:
        promote_from_waitlist(event=event)
    return participant


def resend_confirmation(*, participant: Participant) -> None:
    """Send the registration email again, with a fresh private link."""
    queue_email(participant, Kind.CONFIRMATION)


@transaction.atomic
def send_private_link(*, event: Event, email: str) -> None:
    """Email the private link to this address if it is registered; say nothing either way."""
    participant = Participant.objects.filter(event=event, email__iexact=email).first()
    if participant is not None and participant.is_active:
        queue_email(participant, Kind.LINK)


@transaction.atomic
def check_in(*, participant: Participant, day: int, by=None) -> CheckIn:
    """Record that a confirmed participant arrived on a day; doing it twice changes nothing."""
    _lock_event(participant.event)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.status != Status.CONFIRMED:
        raise ValidationError(
            _("Only confirmed participants can be checked in."), code="not_confirmed"
        )
    if day not in CheckIn.Day.values:
        raise ValidationError(_("There is no such day."), code="invalid_day")
    checkin, _created = CheckIn.objects.get_or_create(
        participant=participant, day=day, defaults={"checked_in_by": by}
    )
    return checkin


@transaction.atomic
def undo_check_in(*, participant: Participant, day: int) -> None:
    """Take back a check-in made by mistake."""
    CheckIn.objects.filter(participant=participant, day=day).delete()


def _save_with_unique_reference(participant: Participant, attempts: int = 5) -> None:
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


def _lock_event(event: Event) -> Event:
    try:
        return Event.objects.select_for_update().get(pk=event.pk)
    except OperationalError as error:
        raise EventBusy from error


def _ensure_registration_open(event: Event) -> None:
    state = event.registration_state()
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."), code="unpublished")
    if state == RegistrationState.HELD:
        raise ValidationError(_("This event has already taken place."), code="event_held")
    if state == RegistrationState.NOT_YET_OPEN:
        raise ValidationError(_("Registration has not opened yet."), code="not_yet_open")
    if state == RegistrationState.CLOSED:
        raise ValidationError(_("Registration is closed."), code="registration_closed")


def _status_for_newcomer(event: Event, data: dict) -> str:
    if event.requires_approval:
        return Status.PENDING
    if data.get("attendance_mode") == Participant.AttendanceMode.ONLINE:
        return Status.CONFIRMED
    return Status.CONFIRMED if _has_seat(event, data.get("working_group")) else Status.WAITLISTED


def _in_person_confirmed(event: Event):
    return Participant.objects.filter(
        event=event, status=Status.CONFIRMED, attendance_mode=Participant.AttendanceMode.IN_PERSON
    )


def _seats_taken(event: Event) -> int:
    return _in_person_confirmed(event).count()


def _has_seat(event: Event, working_group=None, exclude: Participant | None = None) -> bool:
    confirmed = _in_person_confirmed(event)
    if exclude is not None:
        confirmed = confirmed.exclude(pk=exclude.pk)
    if event.capacity is not None and confirmed.count() >= event.capacity:
        return False
    if working_group is not None and working_group.capacity is not None:
        return confirmed.filter(working_group=working_group).count() < working_group.capacity
    return True


def _holds_seat(participant: Participant) -> bool:
    return participant.status == Status.CONFIRMED and participant.is_in_person


def _set_status(participant: Participant, status: str) -> None:
    now = timezone.now()
    participant.status = status
    participant.status_changed_at = now
    if status == Status.CONFIRMED:
        participant.confirmed_at = now
    elif status == Status.WAITLISTED:
        participant.waitlisted_at = now
    elif status == Status.CANCELLED:
        participant.cancelled_at = now


def _refresh_pages_if_full(event: Event) -> None:
    """The public call to action changes when the last seat goes or comes back."""
    if event.capacity is not None and _seats_taken(event) >= event.capacity - 1:
        invalidate_public_pages()
