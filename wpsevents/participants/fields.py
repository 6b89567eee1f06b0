"""The country field: grouped by region to choose from, checked by looking the code up.

Django checks a value against a field's choices by going through all of them, and with a lazy
list such as django-countries' it first rebuilds the list: for 250 countries that was the
largest single cost of validating a registration, paid twice (form, then model).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries import fields as countries_fields

ZERO_WIDTH_SPACE = "\u200b"  # CLDR marks the word breaks of some Khmer names with it


def _is_known_country(code: str) -> bool:
    return bool(code) and code in countries


def grouped_countries() -> list:
    """The countries to choose from, in the active language: the region first, then the rest.

    An empty first choice asks for one, so that nobody is registered from the first country
    in the list by not touching it.
    """
    region = set(settings.COUNTRIES_FIRST)
    first = [(code, name) for code, name in countries if code in region]
    others = [(code, name) for code, name in countries if code not in region]
    if get_language() == "km":
        # django-countries sorts by the Latin letters of a name only, which leaves Khmer names
        # in English order. Khmer's code points follow its alphabet, consonant by consonant.
        others.sort(key=lambda country: country[1].replace(ZERO_WIDTH_SPACE, ""))
    return [
        ("", _("Choose a country")),
        (_("South-East Asia"), first),
        (_("Other countries"), others),
    ]


class CountryChoiceField(countries_fields.LazyTypedChoiceField):
    """The form field: the countries grouped by region to choose from, one lookup to validate."""

    def __init__(self, *, choices=(), **kwargs):
        # The model field hands over its flat list; the grouped one, built when shown, replaces it.
        super().__init__(choices=grouped_countries, **kwargs)

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
