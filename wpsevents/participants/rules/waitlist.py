"""The waitlist: freed seats go to those waiting, in the order they joined it."""

from django.db import transaction

from wpsevents.events.models import Event

from ..mail.queue import queue_email
from ..models import OutgoingEmail, Participant
from .locking import lock_registration
from .seats import has_seat, holds_seat, refresh_pages_if_seat_freed, seats_taken, set_status

Status = Participant.Status
Kind = OutgoingEmail.Kind


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
def end_registration(participant: Participant, status: str, email_kind: str) -> Participant:
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
