"""Telling people that a session moved or was cancelled, through the app that keeps them.

Events know nothing of registrations, so the participants app hands over, when Django starts,
the rules that count the people a session concerns and queue their notices
(`notify_session_changes_with`). The admin shows the count before an organiser saves, and calls
the rules in the transaction of the save when the organiser chose to tell them.
"""

from collections.abc import Callable

from modeltranslation.utils import get_translation_fields

# What a notice tells of: the time and the room, in every language.
SCHEDULE_FIELDS = ("starts_at", "ends_at", *get_translation_fields("room"))

_count: Callable[..., int] | None = None
_count_each: Callable[..., dict[int, int]] | None = None
_moved: Callable[..., int] | None = None
_cancelled: Callable[..., int] | None = None


def notify_session_changes_with(
    *,
    count: Callable[..., int],
    count_each: Callable[..., dict[int, int]],
    moved: Callable[..., int],
    cancelled: Callable[..., int],
) -> None:
    """Set the rules that count and tell the people concerned (called once, by participants)."""
    global _count, _count_each, _moved, _cancelled
    _count, _count_each, _moved, _cancelled = count, count_each, moved, cancelled


def has_moved(session, before) -> bool:
    """Whether the session's time or room differs from what it was (`before`, as stored)."""
    return any(getattr(session, name) != getattr(before, name) for name in SCHEDULE_FIELDS)


def people_concerned(*, session, before=None) -> int:
    """How many people a change of the session concerns: its day's, or its working group's.

    With `before`, the session as stored, those of the day it leaves count too.
    """
    if _count is None:  # no app keeps registrations: nobody to tell
        return 0
    return _count(session=session, before=before)


def people_concerned_by_each(*, event) -> dict[int, int]:
    """How many people a change of each of the event's sessions concerns, by session key.

    Reads `event.sessions.all()`: prefetch it for a list.
    """
    if _count_each is None:
        return {}
    return _count_each(event=event)


def session_moved(*, session, before) -> int:
    """Tell the people concerned the session's new time or room; return how many were told."""
    if _moved is None:
        return 0
    return _moved(session=session, before=before)


def session_cancelled(*, session) -> int:
    """Tell the people concerned the session is cancelled, before it is deleted; how many."""
    if _cancelled is None:
        return 0
    return _cancelled(session=session)
