"""After an action reloads the page, its result takes the focus and names the page, so that a
screen reader says it at once; each page has at most one status region."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.test_accessibility import fill_registration
from tests.e2e.test_backoffice_journey import _log_in, _organiser
from tests.factories import ParticipantFactory
from wpsevents.events.models import Event
from wpsevents.participants.models import Participant
from wpsevents.participants.tokens import issue_private_link

pytestmark = pytest.mark.e2e

FOCUSED_RESULT = "document.activeElement.hasAttribute('data-result')"
STATUS_REGIONS = "document.querySelectorAll('[role=status], output, [aria-live]').length"


@pytest.fixture
def workshop(transactional_db, settings):
    """The demo workshop with registration open and its door open for check-in."""
    settings.RATELIMIT_ENABLE = False
    call_command("load_workshop", stdout=io.StringIO())
    event = Event.objects.get()
    Event.objects.filter(pk=event.pk).update(is_checkin_open=True)
    return event


def assert_result_heard(page, text: str) -> None:
    """The result has the focus, says `text`, names the page and is the page's one status."""
    result = page.locator("[data-result]")
    expect(result).to_contain_text(text)
    assert page.evaluate(FOCUSED_RESULT), page.evaluate("document.activeElement.outerHTML")
    assert page.title().startswith(text), page.title()
    assert page.evaluate(STATUS_REGIONS) == 1


def test_saving_changes_is_announced(live_server, page, workshop):
    token = issue_private_link(ParticipantFactory(event=workshop))
    page.goto(f"{live_server.url}/r/{token}/change/")
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/r/")
    assert_result_heard(page, "Your changes have been saved.")


def test_cancelling_is_announced(live_server, page, workshop):
    token = issue_private_link(ParticipantFactory(event=workshop))
    page.goto(f"{live_server.url}/r/{token}/cancel/")
    page.get_by_role("button", name="Yes, cancel my registration").click()
    page.wait_for_url("**/r/")
    assert_result_heard(page, "Your registration has been cancelled.")


@pytest.mark.parametrize("email", ["stranger@example.org", "registered@example.org"])
def test_sending_the_link_again_says_what_happens_next(live_server, page, workshop, email):
    ParticipantFactory(event=workshop, email="registered@example.org")
    page.goto(f"{live_server.url}/events/{workshop.slug}/my-link/")
    page.fill("input[name=email]", email)
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/my-link/?sent=1")
    assert_result_heard(page, "If this address is registered for the event")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.locator("main input[name=email]")).to_have_count(0)
    expect(page.get_by_role("link", name="Ask again with another address")).to_be_visible()


def test_checking_in_is_announced_once(live_server, browser, workshop):
    _organiser()
    arriving = ParticipantFactory(event=workshop, status=Participant.Status.CONFIRMED)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/checkin/{arriving.reference}/")
    page.locator("button[value=check_in]").first.click()
    expect(page.locator("[data-result]")).to_be_visible()
    assert_result_heard(page, "Checked in for")
    context.close()


def test_checkin_search_count_is_a_heading_inside_the_one_status(live_server, browser, workshop):
    _organiser()
    ParticipantFactory(event=workshop, family_name="Sokunthea")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/checkin/")
    page.fill("#checkin-query", "Sokunthea")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/checkin/?**")
    assert_result_heard(page, "1 match")
    expect(page.get_by_role("heading", name="1 match")).to_be_visible()
    context.close()


def test_checkin_notes_are_read_before_the_button(live_server, browser, workshop):
    _organiser()
    camera_shy = ParticipantFactory(
        event=workshop, status=Participant.Status.CONFIRMED, consents_to_photography=False
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/checkin/{camera_shy.reference}/")
    button = page.locator("button[value=check_in]").first
    assert not page.evaluate("document.activeElement.matches('button')")
    expect(button).to_have_accessible_description(re.compile("NO PHOTOS"))
    context.close()


def test_too_fast_is_said_once_with_the_answers_kept(live_server, page, workshop, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 600
    page.goto(f"{live_server.url}/events/{workshop.slug}/register/")
    fill_registration(page)
    page.locator("form.registration-form [type=submit]").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("Your answers are kept: press Register again.")
    assert summary.evaluate("element => element === document.activeElement")
    expect(page.get_by_text("very fast")).to_have_count(1)
    expect(page.locator("#id_given_name")).to_have_value("Sokha")
    assert page.title().startswith("Error: ")
    settings.REGISTRATION_MIN_FILL_SECONDS = 0
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/register/done/")
