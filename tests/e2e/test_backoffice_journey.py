"""An organiser at a desk filters and exports the participants and reads the report; then, at the
door on a phone, opens a participant's check-in address (the QR code's) and checks them in.

With UPDATE_SCREENSHOTS=1 the test also refreshes the organisers' guide's screenshots:
docs/img/admin-participants.png, docs/img/dashboard.png and docs/img/checkin.png.
"""

import csv
import io
import os
import random
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import PHONE
from tests.e2e.test_accessibility import AXE_SCRIPT, axe_violations, readable
from tests.factories import ParticipantFactory
from tests.signin import authenticator, code_for
from wpsevents.events.models import Event
from wpsevents.participants.models import CheckIn, Participant
from wpsevents.participants.qr import checkin_url

pytestmark = pytest.mark.e2e
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
DESKTOP = {"width": 1440, "height": 900}
PASSWORD = "a-long-organiser-password-1"
P = Participant
KHMER_GIVEN = {
    "Sokha": "សុខា",
    "Sreymom": "ស្រីមុំ",
    "Dara": "ដារា",
    "Vanna": "វណ្ណា",
    "Bopha": "បុប្ផា",
    "Channary": "ចន្ទនារី",
    "Kosal": "កុសល",
    "Sophea": "សុភា",
}
KHMER_FAMILY = {"Chan": "ចាន់", "Keo": "កែវ", "Sok": "សុខ", "Lim": "លឹម", "Heng": "ហេង"}
NEIGHBOURS = [
    ("VN", ["Lan", "Hoa", "Minh"], ["Nguyen", "Tran"], "Viet Nam Women's Union"),
    ("ID", ["Siti", "Dewi", "Budi"], ["Rahmah", "Santoso"], "Ministry of Foreign Affairs"),
    ("PH", ["Maria", "Jose", "Ana"], ["Santos", "Reyes"], "Office of the Adviser on Peace"),
    ("MM", ["Thida", "Aung", "Su"], ["Win", "Myint"], "Women's League"),
    ("TH", ["Nittaya", "Somchai", "Kanya"], ["Wong", "Srisuk"], "Royal Thai Police"),
    ("LA", ["Noy", "Khamla", "Vilay"], ["Phommachanh", "Sisavath"], "Lao Women's Union"),
    ("MY", ["Aisyah", "Farah", "Mei Ling"], ["Tan", "Ismail"], "UN Women"),
]
KHMER_ORGANISATIONS = [
    "Ministry of Women's Affairs",
    "Cambodian Women's Network for Peace",
    "Ministry of National Defence",
    "National Assembly",
    "Royal University of Phnom Penh",
]


