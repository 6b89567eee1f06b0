"""Personal data on request and after the event: export one person's, delete one, purge an event.

Anonymising keeps what the organisers report on (gender, type of organisation, country, days,
attendance, status and check-ins) and removes what identifies a person: names, contact
details, free texts, private links, emails and the change history that copied them.
"""

import json
from datetime import timedelta

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from wpsevents.events.models import Event

from . import rules
from .models import (
    AccessToken,
    Certificate,
    Delegation,
    Feedback,
    Letter,
    OutgoingEmail,
    Participant,
    PurgeRecord,
)
from .qr import forget_checkin_qr_svgs

# Anonymised addresses end so: the domain can never receive mail (RFC 2606).
ANONYMISED_DOMAIN = "@anonymised.invalid"
# Fields that identify a person, and what they become when anonymised.
IDENTIFYING_FIELDS = {
    "salutation": "",
    "given_name": "Anonymised",
    "family_name": "",
    "name_khmer": "",
    "phone": "",
    "organisation": "",
    "position": "",
    "dietary_requirements": "",
    "accessibility_needs": "",
    "hold_network": "",
}


def personal_data(participant: Participant) -> dict:
    """Everything the site holds about one person, as a JSON-ready dictionary."""
    data = {}
    for field in Participant._meta.concrete_fields:
        value = getattr(participant, field.name)
        if isinstance(field, models.ForeignKey):
            value = str(value) if value is not None else None
        data[field.name] = value
    data["check_ins"] = [
        {"day": checkin.day, "checked_in_at": checkin.checked_in_at, "undone_at": checkin.undone_at}
        for checkin in participant.checkins.all()
    ]
    data["emails"] = [
        {
            "kind": email.kind,
            "recipient": email.recipient,
            "subject": email.subject,
            "status": email.status,
            "queued_at": email.created_at,
            "sent_at": email.sent_at,
        }
        for email in participant.emails.order_by("created_at")
    ]
    data["survey"] = [
        {
            "overall_rating": answer.overall_rating,
            "to_improve": answer.to_improve,
            "comments": answer.comments,
            "submitted_at": answer.submitted_at,
        }
        for answer in Feedback.objects.filter(participant=participant)
    ]
    return data


def personal_data_json(participants) -> str:
    """One or more people's data as an indented JSON document."""
    records = [personal_data(participant) for participant in participants]
    return json.dumps(records, cls=_Encoder, ensure_ascii=False, indent=2)


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)  # phone numbers, countries


@transaction.atomic
def delete_personal_data(*, participant: Participant, by=None) -> str:
    """Delete one person's registration and everything attached to it; return its reference.

    A seat it held goes to the waitlist, under the event's lock, as a cancellation's would.
    """
    reference, pk = participant.reference, participant.pk
    rules.delete_registration(participant=participant)
    _forget_history([pk], reference_for={pk: reference})
    forget_checkin_qr_svgs([reference])
    if by is not None:
        LogEntry.objects.create(
            user=by,
            content_type=ContentType.objects.get_for_model(Participant),
            object_id=str(pk),
            object_repr=reference,
            action_flag=DELETION,
            change_message=_("Personal data deleted on request."),
        )
    return reference


@transaction.atomic
def purge_event(*, event: Event, older_than_days: int | None, ran_by: str) -> PurgeRecord:
    """Anonymise every participant of an event that has ended, and record that it was done."""
    now = timezone.now()
    if event.ends_at > now:
        raise ValidationError(
            _("The event has not ended yet; its registrations are still in use."),
            code="event_not_ended",
        )
    if older_than_days is not None and event.ends_at > now - timedelta(days=older_than_days):
        count = 0
    else:
        count = _anonymise(Participant.objects.filter(event=event))
        _anonymise_focal_points(event)
    return PurgeRecord.objects.create(
        event=event,
        ran_by=ran_by[:150],
        older_than_days=older_than_days,
        participants_anonymised=count,
    )


def events_due_for_purge(*, older_than_days: int):
    """Events that ended at least that many days ago and still hold someone's personal data."""
    ended_before = timezone.now() - timedelta(days=older_than_days)
    holding_data = Participant.objects.exclude(email__endswith=ANONYMISED_DOMAIN)
    return Event.objects.filter(
        ends_at__lte=ended_before, pk__in=holding_data.values("event_id")
    ).order_by("ends_at")


def _anonymise(participants) -> int:
    """Overwrite identifying fields in place; statistics and check-ins stay as they were."""
    references = dict(participants.values_list("pk", "reference"))
    # One placeholder address per row: addresses stay unique within an event.
    placeholder = Concat(Value("anonymised-"), Cast("pk", CharField()), Value(ANONYMISED_DOMAIN))
    Participant.objects.filter(pk__in=references).update(**IDENTIFYING_FIELDS, email=placeholder)
    AccessToken.objects.filter(participant_id__in=references).delete()
    OutgoingEmail.objects.filter(participant_id__in=references).delete()
    # a certificate or a letter would otherwise verify a name no longer held
    Certificate.objects.filter(participant_id__in=references).delete()
    Letter.objects.filter(participant_id__in=references).delete()
    # the ratings stay for the report; what people wrote may name someone
    Feedback.objects.filter(participant_id__in=references).update(to_improve="", comments="")
    _forget_history(list(references), reference_for=references)
    forget_checkin_qr_svgs(references.values())
    return len(references)


def _anonymise_focal_points(event: Event) -> None:
    """Forget who the event's delegations' focal points were; the organisations stay."""
    delegations = Delegation.objects.filter(event=event)
    placeholder = Concat(
        Value("anonymised-delegation-"), Cast("pk", CharField()), Value(ANONYMISED_DOMAIN)
    )
    delegations.update(focal_point_name="", focal_point_email=placeholder, token_hash="")
    OutgoingEmail.objects.filter(delegation__in=delegations).delete()


def _forget_history(pks: list[int], *, reference_for: dict[int, str]) -> None:
    """Drop change-history copies of the rows and keep only the reference in the admin's log."""
    history = getattr(Participant, "history", None)
    if history is not None:
        history.model.objects.filter(id__in=pks).delete()
    content_type = ContentType.objects.get_for_model(Participant)
    for pk in pks:
        LogEntry.objects.filter(content_type=content_type, object_id=str(pk)).update(
            object_repr=reference_for[pk]
        )
