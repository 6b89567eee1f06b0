"""Registering, waiting, promotion, approval and cancellation: the registration rules."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Event

from ..emails import queue_email
from ..models import OutgoingEmail, Participant
from .core import (
    GROUP,
    RunAgain,
    ensure_registration_open,
    has_seat,
    holds_seat,
    lock_event,
    lock_event_and_read_roll,
    lock_registration,
    may_take_limited_seat,
    new_registration,
    refresh_pages_if_seat_freed,
    refresh_pages_if_seat_taken,
    runs_again_on_conflict,
    save_new_registration,
    seat_shortage,
    seats_taken,
    set_status,
    shortage_in_roll,
    status_for_newcomer,
    takes_limited_seat,
)

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


@dataclass(frozen=True)
class Registration:
    """What registering did: the status a new registrant gets, and whether it was new.

    `waits_for` says what a waitlisted registrant waits for: a seat in the room (`ROOM`) or
    in their working group (`GROUP`).
    """

    status: str
    participant: Participant | None
    waits_for: str | None = None


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
    return _register(
        event=event,
        data=data,
        source=source,
        enforce_window=enforce_window,
        seat_lock=may_take_limited_seat(event, data),
    )


@runs_again_on_conflict
def _register(*, event, data, source, enforce_window, seat_lock) -> Registration:
    event, roll = lock_event_and_read_roll(
        event, shared=not seat_lock, email=data["email"], working_group=data.get("working_group")
    )
    if enforce_window:
        ensure_registration_open(event)
    status = status_for_newcomer(event, data, roll)
    waits_for = shortage_in_roll(event, data, roll) if status == Status.WAITLISTED else None
    existing = _locked_registration(roll.registration_pk)
    if existing and existing.status != Status.CANCELLED:
        queue_email(existing, Kind.LINK)
        return Registration(status=status, participant=None, waits_for=waits_for)
    participant = existing or new_registration(event)
    for field, value in data.items():
        setattr(participant, field, value)
    participant.source = source
    set_status(participant, status)
    if not seat_lock and takes_limited_seat(event, participant):
        raise RunAgain(seat_lock=True)  # a seat came free: take it holding the event alone
    save_new_registration(participant, Kind.CONFIRMATION)
    refresh_pages_if_seat_taken(event, participant, taken_now=roll.seats_taken + 1)
    return Registration(status=participant.status, participant=participant, waits_for=waits_for)


def _locked_registration(pk: int | None) -> Participant | None:
    """An address's earlier registration, locked, or None (the usual answer).

    Locked: two registrations side by side must not both revive one cancelled registration;
    the second waits here and then reads the first one's change.
    """
    if pk is None:
        return None
    return Participant.objects.select_for_update(of=("self",)).filter(pk=pk).first()


@runs_again_on_conflict
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
    event = lock_event(event)
    if Participant.objects.registered_as(event, data["email"]).exists():
        raise ValidationError(
            _("%(email)s is already registered for this event.") % {"email": data["email"]},
            code="duplicate",
        )
    participant = new_registration(event, source=source, **data)
    needs_seat = participant.is_in_person
    seat_free = not needs_seat or has_seat(event, participant.working_group)
    set_status(participant, Status.CONFIRMED if seat_free else Status.WAITLISTED)
    save_new_registration(participant)
    if send_invitation:
        queue_email(participant, Kind.INVITATION)
    refresh_pages_if_seat_taken(event, participant)
    return participant


def cancel_registration(*, participant: Participant) -> Participant:
    """Cancel a registration; a freed seat goes to the first on the waitlist who fits."""
    return _end_registration(participant, Status.CANCELLED, Kind.CANCELLED)


@transaction.atomic
def update_registration(
    *, participant: Participant, data: dict, fields: tuple = EDITABLE_FIELDS
) -> Participant:
    """Change what a registrant (or, with more fields, an organiser) may change.

    A switch that needs a seat must find one; a seat given up goes to the waitlist.
    """
    event, participant = lock_registration(participant)
    if not participant.is_active:
        raise ValidationError(_("This registration is no longer active."), code="inactive")
    held_seat = holds_seat(participant)
    held_group_id = participant.working_group_id
    was_confirmed = participant.status == Status.CONFIRMED
    for field in fields:
        if field in data:
            setattr(participant, field, data[field])
    keeps_seat = held_seat and participant.working_group_id == held_group_id
    if participant.status == Status.CONFIRMED and participant.is_in_person and not keeps_seat:
        # A new seat in the room, or a seat in another working group, must be free.
        shortage = seat_shortage(event, participant.working_group, exclude=participant)
        if shortage == GROUP:
            raise _no_group_seat(
                participant.working_group,
                _(
                    "There is no seat left in the working group “%(group)s”. "
                    "Your registration has not been changed."
                ),
            )
        if shortage:
            raise ValidationError(
                _("There is no in-person seat left. Your registration has not been changed."),
                code="no_seat",
            )
    if participant.status == Status.WAITLISTED and not participant.is_in_person:
        set_status(participant, Status.CONFIRMED)
    participant.save()
    if held_seat and not (keeps_seat and holds_seat(participant)):
        # A seat freed in the room, or in the working group left: the waitlist moves.
        promote_from_waitlist(event=event)
    if holds_seat(participant) and not held_seat:
        refresh_pages_if_seat_taken(event, participant)
    if (holds_seat(participant) and not held_seat) or (
        participant.status == Status.CONFIRMED and not was_confirmed
    ):
        # A seat in the room, or a place, that is new: the email carries the door's QR code.
        queue_email(participant, Kind.CONFIRMATION)
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
        if event.capacity is not None and seats_taken(event) >= event.capacity:
            break
        if has_seat(event, candidate.working_group):
            set_status(candidate, Status.CONFIRMED)
            candidate.save()
            queue_email(candidate, Kind.PROMOTED)
            promoted.append(candidate)
    refresh_pages_if_seat_freed(event)
    return promoted


@transaction.atomic
def approve_participant(*, participant: Participant) -> Participant:
    """Approve a pending registration: a seat if one is free, otherwise the waitlist."""
    event, participant = lock_registration(participant)
    if participant.status != Status.PENDING:
        raise ValidationError(_("Only pending registrations can be approved."), code="not_pending")
    return _seat_or_waitlist(event, participant, Kind.APPROVED)


@transaction.atomic
def confirm_participant(*, participant: Participant) -> Participant:
    """Give a waitlisted or pending person a place, if a seat is free."""
    event, participant = lock_registration(participant)
    if participant.status not in (Status.WAITLISTED, Status.PENDING):
        raise ValidationError(
            _("Only waitlisted or pending registrations can be confirmed."), code="not_waiting"
        )
    shortage = participant.is_in_person and seat_shortage(event, participant.working_group)
    if shortage == GROUP:
        raise _no_group_seat(
            participant.working_group, _("There is no seat left in the working group “%(group)s”.")
        )
    if shortage:
        raise ValidationError(_("There is no seat left."), code="no_seat")
    kind = Kind.APPROVED if participant.status == Status.PENDING else Kind.PROMOTED
    set_status(participant, Status.CONFIRMED)
    participant.save()
    queue_email(participant, kind)
    refresh_pages_if_seat_taken(event, participant)
    return participant


@transaction.atomic
def reinstate_participant(*, participant: Participant) -> Participant:
    """Take back a cancelled or declined registration: a seat if one is free, else the waitlist.

    For an organiser's change of mind; the person is told as if they had registered again.
    """
    event, participant = lock_registration(participant)
    if participant.is_active:
        raise ValidationError(
            _("Only cancelled or declined registrations can be reinstated."), code="active"
        )
    return _seat_or_waitlist(event, participant, Kind.CONFIRMATION)


def _seat_or_waitlist(event: Event, participant: Participant, email_kind: str) -> Participant:
    """A seat if one is free (or none is needed), else the end of the waitlist; then tell them."""
    seat_free = not participant.is_in_person or has_seat(event, participant.working_group)
    set_status(participant, Status.CONFIRMED if seat_free else Status.WAITLISTED)
    participant.save()
    queue_email(participant, email_kind)
    refresh_pages_if_seat_taken(event, participant)
    return participant


def _no_group_seat(group, message) -> ValidationError:
    return ValidationError(message, code="no_group_seat", params={"group": group.title})


def decline_participant(*, participant: Participant) -> Participant:
    """Decline a registration; a seat it held goes to the waitlist."""
    return _end_registration(participant, Status.DECLINED, Kind.DECLINED)


@transaction.atomic
def _end_registration(participant: Participant, status: str, email_kind: str) -> Participant:
    """Cancel or decline, once: tell the person, and give a freed seat to the waitlist."""
    event, participant = lock_registration(participant)
    if participant.status in (Status.CANCELLED, Status.DECLINED):
        return participant
    held_seat = holds_seat(participant)
    set_status(participant, status)
    participant.save()
    queue_email(participant, email_kind)
    if held_seat:
        promote_from_waitlist(event=event)
    return participant


@transaction.atomic
def move_to_waitlist(*, participant: Participant) -> Participant:
    """Move a confirmed or pending in-person registrant to the end of the waitlist.

    Refused when the seat they would free comes straight back to them: the waitlist would
    confirm them again at once and email them that a place is theirs.
    """
    event, participant = lock_registration(participant)
    if participant.status not in (Status.CONFIRMED, Status.PENDING):
        raise ValidationError(
            _("Only confirmed or pending registrations can be waitlisted."), code="not_movable"
        )
    if not participant.is_in_person:
        raise ValidationError(
            _("This person attends online: the waitlist is for in-person seats."),
            code="online",
        )
    held_seat = holds_seat(participant)
    set_status(participant, Status.WAITLISTED)
    participant.save()
    if held_seat and participant in promote_from_waitlist(event=event):
        raise ValidationError(
            _(
                "A seat is free for this person, so the waitlist would give it straight back. "
                "Lower the number of seats first."
            ),
            code="seat_free",
        )
    return participant


def resend_confirmation(*, participant: Participant) -> None:
    """Send the registration email again, with a fresh private link."""
    queue_email(participant, Kind.CONFIRMATION)


@transaction.atomic
def send_private_link(*, event: Event, email: str) -> None:
    """Email the private link to this address if it is registered; say nothing either way."""
    participant = Participant.objects.registered_as(event, email).first()
    if participant is not None and participant.is_active:
        queue_email(participant, Kind.LINK)
