"""The country field, checked by looking the code up rather than by walking the list.

Django checks a value against a field's choices by going through all of them, and with a lazy
list such as django-countries' it first rebuilds the list: for 250 countries that was the
largest single cost of validating a registration, paid twice (form, then model).
"""

from django.core.exceptions import ValidationError
from django_countries import countries
from django_countries import fields as countries_fields


def _is_known_country(code: str) -> bool:
    return bool(code) and code in countries


class CountryChoiceField(countries_fields.LazyTypedChoiceField):
    """The form field: the full list to choose from, a single lookup to validate."""

    def valid_value(self, value) -> bool:
        return _is_known_country(str(value))


class CountryField(countries_fields.CountryField):
    """django-countries' model field, validating the code with one lookup."""

    def formfield(self, **kwargs):
        kwargs.setdefault("choices_form_class", CountryChoiceField)
        return super().formfield(**kwargs)

    def validate(self, value, model_instance):
        if not self.editable:
            return
        code = str(value) if value is not None else ""
        if code and not _is_known_country(code):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code}
            )
        if value is None and not self.null:
            raise ValidationError(self.error_messages["null"], code="null")
        if not self.blank and code in self.empty_values:
            raise ValidationError(self.error_messages["blank"], code="blank")
