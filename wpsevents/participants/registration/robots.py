"""What tells people from robots on the registration form: a signed "form started" stamp,
good for one registration, and a trap field people never see.
"""

import secrets

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

FORM_STAMP_SALT = "participants.registration-started"
FORM_STAMP_MAX_AGE = 60 * 60 * 24
NONCE_BYTES = 12
# The trap for robots: a field people never see. Its name, label and attributes are ones no
# browser or password manager fills in (an autofilled "website" once cost people their
# registration), and a filled trap is only one more sign of a robot (see `trap_filled`).
TRAP_FIELD = "leave_empty"
TRAP_ATTRIBUTES = {
    "autocomplete": "off",
    "tabindex": "-1",
    "data-1p-ignore": "",
    "data-lpignore": "true",
    "data-bwignore": "",
    "data-form-type": "other",
}


def _stamp_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=FORM_STAMP_SALT)


def new_form_stamp() -> str:
    """A signed record of when a blank registration form was handed out, with a nonce.

    The nonce makes the stamp good for one registration only (`RegistrationForm`).
    """
    started = int(timezone.now().timestamp())
    return _stamp_signer().sign(f"{started}.{secrets.token_urlsafe(NONCE_BYTES)}")


def read_form_stamp(stamp: str) -> tuple[int, str]:
    """When the form was handed out (a Unix time) and its nonce; ValueError if not genuine."""
    try:
        started, nonce = _stamp_signer().unsign(stamp, max_age=FORM_STAMP_MAX_AGE).split(".")
        return int(started), nonce
    except signing.BadSignature as error:
        raise ValueError("not a genuine form stamp") from error


def spend_nonce(nonce: str) -> bool:
    """Mark a stamp's nonce used; False if it already was.

    Kept in the shared cache for as long as a stamp lasts. When the cache cannot be reached
    the nonce is not checked, as the rate limits are not: registration stays open.
    """
    return cache.add(_nonce_key(nonce), 1, timeout=FORM_STAMP_MAX_AGE) is not False


def release_nonce(nonce: str) -> None:
    """Let a spent nonce be used again."""
    cache.delete(_nonce_key(nonce))


def _nonce_key(nonce: str) -> str:
    return f"registration-form-nonce:{nonce}"


class TrapInput(forms.TextInput):
    """A text box that never shows what was typed into it, even on a form sent back."""

    def format_value(self, value):
        return None


class TrapField(forms.Field):
    """The trap: whatever it holds is never an error, and never kept."""

    widget = TrapInput

    def clean(self, value):
        return ""
