"""schema.org and OpenGraph descriptions of an event, for search engines and link previews."""

import json

from django.conf import settings
from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import LOCAL_TZ


def event_json_ld(event) -> str:
    """A schema.org `Event` in the active language as JSON-LD, safe inside a <script> element."""
    online = {"@type": "VirtualLocation", "url": event.livestream_url}
    place = {
        "@type": "Place",
        "name": event.venue_name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.venue_address,
            "addressLocality": "Phnom Penh",
            "addressCountry": "KH",
        },
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(event.starts_at, LOCAL_TZ).isoformat(),
        "endDate": timezone.localtime(event.ends_at, LOCAL_TZ).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": (
            "https://schema.org/MixedEventAttendanceMode"
            if event.is_livestreamed
            else "https://schema.org/OfflineEventAttendanceMode"
        ),
        "location": [place, online] if event.is_livestreamed else place,
        "organizer": {"@type": "Organization", "name": event.organisers},
        "url": settings.SITE_URL + event.get_absolute_url(),
        # The page's language: its name, description and address are in that language.
        "inLanguage": get_language(),
    }
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))
