"""The sitemap: every published event page, in English and Khmer, at the site's public address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Event


class PublicSitemap(Sitemap):
    """Addresses built from SITE_URL, like the pages' canonical links, in both languages."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class EventSitemap(PublicSitemap):
    """The event pages, programmes, resource lists and registration forms."""

    changefreq = "weekly"
    pages = ("events:detail", "events:programme", "events:resources", "participants:register")

    def items(self):
        slugs = Event.objects.published().order_by("starts_at").values_list("slug", flat=True)
        return [(name, slug) for slug in slugs for name in self.pages]

    def location(self, item):
        name, slug = item
        return reverse(name, kwargs={"slug": slug})


class StaticPageSitemap(PublicSitemap):
    """Pages that belong to the site rather than to an event."""

    changefreq = "yearly"

    def items(self):
        return ["privacy"]

    def location(self, item):
        return reverse(item)
