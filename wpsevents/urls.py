"""The site's addresses. Public pages exist in English (no prefix) and Khmer (/km/)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from wpsevents.accounts.language import choose_staff_language
from wpsevents.events.sitemaps import EventSitemap, StaticPageSitemap

from . import views

admin.site.site_header = _("WPS Events administration")
admin.site.site_title = _("WPS Events")
admin.site.index_title = _("Events, participants and reports")

sitemaps = {"events": EventSitemap, "pages": StaticPageSitemap}

# Browsers ask for /favicon.ico on pages without an icon link (the admin's). The address is
# resolved at each request, as production's is fingerprinted from the manifest; the redirect
# is kept a day only, so that a new icon's new address is followed.
favicon = cache_control(max_age=86400, public=True)(
    RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True)
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # Exempt from CSRF: cached pages cannot carry a per-visitor token, and choosing a language
    # changes nothing but an inert cookie (docs/architecture.md, "Language switching").
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/second-factor/", include("wpsevents.accounts.urls")),
    path("admin/language/", choose_staff_language, name="staff_language"),
    path("admin/reports/", include("wpsevents.reports.urls")),
    path("admin/", admin.site.urls),
    path("checkin/", include("wpsevents.participants.door.urls")),
    path("media/<path:path>", views.media_file, name="media"),
]

urlpatterns += i18n_patterns(
    path("", include("wpsevents.events.urls")),
    path("", include("wpsevents.participants.registration.urls")),
    path("privacy/", views.privacy, name="privacy"),
    prefix_default_language=False,
)

handler400 = "wpsevents.views.bad_request"
handler404 = "wpsevents.views.page_not_found"
handler500 = "wpsevents.views.server_error"
