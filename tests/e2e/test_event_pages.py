"""A visitor on a phone opens the workshop's page and goes on to the programme.

With UPDATE_SCREENSHOTS=1 the test also refreshes the README's screenshot, docs/img/event-page.png.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "event-page.png"


def _fits_the_screen(page) -> bool:
    """Nothing scrolls sideways: the page is no wider than the phone's screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"]


@pytest.mark.e2e
def test_event_page_on_a_phone_leads_to_the_programme(page, live_server):
    call_command("load_workshop", stdout=StringIO())
    page.goto(live_server.url + "/")

    expect(page.locator("h1")).to_contain_text("Launch of the ASEAN Localisation Toolkit")
    expect(page.get_by_role("link", name="Register now")).to_be_visible()
    assert _fits_the_screen(page), "the event page scrolls sideways on a phone"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOT)

    page.get_by_role("navigation", name="Event").get_by_role("link", name="Programme").click()

    expect(page).to_have_url(f"{live_server.url}/events/wps-localisation-workshop-2023/programme/")
    expect(page.get_by_role("heading", name="Day 1")).to_be_visible()
    expect(page.get_by_role("heading", name="Day 2")).to_be_visible()
    expect(page.get_by_role("heading", name="Opening ceremony")).to_be_visible()
    assert _fits_the_screen(page), "the programme scrolls sideways on a phone"
