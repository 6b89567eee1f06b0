"""What every rule shares: the event's lock, counting seats, and setting a status."""

import functools
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wpsevents.events.cache import invalidate_public_pages
from wpsevents.events.models import Event, RegistrationState

from ..emails import queue_email
from ..models import Participant, new_reference
from .inserts import insert_registration

Status = Participant.Status
ROOM, GROUP = "room", "group"  # where a seat is missing
ATTEMPTS = 5
# What the rules read of a locked event: its seats, approval and registration window. Its
# texts, in every language, are most of the row, and no rule reads them.
RULE_FIELDS = (
    "capacity",
    "requires_approval",
    "is_published",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
)


class EventBusy(Exception):
    """The event's lock could not be had in time; the visitor should simply try again."""


class RunAgain(Exception):
    """Roll the rule's transaction back and run it again, with these arguments changed."""

    def __init__(self, **changes):
        super().__init__(changes)
        self.changes = changes


def new_registration(event: Event, **fields) -> Participant:
    """A registration not saved yet, with a freshly drawn reference."""
    return Participant(event=event, reference=new_reference(), **fields)


def save_new_registration(participant: Participant, email_kind: str | None = None) -> None:
    """Save a registration made by a rule wrapped in `runs_again_on_conflict`, and queue the
    email of `email_kind` to it, if any.

    A clash with a row saved meanwhile (a reference drawn twice, or the same address sent
    twice at the same moment) runs the rule again: it then draws another reference, or finds
    the address registered.
    """
    try:
        if participant._state.adding and email_kind is not None:
            insert_registration(participant, email_kind)
            return
        participant.save()
        if email_kind is not None:
            queue_email(participant, email_kind)
    except IntegrityError as error:
        raise RunAgain() from error


def runs_again_on_conflict(rule):
    """Run a rule in a transaction of its own, and again, a few times, when it asks to.

    Retrying the whole transaction, rather than guarding each insert with a savepoint, spares
    every registration two statements for clashes that almost never happen.
    """

    @functools.wraps(rule)
    def run(*args, **kwargs):
        for _attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    return rule(*args, **kwargs)
            except RunAgain as again:
                kwargs = {**kwargs, **again.changes}
        raise ValidationError(_("This registration could not be saved."), code="conflict")

    return run


def lock_event(event: Event, *, shared: bool = False) -> Event:
    """Lock the event's row for this transaction and read what the rules need of it.

    Whatever takes or frees a seat holds the row alone. A shared lock is for registrations
    that take no limited seat (online, waiting, awaiting approval): they go side by side,
    while nothing can change who holds a seat until they commit. Raise EventBusy on a long
    wait.
    """
    try:
        if connection.vendor != "postgresql":  # development's SQLite: one writer at a time
            return Event.objects.select_for_update().only(*RULE_FIELDS).get(pk=event.pk)
        with connection.cursor() as cursor:
            cursor.execute(_lock_query(shared), [event.pk])
            row = cursor.fetchone()
    except OperationalError as error:
        raise EventBusy from error
    return _locked_event(event, row)


def lock_event_and_read_roll(
    event: Event, *, shared: bool, email: str, working_group=None
) -> tuple[Event, "Roll"]:
    """`lock_event`, then `read_roll`: on PostgreSQL, both statements in one round trip.

    They are sent together in pipeline mode. The server runs the second only once the first
    holds the lock, and reads it with a snapshot of its own, as if it had been sent apart.
    """
    if connection.vendor != "postgresql":
        event = lock_event(event, shared=shared)
        return event, read_roll(event, email, working_group)
    with connection.cursor() as lock, connection.cursor() as roll:
        try:
            with connection.wrap_database_errors, connection.connection.pipeline():
                lock.execute(_lock_query(shared), [event.pk])
                roll.execute(_roll_query(), _roll_params(event, email, working_group))
        except OperationalError as error:
            raise EventBusy from error
        locked = _locked_event(event, lock.fetchone())
        return locked, _roll_from(roll.fetchone(), working_group)


