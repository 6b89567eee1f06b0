"""Check-in at the door: recorded once per day, undone when made by mistake."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import CheckIn, Participant
from .locking import lock_event

Status = Participant.Status


@transaction.atomic
def check_in(*, participant: Participant, day: int, by=None) -> CheckIn:
    """Record that a confirmed participant arrived on a day; doing it twice changes nothing."""
    lock_event(participant.event)
    participant = Participant.objects.get(pk=participant.pk)
    if participant.status != Status.CONFIRMED:
        raise ValidationError(
            _("Only confirmed participants can be checked in."), code="not_confirmed"
        )
    if day not in CheckIn.Day.values:
        raise ValidationError(_("There is no such day."), code="invalid_day")
    checkin, _created = CheckIn.objects.get_or_create(
        participant=participant, day=day, defaults={"checked_in_by": by}
    )
    return checkin


@transaction.atomic
def undo_check_in(*, participant: Participant, day: int) -> None:
    """Take back a check-in made by mistake."""
    CheckIn.objects.filter(participant=participant, day=day).delete()
