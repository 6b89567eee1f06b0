"""What organisers decide about a registration: approve, confirm, decline, reinstate, waitlist."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..mail.queue import queue_email
from ..models import GROUP, OutgoingEmail, Participant
from .delegations import reinstate_nominee
from .locking import lock_registration
from .seats import (
    holds_seat,
    no_group_seat,
    refresh_pages_if_seat_taken,
    seat_shortage,
    set_status,
)
from .waitlist import (
    end_registration,
    join_end_of_waitlist,
    promote_from_waitlist,
    seat_or_end_of_waitlist,
)

Status = Participant.Status
Kind = OutgoingEmail.Kind


@transaction.atomic
def approve_participant(*, participant: Participant) -> Participant:
    """Approve a pending registration: a free seat, or the end of the waitlist."""
    event, participant = lock_registration(participant)
    if participant.status != Status.PENDING:
        raise ValidationError(_("Only pending registrations can be approved."), code="not_pending")
    placed, _promoted = seat_or_end_of_waitlist(event, [participant], Kind.APPROVED)
    return placed[0]


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
        raise no_group_seat(
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
    """Take back a cancelled or declined registration: a free seat, or the end of the waitlist.

    For an organiser's change of mind; the person is told as if they had registered again.
    Those already waiting keep their turn: while anyone waits, the person joins after them.
    A delegation's nominee comes back within the delegation's quota (`reinstate_nominee`).
    """
    event, participant = lock_registration(participant)
    if participant.is_active:
        raise ValidationError(
            _("Only cancelled or declined registrations can be reinstated."), code="active"
        )
    if participant.delegation_id is not None:
        return reinstate_nominee(event, participant)
    placed, _promoted = seat_or_end_of_waitlist(event, [participant], Kind.CONFIRMATION)
    return placed[0]


def decline_participant(*, participant: Participant) -> Participant:
    """Decline a registration; a seat it held goes to the waitlist."""
    return end_registration(participant, Status.DECLINED, Kind.DECLINED)


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
    join_end_of_waitlist(event, participant)
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
