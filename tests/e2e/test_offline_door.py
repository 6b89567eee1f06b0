"""The door app in Chromium: two phones lose the network, check people in, and sync.

Two members of check-in staff open /checkin/app/ on their phones, which keep the day's list.
The Wi-Fi fails: both keep checking people in (one person on both phones), one adds a walk-in,
and an organiser cancels a registration meanwhile. Back online, there is one check-in per
person, both phones show who was first, the cancelled registration is a conflict, the walk-in
is registered; signing out wipes the phone. The camera is Chromium's fake one, showing a
participant's QR code, read by the vendored jsQR (Chromium on Linux has no BarcodeDetector).

With UPDATE_SCREENSHOTS=1 the test also refreshes the organisers' guide's screenshot
docs/img/door-app.png.
"""

import os
import re
from datetime import datetime
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client
from playwright.sync_api import expect

from tests.conftest import CHROMIUM, PHONE
from tests.e2e.test_accessibility import AXE_SCRIPT, axe_violations, readable
from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from tests.signin import sign_in_fully
from wpsevents.events.models import LOCAL_TZ, Session
from wpsevents.khmer import khmer_digits
from wpsevents.participants import rules
from wpsevents.participants.models import CheckIn, Participant
from wpsevents.participants.qr import checkin_url

pytestmark = pytest.mark.e2e
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
SMALL_PHONE = {"width": 360, "height": 740}
PEOPLE = ["Sokha Chan", "Vanna Keo", "Bopha Lim", "Kosal Heng", "Channary Sok"]


@pytest.fixture
def door(transactional_db):
    """An event open at the door with five confirmed people, and one who will cancel.

    Sokha Chan is in a working group written in both languages, Vanna Keo in one not yet
    written in Khmer; the others are in none.
    """
    event = EventFactory(capacity=20, is_featured=True, is_checkin_open=True)
    groups = {
        "Sokha Chan": _group(event, "Prevention", "ការបង្ការ", "Lotus room", "បន្ទប់ឈូក"),
        "Vanna Keo": _group(event, "Mediation", "", "Hall B", ""),
    }
    people = {}
    for name in [*PEOPLE, "Ratana Meas"]:
        given, family = name.split()
        people[name] = ParticipantFactory(
            event=event, given_name=given, family_name=family, working_group=groups.get(name)
        )
    return people


def _group(event, title: str, title_km: str, room: str, room_km: str) -> Session:
    kind = Session.Kind.WORKING_GROUP
    return SessionFactory(
        event=event, kind=kind, title=title, title_km=title_km, room=room, room_km=room_km
    )


def _staff(username: str) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", f"pw-{username}-1")
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="add_checkin"))
    return user


def _phone(browser, live_server, username: str, **options):
    """A phone signed in (password and second factor) as check-in staff, on the door app."""
    signed_in = Client()
    sign_in_fully(signed_in, _staff(username))
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True, **options}
    context = browser.new_context(base_url=live_server.url, **options)
    cookie = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto("/checkin/app/")
    expect(page.locator("#door-list")).to_contain_text(re.compile("(^| )[6៦] "))  # the six, kept
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return context, page


def _find(page, name: str) -> None:
    page.get_by_label("Name, organisation or reference").fill(name)
    page.get_by_role("button", name=re.compile(name)).click()
    expect(page.get_by_role("region", name=name)).to_be_focused()


def _check_in(page, name: str) -> None:
    _find(page, name)
    page.get_by_role("button", name="Check in for Day 1").click()
    expect(page.locator("#door-announce")).to_have_text(f"{name} checked in for Day 1.")


def _entry(page, name: str):
    return page.locator("#door-log li").filter(has_text=name)


def _screenshot(page) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=IMAGES / "door-app.png", full_page=True)


