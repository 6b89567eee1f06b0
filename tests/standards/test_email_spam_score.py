"""Every email the site sends passes SpamAssassin's local rules, as a mail server would judge it."""

from email import message_from_bytes

import pytest

from tests.factories import DelegationFactory, ParticipantFactory
from tests.spamassassin import needs_spamassassin, spam_scores, too_spammy
from wpsevents.participants import rules
from wpsevents.participants.mail.queue import queue_email
from wpsevents.participants.models import OutgoingEmail, Participant

KINDS = {
    "confirmation": (OutgoingEmail.Kind.CONFIRMATION, Participant.Status.CONFIRMED),
    "waitlist": (OutgoingEmail.Kind.CONFIRMATION, Participant.Status.WAITLISTED),
    "promotion": (OutgoingEmail.Kind.PROMOTED, Participant.Status.CONFIRMED),
    "cancellation": (OutgoingEmail.Kind.CANCELLED, Participant.Status.CANCELLED),
    "link": (OutgoingEmail.Kind.LINK, Participant.Status.CONFIRMED),
    "already-registered": (OutgoingEmail.Kind.ALREADY_REGISTERED, Participant.Status.CONFIRMED),
    "changed": (OutgoingEmail.Kind.CHANGED, Participant.Status.CONFIRMED),
    "message": (OutgoingEmail.Kind.MESSAGE, Participant.Status.CONFIRMED),
    "hold": (OutgoingEmail.Kind.HOLD, Participant.Status.HELD),
    "pending": (OutgoingEmail.Kind.CONFIRMATION, Participant.Status.PENDING),
    "approval": (OutgoingEmail.Kind.APPROVED, Participant.Status.CONFIRMED),
    "invitation": (OutgoingEmail.Kind.INVITATION, Participant.Status.CONFIRMED),
    "declined": (OutgoingEmail.Kind.DECLINED, Participant.Status.DECLINED),
    "hold-lapsed": (OutgoingEmail.Kind.HOLD_LAPSED, Participant.Status.CANCELLED),
    "letter": (OutgoingEmail.Kind.LETTER, Participant.Status.CONFIRMED),
    "reminder": (OutgoingEmail.Kind.REMINDER, Participant.Status.CONFIRMED),
    "livestream": (OutgoingEmail.Kind.LIVESTREAM, Participant.Status.CONFIRMED),
    "session-changed": (OutgoingEmail.Kind.SESSION_CHANGED, Participant.Status.CONFIRMED),
}
# What the emails with words of their own say: an organiser's message, a programme change.
BODIES = {
    "message": "The programme has a new session on Tuesday afternoon.",
    "session-changed": "The session “Opening” has changed.\nBefore: 13 January 2027, 08:30–09:00.\n"
    "Now: 13 January 2027, 09:00–09:30, Main hall.",
}
FOR_A_DAY = {OutgoingEmail.Kind.REMINDER, OutgoingEmail.Kind.LIVESTREAM}
ONLINE = {OutgoingEmail.Kind.LIVESTREAM}


def _send_every_kind(event, smtp_server, language, capture) -> dict[str, bytes]:
    """Each kind of email, sent through the SMTP server, as received, by recipient's name."""
    with capture(execute=True):
        for name, (kind, status) in KINDS.items():
            participant = ParticipantFactory(
                event=event,
                status=status,
                language=language,
                email=f"{name}@example.org",
                attendance_mode="online" if kind in ONLINE else "in_person",
            )
            if kind == OutgoingEmail.Kind.LETTER:  # the letter exists before its email
                rules.send_letter(participant=participant)
            else:
                day = 1 if kind in FOR_A_DAY else None
                queue_email(participant, kind, body=BODIES.get(name, ""), day=day)
    return {m.rcpt_tos[0].split("@")[0]: m.content for m in smtp_server.messages}


@needs_spamassassin
@pytest.mark.parametrize("language", ["en", "km"])
def test_every_email_scores_as_ham_with_spamassassin(
    event, smtp_server, language, django_capture_on_commit_callbacks
):
    sent = _send_every_kind(event, smtp_server, language, django_capture_on_commit_callbacks)
    assert set(spam_scores(sent)) == set(KINDS)
    assert not too_spammy(sent)


def test_emails_reply_to_the_organisers_and_say_whether_they_are_automatic(
    event, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.ORGANISERS_EMAIL = "Workshop team <team@example.org>"
    sent = _send_every_kind(event, smtp_server, "en", django_capture_on_commit_callbacks)
    received = {name: message_from_bytes(content) for name, content in sent.items()}
    for name, message in received.items():
        assert message["Reply-To"] == "Workshop team <team@example.org>", name
        assert message["Message-ID"].endswith("@events.example.org>"), name
        expected = None if name == "message" else "auto-generated"
        assert message["Auto-Submitted"] == expected, name


@needs_spamassassin
@pytest.mark.parametrize("language", ["en", "km"])
def test_delegation_link_email_scores_as_ham_with_spamassassin(
    event, smtp_server, language, django_capture_on_commit_callbacks
):
    delegation = DelegationFactory(
        event=event, focal_point_email="focal@example.org", language=language
    )
    with django_capture_on_commit_callbacks(execute=True):
        rules.send_delegation_link(delegation=delegation)
    sent = {m.rcpt_tos[0].split("@")[0]: m.content for m in smtp_server.messages}
    assert list(sent) == ["focal"]
    assert not too_spammy(sent)
