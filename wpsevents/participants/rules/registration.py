"""Registering, changing and cancelling a registration, and an organiser adding a person."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wpsevents.events.calendar import withdrawn_entries
from wpsevents.events.models import Event

from ..calendar import calendar_of
from ..mail.queue import is_deliverable, queue_email
from ..models import (
    EDITABLE_FIELDS,
    GROUP,
    SEAT_STATUSES,
    OutgoingEmail,
    Participant,
    new_reference,
)
from ..tokens import revoke_private_links
from .delegations import nominee_seat
from .holds import ensure_network_may_hold, hold_place, is_held_on_registering, release_lapsed
from .locking import (
    ATTEMPTS,
    atomic_with_retry,
    could_not_save,
    lock_event,
    lock_registration,
    share_event,
)
from .seats import (
    ensure_days_and_group_fit,
    ensure_registration_open,
    has_seat,
    holds_seat,
    no_group_seat,
    place_for_newcomer,
    refresh_pages_if_seat_taken,
    seat_shortage,
    set_status,
)
from .waitlist import end_registration, promote_from_waitlist

Status = Participant.Status
Kind = OutgoingEmail.Kind
# A person is sent their link again at most once in this time, however many ask for it.
LINK_EMAIL_INTERVAL = timedelta(minutes=10)


@dataclass(frozen=True)
class Registration:
    """What registering did: the status a new registrant gets, and whether it was new.

    `waits_for` says what a waitlisted registrant waits for: a seat in the room (`ROOM`) or
    in their working group (`GROUP`).
    """

    status: str
    participant: Participant | None
    waits_for: str | None = None


def register_participant(
    *,
    event: Event,
    data: dict,
    source: str = Participant.Source.ONLINE,
    enforce_window: bool = True,
    needs_proof: bool = False,
    network: str = "",
) -> Registration:
    """Register a person, or put them on the waitlist when the seats are taken.

    An address already registered creates nothing: its owner is sent their private link, and
    the caller learns only the status a new registrant would have had. Nominees a delegation
    registered with the address (often its focal point's) do not count: the focal point may
    register as themselves. A cancelled registration of the same address is made anew.
    A place may be held until the person opens the link in their email (see `holds`): an
    in-person seat of an event that holds unconfirmed seats, or any place when the form showed
    a sign of a robot (`needs_proof`), of which the caller is not told. `network` is the
    client's /24 or /64, which holds only a few seats.

    Registrations that take no seat (online, waiting, awaiting approval) run side by side under
    a shared lock of the event; one that takes a seat holds the event's lock alone. Most
    addresses are new, so a registration is first simply written: the unique index of the
    event's addresses refuses an address registered already, and the rule then runs again,
    looking for the address first.
    """
    arguments = {
        "event": event,
        "data": data,
        "source": source,
        "enforce_window": enforce_window,
        "needs_proof": needs_proof,
        "network": network,
    }
    lock = lock_event if _may_take_seat(event, data) else share_event
    look_up = False
    for _attempt in range(ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _register(lock, look_up=look_up, **arguments)
        except _TakesSeat:
            lock = lock_event  # a seat came free since the caller read the event
        except IntegrityError:
            look_up = True  # the address is registered, or a reference was drawn twice
    raise could_not_save()


class _TakesSeat(Exception):
    """A registration begun under the shared lock would take a seat: it needs the lock alone."""


def _may_take_seat(event: Event, data: dict) -> bool:
    """Whether a registration may take a seat, going by what the caller read of the event.

    A guess is enough: the rule counts again under its lock, and a wrong guess costs a retry.
    The public pages' event carries `seats_taken`, up to a minute old.
    """
    if event.requires_approval or data.get("attendance_mode") == Participant.AttendanceMode.ONLINE:
        return False
    seats_taken = getattr(event, "seats_taken", None)
    return event.capacity is None or seats_taken is None or seats_taken < event.capacity


def _register(
    lock, *, look_up, event, data, source, enforce_window, needs_proof, network
) -> Registration:
    """Register under `lock` (`lock_event` or `share_event`); see `register_participant`.

    Without `look_up`, the address is taken to be new: saving a registered one raises
    IntegrityError.
    """
    event = lock(event)
    shared = lock is share_event
    if enforce_window:
        ensure_registration_open(event)
    if data.get("attendance_mode") != Participant.AttendanceMode.ONLINE and not shared:
        # A seat owed to someone waiting goes to them, not to a newcomer. Under the shared
        # lock the newcomer takes no seat, and the worker releases lapsed holds in order.
        release_lapsed(event)
    existing = _registration_of(event, data["email"]) if look_up else None
    revived = existing if existing and existing.status == Status.CANCELLED else None
    participant = revived or Participant(event=event, reference=new_reference())
    for field, value in data.items():
        setattr(participant, field, value)
    participant.source = source
    ensure_days_and_group_fit(event, participant)
    status, waits_for = place_for_newcomer(event, participant)
    shown = (
        Status.HELD
        if is_held_on_registering(event, participant, status, needs_proof=False)
        else status
    )
    if existing and not revived:
        _send_link_unless_just_sent(existing, Kind.ALREADY_REGISTERED)
        return Registration(status=shown, participant=None, waits_for=waits_for)
    held = is_held_on_registering(event, participant, status, needs_proof=needs_proof)
    if shared and (held or (status == Status.CONFIRMED and participant.is_in_person)):
        raise _TakesSeat
    if held:
        ensure_network_may_hold(event, participant, network)
        hold_place(participant, network)
    else:
        set_status(participant, status)
    participant.save()
    queue_email(participant, Kind.HOLD if participant.status == Status.HELD else Kind.CONFIRMATION)
    refresh_pages_if_seat_taken(event, participant)
    return Registration(status=shown, participant=participant, waits_for=waits_for)


def _registration_of(event: Event, email: str) -> Participant | None:
    """The address's own registration for the event, locked until the transaction ends.

    Registrations a delegation made with the address (often its focal point's) are not the
    address's own: its owner may still register. Most addresses have none: the lock is taken
    by key, and the row read only when found.
    """
    found = Participant.objects.registered_as(event, email).filter(delegation__isnull=True)
    pk = found.select_for_update().values_list("pk", flat=True).first()
    return None if pk is None else Participant.objects.get(pk=pk)


@atomic_with_retry
def add_participant_by_organiser(
    *,
    event: Event,
    data: dict,
    source: str = Participant.Source.ADMIN,
    send_invitation: bool = False,
) -> Participant:
    """Add a person an organiser invited: a seat if one is free, otherwise the waitlist.

    Organisers choose whom they add, so the registration window and approval do not apply;
    an address already registered for the event is refused.
    """
    event = lock_event(event)
    if Participant.objects.registered_as(event, data["email"]).exists():
        raise ValidationError(
            _("%(email)s is already registered for this event.") % {"email": data["email"]},
            code="duplicate",
        )
    participant = Participant(event=event, reference=new_reference(), source=source, **data)
    ensure_days_and_group_fit(event, participant)
    needs_seat = participant.is_in_person
    seat_free = not needs_seat or has_seat(event, participant.working_group)
    set_status(participant, Status.CONFIRMED if seat_free else Status.WAITLISTED)
    participant.save()
    if send_invitation:
        queue_email(participant, Kind.INVITATION)
    refresh_pages_if_seat_taken(event, participant)
    return participant


def cancel_registration(*, participant: Participant) -> Participant:
    """Cancel a registration; a freed seat goes to the first on the waitlist who fits."""
    return end_registration(participant, Status.CANCELLED, Kind.CANCELLED)


@dataclass(frozen=True)
class _Before:
    """What a registration held before a change: its seat, group, status and address."""

    held_seat: bool
    group_id: int | None
    was_confirmed: bool
    email: str

    @classmethod
    def of(cls, participant: Participant) -> "_Before":
        return cls(
            held_seat=holds_seat(participant),
            group_id=participant.working_group_id,
            was_confirmed=participant.status == Status.CONFIRMED,
            email=participant.email,
        )

    def keeps_seat(self, participant: Participant) -> bool:
        """Whether the changed registration still sits where it sat: same seat, same group."""
        return self.held_seat and participant.working_group_id == self.group_id


@transaction.atomic
def update_registration(
    *, participant: Participant, data: dict, fields: tuple = EDITABLE_FIELDS, tell: bool = False
) -> Participant:
    """Change what a registrant (or, with more fields, an organiser) may change.

    A switch that needs a seat must find one; a seat given up goes to the waitlist. A new
    email address revokes every private link sent to the old one; the first address email can
    reach (a walk-in's) is sent the registration email. With `tell` (a person's own change,
    on their private link) a change is confirmed by email, unless another email about it
    went already; its calendar file takes off the entries the change gave up.
    """
    event, participant = lock_registration(participant)
    if not participant.is_active:
        raise ValidationError(_("This registration is no longer active."), code="inactive")
    before = _Before.of(participant)
    calendar_before = _own_calendar(participant) if tell else b""
    changed = False
    for field in fields:
        if field in data:
            changed = changed or getattr(participant, field) != data[field]
            setattr(participant, field, data[field])
    ensure_days_and_group_fit(event, participant)
    _ensure_seat_for_change(event, participant, before)
    if participant.status == Status.WAITLISTED and not participant.is_in_person:
        set_status(participant, Status.CONFIRMED)
    participant.save()
    emailed = _after_change(event, participant, before)
    if tell and changed and not emailed:
        withdrawn = withdrawn_entries(calendar_before, _own_calendar(participant))
        queue_email(participant, Kind.CHANGED, withdrawn_entries=withdrawn or None)
    return participant


def _own_calendar(participant: Participant) -> bytes:
    """The person's calendar file as their emails carry it, in their language."""
    with translation.override(participant.language):
        return calendar_of(participant)


def _ensure_seat_for_change(event: Event, participant: Participant, before: _Before) -> None:
    """Refuse a change to a seat, in the room or in another working group, that is not free."""
    reserved_for = None
    if holds_seat(participant) != before.held_seat:  # a nominee stays within the quota
        reserved_for = nominee_seat(participant)
    needs_seat = participant.status in SEAT_STATUSES and participant.is_in_person
    if not needs_seat or before.keeps_seat(participant):
        return
    shortage = seat_shortage(
        event, participant.working_group, exclude=participant, reserved_for=reserved_for
    )
    if shortage == GROUP:
        raise no_group_seat(
            participant.working_group,
            _(
                "There is no seat left in the working group “%(group)s”. "
                "Your registration has not been changed."
            ),
        )
    if shortage:
        raise ValidationError(
            _("There is no in-person seat left. Your registration has not been changed."),
            code="no_seat",
        )


def _after_change(event: Event, participant: Participant, before: _Before) -> bool:
    """Links, emails, public pages and the waitlist after a saved change; whether the person
    was sent an email about it (their new place)."""
    if participant.email.lower() != before.email.lower():
        revoke_private_links(participant)
    takes_new_seat = holds_seat(participant) and not before.held_seat
    if takes_new_seat:
        refresh_pages_if_seat_taken(event, participant)
    first_address = not is_deliverable(before.email) and is_deliverable(participant.email)
    if (
        takes_new_seat
        or (participant.status == Status.CONFIRMED and not before.was_confirmed)
        or first_address
    ):
        # A seat in the room, or a place, that is new, or the first address that email reaches
        # (a walk-in's, written in after the door): the email carries the private link, the
        # calendar and the door's QR code.
        queue_email(participant, Kind.CONFIRMATION)
        emailed = True
    else:
        emailed = False
    seat_freed = before.held_seat and not (
        before.keeps_seat(participant) and holds_seat(participant)
    )
    waits_elsewhere = (
        participant.status == Status.WAITLISTED and participant.working_group_id != before.group_id
    )
    # A seat freed in the room, or in the working group left; or a person waiting who chose
    # another group, where a seat may be free: the waitlist moves, in its order (and a person
    # it promotes is told so, once).
    if (seat_freed or waits_elsewhere) and participant in promote_from_waitlist(event=event):
        participant.refresh_from_db()
        emailed = True  # told their seat is theirs
    return emailed


def resend_confirmation(*, participant: Participant) -> None:
    """Send the registration email again, with a fresh private link."""
    queue_email(participant, Kind.CONFIRMATION)


@transaction.atomic
def send_private_link(*, event: Event, email: str) -> None:
    """Email the private link to this address if it is registered; say nothing either way.

    A focal point's address may hold several delegates: each gets their own link. A person
    gets at most one such email every `LINK_EMAIL_INTERVAL`.
    """
    registered = Participant.objects.registered_as(event, email).select_for_update()
    for participant in registered.order_by("pk"):
        if participant.is_active:
            _send_link_unless_just_sent(participant, Kind.LINK)


def _send_link_unless_just_sent(participant: Participant, kind: str) -> None:
    """Queue an email with the private link (`kind`: asked for again, or registered again)
    unless one of either was queued in the last ten minutes.

    The caller holds the registration's row lock, so two requests at once, on any app
    servers, queue one email between them.
    """
    since = timezone.now() - LINK_EMAIL_INTERVAL
    sent_with_link = (Kind.LINK, Kind.ALREADY_REGISTERED)
    recent = participant.emails.filter(kind__in=sent_with_link, created_at__gte=since)
    if not recent.exists():
        queue_email(participant, kind)
