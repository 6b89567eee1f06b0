"""Racing registrations on PostgreSQL, over real concurrent connections, never overbook."""

import threading

import pytest
from django.db import connection, connections

from tests.factories import EventFactory, ParticipantFactory, registration_data
from wpsevents.participants import services
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; CI runs on it"
)


def _race(event, count):
    barrier = threading.Barrier(count)
    errors = []

    def register(number):
        try:
            barrier.wait()
            services.register_participant(
                event=event, data=registration_data(email=f"racer{number}@example.org")
            )
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
def test_register_participant_same_email_racing_registers_once():
    event = EventFactory(capacity=20)
    barrier = threading.Barrier(10)

    def register():
        barrier.wait()
        services.register_participant(event=event, data=registration_data(email="same@x.org"))
        connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Participant.objects.filter(email="same@x.org").count() == 1
