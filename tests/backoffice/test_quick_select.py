"""Drop-down lists drawn without a template per option are Django's, character for character."""

import pytest
from django import forms
from django.contrib.admin.helpers import ActionForm
from django.urls import reverse
from django.utils import translation
from django_countries import countries
from django_countries.widgets import LazySelect

from wpsevents.quick_select import QuickActionForm, QuickCountrySelect, QuickSelect

CHOICES = [
    ("", "---------"),
    ("a&b", 'A <"b">'),
    (1, "one"),
    ("Group", [("x", "X"), ("y", "Y")]),
]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        ("a&b", {"id": "id_f", "required": True, "disabled": False, "data-x": '"q"'}),
        (None, None),
        (1, {"class": "vSelect"}),
    ],
)
def test_the_select_is_djangos(value, attrs):
    expected = forms.Select(choices=CHOICES).render("f", value, attrs)
    assert QuickSelect(choices=CHOICES).render("f", value, attrs) == expected


def test_the_lists_action_form_is_djangos():
    django_form, quick_form = ActionForm(auto_id=None), QuickActionForm(auto_id=None)
    for form in (django_form, quick_form):
        form.fields["action"].choices = [("", "---------"), ("confirm", "Confirm <selected>")]
    assert str(quick_form["action"]) == str(django_form["action"])


@pytest.mark.parametrize("language", ["en", "km"])
def test_the_countries_are_named_in_the_language_of_the_request(language):
    with translation.override(language):
        expected = LazySelect(choices=countries).render("country", "JP", {"id": "id_country"})
        drawn = QuickCountrySelect(choices=countries).render("country", "JP", {"id": "id_country"})
    assert drawn == expected
    assert ("ជប៉ុន" in drawn) == (language == "km")


@pytest.mark.django_db
def test_the_participants_page_draws_its_drop_down_lists_quickly_in_khmer_too(
    organiser_client, participant
):
    page = reverse("admin:participants_participant_change", args=[participant.pk])
    form = organiser_client.get(page).context["adminform"].form
    assert type(form.fields["country"].widget) is QuickCountrySelect
    assert type(form.fields["gender"].widget) is QuickSelect
    assert type(form.fields["working_group"].widget.widget) is QuickSelect  # in Django's wrapper
    organiser_client.post("/admin/language/", {"language": "km", "next": page})
    html = organiser_client.get(page).content.decode()
    assert '<option value="JP">ជប៉ុន</option>' in html
