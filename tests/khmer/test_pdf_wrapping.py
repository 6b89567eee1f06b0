"""Khmer in PDFs wraps between words, as ICU's Khmer dictionary finds them, and shows whole."""

import subprocess
import tempfile

from tests.factories import ParticipantFactory
from wpsevents.khmer import ZERO_WIDTH_SPACE, break_khmer_words, break_khmer_words_in_html
from wpsevents.participants.door.badges import render_badges_pdf

# A real organisation's kind of name: 79 Khmer characters and not one space.
LONG_ORGANISATION = "សមាគមគាំពារនិងលើកកម្ពស់សិទ្ធិស្ត្រីនិងកុមារីនៅគ្រប់ខេត្តនៃព្រះរាជាណាចក្រកម្ពុជា"
MM = 72 / 25.4
# The first badge of a sheet: the page's 10 mm margin, then a cell of 95 by 69 mm.
FIRST_BADGE = {"-x": 10 * MM, "-y": 10 * MM, "-W": 95 * MM, "-H": 69 * MM}


def _text_within(data: bytes, box: dict[str, float]) -> str:
    """What pdftotext reads inside `box` (points) of the first page, and nothing outside it."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        crop = [str(part) for key, value in box.items() for part in (key, round(value))]
        command = ["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", *crop, pdf.name, "-"]
        return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def test_khmer_words_are_marked_where_icu_breaks_them():
    marked = break_khmer_words("ក្រសួងកិច្ចការនារីនៃព្រះរាជាណាចក្រកម្ពុជា")
    assert marked.split(ZERO_WIDTH_SPACE) == ["ក្រសួងកិច្ចការនារី", "នៃ", "ព្រះរាជាណាចក្រ", "កម្ពុជា"]


def test_only_the_text_of_html_is_marked():
    html = '<p class="ក្រសួងនៃកម្ពុជា">ក្រសួងនៃកម្ពុជា</p> WPS-7K3Q9M'
    marked = break_khmer_words_in_html(html)
    assert marked.startswith('<p class="ក្រសួងនៃកម្ពុជា">')
    assert ZERO_WIDTH_SPACE in marked
    assert marked.replace(ZERO_WIDTH_SPACE, "") == html


def test_a_long_khmer_organisation_shows_whole_on_its_badge(event):
    assert len(LONG_ORGANISATION) >= 78
    person = ParticipantFactory(event=event, organisation=LONG_ORGANISATION, country="KH")
    text = _text_within(render_badges_pdf([person]), FIRST_BADGE)
    # Shaped Khmer clusters do not come back out of a PDF as typed, but its first and last
    # words do: both inside the badge, the name wrapped on lines of its own before the country.
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    first = next(n for n, line in enumerate(lines) if line.startswith("សមាគមគាំពារ"))
    last = next(n for n, line in enumerate(lines) if line.endswith("កម្ពុជា"))
    assert first < last
    assert lines[last + 1] == "Cambodia"
    assert person.reference in text
