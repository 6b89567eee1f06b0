"""The private link in Chromium: the secret never stays in the address bar or the history."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import EventFactory, registration_data
from wpsevents.participants import rules

pytestmark = pytest.mark.e2e
LINK = re.compile(r"https://events\.example\.org(/r/([\w-]+)/)")


def test_link_from_the_email_leaves_no_secret_in_the_address_bar_or_history(
    page, live_server, transactional_db
):
    event = EventFactory(capacity=50, is_featured=True, title="Localising WPS in Cambodia")
    mail.outbox.clear()
    participant = rules.register_participant(event=event, data=registration_data()).participant
    link, token = LINK.search(mail.outbox[-1].body).groups()
    seen = []
    page.on("framenavigated", lambda frame: seen.append(frame.url))

    page.goto(live_server.url + event.get_absolute_url())
    page.goto(live_server.url + link)
    expect(page.locator(".reference")).to_have_text(participant.reference)
    assert page.url == f"{live_server.url}/r/"
    assert page.evaluate("document.cookie").find("private_link") == -1  # HttpOnly
    cookies = {c["name"]: c for c in page.context.cookies() if c["name"].startswith("private")}
    assert {name: c["path"] for name, c in cookies.items()} == {
        "private_link_en": "/r/",
        "private_link_km": "/km/r/",
    }
    assert all(c["httpOnly"] and c["sameSite"] == "Lax" for c in cookies.values())

    page.go_back()
    assert page.url == live_server.url + event.get_absolute_url()
    with page.expect_request(re.compile(r"/r/$")) as back_to_the_link:
        page.go_forward()
    assert page.url == f"{live_server.url}/r/"
    assert "private_link_en=" in back_to_the_link.value.all_headers().get("cookie", "")
    expect(page.locator(".reference")).to_have_text(participant.reference)

    page.locator("form.language-switcher button").click()
    expect(page).to_have_url(f"{live_server.url}/km/r/")
    expect(page.locator(".reference")).to_have_text(participant.reference)
    with page.expect_request(re.compile(r"/km/events/")) as public_page:
        page.locator("main header a").first.click()
    assert "private_link" not in public_page.value.all_headers().get("cookie", "")

    assert seen and all(token not in url for url in seen)
