"""Certificates of attendance: issued once the event is over, only to people checked in."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Certificate, CheckIn, Participant


def days_checked_in(participant: Participant) -> list[int]:
    """The days (1, 2) the person was checked in on, undone check-ins aside."""
    live = CheckIn.objects.live().filter(participant=participant)
    return sorted(live.values_list("day", flat=True))


@transaction.atomic
def issue_certificate(*, participant: Participant) -> Certificate:
    """The person's certificate of attendance, made the first time it is asked for.

    Only for someone checked in on at least one day, and only once the event is over: a
    certificate says what happened. Asking again returns the same certificate and code.
    """
    if not participant.event.is_held:
        raise ValidationError(
            _("Certificates of attendance are issued once the event is over."),
            code="event_not_over",
        )
    if not days_checked_in(participant):
        raise ValidationError(
            _("Certificates of attendance are issued only to people checked in at the event."),
            code="not_checked_in",
        )
    certificate, _created = Certificate.objects.get_or_create(participant=participant)
    return certificate
