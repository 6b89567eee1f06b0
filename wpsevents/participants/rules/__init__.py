"""The rules of a participant's life: register, wait, get promoted, cancel, check in.

This package is the only code that creates registrations or changes their status. Each rule
runs in one transaction that first locks the event row, then counts seats, then writes, so
that concurrent requests on any number of app servers never give away more seats than there
are. Emails are queued in the same transaction and handed to the worker once it commits.
Views, admin actions, imports and commands call these functions and nothing else.
"""

from ..models import GROUP, ROOM
from .certificates import days_checked_in, issue_certificate
from .checkin import check_in, undo_check_in
from .decisions import (
    approve_participant,
    confirm_participant,
    decline_participant,
    move_to_waitlist,
    reinstate_participant,
)
from .delegations import (
    nominate_delegate,
    release_due_quotas,
    release_quota,
    replace_delegate,
    revoke_delegation_link,
    save_delegation,
    send_delegation_link,
    withdraw_delegate,
)
from .holds import cancel_held_registrations, confirm_hold, release_lapsed_holds
from .locking import EventBusy
from .registration import (
    Registration,
    add_participant_by_organiser,
    cancel_registration,
    register_participant,
    resend_confirmation,
    send_private_link,
    update_registration,
)
from .seat_changes import apply_seat_change, release_working_group
from .waitlist import delete_registration, noting_promotions, promote_from_waitlist

__all__ = [
    "GROUP",
    "ROOM",
    "EventBusy",
    "Registration",
    "add_participant_by_organiser",
    "apply_seat_change",
    "approve_participant",
    "cancel_held_registrations",
    "cancel_registration",
    "check_in",
    "confirm_hold",
    "confirm_participant",
    "days_checked_in",
    "decline_participant",
    "delete_registration",
    "issue_certificate",
    "move_to_waitlist",
    "nominate_delegate",
    "noting_promotions",
    "promote_from_waitlist",
    "register_participant",
    "reinstate_participant",
    "release_due_quotas",
    "release_lapsed_holds",
    "release_quota",
    "release_working_group",
    "replace_delegate",
    "resend_confirmation",
    "revoke_delegation_link",
    "save_delegation",
    "send_delegation_link",
    "send_private_link",
    "undo_check_in",
    "update_registration",
    "withdraw_delegate",
]
