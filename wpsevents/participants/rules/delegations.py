"""Delegations nominate their delegates into seats kept for them, until their deadline.

A delegation's in-person quota is kept out of the event's seats for everyone else (see
`DelegationQuerySet.reserved_seats`): the public form and the waitlist count it as taken. The
focal point's nominees take those seats, under the event's lock like every other seat; a
nominee withdrawn gives the seat back to the delegation. At the nomination deadline the seats
not taken go to the waitlist, in its order (`release_due_quotas`).
"""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.cache import invalidate_public_pages
from wpsevents.events.models import Event
from wpsevents.events.seat_changes import SeatChange
from wpsevents.khmer import LocalNumber

from ..mail.queue import queue_delegation_email, queue_email
from ..models import GROUP, ROOM, Delegation, OutgoingEmail, Participant, new_reference
from .letters import send_letter
from .locking import EventBusy, atomic_with_retry, lock_event
from .seat_changes import apply_seat_change
from .seats import (
    ensure_days_and_group_fit,
    no_group_seat,
    refresh_pages_if_seat_taken,
    seat_shortage,
    set_status,
)
from .waitlist import end_registration, promote_from_waitlist, seat_or_end_of_waitlist

logger = logging.getLogger(__name__)
Status = Participant.Status
Mode = Participant.AttendanceMode
Kind = OutgoingEmail.Kind
# What a focal point writes about a nominee; the rest comes from the delegation.
NOMINEE_FIELDS = (
    "salutation",
    "given_name",
    "family_name",
    "name_khmer",
    "position",
    "gender",
    "email",
    "phone",
    "days",
    "attendance_mode",
    "working_group",
    "needs_interpretation",
    "dietary_requirements",
    "accessibility_needs",
    "language",
)


@atomic_with_retry
def nominate_delegate(*, delegation: Delegation, data: dict) -> Participant:
    """Nominate a delegate into the delegation's quota: confirmed at once, and emailed.

    Refused (code `quota_used`) when the quota for their way of attending is used, and after
    the nomination deadline. The delegate gets their own confirmation, private link and QR code.
    """
    event = lock_event(delegation.event)
    delegation = _nominating(event, delegation)
    return _nominate(event, delegation, data)


@transaction.atomic
def replace_delegate(*, delegation: Delegation, nominee: Participant, data: dict) -> Participant:
    """Put another person in a nominee's place, before the deadline; both are emailed.

    The nominee is cancelled and the newcomer takes the seat that frees, in one transaction:
    nobody else can take it between the two.
    """
    event = lock_event(delegation.event)
    delegation = _nominating(event, delegation)
    nominee = _nominee_of(delegation, nominee)
    set_status(nominee, Status.CANCELLED)
    nominee.save()
    queue_email(nominee, Kind.CANCELLED)
    return _nominate(event, delegation, data)


@transaction.atomic
def withdraw_delegate(*, delegation: Delegation, nominee: Participant) -> Participant:
    """Withdraw a nominee: cancelled and told; the seat goes back to the delegation's quota.

    Once the unused quota is released (after the deadline), the seat goes to the waitlist.
    """
    lock_event(delegation.event)
    nominee = _nominee_of(delegation, nominee)
    return end_registration(nominee, Status.CANCELLED, Kind.CANCELLED)


def reinstate_nominee(event: Event, nominee: Participant) -> Participant:
    """Take back a delegation's cancelled or declined nominee, within the delegation's quota.

    Refused when the delegation has used the quota since (it nominated someone in their
    place, say). A seat the delegation still keeps is theirs; otherwise they are placed as
    anyone reinstated is: a free seat, or the end of the waitlist. Hold the event's lock.
    """
    reserved_for = nominee_seat(nominee)
    if reserved_for is not None and not seat_shortage(
        event, nominee.working_group, reserved_for=reserved_for
    ):
        set_status(nominee, Status.CONFIRMED)
        nominee.save()
        queue_email(nominee, Kind.CONFIRMATION)
        refresh_pages_if_seat_taken(event, nominee)
        return nominee
    placed, _promoted = seat_or_end_of_waitlist(event, [nominee], Kind.CONFIRMATION)
    return placed[0]


@transaction.atomic
def release_quota(*, delegation: Delegation, now: datetime | None = None) -> list[Participant]:
    """Give the seats the delegation kept and did not fill to the waitlist, in its order, once.

    Return the people promoted.
    """
    event = lock_event(delegation.event)
    delegation = Delegation.objects.get(pk=delegation.pk)
    if delegation.quota_released_at is not None:
        return []
    delegation.quota_released_at = now or timezone.now()
    delegation.save(update_fields=["quota_released_at"])
    invalidate_public_pages()
    return promote_from_waitlist(event=event)


def release_due_quotas(*, now: datetime | None = None) -> int:
    """Release the unused quota of every delegation past its deadline; return people promoted.

    Run by the email worker with the lapsed holds, and by `manage.py release_delegation_quotas`
    on a timer. Running it again releases nothing twice. A busy event waits for the next run.
    """
    now = now or timezone.now()
    promoted = 0
    for delegation in Delegation.objects.due_for_release(now).select_related("event"):
        try:
            promoted += len(release_quota(delegation=delegation, now=now))
        except EventBusy:
            logger.warning("delegation quota left for the next run", extra={"pk": delegation.pk})
    return promoted