def _locked_event(event: Event, row) -> Event:
    if row is None:
        raise Event.DoesNotExist(f"No event {event.pk} to register for.")
    return Event.from_db(connection.alias, _locked_fields(), row)


@functools.cache
def _locked_fields() -> list[str]:
    # In the model's order, as `Model.from_db` expects them.
    wanted = {"id", *RULE_FIELDS}
    return [field.attname for field in Event._meta.concrete_fields if field.name in wanted]


@functools.cache
def _lock_query(shared: bool) -> str:
    # A plain statement: through the ORM, building the query cost more than running it, and
    # the ORM has no FOR SHARE.
    quote = connection.ops.quote_name
    columns = [Event._meta.get_field(name).column for name in _locked_fields()]
    return "SELECT {} FROM {} WHERE {} = %s {}".format(
        ", ".join(map(quote, columns)),
        quote(Event._meta.db_table),
        quote("id"),
        "FOR SHARE" if shared else "FOR UPDATE",
    )


def lock_registration(participant: Participant) -> tuple[Event, Participant]:
    """Lock a registration's event alone, then read the registration again under that lock."""
    event = lock_event(participant.event)
    return event, Participant.objects.get(pk=participant.pk)


def may_take_limited_seat(event: Event, data: dict) -> bool:
    """Whether a newcomer may take one of a limited number of seats, as far as `event` says.

    `event` may come from a cache: a wrong guess costs a second try, never a wrong status.
    """
    if event.requires_approval or data.get("attendance_mode") == Participant.AttendanceMode.ONLINE:
        return False
    group = data.get("working_group")
    if event.capacity is None:
        return group is not None and group.capacity is not None
    taken = getattr(event, "seats_taken", None)
    return taken is None or taken < event.capacity


def takes_limited_seat(event: Event, participant: Participant) -> bool:
    """Whether this registration holds one of a limited number of seats (room or group)."""
    if not holds_seat(participant):
        return False
    group = participant.working_group
    return event.capacity is not None or (group is not None and group.capacity is not None)


def ensure_registration_open(event: Event) -> None:
    """Refuse, with a coded error, a registration outside the event's window."""
    state = event.registration_state()
    if not event.is_published:
        raise ValidationError(_("This event is not open for registration."), code="unpublished")
    if state == RegistrationState.HELD:
        raise ValidationError(_("This event has already taken place."), code="event_held")
    if state == RegistrationState.NOT_YET_OPEN:
        raise ValidationError(_("Registration has not opened yet."), code="not_yet_open")
    if state == RegistrationState.CLOSED:
        raise ValidationError(_("Registration is closed."), code="registration_closed")


@dataclass(frozen=True)
class Roll:
    """What the event's list says when a newcomer registers, read under the event's lock."""

    registration_pk: int | None  # the address's earlier registration for the event, if any
    seats_taken: int
    group_seats_taken: int | None  # counted only when the chosen working group has a capacity


def read_roll(event: Event, email: str, working_group=None) -> Roll:
    """Find this address's registration and count the seats taken, in one statement.

    Call it holding the event's lock (`lock_event`), so that the counts hold until the
    transaction ends. It is the one read every registration makes at the busiest moment:
    one plain statement costs an eighth of the CPU of the ORM queries it replaces.
    """
    with connection.cursor() as cursor:
        cursor.execute(_roll_query(), _roll_params(event, email, working_group))
        return _roll_from(cursor.fetchone(), working_group)


def _counts_group_seats(working_group) -> bool:
    return working_group is not None and working_group.capacity is not None


def _roll_params(event: Event, email: str, working_group) -> list:
    group = working_group.pk if _counts_group_seats(working_group) else None
    seats = [event.pk, Status.CONFIRMED, Participant.AttendanceMode.IN_PERSON]
    return [event.pk, email, *seats, *seats, group]


def _roll_from(row, working_group) -> Roll:
    registration_pk, taken, group_taken = row
    return Roll(registration_pk, taken, group_taken if _counts_group_seats(working_group) else None)


