"""Name badges: a PDF of eight badges per A4 page, with both scripts and the QR code."""

import io
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from tests.factories import ParticipantFactory
from wpsevents.events.models import Event
from wpsevents.events.workshop import EVENT
from wpsevents.participants.door.badges import render_badges_pdf
from wpsevents.pdf import font_urls


def _pdf(participants) -> PdfReader:
    data = render_badges_pdf(participants)
    assert data.startswith(b"%PDF")
    return PdfReader(io.BytesIO(data))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (8, 1), (9, 2)])
def test_badges_fit_eight_to_an_a4_page(event, count, pages):
    reader = _pdf(ParticipantFactory.create_batch(count, event=event))
    assert len(reader.pages) == pages
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)) == (210, 297)


def test_badges_show_names_in_both_scripts_organisation_and_country(event):
    sokha = ParticipantFactory(
        event=event,
        given_name="Sokha",
        family_name="Chan",
        name_khmer="ចាន់ សុខា",
        organisation="Cambodian Women's Network",
        country="TH",
    )
    text = _text(_pdf([sokha]))
    assert "Sokha Chan" in text
    assert "ចាន់ សុខា" in text
    assert "Cambodian Women's Network" in text
    assert "Thailand" in text
    assert sokha.reference in text


def test_badges_use_the_shipped_khmer_font(event):
    person = ParticipantFactory(event=event, name_khmer="ចាន់ សុខា")
    assert any("Badge-Khmer" in name for name in _fonts(_pdf([person])))  # our @font-face


def test_badges_mark_only_those_without_photo_consent(event):
    shy = ParticipantFactory.create_batch(2, event=event, consents_to_photography=False)
    happy = ParticipantFactory.create_batch(3, event=event, consents_to_photography=True)
    assert _text(_pdf([*shy, *happy])).count("No photos") == 2


def test_badges_keep_the_order_given(event):
    people = [ParticipantFactory(event=event, given_name=name) for name in ("Zed", "Amara")]
    text = _text(_pdf(people))
    assert text.index("Zed") < text.index("Amara")


def test_badges_fonts_are_shipped_with_the_project():
    for url in font_urls().values():
        assert url.startswith("file:///")
        assert Path(url.removeprefix("file://")).is_file()


def _words(text: str) -> str:
    return " ".join(text.split())


def test_badges_show_the_workshop_title_whole(event):
    event.title = EVENT["title"]["en"]
    event.save()
    text = _words(_text(_pdf(ParticipantFactory.create_batch(8, event=event))))
    assert text.count(_words(EVENT["title"]["en"])) == 8
    assert "…" not in text


def test_badges_show_the_khmer_workshop_title_to_its_last_word(event):
    event.title_en, event.title_km = EVENT["title"]["en"], EVENT["title"]["km"]
    event.save()
    with translation.override("km"):
        text = _words(_text(_pdf(ParticipantFactory.create_batch(8, event=event))))
    # Shaped Khmer clusters do not come back out of a PDF as typed; the title's last words do.
    assert text.count("សន្តិភាព និងសន្តិសុខនៅកម្ពុជា") == 8
    assert "…" not in text


def test_badges_wrap_the_longest_title_without_cutting_a_word(event):
    event.title = " ".join(f"Localisation{n}" for n in range(20))
    event.save()
    assert len(event.title) <= Event._meta.get_field("title").max_length
    reader = _pdf(ParticipantFactory.create_batch(8, event=event))
    assert len(reader.pages) == 1
    assert _words(_text(reader)).count(event.title) == 8
