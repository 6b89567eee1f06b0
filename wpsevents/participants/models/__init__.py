"""People registered for an event, their private links, the emails sent to them, their arrivals."""

from .choices import (
    CLOSE_OUT_STATUSES,
    GENDERED_SALUTATIONS,
    SEAT_STATUSES,
    Outcome,
    covers_day,
    days_attended,
)
from .delegation import Delegation, DelegationQuerySet
from .feedback import RATINGS, Feedback, SessionRating
from .field_lists import (
    EDITABLE_FIELDS,
    IMPORT_FIELDS,
    ORGANISER_FIELDS,
    ORGANISER_ONLY_FIELDS,
    REGISTRATION_FIELDS,
)
from .letters import Letter
from .participant import (
    GROUP,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    ROOM,
    WRONG_WORKING_GROUP,
    Participant,
    ParticipantQuerySet,
    closing_outcome,
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
    new_verification_code,
)
from .seat_counts import event_seat_counts, session_seat_counts

__all__ = [
    "CLOSE_OUT_STATUSES",
    "EDITABLE_FIELDS",
    "GENDERED_SALUTATIONS",
    "GROUP",
    "IMPORT_FIELDS",
    "ORGANISER_FIELDS",
    "ORGANISER_ONLY_FIELDS",
    "RATINGS",
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
    "Feedback",
    "Letter",
    "Outcome",
    "OutgoingEmail",
    "Participant",
    "ParticipantQuerySet",
    "PurgeRecord",
    "SessionRating",
    "closing_outcome",
    "covers_day",
    "days_attended",
    "event_seat_counts",
    "new_certificate_code",
    "new_reference",
    "new_verification_code",
    "participant_history",
    "session_seat_counts",
]
