"""How many seats an event, or a working group, has taken, as told by the app that keeps the
registrations.

The event pages and the session list show whether seats are left, but events know nothing of
registrations: the participants app hands over, when Django starts, the annotations that count
them.
"""

from collections.abc import Callable

from django.db.models import Value

_count: Callable[[], dict] | None = None
_count_sessions: Callable[[], dict] | None = None


def count_seats_with(annotations: Callable[[], dict]) -> None:
    """Set what counts an event's seats: a function giving `seats_taken` and `waitlist_length`."""
    global _count
    _count = annotations


def count_session_seats_with(annotations: Callable[[], dict]) -> None:
    """Set what counts a working group's seats: `seats_taken` and `waitlist_length` again."""
    global _count_sessions
    _count_sessions = annotations


def seat_annotations() -> dict:
    """The annotations of an Event queryset that count its seats taken and its waitlist."""
    if _count is None:  # no app keeps registrations: nobody holds a seat
        return {"seats_taken": Value(0), "waitlist_length": Value(0)}
    return _count()


def session_seat_annotations() -> dict:
    """The annotations of a Session queryset that count its group's seats taken and waitlist."""
    if _count_sessions is None:
        return {"seats_taken": Value(0), "waitlist_length": Value(0)}
    return _count_sessions()