@functools.cache
def _roll_query() -> str:
    quote = connection.ops.quote_name
    table = quote(Participant._meta.db_table)

    def column(name: str) -> str:
        return quote(Participant._meta.get_field(name).column)

    # The seats `in_person_confirmed` counts through the ORM, counted here the same way.
    seats = (
        f"SELECT COUNT(*) FROM {table} WHERE {column('event')} = %s"
        f" AND {column('status')} = %s AND {column('attendance_mode')} = %s"
    )
    # lower(email) is what the unique constraint holds: at most one row, found in its index.
    registration = (
        f"SELECT {column('id')} FROM {table}"
        f" WHERE {column('event')} = %s AND LOWER({column('email')}) = LOWER(%s)"
    )
    return f"SELECT ({registration}), ({seats}), ({seats} AND {column('working_group')} = %s)"


def status_for_newcomer(event: Event, data: dict, roll: Roll) -> str:
    """The status a new registration gets now: pending, confirmed or waitlisted."""
    if event.requires_approval:
        return Status.PENDING
    if data.get("attendance_mode") == Participant.AttendanceMode.ONLINE:
        return Status.CONFIRMED
    return Status.WAITLISTED if shortage_in_roll(event, data, roll) else Status.CONFIRMED


def in_person_confirmed(event: Event):
    """The registrations that hold one of the event's seats."""
    return Participant.objects.filter(
        event=event, status=Status.CONFIRMED, attendance_mode=Participant.AttendanceMode.IN_PERSON
    )


def seats_taken(event: Event) -> int:
    """How many of the event's in-person seats are taken."""
    return in_person_confirmed(event).count()


def has_seat(event: Event, working_group=None, exclude: Participant | None = None) -> bool:
    """Whether a seat is free in the room and, if one is chosen, in the working group."""
    return seat_shortage(event, working_group, exclude) is None


def seat_shortage(event: Event, working_group=None, exclude: Participant | None = None):
    """Where a seat is missing: `ROOM`, `GROUP` (the working group's), or None if one is free."""
    confirmed = in_person_confirmed(event)
    if exclude is not None:
        confirmed = confirmed.exclude(pk=exclude.pk)
    if event.capacity is not None and confirmed.count() >= event.capacity:
        return ROOM
    group_capacity = working_group.capacity if working_group is not None else None
    in_group = confirmed.filter(working_group=working_group)
    if group_capacity is not None and in_group.count() >= group_capacity:
        return GROUP
    return None


def shortage_in_roll(event: Event, data: dict, roll: Roll):
    """Like `seat_shortage`, from the roll a registration read: why a newcomer waits."""
    if event.capacity is not None and roll.seats_taken >= event.capacity:
        return ROOM
    group = data.get("working_group")
    if roll.group_seats_taken is not None and roll.group_seats_taken >= group.capacity:
        return GROUP
    return None


def holds_seat(participant: Participant) -> bool:
    """Whether this registration currently uses a seat."""
    return participant.status == Status.CONFIRMED and participant.is_in_person


def set_status(participant: Participant, status: str) -> None:
    """Set a status and the time it changed (not saved)."""
    now = timezone.now()
    participant.status = status
    participant.status_changed_at = now
    if status == Status.CONFIRMED:
        participant.confirmed_at = now
    elif status == Status.WAITLISTED:
        participant.waitlisted_at = now
    elif status == Status.CANCELLED:
        participant.cancelled_at = now


def refresh_pages_if_seat_taken(
    event: Event, participant: Participant, *, taken_now: int | None = None
) -> None:
    """The public call to action turns to "join the waitlist" when the last seat goes.

    Only then: registrations that wait or attend online change nothing a visitor sees, and
    dropping the cached pages for each of them would slow everyone down at the busiest time.
    A caller that counted the seats under the lock passes the count as `taken_now`.
    """
    if not holds_seat(participant) or event.capacity is None:
        return
    if (seats_taken(event) if taken_now is None else taken_now) == event.capacity:
        invalidate_public_pages()


def refresh_pages_if_seat_freed(event: Event) -> None:
    """The public call to action turns back to "register" when a seat comes free."""
    if event.capacity is not None and seats_taken(event) == event.capacity - 1:
        invalidate_public_pages()
