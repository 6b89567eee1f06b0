"""What a door phone sends when back online: check-ins and walk-ins, recorded once each."""

import json
import threading
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import EventFactory, ParticipantFactory
from tests.signin import sign_in_fully
from wpsevents.participants import rules
from wpsevents.participants.admin.messaging import send_message
from wpsevents.participants.models import CheckIn, OutgoingEmail, Participant

SYNC = reverse("checkin:sync")
Status = Participant.Status


def _item(person, **changes) -> dict:
    item = {
        "id": str(uuid.uuid4()),
        "reference": person.reference,
        "day": 1,
        "at": timezone.now().isoformat(),
    }
    return {**item, **changes}


def _walk_in(**changes) -> dict:
    item = {
        "id": str(uuid.uuid4()),
        "given_name": "Sreymom",
        "family_name": "Keo",
        "organisation": "Provincial Department of Women's Affairs",
        "gender": "woman",
        "day": 1,
        "at": timezone.now().isoformat(),
    }
    return {**item, **changes}


def _send(client, event, checkins=(), walk_ins=(), **extra):
    body = {"event": event.slug, "checkins": list(checkins), "walk_ins": list(walk_ins)}
    return client.post(SYNC, json.dumps(body), content_type="application/json", **extra)


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_sync_records_a_check_in_made_offline_at_the_time_it_was_made(event, door_client):
    person = ParticipantFactory(event=event)
    made = timezone.now() - timedelta(minutes=20)
    item = _item(person, at=made.isoformat())
    (result,) = _results(_send(door_client, event, [item]))
    assert result["outcome"] == "recorded"
    assert result["by"] == "doorkeeper"
    checkin = CheckIn.objects.get(participant=person)
    assert checkin.checked_in_at == made
    assert str(checkin.client_id) == item["id"]
    assert checkin.checked_in_by.username == "doorkeeper"


def test_sync_sent_twice_records_one_check_in_and_says_the_same(event, door_client):
    person = ParticipantFactory(event=event)
    item = _item(person)
    first = _results(_send(door_client, event, [item]))
    again = _results(_send(door_client, event, [item]))
    assert again == first
    assert first[0]["outcome"] == "recorded"
    assert CheckIn.objects.filter(participant=person).count() == 1


def test_two_phones_checking_in_one_person_record_one_check_in_and_learn_who_was_first(
    event, door_client, db
):
    person = ParticipantFactory(event=event)
    other = User.objects.create_user("dara", "dara@example.org", "pw-dara-1", is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="add_checkin"))
    other_phone = Client()
    sign_in_fully(other_phone, other)
    earlier = timezone.now() - timedelta(minutes=5)

    (first,) = _results(_send(door_client, event, [_item(person, at=earlier.isoformat())]))
    (second,) = _results(_send(other_phone, event, [_item(person)]))

    assert CheckIn.objects.filter(participant=person).count() == 1
    assert first["outcome"] == "recorded"
    assert second["outcome"] == "already"
    assert second["by"] == "doorkeeper"
    assert second["at"] == first["at"] == earlier.isoformat()
    assert "first. Nothing changed." in second["message"]


def test_sync_shows_a_registration_cancelled_meanwhile_as_a_conflict(event, door_client):
    person = ParticipantFactory(event=event)
    rules.cancel_registration(participant=person)
    (result,) = _results(_send(door_client, event, [_item(person)]))
    assert result["outcome"] == "conflict"
    assert result["message"] == (
        "This registration was cancelled: the person cannot be checked in."
    )
    assert not CheckIn.objects.exists()


def test_sync_conflict_is_said_in_khmer_to_khmer_staff(event, door_client):
    person = ParticipantFactory(event=event, status=Status.CANCELLED)
    response = _send(door_client, event, [_item(person)], HTTP_ACCEPT_LANGUAGE="km")
    (result,) = _results(response)
    assert result["outcome"] == "conflict"
    assert "ចុះវត្តមាន" in result["message"]


def test_sync_of_an_unknown_reference_is_a_conflict(event, door_client):
    person = ParticipantFactory.build(reference="WPS-ZZZZZZ")
    (result,) = _results(_send(door_client, event, [_item(person)]))
    assert result == {
        "id": result["id"],
        "outcome": "conflict",
        "message": "No such registration for this event.",
    }


def test_sync_never_dates_a_check_in_after_now(event, door_client):
    person = ParticipantFactory(event=event)
    later = timezone.now() + timedelta(hours=3)
    _results(_send(door_client, event, [_item(person, at=later.isoformat())]))
    assert CheckIn.objects.get().checked_in_at <= timezone.now()


def test_walk_in_gets_a_free_seat_and_is_checked_in(event, door_client):
    item = _walk_in()
    (result,) = _results(_send(door_client, event, walk_ins=[item]))
    assert result["outcome"] == "recorded"
    walk_in = Participant.objects.get(reference=result["reference"])
    assert walk_in.full_name == "Sreymom Keo"
    assert walk_in.status == Status.CONFIRMED
    assert walk_in.source == Participant.Source.DOOR
    assert walk_in.email.endswith("@walk-in.invalid")
    assert walk_in.checkins.get().day == 1
    again = _results(_send(door_client, event, walk_ins=[item]))
    assert again == [result]
    assert Participant.objects.count() == 1


