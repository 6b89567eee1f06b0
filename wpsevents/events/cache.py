"""Cached public pages: one copy per page and language, dropped when organisers edit content.

A cached page is kept as its bytes and headers together with the content version it was
rendered at. One round trip to the cache fetches both the current version and the page; a page
of an older version is a miss, so an organiser's edit shows on every app server within
`TRUSTED_SECONDS`, and at once in the process that saved it.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 60  # bounds how late a time-based change (registration opening, closing) shows
# What a process read lately, by key: (content version, when to read it again, value, until
# when to serve it without asking the version). Never changed once made: requests share it.
_held: dict[str, tuple[int, float, object, float]] = {}
HELD_SECONDS = 1
# A page served without asking the cache for the version: at hundreds of requests a second, that
# round trip took more of a cached page's processor time than everything else Django does.
TRUSTED_SECONDS = 0.2
HELD_MOST = 500  # entries; the pages of the site in both languages are far fewer


def _fresh_version() -> int:
    # Never restart from 1: pages cached before the version key was lost must not match again.
    return time.time_ns() // 1000


def content_version() -> int:
    """The current generation of public content; part of every cached page's key."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate_public_pages() -> None:
    """Drop every cached public page once the current transaction commits.

    Not before: a request reading the old content meanwhile would otherwise keep its page
    under the new version, and serve the old content for up to `PAGE_TIMEOUT`. Outside a
    transaction the pages are dropped at once, without touching the database.
    """
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_content_version)
    else:
        _new_content_version()


def _new_content_version() -> None:
    _held.clear()  # this process's; other processes see that the version changed
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def page_key(request, *parts: str) -> str:
    """The cache key of a page for this request's path and language (and any `parts`).

    The path is hashed: keys stay short whatever a visitor types, as memcached requires.
    """
    path = hashlib.sha256(request.path.encode()).hexdigest()[:32]
    return ":".join(("public-page", get_language(), path, *parts))


def current(key: str):
    """The value kept under `key` if it was made at the current content version, else None.

    What a process has read lately it holds on to for a second (`HELD_SECONDS`) and, while
    the content version stays the same, asks the cache only for the version: an entry such
    as a published event is kilobytes to fetch and unpickle, the version a few bytes. Within
    `TRUSTED_SECONDS` of the cache's last answer it does not ask at all.
    """
    held = _held.get(key)
    now = time.monotonic()
    if held is not None and held[1] > now:
        if held[3] > now:
            return held[2]
        if cache.get(VERSION_KEY) == held[0]:
            _hold(key, held[0], held[2], until=held[1])
            return held[2]
        _held.pop(key, None)
    found = cache.get_many([VERSION_KEY, key])
    version, kept = found.get(VERSION_KEY), found.get(key)
    if version is None:
        version = content_version()
    if kept is None or kept[0] != version:
        return None
    _hold(key, version, kept[1])
    return kept[1]


def _hold(key: str, version: int, value, until: float | None = None) -> None:
    if len(_held) >= HELD_MOST:
        _held.clear()
    now = time.monotonic()
    _held[key] = (version, until or now + HELD_SECONDS, value, now + TRUSTED_SECONDS)


def keep(key: str, value, version: int) -> None:
    """Keep a value made from public content, marked with the content version it was made at."""
    cache.set(key, (version, value), PAGE_TIMEOUT)


def kept(key: str, make):
    """The value kept under `key` at the current content version, or `make()`'s, kept now."""
    value = current(key)
    if value is None:
        version = content_version()
        value = make()
        keep(key, value, version)
    return value


def cache_public_page(view):
    """Serve a GET for anonymous visitors from the cache, keyed by path and language."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_anonymous_visit(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        page = current(key)
        if page is not None:
            response = HttpResponse(page[0], headers=dict(page[1]))
        else:
            version = content_version()
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies:
                if hasattr(response, "render"):
                    response.render()
                keep(key, (response.content, list(response.items())), version)
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

    return wrapper


def is_anonymous_visit(request) -> bool:
    """A plain GET with no session or pending messages: the page is the same for everyone."""
    personal_cookies = {settings.SESSION_COOKIE_NAME, "messages"}
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not personal_cookies.intersection(request.COOKIES)
    )
