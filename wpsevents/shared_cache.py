"""What a shared cache in front of the site (nginx) may keep: public pages, for seconds.

A view says its page may be shared (`shareable`); the middleware, which sees the response last,
marks it `Cache-Control: public, s-maxage=N` only when nothing in it belongs to one visitor: no
session, no message, no CSRF token, no cookie set, no private link, nothing a view said no one
may store. Everything else leaves without the mark, and nginx keeps only what is marked.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control

SHARED_SECONDS = 2  # how late an organiser's edit may show on a page nginx keeps
# Only public pages read these; their content is the same for everyone in a language.
SHAREABLE_VARY = {"accept-encoding"}
PERSONAL_COOKIES = ("messages",)
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")


def shareable(view):
    """Let the shared cache keep this view's page for `SHARED_SECONDS` when it is impersonal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.shared_seconds = SHARED_SECONDS
        return response

    return wrapper


def is_personal(request, response) -> bool:
    """Whether the response, or the request it answers, carries anything of one visitor."""
    cookies = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
    control = response.get("Cache-Control", "").lower()
    return (
        request.method not in ("GET", "HEAD")
        or bool(request.GET)
        or any(name in request.COOKIES for name in cookies)
        or bool(response.cookies)
        or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        or getattr(getattr(request, "user", None), "is_authenticated", False)
        or any(directive in control for directive in PRIVATE_DIRECTIVES)
    )


class SharedCacheMiddleware:
    """Mark shareable, impersonal 200 responses for the shared cache; unmark anything personal.

    Placed outermost, after every other middleware has added its cookies and headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        seconds = getattr(response, "shared_seconds", None)
        personal = is_personal(request, response)
        if seconds and response.status_code == 200 and not personal:
            patch_cache_control(response, public=True, s_maxage=seconds)
            # Cookies and Accept-Language change nothing on these pages (the address holds the
            # language): a shared cache keyed by them would keep a copy per visitor.
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            kept = [v for v in vary if v.lower() in SHAREABLE_VARY]
            if kept:
                response["Vary"] = ", ".join(kept)
            elif "Vary" in response:
                del response["Vary"]
        elif personal or seconds:
            _unmark(response)
        return response


def _unmark(response) -> None:
    """Take the shared cache's marks off a response that must not be shared."""
    control = response.get("Cache-Control")
    if not control:
        return
    kept = [
        part.strip()
        for part in control.split(",")
        if part.strip() and part.strip().split("=")[0].lower() not in ("public", "s-maxage")
    ]
    if len(kept) != len([p for p in control.split(",") if p.strip()]):
        kept.append("private")
    response["Cache-Control"] = ", ".join(dict.fromkeys(kept))
