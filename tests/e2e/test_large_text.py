"""At 200 % text on a phone, nothing runs off the page: badges, buttons and tabs wrap."""

import io

import pytest
from django.core.management import call_command

from tests.factories import ParticipantFactory
from wpsevents.events.models import Event
from wpsevents.participants.tokens import issue_private_link

pytestmark = pytest.mark.e2e

PHONES = [{"width": 390, "height": 844}, {"width": 320, "height": 640}]
PAGES = ["", "programme/", "resources/", "register/", "my-link/", "my-link/?sent=1"]
WIDER_THAN_THE_PAGE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1)
      && !element.closest(".visually-hidden, .skip-link, [aria-hidden=true]")
      && getComputedStyle(element).position !== "absolute";
  });
  return {
    scrolls: document.documentElement.scrollWidth > width,
    wide: wide.slice(0, 5).map(e => e.className + ": " + e.textContent.trim().slice(0, 40)),
  };
}"""


@pytest.fixture(scope="module")
def large_text_args():
    return {"bypass_csp": True, "is_mobile": True, "has_touch": True}


@pytest.fixture
def workshop(transactional_db, settings):
    """The demo workshop, as `load_workshop` makes it, with registration open."""
    settings.RATELIMIT_ENABLE = False
    call_command("load_workshop", stdout=io.StringIO())
    return Event.objects.get()


def assert_nothing_runs_off(page, url: str) -> None:
    """Open `url` with the root font at 200 % and fail when the page scrolls sideways."""
    page.goto(url)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    page.evaluate("document.fonts.ready")
    found = page.evaluate(WIDER_THAN_THE_PAGE)
    assert not found["scrolls"] and not found["wide"], f"{url}: {found}"


@pytest.mark.parametrize("viewport", PHONES, ids=["390px", "320px"])
@pytest.mark.parametrize("language", ["en", "km"])
def test_public_pages_wrap_at_200_percent_text(
    live_server, browser, large_text_args, workshop, language, viewport
):
    context = browser.new_context(viewport=viewport, **large_text_args)
    page = context.new_page()
    prefix = "/km" if language == "km" else ""
    token = issue_private_link(ParticipantFactory(event=workshop, name_khmer="ចាន់ សុខា"))
    for view in PAGES:
        assert_nothing_runs_off(page, f"{live_server.url}{prefix}/events/{workshop.slug}/{view}")
    for view in ["", "change/", "cancel/"]:
        assert_nothing_runs_off(page, f"{live_server.url}{prefix}/r/{token}/{view}")
    assert_nothing_runs_off(page, f"{live_server.url}{prefix}/privacy/")
    context.close()
