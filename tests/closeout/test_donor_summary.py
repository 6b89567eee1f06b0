"""The donors' one-page summary: its figures read back with pdftotext, its fonts with pdffonts."""

import re

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from tests.pdfs import pdf_fonts, pdf_text
from wpsevents.khmer import khmer_digits
from wpsevents.participants.models import Participant
from wpsevents.reports.donors import donor_summary

from .conftest import attendee


@pytest.fixture
def crowd(held_event):
    """Twelve confirmed: nine women, two men, one of another identity online; one cancelled."""
    for _n in range(6):
        attendee(held_event, 1, 2, gender="woman", country="KH")
    attendee(held_event, 1, gender="man", country="TH", organisation_type="civil_society")
    ParticipantFactory(
        event=held_event, gender="man", country="TH", organisation_type="civil_society"
    )
    ParticipantFactory(
        event=held_event,
        gender="another",
        organisation_type="un",
        attendance_mode=Participant.AttendanceMode.ONLINE,
    )
    for _n in range(3):
        ParticipantFactory(
            event=held_event, gender="woman", country="LA", organisation_type="academia"
        )
    ParticipantFactory(event=held_event, status=Participant.Status.CANCELLED, gender="man")


def _summary(client, event, suppress=False) -> bytes:
    url = reverse("reports:donors", args=[event.slug]) + ("?suppress=1" if suppress else "")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _line(text: str, label: str) -> list[str]:
    """The row of a breakdown that starts with `label`: label, registered, attended.

    The page has two columns: the row is read from its label on, the other column's aside.
    """
    row = re.compile(rf"({re.escape(label)}[^\d<]*?)\s{{2,}}(<5|\d+)\s{{2,}}(<5|\d+)")
    return [cell.strip() for cell in next(row.finditer(text)).groups()]


def test_summary_has_the_headline_figures_on_one_bilingual_page(
    organiser_client, held_event, crowd
):
    pdf = _summary(organiser_client, held_event)
    text = pdf_text(pdf)
    assert text.rstrip("\f").count("\f") == 0  # one page
    # Poppler reads Khmer whose glyphs stack (coeng) in another order, and breaks words with
    # spaces: the Khmer checked here has no stacked glyphs, and is read without spaces.
    assert "Participation summary" in text
    assert "បានចូលរួម" in text.replace(" ", "") and "តាមអនឡាញ" in text
    assert "Localising the RPA-WPS" in text
    headline = " ".join(text.split())
    assert "12 7 75 % 86 % 1" in headline  # registered, attended, % women of each, online
    assert _line(text, "Cambodia") == ["Cambodia", "7", "6"]
    assert _line(text, "Thailand") == ["Thailand", "2", "1"]
    civil_society = _line(text, "Civil society")  # the label may wrap after "or"
    assert civil_society[0].startswith("Civil society or") and civil_society[1:] == ["2", "1"]
    assert "Day 1" in text and "Day 2" in text
    fonts = pdf_fonts(pdf)
    assert any("Khmer" in font["name"] and font["embedded"] for font in fonts)
    assert all(font["embedded"] for font in fonts)


def test_summary_writes_the_days_in_khmer_digits_in_khmer(organiser_client, held_event, crowd):
    text = pdf_text(_summary(organiser_client, held_event))
    first, second = (khmer_digits(day.day) for day in held_event.days())
    assert f"ថ្ងៃទី១៖ ទី{first} ខែ" in text and f"ថ្ងៃទី២៖ ទី{second} ខែ" in text
    assert f"Day 1, {held_event.days()[0].day} " in text  # the English keeps its digits
    western_in_khmer = re.findall(r"[\u1780-\u17ff] ?[0-9]+", text)
    assert not western_in_khmer


def test_suppressed_summary_hides_counts_under_five(organiser_client, held_event, crowd):
    text = pdf_text(_summary(organiser_client, held_event, suppress=True))
    assert _line(text, "Thailand") == ["Thailand", "<5", "<5"]
    assert _line(text, "Lao PDR") == ["Lao PDR", "<5", "0"]
    assert _line(text, "Cambodia") == ["Cambodia", "7", "6"]
    assert "Counts from 1 to 4 are shown as <5" in text
    assert _line(text, "Online") == ["Online", "<5", "0"]


def test_check_in_staff_cannot_download_the_summary(checkin_client, held_event, crowd):
    url = reverse("reports:donors", args=[held_event.slug])
    assert checkin_client.get(url).status_code == 403


def test_report_page_links_to_both_summaries(organiser_client, held_event):
    page = organiser_client.get(f"/admin/reports/?event={held_event.slug}").content.decode()
    url = reverse("reports:donors", args=[held_event.slug])
    assert f'href="{url}"' in page and f'href="{url}?suppress=1"' in page


def test_suppressed_counts_are_drawn_without_a_bar(held_event, crowd):
    def chart_of(summary, label):
        rows = [row for column in summary["columns"] for s in column for row in s["rows"]]
        return next(chart for line, _r, _a, chart in rows if line.en == label)

    shown = chart_of(donor_summary(held_event, suppress=False), "Thailand")
    hidden = chart_of(donor_summary(held_event, suppress=True), "Thailand")
    assert shown.count('width="0"') == 0
    assert hidden.count('width="0"') == 2
    assert 'width="0"' not in chart_of(donor_summary(held_event, suppress=True), "Cambodia")