def test_two_phones_offline_check_in_five_people_once_each_and_learn_who_was_first(
    live_server, browser, door
):
    people = door
    first_context, first = _phone(browser, live_server, "sophea")
    second_context, second = _phone(browser, live_server, "pisey")
    expect(first.locator("#door-list")).to_contain_text("6 people of")

    first_context.set_offline(True)
    second_context.set_offline(True)
    # The app opens without a network: its service worker keeps the page and its files.
    first.reload()
    expect(first.locator("#door-connection")).to_have_text(re.compile("^Offline"))
    expect(first.locator("#door-list")).to_contain_text("6 people of")

    for name in ["Sokha Chan", "Vanna Keo", "Bopha Lim", "Ratana Meas"]:
        _check_in(first, name)
    for name in ["Bopha Lim", "Kosal Heng", "Channary Sok"]:
        _check_in(second, name)
    second.get_by_label("Given name").fill("Sreymom")
    second.get_by_label("Family name").fill("Ouk")
    second.get_by_label("Organisation", exact=True).fill("Provincial Department of Women's Affairs")
    second.get_by_label("Gender").select_option("woman")
    second.get_by_role("button", name="Add and check in").click()
    expect(second.locator("#door-announce")).to_have_text("Sreymom Ouk added as a walk-in.")
    expect(first.locator("#door-queue")).to_have_text("4 check-ins waiting to be sent.")
    expect(second.locator("#door-queue")).to_have_text("4 check-ins waiting to be sent.")
    assert not CheckIn.objects.exists()
    rules.cancel_registration(participant=people["Ratana Meas"])  # an organiser, meanwhile

    first_context.set_offline(False)
    expect(first.locator("#door-queue")).to_have_text("Everything is sent.")
    expect(first.locator("#door-announce")).to_have_text(
        "Sent: 3 recorded, 0 already checked in, 1 conflict."
    )
    second_context.set_offline(False)
    expect(second.locator("#door-queue")).to_have_text("Everything is sent.")
    expect(second.locator("#door-announce")).to_have_text(
        "Sent: 3 recorded, 1 already checked in, 0 conflicts."
    )

    for name in PEOPLE:
        assert CheckIn.objects.filter(participant=people[name]).count() == 1, name
    walk_in = Participant.objects.get(given_name="Sreymom")
    assert walk_in.status == Participant.Status.CONFIRMED
    assert walk_in.source == Participant.Source.DOOR
    assert CheckIn.objects.count() == 6  # the five, and the walk-in
    assert CheckIn.objects.get(participant=people["Bopha Lim"]).checked_in_by.username == ("sophea")
    expect(_entry(first, "Bopha Lim")).to_contain_text(re.compile(r"Recorded: .* by sophea\."))
    expect(_entry(second, "Bopha Lim")).to_contain_text(
        re.compile(r"Someone else was first: Already checked in at .* by sophea, first\.")
    )
    expect(_entry(first, "Ratana Meas")).to_contain_text(
        "Conflict: This registration was cancelled: the person cannot be checked in."
    )
    expect(_entry(second, "Sreymom Ouk")).to_contain_text("Recorded")
    _screenshot(second)

    first.get_by_role("button", name="Sign out and wipe the list from this phone").click()
    expect(first.get_by_role("heading", name="Logged out")).to_be_visible()
    assert first.evaluate("localStorage.getItem('wps-door')") is None
    assert first.evaluate("caches.keys()") == []
    assert first.evaluate("navigator.serviceWorker.getRegistrations()") == []
    first_context.close()
    second_context.close()


def test_scanning_a_qr_code_with_the_camera_finds_the_person(
    live_server, playwright, door, tmp_path
):
    people = door
    video = tmp_path / "qr.y4m"
    _write_video(video, checkin_url(people["Kosal Heng"]))
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    context, page = _phone(browser, live_server, "sophea", permissions=["camera"])
    assert page.evaluate("'BarcodeDetector' in window") is False  # jsQR reads the code here
    context.set_offline(True)
    page.get_by_role("button", name="Scan a QR code").click()
    expect(page.get_by_role("region", name="Kosal Heng")).to_be_focused()
    expect(page.locator("#door-announce")).to_have_text("Found: Kosal Heng.")
    page.get_by_role("button", name="Check in for Day 1").click()
    expect(page.locator("#door-queue")).to_have_text("1 check-in waiting to be sent.")
    context.close()
    browser.close()


