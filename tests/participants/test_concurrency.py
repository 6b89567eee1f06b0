"""Racing registrations on PostgreSQL, over real concurrent connections, never overbook.

A rule that takes or frees a seat holds the event's row alone while it counts and writes;
registrations that take no seat hold it shared, side by side.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from tests.factories import EventFactory, ParticipantFactory, registration_data
from wpsevents.events.models import Event
from wpsevents.locks import read_row_shared
from wpsevents.participants import rules
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; CI runs on it"
)


BUSY_RETRIES = 5


def _register_as_a_visitor(event, data):
    """Register, pressing the button again when told the system is busy, as the page asks.

    Fifty racers queue on one row lock; on a loaded machine the last of them can wait longer
    than the lock timeout, which is the visitor's "please try again", not an error.
    """
    for _attempt in range(BUSY_RETRIES):
        try:
            return rules.register_participant(event=event, data=data)
        except rules.EventBusy:
            continue
    return rules.register_participant(event=event, data=data)


def _race(event, count, mode=lambda number: "in_person"):
    barrier = threading.Barrier(count)
    errors = []

    def register(number):
        try:
            barrier.wait()
            data = registration_data(
                email=f"racer{number}@example.org", attendance_mode=mode(number)
            )
            _register_as_a_visitor(event, data)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_register_participant_fifty_racing_for_ten_seats_confirms_exactly_ten():
    event = EventFactory(capacity=20)
    ParticipantFactory.create_batch(10, event=event)
    errors = _race(event, 50)
    assert errors == []
    racers = Participant.objects.filter(email__startswith="racer")
    assert racers.filter(status=Participant.Status.CONFIRMED).count() == 10
    assert racers.filter(status=Participant.Status.WAITLISTED).count() == 40
    assert Participant.objects.filter(status=Participant.Status.CONFIRMED).count() == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racers_told_by_a_stale_count_that_the_room_is_full_still_fill_it_exactly():
    event = EventFactory(capacity=20)
    ParticipantFactory.create_batch(10, event=event)
    stale = Event.objects.get(pk=event.pk)
    stale.seats_taken = 20  # as cached before ten seats came free: everyone starts shared
    errors = _race(stale, 40, mode=lambda n: "online" if n % 4 == 0 else "in_person")
    assert errors == []
    racers = Participant.objects.filter(email__startswith="racer")
    in_person = racers.filter(attendance_mode="in_person")
    assert in_person.filter(status=Participant.Status.CONFIRMED).count() == 10
    assert in_person.filter(status=Participant.Status.WAITLISTED).count() == 20
    assert racers.filter(attendance_mode="online", status="confirmed").count() == 10


def _all_at_once(count, event, data):
    """`count` registrations of the same data, each in its own connection, let go together."""
    barrier = threading.Barrier(count)

    def register():
        barrier.wait()
        rules.register_participant(event=event, data=data)
        connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_register_participant_same_email_racing_registers_once():
    event = EventFactory(capacity=20)
    _all_at_once(10, event, registration_data(email="same@x.org"))
    assert Participant.objects.filter(email="same@x.org").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cancelled_registration_racing_back_is_revived_once():
    event = EventFactory(capacity=20)
    data = registration_data(email="back@x.org", attendance_mode="online")
    first = rules.register_participant(event=event, data=data).participant
    rules.cancel_registration(participant=first)
    _all_at_once(8, event, data)
    registration = Participant.objects.get(email="back@x.org")
    assert registration.pk == first.pk
    assert registration.status == Participant.Status.CONFIRMED
    kinds = list(registration.emails.values_list("kind", flat=True))
    # Registered, cancelled, back once; the seven others are told, once, that they already are.
    expected = ["confirmation", "cancelled", "confirmation", "already_registered"]
    assert sorted(kinds) == sorted(expected)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_link_requests_racing_from_many_places_send_one_email():
    event = EventFactory(capacity=20)
    participant = ParticipantFactory(event=event, email="asks@x.org")
    barrier = threading.Barrier(8)

    def ask():
        barrier.wait()
        rules.send_private_link(event=event, email="asks@x.org")
        connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert participant.emails.filter(kind="link").count() == 1


def _hold_shared_lock(event, taken, release):
    """In a connection of its own, hold the event's shared lock until `release` is set."""
    with transaction.atomic():
        read_row_shared(Event, event.pk)
        taken.set()
        release.wait(10)
    connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_registrations_taking_no_seat_go_side_by_side_while_freeing_a_seat_waits():
    event = EventFactory(capacity=1)
    seated = ParticipantFactory(event=event)
    full = Event.objects.with_seats_taken().get(pk=event.pk)
    taken, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_shared_lock, args=(event, taken, release))
    holder.start()
    try:
        assert taken.wait(10)
        online = registration_data(email="online@example.org", attendance_mode="online")
        waiting = registration_data(email="waiting@example.org", attendance_mode="in_person")
        assert rules.register_participant(event=full, data=online).status == "confirmed"
        assert rules.register_participant(event=full, data=waiting).status == "waitlisted"
        with pytest.raises(rules.EventBusy), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            rules.cancel_registration(participant=seated)
    finally:
        release.set()
        holder.join()
    rules.cancel_registration(participant=seated)
    promoted = Participant.objects.get(email="waiting@example.org")
    assert promoted.status == Participant.Status.CONFIRMED
