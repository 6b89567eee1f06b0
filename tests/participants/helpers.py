"""Form data as a browser sends it, for the registration pages."""

import secrets

from django.core import signing
from django.utils import timezone

from wpsevents.participants.registration.robots import FORM_STAMP_SALT


def form_stamp(seconds_ago: int = 60) -> str:
    """A signed "form started" stamp with a fresh nonce, as the form page gives it."""
    started = int(timezone.now().timestamp()) - seconds_ago
    nonce = secrets.token_urlsafe(12)
    return signing.TimestampSigner(salt=FORM_STAMP_SALT).sign(f"{started}.{nonce}")


def form_post(**overrides) -> dict:
    """A complete, valid registration as posted by the form."""
    data = {
        "salutation": "ms",
        "given_name": "Sokha",
        "family_name": "Chan",
        "name_khmer": "ចាន់ សុខា",
        "email": "sokha@example.org",
        "phone": "012 345 678",
        "organisation": "Ministry of Women's Affairs",
        "position": "Director",
        "organisation_type": "government",
        "country": "KH",
        "gender": "woman",
        "days": "both",
        "attendance_mode": "in_person",
        "dietary_requirements": "",
        "accessibility_needs": "",
        "language": "en",
        "consents_to_data_processing": "on",
        "leave_empty": "",
        "started": form_stamp(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
