"""Walk-ins: people who come to the door unregistered, added by check-in staff.

Staff note only a name, an organisation and a gender. A walk-in takes a seat when one is free
and is then checked in for the day; when the room is full they join the waitlist like anyone
an organiser adds, are not checked in, and the phone says so: an organiser decides. They have
no email address yet: each gets one under the reserved `.invalid` domain, which no email is
ever delivered to, until an organiser writes in the real one.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import transaction

from wpsevents.events.models import Event

from ..models import CheckIn, Participant
from .checkin import check_in, refuse_unless_open_at_the_door
from .locking import lock_event
from .registration import add_participant_by_organiser

WALK_IN_DOMAIN = "walk-in.invalid"


@dataclass(frozen=True)
class WalkIn:
    """What adding a walk-in did: their registration, and their check-in if they got a seat."""

    participant: Participant
    checkin: CheckIn | None


def walk_in_address(client_id: UUID) -> str:
    """The stand-in email address of the walk-in the door's phone drew `client_id` for."""
    return f"walk-in-{client_id}@{WALK_IN_DOMAIN}"


@transaction.atomic
def add_walk_in(
    *, event: Event, data: dict, day: int, by, client_id: UUID, at: datetime | None = None
) -> WalkIn:
    """Register a person who came to the door, and check them in when they get a seat.

    `data` holds given_name, family_name, organisation and gender. Sent again with the same
    `client_id` (a phone that lost the answer), it returns what the first time did.
    """
    event = lock_event(event)
    refuse_unless_open_at_the_door(event)
    email = walk_in_address(client_id)
    participant = Participant.objects.registered_as(event, email).first()
    if participant is None:
        participant = add_participant_by_organiser(
            event=event,
            data={
                **data,
                "email": email,
                "organisation_type": Participant.OrganisationType.OTHER,
                "country": "KH",
                "days": Participant.Days.BOTH if day == 1 else Participant.Days.DAY_2,
                "attendance_mode": Participant.AttendanceMode.IN_PERSON,
            },
            source=Participant.Source.DOOR,
        )
    if participant.status != Participant.Status.CONFIRMED:
        return WalkIn(participant=participant, checkin=None)
    checkin = check_in(participant=participant, day=day, by=by, client_id=client_id, at=at)
    return WalkIn(participant=participant, checkin=checkin)
