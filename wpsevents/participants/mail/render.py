"""Rendering an email at sending time, in the participant's language.

Messages are rendered by the worker, in the participant's language, so that a private link's
secret never rests in the database: each email with a link carries a freshly issued one.
"""

import io
from dataclasses import dataclass
from email.mime.image import MIMEImage
from email.utils import formataddr, make_msgid
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..calendar import calendar_of
from ..documents.letters import render_letter_pdf
from ..models import Letter, OutgoingEmail, Participant
from ..qr import checkin_qr, keep_checkin_qr_svg
from ..summary import RegistrationSummary
from ..tokens import issue_private_link
from .closing import closing_context

KINDS_WITH_LINK = {
    OutgoingEmail.Kind.CONFIRMATION,
    OutgoingEmail.Kind.PROMOTED,
    OutgoingEmail.Kind.APPROVED,
    OutgoingEmail.Kind.LINK,
    OutgoingEmail.Kind.ALREADY_REGISTERED,
    OutgoingEmail.Kind.CHANGED,
    OutgoingEmail.Kind.MESSAGE,
    OutgoingEmail.Kind.INVITATION,
    OutgoingEmail.Kind.HOLD,
    OutgoingEmail.Kind.REMINDER,
    OutgoingEmail.Kind.SESSION_CHANGED,
    OutgoingEmail.Kind.CLOSE_OUT,
}
KINDS_WITH_TICKET = {
    OutgoingEmail.Kind.CONFIRMATION,
    OutgoingEmail.Kind.PROMOTED,
    OutgoingEmail.Kind.APPROVED,
    OutgoingEmail.Kind.INVITATION,
    OutgoingEmail.Kind.REMINDER,
}
# A notice of a programme change carries the calendar, but no check-in code: it is no ticket.
KINDS_WITH_CALENDAR = KINDS_WITH_TICKET | {
    OutgoingEmail.Kind.SESSION_CHANGED,
    OutgoingEmail.Kind.CHANGED,
}


@dataclass(frozen=True)
class RenderedMessage:
    """An email's subject, plain text and HTML, and what its context decided."""

    subject: str
    text: str
    html: str
    context: dict


def render_message(message: OutgoingEmail, *, private_link: str | None = None) -> RenderedMessage:
    """The words of an email, in the active language: what is sent and what a preview shows.

    Without `private_link`, one is issued for the person when the kind carries a link; a
    preview passes a stand-in, so that it issues nothing.
    """
    participant = message.participant
    context = _context(message, participant, private_link)
    return RenderedMessage(
        subject=" ".join(context["subject"].split()),
        text=render_to_string("participants/email/message.txt", context),
        html=render_to_string("participants/email/message.html", context),
        context=context,
    )


def build_email(message: OutgoingEmail) -> EmailMultiAlternatives:
    """Render a queued email, in plain text and HTML, in the participant's language.

    A confirmed place comes with the person's own calendar file, and in person with the
    check-in QR code the HTML shows.
    """
    participant = message.participant
    event = participant.event
    with translation.override(reader_language(message)):
        rendered = render_message(message)
        calendar = None
        if rendered.context["has_ticket"]:
            calendar = calendar_of(participant, withdrawn=message.withdrawn_entries)
    if rendered.context["for_someone_else"]:
        to = message.recipient
    else:
        to = formataddr((participant.full_name, participant.email))
    email = EmailWithInlineImages(
        subject=rendered.subject,
        body=rendered.text,
        to=[to],
        reply_to=[settings.ORGANISERS_EMAIL],
        headers=_headers(message),
    )
    email.attach_alternative(rendered.html, "text/html")
    if rendered.context["letter"] is not None:
        filename = f"invitation-letter-{participant.reference}.pdf"
        email.attach(filename, render_letter_pdf(rendered.context["letter"]), "application/pdf")
    if rendered.context["has_checkin_code"]:
        qr = checkin_qr(participant)
        email.inline_images.append(_qr_image(participant, qr))
        keep_checkin_qr_svg(participant, qr)
    if calendar is not None:
        email.attach(f"{event.slug}.ics", calendar, "text/calendar")
    return email


def reader_language(message: OutgoingEmail) -> str:
    """The language of the email's reader: the focal point's, for a delegate's letter sent to
    their delegation's focal point, and the person's otherwise.
    """
    participant = message.participant
    delegation = participant.delegation
    recipient = message.recipient.lower()
    if (
        message.kind == OutgoingEmail.Kind.LETTER
        and delegation is not None
        and recipient == delegation.focal_point_email.lower()
        and recipient != participant.email.lower()
    ):
        return delegation.language
    return participant.language


def _headers(message: OutgoingEmail) -> dict[str, str]:
    """Headers that tell mail servers what the email is: from the site, automatic or not."""
    headers = {"Message-ID": make_msgid(domain=urlsplit(settings.SITE_URL).hostname)}
    if message.kind != OutgoingEmail.Kind.MESSAGE:  # an organiser's message is written by a person
        headers["Auto-Submitted"] = "auto-generated"
    return headers


