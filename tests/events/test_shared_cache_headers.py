"""Which pages nginx may keep for everyone: Django marks them, and only them.

Every page of the site is requested anonymously and signed in, in English and Khmer. The public
pages (event, programme, resources, calendar, sitemap, robots) carry `public, s-maxage` for an
anonymous visitor; no response with a session, a message, a CSRF token, a cookie or a private
link ever does.
"""

import pytest
from django.test import Client

from tests.factories import ParticipantFactory, ResourceFactory, SessionFactory
from tests.signin import sign_in_fully
from wpsevents.participants.tokens import issue_private_link
from wpsevents.shared_cache import SHARED_SECONDS

pytestmark = pytest.mark.django_db

SHARED = {
    "/events/{slug}/",
    "/events/{slug}/programme/",
    "/events/{slug}/resources/",
    "/events/{slug}/calendar.ics",
}
OTHER_PAGES = {
    "/",
    "/events/{slug}/register/",
    "/events/{slug}/register/done/",
    "/events/{slug}/my-link/",
    "/events/{slug}/card.png",
    "/events/no-such-event/",
    "/privacy/",
    "/r/",
    "/r/{token}/",
    "/r/change/",
    "/r/cancel/",
    "/r/calendar.ics",
    "/verify/NOSUCHCODE/",
}
SITE_WIDE_SHARED = {"/sitemap.xml", "/robots.txt"}
SITE_WIDE_OTHER = {"/healthz", "/favicon.ico", "/admin/", "/admin/login/", "/checkin/"}


def _is_marked(response) -> bool:
    control = response.get("Cache-Control", "")
    return "public" in control or "s-maxage" in control


def _pages(event, token: str) -> dict[str, bool]:
    """Every address, in both languages where it has two, and whether it may be shared."""
    pages = {}
    for prefix in ("", "/km"):
        for path in SHARED | OTHER_PAGES:
            address = prefix + path.format(slug=event.slug, token=token)
            pages[address] = path in SHARED
    pages.update(dict.fromkeys(SITE_WIDE_SHARED, True))
    pages.update(dict.fromkeys(SITE_WIDE_OTHER, False))
    return pages


@pytest.fixture
def published(event):
    SessionFactory(event=event)
    ResourceFactory(event=event)
    return event


def _assert_nothing_personal_is_marked(response, address: str) -> None:
    if not _is_marked(response):
        return
    assert not response.cookies, address
    assert b"csrfmiddlewaretoken" not in response.content, address
    if "s-maxage" not in response["Cache-Control"]:
        return  # kept by browsers only (the event's card, the icon): nginx keeps no copy
    assert "cookie" not in response.get("Vary", "").lower(), address
    assert "accept-language" not in response.get("Vary", "").lower(), address


def test_anonymous_visitors_get_the_public_pages_marked_for_the_shared_cache(published):
    token = issue_private_link(ParticipantFactory(event=published))
    for address, shared in _pages(published, token).items():
        visitor = Client()  # a new visitor each time: no cookie from an earlier page
        response = visitor.get(address)
        if shared:
            assert response.status_code == 200, address
            control = response["Cache-Control"]
            assert "public" in control, address
            assert f"s-maxage={SHARED_SECONDS}" in control, address
        else:
            assert "s-maxage" not in response.get("Cache-Control", ""), address
        _assert_nothing_personal_is_marked(response, address)


def test_no_page_is_marked_for_a_signed_in_organiser(published, client, organiser):
    sign_in_fully(client, organiser)
    token = issue_private_link(ParticipantFactory(event=published))
    for address in _pages(published, token):
        response = client.get(address)
        assert "s-maxage" not in response.get("Cache-Control", ""), address
        assert "public" not in response.get("Cache-Control", "") or address in (
            "/favicon.ico",
            f"/events/{published.slug}/card.png",
            f"/km/events/{published.slug}/card.png",
        ), address


@pytest.mark.parametrize("prefix", ["", "/km"])
def test_a_page_shown_with_a_pending_message_is_not_marked(published, prefix):
    """A registrant cancels, then opens the event page before the message is shown."""
    registrant = Client()
    token = issue_private_link(ParticipantFactory(event=published))
    registrant.get(f"{prefix}/r/{token}/")
    response = registrant.post(f"{prefix}/r/cancel/")
    assert response.status_code == 302
    assert "messages" in registrant.cookies
    page = registrant.get(f"{prefix}/events/{published.slug}/")
    assert not _is_marked(page)


@pytest.mark.parametrize("prefix", ["", "/km"])
def test_private_link_pages_and_the_form_are_never_marked(published, prefix):
    registrant = Client()
    token = issue_private_link(ParticipantFactory(event=published))
    opened = registrant.get(f"{prefix}/r/{token}/", follow=True)
    assert opened.status_code == 200
    assert not _is_marked(opened)
    assert "no-store" in opened["Cache-Control"]
    form = Client().get(f"{prefix}/events/{published.slug}/register/")
    assert b"csrfmiddlewaretoken" in form.content
    assert not _is_marked(form)


def test_a_query_string_is_never_marked(published):
    response = Client().get(f"/events/{published.slug}/?utm_source=newsletter")
    assert response.status_code == 200
    assert not _is_marked(response)
