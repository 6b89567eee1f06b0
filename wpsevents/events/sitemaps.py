"""The sitemap: every published event page, in English and Khmer."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Event


class EventSitemap(Sitemap):
    """The event pages, programmes and resource lists."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        pages = ("events:detail", "events:programme", "events:resources")
        slugs = Event.objects.published().values_list("slug", flat=True)
        return [(name, slug) for slug in slugs for name in pages]

    def location(self, item):
        name, slug = item
        return reverse(name, kwargs={"slug": slug})


class StaticPageSitemap(Sitemap):
    """Pages that belong to the site rather than to an event."""

    i18n = True
    alternates = True
    changefreq = "yearly"

    def items(self):
        return ["privacy"]

    def location(self, item):
        return reverse(item)
