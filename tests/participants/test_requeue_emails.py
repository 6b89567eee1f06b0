"""Emails left waiting in the queue are handed to the worker again, and sent once."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wpsevents.participants.models import OutgoingEmail


def waiting_email(participant, minutes_ago):
    message = OutgoingEmail.objects.create(
        participant=participant, kind=OutgoingEmail.Kind.CONFIRMATION, recipient=participant.email
    )
    created = timezone.now() - timedelta(minutes=minutes_ago)
    OutgoingEmail.objects.filter(pk=message.pk).update(created_at=created)
    return message


def test_requeue_emails_sends_what_waited_too_long(participant, django_capture_on_commit_callbacks):
    stale = waiting_email(participant, minutes_ago=60)
    fresh = waiting_email(participant, minutes_ago=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_emails", "--older-than", "15", stdout=io.StringIO())
    assert OutgoingEmail.objects.get(pk=stale.pk).status == OutgoingEmail.Status.SENT
    assert OutgoingEmail.objects.get(pk=fresh.pk).status == OutgoingEmail.Status.QUEUED
    assert len(mail.outbox) == 1


def test_requeue_emails_never_sends_twice(participant, django_capture_on_commit_callbacks):
    waiting_email(participant, minutes_ago=60)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("requeue_emails", stdout=io.StringIO())
    assert len(mail.outbox) == 1