def test_walk_in_when_the_room_is_full_joins_the_waitlist_and_is_not_checked_in(event, door_client):
    ParticipantFactory.create_batch(event.capacity, event=event)
    (result,) = _results(_send(door_client, event, walk_ins=[_walk_in()]))
    assert result["outcome"] == "conflict"
    assert "added to the waitlist, not checked in" in result["message"]
    walk_in = Participant.objects.get(reference=result["reference"])
    assert walk_in.status == Status.WAITLISTED
    assert not walk_in.checkins.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "The check-ins sent could not be read."),
        (b"[]", "The check-ins sent could not be read."),
        (b'{"event": "nowhere"}', "Check-in is not open for this event today."),
        (b'{"event": "%s", "checkins": {}}', "The check-ins sent could not be read."),
        (
            b'{"event": "%s", "checkins": [{"id": "x", "reference": "WPS-A", "day": 1}]}',
            "A check-in sent is not valid (id: Enter a valid UUID.)",
        ),
        (
            b'{"event": "%s", "checkins": [{"id": "%s", "reference": "WPS-A", "day": 3, '
            b'"at": "2026-12-06T09:00:00Z"}]}',
            "A check-in sent is not valid (day: Select a valid choice. 3 is not one of the "
            "available choices.)",
        ),
        (
            b'{"event": "%s", "walk_ins": [{"id": "%s", "given_name": "\\u202eX", "day": 1, '
            b'"organisation": "O", "gender": "woman", "at": "2026-12-06T09:00:00Z"}]}',
            "A check-in sent is not valid (given_name: Please remove the invisible or control "
            "characters from this field.)",
        ),
    ],
)
def test_sync_refuses_what_the_app_never_sends_with_a_400_and_stores_nothing(
    event, door_client, body, message
):
    person = ParticipantFactory(event=event)
    valid = _item(person)
    body = body.replace(b"%s", event.slug.encode(), 1).replace(b"%s", valid["id"].encode())
    response = door_client.post(SYNC, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert not CheckIn.objects.exists()
    assert Participant.objects.count() == 1


def test_sync_refuses_too_many_items_at_once(event, door_client):
    person = ParticipantFactory(event=event)
    response = _send(door_client, event, [_item(person) for _n in range(201)])
    assert response.status_code == 400
    assert response.json() == {"error": "Too much at once: send fewer check-ins."}


def test_sync_is_refused_to_staff_without_the_check_in_permission(event, staff_client):
    person = ParticipantFactory(event=event)
    response = _send(staff_client, event, [_item(person)])
    assert response.status_code == 403
    assert "Sign in again" in response.json()["error"]
    assert not CheckIn.objects.exists()


def test_sync_needs_the_csrf_token(event, door_staff):
    phone = Client(enforce_csrf_checks=True)
    sign_in_fully(phone, door_staff)
    person = ParticipantFactory(event=event)
    assert _send(phone, event, [_item(person)]).status_code == 403
    token = phone.get(reverse("checkin:people")).json()["csrf_token"]
    response = _send(phone, event, [_item(person)], HTTP_X_CSRFTOKEN=token)
    assert _results(response)[0]["outcome"] == "recorded"


def test_sync_answers_only_posts(event, door_client):
    assert door_client.get(SYNC).status_code == 405


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_phones_syncing_one_person_at_the_same_moment_record_one_check_in():
    event = EventFactory(is_checkin_open=True)
    person = ParticipantFactory(event=event)
    ids = [uuid.uuid4() for _phone in range(8)] * 2  # each phone also sends its check-in twice
    barrier = threading.Barrier(len(ids))
    kept, errors = [], []

    def send(client_id):
        try:
            barrier.wait()
            kept.append(rules.check_in(participant=person, day=1, client_id=client_id))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(client_id,)) for client_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert CheckIn.objects.count() == 1
    assert {checkin.pk for checkin in kept} == {CheckIn.objects.get().pk}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
ITEM_FIELDS = ["id", "reference", "day", "at", "given_name", "organisation", "gender"]


@given(
    checkins=st.lists(
        st.dictionaries(st.sampled_from(ITEM_FIELDS), JSON_VALUES, max_size=7), max_size=3
    )
    | JSON_VALUES,
    walk_ins=st.lists(
        st.dictionaries(st.sampled_from(ITEM_FIELDS), JSON_VALUES, max_size=7), max_size=3
    )
    | JSON_VALUES,
)
@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_sync_answers_anything_sent_with_a_result_or_a_400_never_a_500(
    event, door_client, checkins, walk_ins
):
    body = json.dumps({"event": event.slug, "checkins": checkins, "walk_ins": walk_ins})
    response = door_client.post(SYNC, body, content_type="application/json")
    assert response.status_code in (200, 400)
    assert ("results" if response.status_code == 200 else "error") in response.json()


def test_a_walk_in_is_never_emailed_until_an_organiser_writes_in_a_real_address(event, door_client):
    seated = ParticipantFactory.create_batch(event.capacity, event=event)
    (result,) = _results(_send(door_client, event, walk_ins=[_walk_in()]))
    walk_in = Participant.objects.get(reference=result["reference"])
    rules.cancel_registration(participant=seated[0])
    walk_in.refresh_from_db()
    assert walk_in.status == Status.CONFIRMED  # promoted from the waitlist, as anyone would be
    send_message(participants=Participant.objects.all(), subject="Agenda", body="See you.")
    assert not walk_in.emails.exists()
    assert OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.MESSAGE).count() == len(seated)
    walk_in = rules.update_registration(
        participant=walk_in, data={"email": "sreymom@example.org"}, fields=("email",)
    )
    confirmation = walk_in.emails.get()  # sent by itself, once the address can receive it
    assert (confirmation.kind, confirmation.recipient) == ("confirmation", "sreymom@example.org")
    rules.update_registration(
        participant=walk_in, data={"email": "sreymom@mowa.gov.kh"}, fields=("email",)
    )
    assert walk_in.emails.count() == 1  # a later change of address sends nothing
