"""PDFs made one after another, and at once on two threads, each carry their own fonts."""

from concurrent.futures import ThreadPoolExecutor

from tests.factories import ParticipantFactory
from tests.pdfs import pdf_fonts, pdf_text
from wpsevents.participants.door.badges import render_badges_pdf
from wpsevents.pdf import font_configuration, render_pdf

KHMER_NAME = "ចាន់ សុខា"


def _embedded_families(data: bytes) -> set[str]:
    """The font families a PDF embeds, without the subset prefix ("ABCDEF+Badge-Khmer")."""
    fonts = pdf_fonts(data)
    assert fonts and all(font["embedded"] for font in fonts)
    return {font["name"].split("+", 1)[-1] for font in fonts}


def test_documents_in_a_row_each_embed_their_own_fonts(event):
    person = ParticipantFactory(event=event, given_name="Sokha", name_khmer=KHMER_NAME)
    context = {"participant": person, "event": event, "attended": {}}

    first_badges = render_badges_pdf([person])
    certificate = render_pdf("participants/door/certificate.html", context)
    badges_again = render_badges_pdf([person])

    assert {"Badge-Khmer-Bold", "Badge-Sans-Bold"} <= _embedded_families(first_badges)
    assert not any(name.startswith("Badge") for name in _embedded_families(certificate))
    assert any(name.startswith("Cert-Khmer") for name in _embedded_families(certificate))
    assert _embedded_families(badges_again) == _embedded_families(first_badges)
    for data in (first_badges, certificate, badges_again):
        assert KHMER_NAME in pdf_text(data)


def test_each_thread_lays_out_with_its_own_fonts(event):
    people = ParticipantFactory.create_batch(2, event=event, name_khmer=KHMER_NAME)
    this_threads = font_configuration()

    with ThreadPoolExecutor(max_workers=2) as pool:
        configurations = list(pool.map(lambda _: id(font_configuration()), range(2)))
        badges = list(pool.map(lambda person: render_badges_pdf([person]), people))

    assert font_configuration() is this_threads
    assert id(this_threads) not in configurations
    for data in badges:
        assert KHMER_NAME in pdf_text(data)
        assert "Badge-Khmer-Bold" in _embedded_families(data)
