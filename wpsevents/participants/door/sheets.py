"""Sign-in sheets: for one day of an event, an A4 list of the people expected in the room.

Government and UN workshops keep a signed attendance sheet per day for their reports and
allowances. The sheet lists the confirmed in-person participants attending that day, with a
column to sign, and ends with a page of blank rows for walk-ins. It is laid out by WeasyPrint
with the fonts the badges use, so that Khmer names are shaped the same on every server.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import translation

from wpsevents.events.models import Event
from wpsevents.khmer import local_date
from wpsevents.pdf import render_pdf

from ..models import Participant

WALK_IN_ROWS = 18  # one page of blank rows


class Order:
    """How a sheet's rows are arranged."""

    FAMILY_NAME = "family_name"
    ORGANISATION = "organisation"


@dataclass
class Group:
    """A run of rows under one heading (an organisation), or under none."""

    heading: str
    rows: list[tuple[int, Participant]]


def sheet_participants(event: Event, day: int, order: str = Order.FAMILY_NAME):
    """The people who sign the sheet of day `day`: confirmed, in person, attending that day."""
    family = Lower(Coalesce(NullIf("family_name", Value("")), "given_name"))
    by_name = (family, Lower("given_name"), "pk")
    ordering = (Lower("organisation"), *by_name) if order == Order.ORGANISATION else by_name
    return (
        Participant.objects.filter(event=event)
        .holding_seats()
        .filter(status=Participant.Status.CONFIRMED)
        .attending_day(day)
        .order_by(*ordering)
    )


def render_sign_in_sheet_pdf(event: Event, day: int, order: str = Order.FAMILY_NAME) -> bytes:
    """The day's sign-in sheet as a PDF: numbered rows, then a page for walk-ins."""
    people = list(sheet_participants(event, day, order))
    numbered = list(enumerate(people, start=1))
    if order == Order.ORGANISATION:
        groups = [
            Group(heading, list(rows))
            for heading, rows in groupby(numbered, key=lambda row: row[1].organisation)
        ]
    else:
        groups = [Group("", numbered)]
    context = {
        "event": event,
        "day": day,
        "date": _day_date(event, day),
        "groups": groups,
        "total": len(people),
        "walk_in_numbers": range(len(people) + 1, len(people) + 1 + WALK_IN_ROWS),
    }
    return render_pdf("participants/door/sign_in_sheet.html", context)


def _day_date(event: Event, day: int) -> dict[str, str]:
    """The date of day `day`, written in English and in Khmer."""
    days = event.days()
    if day > len(days):
        return {"en": "", "km": ""}
    written = {}
    for language in ("en", "km"):
        with translation.override(language):
            written[language] = local_date(days[day - 1])
    return written
