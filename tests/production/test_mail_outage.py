"""Mail outages: registrations go on, nothing is lost, and every email leaves exactly once.

A real SMTP server (aiosmtpd) on a loopback port is stopped and started again; the real worker
(`manage.py email_worker --batch`) sends what is queued.
"""

import io
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.participants.helpers import form_post
from wpsevents.participants.models import OutgoingEmail, Participant

Status = OutgoingEmail.Status


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted"

    def recipients(self) -> list[str]:
        return sorted(address for rcpt_tos, _message in self.messages for address in rcpt_tos)


class SmtpServer:
    """A loopback SMTP server that can be stopped and started on the same port."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """The site's email goes through SMTP on loopback and through the database task queue."""
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 3
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield server
    server.stop()


def run_worker():
    """The worker as production runs it, until the queue has nothing ready."""
    call_command(
        "email_worker",
        "--batch",
        "--interval",
        "0",
        "--no-startup-delay",
        verbosity=0,
        stdout=io.StringIO(),
    )


def let_retry_delays_pass():
    """The back-off would make the worker wait minutes; bring the retries forward to now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def register(client, event, count: int) -> list[str]:
    url = reverse("participants:register", kwargs={"slug": event.slug})
    emails = [f"outage{number}@example.org" for number in range(count)]
    for email in emails:
        assert client.post(url, form_post(email=email)).status_code == 302
    return emails


@pytest.mark.django_db(transaction=True)
def test_mail_outage_loses_nothing_and_sends_each_email_once(client, event, smtp):
    emails = register(client, event, 3)
    assert Participant.objects.count() == 3
    run_worker()
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.RETRYING}
    assert all(
        "Connection refused" in error or "Errno" in error
        for error in OutgoingEmail.objects.values_list("last_error", flat=True)
    )
    smtp.start()
    let_retry_delays_pass()
    run_worker()
    run_worker()  # a second pass finds nothing left to send
    assert smtp.inbox.recipients() == sorted(emails)
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {2}


@pytest.mark.django_db(transaction=True)
def test_mail_failing_after_the_retries_is_shown_in_the_admin_and_can_be_retried(
    client, superuser_client, event, smtp, settings
):
    settings.EMAIL_MAX_ATTEMPTS = 2
    [email] = register(client, event, 1)
    run_worker()
    let_retry_delays_pass()
    run_worker()
    message = OutgoingEmail.objects.get()
    assert message.status == Status.FAILED
    assert message.attempts == 2
    changelist = reverse("admin:participants_outgoingemail_changelist")
    page = superuser_client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert message.last_error[:30] in page
    smtp.start()
    response = superuser_client.post(
        changelist, {"action": "retry", ACTION_CHECKBOX_NAME: [message.pk]}
    )
    assert response.status_code == 302
    run_worker()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert smtp.inbox.recipients() == [email]
