"""nginx, as deployed, in front of the site: it keeps the public pages for a moment, serves
the copy to the next visitors, and never keeps or serves one to a signed-in organiser or a
visitor with a message waiting. An organiser's edit shows within the time a copy is kept.
"""

import time
import urllib.parse

import pytest
from django.test import Client

from tests.factories import EventFactory, ParticipantFactory
from tests.production.test_nginx import _get, _running_nginx, pytestmark
from tests.signin import sign_in_fully
from wpsevents.participants.tokens import issue_private_link
from wpsevents.shared_cache import SHARED_SECONDS

pytestmark = [pytestmark, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(tmp_path, live_server, settings):
    """The site (Django's live server) behind nginx; its HTTPS port."""
    settings.ALLOWED_HOSTS = ["events.example.org", "testserver"]
    upstream = urllib.parse.urlsplit(live_server.url).port
    with _running_nginx(tmp_path, upstream) as ports:
        yield ports["https"]


def _status(response) -> str:
    return response.headers["X-Cache-Status"]


def test_nginx_serves_public_pages_from_its_copy_per_language(site):
    event = EventFactory(title="Localisation workshop")
    for prefix in ("", "/km"):
        path = f"{prefix}/events/{event.slug}/"
        first, second = _get(site, path), _get(site, path)
        assert (first.status, _status(first)) == (200, "MISS")
        assert (second.status, _status(second)) == (200, "HIT")
        assert second.body == first.body
    english, khmer = _get(site, f"/events/{event.slug}/"), _get(site, f"/km/events/{event.slug}/")
    assert english.headers["Content-Language"] == "en"
    assert khmer.headers["Content-Language"] == "km"
    for path in ("/robots.txt", "/sitemap.xml", f"/events/{event.slug}/programme/"):
        _get(site, path)
        assert _status(_get(site, path)) == "HIT", path


def test_nginx_never_serves_or_keeps_a_page_for_a_signed_in_organiser(site, organiser):
    event = EventFactory()
    path = f"/events/{event.slug}/"
    _get(site, path)  # an anonymous visit leaves a copy
    client = Client()
    sign_in_fully(client, organiser)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    for _ in range(2):
        signed_in = _get(site, path, Cookie=cookie)
        assert _status(signed_in) == "BYPASS"
        assert "s-maxage" not in signed_in.headers.get("Cache-Control", "")


def test_nginx_never_serves_a_copy_to_a_visitor_with_a_message_waiting(site):
    """A registrant cancels; the next page they open shows the message, and only to them."""
    event = EventFactory()
    path = f"/events/{event.slug}/"
    registrant = Client()
    registrant.get(f"/r/{issue_private_link(ParticipantFactory(event=event))}/")
    registrant.post("/r/cancel/")
    message = registrant.cookies["messages"].value
    seen = _get(site, path, Cookie=f"messages={message}")
    assert _status(seen) == "BYPASS"
    assert b"Your registration has been cancelled." in seen.body
    after = _get(site, path)
    assert _status(after) == "MISS"  # the registrant's page was not kept
    assert b"Your registration has been cancelled." not in after.body


def test_pages_nginx_must_not_keep_go_to_the_app_each_time(site):
    event = EventFactory()
    for path in (f"/events/{event.slug}/register/", "/r/", "/admin/login/", "/healthz"):
        _get(site, path)
        assert "X-Cache-Status" not in _get(site, path).headers, path
    # A page nginx may keep, asked with a query string: the app does not mark it.
    query = f"/events/{event.slug}/?utm_source=newsletter"
    _get(site, query)
    assert _status(_get(site, query)) == "MISS"


def test_an_organisers_edit_shows_within_the_time_a_copy_is_kept(site):
    event = EventFactory(title="Localisation workshop")
    path = f"/events/{event.slug}/"
    _get(site, path)
    assert _status(_get(site, path)) == "HIT"
    event.title = "Localisation workshop, new venue"
    event.save()
    edited = time.monotonic()
    while b"new venue" not in _get(site, path).body:
        # the time nginx keeps a copy, and a second for the polling on a busy machine
        assert time.monotonic() - edited < SHARED_SECONDS + 1, "the edit did not show"
        time.sleep(0.1)
