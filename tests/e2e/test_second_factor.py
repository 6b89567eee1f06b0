"""In Chromium: a new member of staff signs in, sets up an authenticator app by QR code, and
signs in again with a code; the pages pass axe.

With UPDATE_SCREENSHOTS=1 the test also refreshes the organisers' guide's screenshots:
docs/img/second-factor-set-up.png and docs/img/second-factor-code.png.
"""

import os
from pathlib import Path

import pytest
import segno
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.test_accessibility import AXE_SCRIPT, axe_violations, readable
from tests.signin import code_for, totp_from_text
from wpsevents.participants.roles import CHECKIN_STAFF, ORGANISERS

pytestmark = pytest.mark.e2e
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
SCREEN = {"width": 800, "height": 1000}
PASSWORD = "a-long-staff-password-1"
INDEX_HEADING = "Events, participants and reports"


def _staff(roles, group: str = ORGANISERS) -> User:
    user = User.objects.create_user("sophea", "sophea@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def _password(page, base_url: str, path: str = "/admin/") -> None:
    page.goto(base_url + path)
    page.get_by_label("Username").fill("sophea")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _screenshot(page, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.locator("#container").screenshot(path=IMAGES / name)


def test_new_staff_set_up_their_app_by_qr_code_then_sign_in_with_a_code(
    live_server, browser, transactional_db, roles
):
    """Finding: staff without a second factor must be able to set one up on their own."""
    user = _staff(roles)
    page = browser.new_context(viewport=SCREEN).new_page()
    _password(page, live_server.url)

    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    qr_code = page.get_by_role("img", name="QR code that adds WPS Events to your authenticator app")
    expect(qr_code).to_be_visible()
    # The picture is the app's address for this key, drawn here: nothing comes from elsewhere.
    expected = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    assert qr_code.get_attribute("src") == expected
    _screenshot(page, "second-factor-set-up.png")

    shown_key = page.locator("#setup-key").inner_text()
    page.get_by_label("Six-digit code").fill(totp_from_text(shown_key))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name=INDEX_HEADING)).to_be_visible()
    assert TOTPDevice.objects.get(user=user).confirmed

    page.get_by_role("button", name="Log out").click()
    _password(page, live_server.url)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    _screenshot(page, "second-factor-code.png")
    page.get_by_label("Six-digit code").fill("000000" if code_for(device) != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("That code is not right.")).to_be_visible()
    device.refresh_from_db()
    device.throttle_reset()  # the wrong code above makes the next try wait a second
    page.get_by_label("Six-digit code").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name=INDEX_HEADING)).to_be_visible()


def test_door_staff_reach_the_door_after_their_code(live_server, browser, transactional_db, roles):
    """Finding: check-in staff asked for the door must land on it once past both steps."""
    user = _staff(roles, CHECKIN_STAFF)
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    page = browser.new_context(viewport=SCREEN).new_page()
    page.goto(live_server.url + "/checkin/")
    page.get_by_label("Username").fill("sophea")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Six-digit code").fill(code_for(device))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(f"{live_server.url}/checkin/")


@pytest.mark.parametrize("step", ["set-up", "code"])
def test_second_factor_pages_have_no_axe_violations(
    live_server, browser, transactional_db, roles, step
):
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `npm ci` (the Makefile's test target does).")
    user = _staff(roles)
    if step == "code":
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    context = browser.new_context(viewport=SCREEN, bypass_csp=True)
    page = context.new_page()
    _password(page, live_server.url)
    page.get_by_role("button", name="Confirm" if step == "set-up" else "Verify").click()
    expect(page.locator(".errorlist")).to_be_visible()  # and with the error shown
    violations = axe_violations(page)
    context.close()
    assert not violations, readable(violations)
