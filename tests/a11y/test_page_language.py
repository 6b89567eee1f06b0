"""Every page says which language it is in, and marks the words in the other language."""

from tests.a11y.dom import KHMER, Page, attr, language_of, text
from tests.factories import EventFactory, ParticipantFactory
from wpsevents.participants.tokens import issue_private_link


def public_paths(workshop) -> list[str]:
    """Every public page of the workshop, English addresses."""
    event = f"/events/{workshop.slug}/"
    return [event, f"{event}programme/", f"{event}resources/", f"{event}register/", "/privacy/"]


def test_every_public_page_is_marked_english_or_khmer(client, workshop):
    for path in public_paths(workshop):
        english = Page(client.get(path).content.decode())
        khmer = Page(client.get("/km" + path).content.decode())
        assert attr(english.one("html"), "lang") == "en", path
        assert attr(khmer.one("html"), "lang") == "km", path


def test_not_found_page_is_marked_in_its_language(client, db):
    assert attr(Page(client.get("/nowhere/").content.decode()).one("html"), "lang") == "en"
    assert attr(Page(client.get("/km/nowhere/").content.decode()).one("html"), "lang") == "km"


def test_private_link_page_is_marked_in_its_language(client, workshop):
    token = issue_private_link(ParticipantFactory(event=workshop, name_khmer="ចាន់ សុខា"))
    english = Page(client.get(f"/r/{token}/", follow=True).content.decode())
    assert attr(english.one("html"), "lang") == "en"
    assert english.texts_outside_language(KHMER, "km") == []
    khmer = Page(client.get(f"/km/r/{token}/", follow=True).content.decode())
    assert attr(khmer.one("html"), "lang") == "km"


def test_english_pages_mark_every_khmer_word_as_khmer(client, workshop):
    for path in public_paths(workshop):
        page = Page(client.get(path).content.decode())
        assert page.texts_outside_language(KHMER, "km") == [], path


def test_language_switcher_names_each_language_in_its_own_language(client, workshop):
    english = Page(client.get(f"/events/{workshop.slug}/").content.decode())
    khmer = Page(client.get(f"/km/events/{workshop.slug}/").content.decode())
    for page in (english, khmer):
        names = {
            element.etree_element.text: language_of(element)
            for element in page.all(".language-switcher [lang]")
        }
        assert names == {"English": "en", "ខ្មែរ": "km"}


def test_khmer_name_field_is_typed_in_khmer(client, workshop):
    page = Page(client.get(f"/events/{workshop.slug}/register/").content.decode())
    assert attr(page.one("#id_name_khmer"), "lang") == "km"


def test_khmer_page_marks_english_text_shown_for_missing_khmer_text(client, db):
    event = EventFactory(title_en="WPS workshop", title_km="", summary_km="សិក្ខាសាលាពីរថ្ងៃ")
    page = Page(client.get(f"/km/events/{event.slug}/").content.decode())
    assert attr(page.one("h1"), "lang") == "en"
    assert attr(page.one("p.lead"), "lang") is None
    assert language_of(page.one("p.lead")) == "km"


def test_khmer_programme_marks_speakers_written_only_in_english(client, workshop):
    untranslated = workshop.sessions.exclude(speakers_en="").first()
    untranslated.speakers_km = ""
    untranslated.save()
    page = Page(client.get(f"/km/events/{workshop.slug}/programme/").content.decode())
    titles = page.all(".session h3")
    assert titles and all(language_of(title) == "km" for title in titles)
    english = [s for s in page.all(".session span[lang]") if "(sample)" in text(s)]
    assert english and all(attr(s, "lang") == "en" for s in english)
    assert {text(s) for s in english} == {"; ".join(untranslated.speaker_list)}


def test_english_page_never_marks_its_own_text_as_english(client, workshop):
    page = Page(client.get(f"/events/{workshop.slug}/programme/").content.decode())
    assert page.all("main [lang=en]") == []
