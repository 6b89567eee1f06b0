"""schema.org and OpenGraph descriptions of an event, for search engines and link previews."""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import LOCAL_TZ, RegistrationState

AVAILABILITY = {
    RegistrationState.OPEN: "https://schema.org/InStock",
    RegistrationState.NOT_YET_OPEN: "https://schema.org/PreOrder",
}


def card_url(event) -> str:
    """The address of the event's sharing card (see `card.py`), in the active language."""
    return settings.SITE_URL + reverse("events:card", kwargs={"slug": event.slug})


def _offer(event, state: RegistrationState) -> dict:
    """Registration as a free offer: the form's address, from its opening, while seats last."""
    opens = event.registration_opens_at or event.created_at
    return {
        "@type": "Offer",
        "price": 0,
        "priceCurrency": "USD",
        "url": settings.SITE_URL + reverse("participants:register", kwargs={"slug": event.slug}),
        "availability": AVAILABILITY.get(state, "https://schema.org/SoldOut"),
        "validFrom": timezone.localtime(opens, LOCAL_TZ).isoformat(),
    }


def event_json_ld(event, state: RegistrationState) -> str:
    """A schema.org `Event` in the active language as JSON-LD, safe inside a <script> element.

    `event` comes annotated with `seats_taken`; `state` is its registration state.
    """
    online = {"@type": "VirtualLocation", "url": event.livestream_url}
    place = {
        "@type": "Place",
        "name": event.venue_name,
        "address": {
            "@type": "PostalAddress",
            **({"streetAddress": event.venue_address} if event.venue_address else {}),
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
        "organizer": {"@type": "Organization", "name": event.organisers, "url": settings.SITE_URL},
        "url": settings.SITE_URL + event.get_absolute_url(),
        "image": [card_url(event)],
        # The page's language: its name, description and address are in that language.
        "inLanguage": get_language(),
    }
    if state != RegistrationState.INVITATION_ONLY:  # nobody may take it up from the page
        data["offers"] = _offer(event, state)
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = max(event.capacity - event.seats_taken, 0)
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))
