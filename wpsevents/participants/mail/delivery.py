"""The email worker's tasks: send queued emails, retrying with back-off until they go out.

An email's row is the queue. With tasks kept in the database, the worker takes the rows queued
since it last looked into its task queue itself (`hand_over_queued_emails`, every second), a
hundred to a task, so that the change that queues an email writes only the email's row. With
tasks run in-process (development), each email is handed over when its change commits.
"""

import logging
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend

from ..models import OutgoingEmail, Participant
from .delegation_email import build_delegation_email
from .render import build_email

logger = logging.getLogger(__name__)
RETRY_DELAYS = (30, 120, 600, 1800, 3600)  # seconds; the last one repeats
# Emails per task: a task row for each email cost a registration more than its email's row.
BATCH_SIZE = 100
# Emails taken into the task queue in one transaction of the hand-over.
HAND_OVER_LIMIT = 1000


@task()
def deliver_email(message_id: int) -> str:
    """Send a queued email once; on failure record the error and try again later."""
    return _deliver(message_id)


@task()
def deliver_emails(message_ids: list[int]) -> str:
    """Send several queued emails one after another, each as `deliver_email` would."""
    outcomes = Counter(_deliver(message_id) for message_id in message_ids)
    return ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))


def _deliver(message_id: int) -> str:
    with transaction.atomic():
        # Lock the email's row only: the event's row is held by every registration, and
        # skipping a message because its event was busy would leave it unsent.
        message = (
            OutgoingEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("participant__event", "participant__working_group", "delegation__event")
            .filter(pk=message_id)
            .exclude(status__in=[OutgoingEmail.Status.SENT, OutgoingEmail.Status.FAILED])
            .first()
        )
        if message is None:
            return "skipped"
        message.attempts += 1
        try:
            hold_ends = _hold_from_now(message)
            if message.delegation_id is not None:
                email = build_delegation_email(message)
            else:
                email = build_email(message)
            email.extra_headers["Message-ID"] = message_id_header(message)
            email.send()
        except Exception as error:  # any failure of rendering or SMTP must keep the message
            return _schedule_retry(message, error)
        message.status = OutgoingEmail.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
        if hold_ends is not None:
            Participant.objects.filter(
                pk=message.participant_id,
                status=Participant.Status.HELD,
                hold_expires_at__lt=hold_ends,
            ).update(hold_expires_at=hold_ends)
    logger.info("email sent", extra={"email_id": message.pk, "kind": message.kind})
    return "sent"


def _hold_from_now(message: OutgoingEmail):
    """When a held place's email leaves, the hold's minutes start again: a slow or broken mail
    server must not cost the person their seat. Returns the hold's new end, or None.
    """
    participant = message.participant
    if message.kind != OutgoingEmail.Kind.HOLD or participant.status != Participant.Status.HELD:
        return None
    ends = timezone.now() + timedelta(minutes=settings.REGISTRATION_HOLD_MINUTES)
    if participant.hold_expires_at and participant.hold_expires_at >= ends:
        return None
    participant.hold_expires_at = ends  # the email says so
    return ends


def message_id_header(message: OutgoingEmail) -> str:
    """The same Message-ID at every attempt, so that mail programs show a repeated copy once.

    A worker killed after the SMTP server took an email but before its row was marked sent
    sends it again when its task is picked up: no protocol can rule that out, but the repeat
    then carries the first copy's Message-ID, by which mail programs know it for the same one.
    """
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<wpsevents-email-{message.pk}@{host}>"


def _schedule_retry(message: OutgoingEmail, error: Exception) -> str:
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    if message.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        message.status = OutgoingEmail.Status.FAILED
        message.save(update_fields=["status", "attempts", "last_error"])
        logger.warning("email failed for good", extra={"email_id": message.pk})
        return "failed"
    message.status = OutgoingEmail.Status.RETRYING
    message.save(update_fields=["status", "attempts", "last_error"])
    if not deliver_email.get_backend().supports_defer:
        return "retrying"  # sending in-process (development): an organiser retries from the admin
    delay = RETRY_DELAYS[min(message.attempts, len(RETRY_DELAYS)) - 1]
    retry_at = timezone.now() + timedelta(seconds=delay)
    hand_to_worker(message.pk, run_after=retry_at)
    logger.warning("email will be retried", extra={"email_id": message.pk, "delay": delay})
    return "retrying"


def retry_email(message: OutgoingEmail) -> None:
    """Put a failed email back in the queue, as an organiser asks from the admin."""
    OutgoingEmail.objects.filter(pk=message.pk).update(
        status=OutgoingEmail.Status.QUEUED, attempts=0
    )
    send_again([message.pk])


def send_again(message_ids: list[int]) -> None:
    """Queue these emails for the worker once more: the admin's retry, `requeue_emails`.

    Sending stays exactly once: the worker skips an email already sent.
    """
    if worker_takes_from_table():
        OutgoingEmail.objects.filter(pk__in=message_ids).update(handed_at=None)
    else:
        hand_many_to_worker(message_ids)


def worker_takes_from_table() -> bool:
    """Whether the worker takes queued emails from their table (tasks kept in the database).

    Otherwise tasks run in-process, and each email is handed over as its change commits.
    """
    return isinstance(deliver_email.get_backend(), DatabaseBackend)


def hand_over_queued_emails(limit: int = HAND_OVER_LIMIT) -> int:
    """Take the emails queued since the worker last looked into its task queue; return how many.

    The email worker runs this every second. Rows another worker is taking are skipped, so
    two workers never take the same email, and the emails and their tasks commit together.
    """
    with transaction.atomic():
        waiting = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(
            handed_at__isnull=True
        )
        message_ids = list(waiting.order_by("pk").values_list("pk", flat=True)[:limit])
        if message_ids:
            OutgoingEmail.objects.filter(pk__in=message_ids).update(handed_at=timezone.now())
            hand_many_to_worker(message_ids)
    if message_ids:
        logger.info("emails handed to the worker", extra={"count": len(message_ids)})
    return len(message_ids)


def hand_to_worker(message_id: int, *, run_after=None) -> None:
    """Give the worker an email to send now, or at `run_after` (a retry's back-off).

    With tasks kept in the database, the task is written in the current transaction: it
    exists if and only if the change that asks for it commits. Other backends (sending
    in-process, in development) run the task only after the commit, so that nothing is sent
    for a change that was rolled back.
    """
    task = deliver_email if run_after is None else deliver_email.using(run_after=run_after)
    _enqueue(task, message_id)


def hand_many_to_worker(message_ids: list[int]) -> None:
    """Give the worker many emails at once, `BATCH_SIZE` to a task, as `hand_to_worker` does."""
    for start in range(0, len(message_ids), BATCH_SIZE):
        _enqueue(deliver_emails, message_ids[start : start + BATCH_SIZE])


def _enqueue(task, *args) -> None:
    if worker_takes_from_table():  # the task is a row, written in the current transaction
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
