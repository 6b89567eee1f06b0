"""Khmer as a Cambodian ministry writes it: Khmer digits, and word breaks a PDF can wrap at.

Browsers break Khmer lines with a dictionary of their own; WeasyPrint breaks lines only at
spaces and zero-width spaces, and Khmer puts no space between words. `break_khmer_words` puts
a zero-width space at each word boundary that ICU's Khmer dictionary finds, so that a long
Khmer name wraps whole in a badge rather than running off its edge.
"""

import re

from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from icu import BreakIterator, Locale

WESTERN_TO_KHMER = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
ZERO_WIDTH_SPACE = "\u200b"
# A run of Khmer letters and signs (U+1780–U+17FF and the Khmer symbols U+19E0–U+19FF).
KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
# Inside HTML, only the text between tags is broken: never a tag, an attribute or a script.
HTML_TEXT = re.compile(r"(<[^>]*>)")


def khmer_digits(text: str) -> str:
    """`text` with every Western digit written as a Khmer one."""
    return str(text).translate(WESTERN_TO_KHMER)


def local_digits(value) -> str:
    """A number, date or time as text, in Khmer digits when the active language is Khmer.

    The one place digits are localised: templates (the `digits` filter), emails, calendar
    texts, PDFs and the report all call it. Codes (references, addresses, phone numbers,
    "UTC+7") are never passed to it and keep their Western digits.
    """
    text = str(value)
    return khmer_digits(text) if get_language() == "km" else text


class LocalNumber(int):
    """A number that reads in the active language's digits where a message puts it as text
    (%(count)s), and is still a number where a plural form is chosen by it."""

    def __str__(self) -> str:
        return local_digits(int(self))


def local_date(value, format_name: str = "DATE_FORMAT") -> str:
    """A date or time in the active language's format, digits included."""
    return local_digits(date_format(value, format_name))


def weekday_date(day) -> str:
    """A date with its weekday: "Tuesday 5 January 2027", "ថ្ងៃអង្គារ ទី៥ ខែមករា ឆ្នាំ២០២៧"."""
    # A format of Django's date filter, which the catalogue writes in each language's order.
    return local_date(day, pgettext("a date with its weekday, in Django's date format", "l j F Y"))


def _break_run(run: str, words: BreakIterator) -> str:
    words.setText(run)
    start, pieces = 0, []
    for end in words:
        pieces.append(run[start:end])
        start = end
    return ZERO_WIDTH_SPACE.join(pieces)


def break_khmer_words(text: str) -> str:
    """`text` with a zero-width space at each Khmer word boundary, for line breaking in PDFs."""
    # An iterator per call: ICU's iterators keep their text, so threads must not share one.
    words = BreakIterator.createWordInstance(Locale("km"))
    return KHMER_RUN.sub(lambda match: _break_run(match.group(0), words), text)


def break_khmer_words_in_html(html: str) -> str:
    """`html` with Khmer word boundaries marked in its text, its tags left as they are."""
    return "".join(
        part if part.startswith("<") else break_khmer_words(part) for part in HTML_TEXT.split(html)
    )
