"""The visitor's address, trusting the proxy's header only when the request came through it."""

from django.conf import settings


def client_ip(request) -> str:
    """Return the address a request came from, for rate limits.

    `X-Forwarded-For` is read only when the direct peer is one of `TRUSTED_PROXIES`; the address
    taken is the right-most one that is not itself a trusted proxy, which a client cannot forge.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote
