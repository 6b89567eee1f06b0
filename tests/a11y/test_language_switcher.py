"""The language switcher: the same page in the other language, and never another site."""

import pytest
from django.test import Client

from tests.a11y.dom import Page, attr
from tests.factories import ParticipantFactory
from wpsevents.participants.tokens import issue_private_link

PAGES = ["", "programme/", "resources/", "register/"]


def switcher(html: str) -> dict:
    """What the switcher's form sends: its address, `next` and the language of its button."""
    page = Page(html)
    form = page.one("form.language-switcher")
    return {
        "action": attr(form, "action"),
        "method": attr(form, "method"),
        "next": attr(page.one("form.language-switcher input[name=next]"), "value"),
        "language": attr(page.one("form.language-switcher button[name=language]"), "value"),
    }


def switch(client, url: str):
    """Use the switcher of the page at `url`, as a browser submits it."""
    form = switcher(client.get(url).content.decode())
    assert form["method"] == "post"
    return client.post(form["action"], {"next": form["next"], "language": form["language"]})


@pytest.mark.parametrize("view", PAGES)
def test_language_switcher_keeps_the_page_from_english_to_khmer(client, workshop, view):
    response = switch(client, f"/events/{workshop.slug}/{view}")
    assert response.status_code == 302
    assert response["Location"] == f"/km/events/{workshop.slug}/{view}"


@pytest.mark.parametrize("view", PAGES)
def test_language_switcher_keeps_the_page_from_khmer_to_english(client, workshop, view):
    response = switch(client, f"/km/events/{workshop.slug}/{view}")
    assert response.status_code == 302
    assert response["Location"] == f"/events/{workshop.slug}/{view}"


def test_language_switcher_lands_on_the_page_in_the_chosen_language(client, workshop):
    response = switch(client, f"/events/{workshop.slug}/programme/")
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="km">' in page
    assert workshop.title_km in page


def test_language_switcher_keeps_the_privacy_notice(client, workshop):
    assert switch(client, "/privacy/")["Location"] == "/km/privacy/"
    assert switch(client, "/km/privacy/")["Location"] == "/privacy/"


def test_language_switcher_keeps_the_private_link_page(client, workshop):
    client.get(f"/r/{issue_private_link(ParticipantFactory(event=workshop))}/")
    assert switch(client, "/r/")["Location"] == "/km/r/"
    assert switch(client, "/km/r/")["Location"] == "/r/"


def test_language_switcher_needs_no_csrf_token_so_cached_pages_can_carry_it(workshop):
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/events/{workshop.slug}/").content.decode()
    assert "csrfmiddlewaretoken" not in page
    response = switch(client, f"/events/{workshop.slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/km/events/{workshop.slug}/"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"],
)
def test_set_language_sends_visitors_home_rather_than_to_another_site(client, workshop, next_url):
    response = client.post("/i18n/setlang/", {"next": next_url, "language": "km"})
    assert response.status_code == 302
    assert response["Location"] == "/km/"


def test_set_language_falls_back_to_the_referring_page_of_this_site(client, workshop):
    page = f"http://testserver/events/{workshop.slug}/"
    response = client.post(
        "/i18n/setlang/", {"next": "https://evil.example/", "language": "km"}, HTTP_REFERER=page
    )
    assert response["Location"] == f"http://testserver/km/events/{workshop.slug}/"


def test_set_language_cookie_does_not_change_the_language_of_an_address(client, workshop):
    switch(client, f"/events/{workshop.slug}/")
    english = client.get(f"/events/{workshop.slug}/").content.decode()
    assert '<html lang="en">' in english


def test_language_switcher_page_stays_cached_after_switching(
    client, workshop, django_assert_num_queries
):
    url = f"/km/events/{workshop.slug}/"
    client.get(url)
    switch(client, f"/events/{workshop.slug}/")
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_page_in_one_language_only_has_no_switcher(client, workshop):
    page = Page(client.get("/no-such-page/").content.decode())
    assert page.all("form.language-switcher") == []
    assert page.all("link[rel=alternate]") == []
