"""What a change of seats does to the people registered, as told by the app that keeps them.

Organisers change seats here: an event's capacity or approval, a working group's capacity, a
working group deleted. Events know nothing of registrations, so the participants app hands over,
when Django starts, the two rules that move its waitlist (`handle_seat_changes_with`). The admin
calls them in the transaction of its save, and tells the organiser what they did (`describe`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wpsevents.khmer import LocalNumber


@dataclass(frozen=True)
class Overbooked:
    """More people confirmed than seats: in the room (`group` empty) or in a working group."""

    confirmed: int
    seats: int
    group: str = ""


@dataclass(frozen=True)
class SeatChange:
    """What a change of seats did: who was promoted or approved, who still waits, overbooking."""

    promoted: int = 0
    approved: int = 0
    still_waiting: int = 0
    overbooked: tuple[Overbooked, ...] = field(default=())

    def then(self, later: "SeatChange") -> "SeatChange":
        """Two changes made one after the other, as one: counts added, the later state kept."""
        return SeatChange(
            promoted=self.promoted + later.promoted,
            approved=self.approved + later.approved,
            still_waiting=later.still_waiting,
            overbooked=later.overbooked,
        )


NOTHING = SeatChange()
_seats_changed: Callable[..., SeatChange] | None = None
_group_removed: Callable[..., SeatChange] | None = None


def handle_seat_changes_with(
    *, seats_changed: Callable[..., SeatChange], group_removed: Callable[..., SeatChange]
) -> None:
    """Set the rules that follow a change of seats (called once, by the participants app)."""
    global _seats_changed, _group_removed
    _seats_changed, _group_removed = seats_changed, group_removed


def seats_changed(*, event) -> SeatChange:
    """An event's capacity, approval or working groups' seats changed: move its waitlist."""
    if _seats_changed is None:  # no app keeps registrations: nobody waits
        return NOTHING
    return _seats_changed(event=event)


def working_group_removed(*, session) -> SeatChange:
    """A session is about to be deleted: its members move to no group, and the waitlist moves."""
    if _group_removed is None:
        return NOTHING
    return _group_removed(session=session)


def describe(change: SeatChange) -> list[tuple[int, str]]:
    """What to tell the organiser who made the change: (message level, text) pairs."""
    told = []
    if change.approved:
        text = ngettext(
            "%(count)s pending registration was approved, as approval is off, and the person "
            "emailed: a seat if one was free, otherwise the waitlist.",
            "%(count)s pending registrations were approved, as approval is off, and the people "
            "emailed: seats while they were free, then the waitlist, in the order they came.",
            change.approved,
        )
        told.append((messages.SUCCESS, text % {"count": LocalNumber(change.approved)}))
    if change.promoted:
        text = ngettext(
            "%(count)s person waiting was given a seat and emailed.",
            "%(count)s people waiting were given seats and emailed.",
            change.promoted,
        )
        told.append((messages.SUCCESS, text % {"count": LocalNumber(change.promoted)}))
    if change.still_waiting:
        text = ngettext(
            "%(count)s person is still waiting for a seat.",
            "%(count)s people are still waiting for a seat.",
            change.still_waiting,
        )
        told.append((messages.INFO, text % {"count": LocalNumber(change.still_waiting)}))
    told.extend((messages.WARNING, _overbooked(place)) for place in change.overbooked)
    return told


def _overbooked(place: Overbooked) -> str:
    if place.group:
        text = _(
            "More people are confirmed in the working group “%(group)s” (%(confirmed)s) than it "
            "has seats (%(seats)s)."
        )
    else:
        text = _(
            "More people are confirmed (%(confirmed)s) than the event has in-person seats "
            "(%(seats)s)."
        )
    values = {
        "confirmed": LocalNumber(place.confirmed),
        "seats": LocalNumber(place.seats),
        "group": place.group,
    }
    return " ".join(
        [
            text % values,
            _(
                "Nobody was un-confirmed: to bring the number down, cancel registrations or "
                "move people to the waitlist."
            ),
        ]
    )
