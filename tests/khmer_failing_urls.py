"""The site's addresses plus two Khmer ones that fail, to see the error pages a visitor gets."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from tests.production.failing_urls import boom, database_gone
from wpsevents.urls import handler400, handler404, handler500
from wpsevents.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(
        path("boom/", boom),
        path("database-gone/", database_gone),
        prefix_default_language=False,
    ),
]
__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
