"""Check-in at the door: recorded once per day, and undone (kept, marked undone) by mistake.

Door staff reach only the events open at the door (`Event.objects.open_at_the_door()`): a
participant of any other event is refused here, whatever page or script asked.
"""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Event

from ..models import CheckIn, Participant
from .locking import lock_event

Status = Participant.Status


def refuse_unless_open_at_the_door(event: Event) -> None:
    """Refuse anything done at the door for an event not open at the door today."""
    if not Event.objects.open_at_the_door().filter(pk=event.pk).exists():
        raise ValidationError(
            _("Check-in is not open for this event today."), code="checkin_closed"
        )


@transaction.atomic
def check_in(
    *,
    participant: Participant,
    day: int,
    by=None,
    at_the_door: bool = True,
    client_id: UUID | None = None,
    at: datetime | None = None,
) -> CheckIn:
    """Record that a confirmed participant arrived on a day; doing it twice changes nothing.

    At the door (the default) only participants of an event open at the door are checked in.
    Organisers marking attendance in the admin, from a sign-in sheet after the event, pass
    `at_the_door=False`. A phone at the door that worked offline sends each check-in with the
    id it drew (`client_id`) and the time it was made (`at`, never later than now): the same id
    sent again returns the check-in it recorded, and the check-in returned carries another id
    when someone else checked the person in first.
    """
    event = lock_event(participant.event)
    if at_the_door:
        refuse_unless_open_at_the_door(event)
    if client_id is not None:
        already_sent = CheckIn.objects.filter(client_id=client_id).first()
        if already_sent is not None:
            return already_sent
    participant = Participant.objects.get(pk=participant.pk)
    if participant.status != Status.CONFIRMED:
        raise ValidationError(
            _("Only confirmed participants can be checked in."), code="not_confirmed"
        )
    if day not in CheckIn.Day.values:
        raise ValidationError(_("There is no such day."), code="invalid_day")
    now = timezone.now()
    checkin, _created = CheckIn.objects.live().get_or_create(
        participant=participant,
        day=day,
        defaults={
            "checked_in_by": by,
            "client_id": client_id,
            "checked_in_at": min(at, now) if at else now,
        },
    )
    return checkin


@transaction.atomic
def undo_check_in(*, participant: Participant, day: int, by=None) -> int:
    """Take back a check-in made by mistake: it stays on record, marked undone by whom and when.

    Returns how many check-ins were undone (0 when there was none to undo).
    """
    event = lock_event(participant.event)
    refuse_unless_open_at_the_door(event)
    return (
        CheckIn.objects.live()
        .filter(participant=participant, day=day)
        .update(undone_at=timezone.now(), undone_by=by)
    )
