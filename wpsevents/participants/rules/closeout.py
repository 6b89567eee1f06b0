"""The close-out after the event: one email to each person, following their attendance.

Those who came get thanks, the materials, the survey and their certificate; those registered in
person who did not come get the recording and the materials; those online, the recording, the
materials and the survey. The email record is the proof a person was written to: a unique
constraint keeps it to one each, so that running the close-out again sends nothing new.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.models import Event
from wpsevents.khmer import local_date

from ..mail.queue import queue_emails
from ..models import Outcome, OutgoingEmail, Participant, PurgeRecord, closing_outcome
from .certificates import issue_certificate
from .locking import lock_event

KIND = OutgoingEmail.Kind.CLOSE_OUT


@dataclass(frozen=True)
class CloseOutCounts:
    """How many people the close-out writes (or wrote) to, by what it tells them."""

    attended: int = 0
    absent: int = 0
    online: int = 0
    already_sent: int = 0

    @property
    def to_send(self) -> int:
        """The emails still to send (or just queued)."""
        return self.attended + self.absent + self.online


def _due(event: Event):
    """The people the close-out writes to, each with `attended` and `written_to` annotated."""
    sent = OutgoingEmail.objects.filter(participant=OuterRef("pk"), kind=KIND)
    return Participant.objects.closing_out(event).annotate(written_to=Exists(sent))


def _tally(people: list[Participant]) -> Counter:
    return Counter(closing_outcome(person, attended=person.attended) for person in people)


def close_out_counts(*, event: Event) -> CloseOutCounts:
    """What a close-out would send now, without sending anything: for its confirmation page."""
    people = list(_due(event).only("pk", "attendance_mode"))
    waiting = _tally([person for person in people if not person.written_to])
    return CloseOutCounts(
        **{outcome: waiting[outcome] for outcome in Outcome.values},
        already_sent=sum(person.written_to for person in people),
    )


@transaction.atomic
def close_out_event(*, event: Event) -> CloseOutCounts:
    """Write once to each person after the event, and certify those who came.

    Under the event's lock, so that two close-outs at once write to nobody twice. Only once
    the event is over: attendance is what decides each email. Not once the private links
    have expired: the email's certificate and survey links would lead nowhere.
    """
    event = lock_event(event)
    if not event.is_held:
        raise ValidationError(
            _("The close-out is sent once the event is over."), code="event_not_over"
        )
    if timezone.now() >= event.private_links_expire_at:
        raise ValidationError(
            _(
                "The close-out can no longer be sent: the links it carries (certificates and "
                "the survey) stopped working on %(date)s."
            ),
            code="links_expired",
            params={"date": local_date(timezone.localtime(event.private_links_expire_at))},
        )
    if PurgeRecord.objects.filter(event=event).exists():
        raise ValidationError(
            _("The personal data of this event has been purged: there is nobody left to write to."),
            code="purged",
        )
    people = list(_due(event).select_related("event"))
    new = [person for person in people if not person.written_to]
    for person in new:
        if person.attended:  # one downloaded before keeps its code
            issue_certificate(participant=person)
    queue_emails(new, KIND)
    counts = _tally(new)
    return CloseOutCounts(
        **{outcome: counts[outcome] for outcome in Outcome.values},
        already_sent=len(people) - len(new),
    )
