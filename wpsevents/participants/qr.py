"""The check-in QR code: in the confirmation email, on the private-link page and on badges.

It opens the participant's check-in page at the door.
"""

import segno
from django.conf import settings
from django.core.cache import cache

from .models import Participant

# Long enough for the first visits to the private link after the email that drew the code.
QR_TIMEOUT = 60 * 60 * 24 * 7


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
