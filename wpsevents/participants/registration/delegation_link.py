"""A delegation's link in the browser: its secret traded for a cookie, as a private link's is.

The link in the focal point's email (`/d/<token>/`) sets a cookie for the delegation pages
(`/d/`, `/km/d/`) and redirects to `/d/`, so that the secret stays out of addresses, histories
and logs. See `private_link` for why there is one cookie per language.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from ..models import Delegation
from ..tokens import delegation_for_token
from .private_link import LINK_REFERRER_POLICY, PAGE_REFERRER_POLICY, link_gone

SALT = "participants.delegation-link"


def _cookies() -> list[tuple[str, str]]:
    cookies = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            cookies.append((f"delegation_link_{code}", reverse("participants:delegation")))
    return cookies


def _remember(response: HttpResponse, token: str, delegation: Delegation) -> None:
    max_age = delegation.event.private_links_expire_at - timezone.now()
    for name, path in _cookies():
        response.set_signed_cookie(
            name,
            token,
            salt=SALT,
            max_age=max(max_age, timedelta(0)),
            path=path,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def _token_in(request) -> str | None:
    for name, _path in _cookies():
        token = request.get_signed_cookie(name, default=None, salt=SALT)
        if token:
            return token
    return None


def with_delegation_link(view):
    """Give the view the delegation this browser's link opens, or say the link is gone.

    The view is called as `view(request, delegation, ...)`.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        token = _token_in(request)
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
        _remember(response, token, delegation)
    response.headers["Referrer-Policy"] = LINK_REFERRER_POLICY
    return response
