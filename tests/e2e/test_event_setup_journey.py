"""A programme officer sets up a new two-day event from scratch in the admin, then registers on it.

Featured while another event is, dates typed day/month/year, five sessions with a working group,
two resources and Khmer titles: saved in one try. With UPDATE_SCREENSHOTS=1 the test refreshes
the organisers' guide's docs/img/admin-event-sessions.png. Away from Phnom Penh, the programme's
note on the time difference reads under each session's times, clear of the other fields.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_backoffice_journey import _log_in, _organiser, _take_screenshot
from tests.factories import EventFactory, SessionFactory
from wpsevents.events.models import Event, Session
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.e2e
LAPTOP = {"width": 1366, "height": 768}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SESSIONS = [
    ("08:30", "09:00", "Opening", "ពិធីបើក", "opening", ""),
    ("09:00", "10:30", "Plenary on the RPA-WPS", "សម័យប្រជុំពេញអង្គ", "plenary", ""),
    ("10:45", "12:00", "Working group: prevention", "ក្រុមការងារ៖ ការបង្ការ", "working_group", "20"),
    ("13:30", "15:00", "Panel of partners", "កិច្ចពិភាក្សាដៃគូ", "panel", ""),
    ("15:30", "16:30", "Closing", "ពិធីបិទ", "closing", ""),
]


def _fill_session(page, index: int, day: str, session: tuple) -> None:
    starts, ends, title, title_km, kind, seats = session
    prefix = f"sessions-{index}-"
    page.locator(f"#id_{prefix}starts_at_0").fill(day)
    page.locator(f"#id_{prefix}starts_at_1").fill(starts)
    page.locator(f"#id_{prefix}ends_at_0").fill(day)
    page.locator(f"#id_{prefix}ends_at_1").fill(ends)
    page.locator(f"#id_{prefix}title_en").fill(title)
    page.locator(f"#id_{prefix}title_km").fill(title_km)
    page.locator(f"#id_{prefix}kind").select_option(kind)
    page.locator(f"#id_{prefix}room_en").fill("Lotus room")
    page.locator(f"#id_{prefix}capacity").fill(seats)


def _fill_event(page, first: str, second: str) -> None:
    page.locator("#id_title_en").fill("Youth, peace and security forum")
    page.locator("#id_title_km").fill("វេទិកាយុវជន សន្តិភាព និងសន្តិសុខ")
    page.locator("#id_summary_en").fill("Two days on young people's part in peace.")
    page.locator("#id_summary_km").fill("ពីរថ្ងៃស្តីពីតួនាទីរបស់យុវជនក្នុងសន្តិភាព។")
    page.locator("#id_starts_at_0").fill(first)
    page.locator("#id_starts_at_1").fill("08:30")
    page.locator("#id_ends_at_0").fill(second)
    page.locator("#id_ends_at_1").fill("17:00")
    page.locator("#id_venue_name_en").fill("Sokha Hotel")
    page.locator("#id_organisers_en").fill("UN Women with the Ministry of Women's Affairs")
    page.locator("#id_capacity").fill("60")
    page.locator("#id_holds_unconfirmed_seats").uncheck()
    page.locator("#id_is_published").check()
    page.locator("#id_is_featured").check()


def _add_resources(page, tmp_path: Path) -> None:
    concept = tmp_path / "concept-note.pdf"
    concept.write_bytes(PDF)
    add = page.locator("#resources-group").locator(".add-row a")
    for index, (title, title_km) in enumerate(
        [("Concept note", "កំណត់គំនិត"), ("The RPA-WPS", "ផែនការសកម្មភាពថ្នាក់តំបន់")]
    ):
        add.click()
        page.locator(f"#id_resources-{index}-title_en").fill(title)
        page.locator(f"#id_resources-{index}-title_km").fill(title_km)
    page.locator("#id_resources-0-file").set_input_files(str(concept))
    page.locator("#id_resources-1-url").fill("https://asean.org/rpa-wps")


def test_programme_officer_sets_up_an_event_in_one_try_and_registers_on_it(
    live_server, browser, transactional_db, roles, settings, tmp_path
):
    settings.REGISTRATION_MIN_FILL_SECONDS = 0
    EventFactory(title="Last year's workshop", is_featured=True, slug="last-year")
    _organiser().groups.set([roles["Organisers"]])
    page = browser.new_page(viewport=LAPTOP)
    _log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/events/event/add/")
    expect(page.get_by_text("Phnom Penh time").first).to_be_visible()

    day = timezone.localdate() + timedelta(days=40)
    first, second = day.strftime("%d/%m/%Y"), (day + timedelta(days=1)).strftime("%d/%m/%Y")
    _fill_event(page, first, second)
    add_session = page.locator("#sessions-group .add-row a")
    for index, session in enumerate(SESSIONS):
        add_session.click()
        _fill_session(page, index, first if index < 3 else second, session)
    _add_resources(page, tmp_path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"], f"the event form is {width} px wide"
    page.locator("#sessions-group").scroll_into_view_if_needed()
    _take_screenshot(page, "admin-event-sessions.png")
    page.get_by_role("button", name="Save", exact=True).first.click()

    expect(page.get_by_text("is no longer featured")).to_be_visible()
    event = Event.objects.get(slug="youth-peace-and-security-forum")
    assert event.is_featured
    assert event.sessions.count() == 5
    assert event.sessions.get(kind=Session.Kind.WORKING_GROUP).capacity == 20
    assert event.resources.count() == 2
    assert event.title_km == "វេទិកាយុវជន សន្តិភាព និងសន្តិសុខ"
    assert timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M") == f"{first} 08:30"

    visitor = browser.new_page()
    visitor.goto(live_server.url + "/")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Youth, peace and security")
    visitor.get_by_role("link", name="Register now").first.click()
    visitor.get_by_label("Given name").fill("Sreymom")
    visitor.get_by_label("Family name").fill("Keo")
    visitor.get_by_role("textbox", name="Email").fill("sreymom@example.org")
    visitor.get_by_role("textbox", name=re.compile(r"^Organisation")).fill("Youth for Peace")
    visitor.get_by_label("Organisation type").select_option("civil_society")
    visitor.get_by_label("Country").select_option("KH")
    visitor.get_by_label("Woman", exact=True).check()
    group = event.sessions.get(kind=Session.Kind.WORKING_GROUP)
    visitor.get_by_label("Working group").select_option(str(group.pk))
    visitor.get_by_label("I agree that the organisers process my personal data").check()
    visitor.get_by_role("button", name="Register").click()
    expect(visitor.get_by_text("Your place is confirmed.")).to_be_visible()
    person = Participant.objects.get(email="sreymom@example.org")
    assert person.event == event
    assert person.working_group == group
    visitor.close()
    page.close()


def _overlap(one: dict, other: dict) -> bool:
    """Whether two boxes on the page share any pixel."""
    across = one["x"] < other["x"] + other["width"] and other["x"] < one["x"] + one["width"]
    down = one["y"] < other["y"] + other["height"] and other["y"] < one["y"] + one["height"]
    return across and down


def _text_box(locator) -> dict:
    """Where an element's text is drawn, which may run out of the element's own box."""
    return locator.evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const box = range.getBoundingClientRect();
            return {x: box.x, y: box.y, width: box.width, height: box.height};
        }"""
    )


def test_an_organiser_abroad_reads_the_time_note_under_each_sessions_times(
    live_server, browser, transactional_db, roles
):
    event = EventFactory(title="Youth, peace and security forum")
    SessionFactory.create_batch(2, event=event)
    _organiser().groups.set([roles["Organisers"]])
    context = browser.new_context(viewport=LAPTOP, timezone_id="America/New_York")
    page = context.new_page()
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/change/")

    row = page.locator("#sessions-0")
    for field, next_field in [("starts_at", "ends_at"), ("ends_at", "title_en")]:
        note = row.locator(f".field-{field} .timezonewarning")
        expect(note).to_have_text(re.compile(r"^Note: You are 1[12] hours behind server time\.$"))
        text = _text_box(note)
        time = page.locator(f"#id_sessions-0-{field}_1").bounding_box()
        assert text["y"] >= time["y"] + time["height"], f"the {field} note is not under its time"
        neighbour = row.locator(f".field-{next_field}").bounding_box()
        assert not _overlap(text, neighbour), f"the {field} note runs over the next field"
    context.close()
