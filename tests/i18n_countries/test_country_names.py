"""Country names in Khmer: every country in the list, from CLDR through our second catalogue.

The South-East Asian countries are named by our own catalogue (locale/km/, through
COUNTRIES_OVERRIDE); every other country by locale_countries/km/, which
scripts/khmer_country_names.py makes from CLDR.
"""

import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from tests.participants.helpers import form_post
from wpsevents.events import workshop
from wpsevents.participants.models import Participant

ROOT = Path(settings.BASE_DIR)
COUNTRY_CATALOGUE = ROOT / "locale_countries" / "km" / "LC_MESSAGES" / "django.po"
MAIN_CATALOGUE = ROOT / "locale" / "km" / "LC_MESSAGES" / "django.po"
KHMER = re.compile(r"[\u1780-\u17ff]")
# CLDR's Khmer name of France, as the script writes it.
FRANCE = "បារាំង"
# Countries deliberately shown in English on Khmer pages: none, CLDR names every one.
LEFT_IN_ENGLISH: frozenset[str] = frozenset()


def _names(language: str | None) -> dict[str, str]:
    """Each listed country's code and name, in `language` (None: the msgid itself)."""
    with translation.override(language):
        return {code: name for code, name in countries if code}


def _country_options(html: str) -> dict[str, str]:
    select = re.search(r'<select name="country".*?</select>', html, re.S)
    assert select, "no country list on the page"
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)<', select.group(0))
    return {code: unescape(name) for code, name in options}


def _register_page(language: str) -> str:
    prefix = "/km" if language == "km" else ""
    return f"{prefix}/events/{workshop.EVENT['slug']}/register/"


def test_every_country_has_a_khmer_name():
    english, khmer = _names("en"), _names("km")
    assert khmer.keys() == english.keys()
    untranslated = [
        f"{code} {name}"
        for code, name in sorted(english.items())
        if code not in LEFT_IN_ENGLISH and (khmer[code] == name or not KHMER.search(khmer[code]))
    ]
    assert not untranslated, (
        "in English on Khmer pages (run scripts/khmer_country_names.py, then compilemessages):\n"
        + "\n".join(untranslated)
    )


def test_country_catalogue_names_the_countries_our_catalogue_does_not():
    entries = [entry for entry in polib.pofile(str(COUNTRY_CATALOGUE)) if not entry.obsolete]
    msgids = {entry.msgid for entry in entries}
    listed = _names(None)
    others = {name for code, name in listed.items() if code not in settings.COUNTRIES_OVERRIDE}
    assert msgids == others - {listed[code] for code in LEFT_IN_ENGLISH}
    assert not {entry.comment for entry in entries} & set(settings.COUNTRIES_OVERRIDE)
    ours = {entry.msgid for entry in polib.pofile(str(MAIN_CATALOGUE))}
    assert not msgids & ours, "names in both catalogues: ours wins, the CLDR one is never used"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "france"), [("en", "France"), ("km", FRANCE)], ids=["en", "km"]
)
def test_registration_page_lists_the_countries_in_its_language(client, language, france):
    call_command("load_workshop", verbosity=0)
    response = client.get(_register_page(language))
    assert response.status_code == 200
    options = _country_options(response.content.decode())
    assert options["FR"] == france
    if language == "km":
        latin = [f"{code} {name}" for code, name in options.items() if not KHMER.search(name)]
        assert not latin, "countries in English on the Khmer page:\n" + "\n".join(latin)


def test_registration_takes_a_country_chosen_on_the_khmer_page(client, event):
    url = f"/km{reverse('participants:register', kwargs={'slug': event.slug})}"
    options = _country_options(client.get(url).content.decode())
    chosen = next((code for code, name in options.items() if name == FRANCE), None)
    assert chosen == "FR", "France is not in the Khmer country list under its Khmer name"

    response = client.post(url, form_post(country=chosen, language="km"))

    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.country == "FR"
    with translation.override("km"):
        assert participant.country.name == FRANCE


def test_khmer_country_list_is_in_khmer_alphabetical_order(client, event):
    url = f"/km{reverse('participants:register', kwargs={'slug': event.slug})}"
    names = list(_country_options(client.get(url).content.decode()).values())
    others = names[len(settings.COUNTRIES_FIRST) :]
    assert others == sorted(others, key=lambda name: name.replace("\u200b", ""))
    # consonant order: ក (k) before ខ (kh) before ... before អ (the glottal stop), the last
    assert others[0][0] == "ក"
    assert others[-1][0] in "អឥឦឧឩឪឫឬឭឮឯឰឱឲឳ"
