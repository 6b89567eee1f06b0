"""The seats taken and the waitlist of events and working groups, as annotations for their pages."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .delegation import reserved_per_event
from .participant import Participant


def event_seat_counts() -> dict:
    """Annotations of an Event queryset: `seats_taken` and `waitlist_length`.

    Each is a subquery counted in an index, however many people registered: a join with an
    aggregate would read every registration of the event on each page view. The seats
    delegations keep for their nominees count as taken: nobody else may have them.
    """
    return {
        "seats_taken": _count_per(Participant.objects.holding_seats(), "event")
        + reserved_per_event(),
        "waitlist_length": _count_per(
            Participant.objects.filter(status=Participant.Status.WAITLISTED), "event"
        ),
    }


def session_seat_counts() -> dict:
    """Annotations of a Session queryset: its working group's `seats_taken` and `waitlist_length`.

    Counted as for events, one subquery each, so that a list of sessions costs the same number
    of queries however many people chose a group.
    """
    return {
        "seats_taken": _count_per(Participant.objects.holding_seats(), "working_group"),
        "waitlist_length": _count_per(
            Participant.objects.filter(status=Participant.Status.WAITLISTED), "working_group"
        ),
    }


def _count_per(participants, field: str) -> Coalesce:
    """How many of `participants` point at the outer query's row through `field`."""
    rows = (
        participants.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows), 0)
