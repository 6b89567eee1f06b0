"""What letters and certificates share: their verification address, the dates, the images."""

import base64
import mimetypes

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wpsevents.events.models import Event
from wpsevents.khmer import local_date


def verify_url(code: str) -> str:
    """The absolute address of the page that checks a document, in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("participants:verify", kwargs={"code": code})
    return settings.SITE_URL + path


def dates_of(event: Event) -> str:
    """The event's dates, first to last, in the active language."""
    days = event.days()
    first, last = (local_date(day) for day in (days[0], days[-1]))
    return first if first == last else f"{first} – {last}"


def event_dates(event: Event) -> dict[str, str]:
    """The event's dates, first to last, in English and in Khmer."""
    written = {}
    for language in ("en", "km"):
        with translation.override(language):
            written[language] = dates_of(event)
    return written


def image_data_uri(image) -> str:
    """An image field's file inlined as a data: URI; empty when none is set or it is missing."""
    if not image or not image.storage.exists(image.name):
        return ""
    content_type = mimetypes.guess_type(image.name)[0] or "image/png"
    with image.open("rb") as opened:
        encoded = base64.b64encode(opened.read()).decode("ascii")
    return f"data:{content_type};base64,{encoded}"
