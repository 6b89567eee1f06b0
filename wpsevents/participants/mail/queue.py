"""Queueing emails: recorded with the change that causes them, sent by the worker after commit."""

from django.utils import timezone

from ..models import Delegation, OutgoingEmail, Participant
from .delivery import hand_many_to_worker, hand_to_worker, worker_takes_from_table


def queue_email(
    participant: Participant,
    kind: str,
    *,
    subject: str = "",
    body: str = "",
    recipient: str = "",
    day: int | None = None,
    withdrawn_entries: list[dict] | None = None,
):
    """Record an email to send, in the transaction of the change that causes it.

    It goes to the person, or to `recipient` for a letter sent to someone else;
    `withdrawn_entries` are calendar entries its calendar file cancels. The row is
    all the worker needs (see `delivery`): the change writes no task of its own. Nothing is
    recorded, and None returned, for an address that cannot receive email (`is_deliverable`).
    """
    if not is_deliverable(recipient or participant.email):
        return None
    taken_from_table = worker_takes_from_table()
    message = OutgoingEmail.objects.create(
        participant=participant,
        kind=kind,
        recipient=recipient or participant.email,
        subject=subject,
        body=body,
        day=day,
        withdrawn_entries=withdrawn_entries,
        handed_at=None if taken_from_table else timezone.now(),
    )
    if not taken_from_table:
        hand_to_worker(message.pk)
    return message


def queue_delegation_email(delegation: Delegation, kind: str):
    """Record an email to a delegation's focal point, sent by the worker as any other."""
    taken_from_table = worker_takes_from_table()
    message = OutgoingEmail.objects.create(
        delegation=delegation,
        kind=kind,
        recipient=delegation.focal_point_email,
        handed_at=None if taken_from_table else timezone.now(),
    )
    if not taken_from_table:
        hand_to_worker(message.pk)
    return message


def queue_emails(
    participants,
    kind: str,
    *,
    subject: str = "",
    body: str = "",
    day: int | None = None,
    withdrawn_entries: list[dict] | None = None,
) -> int:
    """Record one email for each participant, for a message to many people: one insert.

    `day` is the day of the event a reminder or a livestream link is for; `withdrawn_entries`
    the calendar entries a programme change notice cancels (`cancelled_session_entry`).
    """
    taken_from_table = worker_takes_from_table()
    handed_at = None if taken_from_table else timezone.now()
    messages = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            participant=participant,
            kind=kind,
            recipient=participant.email,
            subject=subject,
            body=body,
            day=day,
            withdrawn_entries=withdrawn_entries,
            handed_at=handed_at,
        )
        for participant in participants
        if is_deliverable(participant.email)
    )
    if not taken_from_table:
        hand_many_to_worker([message.pk for message in messages])
    return len(messages)


def is_deliverable(address: str) -> bool:
    """Whether email can reach the address: not one under the reserved `.invalid` domain.

    Such an address stands in for one not yet known, as a walk-in's is until an organiser
    writes in the real one; no mail server would ever accept it.
    """
    return not address.lower().rstrip(".").endswith(".invalid")
