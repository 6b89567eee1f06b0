"""An organiser sets up the event's invitation letters in the admin and downloads a delegate's;
the delegate downloads theirs on a phone in Khmer; a consular officer scans its code.

With UPDATE_SCREENSHOTS=1 the test refreshes the organisers' guide's docs/img/letter.png (the
letter's first page, in Khmer, the delegate's language) and docs/img/admin-letter-settings.png.
"""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont
from playwright.sync_api import expect

from tests.conftest import PHONE
from tests.e2e.test_backoffice_journey import IMAGES, _log_in, _organiser, _take_screenshot
from tests.factories import EventFactory, ParticipantFactory
from tests.pdfs import pdf_fonts, pdf_image_count, pdf_text
from wpsevents.participants.models import Letter
from wpsevents.participants.tokens import issue_private_link

pytestmark = pytest.mark.e2e
LAPTOP = {"width": 1366, "height": 900}


def _letterhead(path: Path) -> Path:
    """A letterhead as organisers scan one: the partners' names on a band, six times as wide."""
    image = Image.new("RGB", (1800, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 250, 1800, 270), fill="#005a9c")
    font = ImageFont.truetype(finders.find("fonts/NotoSans-Bold.ttf"), 64)
    draw.text((40, 90), "UN Women  ·  Ministry of Women's Affairs", font=font, fill="#005a9c")
    image.save(path)
    return path


def _signature(path: Path) -> Path:
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line(
        [(20, 150), (120, 40), (200, 160), (300, 60), (420, 150), (560, 80)], fill="#123", width=6
    )
    image.save(path)
    return path


def _set_up_letters(page, base_url: str, event, tmp_path: Path) -> None:
    page.goto(f"{base_url}/admin/events/event/{event.pk}/change/")
    page.locator("#id_letterhead").set_input_files(str(_letterhead(tmp_path / "letterhead.png")))
    page.locator("#id_signatory_name_en").fill("H.E. Kim Sovann")
    page.locator("#id_signatory_name_km").fill("ឯកឧត្តម គីម សុវណ្ណ")
    page.locator("#id_signatory_title_en").fill("Secretary of State, Ministry of Women's Affairs")
    page.locator("#id_signatory_title_km").fill("រដ្ឋលេខាធិការ ក្រសួងកិច្ចការនារី")
    page.locator("#id_certificate_signature").set_input_files(
        str(_signature(tmp_path / "signature.png"))
    )
    page.locator("#id_letterhead").scroll_into_view_if_needed()
    _take_screenshot(page, "admin-letter-settings.png")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def _download(page, link) -> bytes:
    with page.expect_download() as download:
        link.click()
    return Path(download.value.path()).read_bytes()


def _save_letter_picture(pdf: bytes, tmp_path: Path) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        source = tmp_path / "letter.pdf"
        source.write_bytes(pdf)
        first_page = ["-png", "-r", "60", "-singlefile", "-f", "1", "-l", "1"]
        subprocess.run(["pdftoppm", *first_page, str(source), str(IMAGES / "letter")], check=True)


def test_organiser_sets_up_letters_and_a_delegate_downloads_theirs_in_khmer(
    live_server, browser, transactional_db, roles, tmp_path
):
    event = EventFactory(title="Localising the RPA-WPS", venue_name="Sokha Hotel")
    delegate = ParticipantFactory(
        event=event,
        given_name="Sokha",
        family_name="Chan",
        name_khmer="ចាន់ សុខា",
        position="Director of Gender Equality",
        organisation="Ministry of Interior",
        language="km",
    )
    _organiser().groups.set([roles["Organisers"]])
    desk = browser.new_page(viewport=LAPTOP)
    _log_in(desk, live_server.url)
    _set_up_letters(desk, live_server.url, event, tmp_path)

    desk.goto(f"{live_server.url}/admin/participants/participant/{delegate.pk}/change/")
    pdf = _download(desk, desk.get_by_role("link", name="Download (PDF)"))
    english = pdf_text(pdf).split("\f")[1]  # the delegate reads Khmer: their page comes first
    assert "Sokha Chan" in english and "H.E. Kim Sovann" in english
    assert pdf_image_count(pdf) == 4  # the letterhead and the signature, on both pages
    _save_letter_picture(pdf, tmp_path)
    desk.close()

    phone = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"{live_server.url}/km/r/{issue_private_link(delegate)}/")
    pdf = _download(phone, phone.get_by_role("link", name="ទាញយកលិខិតអញ្ជើញរបស់លោកអ្នក (PDF)"))
    khmer = pdf_text(pdf).split("\f")[0]
    assert "ចាន់ សុខា" in khmer and "Director of Gender Equality" in khmer
    assert all(font["embedded"] for font in pdf_fonts(pdf))
    assert Letter.objects.count() == 1  # the organiser's and the delegate's are one letter

    address = re.search(r"https://events\.example\.org(/verify/[\w-]+/)", khmer).group(1)
    phone.goto(live_server.url + address)
    expect(phone.locator("#letter-valid")).to_have_text("This invitation letter is valid.")
    expect(phone.locator("main")).to_contain_text("ចាន់ សុខា")
    phone.close()
