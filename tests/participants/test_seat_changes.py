"""Every way seats are freed or added moves the waitlist, in the order people joined it."""

import threading

import pytest
from django.db import connection, connections, transaction

from tests.factories import EventFactory, ParticipantFactory, SessionFactory, registration_data
from wpsevents.events import seat_changes
from wpsevents.events.models import Session
from wpsevents.events.seat_changes import Overbooked
from wpsevents.participants import rules
from wpsevents.participants.models import OutgoingEmail, Participant

Status = Participant.Status
Kind = OutgoingEmail.Kind


def register(event, email, **overrides):
    data = registration_data(email=email, **overrides)
    return rules.register_participant(event=event, data=data).participant


def waiting_line(event, count, prefix="waiting", **overrides):
    return [register(event, f"{prefix}{n}@example.org", **overrides) for n in range(count)]


def kinds(participant) -> list[str]:
    return list(participant.emails.order_by("pk").values_list("kind", flat=True))


def statuses(people) -> list[str]:
    return [Participant.objects.get(pk=person.pk).status for person in people]


@transaction.atomic
def change_event(event, **changes):
    """Change an event as the admin does: save, then the seat rule in the same transaction."""
    for name, value in changes.items():
        setattr(event, name, value)
    event.save()
    return seat_changes.seats_changed(event=event)


def working_group(event, capacity):
    return SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=capacity)


@pytest.mark.django_db
def test_raising_the_seats_confirms_those_waiting_in_order_and_emails_each_once():
    event = EventFactory(capacity=2)
    waiting_line(event, 2, prefix="seated")
    first, second, third = waiting_line(event, 3)
    change = change_event(event, capacity=4)
    assert statuses([first, second, third]) == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]
    assert kinds(first) == kinds(second) == [Kind.CONFIRMATION, Kind.PROMOTED]
    assert kinds(third) == [Kind.CONFIRMATION]
    assert (change.promoted, change.still_waiting, change.overbooked) == (2, 1, ())


@pytest.mark.django_db
def test_raising_the_seats_from_two_to_forty_confirms_the_one_waiting():
    event = EventFactory(capacity=2)
    waiting_line(event, 2, prefix="seated")
    [waiting] = waiting_line(event, 1)
    change_event(event, capacity=40)
    assert statuses([waiting]) == [Status.CONFIRMED]
    assert kinds(waiting)[-1] == Kind.PROMOTED


@pytest.mark.django_db
def test_removing_the_capacity_confirms_everyone_waiting():
    event = EventFactory(capacity=1)
    waiting_line(event, 1, prefix="seated")
    people = waiting_line(event, 3)
    change = change_event(event, capacity=None)
    assert statuses(people) == [Status.CONFIRMED] * 3
    assert change.promoted == 3 and change.still_waiting == 0


@pytest.mark.django_db
def test_raising_the_seats_skips_those_whose_working_group_is_still_full():
    event = EventFactory(capacity=2)
    group = working_group(event, capacity=1)
    register(event, "in-group@example.org", working_group=group)
    register(event, "seated@example.org")
    stuck = register(event, "stuck@example.org", working_group=group)
    after = register(event, "after@example.org")
    change_event(event, capacity=3)
    assert statuses([stuck, after]) == [Status.WAITLISTED, Status.CONFIRMED]


@pytest.mark.django_db
def test_raising_a_working_groups_seats_confirms_those_waiting_for_it():
    event = EventFactory(capacity=10)
    group = working_group(event, capacity=1)
    register(event, "in-group@example.org", working_group=group)
    first, second = waiting_line(event, 2, working_group=group)
    with transaction.atomic():
        group.capacity = 2
        group.save()
        change = seat_changes.seats_changed(event=event)
    assert statuses([first, second]) == [Status.CONFIRMED, Status.WAITLISTED]
    assert change.promoted == 1 and change.still_waiting == 1


