"""Cached public pages: one copy per page and language, dropped when organisers edit content."""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 60  # bounds how late a time-based change (registration opening, closing) shows


def content_version() -> int:
    """The current generation of public content; part of every cached page's key."""
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def invalidate_public_pages() -> None:
    """Drop every cached public page, so that the next visitor sees the change."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cache_public_page(view):
    """Serve a GET for anonymous visitors from the cache, keyed by path and language."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_anonymous_visit(request):
            return view(request, *args, **kwargs)
        key = f"public-page:{content_version()}:{get_language()}:{request.path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                if hasattr(response, "render"):
                    response.render()
                cache.set(key, response, PAGE_TIMEOUT)
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return wrapper


def _is_anonymous_visit(request) -> bool:
    """A plain GET with no session or pending messages: the page is the same for everyone."""
    personal_cookies = {settings.SESSION_COOKIE_NAME, "messages"}
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not personal_cookies.intersection(request.COOKIES)
    )
