"""The numbers behind the dashboard, each from one aggregated query.

The number of queries never depends on the number of participants: every count comes from a
GROUP BY over the event's participants, rolled up in Python over the (few) groups it returns.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from wpsevents.events.models import LOCAL_TZ, Event, Session
from wpsevents.participants.models import Delegation, Participant, covers_day

Status = Participant.Status
DAYS = (1, 2)


@dataclass(frozen=True)
class Group:
    """Confirmed participants sharing gender, organisation type, country, mode, days, working
    group and delegation (their ids, or None)."""

    gender: str
    organisation_type: str
    country: str
    attendance_mode: str
    days: str
    working_group: int | None
    delegation: int | None
    registered: int
    checked_in: int
    checked_in_day: dict[int, int] = field(default_factory=dict)

    def attends(self, day: int) -> bool:
        """Whether this group registered for a day."""
        return covers_day(self.days, day)


def status_counts(event: Event) -> dict[str, int]:
    """How many registrations the event has in each status, and in person or online."""
    confirmed = Q(status=Status.CONFIRMED)
    in_person = Q(attendance_mode=Participant.AttendanceMode.IN_PERSON)
    counts = Participant.objects.filter(event=event).aggregate(
        total=Count("pk"),
        confirmed_in_person=Count("pk", filter=confirmed & in_person),
        confirmed_online=Count("pk", filter=confirmed & ~in_person),
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
    )
    return counts


def registrations_by_date(event: Event) -> list[tuple[date, int]]:
    """New registrations (of any status now) per calendar day in Phnom Penh."""
    rows = (
        Participant.objects.filter(event=event)
        .annotate(day=TruncDate("created_at", tzinfo=LOCAL_TZ))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    return [(row["day"], row["count"]) for row in rows]


def confirmed_groups(event: Event) -> list[Group]:
    """Confirmed participants grouped by everything the dashboard breaks them down by."""
    dimensions = (
        "gender",
        "organisation_type",
        "country",
        "attendance_mode",
        "days",
        "working_group",
        "delegation",
    )
    live = Q(checkins__undone_at__isnull=True)  # an undone check-in is no arrival
    per_day = {
        f"day{day}": Count("checkins", filter=live & Q(checkins__day=day), distinct=True)
        for day in DAYS
    }
    rows = (
        Participant.objects.filter(event=event, status=Status.CONFIRMED)
        .values(*dimensions)
        .annotate(
            registered=Count("pk", distinct=True),
            checked_in=Count("checkins__participant", filter=live, distinct=True),
            **per_day,
        )
        .order_by(*dimensions)
    )
    return [
        Group(
            **{name: row[name] for name in (*dimensions, "registered", "checked_in")},
            checked_in_day={day: row[f"day{day}"] for day in DAYS},
        )
        for row in rows
    ]


def delegations(event: Event) -> list[Delegation]:
    """The event's delegations, in alphabetical order."""
    return list(Delegation.objects.filter(event=event).order_by("name", "pk"))


def working_groups(event: Event) -> list[Session]:
    """The event's working groups, in the programme's order."""
    return list(Session.objects.filter(event=event).working_groups())


def logistics_counts(event: Event) -> dict[int, Counter]:
    """Per day, confirmed in-person participants and how many asked for each kind of support."""
    rows = (
        Participant.objects.filter(
            event=event,
            status=Status.CONFIRMED,
            attendance_mode=Participant.AttendanceMode.IN_PERSON,
        )
        .values("days")
        .annotate(
            participants=Count("pk"),
            interpretation=Count("pk", filter=Q(needs_interpretation=True)),
            dietary=Count("pk", filter=~Q(dietary_requirements="")),
            accessibility=Count("pk", filter=~Q(accessibility_needs="")),
        )
        .order_by("days")
    )
    totals = {day: Counter() for day in DAYS}
    for row in rows:
        days = row.pop("days")
        for day in DAYS:
            if covers_day(days, day):
                totals[day].update(row)
    return totals


def support_requests(event: Event) -> list[dict]:
    """Confirmed in-person participants who gave dietary or accessibility needs, by name."""
    return list(
        Participant.objects.filter(
            event=event,
            status=Status.CONFIRMED,
            attendance_mode=Participant.AttendanceMode.IN_PERSON,
        )
        .filter(~Q(dietary_requirements="") | ~Q(accessibility_needs=""))
        .values(
            "reference",
            "given_name",
            "family_name",
            "organisation",
            "days",
            "dietary_requirements",
            "accessibility_needs",
        )
        .order_by("family_name", "given_name", "pk")
    )