@pytest.mark.django_db
def test_lowering_the_seats_below_those_confirmed_unconfirms_nobody_and_says_so():
    event = EventFactory(capacity=5)
    group = working_group(event, capacity=3)
    seated = waiting_line(event, 3, prefix="seated", working_group=group)
    with transaction.atomic():
        group.capacity = 1
        group.save()
        change_event(event, capacity=2)
        change = seat_changes.seats_changed(event=event)
    assert statuses(seated) == [Status.CONFIRMED] * 3
    assert change.overbooked == (
        Overbooked(confirmed=3, seats=2),
        Overbooked(confirmed=3, seats=1, group=group.title),
    )
    assert not OutgoingEmail.objects.exclude(kind=Kind.CONFIRMATION).exists()
    newcomer = register(event, "newcomer@example.org")
    assert newcomer.status == Status.WAITLISTED


@pytest.mark.django_db
def test_turning_approval_off_approves_those_pending_after_those_waiting():
    event = EventFactory(capacity=3, requires_approval=True)
    [seated, waiting] = waiting_line(event, 2, prefix="approved")
    rules.approve_participant(participant=seated)
    change_event(event, capacity=1)
    rules.approve_participant(participant=waiting)
    pending = waiting_line(event, 3, prefix="pending")
    change = change_event(event, requires_approval=False, capacity=3)
    assert statuses([waiting, *pending]) == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    assert kinds(waiting)[-1] == Kind.PROMOTED
    assert [kinds(person)[-1] for person in pending] == [Kind.APPROVED] * 3
    assert all(len(kinds(person)) == 2 for person in pending)  # registered, then approved
    assert (change.approved, change.promoted, change.still_waiting) == (3, 1, 2)
    order = Participant.objects.filter(status=Status.WAITLISTED).order_by("waitlisted_at")
    assert list(order) == pending[1:]


@pytest.mark.django_db
def test_turning_approval_on_changes_no_registration():
    event = EventFactory(capacity=1)
    seated, waiting = waiting_line(event, 2)
    change = change_event(event, requires_approval=True)
    assert statuses([seated, waiting]) == [Status.CONFIRMED, Status.WAITLISTED]
    assert (change.approved, change.promoted) == (0, 0)


@pytest.mark.django_db
def test_deleting_a_working_group_moves_its_members_to_no_group_and_promotes():
    event = EventFactory(capacity=3)
    group = working_group(event, capacity=1)
    member = register(event, "member@example.org", working_group=group)
    stuck = register(event, "stuck@example.org", working_group=group)
    with transaction.atomic():
        change = seat_changes.working_group_removed(session=group)
        group.delete()
    member.refresh_from_db()
    stuck.refresh_from_db()
    assert (member.working_group, member.status) == (None, Status.CONFIRMED)
    assert (stuck.working_group, stuck.status) == (None, Status.CONFIRMED)
    assert kinds(stuck) == [Kind.CONFIRMATION, Kind.PROMOTED]
    assert change.promoted == 1
    assert member.history.first().working_group_id is None  # the move is in the history


@pytest.mark.django_db
def test_deleting_a_registration_that_held_a_seat_promotes_the_first_in_line():
    event = EventFactory(capacity=1)
    seated = register(event, "seated@example.org")
    first, second = waiting_line(event, 2)
    promoted = rules.delete_registration(participant=seated)
    assert promoted == [first]
    assert not Participant.objects.filter(pk=seated.pk).exists()
    assert statuses([first, second]) == [Status.CONFIRMED, Status.WAITLISTED]
    assert rules.delete_registration(participant=seated) == []  # deleted twice: nothing more


@pytest.mark.django_db
def test_deleting_a_waiting_registration_keeps_the_others_turn():
    event = EventFactory(capacity=1)
    register(event, "seated@example.org")
    first, second, third = waiting_line(event, 3)
    assert rules.delete_registration(participant=second) == []
    assert list(Participant.objects.filter(status=Status.WAITLISTED).order_by("waitlisted_at")) == [
        first,
        third,
    ]


