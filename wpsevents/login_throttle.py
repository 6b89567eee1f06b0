"""Admin sign-in throttling (django-axes): by address and username, and by username alone.

One address guessing one username is stopped after a few failures (`AXES_FAILURE_LIMIT`),
without locking the username out for anyone else. Guessing spread over many addresses is
stopped after more failures for the username from anywhere (`AXES_USERNAME_FAILURE_LIMIT`):
that lock does keep its owner out too, until the cool-off ends, which is why its limit is
higher. Addresses are counted by network for IPv6, where one subscriber holds a whole /64.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum

from wpsevents.proxy import client_ip

IPV6_PREFIX = 64


def client_network(request) -> str:
    """The client's address as axes counts it: an IPv6 address becomes its /64 network.

    Anyone given one IPv6 address usually holds its whole /64 and could step through it;
    counting by network keeps them one client. An IPv4-mapped address counts as IPv4.
    """
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return address
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    network = ipaddress.IPv6Network((parsed, IPV6_PREFIX), strict=False)
    return str(network.network_address)


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuse sign-ins while an address is locked out for a username.

    Signing in without a request (scripts, the test client's `login`) has no address to
    throttle by; it is left to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        """Raise when this address is locked out for this username; never sign anyone in."""
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the username alone.

    Axes compares one number with `AXES_FAILURE_LIMIT`; the username's failures from everywhere
    are scaled so that they reach it at `AXES_USERNAME_FAILURE_LIMIT`. `AXES_LOCKOUT_PARAMETERS`
    lists the (address, username) pair first and the username second.
    """

    def get_failures(self, request, credentials=None) -> int:
        """The recent failures that count against this request, on the pair's scale."""
        pair, username = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = get_failure_limit(request, credentials)
        return max(pair, username * limit // settings.AXES_USERNAME_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a success, forget this address's failures only, not everyone else's."""
        pair = self.filter_user_attempts(request, credentials)[0]
        deleted, _by_model = pair.delete()
        return deleted
