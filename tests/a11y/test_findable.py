"""Search engines and link previews find every page, in both languages, at one address each."""

import json
import xml.etree.ElementTree as ET

import pytest

from tests.a11y.dom import Page, attr
from tests.factories import ParticipantFactory
from wpsevents.participants.tokens import issue_private_link

SITE = "https://events.example.org"
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
VIEWS = ["", "programme/", "resources/", "register/"]


def head_links(client, url: str) -> dict:
    """The page's canonical address and its alternates by hreflang."""
    page = Page(client.get(url).content.decode())
    alternates = {
        attr(link, "hreflang"): attr(link, "href") for link in page.all("link[rel=alternate]")
    }
    canonical = [attr(link, "href") for link in page.all("link[rel=canonical]")]
    return {"canonical": canonical, "alternates": alternates}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("prefix", ["", "/km"])
def test_public_page_has_one_canonical_address_and_both_languages(client, workshop, view, prefix):
    path = f"/events/{workshop.slug}/{view}"
    links = head_links(client, prefix + path)
    assert links["canonical"] == [SITE + prefix + path]
    assert links["alternates"] == {
        "en": SITE + path,
        "km": SITE + "/km" + path,
        "x-default": SITE + path,
    }


def test_private_link_page_is_kept_out_of_search_engines(client, workshop):
    token = issue_private_link(ParticipantFactory(event=workshop))
    html = client.get(f"/r/{token}/", follow=True).content.decode()
    page = Page(html)
    assert attr(page.one("meta[name=robots]"), "content") == "noindex"
    assert page.all("link[rel=canonical]") == []


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """Each address of the sitemap with its alternates by hreflang."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", SITEMAP_NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }


def test_sitemap_lists_every_event_page_in_both_languages(client, workshop):
    entries = sitemap_entries(client)
    for view in VIEWS:
        english = f"{SITE}/events/{workshop.slug}/{view}"
        khmer = f"{SITE}/km/events/{workshop.slug}/{view}"
        alternates = {"en": english, "km": khmer, "x-default": english}
        assert entries[english] == alternates
        assert entries[khmer] == alternates
    assert f"{SITE}/km/privacy/" in entries


def test_sitemap_leaves_out_unpublished_events_and_private_pages(client, workshop):
    workshop.is_published = False
    workshop.save()
    entries = sitemap_entries(client)
    assert not [url for url in entries if "/events/" in url or "/r/" in url]


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client, workshop):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /r/" in lines
    assert "Disallow: /km/r/" in lines
    assert "Disallow: /admin/" in lines
    assert any(line.startswith("Sitemap: ") and line.endswith("/sitemap.xml") for line in lines)


def structured_data(client, url: str) -> tuple[dict, dict]:
    """The page's JSON-LD and its OpenGraph properties."""
    page = Page(client.get(url).content.decode())
    data = json.loads(page.one("script[type='application/ld+json']").etree_element.text)
    og = {attr(meta, "property"): attr(meta, "content") for meta in page.all("meta[property]")}
    return data, og


def test_event_page_describes_the_event_in_english(client, workshop):
    data, og = structured_data(client, f"/events/{workshop.slug}/")
    assert data["inLanguage"] == "en"
    assert data["name"] == og["og:title"] == workshop.title_en
    assert data["url"] == og["og:url"] == f"{SITE}/events/{workshop.slug}/"
    assert (og["og:locale"], og["og:locale:alternate"]) == ("en_GB", "km_KH")


def test_event_page_describes_the_event_in_khmer(client, workshop):
    data, og = structured_data(client, f"/km/events/{workshop.slug}/")
    assert data["inLanguage"] == "km"
    assert data["name"] == og["og:title"] == workshop.title_km
    assert data["description"] == og["og:description"] == workshop.summary_km
    assert data["url"] == og["og:url"] == f"{SITE}/km/events/{workshop.slug}/"
    assert (og["og:locale"], og["og:locale:alternate"]) == ("km_KH", "en_GB")