@pytest.mark.django_db
def test_reinstate_joins_the_end_of_the_waitlist_while_anyone_waits():
    event = EventFactory(capacity=2)
    group = working_group(event, capacity=1)
    register(event, "in-group@example.org", working_group=group)
    cancelled = rules.cancel_registration(participant=register(event, "back@example.org"))
    register(event, "seated@example.org")
    waiting = register(event, "waiting@example.org")
    reinstated = rules.reinstate_participant(participant=cancelled)
    assert reinstated.status == Status.WAITLISTED
    assert reinstated.waitlisted_at > Participant.objects.get(pk=waiting.pk).waitlisted_at
    assert kinds(reinstated) == [Kind.CONFIRMATION, Kind.CANCELLED, Kind.CONFIRMATION]
    rules.cancel_registration(participant=Participant.objects.get(email="seated@example.org"))
    assert statuses([waiting, reinstated]) == [Status.CONFIRMED, Status.WAITLISTED]


@pytest.mark.django_db
def test_reinstate_takes_a_seat_that_those_waiting_cannot_take():
    event = EventFactory(capacity=3)
    group = working_group(event, capacity=1)
    register(event, "in-group@example.org", working_group=group)
    cancelled = rules.cancel_registration(participant=register(event, "back@example.org"))
    stuck = register(event, "stuck@example.org", working_group=group)
    reinstated = rules.reinstate_participant(participant=cancelled)
    assert statuses([stuck, reinstated]) == [Status.WAITLISTED, Status.CONFIRMED]
    assert kinds(reinstated)[-1] == Kind.CONFIRMATION  # told once, as on registering again


@pytest.mark.django_db
def test_a_person_waiting_who_leaves_a_full_group_takes_a_free_seat():
    event = EventFactory(capacity=3)
    group = working_group(event, capacity=1)
    register(event, "in-group@example.org", working_group=group)
    stuck = register(event, "stuck@example.org", working_group=group)
    updated = rules.update_registration(participant=stuck, data={"working_group": None})
    assert updated.status == Status.CONFIRMED
    assert kinds(stuck) == [Kind.CONFIRMATION, Kind.PROMOTED]


@pytest.mark.django_db
def test_moving_out_of_a_full_working_group_gives_its_seat_to_the_first_waiting_for_it():
    event = EventFactory(capacity=10)
    full, other = working_group(event, capacity=1), working_group(event, capacity=5)
    mover = register(event, "mover@example.org", working_group=full)
    first, second = waiting_line(event, 2, working_group=full)
    with rules.noting_promotions() as promoted:
        rules.update_registration(participant=mover, data={"working_group": other})
    assert promoted == [first]
    assert statuses([first, second]) == [Status.CONFIRMED, Status.WAITLISTED]


@pytest.mark.django_db
def test_seat_change_takes_a_handful_of_queries_however_long_the_waitlist(
    django_assert_max_num_queries,
):
    event = EventFactory(capacity=1)
    ParticipantFactory(event=event)
    for number in range(30):
        ParticipantFactory(event=event, status=Status.WAITLISTED, email=f"w{number}@example.org")
    with django_assert_max_num_queries(12):
        change_event(event, capacity=1)  # the room is full: nobody is looked at one by one


pytestmark_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; CI runs on it"
)


@pytestmark_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_seats_raised_while_people_register_never_overbook_nor_leave_a_seat_free():
    event = EventFactory(capacity=2)
    waiting_line(event, 6, prefix="early")
    barrier = threading.Barrier(9)
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    def raise_seats():
        change_event(event, capacity=6)

    works = [raise_seats] + [
        (lambda n=n: register(event, f"racer{n}@example.org")) for n in range(8)
    ]
    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    holding = Participant.objects.filter(event=event).holding_seats()
    assert holding.count() == 6
    assert Participant.objects.filter(event=event, status=Status.WAITLISTED).count() == 8
    early = Participant.objects.filter(email__startswith="early", status=Status.CONFIRMED)
    assert early.count() == 6  # the four waiting since before were promoted first
    assert OutgoingEmail.objects.filter(kind=Kind.PROMOTED).count() == 4
