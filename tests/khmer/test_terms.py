"""One Khmer vocabulary: country names, organisation types, the site's name, Khmer punctuation."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django_countries import countries

from tests.factories import EventFactory
from wpsevents.participants.models import Participant

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "km" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize(
    ("code", "khmer"),
    [("JO", "ហ្ស៊កដានី"), ("SZ", "អ៊ែស្វាទីនី"), ("LA", "ឡាវ"), ("TL", "ទីម័រ-ឡេស្តេ")],
)
def test_country_names_are_the_corrected_short_forms(code, khmer):
    with translation.override("km"):
        assert countries.name(code) == khmer


@pytest.mark.parametrize(
    ("kind", "khmer"),
    [
        ("parliament", "រដ្ឋសភា ឬព្រឹទ្ធសភា"),
        ("civil_society", "អង្គការសង្គមស៊ីវិល ឬអង្គការស្ត្រី"),
        ("academia", "គ្រឹះស្ថានសិក្សា ឬស្ថាប័នស្រាវជ្រាវ"),
    ],
)
def test_organisation_types_have_their_government_names(kind, khmer):
    with translation.override("km"):
        assert str(Participant.OrganisationType(kind).label) == khmer


@pytest.mark.django_db
def test_the_khmer_pages_name_the_site_as_about_women_peace_and_security(client):
    event = EventFactory()
    html = client.get(f"/km/events/{event.slug}/").content.decode()
    assert "ព្រឹត្តិការណ៍ស្តីពីស្ត្រី សន្តិភាព និងសន្តិសុខ" in html


@pytest.mark.django_db
def test_highlights_split_at_a_khmer_colon_too():
    event = EventFactory(highlights="ការការពារ៖ ការការពារសិទ្ធិស្ត្រី\nPrevention: early warning")
    assert event.highlight_list == [
        ("ការការពារ", "ការការពារសិទ្ធិស្ត្រី"),
        ("Prevention", "early warning"),
    ]


# អ្នក within a noun is not "you": participant, organiser, moderator, supplier, administrator,
# user, others, "those who", someone, recipient, registrant, the people concerned and signatory.
NOUNS_WITH_NEAK = "|".join(
    [
        "ចូលរួម",
        "រៀបចំ",
        "សម្របសម្រួល",
        "ផ្គត់ផ្គង់",
        "គ្រប់គ្រង",
        "ប្រើប្រាស់",
        "ដទៃ",
        "ដែល",
        "ណា",
        "ផ្សេង",
        "ទទួល$",
        "ទទួល»",
        "ទទួលរួចហើយ",
        "ចុះឈ្មោះ(?:ត្រូវ|អាច)",
        "ពាក់ព័ន្ធ",
        "ចុះហត្ថលេខា",
    ]
)
PLAIN_YOU = re.compile(rf"(?<!លោក)អ្នក(?!{NOUNS_WITH_NEAK})")
PLAIN_WE = re.compile(r"យើង(?!ខ្ញុំ)")


def test_the_catalogue_addresses_people_as_lok_neak_and_says_yeung_khnhom():
    texts = [
        text
        for entry in polib.pofile(str(CATALOGUE))
        if not entry.obsolete
        for text in ([entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values())
    ]
    plain = [text for text in texts if PLAIN_YOU.search(text) or PLAIN_WE.search(text)]
    assert not plain, "\n".join(plain)
    assert sum("លោកអ្នក" in text for text in texts) > 100
    assert not [text for text in texts if "ប័ណ្ណសម្គាល់ឈ្មោះ" in text or "“" in text]