@transaction.atomic
def save_delegation(*, delegation: Delegation) -> SeatChange:
    """Save a delegation an organiser created or changed; the waitlist follows its quota.

    A lower quota keeps fewer seats: those freed go to the waitlist in its order. A deadline
    moved to the future keeps the unused seats again, as far as nobody has taken them.
    """
    lock_event(delegation.event)
    if delegation.nomination_deadline > timezone.now():
        delegation.quota_released_at = None
    delegation.save()
    invalidate_public_pages()  # the seats left that visitors see change
    return apply_seat_change(event=delegation.event)


@transaction.atomic
def send_delegation_link(*, delegation: Delegation) -> None:
    """Email the focal point a new delegation link; an earlier link stops working when it goes."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    delegation.link_sent_at = timezone.now()
    delegation.save(update_fields=["link_sent_at"])
    queue_delegation_email(delegation, Kind.DELEGATION_LINK)


def revoke_delegation_link(*, delegation: Delegation) -> None:
    """Make the focal point's link stop working; sending it again issues a new one."""
    Delegation.objects.filter(pk=delegation.pk).update(token_hash="")


def nominee_seat(participant: Participant) -> Delegation | None:
    """For a nominee who changes how they attend: the delegation that keeps their seat, or None.

    Refuse a change beyond the delegation's quota for the new way of attending. Hold the
    event's lock. Costs no query for someone no delegation nominated.
    """
    if participant.delegation_id is None:
        return None
    delegation = participant.delegation
    if _quota_left(delegation, participant.attendance_mode, exclude=participant) <= 0:
        raise _quota_used(delegation, participant.attendance_mode)
    in_person = participant.is_in_person and delegation.quota_released_at is None
    return delegation if in_person else None


def _nominating(event: Event, delegation: Delegation) -> Delegation:
    """The delegation read afresh under the lock, if it may still nominate."""
    delegation = Delegation.objects.get(pk=delegation.pk)
    delegation.event = event
    if not delegation.is_nominating:
        raise ValidationError(
            _("The nomination deadline has passed. Please contact the organisers."),
            code="deadline_passed",
        )
    return delegation


def _nominee_of(delegation: Delegation, nominee: Participant) -> Participant:
    nominee = Participant.objects.filter(pk=nominee.pk, delegation=delegation).first()
    if nominee is None or not nominee.is_active:
        raise ValidationError(
            _("This person is not one of the delegation's nominees."), code="not_a_nominee"
        )
    return nominee


def _nominate(event: Event, delegation: Delegation, data: dict) -> Participant:
    participant = Participant(
        event=event,
        delegation=delegation,
        reference=new_reference(),
        source=Participant.Source.DELEGATION,
        organisation=delegation.name,
        organisation_type=delegation.organisation_type,
        country=delegation.country,
        consents_to_data_processing=True,
    )
    for field in NOMINEE_FIELDS:
        if field in data:
            setattr(participant, field, data[field])
    if not event.offers_online_attendance:
        participant.attendance_mode = Mode.IN_PERSON
    if _quota_left(delegation, participant.attendance_mode) <= 0:
        raise _quota_used(delegation, participant.attendance_mode)
    ensure_days_and_group_fit(event, participant)
    if participant.is_in_person:
        _ensure_seat(event, delegation, participant)
    set_status(participant, Status.CONFIRMED)
    participant.save()
    queue_email(participant, Kind.CONFIRMATION)
    # The focal point gathers the delegation's travel papers: each letter goes to them too.
    send_letter(participant=participant, recipient=delegation.focal_point_email)
    return participant


def _ensure_seat(event: Event, delegation: Delegation, participant: Participant) -> None:
    reserved_for = delegation if delegation.quota_released_at is None else None
    shortage = seat_shortage(event, participant.working_group, reserved_for=reserved_for)
    if shortage == GROUP:
        raise no_group_seat(
            participant.working_group, _("There is no seat left in the working group “%(group)s”.")
        )
    if shortage == ROOM:
        raise ValidationError(_("There is no in-person seat left."), code="no_seat")


def _quota_left(delegation: Delegation, mode: str, exclude: Participant | None = None) -> int:
    nominees = delegation.nominees.all()
    if exclude is not None:
        nominees = nominees.exclude(pk=exclude.pk)
    if mode == Mode.IN_PERSON:
        return delegation.in_person_quota - nominees.holding_seats().count()
    online = nominees.filter(status=Status.CONFIRMED, attendance_mode=Mode.ONLINE)
    return delegation.online_quota - online.count()


def _quota_used(delegation: Delegation, mode: str) -> ValidationError:
    if mode == Mode.ONLINE and not delegation.online_quota:
        message = _("The delegation has no online places: nominate this person in person.")
        return ValidationError(message, code="quota_used")
    if mode == Mode.IN_PERSON and not delegation.in_person_quota:
        message = _("The delegation has no in-person seats: nominate this person online.")
        return ValidationError(message, code="quota_used")
    if mode == Mode.IN_PERSON:
        message = _(
            "The delegation's in-person quota is used: all %(quota)s seats have a nominee. "
            "Withdraw a nominee to free a seat, or write to the organisers."
        )
        quota = delegation.in_person_quota
    else:
        message = _(
            "The delegation's online quota is used: all %(quota)s places have a nominee. "
            "Withdraw a nominee to free a place, or write to the organisers."
        )
        quota = delegation.online_quota
    return ValidationError(message, code="quota_used", params={"quota": LocalNumber(quota)})
