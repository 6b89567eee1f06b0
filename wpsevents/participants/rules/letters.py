"""Official invitation letters: issued for a confirmed place, sent to the person or a colleague."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..mail.queue import queue_email
from ..models import Letter, OutgoingEmail, Participant
from .locking import lock_registration


@transaction.atomic
def issue_letter(*, participant: Participant) -> Letter:
    """The person's invitation letter, made the first time it is asked for.

    Only for a confirmed place, read under the event's lock so that a cancellation in the
    same instant is seen. Asking again returns the same letter, reference and code.
    """
    _event, participant = lock_registration(participant)
    if participant.status != Participant.Status.CONFIRMED:
        raise ValidationError(
            _(
                "An invitation letter is issued only for a confirmed place. "
                "This registration is %(status)s."
            ),
            params={"status": participant.get_status_display().lower()},
            code="not_confirmed",
        )
    letter, _created = Letter.objects.get_or_create(participant=participant)
    return letter


@transaction.atomic
def send_letter(*, participant: Participant, recipient: str = "") -> Letter:
    """Email the person's invitation letter as a PDF, to them or to `recipient` (a focal point).

    The email leaves once the transaction commits; it is written in the person's language.
    """
    recipient = recipient.strip() or participant.email
    try:
        validate_email(recipient)
    except ValidationError as error:
        raise ValidationError(
            _("Enter a valid email address."), code="invalid_recipient"
        ) from error
    letter = issue_letter(participant=participant)
    queue_email(letter.participant, OutgoingEmail.Kind.LETTER, recipient=recipient)
    return letter
