"""What registrants receive: confirmation, private link, QR code and calendar, in their language."""

import re
from email import message_from_bytes

import pytest
import segno
from django.core import mail
from icalendar import Calendar

from tests.factories import registration_data
from wpsevents.participants import rules
from wpsevents.participants.models import AccessToken, OutgoingEmail, Participant

LINK = re.compile(r"https://events\.example\.org(?:/km)?/r/([\w-]+)/")


def register_and_send(event, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        registration = rules.register_participant(event=event, data=registration_data(**overrides))
    return registration


def test_confirmation_email_has_reference_link_qr_and_calendar(
    event, django_capture_on_commit_callbacks
):
    participant = register_and_send(event, django_capture_on_commit_callbacks).participant
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Sokha Chan <sokha@example.org>"]
    assert event.title in message.subject
    assert participant.reference in message.body
    assert LINK.search(message.body)
    html = message.alternatives[0][0]
    assert 'src="cid:checkin-qr"' in html
    assert participant.reference in html
    (qr,) = message.inline_images
    assert qr["Content-ID"] == "<checkin-qr>"
    assert qr.get_content_type() == "image/png"
    (ics,) = message.attachments
    assert ics.filename == f"{event.slug}.ics"
    assert ics.mimetype == "text/calendar"
    calendar = Calendar.from_ical(ics.content)
    assert any(c.get("summary") == f"{event.title}, day 1" for c in calendar.walk("VEVENT"))
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_confirmation_email_links_use_site_url_not_the_request_host(
    client, event, django_capture_on_commit_callbacks
):
    from tests.participants.helpers import form_post

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/{event.slug}/register/", form_post(), HTTP_HOST="localhost")
    body = mail.outbox[0].body
    assert "https://events.example.org/r/" in body
    assert "localhost" not in body


def test_private_link_token_is_stored_only_as_a_hash(event, django_capture_on_commit_callbacks):
    register_and_send(event, django_capture_on_commit_callbacks)
    token = LINK.search(mail.outbox[0].body).group(1)
    assert len(token) >= 22  # at least 128 bits, URL-safe base64
    stored = AccessToken.objects.get()
    assert token not in stored.token_hash
    assert not OutgoingEmail.objects.filter(body__contains=token).exists()


def test_private_link_from_the_email_opens_the_registration(
    client, event, django_capture_on_commit_callbacks
):
    participant = register_and_send(event, django_capture_on_commit_callbacks).participant
    url = LINK.search(mail.outbox[0].body).group(0).replace("https://events.example.org", "")
    page = client.get(url, follow=True).content.decode()
    assert participant.reference in page
    assert "Confirmed" in page


def test_email_with_the_qr_code_readies_it_for_the_private_link(
    client, event, django_capture_on_commit_callbacks, monkeypatch
):
    participant = register_and_send(event, django_capture_on_commit_callbacks).participant
    url = LINK.search(mail.outbox[0].body).group(0).replace("https://events.example.org", "")

    def encode_again(*args, **kwargs):
        raise AssertionError("the QR code was encoded again")

    monkeypatch.setattr(segno, "make", encode_again)
    page = client.get(url, follow=True).content.decode()
    assert "<svg" in page
    assert f"<title>{participant.reference}</title>" in page


def test_online_confirmation_has_the_livestream_and_calendar_but_no_qr_code(
    event, django_capture_on_commit_callbacks
):
    register_and_send(
        event,
        django_capture_on_commit_callbacks,
        attendance_mode=Participant.AttendanceMode.ONLINE,
    )
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "cid:checkin-qr" not in html
    assert "at the door" not in message.body and "at the door" not in html
    assert f"How to follow: {event.livestream_url}" in message.body
    assert f'href="{event.livestream_url}"' in html
    assert [part.filename for part in message.attachments] == [f"{event.slug}.ics"]


def test_waitlisted_email_says_so_and_has_no_qr_code(event, django_capture_on_commit_callbacks):
    from tests.factories import ParticipantFactory

    ParticipantFactory.create_batch(10, event=event)
    register_and_send(event, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert "waitlist" in message.body
    assert "cid:checkin-qr" not in message.alternatives[0][0]


def test_waitlisted_email_names_the_full_working_group(event, django_capture_on_commit_callbacks):
    from tests.factories import SessionFactory

    group = SessionFactory(event=event, kind="working_group", capacity=1, title="Group A")
    register_and_send(event, django_capture_on_commit_callbacks, working_group=group)
    register_and_send(
        event, django_capture_on_commit_callbacks, email="second@example.org", working_group=group
    )
    message = mail.outbox[1]
    assert "The seats of your working group, Group A, are taken" in message.body
    assert "The seats of your working group, Group A, are taken" in message.alternatives[0][0]
    assert "All in-person seats are taken" not in message.body


def test_email_in_khmer_for_khmer_registrants(event, django_capture_on_commit_callbacks):
    event.title_km = "សិក្ខាសាលា"
    event.save()
    register_and_send(event, django_capture_on_commit_callbacks, language="km")
    message = mail.outbox[0]
    assert "សិក្ខាសាលា" in message.subject
    assert "https://events.example.org/km/r/" in message.body
    assert '<html lang="km">' in message.alternatives[0][0]


def test_promotion_email_reaches_the_promoted_person(event, django_capture_on_commit_callbacks):
    from tests.factories import ParticipantFactory

    ParticipantFactory.create_batch(9, event=event)
    holder = register_and_send(
        event, django_capture_on_commit_callbacks, email="holder@example.org"
    ).participant
    register_and_send(event, django_capture_on_commit_callbacks, email="waiting@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rules.cancel_registration(participant=holder)
    recipients = {message.to[0] for message in mail.outbox}
    assert any("waiting@example.org" in to for to in recipients)
    promoted = next(m for m in mail.outbox if "waiting@example.org" in m.to[0])
    assert "a seat has become free" in promoted.body
    assert "cid:checkin-qr" in promoted.alternatives[0][0]


def test_confirmation_goes_through_a_real_smtp_server(
    event, smtp_server, django_capture_on_commit_callbacks
):
    participant = register_and_send(event, django_capture_on_commit_callbacks).participant
    assert len(smtp_server.messages) == 1
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["sokha@example.org"]
    received = message_from_bytes(envelope.content)
    parts = {part.get_content_type() for part in received.walk()}
    assert {"text/plain", "text/html", "image/png", "text/calendar"} <= parts
    text = next(p for p in received.walk() if p.get_content_type() == "text/plain")
    assert participant.reference in text.get_payload(decode=True).decode()
    assert Participant.objects.get().status == "confirmed"


def _delivered_parts(inbox) -> tuple[str, str]:
    """The plain text and the HTML of the one message the SMTP server received."""
    (envelope,) = inbox.messages
    received = message_from_bytes(envelope.content)
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode(part.get_content_charset())
        for part in received.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    }
    return parts["text/plain"], parts["text/html"]


@pytest.mark.parametrize(
    ("language", "salutation", "name_khmer", "greeting"),
    [
        ("km", "ms", "ចាន់ សុខា", "ជម្រាបសួរ លោកស្រី ចាន់ សុខា"),
        ("km", "", "ចាន់ សុខា", "ជម្រាបសួរ លោកស្រី ចាន់ សុខា"),
        ("km", "ms", "", "ជម្រាបសួរ លោកស្រី Sokha Chan"),
        ("en", "ms", "ចាន់ សុខា", "Dear Ms Sokha Chan,"),
    ],
    ids=["khmer with salutation", "khmer without salutation", "no khmer name", "english"],
)
def test_email_greets_the_person_by_the_name_they_wrote_in_its_language(
    event,
    smtp_server,
    django_capture_on_commit_callbacks,
    language,
    salutation,
    name_khmer,
    greeting,
):
    register_and_send(
        event,
        django_capture_on_commit_callbacks,
        language=language,
        salutation=salutation,
        name_khmer=name_khmer,
    )
    text, html = _delivered_parts(smtp_server)
    assert text.splitlines()[0] == greeting
    assert f"<p>{greeting}</p>" in html


def test_khmer_email_greeting_escapes_the_khmer_name_in_html(
    event, smtp_server, django_capture_on_commit_callbacks
):
    register_and_send(
        event, django_capture_on_commit_callbacks, language="km", name_khmer="សុខា <b>"
    )
    text, html = _delivered_parts(smtp_server)
    assert text.splitlines()[0] == "ជម្រាបសួរ លោកស្រី សុខា <b>"
    assert "<p>ជម្រាបសួរ លោកស្រី សុខា &lt;b&gt;</p>" in html
