"""The email worker: it takes the emails queued with a change into its task queue, a hundred to
a task, and sends while registrations hold the event's lock (PostgreSQL)."""

import contextlib
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections, transaction
from django_tasks_db.models import DBTaskResult

from tests.factories import EventFactory, ParticipantFactory, registration_data
from wpsevents.events.models import Event
from wpsevents.participants import rules
from wpsevents.participants.mail.delivery import deliver_email, hand_over_queued_emails
from wpsevents.participants.mail.queue import queue_email
from wpsevents.participants.models import OutgoingEmail, Participant


@contextlib.contextmanager
def row_locked_elsewhere(rows):
    """Hold these rows locked in another connection, as another request or worker would."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            list(rows.select_for_update())
            locked.set()
            release.wait(timeout=10)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(timeout=10)
    try:
        yield
    finally:
        release.set()
        holder.join()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_deliver_email_sends_while_a_registration_holds_the_event_lock():
    event = EventFactory(capacity=10)
    participant = ParticipantFactory(event=event)
    message = OutgoingEmail.objects.create(
        participant=participant, kind=OutgoingEmail.Kind.CONFIRMATION, recipient=participant.email
    )
    with row_locked_elsewhere(Event.objects.filter(pk=event.pk)):
        result = deliver_email.call(message.pk)
    assert result == "sent"
    assert OutgoingEmail.objects.get(pk=message.pk).status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_tasks() -> list[list]:
    return [task.args_kwargs["args"] for task in DBTaskResult.objects.all()]


@pytest.mark.django_db(transaction=True)
def test_a_registration_saves_its_email_and_the_worker_takes_and_sends_it(database_tasks):
    event = EventFactory(capacity=10)
    with transaction.atomic():
        registration = rules.register_participant(event=event, data=registration_data())
        message = OutgoingEmail.objects.get(participant=registration.participant)
        assert message.status == OutgoingEmail.Status.QUEUED
        assert message.handed_at is None
        assert queued_tasks() == [], "the registration writes no task of its own"
    call_command("email_worker", "--batch", "--queue-name", "default", verbosity=0)
    message.refresh_from_db()
    assert message.status == OutgoingEmail.Status.SENT
    assert message.handed_at is not None
    assert len(mail.outbox) == 1
    assert message.recipient in mail.outbox[0].to[0]


@pytest.mark.django_db(transaction=True)
def test_the_running_worker_takes_new_emails_by_itself(database_tasks):
    event = EventFactory(capacity=10)
    rules.register_participant(event=event, data=registration_data())
    # Not --batch: the worker as the Procfile runs it, told to stop after one task.
    call_command(
        "email_worker", "--max-tasks", "1", "--interval", "0.1", "--no-startup-delay", verbosity=0
    )
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_each_queued_email_is_handed_over_once(database_tasks):
    participants = ParticipantFactory.create_batch(3)
    for participant in participants:
        queue_email(participant, OutgoingEmail.Kind.LINK)
    assert hand_over_queued_emails() == 3
    assert hand_over_queued_emails() == 0
    assert len(queued_tasks()) == 1, "three emails, one task"
    call_command("email_worker", "--batch", "--queue-name", "default", verbosity=0)
    assert len(mail.outbox) == 3


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_take_the_same_email(database_tasks):
    first, second = ParticipantFactory.create_batch(2)
    taken_first = queue_email(first, OutgoingEmail.Kind.LINK)
    with row_locked_elsewhere(OutgoingEmail.objects.filter(pk=taken_first.pk)):
        later = queue_email(second, OutgoingEmail.Kind.LINK)
        handed = hand_over_queued_emails()
    assert handed == 1, "the row another worker holds is skipped, not waited for"
    assert queued_tasks() == [[[later.pk]]]


@pytest.mark.django_db(transaction=True)
def test_a_registration_rolled_back_leaves_no_email_and_no_task(database_tasks):
    event = EventFactory(capacity=10)
    with pytest.raises(RuntimeError), transaction.atomic():
        rules.register_participant(event=event, data=registration_data())
        raise RuntimeError("the surrounding change failed")
    assert not Participant.objects.exists()
    assert not OutgoingEmail.objects.exists()
    assert queued_tasks() == []


@pytest.mark.django_db(transaction=True)
def test_a_message_to_many_goes_out_in_batches_of_a_hundred(database_tasks):
    from django.test.utils import CaptureQueriesContext

    from tests.backoffice.helpers import bulk_participants
    from wpsevents.participants.admin.messaging import send_message

    event = EventFactory(capacity=None)
    bulk_participants(event, 250)
    with CaptureQueriesContext(connection) as queries:
        sent = send_message(
            participants=Participant.objects.filter(event=event), subject="Room", body="Lotus room."
        )
    assert sent == 250
    assert len(queries) <= 12  # a few per batch of 500, never one per person
    assert hand_over_queued_emails() == 250
    assert [len(args[0]) for args in queued_tasks()] == [100, 100, 50]
    call_command("db_worker", "--batch", "--queue-name", "default", verbosity=0)
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 250
    assert len(mail.outbox) == 250
    assert len({message.to[0] for message in mail.outbox}) == 250


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend")
@pytest.mark.django_db(transaction=True)
def test_email_worker_carries_on_after_losing_the_database(database_tasks, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    from wpsevents.participants.management.commands import email_worker

    monkeypatch.setattr(email_worker, "PAUSE_SECONDS", 0)
    real_run, runs = db_worker.Worker.run, []

    def run_losing_the_database_the_first_time(worker):
        runs.append(worker)
        if len(runs) == 1:
            with connection.cursor() as cursor:  # what a restart does to the worker's session
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return real_run(worker)

    monkeypatch.setattr(db_worker.Worker, "run", run_losing_the_database_the_first_time)
    event = EventFactory(capacity=10)
    rules.register_participant(event=event, data=registration_data())
    call_command("email_worker", "--batch", "--queue-name", "default", verbosity=0)
    assert len(runs) == 2
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
