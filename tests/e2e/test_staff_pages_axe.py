"""axe-core finds no WCAG 2.1 A or AA violation on the organisers' participant pages and the
message composer (the door and the report: test_backoffice_journey.py)."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.e2e.test_accessibility import AXE_SCRIPT, axe_violations, readable
from tests.e2e.test_backoffice_journey import DESKTOP, _log_in, _organiser, _register_people
from wpsevents.events.models import Event

pytestmark = pytest.mark.e2e
CHANGELIST = "/admin/participants/participant/"


@pytest.mark.parametrize("view", ["list", "change", "composer"])
def test_staff_participant_pages_have_no_axe_violations(
    live_server, browser, transactional_db, view
):
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `npm ci` (the Makefile's test target does).")
    call_command("load_workshop", stdout=StringIO())
    people = _register_people(Event.objects.get(is_featured=True))
    _organiser()
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    _log_in(page, live_server.url)
    if view == "change":
        page.goto(f"{live_server.url}{CHANGELIST}{people[0].pk}/change/")
    else:
        page.goto(live_server.url + CHANGELIST)
    if view == "composer":
        page.locator("input[name=_selected_action]").first.check()
        page.select_option("select[name=action]", "message_participants")
        page.locator("button[name=index], input[name=index]").first.click()
        page.locator("[name=subject]").wait_for()
    violations = axe_violations(page)
    context.close()
    assert not violations, readable(violations)
