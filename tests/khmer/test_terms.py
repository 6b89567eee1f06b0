"""One Khmer vocabulary: country names, organisation types, the site's name, Khmer punctuation."""

import pytest
from django.utils import translation
from django_countries import countries

from tests.factories import EventFactory
from wpsevents.participants.models import Participant


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
