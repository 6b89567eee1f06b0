"""Khmer dates as a Cambodian ministry writes them: ថ្ងៃអង្គារ ទី5 ខែមករា ឆ្នាំ2027, ម៉ោង 08:00.

Django's formats give the words; `wpsevents.khmer.local_digits` (the `digits` filter) then
writes the digits in Khmer. Dates are typed as on the English pages.
"""

from wpsevents.formats.en.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    TIME_INPUT_FORMATS,
)

DATE_FORMAT = "ថ្ងៃl ទីj ខែF ឆ្នាំY"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "ថ្ងៃl ទីj ខែF ឆ្នាំY ម៉ោង H:i"
MONTH_DAY_FORMAT = "ទីj ខែF"
YEAR_MONTH_FORMAT = "ខែF ឆ្នាំY"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
