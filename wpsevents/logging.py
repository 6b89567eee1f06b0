"""Log records as one JSON object a line, without email addresses, phone numbers or secrets."""

import json
import logging
import re
from datetime import UTC, datetime

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# International numbers (+855 12 345 678, 0085512345678) and Cambodian local ones (012 345 678).
PHONE = re.compile(
    r"(?<![\w-])(?:(?:\+|00)\d(?:[ ().-]*\d){6,14}|0\d{1,2}(?:[ .-]?\d){6,8})(?![\w-])"
)
PRIVATE_LINK = re.compile(r"/r/[^/?#\s'\"]+", re.IGNORECASE)
LONG_WORD = re.compile(r"[A-Za-z0-9_-]{20,}")
SECRET_QUERY = re.compile(r"(?i)\b(token|key|password|secret|csrfmiddlewaretoken)=[^&\s]+")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}
DROPPED_EXTRAS = {"request"}  # an HttpRequest: its repr carries paths and cookies


def _looks_secret(word: str) -> bool:
    """Random tokens mix cases and digits; session keys and hashes are long runs without hyphens."""
    has_digit = any(char.isdigit() for char in word)
    mixed_case = any(char.isupper() for char in word) and any(char.islower() for char in word)
    return (has_digit and mixed_case) or (has_digit and len(word) >= 32 and "-" not in word)


def redact(text: str) -> str:
    """Replace email addresses, phone numbers, private links and token-like strings."""
    text = PRIVATE_LINK.sub("/r/<token>", text)
    text = SECRET_QUERY.sub(lambda match: f"{match.group(1)}=<redacted>", text)
    text = EMAIL.sub("<email>", text)
    text = PHONE.sub("<phone>", text)
    return LONG_WORD.sub(
        lambda match: "<token>" if _looks_secret(match.group()) else match.group(), text
    )


class RedactingFilter(logging.Filter):
    """Take personal data and secrets out of a record's message before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None  # the redacted text above stands in for the traceback
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the fields given with `extra=`."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name, value in vars(record).items():
            if name in STANDARD_ATTRIBUTES or name in DROPPED_EXTRAS or name.startswith("_"):
                continue
            entry[name] = value if isinstance(value, int | float | bool) else redact(str(value))
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = redact(record.exc_text)
        return json.dumps(entry, ensure_ascii=False)
