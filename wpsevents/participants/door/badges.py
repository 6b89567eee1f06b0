"""Name badges as a PDF: eight to an A4 sheet, names in Latin and Khmer script, with a QR code.

WeasyPrint lays out the badges from an HTML template. The fonts are the project's own Noto
files, loaded by file:// URL, so that Khmer is shaped the same on every server whatever fonts
the system has.
"""

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from ..models import Participant
from ..qr import checkin_qr

BADGES_PER_PAGE = 8
FONTS = {
    "latin_regular": "fonts/NotoSans-Regular.ttf",
    "latin_bold": "fonts/NotoSans-Bold.ttf",
    "khmer_regular": "fonts/NotoSansKhmer-Regular.ttf",
    "khmer_bold": "fonts/NotoSansKhmer-Bold.ttf",
}
LONG_NAME = 22  # characters; longer names are set smaller so that they fit on one or two lines
LONG_TITLE = 150  # characters; longer event titles are set smaller so that they fit on three lines
KHMER_SCRIPT = re.compile("[\u1780-\u17ff]")

# WeasyPrint logs every layout step at INFO; the site's logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_badges_pdf(participants: Iterable[Participant]) -> bytes:
    """A PDF of name badges, eight per A4 page, in the order given."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only badges need it

    badges = [_badge(participant) for participant in participants]
    pages = [
        badges[start : start + BADGES_PER_PAGE] for start in range(0, len(badges), BADGES_PER_PAGE)
    ]
    html = render_to_string("participants/badges.html", {"pages": pages, "fonts": font_urls()})
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf()


def font_urls() -> dict[str, str]:
    """file:// addresses of the shipped fonts, for the badges' @font-face rules."""
    return {name: Path(finders.find(path)).as_uri() for name, path in FONTS.items()}


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
