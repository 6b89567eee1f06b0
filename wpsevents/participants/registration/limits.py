"""The registration form's limits beyond one address: per network, per event, and the alarm.

django-ratelimit counts them in the shared cache, as it does the per-address limit; the rates
are settings (`REGISTRATION_RATE_PER_NETWORK`, `REGISTRATION_RATE_PER_EVENT`,
`REGISTRATION_BURST_ALERT`), read at each request.
"""

from django.conf import settings
from django.core.cache import cache
from django_ratelimit.core import is_ratelimited

from wpsevents.events.models import Event
from wpsevents.proxy import client_network

from ..mail.alerts import alert_organisers_of_burst

ALERT_INTERVAL = 60 * 60  # seconds between two alerts about one event


def network_key(group, request) -> str:
    """The client's network (IPv4 /24, IPv6 /64): one client can change its address within it."""
    return client_network(request)


def event_key(group, request) -> str:
    """The event registered for, whoever registers."""
    return request.resolver_match.kwargs["slug"]


def network_rate(group, request) -> str:
    """Registration form submissions allowed from one network."""
    return settings.REGISTRATION_RATE_PER_NETWORK


def event_rate(group, request) -> str:
    """Registration form submissions allowed to one event, from everyone together."""
    return settings.REGISTRATION_RATE_PER_EVENT


def burst_rate(group, request) -> str:
    """Registration form submissions to one event past which the organisers are told."""
    return settings.REGISTRATION_BURST_ALERT


def watch_for_burst(request, event: Event) -> None:
    """Count a submission of the event's form; past the alert's rate, email the organisers.

    At most one email an hour for an event: the organisers need to know, not to be flooded.
    """
    over = is_ratelimited(
        request, group="registration-burst", key=event_key, rate=burst_rate, increment=True
    )
    if over and cache.add(f"registration-burst-alerted:{event.pk}", 1, timeout=ALERT_INTERVAL):
        alert_organisers_of_burst.enqueue(event.pk)
