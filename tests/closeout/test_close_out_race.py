"""Two close-outs at the same moment, on real concurrent connections, write to each person once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory
from wpsevents.participants import rules
from wpsevents.participants.models import Certificate, OutgoingEmail

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; CI runs on it"
)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_close_outs_at_once_write_to_each_person_once():
    starts = timezone.now() - timedelta(days=3)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=8))
    for person in ParticipantFactory.create_batch(6, event=event)[:4]:
        rules.check_in(participant=person, day=1, at_the_door=False)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def close_out():
        try:
            barrier.wait()
            results.append(rules.close_out_event(event=event))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=close_out) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(result.to_send for result in results) == [0, 6]
    assert sorted(result.already_sent for result in results) == [0, 6]
    assert OutgoingEmail.objects.filter(kind="close_out").count() == 6
    assert Certificate.objects.count() == 4
