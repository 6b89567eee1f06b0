"""A private link in the browser: its secret traded for a cookie and kept out of addresses.

The link in an email (`/r/<token>/`) sets a cookie holding the secret and redirects to `/r/`,
so that the secret stays out of the address bar, the browser's history, Referer headers and
every server's access log. The link keeps working after that first visit: a mail client's
link scanner opens it before its reader does.

One cookie per language, each with the path of that language's private-link pages (`/r/` and
`/km/r/`), so that the secret is sent with those pages' requests only, and the language
switcher finds the link open in the other language too. A cookie cannot hold two paths, and
a response cannot set one name twice: hence a name per language.
"""

import functools
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from wpsevents.events.models import Event

from ..models import Participant
from ..tokens import participant_for_token

SALT = "participants.private-link"
# The Referer of a request from these pages: the origin only, which the CSRF check of their
# forms needs ("no-referrer" would send "Origin: null").
PAGE_REFERRER_POLICY = "strict-origin"
# The answer to an address that holds a secret carries no form: it may send no Referer at all.
LINK_REFERRER_POLICY = "no-referrer"


def cookie_name(language: str) -> str:
    """The name of the cookie that holds the private link for the pages in this language."""
    return f"private_link_{language}"


def _cookies() -> list[tuple[str, str]]:
    """The name and path of the private link's cookie in each language."""
    cookies = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            cookies.append((cookie_name(code), reverse("participants:manage")))
    return cookies


def remember_private_link(response: HttpResponse, token: str, participant: Participant) -> None:
    """Keep the link's secret in this browser until the link expires, for its pages only."""
    max_age = participant.event.private_links_expire_at - timezone.now()
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


def _forget_private_link(response: HttpResponse) -> None:
    for name, path in _cookies():
        response.delete_cookie(name, path=path, samesite="Lax")


def private_link_in(request) -> str | None:
    """The secret of the private link this browser opened, if its cookie came with the request."""
    for name, _path in _cookies():
        token = request.get_signed_cookie(name, default=None, salt=SALT)
        if token:
            return token
    return None


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
        _forget_private_link(response)
    response.headers["Referrer-Policy"] = PAGE_REFERRER_POLICY
    return response
