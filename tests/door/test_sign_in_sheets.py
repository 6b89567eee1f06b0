"""Sign-in sheets: each day's printable list of the people expected in the room."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory
from tests.pdfs import pdf_fonts, pdf_text
from wpsevents.participants.door.sheets import WALK_IN_ROWS
from wpsevents.participants.models import Participant

SHEETS = reverse("admin:participants_participant_sign_in_sheets")
Status, Days = Participant.Status, Participant.Days


# Poppler reads back Khmer whose glyphs stack (coeng) in another order, and may break a word
# with a space: the Khmer of these tests is read back as written, spaces aside.
@pytest.fixture
def event(db):
    return EventFactory(title="Localising the RPA-WPS", title_km="វេទិកា សុខា", capacity=50)


def _sheet(client, event, day=1, order="family_name") -> bytes:
    response = client.get(SHEETS, {"event": event.pk, "day": day, "order": order})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    return response.content


def _person(event, given, **fields):
    return ParticipantFactory(event=event, given_name=given, **fields)


def test_day_1_sheet_lists_exactly_the_confirmed_in_person_participants_of_day_1(
    organiser_client, event
):
    _person(event, "Bothdays", days=Days.BOTH, name_khmer="ចាន់ សុខា")
    _person(event, "Firstday", days=Days.DAY_1)
    _person(event, "Secondday", days=Days.DAY_2)
    _person(event, "Online", attendance_mode=Participant.AttendanceMode.ONLINE)
    _person(event, "Waiting", status=Status.WAITLISTED)
    _person(event, "Pending", status=Status.PENDING)
    _person(event, "Gone", status=Status.CANCELLED)
    _person(event, "Held", status=Status.HELD, hold_expires_at=timezone.now() + timedelta(hours=1))
    _person(EventFactory(), "Elsewhere")

    text = pdf_text(_sheet(organiser_client, event, day=1))

    for name in ("Bothdays", "Firstday"):
        assert name in text
    for name in ("Secondday", "Online", "Waiting", "Pending", "Gone", "Held", "Elsewhere"):
        assert name not in text
    assert "ចាន់ សុខា" in text
    assert "Participants expected" in text and ": 2" in text


def test_day_2_sheet_lists_those_of_day_2(organiser_client, event):
    _person(event, "Bothdays", days=Days.BOTH)
    _person(event, "Firstday", days=Days.DAY_1)
    _person(event, "Secondday", days=Days.DAY_2)
    text = pdf_text(_sheet(organiser_client, event, day=2))
    assert "Bothdays" in text and "Secondday" in text and "Firstday" not in text
    assert "Day 2" in text


def test_sheet_embeds_the_shipped_khmer_font(organiser_client, event):
    _person(event, "Sokha", name_khmer="ចាន់ សុខា")
    fonts = pdf_fonts(_sheet(organiser_client, event))
    khmer = [font for font in fonts if "Sheet-Khmer" in font["name"]]
    assert khmer and all(font["embedded"] for font in fonts)


def test_sheet_has_bilingual_headers_title_and_columns(organiser_client, event):
    _person(event, "Sokha", position="Director", gender=Participant.Gender.WOMAN)
    text = pdf_text(_sheet(organiser_client, event))
    assert "Localising the RPA-WPS" in text and "វេទិកាសុខា" in text.replace(" ", "")
    for heading in ("No.", "Name", "Organisation", "Position", "Gender", "Signature"):
        assert heading in text
    assert "ភេទ" in text and "ទំព័រ" in text  # gender, page
    assert "Page 1 / 2" in text and "១ / ២" in text  # the page numbers in both scripts
    assert "Director" in text and "Woman" in text


def test_sheet_is_sorted_by_family_name(organiser_client, event):
    for given, family in (("Anna", "Zhou"), ("Zara", "Abel"), ("Mona", "Meas")):
        _person(event, given, family_name=family)
    text = pdf_text(_sheet(organiser_client, event))
    assert text.index("Zara Abel") < text.index("Mona Meas") < text.index("Anna Zhou")


def test_sheet_can_be_grouped_by_organisation(organiser_client, event):
    _person(event, "Anna", family_name="Abel", organisation="UN Women")
    _person(event, "Zara", family_name="Zhou", organisation="Ministry of Interior")
    _person(event, "Mona", family_name="Meas", organisation="UN Women")
    text = pdf_text(_sheet(organiser_client, event, order="organisation"))
    assert text.index("Zara Zhou") < text.index("Anna Abel") < text.index("Mona Meas")


def test_sheet_numbers_pages_and_ends_with_a_page_of_blank_rows_for_walk_ins(
    organiser_client, event
):
    for number in range(3):
        _person(event, f"Person{number}")
    pages = pdf_text(_sheet(organiser_client, event)).strip("\f").split("\f")
    assert len(pages) == 2
    assert "1 / 2" in pages[0] and "2 / 2" in pages[1]
    assert "Walk-ins" in pages[1] and "Person" not in pages[1]
    assert str(3 + WALK_IN_ROWS) in pages[1]


def test_sheets_are_refused_to_check_in_staff(checkin_client, event):
    response = checkin_client.get(SHEETS, {"event": event.pk, "day": 1, "order": "family_name"})
    assert response.status_code == 403


def test_sheets_send_anonymous_visitors_to_sign_in(client, event):
    response = client.get(SHEETS, {"event": event.pk, "day": 1, "order": "family_name"})
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_participant_list_links_the_sheets_for_organisers(organiser_client, event):
    page = organiser_client.get(reverse("admin:participants_participant_changelist"))
    assert SHEETS in page.content.decode()
    form = organiser_client.get(SHEETS)
    assert form.status_code == 200 and b"sign-in-sheet-form" in form.content


def test_sheet_of_a_day_the_event_lacks_is_refused(organiser_client, event):
    response = organiser_client.get(SHEETS, {"event": event.pk, "day": 3, "order": "x"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
