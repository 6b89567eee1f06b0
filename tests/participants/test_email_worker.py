"""The email worker sends while registrations hold the event's lock (PostgreSQL)."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections, transaction

from tests.factories import EventFactory, ParticipantFactory
from wpsevents.events.models import Event
from wpsevents.participants.models import OutgoingEmail
from wpsevents.participants.tasks import deliver_email

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


@pytest.mark.django_db(transaction=True)
def test_deliver_email_sends_while_a_registration_holds_the_event_lock():
    event = EventFactory(capacity=10)
    participant = ParticipantFactory(event=event)
    message = OutgoingEmail.objects.create(
        participant=participant, kind=OutgoingEmail.Kind.CONFIRMATION, recipient=participant.email
    )
    locked, release = threading.Event(), threading.Event()

    def hold_the_event_lock():
        with transaction.atomic():
            Event.objects.select_for_update().get(pk=event.pk)
            locked.set()
            release.wait(timeout=10)
        connections.close_all()

    holder = threading.Thread(target=hold_the_event_lock)
    holder.start()
    locked.wait(timeout=10)
    try:
        result = deliver_email.call(message.pk)
    finally:
        release.set()
        holder.join()
    assert result == "sent"
    assert OutgoingEmail.objects.get(pk=message.pk).status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
