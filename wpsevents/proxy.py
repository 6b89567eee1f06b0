"""The visitor's address, trusting the proxy's header only when the request came through it."""

import ipaddress

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


NETWORK_PREFIXES = {4: 24, 6: 64}  # what one customer, office or household usually holds


def client_network(request) -> str:
    """Return the network a request came from: the client's IPv4 /24 or IPv6 /64.

    One client can change its address within its network at will; limits that must hold for
    one client count per network.
    """
    return network_of(client_ip(request))


def network_of(address: str) -> str:
    """The /24 or /64 network of an address, or the text itself if it is not an address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    network = ipaddress.ip_network(f"{ip}/{NETWORK_PREFIXES[ip.version]}", strict=False)
    return str(network)
