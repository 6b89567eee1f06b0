"""After the event: an organiser sends the close-out from the event's page (which axe-core finds
accessible); a participant who came opens the survey from the email on a phone, in Khmer, and
answers it.

With UPDATE_SCREENSHOTS=1 it also refreshes docs/img/close-out.png and docs/img/survey.png.
"""

import io
import re
from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PHONE
from tests.e2e.test_accessibility import axe_violations, readable
from tests.e2e.test_backoffice_journey import DESKTOP, _log_in, _organiser, _take_screenshot
from tests.factories import ParticipantFactory
from wpsevents.events.models import Event
from wpsevents.participants import rules
from wpsevents.participants.models import Feedback, Participant

pytestmark = pytest.mark.e2e
SURVEY = re.compile(r"https://events\.example\.org(/km/r/[\w-]+/feedback/)")


def _text_to(inbox, address: str) -> str:
    for envelope in inbox.messages:
        if envelope.rcpt_tos == [address]:
            message = message_from_bytes(envelope.content)
            part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
            return part.get_payload(decode=True).decode(part.get_content_charset())
    raise AssertionError(f"nothing was sent to {address}")


def test_organiser_closes_out_and_a_participant_answers_the_survey_in_khmer(
    live_server, browser, transactional_db, roles, smtp_server
):
    call_command("load_workshop", stdout=io.StringIO())
    starts = timezone.now() - timedelta(days=7)
    Event.objects.update(starts_at=starts, ends_at=starts + timedelta(days=1, hours=8))
    event = Event.objects.get()
    came = ParticipantFactory(
        event=event, email="sophea@example.org", language="km", name_khmer="សុខ សុភា"
    )
    for person in (came, ParticipantFactory(event=event), ParticipantFactory(event=event)):
        rules.check_in(participant=person, day=1, at_the_door=False)
    ParticipantFactory(event=event, email="absent@example.org")
    ParticipantFactory(event=event, attendance_mode=Participant.AttendanceMode.ONLINE)
    _organiser()

    desk = browser.new_context(viewport=DESKTOP, bypass_csp=True)  # axe is injected inline
    page = desk.new_page()
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")
    page.get_by_role("link", name="Close-out…").click()
    counts = page.locator("#close-out-counts")
    expect(counts).to_contain_text("Checked in")
    expect(page.locator("#close-out-to-send")).to_have_text("5")
    _take_screenshot(page, "close-out.png")
    assert not (violations := axe_violations(page)), readable(violations)
    page.get_by_role("button", name="Send the close-out").click()
    expect(page.locator(".messagelist")).to_contain_text("5 emails queued (3 attended, 1 absent")
    desk.close()
    assert len(smtp_server.messages) == 5

    link = SURVEY.search(_text_to(smtp_server, "sophea@example.org")).group(1)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    survey = phone.new_page()
    survey.goto(live_server.url + link)
    expect(survey.get_by_role("heading", level=1)).to_have_text("ការស្ទង់មតិ")
    survey.get_by_label("៥ – ល្អប្រសើរ").first.check()
    survey.get_by_label("តើយើងខ្ញុំអាចកែលម្អអ្វីខ្លះ?").fill("ពេលវេលាសម្រាប់ការពិភាក្សា")
    _take_screenshot(survey, "survey.png")
    survey.get_by_role("button", name="ផ្ញើចម្លើយរបស់ខ្ញុំ").click()
    expect(survey.get_by_role("alert").or_(survey.locator(".alert-success"))).to_contain_text(
        "សូមអរគុណ"
    )
    phone.close()
    answer = Feedback.objects.get()
    assert (answer.participant_id, answer.overall_rating) == (came.pk, 5)
