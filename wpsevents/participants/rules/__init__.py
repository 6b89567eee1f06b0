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
from .closeout import CloseOutCounts, close_out_counts, close_out_event
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
from .feedback import Answers, feedback_refusal, rated_sessions, submit_feedback
from .holds import cancel_held_registrations, confirm_hold, release_lapsed_holds
from .letters import issue_letter, send_letter
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
from .reminders import send_due_reminders
from .seat_changes import apply_seat_change, release_working_group
from .seats import group_day_refusal
from .session_notices import (
    count_people_concerned,
    count_people_concerned_by_each,
    notify_session_cancelled,
    notify_session_moved,
)
from .waitlist import delete_registration, noting_promotions, promote_from_waitlist
from .walk_ins import WalkIn, add_walk_in

__all__ = [
    "GROUP",
    "ROOM",
    "Answers",
    "CloseOutCounts",
    "EventBusy",
    "Registration",
    "WalkIn",
    "add_participant_by_organiser",
    "add_walk_in",
    "apply_seat_change",
    "approve_participant",
    "cancel_held_registrations",
    "cancel_registration",
    "check_in",
    "close_out_counts",
    "close_out_event",
    "confirm_hold",
    "confirm_participant",
    "count_people_concerned",
    "count_people_concerned_by_each",
    "days_checked_in",
    "decline_participant",
    "delete_registration",
    "feedback_refusal",
    "group_day_refusal",
    "issue_certificate",
    "issue_letter",
    "move_to_waitlist",
    "nominate_delegate",
    "notify_session_cancelled",
    "notify_session_moved",
    "noting_promotions",
    "promote_from_waitlist",
    "rated_sessions",
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
    "send_due_reminders",
    "send_letter",
    "send_private_link",
    "submit_feedback",
    "undo_check_in",
    "update_registration",
    "withdraw_delegate",
]
