"""Private links: random secrets given only by email and kept only as hashes."""

import hashlib
import secrets

from django.utils import timezone

from wpsevents.events.cache import kept
from wpsevents.events.models import Event

from .models import AccessToken, Participant

TOKEN_BYTES = 24  # 192 bits


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_private_link(participant: Participant) -> str:
    """Create a new secret for the participant's private link and return it (once)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    AccessToken.objects.create(participant=participant, token_hash=_hash(token))
    return token


def participant_for_token(token: str) -> Participant | None:
    """The registration a private link opens, or None if the link is unknown or expired.

    Only the registration is read from the database; its event and working group, the same
    for everyone, come from the cache of public content.
    """
    if not token or len(token) > 64:
        return None
    try:
        participant = Participant.objects.get(access_tokens__token_hash=_hash(token))
    except Participant.DoesNotExist:
        return None
    participant.event = _event_with_groups(participant.event_id)
    if timezone.now() >= participant.event.private_links_expire_at:
        return None
    groups = {group.pk: group for group in participant.event.working_groups_offered}
    if participant.working_group_id in groups:
        participant.working_group = groups[participant.working_group_id]
    return participant


def _event_with_groups(pk: int) -> Event:
    return kept(
        f"registration-event:1:{pk}", lambda: Event.objects.get(pk=pk).offer_working_groups()
    )
