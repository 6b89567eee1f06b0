"""Signing staff in as the site asks: a password, then a code from their authenticator app."""

import hashlib
import hmac
import time
from base64 import b32decode

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp(key: bytes, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for `key` (RFC 6238: SHA-1, 30 seconds)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def totp_from_text(key: str, at: float | None = None) -> str:
    """The code for a key as the set-up page shows it: base 32, in groups."""
    compact = "".join(key.split())
    return totp(b32decode(compact + "=" * (-len(compact) % 8)), at)


def authenticator(user) -> TOTPDevice:
    """An authenticator app `user` has set up."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """A code the device accepts now: this half-minute's, or the next if this one was used."""
    now = time.time()
    used_step = device.last_t if device.last_t >= 0 else -1
    at = max(now, (used_step + 1) * 30)
    return totp(device.bin_key, at)


def sign_in_fully(client, user) -> TOTPDevice:
    """Sign `user` in on a test client with both factors, as the two sign-in steps would."""
    device = authenticator(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
