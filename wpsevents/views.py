"""Site-wide pages: health, robots, privacy notice, uploaded files and error pages."""

import mimetypes
import sys
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django_redis import get_redis_connection
from redis.exceptions import RedisError

from wpsevents.events.cache import cache_public_page
from wpsevents.resources.models import Resource
from wpsevents.shared_cache import shareable

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/webp"}


@never_cache
@require_safe
def healthz(request):
    """200 when the server can serve pages, 503 when it cannot: for load balancers and monitors.

    It cannot without its database, or without its collected static files (every page would
    fail). Redis is reported too, for monitors: without it the site still serves, from the
    database and more slowly, so it does not change the status code. Answered at any address and
    over plain HTTP (wpsevents/health.py), it says nothing more than these states.
    """
    try:
        connection.close_if_health_check_failed()  # replaces a session the database ended
        connection.ensure_connection()
        database_up = connection.is_usable()
    except DatabaseError:
        database_up = False
    if not database_up:
        return _unhealthy(database="down")
    if not _static_files_collected():
        return _unhealthy(static="missing")
    return JsonResponse({"status": "ok", "database": "up", "cache": _cache_state()})


def _unhealthy(**state: str) -> JsonResponse:
    return JsonResponse({"status": "unavailable", **state}, status=503)


def _static_files_collected() -> bool:
    """Whether the fingerprinted static files' manifest is there (production storage only)."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return True
    return bool(staticfiles_storage.hashed_files)


def _cache_state() -> str:
    if not settings.CACHES["default"]["BACKEND"].startswith("django_redis."):
        return "local"
    try:
        get_redis_connection("default").ping()
    except RedisError:
        return "down"
    return "up"


@require_safe
@shareable
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Let search engines in, except where personal pages live."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /checkin/",
        "Disallow: /r/",
        "Disallow: /km/r/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_public_page
def privacy(request):
    """What personal data the site collects, why, for how long, and who to ask."""
    return render(request, "privacy.html")


@require_safe
@cache_control(max_age=3600, private=True)
def media_file(request, path):
    """An uploaded resource's file, while its resource is visible (or to staff who may view it).

    Never shown as a page of this site: only safe types open inline. Kept out of shared caches,
    so that a file stops being served as soon as its resource is unpublished.
    """
    clean = PurePosixPath(path)
    if ".." in clean.parts or clean.is_absolute() or "\x00" in path:  # PostgreSQL refuses NUL
        raise Http404
    if not _may_see(request, str(clean)) or not default_storage.exists(str(clean)):
        raise Http404
    content_type = mimetypes.guess_type(clean.name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        default_storage.open(str(clean), "rb"),
        as_attachment=not inline,
        filename=clean.name,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _may_see(request, name: str) -> bool:
    """Whether the file belongs to a resource visitors see, or the user may view it in the admin."""
    files = Resource.objects.filter(file=name)
    if files.visible().exists():
        return True
    return request.user.has_perm("resources.view_resource") and files.exists()


def rate_limited(request, exception):
    """Too many attempts from one address: a friendly page with 429."""
    return render(request, "429.html", status=429)


def bad_request(request, exception):
    """A friendly 400 in the visitor's language.

    Django's own handler checks the CSRF token again, and so reads the body of a POST once more:
    a form body it could not decode (not UTF-8) then fails a second time and the visitor gets a
    500. This one never touches the body.
    """
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    """A friendly 404 in the visitor's language."""
    return render(request, "404.html", status=404)


def server_error(request):
    """A friendly 500 that shows nothing of the inside; 503 while the database is unreachable."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        # A restart or failover: load balancers and visitors should simply try again shortly.
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", status=500)