def _write_video(path: Path, text: str) -> None:
    """A still video (Y4M, as Chromium's fake camera reads) of the QR code that encodes `text`."""
    width, height = 640, 480
    matrix = segno.make(text, error="m").matrix
    scale = 360 // (len(matrix) + 8)
    size = (len(matrix) + 8) * scale
    left, top = (width - size) // 2, (height - size) // 2
    luma = bytearray([235]) * (width * height)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if not dark:
                continue
            for y in range(top + (row + 4) * scale, top + (row + 5) * scale):
                start = y * width + left + (column + 4) * scale
                luma[start : start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (width * height // 4)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * 10)


def test_a_qr_code_opened_by_the_phones_own_camera_offline_opens_the_person_in_the_app(
    live_server, browser, door
):
    context, page = _phone(browser, live_server, "sophea")
    context.set_offline(True)
    page.goto(checkin_url(door["Vanna Keo"]).removeprefix(settings.SITE_URL))
    expect(page.get_by_role("region", name="Vanna Keo")).to_be_focused()
    page.get_by_role("button", name="Check in for Day 1").click()
    expect(page.locator("#door-queue")).to_have_text("1 check-in waiting to be sent.")
    context.set_offline(False)
    expect(page.locator("#door-queue")).to_have_text("Everything is sent.")
    assert CheckIn.objects.get().participant == door["Vanna Keo"]
    context.close()


def test_door_app_has_no_axe_violations_with_a_person_and_a_log(live_server, browser, door):
    context, page = _phone(browser, live_server, "sophea", bypass_csp=True, viewport=SMALL_PHONE)
    context.set_offline(True)
    _check_in(page, "Sokha Chan")
    _find(page, "Vanna Keo")
    assert AXE_SCRIPT.exists()
    violations = axe_violations(page)
    assert not violations, readable(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    context.close()


def test_door_app_on_a_khmer_phone_checks_in_offline_in_khmer(live_server, browser, door):
    context, page = _phone(browser, live_server, "sophea", locale="km-KH")
    expect(page.get_by_role("heading", name="កម្មវិធីចុះវត្តមាន")).to_be_visible()
    context.set_offline(True)
    page.reload()  # offline, from the service worker, which keeps the Khmer font too
    expect(page.get_by_role("heading", name="កម្មវិធីចុះវត្តមាន")).to_be_visible()
    font = "/static/fonts/noto-sans-khmer-khmer-400-normal.woff2"
    assert page.evaluate("url => caches.match(url).then(kept => kept.ok)", font)
    expect(page.locator("#door-list")).to_contain_text("អ្នកចូលរួម ៦ នាក់")
    page.get_by_label("ឈ្មោះ ស្ថាប័ន ឬលេខយោង").fill("Sokha")
    expect(page.locator("#door-matches")).to_have_text("រកឃើញ ១ នាក់។")
    page.get_by_role("button", name=re.compile("Sokha Chan")).click()
    expect(page.locator("#door-person-group")).to_have_text("ក្រុមការងារ៖ ការបង្ការ នៅ បន្ទប់ឈូក")
    page.get_by_role("button", name="ចុះវត្តមានសម្រាប់ ថ្ងៃទី១").click()
    expect(page.locator("#door-announce")).to_have_text("Sokha Chan បានចុះវត្តមានសម្រាប់ ថ្ងៃទី១។")
    expect(page.locator("#door-queue")).to_have_text("ការចុះវត្តមានចំនួន ១ កំពុងរង់ចាំផ្ញើ។")
    time = khmer_digits(_queued_at(page, "Sokha Chan"))
    expect(page.locator("#door-person-done")).to_have_text(
        f"✓ បានចុះវត្តមានសម្រាប់ ថ្ងៃទី១ នៅលើទូរស័ព្ទនេះ នៅម៉ោង {time}៖ កំពុងរង់ចាំផ្ញើ។"
    )
    context.set_offline(False)
    expect(page.locator("#door-log li")).to_contain_text(
        re.compile("បានកត់ត្រា: បានចុះវត្តមាននៅម៉ោង [០-៩]{2}:[០-៩]{2} ដោយ sophea។")
    )
    expect(page.locator("#door-announce")).to_have_text(
        "បានផ្ញើ៖ បានកត់ត្រា ១ បានចុះវត្តមានរួចហើយ ០ ទំនាស់ ០។"
    )
    assert CheckIn.objects.get().participant == door["Sokha Chan"]
    page.get_by_label("ឈ្មោះ ស្ថាប័ន ឬលេខយោង").fill("Vanna")
    page.get_by_role("button", name=re.compile("Vanna Keo")).click()
    group = page.locator("#door-person-group")
    expect(group).to_have_text("ក្រុមការងារ៖ Mediation នៅ Hall B")  # no Khmer written yet
    expect(group.locator('span[lang="en"]')).to_have_text(["Mediation", "Hall B"])
    context.close()


def _queued_at(page, name: str) -> str:
    """When the phone queued its check-in of `name`, as the site writes a time: Phnom Penh's."""
    kept = page.evaluate("JSON.parse(localStorage.getItem('wps-door'))")
    at = next(entry["at"] for entry in kept["log"] if entry["name"] == name)
    return datetime.fromisoformat(at).astimezone(LOCAL_TZ).strftime("%H:%M")


def test_door_app_counts_and_times_read_as_the_site_writes_them(live_server, browser, door):
    """One match and many; times on a 24-hour clock in Phnom Penh, on a phone set otherwise."""
    before = rules.check_in(participant=door["Kosal Heng"], day=1)
    earlier = before.checked_in_at.astimezone(LOCAL_TZ).strftime("%H:%M")
    phone = {"locale": "en-US", "timezone_id": "America/New_York"}
    context, page = _phone(browser, live_server, "sophea", **phone)
    expect(page.locator("#door-list")).to_have_text(
        re.compile("^6 people of .* kept on this phone until the end of the day.$")
    )
    page.get_by_label("Name, organisation or reference").fill("Chan")
    expect(page.locator("#door-matches")).to_have_text("2 matches.")
    _find(page, "Kosal Heng")
    expect(page.locator("#door-matches")).to_have_text("1 match.")
    expect(page.locator("#door-person-done")).to_have_text(
        f"✓ Already checked in for Day 1 at {earlier}."
    )
    expect(page.locator("#door-person-group")).to_be_hidden()  # in no working group
    context.set_offline(True)
    _check_in(page, "Sokha Chan")
    expect(page.locator("#door-person-group")).to_have_text(
        "Working group: Prevention, in Lotus room"
    )
    expect(page.locator("#door-person-done")).to_have_text(
        f"✓ Checked in on this phone for Day 1 at {_queued_at(page, 'Sokha Chan')}: "
        "waiting to be sent."
    )
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Sign out and wipe the list from this phone").click()
    expect(page.locator("#door-queue")).to_have_text("1 check-in waiting to be sent.")
    assert asked == ["1 check-in is not sent yet and will be lost. Sign out anyway?"]
    context.close()


def test_door_list_kept_on_the_phone_is_gone_after_midnight(live_server, browser, door):
    context, page = _phone(browser, live_server, "sophea")
    kept = page.evaluate("JSON.parse(localStorage.getItem('wps-door'))")
    assert kept["list"]["expires_at"].endswith("T00:00:00+07:00")
    assert {"name", "reference", "organisation", "days", "photos"} <= set(kept["list"]["people"][0])
    context.set_offline(True)
    page.evaluate(
        """() => {
            const kept = JSON.parse(localStorage.getItem('wps-door'));
            kept.list.expires_at = new Date(Date.now() - 1000).toISOString();
            localStorage.setItem('wps-door', JSON.stringify(kept));
        }"""
    )
    page.reload()
    expect(page.locator("#door-list")).to_have_text(
        "No list on this phone yet: connect to the internet once to download it."
    )
    page.get_by_label("Name, organisation or reference").fill("Sokha")
    expect(page.locator("#door-results li")).to_have_count(0)
    assert "Sokha" not in page.evaluate("localStorage.getItem('wps-door')")
    context.close()
