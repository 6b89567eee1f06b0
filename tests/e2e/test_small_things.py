"""What screen-reader, keyboard and low-vision users meet on the forms and pages, beyond axe."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import ParticipantFactory, SessionFactory
from wpsevents.events.models import Event, Session
from wpsevents.participants.tokens import issue_private_link

pytestmark = pytest.mark.e2e


@pytest.fixture
def workshop(transactional_db, settings):
    """The demo workshop, as `load_workshop` makes it, with registration open."""
    settings.RATELIMIT_ENABLE = False
    call_command("load_workshop", stdout=io.StringIO())
    return Event.objects.get()


def test_english_working_group_title_in_the_khmer_dropdown_says_it_is_english(
    live_server, page, workshop
):
    SessionFactory(
        event=workshop, kind=Session.Kind.WORKING_GROUP, title_en="Youth and peace", title_km=""
    )
    page.goto(f"{live_server.url}/km/events/{workshop.slug}/register/")
    option = page.locator("#id_working_group option", has_text="Youth and peace")
    expect(option).to_have_attribute("lang", "en")
    translated = page.locator("#id_working_group option[value]:not([value=''])")
    assert translated.count() > 1
    others = translated.evaluate_all("options => options.filter(o => !o.lang).length")
    assert others >= 1


def test_every_required_field_is_announced_required_and_asterisks_are_not_read(
    live_server, page, workshop
):
    page.goto(f"{live_server.url}/events/{workshop.slug}/register/")
    language = page.get_by_role("combobox", name="Language for emails")
    assert language.evaluate("e => e.required || e.getAttribute('aria-required') === 'true'")
    snapshot = page.locator("form.registration-form").aria_snapshot()
    assert "*" not in snapshot, snapshot
    expect(page.get_by_text("Fields marked with an asterisk (*) are required.")).to_have_count(1)


def test_error_summary_lists_the_errors_in_the_order_of_the_page(live_server, page, workshop):
    page.goto(f"{live_server.url}/events/{workshop.slug}/register/")
    page.locator("form.registration-form [type=submit]").click()
    page.locator("[data-error-summary]").wait_for()
    listed = page.locator("[data-error-summary] a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').slice(1))"
    )
    on_page = page.evaluate(
        """ids => [...document.querySelectorAll('form.registration-form [id]')]
             .map(e => e.id).filter(id => ids.includes(id))""",
        listed,
    )
    assert listed.index("id_gender_0") < listed.index("id_country")
    assert listed == on_page


def test_change_page_states_the_required_rule_and_the_phone_hint(live_server, page, workshop):
    token = issue_private_link(ParticipantFactory(event=workshop))
    page.goto(f"{live_server.url}/r/{token}/change/")
    expect(page.get_by_text("Fields marked with an asterisk (*) are required.")).to_be_visible()
    phone = page.get_by_role("textbox", name="Phone")
    expect(phone).to_have_accessible_description(re.compile("without \\+855"))


def test_private_link_page_names_the_qr_code_and_says_it_is_private(live_server, page, workshop):
    person = ParticipantFactory(event=workshop)
    page.goto(f"{live_server.url}/r/{issue_private_link(person)}/")
    expect(page.get_by_role("img", name=f"Check-in QR code for {person.reference}")).to_be_visible()
    expect(page.get_by_text("This page is yours alone")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "km"])
def test_invalid_email_error_gives_an_example(live_server, page, workshop, language):
    prefix = "/km" if language == "km" else ""
    page.goto(f"{live_server.url}{prefix}/events/{workshop.slug}/my-link/")
    page.fill("input[name=email]", "sokha.example.org")
    page.locator("main form [type=submit]").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("name@example.org")


def test_desktop_tab_order_reads_the_left_column_before_the_right(live_server, browser, workshop):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/events/{workshop.slug}/")
    lefts = page.locator(".event .row a, .event .row button").evaluate_all(
        "elements => elements.map(e => e.getBoundingClientRect().left)"
    )
    context.close()
    middle = 1280 / 2
    first_right = next(n for n, left in enumerate(lefts) if left > middle)
    assert all(left > middle for left in lefts[first_right:]), lefts


@pytest.mark.parametrize("language", ["km"])
def test_khmer_badges_are_13_px_or_more_and_links_underlined_below_subscripts(
    live_server, page, workshop, language
):
    page.goto(f"{live_server.url}/km/events/{workshop.slug}/")
    sizes = page.locator(".badge").evaluate_all(
        "badges => badges.map(b => parseFloat(getComputedStyle(b).fontSize))"
    )
    assert sizes and min(sizes) >= 13, sizes
    offset = page.locator("main a").first.evaluate("a => getComputedStyle(a).textUnderlineOffset")
    assert offset not in ("auto", "0px"), offset
