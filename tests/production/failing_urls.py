"""The site's addresses plus one that fails, to see the error page a visitor gets."""

from django.db import OperationalError
from django.urls import path

from wpsevents.urls import handler404, handler500
from wpsevents.urls import urlpatterns as site_urlpatterns


def boom(request):
    """Fail the way an unexpected bug does."""
    return 1 / 0


def database_gone(request):
    """Fail the way a request does while PostgreSQL restarts."""
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("boom/", boom), path("database-gone/", database_gone), *site_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
