"""Queueing emails: recorded with the change that causes them, sent by the worker after commit."""

from django.utils import timezone

from ..models import Delegation, OutgoingEmail, Participant
from .delivery import hand_many_to_worker, hand_to_worker, worker_takes_from_table


def queue_email(participant: Participant, kind: str, *, subject: str = "", body: str = ""):
    """Record an email to send, in the transaction of the change that causes it.

    The row is all the worker needs (see `delivery`): the change writes no task of its own.
    """
    taken_from_table = worker_takes_from_table()
    message = OutgoingEmail.objects.create(
        participant=participant,
        kind=kind,
        recipient=participant.email,
        subject=subject,
        body=body,
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


def queue_emails(participants, kind: str, *, subject: str = "", body: str = "") -> int:
    """Record one email for each participant, for a message to many people: one insert."""
    taken_from_table = worker_takes_from_table()
    handed_at = None if taken_from_table else timezone.now()
    messages = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            participant=participant,
            kind=kind,
            recipient=participant.email,
            subject=subject,
            body=body,
            handed_at=handed_at,
        )
        for participant in participants
    )
    if not taken_from_table:
        hand_many_to_worker([message.pk for message in messages])
    return len(messages)