def _context(message: OutgoingEmail, participant: Participant, private_link: str | None) -> dict:
    """What the email's templates say, in the active language."""
    event = participant.event
    context = {
        "participant": participant,
        "event": event,
        "kind": message.kind,
        "body": message.body,
        "site_url": settings.SITE_URL,
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "subject": message.subject or subject_for(message.kind, event),
    }
    if participant.is_active:
        context["summary"] = RegistrationSummary.of(participant)
        context["waits_for_group"] = context["summary"].waits_for_group
    if message.kind in KINDS_WITH_LINK and participant.is_active:
        if private_link is None:
            token = issue_private_link(participant)
            private_link = settings.SITE_URL + reverse(
                "participants:manage", kwargs={"token": token}
            )
        context["private_link"] = private_link
    if message.kind == OutgoingEmail.Kind.CLOSE_OUT:
        context.update(closing_context(participant, context.get("private_link")))
    confirmed = participant.status == Participant.Status.CONFIRMED
    ticket = confirmed and message.kind in KINDS_WITH_TICKET
    checkin_code = ticket and participant.is_in_person  # online participants use no door
    calendar = confirmed and message.kind in KINDS_WITH_CALENDAR
    # Someone who had a place was sent a calendar: its end takes the entries off it again.
    had_place = participant.confirmed_at is not None and not participant.is_active
    calendar = calendar or (had_place and message.kind == OutgoingEmail.Kind.CANCELLED)
    context.update(has_ticket=calendar, has_checkin_code=checkin_code)
    context.update(_letter_context(message, participant))
    if message.day is not None:
        context.update(_day_context(event, message.day))
    return context


def _day_context(event, number: int) -> dict:
    """The day a reminder or a livestream link is for: its number, date and first session."""
    days = event.days()
    day = days[min(number, len(days)) - 1]
    starts = [session.starts_at for session in event.sessions.all() if session.local_day == day]
    return {"day_number": number, "day_date": day, "day_starts_at": min(starts, default=None)}


def _letter_context(message: OutgoingEmail, participant: Participant) -> dict:
    """Whether the email carries the person's letter, and goes to someone else (a focal point).

    A letter whose registration was cancelled before the email left is no longer valid: the
    email then says so and carries none.
    """
    is_letter = message.kind == OutgoingEmail.Kind.LETTER
    letter = None
    if is_letter and participant.status == Participant.Status.CONFIRMED:
        letter = Letter.objects.filter(participant=participant).first()
    for_someone_else = is_letter and message.recipient.lower() != participant.email.lower()
    return {"letter": letter, "for_someone_else": for_someone_else}


class EmailWithInlineImages(EmailMultiAlternatives):
    """An email whose HTML shows images it carries, and which has attachments too.

    The text and the HTML go with their inline images in a multipart/related part, and that
    part with the attachments (the calendar file) in multipart/mixed, so that mail clients
    show the calendar as an attachment. Django 5.2 puts them all in one multipart, and some
    clients show nothing of an attachment inside multipart/related.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.inline_images: list[MIMEImage] = []

    def _create_alternatives(self, msg):
        alternatives = super()._create_alternatives(msg)
        if not self.inline_images:
            return alternatives
        encoding = self.encoding or settings.DEFAULT_CHARSET
        related = SafeMIMEMultipart(_subtype="related", encoding=encoding)
        related.attach(alternatives)
        for image in self.inline_images:
            related.attach(image)
        return related


def _qr_image(participant: Participant, qr: segno.QRCode) -> MIMEImage:
    """The check-in QR code as a PNG the HTML part shows inline (cid:checkin-qr)."""
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=2)
    image = MIMEImage(buffer.getvalue(), "png")
    image.add_header("Content-ID", "<checkin-qr>")
    image.add_header("Content-Disposition", "inline", filename=f"{participant.reference}.png")
    return image


def subject_for(kind: str, event) -> str:
    """The subject line of each kind of email, in the active language."""
    subjects = {
        OutgoingEmail.Kind.CONFIRMATION: _("Your registration: %(event)s"),
        OutgoingEmail.Kind.PROMOTED: _("A place is yours: %(event)s"),
        OutgoingEmail.Kind.APPROVED: _("Your registration has been approved: %(event)s"),
        OutgoingEmail.Kind.DECLINED: _("Your registration: %(event)s"),
        OutgoingEmail.Kind.CANCELLED: _("Registration cancelled: %(event)s"),
        OutgoingEmail.Kind.LINK: _("Your private link: %(event)s"),
        OutgoingEmail.Kind.ALREADY_REGISTERED: _("You are already registered: %(event)s"),
        OutgoingEmail.Kind.CHANGED: _("Your registration was changed: %(event)s"),
        OutgoingEmail.Kind.MESSAGE: _("From the organisers: %(event)s"),
        OutgoingEmail.Kind.INVITATION: _("You are invited: %(event)s"),
        OutgoingEmail.Kind.HOLD: _("Confirm your email address to keep your place: %(event)s"),
        OutgoingEmail.Kind.HOLD_LAPSED: _("Your held place was released: %(event)s"),
        OutgoingEmail.Kind.CLOSE_OUT: _("After the event: %(event)s"),
        OutgoingEmail.Kind.LETTER: _("Invitation letter: %(event)s"),
        OutgoingEmail.Kind.REMINDER: _("See you tomorrow: %(event)s"),
        OutgoingEmail.Kind.LIVESTREAM: _("Follow today online: %(event)s"),
        OutgoingEmail.Kind.SESSION_CHANGED: _("Programme change: %(event)s"),
    }
    return subjects[kind] % {"event": event.title}
