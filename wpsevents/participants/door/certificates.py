"""Certificates of attendance as a PDF, in English and Khmer, with a QR code to verify them.

Laid out by WeasyPrint with the badges' shipped fonts. The days attended come from the live
check-ins; the QR code opens `/verify/<code>/`, the page anyone may use to check it.
"""

import segno
from django.utils import translation

from wpsevents.events.models import Event
from wpsevents.khmer import local_date
from wpsevents.pdf import render_pdf

from ..documents import common
from ..documents.common import event_dates
from ..models import Certificate

ATTENDED_ALL = translation.gettext_lazy("attended both days")
ATTENDED_ON = translation.gettext_lazy("attended on %(dates)s")


def verify_url(certificate: Certificate) -> str:
    """The absolute address of the certificate's verification page, in the default language."""
    return common.verify_url(certificate.code)


def attendance_lines(event: Event, days: list[int]) -> dict[str, str]:
    """What the certificate says of the days attended, in English and in Khmer.

    "Attended both days" (or every day) when the person came each day; otherwise the dates.
    """
    event_days = event.days()
    written = {}
    for language in ("en", "km"):
        with translation.override(language):
            if len(event_days) > 1 and set(days) >= set(range(1, len(event_days) + 1)):
                written[language] = str(ATTENDED_ALL)
            else:
                dates = [local_date(event_days[day - 1]) for day in days]
                written[language] = str(ATTENDED_ON) % {"dates": ", ".join(dates)}
    return written


def render_certificate_pdf(certificate: Certificate, days: list[int]) -> bytes:
    """The certificate of attendance for the days `days` (1, 2) as an A4 landscape PDF."""
    participant = certificate.participant
    event = participant.event
    url = verify_url(certificate)
    context = {
        "participant": participant,
        "event": event,
        "dates": event_dates(event),
        "attended": attendance_lines(event, days),
        "signature": common.image_data_uri(event.certificate_signature),
        "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#000"),
        "verify_url": url,
    }
    return render_pdf("participants/door/certificate.html", context)
