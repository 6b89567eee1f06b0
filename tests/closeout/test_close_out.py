"""The close-out: one email to each person after the event, through a real SMTP server."""

import re
from datetime import timedelta
from email import message_from_bytes
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory
from tests.spamassassin import needs_spamassassin, too_spammy
from wpsevents.khmer import local_date
from wpsevents.participants import rules
from wpsevents.participants.models import Certificate, OutgoingEmail, Participant
from wpsevents.participants.privacy import purge_event

from .conftest import attendee

LINK = re.compile(r"https://events\.example\.org(?:/km)?/r/[\w-]+/(certificate\.pdf|feedback/)?")


def _close_out(event, capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("close_out", event=event.slug, stdout=out)
    return out.getvalue()


def _inbox(smtp_server) -> dict[str, str]:
    """The plain text of each message the SMTP server received, by recipient."""
    texts = {}
    for envelope in smtp_server.messages:
        received = message_from_bytes(envelope.content)
        part = next(p for p in received.walk() if p.get_content_type() == "text/plain")
        (recipient,) = envelope.rcpt_tos
        assert recipient not in texts, f"{recipient} was written to twice"
        texts[recipient] = part.get_payload(decode=True).decode(part.get_content_charset())
    return texts


def test_close_out_writes_once_to_each_and_a_second_run_sends_nothing(
    held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    said = _close_out(held_event, django_capture_on_commit_callbacks)
    assert "4 emails queued" in said
    assert "2 attended (with a certificate), 1 absent, 1 online; 0 written to before" in said
    assert len(smtp_server.messages) == 4
    again = _close_out(held_event, django_capture_on_commit_callbacks)
    assert "0 emails queued" in again and "4 written to before" in again
    assert len(smtp_server.messages) == 4
    assert set(_inbox(smtp_server)) == {
        "came@example.org",
        "came-km@example.org",
        "absent@example.org",
        "online@example.org",
    }
    assert OutgoingEmail.objects.filter(kind="close_out", status="sent").count() == 4


def test_attendees_get_thanks_materials_survey_and_a_certificate_that_verifies(
    client, held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    _close_out(held_event, django_capture_on_commit_callbacks)
    text = _inbox(smtp_server)["came@example.org"]
    assert "Thank you for taking part" in text
    assert "your registration page; keep it to yourself" in text  # nothing left to change
    assert "Slides of day 1: https://example.org/slides.pdf" in text
    assert "Draft not yet out" not in text
    assert "Recording of both days" not in text  # they were there
    links = {match.group(1) for match in LINK.finditer(text)}
    assert {"certificate.pdf", "feedback/"} <= links
    for person in (people["came"], people["came_km"]):
        certificate = Certificate.objects.get(participant=person)
        page = client.get(certificate.get_absolute_url())
        assert page.status_code == 200
        assert person.full_name in page.content.decode()


def test_certificate_link_in_the_email_downloads_the_pdf(
    client, held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    _close_out(held_event, django_capture_on_commit_callbacks)
    text = _inbox(smtp_server)["came@example.org"]
    url = next(m.group(0) for m in LINK.finditer(text) if m.group(1) == "certificate.pdf")
    opened = client.get(url.removeprefix("https://events.example.org"), follow=True)
    assert opened["Content-Type"] == "application/pdf"
    assert opened.content.startswith(b"%PDF")


def test_absentees_get_the_recording_and_materials_and_no_certificate_or_survey(
    held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    _close_out(held_event, django_capture_on_commit_callbacks)
    text = _inbox(smtp_server)["absent@example.org"]
    assert "Recording of both days: https://video.example.org/wps-2026" in text
    assert "Slides of day 1: https://example.org/slides.pdf" in text
    assert "certificate" not in text.lower()
    assert "feedback/" not in text
    assert not Certificate.objects.filter(participant=people["absent"]).exists()


def test_online_participants_get_recording_materials_and_survey(
    held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    _close_out(held_event, django_capture_on_commit_callbacks)
    text = _inbox(smtp_server)["online@example.org"]
    assert "Thank you for following the event online" in text
    assert "https://video.example.org/wps-2026" in text
    assert {m.group(1) for m in LINK.finditer(text)} >= {"feedback/"}
    assert "certificate.pdf" not in text


def test_each_is_written_to_in_their_language(
    held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    _close_out(held_event, django_capture_on_commit_callbacks)
    text = _inbox(smtp_server)["came-km@example.org"]
    assert "Thank you" not in text
    assert "សូមអរគុណ" in text
    assert "/km/r/" in text


def test_the_livestream_stands_for_the_recording_when_none_is_published(
    db, smtp_server, django_capture_on_commit_callbacks
):
    starts = timezone.now() - timedelta(days=3)
    event = EventFactory(
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        livestream_url="https://www.youtube.com/live/wps",
    )
    ParticipantFactory(event=event, email="absent@example.org")
    _close_out(event, django_capture_on_commit_callbacks)
    assert "https://www.youtube.com/live/wps" in _inbox(smtp_server)["absent@example.org"]


def test_close_out_before_the_event_is_over_is_refused(
    db, smtp_server, django_capture_on_commit_callbacks
):
    event = EventFactory(starts_at=timezone.now() - timedelta(hours=2))
    attendee(event, 1)
    with pytest.raises(CommandError, match="once the event is over"):
        _close_out(event, django_capture_on_commit_callbacks)
    assert not smtp_server.messages
    assert not Certificate.objects.exists()


def test_someone_added_after_a_close_out_is_written_to_by_the_next(
    held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    _close_out(held_event, django_capture_on_commit_callbacks)
    attendee(held_event, 1, email="late@example.org")
    said = _close_out(held_event, django_capture_on_commit_callbacks)
    assert "1 emails queued" in said
    assert len(smtp_server.messages) == 5


def test_dry_run_counts_and_sends_nothing(held_event, people, smtp_server):
    out = StringIO()
    call_command("close_out", event=held_event.slug, dry_run=True, stdout=out)
    assert "4 emails would be sent" in out.getvalue()
    assert not OutgoingEmail.objects.exists()
    assert not Certificate.objects.exists()


def test_the_database_refuses_a_second_close_out_email(held_event, people):
    rules.close_out_event(event=held_event)
    with pytest.raises(Exception, match="one_close_out_email_per_participant"):
        OutgoingEmail.objects.create(
            participant=people["absent"], kind="close_out", recipient="absent@example.org"
        )


def test_close_out_after_a_purge_writes_to_nobody(
    held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    purge_event(event=held_event, older_than_days=None, ran_by="test")
    with pytest.raises(CommandError, match="purged"):
        _close_out(held_event, django_capture_on_commit_callbacks)
    assert not smtp_server.messages
    assert not Certificate.objects.exists()


def test_close_out_once_the_links_expired_is_refused_and_sends_nothing(
    held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    expired = held_event.private_links_expire_at
    with time_machine.travel(expired + timedelta(hours=1)):
        with pytest.raises(CommandError, match="can no longer be sent") as refused:
            _close_out(held_event, django_capture_on_commit_callbacks)
        assert local_date(timezone.localtime(expired)) in str(refused.value)
    assert not smtp_server.messages
    assert not Certificate.objects.exists()
    with time_machine.travel(expired - timedelta(hours=1)):
        _close_out(held_event, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 4


def test_a_walk_in_without_an_address_waits_for_one(
    held_event, people, smtp_server, django_capture_on_commit_callbacks
):
    walk_in = attendee(held_event, 1, email="walk-in-1@walk-in.invalid")
    assert "4 emails queued" in _close_out(held_event, django_capture_on_commit_callbacks)
    walk_in.email = "walked-in@example.org"
    walk_in.save()
    said = _close_out(held_event, django_capture_on_commit_callbacks)
    assert "1 emails queued" in said and "1 attended" in said
    assert "walked-in@example.org" in _inbox(smtp_server)


@needs_spamassassin
@pytest.mark.parametrize("language", ["en", "km"])
def test_close_out_emails_score_as_ham_with_spamassassin(
    held_event, smtp_server, language, django_capture_on_commit_callbacks
):
    attendee(held_event, 1, 2, email="came@example.org", language=language)
    ParticipantFactory(event=held_event, email="absent@example.org", language=language)
    ParticipantFactory(
        event=held_event,
        email="online@example.org",
        language=language,
        attendance_mode=Participant.AttendanceMode.ONLINE,
    )
    _close_out(held_event, django_capture_on_commit_callbacks)
    sent = {m.rcpt_tos[0].split("@")[0]: m.content for m in smtp_server.messages}
    assert set(sent) == {"came", "absent", "online"}
    assert not too_spammy(sent)
