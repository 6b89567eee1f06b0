"""In production, static files are fingerprinted and compressed, and the event page stays light."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

from tests.a11y.dom import Page, attr

PAGE_BUDGET = 150 * 1024
HASHED = r"\.[0-9a-f]{12}\."


PRODUCTION_STORAGE = {"BACKEND": "wpsevents.staticfiles.MinifiedCompressedManifestStorage"}
# The apps' own files (admin and the like) and the PDF fonts play no part in public pages, and
# compressing them takes most of collectstatic's time.
IGNORE = ["admin", "flags", "import_export", "modeltranslation", "*.ttf"]


@pytest.fixture(scope="module")
def collected_root(tmp_path_factory):
    """Static files collected once for the module, as the production settings do it."""
    root = tmp_path_factory.mktemp("static")
    storages = {**django_settings.STORAGES, "staticfiles": PRODUCTION_STORAGE}
    with override_settings(DEBUG=False, STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=IGNORE)
    return root


@pytest.fixture
def collected(settings, collected_root):
    """Serve pages with the collected files, as in production (DEBUG off)."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STORAGE}
    return collected_root


def referenced_files(html: str) -> list[str]:
    """The stylesheets, scripts and icons the page links to, as paths under /static/."""
    page = Page(html)
    links = [attr(link, "href") for link in page.all("link[rel=stylesheet], link[rel=icon]")]
    scripts = [attr(script, "src") for script in page.all("script[src]")]
    return [url.removeprefix("/static/") for url in links + scripts]


def test_collectstatic_serves_the_site_files_with_fingerprints(client, workshop, collected):
    files = referenced_files(client.get(f"/events/{workshop.slug}/").content.decode())
    for name in ("css/site", "js/site", "vendor/bootstrap/bootstrap.min", "img/favicon"):
        assert [f for f in files if re.fullmatch(name + HASHED + r"\w+", f)], (name, files)
    for name in files:
        assert (collected / name).is_file()
        assert (collected / f"{name}.gz").is_file()


def test_collectstatic_fingerprints_the_fonts_inside_the_stylesheet(client, workshop, collected):
    files = referenced_files(client.get(f"/events/{workshop.slug}/").content.decode())
    site_css = next(f for f in files if f.startswith("css/site."))
    fonts = re.findall(r'url\("([^"]+)"\)', (collected / site_css).read_text(encoding="utf-8"))
    assert len(fonts) == 3
    for url in fonts:
        assert re.search(HASHED + "woff2$", url), url
        assert (collected / "css" / url).resolve().is_file()


def test_event_page_with_collected_files_weighs_under_150_kb(client, workshop, collected):
    html = client.get(f"/events/{workshop.slug}/").content
    compressed = [
        (collected / f"{name}.gz").stat().st_size for name in referenced_files(html.decode())
    ]
    label_font = next(collected.glob("fonts/noto-sans-khmer-label.*.woff2"))
    total = len(html) + sum(compressed) + label_font.stat().st_size
    assert total < PAGE_BUDGET, f"{total / 1024:.1f} KB"


def test_collectstatic_minifies_the_site_files(client, workshop, collected):
    source = (django_settings.BASE_DIR / "static/css/site.css").read_text(encoding="utf-8")
    files = referenced_files(client.get(f"/events/{workshop.slug}/").content.decode())
    site_css = (collected / next(f for f in files if f.startswith("css/site."))).read_text()
    site_js = (collected / next(f for f in files if f.startswith("js/site."))).read_text()
    assert "/*" in source
    assert "/*" not in site_css
    assert "\n  " not in site_css
    assert len(site_css) < len(source) * 0.9
    assert "//" not in site_js.replace("://", "")
