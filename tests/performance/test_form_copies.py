"""Each form gets fields of its own, copied from its class's without `copy.deepcopy`."""

import copy

import pytest
from django import forms

from wpsevents.forms import copy_field
from wpsevents.participants.forms import ChangeRegistrationForm, RegistrationForm, ResendLinkForm

FORM_CLASSES = (RegistrationForm, ChangeRegistrationForm, ResendLinkForm)


def _forms(form_class, event, participant):
    if form_class is RegistrationForm:
        return RegistrationForm(event=event), RegistrationForm(event=event)
    if form_class is ChangeRegistrationForm:
        return ChangeRegistrationForm(instance=participant), ChangeRegistrationForm(
            instance=participant
        )
    return form_class(), form_class()


def _parts(field):
    widget = field.widget
    return [field, widget, widget.attrs, field.error_messages, field.validators]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: cls.__name__)
def test_two_forms_share_no_field_widget_or_attributes(form_class, event, participant):
    first, second = _forms(form_class, event, participant)
    for name, field in first.fields.items():
        class_field = form_class.base_fields[name]
        for mine, theirs, the_class in zip(
            _parts(field), _parts(second.fields[name]), _parts(class_field), strict=True
        ):
            assert mine is not theirs, name
            assert mine is not the_class, name


@pytest.mark.django_db
def test_what_one_form_changes_in_its_fields_stays_with_it(event):
    changed = RegistrationForm(event=event)
    for field in changed.fields.values():
        field.label = "Changed"
        field.widget.attrs["class"] = "changed"
        field.error_messages["required"] = "Changed"
        field.validators.append(lambda value: None)
    other = RegistrationForm(event=event)
    for name, field in other.fields.items():
        assert field.label != "Changed", name
        assert field.widget.attrs.get("class") != "changed", name
        assert field.error_messages["required"] != "Changed", name
        assert len(field.validators) == len(RegistrationForm.base_fields[name].validators), name


@pytest.mark.parametrize("name", list(RegistrationForm.base_fields))
def test_a_copied_field_is_what_a_deep_copy_would_be(name):
    field = RegistrationForm.base_fields[name]
    quick, deep = copy_field(field), copy.deepcopy(field)
    assert type(quick) is type(deep)
    assert sorted(vars(quick)) == sorted(vars(deep))
    assert type(quick.widget) is type(deep.widget)
    assert quick.widget.attrs == deep.widget.attrs
    assert quick.error_messages == deep.error_messages
    assert quick.validators == deep.validators
    assert (quick.label, quick.required, quick.help_text) == (
        deep.label,
        deep.required,
        deep.help_text,
    )
    if isinstance(field, forms.ModelChoiceField):
        assert quick.queryset is not field.queryset
        assert str(quick.queryset.query) == str(field.queryset.query)
    elif isinstance(field, forms.ChoiceField):
        assert list(quick.choices) == list(deep.choices)
        assert list(quick.widget.choices) == list(deep.widget.choices)


def test_a_field_that_copies_itself_otherwise_is_deep_copied():
    field = forms.SplitDateTimeField()
    copied = copy_field(field)
    assert copied.fields[0] is not field.fields[0]
    assert copied.widget.widgets[0] is not field.widget.widgets[0]


def test_a_form_shown_with_errors_leaves_the_next_visitors_form_clean(client, event):
    url = f"/events/{event.slug}/register/"
    refused = client.post(url, {"email": "not an address"})
    assert "is-invalid" in refused.content.decode()
    client.cookies.clear()
    client.cookies["sessionid"] = "another-visitor"  # a visitor with a session: not from the cache
    fresh = client.get(url)
    assert fresh.status_code == 200
    assert 'name="email"' in fresh.content.decode()
    assert "is-invalid" not in fresh.content.decode()
