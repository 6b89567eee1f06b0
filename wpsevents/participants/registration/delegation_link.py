"""A delegation's link in the browser: its secret traded for a cookie, as a private link's is.

The link in the focal point's email (`/d/<token>/`) sets a cookie for the delegation pages
(`/d/`, `/km/d/`) and redirects to `/d/`, so that the secret stays out of addresses, histories
and logs (see `link_cookies`).
"""

import functools

from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from ..tokens import delegation_for_token
from .link_cookies import LinkCookies
from .private_link import LINK_REFERRER_POLICY, PAGE_REFERRER_POLICY, link_gone

SALT = "participants.delegation-link"
COOKIES = LinkCookies(prefix="delegation_link", salt=SALT, url_name="participants:delegation")


def with_delegation_link(view):
    """Give the view the delegation this browser's link opens, or say the link is gone.

    The view is called as `view(request, delegation, ...)`.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        token = COOKIES.token_in(request)
        delegation = delegation_for_token(token) if token else None
        if delegation is None:
            return link_gone(request, forget=False)
        response = view(request, delegation, *args, **kwargs)
        response.headers["Referrer-Policy"] = PAGE_REFERRER_POLICY
        return response

    return wrapped


@never_cache
def open_delegation_link(request, token: str) -> HttpResponse:
    """The link from the focal point's email: trade its secret for a cookie, then the page."""
    delegation = delegation_for_token(token)
    if delegation is None:
        response = link_gone(request, forget=False)
    else:
        response = redirect("participants:delegation")
        COOKIES.remember(response, token, delegation.event.private_links_expire_at)
    response.headers["Referrer-Policy"] = LINK_REFERRER_POLICY
    return response
