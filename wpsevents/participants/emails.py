"""The emails participants receive: queued with the change that causes them, rendered at sending.

Messages are rendered by the worker, in the participant's language, so that a private link's
secret never rests in the database: each email with a link carries a freshly issued one.
"""

import io
from email.mime.image import MIMEImage
from email.utils import formataddr

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wpsevents.events.calendar import calendar_for

from .models import OutgoingEmail, Participant

KINDS_WITH_LINK = {
    OutgoingEmail.Kind.CONFIRMATION,
    OutgoingEmail.Kind.PROMOTED,
    OutgoingEmail.Kind.APPROVED,
    OutgoingEmail.Kind.LINK,
    OutgoingEmail.Kind.MESSAGE,
    OutgoingEmail.Kind.INVITATION,
}
# Long enough for the first visits to the private link after the email that drew the code.
QR_TIMEOUT = 60 * 60 * 24 * 7
KINDS_WITH_TICKET = {
    OutgoingEmail.Kind.CONFIRMATION,
    OutgoingEmail.Kind.PROMOTED,
    OutgoingEmail.Kind.APPROVED,
    OutgoingEmail.Kind.INVITATION,
}


def queue_email(participant: Participant, kind: str, *, subject: str = "", body: str = ""):
    """Record an email to send, in the transaction of the change that causes it.

    The row is all the worker needs (see `tasks`): the change writes no task of its own.
    """
    from .tasks import hand_to_worker, worker_takes_from_table

    taken_from_table = worker_takes_from_table()
    message = OutgoingEmail.objects.create(
        participant=participant,
        kind=kind,
        recipient=participant.email,
        subject=subject,
        body=body,
        handed_at=None if taken_from_table else timezone.now(),
    )
    if not taken_from_table:
        hand_to_worker(message.pk)
    return message


def queue_emails(participants, kind: str, *, subject: str = "", body: str = "") -> int:
    """Record one email for each participant, for a message to many people: one insert."""
    from .tasks import hand_many_to_worker, worker_takes_from_table

    taken_from_table = worker_takes_from_table()
    handed_at = None if taken_from_table else timezone.now()
    messages = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            participant=participant,
            kind=kind,
            recipient=participant.email,
            subject=subject,
            body=body,
            handed_at=handed_at,
        )
        for participant in participants
    )
    if not taken_from_table:
        hand_many_to_worker([message.pk for message in messages])
    return len(messages)


def build_email(message: OutgoingEmail) -> EmailMultiAlternatives:
    """Render a queued email, in plain text and HTML, in the participant's language."""
    from .tokens import issue_private_link

    participant = message.participant
    event = participant.event
    with translation.override(participant.language):
        context = {
            "participant": participant,
            "event": event,
            "kind": message.kind,
            "body": message.body,
            "site_url": settings.SITE_URL,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
        }
        if message.kind in KINDS_WITH_LINK and participant.is_active:
            token = issue_private_link(participant)
            context["private_link"] = settings.SITE_URL + reverse(
                "participants:manage", kwargs={"token": token}
            )
        ticket = message.kind in KINDS_WITH_TICKET and participant.status == "confirmed"
        checkin_code = ticket and participant.is_in_person  # online participants use no door
        context.update(has_ticket=ticket, has_checkin_code=checkin_code)
        context["waits_for_group"] = _waits_for_group(participant)
        subject = message.subject or subject_for(message.kind, event)
        context["subject"] = subject
        text = render_to_string("participants/email/message.txt", context)
        html = render_to_string("participants/email/message.html", context)
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[formataddr((participant.full_name, participant.email))],
    )
    email.attach_alternative(html, "text/html")
    if checkin_code:
        qr = checkin_qr(participant)
        email.mixed_subtype = "related"
        email.attach(_qr_image(participant, qr))
        keep_checkin_qr_svg(participant, qr)
    if ticket:
        email.attach(f"{event.slug}.ics", calendar_for(event), "text/calendar")
    return email


def _waits_for_group(participant: Participant) -> bool:
    """Whether a waitlisted person waits for a seat in their working group, not in the room."""
    from .services.core import GROUP, seat_shortage

    group = participant.working_group
    if participant.status != Participant.Status.WAITLISTED or group is None:
        return False
    return seat_shortage(participant.event, group, exclude=participant) == GROUP


def _qr_image(participant: Participant, qr: segno.QRCode) -> MIMEImage:
    """The check-in QR code as a PNG the HTML part shows inline (cid:checkin-qr)."""
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=2)
    image = MIMEImage(buffer.getvalue(), "png")
    image.add_header("Content-ID", "<checkin-qr>")
    image.add_header("Content-Disposition", "inline", filename=f"{participant.reference}.png")
    return image


def checkin_url(participant: Participant) -> str:
    """The absolute address that check-in staff open from the QR code."""
    return settings.SITE_URL + participant.get_checkin_url()


def checkin_qr(participant: Participant) -> segno.QRCode:
    """The QR code staff scan at the door: it opens the participant's check-in page.

    Encoding one takes about 20 ms, most of it choosing the mask that scans best.
    """
    return segno.make(checkin_url(participant), error="m")


def checkin_qr_svg(participant: Participant) -> str:
    """The check-in QR code as inline SVG, for the private link; kept rather than drawn again."""
    svg = cache.get(_qr_key(participant.reference))
    return svg if svg is not None else keep_checkin_qr_svg(participant, checkin_qr(participant))


def keep_checkin_qr_svg(participant: Participant, qr: segno.QRCode) -> str:
    """Keep the code's SVG: the email that carries the code also readies the private link.

    A viewBox and no fixed size (`omitsize`), so the page's CSS scales it to its box; the
    quiet zone around it (segno's default border) stays part of the drawing.
    """
    svg = qr.svg_inline(scale=4, title=participant.reference, omitsize=True)
    cache.set(_qr_key(participant.reference), svg, QR_TIMEOUT)
    return svg


def forget_checkin_qr_svgs(references) -> None:
    """Drop the kept codes of these registrations, whose personal data is being deleted."""
    cache.delete_many([_qr_key(reference) for reference in references])


def _qr_key(reference: str) -> str:
    # "2": the scalable SVG; codes kept in the old, fixed-size format are not served.
    return f"checkin-qr:2:{settings.SITE_URL}:{reference}"


def subject_for(kind: str, event) -> str:
    """The subject line of each kind of email, in the active language."""
    subjects = {
        OutgoingEmail.Kind.CONFIRMATION: _("Your registration: %(event)s"),
        OutgoingEmail.Kind.PROMOTED: _("A place is yours: %(event)s"),
        OutgoingEmail.Kind.APPROVED: _("Your registration has been approved: %(event)s"),
        OutgoingEmail.Kind.DECLINED: _("Your registration: %(event)s"),
        OutgoingEmail.Kind.CANCELLED: _("Registration cancelled: %(event)s"),
        OutgoingEmail.Kind.LINK: _("Your private link: %(event)s"),
        OutgoingEmail.Kind.MESSAGE: _("From the organisers: %(event)s"),
        OutgoingEmail.Kind.INVITATION: _("You are invited: %(event)s"),
    }
    return subjects[kind] % {"event": event.title}
