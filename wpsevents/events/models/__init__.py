"""Events and the sessions of their programme."""

from .event import (
    HIGHLIGHT_SEPARATOR,
    LOCAL_TZ,
    MAX_SIGNATURE_BYTES,
    Event,
    EventQuerySet,
    RegistrationMode,
    RegistrationState,
    validate_signature_size,
)
from .session import Session, SessionQuerySet

__all__ = [
    "HIGHLIGHT_SEPARATOR",
    "LOCAL_TZ",
    "MAX_SIGNATURE_BYTES",
    "Event",
    "EventQuerySet",
    "RegistrationMode",
    "RegistrationState",
    "Session",
    "SessionQuerySet",
    "validate_signature_size",
]
