"""Light on slow phones: a small event page, nothing from other hosts, Khmer font only if needed."""

import gzip
from urllib.parse import urlsplit

import pytest

from tests.a11y.dom import Page, attr
from tests.factories import ParticipantFactory
from wpsevents.participants.tokens import issue_private_link

PAGE_BUDGET = 150 * 1024
KHMER_FONTS = ("noto-sans-khmer-khmer-400-normal.woff2", "noto-sans-khmer-khmer-700-normal.woff2")
LABEL_FONT = "noto-sans-khmer-label.woff2"
# whitenoise stores these compressed; fonts and images are compressed already.
TEXT_TYPES = ("text/", "application/javascript", "image/svg+xml")


def visit(page, url: str) -> list:
    """Open the page, let its fonts load, and return every response it needed."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    return responses


def transferred(response) -> int:
    """Bytes on the wire: static text files gzipped as whitenoise serves them, the rest as is."""
    body = response.body()
    content_type = response.headers.get("content-type", "")
    is_static = urlsplit(response.url).path.startswith("/static/")
    if is_static and content_type.startswith(TEXT_TYPES):
        return len(gzip.compress(body, compresslevel=9))
    return len(body)


def font_files(responses) -> set[str]:
    return {r.url.rsplit("/", 1)[1] for r in responses if "/fonts/" in r.url}


@pytest.mark.e2e
def test_event_page_in_english_weighs_under_150_kb(
    live_server, page, live_workshop, record_property
):
    responses = visit(page, f"{live_server.url}/events/{live_workshop.slug}/")
    sizes = {urlsplit(r.url).path: transferred(r) for r in responses}
    total = sum(sizes.values())
    record_property("event_page_bytes", total)
    assert total < PAGE_BUDGET, f"{total / 1024:.1f} KB: {sizes}"


@pytest.mark.e2e
@pytest.mark.parametrize("prefix", ["", "/km"])
def test_public_pages_load_nothing_from_another_host(live_server, page, live_workshop, prefix):
    own = urlsplit(live_server.url).netloc
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    for view in ("", "programme/", "resources/", "register/"):
        page.goto(f"{live_server.url}{prefix}/events/{live_workshop.slug}/{view}")
        page.wait_for_load_state("networkidle")
    assert hosts == {own}


@pytest.mark.e2e
def test_english_page_fetches_only_the_small_font_for_the_word_khmer(
    live_server, page, live_workshop
):
    responses = visit(page, f"{live_server.url}/events/{live_workshop.slug}/")
    assert font_files(responses) == {LABEL_FONT}
    label = next(r for r in responses if r.url.endswith(LABEL_FONT))
    assert len(label.body()) < 2048


@pytest.mark.e2e
def test_khmer_page_fetches_the_khmer_font(live_server, page, live_workshop):
    responses = visit(page, f"{live_server.url}/km/events/{live_workshop.slug}/")
    assert set(KHMER_FONTS) <= font_files(responses)


@pytest.mark.e2e
def test_english_page_with_khmer_text_fetches_the_khmer_font(live_server, page, live_workshop):
    participant = ParticipantFactory(event=live_workshop, name_khmer="ចាន់ សុខា")
    responses = visit(page, f"{live_server.url}/r/{issue_private_link(participant)}/")
    assert KHMER_FONTS[0] in font_files(responses)


def test_public_pages_give_every_image_its_size(client, workshop):
    token = issue_private_link(ParticipantFactory(event=workshop))
    paths = [f"/events/{workshop.slug}/{view}" for view in ("", "programme/", "resources/")]
    for path in [*paths, f"/events/{workshop.slug}/register/", f"/r/{token}/"]:
        page = Page(client.get(path, follow=True).content.decode())
        for image in page.all("img, main svg"):
            sized = attr(image, "width") and attr(image, "height")
            # A drawing in the page (the check-in code) may carry its proportions in a viewBox
            # instead, and take its width from the stylesheet.
            drawn = image.local_name == "svg" and attr(image, "viewBox")
            assert sized or drawn, (path, image.local_name)


@pytest.mark.e2e
@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/km", "km")])
def test_form_sent_without_the_cookie_gets_a_light_page_of_the_site(
    live_server, page, live_workshop, prefix, language
):
    """Some in-app browsers block cookies: the refusal is a small page of the site, in the
    visitor's language, with nothing from another host."""
    page.goto(f"{live_server.url}{prefix}/events/{live_workshop.slug}/my-link/")
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.fill("input[name=email]", "sokha@example.org")
    with page.expect_navigation() as refusal:
        page.locator("main form [type=submit]").click()
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    assert refusal.value.status == 403
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("header.site-header").count() == 1
    assert {urlsplit(r.url).netloc for r in responses} == {urlsplit(live_server.url).netloc}
    # The stylesheets, script and fonts are the ones every page uses, often from the cache.
    assert len(refusal.value.body()) < 8 * 1024
