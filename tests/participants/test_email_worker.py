"""The email worker: it takes the emails queued with a change into its task queue, a hundred to
a task, sends while registrations hold the event's lock (PostgreSQL), and picks up the emails of a
worker killed in the middle of sending them."""

import asyncio
import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections, transaction
from django_tasks_db.models import DBTaskResult

from tests.factories import EventFactory, ParticipantFactory, registration_data
from wpsevents.events.models import Event
from wpsevents.participants import rules
from wpsevents.participants.mail.delivery import deliver_email, hand_over_queued_emails
from wpsevents.participants.mail.queue import queue_email
from wpsevents.participants.mail.workers import WorkerPresence, release_tasks_of_stopped_workers
from wpsevents.participants.models import OutgoingEmail, Participant

ROOT = Path(__file__).resolve().parents[2]


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


class HoldingInbox:
    """An SMTP server's handler that keeps what it accepts, and holds one recipient back.

    While the recipient numbered `hold_at` waits for its answer, the sending worker is in the
    middle of the SMTP conversation: that is when the test kills it.
    """

    def __init__(self, hold_at: int):
        self.hold_at = hold_at
        self.recipients_seen = 0
        self.messages = []
        self.holding = threading.Event()
        self.go_on = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.recipients_seen += 1
        if self.recipients_seen == self.hold_at:
            self.holding.set()
            while not self.go_on.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(smtp_port: int) -> subprocess.Popen:
    """The email worker in a process of its own, as systemd runs it, on the test database."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": "20",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CACHE_URL": "locmemcache://",
        "SITE_URL": "https://events.example.org",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [sys.executable, "manage.py", "email_worker", "--queue-name", "default"]
    command += ["--interval", "0.2", "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_for(condition, timeout: float) -> float:
    """Wait until `condition()` holds; return the seconds it took."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "gave up waiting"
        time.sleep(0.1)
    return time.monotonic() - started


@pytest.fixture
def holding_smtp():
    """A real SMTP server on loopback that holds back the second recipient it is sent."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = HoldingInbox(hold_at=2)
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    yield inbox, port
    inbox.go_on.set()
    server.stop()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_delivers_each_email_once_within_a_minute_of_coming_back(
    database_tasks, holding_smtp
):
    inbox, port = holding_smtp
    participants = ParticipantFactory.create_batch(3)
    for participant in participants:
        queue_email(participant, OutgoingEmail.Kind.LINK)
    first_worker = start_worker(port)
    try:
        assert inbox.holding.wait(timeout=60), "the worker never reached the second email"
        first_worker.send_signal(signal.SIGKILL)  # in the middle of the SMTP conversation
    finally:
        first_worker.wait(timeout=30)
    assert len(inbox.messages) == 1
    [stuck_task] = DBTaskResult.objects.filter(status="RUNNING")
    inbox.go_on.set()  # the server answers a client that is gone; no message follows

    second_worker = start_worker(port)  # what systemd does 5 seconds later
    try:
        took = wait_for(lambda: len(inbox.messages) == 3, timeout=60)
        call_command("requeue_emails", stdout=io.StringIO())  # the safety net, too
        time.sleep(3)
    finally:
        second_worker.terminate()
        second_worker.wait(timeout=30)
    assert took < 60, f"delivered {took:.0f} s after the worker came back"
    assert sorted(m["To"].split("<")[-1].rstrip(">") for m in inbox.messages) == sorted(
        p.email for p in participants
    )
    emails = OutgoingEmail.objects.order_by("pk")
    assert [m["Message-ID"] for m in inbox.messages] == [
        f"<wpsevents-email-{email.pk}@events.example.org>" for email in emails
    ]
    assert {(email.status, email.attempts) for email in emails} == {("sent", 1)}
    stuck_task.refresh_from_db()
    assert stuck_task.status == "FAILED"
    assert stuck_task.exception_class_path.endswith("WorkerStopped")


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_running_task_of_a_live_worker_is_left_alone(database_tasks):
    participant = ParticipantFactory()
    message = queue_email(participant, OutgoingEmail.Kind.LINK)
    hand_over_queued_emails()
    task = DBTaskResult.objects.get()
    presence = WorkerPresence("a-live-worker")
    presence.hold()
    try:
        task.claim("a-live-worker")
        assert release_tasks_of_stopped_workers() == 0
        task.refresh_from_db()
        assert task.status == "RUNNING"
    finally:
        presence.release()
    assert release_tasks_of_stopped_workers() == 1, "once the worker is gone, its email goes back"
    message.refresh_from_db()
    assert message.handed_at is None
