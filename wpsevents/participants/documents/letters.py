"""Official invitation letters as a PDF: one page in each language, with a code to verify them.

The person's language comes first. Each page is a whole letter (letterhead, reference, the
person's name as written, position and organisation, the event's dates and venue, the
signatory and their signature), so that either may be handed over on its own.
"""

import segno
from django.conf import settings
from django.utils import timezone, translation

from wpsevents.khmer import local_date
from wpsevents.pdf import render_pdf

from ..models import Letter, Participant
from .common import dates_of, image_data_uri, verify_url


def render_letter_pdf(letter: Letter) -> bytes:
    """The invitation letter as an A4 PDF, one page in English and one in Khmer."""
    participant = letter.participant
    event = participant.event
    url = verify_url(letter.code)
    languages = [participant.language] + [
        code for code, _name in settings.LANGUAGES if code != participant.language
    ]
    context = {
        "participant": participant,
        "letter": letter,
        "pages": [_page(letter, language) for language in languages],
        "letterhead": image_data_uri(event.letterhead),
        "signature": image_data_uri(event.certificate_signature),
        "qr": segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark="#000"),
        "verify_url": url,
    }
    return render_pdf("participants/door/letter.html", context)


def _page(letter: Letter, language: str) -> dict:
    """What one page of the letter says of the person and the event, in `language`."""
    participant = letter.participant
    event = participant.event
    with translation.override(language):
        return {
            "language": language,
            "name": name_as_written(participant, language),
            "issued": local_date(timezone.localdate(letter.issued_at)),
            "dates": dates_of(event),
            "event": event.title,
            "venue": ", ".join(part for part in (event.venue_name, event.venue_address) if part),
            "signatory_name": event.signatory_name,
            "signatory_title": event.signatory_title or event.organisers,
        }


def name_as_written(participant: Participant, language: str) -> str:
    """The person's name for a page in `language`: in Khmer script on a Khmer page, if given."""
    if language == "km" and participant.name_khmer:
        salutation = participant.salutation_for_name()
        return " ".join(part for part in (salutation, participant.name_khmer) if part)
    return participant.display_name
