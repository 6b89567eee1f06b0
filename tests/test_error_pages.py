"""Error pages are the site's own, in the visitor's language, and tell nothing of the inside."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.a11y.dom import Page, attr, text
from tests.factories import ParticipantFactory
from wpsevents.participants.models import OutgoingEmail

FORM = "application/x-www-form-urlencoded"


def my_link_url(event, prefix: str = "") -> str:
    return f"{prefix}/events/{event.slug}/my-link/"


def in_language(language: str, message: str) -> str:
    """The message as the page shows it in `language` (English until the catalogue has it)."""
    with translation.override(language):
        return gettext(message)


def site_page(response) -> Page:
    """The response as a page of this site: its header and main landmark, no technical details."""
    body = response.content.decode()
    assert "DEBUG=True" not in body
    assert "CSRF" not in body
    page = Page(body)
    page.one("header.site-header")
    page.one("main#main")
    return page


def client_with_csrf_cookie(url: str) -> tuple[Client, str]:
    """A browser that opened the form: it has the CSRF cookie and the form's token."""
    client = Client(enforce_csrf_checks=True)
    client.get(url)
    return client, client.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.parametrize("language", ["en", "km"])
def test_post_without_csrf_cookie_gets_the_site_page_in_its_language(event, language):
    prefix = "" if language == "en" else "/km"
    url = my_link_url(event, prefix)
    response = Client(enforce_csrf_checks=True).post(url, {"email": "a@b.org"})
    assert response.status_code == 403
    page = site_page(response)
    assert attr(page.one("html"), "lang") == language
    assert text(page.one("h1")) == in_language(language, "Your form could not be sent")
    assert "Forbidden" not in text(page.one("main"))
    links = {attr(link, "href"): text(link) for link in page.all("main a")}
    assert url in links  # the form, to open again
    assert links[f"{prefix}/events/{event.slug}/"] == in_language(language, "Go to the event page")


def test_post_without_csrf_cookie_tells_what_to_do_and_saves_nothing(event):
    ParticipantFactory(event=event, email="a@b.org")
    response = Client(enforce_csrf_checks=True).post(my_link_url(event), {"email": "a@b.org"})
    main = text(site_page(response).one("main"))
    assert "Nothing was saved" in main
    assert "allows cookies for this site" in main
    assert "send it again" in main
    assert not OutgoingEmail.objects.exists()


def test_csrf_page_on_a_page_without_an_event_links_to_the_home_page(participant):
    from wpsevents.participants.tokens import issue_private_link

    url = f"/r/{issue_private_link(participant)}/cancel/"
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 403
    hrefs = [attr(link, "href") for link in site_page(response).all("main a")]
    assert hrefs == [url, "/"]


@pytest.mark.parametrize("language", ["en", "km"])
def test_too_many_fields_gets_the_site_page_with_400(event, language):
    url = my_link_url(event, "" if language == "en" else "/km")
    client, token = client_with_csrf_cookie(url)
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    body = urlencode({"csrfmiddlewaretoken": token, **fields})
    response = client.post(url, body, content_type=FORM)
    assert response.status_code == 400
    page = site_page(response)
    assert attr(page.one("html"), "lang") == language
    assert text(page.one("h1")) == in_language(language, "Your request could not be read")


def test_too_many_fields_without_a_csrf_check_gets_the_site_page_with_400(client, event):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(my_link_url(event), fields)
    assert response.status_code == 400
    assert text(site_page(response).one("h1")) == "Your request could not be read"


def test_body_too_large_gets_the_site_page_with_400(event):
    client, token = client_with_csrf_cookie(my_link_url(event))
    email = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    body = urlencode({"csrfmiddlewaretoken": token, "email": email})
    response = client.post(my_link_url(event), body, content_type=FORM)
    assert response.status_code == 400
    site_page(response)
    assert not OutgoingEmail.objects.exists()


def test_broken_multipart_body_gets_the_site_page_with_400(event):
    client, _token = client_with_csrf_cookie(my_link_url(event))
    response = client.post(my_link_url(event), b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    site_page(response)


def test_form_not_in_utf8_gets_400_not_500(event):
    """Django's own 400 handler reads such a body again and fails with a 500."""
    url = my_link_url(event, "/km")
    client, token = client_with_csrf_cookie(url)
    client.raise_request_exception = False
    body = f"csrfmiddlewaretoken={token}&email=a%40b.org"
    response = client.post(url, body, content_type=f"{FORM}; charset=latin-1")
    assert response.status_code == 400
    assert attr(site_page(response).one("html"), "lang") == "km"


def test_permission_denied_gets_the_site_page_with_403(organiser_client):
    response = organiser_client.get("/admin/participants/participant/export/pdf/")
    assert response.status_code == 403
    page = site_page(response)
    assert text(page.one("h1")) == "Access denied"
    assert [attr(link, "href") for link in page.all("main a")] == ["/"]