def _person(n: int) -> dict:
    """The n-th sample person: Cambodians with names in both scripts, and their neighbours."""
    if n % 2 == 0:
        given = list(KHMER_GIVEN)[n // 2 % len(KHMER_GIVEN)]
        family = list(KHMER_FAMILY)[n // 2 % len(KHMER_FAMILY)]
        return {
            "given_name": given,
            "family_name": family,
            "name_khmer": f"{KHMER_FAMILY[family]} {KHMER_GIVEN[given]}",
            "country": "KH",
            "organisation": KHMER_ORGANISATIONS[n // 2 % len(KHMER_ORGANISATIONS)],
        }
    country, givens, families, organisation = NEIGHBOURS[n // 2 % len(NEIGHBOURS)]
    return {
        "given_name": givens[n // 14 % len(givens)],
        "family_name": families[n // 7 % len(families)],
        "country": country,
        "organisation": organisation,
    }


def _take_screenshot(page, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=IMAGES / name, full_page=name == "dashboard.png")


def _organiser() -> User:
    """An organiser with a password and an authenticator app set up."""
    user = User.objects.create_user("organiser", "organiser@example.org", PASSWORD, is_staff=True)
    authenticator(user)
    group = Group.objects.filter(name="Organisers").first()
    if group is not None:
        user.groups.add(group)
    else:
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="participants")
        )
    return user


def _register_people(event: Event) -> list[Participant]:
    """Four dozen registrations over three weeks, with check-ins on both days."""
    chance = random.Random(2023)
    people = []
    for n in range(48):
        status = (
            P.Status.CONFIRMED
            if n < 40
            else chance.choice([P.Status.WAITLISTED, P.Status.CANCELLED])
        )
        people.append(
            ParticipantFactory(
                event=event,
                **_person(n),
                gender=chance.choices(P.Gender.values, weights=[60, 34, 2, 4])[0],
                organisation_type=chance.choice(P.OrganisationType.values[:6]),
                attendance_mode=P.AttendanceMode.ONLINE
                if n % 7 == 3
                else P.AttendanceMode.IN_PERSON,
                needs_interpretation=n % 3 == 0,
                dietary_requirements="Vegetarian" if n % 9 == 0 else "",
                consents_to_photography=n % 5 != 0,
                status=status,
            )
        )
    for n, person in enumerate(people):
        P.objects.filter(pk=person.pk).update(
            created_at=event.starts_at - timedelta(days=22 - n // 3)
        )
        if person.status == P.Status.CONFIRMED and person.is_in_person and n % 4:
            CheckIn.objects.create(participant=person, day=1)
            if n % 3:
                CheckIn.objects.create(participant=person, day=2)
    return people


def _log_in(page, base_url: str) -> None:
    """Sign in as the organiser: the password, then the code their app shows now."""
    page.goto(base_url + "/admin/")
    page.get_by_label("Username").fill("organiser")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Six-digit code").fill(
        code_for(TOTPDevice.objects.get(user__username="organiser"))
    )
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Events, participants and reports")).to_be_visible()


def test_organiser_filters_exports_reads_the_report_then_checks_in_at_the_door(
    live_server, browser, transactional_db
):
    call_command("load_workshop", "--as-held", stdout=StringIO())
    event = Event.objects.get(is_featured=True)
    Event.objects.filter(pk=event.pk).update(is_checkin_open=True)  # the door, after the event
    people = _register_people(event)
    _organiser()
    desk = browser.new_context(viewport=DESKTOP)
    page = desk.new_page()
    _log_in(page, live_server.url)

    page.locator("#participants-participant").get_by_role("link", name="Participants").click()
    page.locator("#changelist-filter").get_by_role("link", name="Confirmed", exact=True).click()
    expect(page).to_have_url(
        f"{live_server.url}/admin/participants/participant/?status__exact=confirmed"
    )
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Confirmed")
    expect(page.locator("#toggle-nav-sidebar")).to_have_count(0)  # the list has the width
    page.evaluate("window.scrollTo(0, 0)")
    _take_screenshot(page, "admin-participants.png")

    with page.expect_download() as download:
        page.locator("#export-csv").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    confirmed = {p.reference for p in people if p.status == P.Status.CONFIRMED}
    exported = {cell for row in rows[1:] for cell in row if cell.startswith("WPS-")}
    assert exported == confirmed

    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Participation report").click()
    expect(page.get_by_role("heading", name="Participation by gender", exact=True)).to_be_visible()
    expect(page.locator("svg.report-chart").first).to_be_visible()
    _take_screenshot(page, "dashboard.png")

    door = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, storage_state=desk.storage_state()
    )
    phone = door.new_page()
    arriving = next(
        p
        for p in people
        if p.name_khmer
        and not p.checkins.exists()
        and p.status == P.Status.CONFIRMED
        and not p.consents_to_photography
    )
    phone.goto(checkin_url(arriving).replace("https://events.example.org", live_server.url))
    expect(phone.get_by_role("heading", level=1)).to_have_text(arriving.display_name)
    expect(phone.get_by_text(arriving.name_khmer)).to_be_visible()
    expect(phone.get_by_text("NO PHOTOS")).to_be_visible()
    _take_screenshot(phone, "checkin.png")

    phone.locator(".btn-checkin").click()
    expect(phone.get_by_text("Checked in for Day 2").first).to_be_visible()
    assert CheckIn.objects.filter(participant=arriving, day=2).exists()
    desk.close()
    door.close()


@pytest.mark.parametrize(
    ("path", "viewport"),
    [("checkin", PHONE), ("checkin-done", PHONE), ("search", PHONE), ("report", DESKTOP)],
)
def test_door_and_report_pages_have_no_axe_violations(
    live_server, browser, transactional_db, path, viewport
):
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run `npm ci` (the Makefile's test target does).")
    call_command("load_workshop", stdout=StringIO())
    event = Event.objects.get(is_featured=True)
    Event.objects.filter(pk=event.pk).update(is_checkin_open=True)  # the door, before the event
    people = _register_people(event)
    _organiser()
    arriving = next(p for p in people if not p.consents_to_photography and p.name_khmer)
    if path == "checkin-done":
        CheckIn.objects.create(participant=arriving, day=1)
    addresses = {
        "checkin": f"/checkin/{arriving.reference}/",
        "checkin-done": f"/checkin/{arriving.reference}/",
        "search": f"/checkin/?q={arriving.family_name}",
        "report": "/admin/reports/",
    }
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    _log_in(page, live_server.url)
    page.goto(live_server.url + addresses[path])
    violations = axe_violations(page)
    context.close()
    assert not violations, readable(violations)


def test_admin_shows_khmer_names_in_the_sites_khmer_font(live_server, browser, transactional_db):
    """The admin brings the Khmer font the public pages use: no empty boxes without one."""
    call_command("load_workshop", stdout=StringIO())
    person = ParticipantFactory(event=Event.objects.get(is_featured=True), name_khmer="ចាន់ សុខា")
    _organiser()
    page = browser.new_context(viewport=DESKTOP).new_page()
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/participants/participant/{person.pk}/change/")
    field = page.locator("#id_name_khmer")
    expect(field).to_have_value("ចាន់ សុខា")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Khmer\"', 'ចាន់')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Noto Sans Khmer')"
        " && f.status === 'loaded').length"
    )
    assert loaded >= 1
