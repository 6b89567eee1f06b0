"""A focal point on a phone nominates the delegation: three seats, four names, one address."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.test_accessibility import axe_violations, readable
from tests.e2e.test_backoffice_journey import _take_screenshot
from tests.factories import DelegationFactory, EventFactory
from wpsevents.participants import rules
from wpsevents.participants.models import OutgoingEmail, Participant

pytestmark = pytest.mark.e2e
LINK = re.compile(r"https://events\.example\.org(/d/([\w-]+)/)")
NAMES = [("Dara", "Sok"), ("Bopha", "Chea"), ("Chenda", "Kim")]


def assert_accessible(browser, browser_context_args, phone, url):
    """axe finds nothing on the page, opened with the phone's cookies where axe may run."""
    state = phone.context.storage_state()
    context = browser.new_context(**browser_context_args, bypass_csp=True, storage_state=state)
    page = context.new_page()
    page.goto(url)
    violations = axe_violations(page)
    context.close()
    assert violations == [], readable(violations)


def nominate(page, given, family):
    page.locator("[name=given_name]").fill(given)
    page.locator("[name=family_name]").fill(family)
    page.locator("[name=position]").fill("Deputy Director")
    page.locator("input[name=gender][value=woman]").check()
    page.locator("[name=position]").press("Enter")  # the phone keyboard's "Go"


def test_focal_point_nominates_four_from_one_address_with_a_quota_of_three(
    page, browser, browser_context_args, live_server, transactional_db, settings
):
    phone = page
    settings.RATELIMIT_ENABLE = False
    event = EventFactory(capacity=40, is_featured=True, title="Localising WPS in Cambodia")
    delegation = DelegationFactory(event=event, in_person_quota=3)
    mail.outbox.clear()
    rules.send_delegation_link(delegation=delegation)
    (email,) = mail.outbox
    assert email.to == ["Sophea Kim <focal@mowa.example>"]
    link, token = LINK.search(email.body).groups()
    mail.outbox.clear()

    phone.goto(live_server.url + link)
    assert phone.url == f"{live_server.url}/d/"
    expect(phone.locator("h1")).to_have_text("Delegation: Ministry of Women's Affairs")
    for given, family in NAMES:
        expect(phone.locator("[name=email]")).to_have_value("focal@mowa.example")
        nominate(phone, given, family)
        expect(phone.locator(".alert-success")).to_contain_text(f"{given} {family} is nominated")
    expect(phone.locator("#quota-heading + ul")).to_contain_text("3 of 3 used, 0 left")
    expect(phone.locator("table.nominees tbody tr")).to_have_count(3)
    expect(phone.locator("table.nominees td.documents")).to_have_count(3)
    _take_screenshot(phone, "delegation-page.png")

    phone.locator("form.language-switcher button").click()
    expect(phone).to_have_url(f"{live_server.url}/km/d/")
    expect(phone.locator("h1")).to_have_text("គណៈប្រតិភូ៖ ក្រសួងកិច្ចការនារី")
    nominate(phone, "Kanha", "Ly")
    expect(phone.locator(".error-summary")).to_contain_text(
        "កូតាកន្លែងអង្គុយដោយផ្ទាល់របស់គណៈប្រតិភូត្រូវបានប្រើអស់ហើយ"
    )
    assert_accessible(browser, browser_context_args, phone, f"{live_server.url}/km/d/")
    assert_accessible(browser, browser_context_args, phone, f"{live_server.url}/d/")

    nominees = Participant.objects.filter(delegation=delegation).order_by("created_at")
    assert [n.given_name for n in nominees] == ["Dara", "Bopha", "Chenda"]
    assert {n.status for n in nominees} == {Participant.Status.CONFIRMED}
    assert len({n.reference for n in nominees}) == 3
    confirmations = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.CONFIRMATION)
    assert sorted(confirmations.values_list("participant__given_name", flat=True)) == [
        "Bopha",
        "Chenda",
        "Dara",
    ]
    assert all(message.to[0].endswith("<focal@mowa.example>") for message in mail.outbox)
    # each delegate's own confirmation, private link and QR code, and their invitation letter
    letters = [m for m in mail.outbox if any(_is_pdf(a) for a in m.attachments)]
    confirmations = [m for m in mail.outbox if m not in letters]
    assert len(confirmations) == 3 and len(letters) == 3
    assert all("/r/" in message.body for message in confirmations)
    assert token not in phone.url


def _is_pdf(attachment) -> bool:
    return isinstance(attachment, tuple) and attachment[2] == "application/pdf"
