"""People registered for an event, their private links, the emails sent to them, their arrivals."""

from .delegation import Delegation, DelegationQuerySet
from .field_lists import (
    EDITABLE_FIELDS,
    IMPORT_FIELDS,
    ORGANISER_FIELDS,
    ORGANISER_ONLY_FIELDS,
    REGISTRATION_FIELDS,
)
from .participant import (
    GENDERED_SALUTATIONS,
    GROUP,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    ROOM,
    SEAT_STATUSES,
    WRONG_WORKING_GROUP,
    Participant,
    ParticipantQuerySet,
    covers_day,
    days_attended,
    new_reference,
    participant_history,
)
from .records import (
    AccessToken,
    Certificate,
    CheckIn,
    CheckInQuerySet,
    OutgoingEmail,
    PurgeRecord,
    new_certificate_code,
)
from .seat_counts import event_seat_counts, session_seat_counts

__all__ = [
    "EDITABLE_FIELDS",
    "GENDERED_SALUTATIONS",
    "GROUP",
    "IMPORT_FIELDS",
    "ORGANISER_FIELDS",
    "ORGANISER_ONLY_FIELDS",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REGISTRATION_FIELDS",
    "ROOM",
    "SEAT_STATUSES",
    "WRONG_WORKING_GROUP",
    "AccessToken",
    "Certificate",
    "CheckIn",
    "CheckInQuerySet",
    "Delegation",
    "DelegationQuerySet",
    "OutgoingEmail",
    "Participant",
    "ParticipantQuerySet",
    "PurgeRecord",
    "covers_day",
    "days_attended",
    "event_seat_counts",
    "new_certificate_code",
    "new_reference",
    "participant_history",
    "session_seat_counts",
]
