"""The registration form's choices are made once per form class, not copied into every form,
yet each form still answers in the visitor's language and keeps choices given to it alone."""

import pytest
from django.utils import translation

from wpsevents.participants.forms import ChangeRegistrationForm, RegistrationForm

SHARED = ("salutation", "organisation_type", "gender", "days", "attendance_mode", "language")


@pytest.mark.django_db
def test_registration_forms_share_their_choices(event):
    first, second = RegistrationForm(event=event), RegistrationForm(event=event)
    for name in SHARED:
        assert first.fields[name].choices is second.fields[name].choices, name
        assert first.fields[name].widget.choices is first.fields[name].choices, name


@pytest.mark.django_db
def test_choices_given_to_one_form_stay_with_it(event):
    changed = RegistrationForm(event=event)
    changed.fields["days"].choices = [("day1", "Day 1 only")]
    assert list(changed.fields["days"].choices) == [("day1", "Day 1 only")]

    other = RegistrationForm({"days": "both"}, event=event)
    assert [value for value, _label in other.fields["days"].choices] == ["both", "day1", "day2"]
    other.is_valid()
    assert "days" not in other.errors


@pytest.mark.django_db
def test_shared_choices_are_read_in_the_active_language(participant):
    form = ChangeRegistrationForm(instance=participant)
    with translation.override("en"):
        english = str(dict(form.fields["days"].choices)["both"])
    with translation.override("km"):
        khmer = str(dict(form.fields["days"].choices)["both"])
    assert english == "Both days"
    assert khmer != english
    assert any("\u1780" <= char <= "\u17ff" for char in khmer)


@pytest.mark.django_db
def test_a_shared_choice_still_refuses_a_value_it_does_not_offer(event):
    form = RegistrationForm({"gender": "robot", "attendance_mode": "teleport"}, event=event)
    assert not form.is_valid()
    assert form.errors["gender"][0].startswith("Select a valid choice.")
    assert form.errors["attendance_mode"][0].startswith("Select a valid choice.")
