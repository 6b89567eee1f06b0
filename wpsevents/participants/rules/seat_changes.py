"""Organisers change the seats: the registrations follow, and the organiser is told how."""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from wpsevents.events.models import Event, Session
from wpsevents.events.seat_changes import Overbooked, SeatChange

from ..models import OutgoingEmail, Participant
from .locking import lock_event
from .seats import seats_held
from .waitlist import promote_from_waitlist, seat_or_end_of_waitlist

Status = Participant.Status


@transaction.atomic
def apply_seat_change(*, event: Event) -> SeatChange:
    """Bring the registrations in line with the event's seats and approval, once changed.

    With approval off, the registrations still pending are approved in the order they came.
    Then free seats go to the waitlist in its order, each person emailed once. Fewer seats
    than people confirmed un-confirms nobody: the change says so, for the organiser.
    """
    event = lock_event(event)
    approved = []
    if not event.requires_approval:
        pending = (
            Participant.objects.filter(event=event, status=Status.PENDING)
            .select_related("working_group")
            .order_by("created_at", "pk")
        )
        approved = list(pending)
    if approved:
        _placed, promoted = seat_or_end_of_waitlist(event, approved, OutgoingEmail.Kind.APPROVED)
    else:
        promoted = promote_from_waitlist(event=event)
    return _report(event, promoted=len(promoted), approved=len(approved))


@transaction.atomic
def release_working_group(*, session: Session) -> SeatChange:
    """Before a session is deleted: its members move to no group, and the waitlist moves.

    People who waited for a seat in that group now wait only for one in the room.
    """
    event = lock_event(session.event)
    members = Participant.objects.filter(working_group=session).select_for_update()
    for member in members:
        member.working_group = None
        member.save()
    promoted = promote_from_waitlist(event=event)
    return _report(event, promoted=len(promoted))


def _report(event: Event, *, promoted: int, approved: int = 0) -> SeatChange:
    """What the change did, and where more people are confirmed than there are seats."""
    overbooked = []
    taken = seats_held(event)
    if event.capacity is not None and taken > event.capacity:
        overbooked.append(Overbooked(confirmed=taken, seats=event.capacity))
    in_group = (
        Participant.objects.holding_seats()
        .filter(working_group=OuterRef("pk"))
        .order_by()
        .values("working_group")
        .annotate(count=Count("pk"))
        .values("count")
    )
    groups = (
        Session.objects.filter(event=event, capacity__isnull=False)
        .annotate(confirmed=Coalesce(Subquery(in_group), 0))
        .order_by("starts_at", "order", "pk")
    )
    overbooked += [
        Overbooked(confirmed=group.confirmed, seats=group.capacity, group=group.title)
        for group in groups
        if group.confirmed > group.capacity
    ]
    waiting = Participant.objects.filter(event=event, status=Status.WAITLISTED).count()
    return SeatChange(
        promoted=promoted, approved=approved, still_waiting=waiting, overbooked=tuple(overbooked)
    )
