"""Private links: random secrets given only by email and kept only as hashes.

A link opens its registration while three things hold: the registration's address is still
the one the link was sent to, the link is one of the person's two newest, and the event ended
less than `PRIVATE_LINK_DAYS_AFTER_EVENT` days ago. Revoking a link deletes its row.
"""

import hashlib
import secrets

from django.db.models import Exists, OuterRef
from django.utils import timezone

from wpsevents.events.cache import kept
from wpsevents.events.models import Event

from .models import AccessToken, Delegation, Participant

TOKEN_BYTES = 24  # 192 bits
LIVE_LINKS = 2  # a person's newest links that work; older ones are revoked


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _address_hash(email: str) -> str:
    # Lower case, as the unique index compares addresses.
    return hashlib.sha256(email.lower().encode()).hexdigest()


def issue_private_link(participant: Participant) -> str:
    """Create a new secret for the participant's private link and return it (once).

    The link is bound to the address the participant has now, which the email is sent to.
    Links older than the person's `LIVE_LINKS` newest are revoked.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    AccessToken.objects.create(
        participant=participant,
        token_hash=_hash(token),
        address_hash=_address_hash(participant.email),
    )
    links = AccessToken.objects.filter(participant=participant)
    newest = links.order_by("-pk").values("pk")[:LIVE_LINKS]
    links.exclude(pk__in=newest).delete()
    return token


def revoke_private_links(participant: Participant) -> int:
    """Make every private link of this registration stop working; return how many there were."""
    deleted, _by_model = AccessToken.objects.filter(participant=participant).delete()
    return deleted


def revoke_other_private_links(token: str) -> int:
    """Make every other link of the registration this link opens stop working ("sign out")."""
    token_hash = _hash(token)
    person = AccessToken.objects.filter(token_hash=token_hash).values("participant")
    others = AccessToken.objects.filter(participant__in=person).exclude(token_hash=token_hash)
    deleted, _by_model = others.delete()
    return deleted


def participant_for_token(token: str) -> Participant | None:
    """The registration a private link opens, or None if the link is unknown or revoked.

    One query reads the link, its registration and whether two newer links exist. The event
    and its working groups, the same for everyone, come from the cache of public content.
    """
    if not token or len(token) > 64:
        return None
    # Two newer links of the same person, whatever their order: this one is no longer live.
    newer = AccessToken.objects.filter(participant=OuterRef("participant"), pk__gt=OuterRef("pk"))
    link = (
        AccessToken.objects.select_related("participant")
        .annotate(superseded=Exists(newer[LIVE_LINKS - 1 :]))
        .filter(token_hash=_hash(token))
        .first()
    )
    if link is None or link.superseded:
        return None
    participant = link.participant
    if link.address_hash != _address_hash(participant.email):
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


def issue_delegation_link(delegation: Delegation) -> str:
    """Create a new secret for the delegation's link and return it (once).

    A delegation has one live link: issuing one makes the one sent before stop working.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    Delegation.objects.filter(pk=delegation.pk).update(token_hash=_hash(token))
    delegation.token_hash = _hash(token)
    return token


def delegation_for_token(token: str) -> Delegation | None:
    """The delegation a link opens, or None if it is unknown, revoked or its event long over."""
    if not token or len(token) > 64:
        return None
    delegation = Delegation.objects.select_related("event").filter(token_hash=_hash(token)).first()
    if delegation is None or timezone.now() >= delegation.event.private_links_expire_at:
        return None
    return delegation
