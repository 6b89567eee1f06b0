"""Input normalisation and field set-up shared by the public forms and the organisers' forms."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from phonenumber_field.formfields import PhoneNumberField

from wpsevents.khmer import LocalNumber

# Khmer and other scripts need zero-width characters (U+200B-U+200D) between words; what is
# refused are controls and the bidirectional overrides that can disguise text.
BIDI_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and symbols that show nothing: Hangul fillers and the blank Braille pattern.
BLANK_GLYPHS = set("\u115f\u1160\u3164\uffa0\u2800")
WHITESPACE = re.compile(r"\s+")


def normalise_text(value: str, *, multiline: bool = False) -> str:
    """Unicode NFC, trimmed, runs of white space collapsed (line breaks kept when multiline)."""
    value = unicodedata.normalize("NFC", value)
    if multiline:
        lines = (WHITESPACE.sub(" ", line).strip() for line in value.splitlines())
        return "\n".join(lines).strip()
    return WHITESPACE.sub(" ", value).strip()


def refuse_control_characters(value: str) -> None:
    """Raise a form error when the text holds control or direction-override characters.

    Tabs and line breaks count as white space and are collapsed by `normalise_text` instead.
    Code points this Python does not know yet (newer emoji) pass; noncharacters do not.
    """
    for char in value:
        if char in "\t\n\r":
            continue
        if (
            unicodedata.category(char) in ("Cc", "Cs", "Co")
            or char in BIDI_OVERRIDES
            or _is_noncharacter(char)
        ):
            raise ValidationError(
                _("Please remove the invisible or control characters from this field."),
                code="control_characters",
            )


def refuse_letters_in_phone_number(typed: str) -> None:
    """Raise a form error when a phone number is typed with letters.

    The phone number library reads letters as on a telephone keypad ("abc" as 222): a number
    typed with letters would be kept as another, valid-looking one.
    """
    if any(char.isalpha() for char in typed):
        raise ValidationError(
            _("Please write the phone number with digits only, without letters."),
            code="letters_in_phone_number",
        )


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def shows_anything(value: str) -> bool:
    """Whether the text has a character that can be seen, not only joiners, marks or fillers."""
    return any(_shows(char) for char in value)


def _shows(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cn":
        return True  # assigned after this Python's Unicode version: most likely an emoji
    return category[0] in "LNPS" and char not in BLANK_GLYPHS


class LocalMaxLengthValidator(MaxLengthValidator):
    """Django's check of a text's length, its two numbers in the reader's digits.

    Django's message puts them in with %d, which writes Western digits in Khmer too; this one
    puts LocalNumbers in with %s. The English reads as Django's.
    """

    message = ngettext_lazy(
        "Ensure this value has at most %(limit_value)s character (it has %(show_value)s).",
        "Ensure this value has at most %(limit_value)s characters (it has %(show_value)s).",
        "limit_value",
    )

    def __init__(self, limit_value: int):
        super().__init__(LocalNumber(limit_value))

    def clean(self, x) -> LocalNumber:
        return LocalNumber(len(x))


def in_local_digits(validator):
    """The validator, or the one that says the same in the reader's digits where there is one."""
    if type(validator) is MaxLengthValidator and validator.message is MaxLengthValidator.message:
        return LocalMaxLengthValidator(validator.limit_value)
    return validator


class NormalisedFormMixin:
    """Clean every text field: refuse control characters, then normalise; refuse letters in
    phone numbers.

    The fields' length errors give their numbers in the reader's digits.
    """

    multiline_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [in_local_digits(validator) for validator in field.validators]

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and not isinstance(self.fields[name], forms.ChoiceField):
                normalised = self._clean_text(name, value)
                if normalised is not None:
                    cleaned[name] = normalised
        for name, field in self.fields.items():
            if isinstance(field, PhoneNumberField):
                self._refuse_letters(name)
        return cleaned

    def _refuse_letters(self, name: str) -> None:
        """Refuse a phone number typed with letters, as typed: that is the mistake to put
        right, whatever the digits the letters stand for on a keypad make of it."""
        try:
            refuse_letters_in_phone_number(str(self[name].data or ""))
        except ValidationError as error:
            self.errors.pop(name, None)
            self.add_error(name, error)

    def _clean_text(self, name: str, value: str) -> str | None:
        """One text field's value normalised, or None when the field is left with an error."""
        try:
            refuse_control_characters(value)
        except ValidationError as error:
            self.add_error(name, error)
            return None
        normalised = normalise_text(value, multiline=name in self.multiline_fields)
        if not shows_anything(normalised):
            normalised = ""
            if self.fields[name].required:
                self.add_error(name, self.fields[name].error_messages["required"])
                return None
        try:
            # Normalising can lengthen a text (NFC spells some characters out in two), so
            # the field's checks, its maximum length among them, apply to the result too.
            self.fields[name].run_validators(normalised)
        except ValidationError as error:
            self.add_error(name, error)
            return None
        return normalised
