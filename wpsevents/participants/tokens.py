"""Private links: random secrets given only by email and kept only as hashes."""

import hashlib
import secrets

from django.utils import timezone

from .models import AccessToken, Participant

TOKEN_BYTES = 24  # 192 bits
# The event's long texts, in every language: no page of a registration shows them.
_LONG_EVENT_TEXTS = [
    f"participant__event__{name}{suffix}"
    for name in ("description", "highlights")
    for suffix in ("", "_en", "_km")
]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_private_link(participant: Participant) -> str:
    """Create a new secret for the participant's private link and return it (once)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    AccessToken.objects.create(participant=participant, token_hash=_hash(token))
    return token


def participant_for_token(token: str) -> Participant | None:
    """The registration a private link opens, or None if the link is unknown or expired."""
    if not token or len(token) > 64:
        return None
    try:
        access = (
            AccessToken.objects.select_related("participant__event", "participant__working_group")
            .defer(*_LONG_EVENT_TEXTS)
            .get(token_hash=_hash(token))
        )
    except AccessToken.DoesNotExist:
        return None
    participant = access.participant
    if timezone.now() >= participant.event.private_links_expire_at:
        return None
    return participant
