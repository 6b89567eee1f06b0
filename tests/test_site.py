"""Pages of the site itself: health, robots, sitemap, privacy notice, error pages."""

import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import path

from tests.factories import EventFactory
from wpsevents.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _boom(request):
    raise RuntimeError("the database went away")


# This module doubles as a URLconf with one failing page, to see the friendly 500 page.
urlpatterns = [*site_urlpatterns, path("boom/", _boom)]
handler404 = "wpsevents.views.page_not_found"
handler500 = "wpsevents.views.server_error"


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "local"}
    assert "no-cache" in response["Cache-Control"]


def test_robots_lets_search_engines_in_but_not_into_personal_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for private in ("/admin/", "/checkin/", "/r/", "/km/r/"):
        assert f"Disallow: {private}" in lines
    assert "Sitemap: https://events.example.org/sitemap.xml" in lines


def test_sitemap_lists_published_event_pages_in_both_languages(client):
    event = EventFactory(slug="wps-workshop")
    EventFactory(slug="embargoed", is_published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    paths = {urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)}
    for page in ("", "programme/", "resources/"):
        assert f"/events/{event.slug}/{page}" in paths
        assert f"/km/events/{event.slug}/{page}" in paths
    assert "/privacy/" in paths
    assert not any("embargoed" in path for path in paths)


def test_privacy_notice_says_what_is_kept_and_whom_to_ask(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "privacy@unwomen.example.org"
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Privacy notice" in html
    assert "How long" in html
    assert "privacy@unwomen.example.org" in html


def test_privacy_notice_exists_in_khmer(client):
    response = client.get("/km/privacy/")
    assert response.status_code == 200
    assert b'lang="km"' in response.content


def test_not_found_page_is_friendly_and_leads_back_to_the_event(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="/"' in html


@pytest.mark.urls("tests.test_site")
def test_server_error_page_is_friendly_and_shows_nothing_of_the_inside():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Please try again in a moment." in html
    assert "database went away" not in html
    assert "Traceback" not in html


def test_favicon_redirects_permanently_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    assert "max-age=86400" in response["Cache-Control"]


def test_favicon_redirects_to_the_fingerprinted_icon_in_production(client, settings, tmp_path):
    manifest = {"version": "1.1", "paths": {"img/favicon.svg": "img/favicon.0123456789ab.svg"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest), encoding="utf-8")
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "wpsevents.staticfiles.MinifiedCompressedManifestStorage"},
    }
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.0123456789ab.svg"
