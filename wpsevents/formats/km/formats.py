"""Khmer pages keep Django's Khmer display formats and type dates as the English pages do."""

from wpsevents.formats.en.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    TIME_INPUT_FORMATS,
)
