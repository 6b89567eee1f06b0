"""The survey on a phone and on a desktop: no axe-core violation, blank or refused."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.e2e.test_accessibility import LANGUAGES, assert_accessible, axe_page, prefix
from tests.factories import ParticipantFactory
from wpsevents.events.models import Event
from wpsevents.participants import rules
from wpsevents.participants.tokens import issue_private_link

pytestmark = pytest.mark.e2e
__all__ = ["axe_page"]  # the fixture, shared with the public pages' checks


@pytest.fixture
def ended_workshop(transactional_db, settings):
    """The demo workshop's programme, held last week, and a participant checked in on day 1.

    Held last week rather than on its real dates, so that the private link still opens.
    """
    settings.RATELIMIT_ENABLE = False
    call_command("load_workshop", stdout=io.StringIO())
    starts = timezone.now() - timedelta(days=7)
    Event.objects.update(starts_at=starts, ends_at=starts + timedelta(days=1, hours=8))
    event = Event.objects.get()
    person = ParticipantFactory(event=event, name_khmer="ចាន់ សុខា")
    rules.check_in(participant=person, day=1, at_the_door=False)
    return person


@pytest.mark.parametrize("language", LANGUAGES)
def test_survey_and_its_errors_have_no_axe_violations(
    live_server, axe_page, ended_workshop, language
):
    token = issue_private_link(ended_workshop)
    axe_page.goto(f"{live_server.url}{prefix(language)}/r/{token}/feedback/")
    assert_accessible(axe_page)
    axe_page.locator("input[type=submit]").click()
    axe_page.wait_for_selector(".error-summary")
    assert_accessible(axe_page)
