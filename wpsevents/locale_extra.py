"""Texts of Django and its libraries that visitors read on Khmer pages, kept in our catalogue.

Django's Khmer catalogue leaves these validation messages untranslated, and
django-phonenumber-field has no Khmer catalogue at all, so a Khmer form would answer a mistyped
email or phone number in English. Our catalogue (`locale/km/`, first in `LOCALE_PATHS`) wins over
theirs, but `make messages` keeps only the texts it finds in this project's source and drops the
rest (`--no-obsolete`): listing them here keeps them. "This field is required." has a Khmer text
in Django's catalogue, replaced in ours by a politer one.

Nothing imports this module; `makemessages` reads it. Each text is spelled exactly as the library
spells it, with its context and plural where it has them: `tests/test_khmer_errors.py` sends each
mistake to the Khmer pages and fails if the answer shows any English.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# django.forms.fields.Field, on an empty required field and an unticked required box.
REQUIRED = gettext_noop("This field is required.")
# django.core.validators.EmailValidator, on the registration and link-again forms.
INVALID_EMAIL = gettext_noop("Enter a valid email address.")
# django.core.validators.MaxLengthValidator, on the forms without NormalisedFormMixin (the
# others say it in Khmer digits, wpsevents.forms.LocalMaxLengthValidator); one plural form.
TOO_LONG = ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
# django.forms.ChoiceField: a salutation, gender, country, day or language not in the list.
INVALID_CHOICE = gettext_noop(
    "Select a valid choice. %(value)s is not one of the available choices."
)
# django.forms.ModelChoiceField: a working group that is not one of the event's.
INVALID_MODEL_CHOICE = gettext_noop(
    "Select a valid choice. That choice is not one of the available choices."
)
# django.core.validators.ProhibitNullCharactersValidator, on every text field.
NULL_CHARACTERS = gettext_noop("Null characters are not allowed.")
# phonenumber_field.formfields.PhoneNumberField, with PHONENUMBER_DEFAULT_REGION set.
INVALID_PHONE = pgettext_lazy(
    "{example_number} is a national phone number.",
    "Enter a valid phone number (e.g. {example_number}) or a number with an international "
    "call prefix.",
)
# phonenumber_field.validators, behind the form field's own message.
INVALID_PHONE_NUMBER = gettext_noop("The phone number entered is not valid.")
