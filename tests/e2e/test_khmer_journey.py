"""A registrant on a phone in Khmer: the event page, the form with its errors, the email, the badge.

Every number they read is in Khmer digits, and they are addressed by title and Khmer name. With
UPDATE_SCREENSHOTS=1 the test also refreshes the screenshots of docs/khmer.md (docs/img/km-*).
"""

import base64
import os
import re
import subprocess
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from wpsevents.events.models import Event
from wpsevents.participants.door.badges import render_badges_pdf
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.e2e
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"
FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
WESTERN_DIGIT = re.compile(r"[0-9]")
ORGANISATION = "សមាគមគាំពារនិងលើកកម្ពស់សិទ្ធិស្ត្រីនិងកុមារីនៅគ្រប់ខេត្តនៃព្រះរាជាណាចក្រកម្ពុជា"


def _screenshot(page, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=IMAGES / name)


def _badge_image(pdf: bytes, name: str) -> None:
    """The first badge of the sheet as a picture, as Poppler draws it for printing."""
    if os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf") as sheet:
        sheet.write(pdf)
        sheet.flush()
        # 150 dpi; the first badge is 95 by 69 mm from the page's 10 mm margin.
        box = [str(round(mm * 150 / 25.4)) for mm in (10, 10, 95, 69)]
        crop = ["-x", box[0], "-y", box[1], "-W", box[2], "-H", box[3]]
        command = ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", *crop]
        subprocess.run([*command, sheet.name, str(IMAGES / name.removesuffix(".png"))], check=True)


def test_a_khmer_registrant_reads_khmer_digits_and_is_greeted_by_title(page, live_server):
    call_command("load_workshop", stdout=StringIO())
    event = Event.objects.get()
    with translation.override("km"):
        register, given_name = translation.gettext("Register"), translation.gettext("given name")
    page.goto(f"{live_server.url}/km/events/{event.slug}/")
    when = page.locator(".when-where dd").first
    expect(when).to_contain_text("ខែមករា ឆ្នាំ២០២៧ ម៉ោង ០៨:០០")
    assert not WESTERN_DIGIT.search(when.inner_text().replace("UTC+7", ""))
    _screenshot(page, "km-event-page.png")

    page.goto(f"{live_server.url}/km/events/{event.slug}/register/")
    page.get_by_role("button", name=register, exact=True).tap()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(given_name)
    _screenshot(page, "km-form-errors.png")

    mail.outbox.clear()
    page.get_by_role("textbox", name=re.compile(rf"^{given_name}")).fill("Sokha")
    page.locator("#id_family_name").fill("Chan")
    page.locator("#id_name_khmer").fill("ចាន់ សុខា")
    page.locator("#id_salutation").select_option("ms")
    page.locator("#id_email").fill("sokha@example.org")
    page.locator("#id_organisation").fill(ORGANISATION)
    page.locator("#id_organisation_type").select_option("civil_society")
    page.locator("#id_country").select_option("KH")
    page.locator('input[name="gender"][value="woman"]').check()
    page.locator("#id_consents_to_data_processing").check()
    page.get_by_role("button", name=register, exact=True).tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("សូមអរគុណ លោកស្រី ចាន់ សុខា។")

    (html, _type) = mail.outbox[-1].alternatives[0]
    # A mail client draws Khmer with the reader's system font; this browser has none but ours.
    font = base64.b64encode((FONTS / "noto-sans-khmer-khmer-400-normal.woff2").read_bytes())
    source = f"url(data:font/woff2;base64,{font.decode()})"
    style = (
        f"<style>@font-face {{ font-family: Khmer; src: {source}; }}"
        " body, body * { font-family: Khmer, sans-serif !important; }</style>"
    )
    page.goto("about:blank")
    page.set_content(style + html)
    expect(page.get_by_text("ជម្រាបសួរ លោកស្រី ចាន់ សុខា")).to_be_visible()
    assert "ឆ្នាំ២០២៧" in page.inner_text("body")
    _screenshot(page, "km-email.png")

    person = Participant.objects.get(email="sokha@example.org")
    _badge_image(render_badges_pdf([person]), "km-badge.png")
