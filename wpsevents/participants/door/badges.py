"""Name badges as a PDF: eight to an A4 sheet, names in Latin and Khmer script, with a QR code.

WeasyPrint lays out the badges from an HTML template (see `wpsevents.pdf`).
"""

import re
from collections.abc import Iterable

from wpsevents.pdf import render_pdf

from ..models import Participant
from ..qr import checkin_qr

BADGES_PER_PAGE = 8
LONG_NAME = 22  # characters; longer names are set smaller so that they fit on one or two lines
LONG_TITLE = 150  # characters; longer event titles are set smaller so that they fit on three lines
KHMER_SCRIPT = re.compile("[\u1780-\u17ff]")


def render_badges_pdf(participants: Iterable[Participant]) -> bytes:
    """A PDF of name badges, eight per A4 page, in the order given."""
    badges = [_badge(participant) for participant in participants]
    pages = [
        badges[start : start + BADGES_PER_PAGE] for start in range(0, len(badges), BADGES_PER_PAGE)
    ]
    return render_pdf("participants/badges.html", {"pages": pages})


def _badge(participant: Participant) -> dict:
    """What one badge shows."""
    qr = checkin_qr(participant)
    title = participant.event.title
    return {
        "participant": participant,
        "is_long_name": len(participant.display_name) > LONG_NAME,
        # the whole title, wrapped: a title cut short reads as a mistake on every badge
        "title": title,
        "title_language": "km" if KHMER_SCRIPT.search(title) else "en",
        "is_long_title": len(title) > LONG_TITLE,
        "qr": qr.svg_data_uri(scale=4, border=0, dark="#000"),
    }
