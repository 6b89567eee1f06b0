"""A private link in the browser: its secret traded for a cookie and kept out of addresses.

The link in an email (`/r/<token>/`) sets a cookie holding the secret and redirects to `/r/`
(see `link_cookies`). The link keeps working after that first visit: a mail client's link
scanner opens it before its reader does.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from wpsevents.events.models import Event

from ..models import Participant
from ..tokens import participant_for_token
from .link_cookies import LinkCookies

SALT = "participants.private-link"
# The Referer of a request from these pages: the origin only, which the CSRF check of their
# forms needs ("no-referrer" would send "Origin: null").
PAGE_REFERRER_POLICY = "strict-origin"
# The answer to an address that holds a secret carries no form: it may send no Referer at all.
LINK_REFERRER_POLICY = "no-referrer"


COOKIES = LinkCookies(prefix="private_link", salt=SALT, url_name="participants:manage")


def cookie_name(language: str) -> str:
    """The name of the cookie that holds the private link for the pages in this language."""
    return COOKIES.name(language)


def remember_private_link(response: HttpResponse, token: str, participant: Participant) -> None:
    """Keep the link's secret in this browser until the link expires, for its pages only."""
    COOKIES.remember(response, token, participant.event.private_links_expire_at)


def private_link_in(request) -> str | None:
    """The secret of the private link this browser opened, if its cookie came with the request."""
    return COOKIES.token_in(request)


def with_private_link(view):
    """Give the view the registration this browser's private link opens, or say it is gone.

    The view is called as `view(request, participant, ...)`.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        token = private_link_in(request)
        participant = participant_for_token(token) if token else None
        if participant is None:
            return link_gone(request, forget=bool(token))
        response = view(request, participant, *args, **kwargs)
        response.headers["Referrer-Policy"] = PAGE_REFERRER_POLICY
        return response

    return wrapped


@never_cache
def open_private_link(request, token: str, page: str = "manage") -> HttpResponse:
    """The link from an email: trade its secret for a cookie, then show the page without it.

    Older addresses of the other pages (`/r/<token>/change/`) lead to those pages the same
    way; a form posted to one is shown again, unsent, as the form's secret is now the cookie.
    """
    participant = participant_for_token(token)
    if participant is None:
        response = link_gone(request, forget=False)
    else:
        response = redirect(f"participants:{page}")
        remember_private_link(response, token, participant)
    response.headers["Referrer-Policy"] = LINK_REFERRER_POLICY
    return response


def link_gone(request, *, forget: bool) -> HttpResponse:
    """The page for a link that does not work (any more): where to ask for a new one.

    The same page whatever the reason, so that it tells nothing about a guessed link.
    """
    soon_over = timezone.now() - timedelta(days=settings.PRIVATE_LINK_DAYS_AFTER_EVENT)
    events = Event.objects.published().filter(ends_at__gt=soon_over).order_by("starts_at")
    response = render(request, "participants/link_gone.html", {"events": events}, status=404)
    if forget:
        COOKIES.forget(response)
    response.headers["Referrer-Policy"] = PAGE_REFERRER_POLICY
    return response
