"""The rules of a participant's life: register, wait, get promoted, cancel, check in.

Every change of status goes through one of these functions. Each runs in one transaction that
first locks the event row, then counts seats, then writes, so that concurrent requests on any
number of app servers never give away more seats than there are. Emails are queued in the same
transaction and handed to the worker once it commits.
"""

from .checkin import check_in, undo_check_in
from .core import GROUP, ROOM, EventBusy
from .registration import (
    EDITABLE_FIELDS,
    ORGANISER_FIELDS,
    Registration,
    add_participant_by_organiser,
    approve_participant,
    cancel_registration,
    confirm_participant,
    decline_participant,
    move_to_waitlist,
    promote_from_waitlist,
    register_participant,
    reinstate_participant,
    resend_confirmation,
    send_private_link,
    update_registration,
)

__all__ = [
    "EDITABLE_FIELDS",
    "GROUP",
    "ORGANISER_FIELDS",
    "ROOM",
    "EventBusy",
    "Registration",
    "add_participant_by_organiser",
    "approve_participant",
    "cancel_registration",
    "check_in",
    "confirm_participant",
    "decline_participant",
    "move_to_waitlist",
    "promote_from_waitlist",
    "register_participant",
    "reinstate_participant",
    "resend_confirmation",
    "send_private_link",
    "undo_check_in",
    "update_registration",
]
