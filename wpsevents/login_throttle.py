"""Admin sign-in throttling by address and username together (django-axes)."""

from axes.backends import AxesStandaloneBackend


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
