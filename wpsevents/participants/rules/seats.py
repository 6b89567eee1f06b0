"""Counting seats under the event's lock, and the status a registration gets from the count."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.cache import invalidate_public_pages
from wpsevents.events.models import Event, RegistrationState
from wpsevents.khmer import local_date

from ..models import SEAT_STATUSES, Participant, days_attended, event_seat_counts

Status = Participant.Status


def seats_taken(event: Event) -> int:
    """How many of the event's in-person seats are taken, or kept for delegations' nominees.

    One query, however many delegations: the waitlist asks it once per person it promotes.
    """
    taken = event_seat_counts()["seats_taken"]
    return Event.objects.filter(pk=event.pk).values_list(taken, flat=True).get()


def seats_held(event: Event) -> int:
    """How many of the event's in-person seats people hold (confirmed or held)."""
    return Participant.objects.filter(event=event).holding_seats().count()


def has_seat(event: Event, working_group=None, exclude: Participant | None = None) -> bool:
    """Whether a seat is free in the room and, if one is chosen, in the working group."""
    return Participant.objects.seat_shortage(event, working_group, exclude) is None


def holds_seat(participant: Participant) -> bool:
    """Whether this registration currently uses a seat: confirmed or held, in person."""
    return participant.status in SEAT_STATUSES and participant.is_in_person


def group_day_refusal(event: Event, working_group, days: str) -> ValidationError | None:
    """Why a person coming on `days` cannot have `working_group`, or None if they can.

    A group meets on one day: its seat would be held by someone not there that day, and their
    calendar would leave it out.
    """
    if working_group is None:
        return None
    meets_on = working_group.local_day
    if any(day == meets_on for _number, day in days_attended(event, days)):
        return None
    return ValidationError(
        _(
            "The working group “%(group)s” meets on %(date)s, which is not among the days "
            "chosen. Choose that day too, or another group."
        ),
        code="group_on_another_day",
        params={"group": working_group.title, "date": local_date(meets_on)},
    )


def ensure_days_and_group_fit(event: Event, participant: Participant) -> None:
    """Refuse days the event does not have (day 2 of a one-day event), and an in-person
    registration whose working group meets on a day it does not come."""
    if not days_attended(event, participant.days):
        raise ValidationError(_("The event has no such day."), code="no_such_day")
    if participant.is_in_person:
        refusal = group_day_refusal(event, participant.working_group, participant.days)
        if refusal is not None:
            raise refusal


def place_for_newcomer(event: Event, participant: Participant) -> tuple[str, str | None]:
    """The status a new registration gets now (pending, confirmed or waitlisted), and, for a
    waitlisted one, what it waits for: a seat in the room (`ROOM`) or in its group (`GROUP`).
    """
    if event.requires_approval:
        return Status.PENDING, None
    if not participant.is_in_person:
        return Status.CONFIRMED, None
    shortage = seat_shortage(event, participant.working_group)
    return (Status.WAITLISTED, shortage) if shortage else (Status.CONFIRMED, None)


def seat_shortage(
    event: Event, working_group=None, exclude: Participant | None = None, *, reserved_for=None
):
    """Where a seat is missing (`ROOM`, `GROUP`) or None; ask it holding the event's lock.

    `reserved_for` is a delegation that keeps a seat for the person asking.
    """
    return Participant.objects.seat_shortage(
        event, working_group, exclude, reserved_for=reserved_for
    )


def ensure_registration_open(event: Event) -> None:
    """Refuse, with a coded error, a registration outside the event's window."""
    state = event.registration_state()
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."), code="unpublished")
    if state == RegistrationState.HELD:
        raise ValidationError(_("This event has already taken place."), code="event_held")
    if state == RegistrationState.INVITATION_ONLY:
        raise ValidationError(
            _(
                "This event is by invitation only. Invited people register through the link "
                "in their invitation email."
            ),
            code="invitation_only",
        )
    if state == RegistrationState.NOT_YET_OPEN:
        raise ValidationError(_("Registration has not opened yet."), code="not_yet_open")
    if state == RegistrationState.CLOSED:
        raise ValidationError(_("Registration is closed."), code="registration_closed")


def set_status(participant: Participant, status: str) -> None:
    """Set a status and the time it changed (not saved).

    The network a held registration came from is kept only while it is held.
    """
    now = timezone.now()
    participant.status = status
    participant.status_changed_at = now
    if status != Status.HELD:
        participant.hold_network = ""
    if status == Status.CONFIRMED:
        participant.confirmed_at = now
    elif status == Status.WAITLISTED:
        participant.waitlisted_at = now
    elif status == Status.CANCELLED:
        participant.cancelled_at = now


def refresh_pages_if_seat_taken(event: Event, participant: Participant) -> None:
    """The public call to action turns to "join the waitlist" when the last seat goes.

    Only then: registrations that wait or attend online change nothing a visitor sees, and
    dropping the cached pages for each of them would slow everyone down at the busiest time.
    """
    if not holds_seat(participant) or event.capacity is None:
        return
    if seats_taken(event) == event.capacity:
        invalidate_public_pages()


def refresh_pages_if_seat_freed(event: Event) -> None:
    """The public call to action turns back to "register" when a seat comes free."""
    if event.capacity is not None and seats_taken(event) == event.capacity - 1:
        invalidate_public_pages()


def no_group_seat(group, message) -> ValidationError:
    """The error of a working group with no seat left, naming the group."""
    return ValidationError(message, code="no_group_seat", params={"group": group.title})
