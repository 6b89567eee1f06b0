"""The waitlist: free seats go to those waiting, in the order they joined it."""

import contextvars
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.db.models import Max

from wpsevents.events.models import Event

from ..mail.queue import queue_email
from ..models import OutgoingEmail, Participant
from .locking import lock_event, lock_registration
from .seats import (
    has_seat,
    holds_seat,
    refresh_pages_if_seat_freed,
    refresh_pages_if_seat_taken,
    seats_taken,
    set_status,
)

Status = Participant.Status
Kind = OutgoingEmail.Kind

_noted: contextvars.ContextVar[list | None] = contextvars.ContextVar("promotions", default=None)


def fill_free_seats(event: Event) -> list[Participant]:
    """Confirm people waiting, in the order they joined, while a seat is free for them.

    Those whose working group is still full keep their place and are skipped. Nobody is
    emailed here: callers say how (`promote_from_waitlist`). Hold the event's lock.
    """
    promoted, full_groups = [], set()
    if event.capacity is not None and seats_taken(event) >= event.capacity:
        return promoted  # the room is full: the line is not read at all
    waiting = (
        Participant.objects.filter(event=event, status=Status.WAITLISTED)
        .select_related("working_group")
        .order_by("waitlisted_at", "pk")
    )
    for candidate in waiting:
        if event.capacity is not None and seats_taken(event) >= event.capacity:
            break
        # A group found full stays full while this runs: seats are only taken here.
        if candidate.working_group_id in full_groups:
            continue
        if not has_seat(event, candidate.working_group):
            full_groups.add(candidate.working_group_id)
            continue
        set_status(candidate, Status.CONFIRMED)
        candidate.save()
        promoted.append(candidate)
    refresh_pages_if_seat_freed(event)
    return promoted


def promote_from_waitlist(*, event: Event) -> list[Participant]:
    """Give free seats to the waitlist in order, skipping those whose group is still full.

    Each person promoted is emailed ("a place is yours"), once. Must run inside a transaction
    that holds the event's lock.
    """
    promoted = fill_free_seats(event)
    announce_promotions(promoted)
    return promoted


def announce_promotions(promoted: list[Participant]) -> None:
    """Email each person given a seat from the waitlist, and note them for the organiser."""
    for participant in promoted:
        queue_email(participant, Kind.PROMOTED)
    noted = _noted.get()
    if noted is not None:
        noted.extend(promoted)


@contextmanager
def noting_promotions():
    """Collect the people the waitlist promotes while the block runs, to tell an organiser.

    A rule that fails rolls back what it did: a caller counts the list only once the rule
    has returned.
    """
    noted: list[Participant] = []
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)


def seat_or_end_of_waitlist(
    event: Event, newcomers: list[Participant], email_kind: str
) -> tuple[list[Participant], list[Participant]]:
    """Place people (reinstated, approved) after everyone waiting, in the order given.

    Online people are confirmed. In person, a newcomer takes a free seat only when nobody
    waits; otherwise they join the end of the waitlist, which then fills free seats in its
    own order. Each newcomer is sent `email_kind` once, whatever they end up with; the people
    waiting who were promoted get "a place is yours". Return the newcomers as they now stand,
    and the people promoted from among those waiting before.
    """
    for participant in newcomers:
        if _takes_a_seat_at_once(event, participant):
            set_status(participant, Status.CONFIRMED)
        else:
            join_end_of_waitlist(event, participant)
        participant.save()
    promoted = {participant.pk: participant for participant in fill_free_seats(event)}
    newcomers = [promoted.pop(participant.pk, participant) for participant in newcomers]
    announce_promotions(list(promoted.values()))
    for participant in newcomers:
        queue_email(participant, email_kind)
        refresh_pages_if_seat_taken(event, participant)
    return newcomers, list(promoted.values())


def _takes_a_seat_at_once(event: Event, participant: Participant) -> bool:
    if not participant.is_in_person:
        return True
    anyone_waiting = Participant.objects.filter(event=event, status=Status.WAITLISTED).exists()
    return not anyone_waiting and has_seat(event, participant.working_group)


def join_end_of_waitlist(event: Event, participant: Participant) -> None:
    """Waitlist a person after the last one waiting, even should the clock say otherwise."""
    set_status(participant, Status.WAITLISTED)
    last = Participant.objects.filter(event=event, status=Status.WAITLISTED).aggregate(
        last=Max("waitlisted_at")
    )["last"]
    if last is not None and participant.waitlisted_at <= last:
        participant.waitlisted_at = last + timedelta(microseconds=1)


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


@transaction.atomic
def delete_registration(*, participant: Participant) -> list[Participant]:
    """Delete a registration and what hangs on it; a seat it held goes to the waitlist.

    Return the people promoted. A registration deleted meanwhile is left at that.
    """
    event = lock_event(participant.event)
    participant = Participant.objects.filter(pk=participant.pk).first()
    if participant is None:
        return []
    held_seat = holds_seat(participant)
    participant.delete()
    return promote_from_waitlist(event=event) if held_seat else []
