"""Organisers change seats in the admin; the waitlist moves, and the admin says what happened."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.backoffice.helpers import messages_of, run_action
from tests.events.html import form_data, text
from tests.factories import EventFactory, SessionFactory, registration_data
from wpsevents.events.models import Event, Session
from wpsevents.participants import rules
from wpsevents.participants.models import OutgoingEmail, Participant

pytestmark = pytest.mark.django_db
Status = Participant.Status
Kind = OutgoingEmail.Kind


def register(event, email, **overrides):
    data = registration_data(email=email, **overrides)
    return rules.register_participant(event=event, data=data).participant


def status_of(person) -> str:
    return Participant.objects.get(pk=person.pk).status


def post_form(client, url, form_id, changes, submit="_save"):
    """Post a form as the browser shows it on the page, with some fields changed.

    A change to None leaves the field out, as a browser does an unticked box.
    """
    data = [
        (name, changes.pop(name, value))
        for name, value in form_data(text(client.get(url)), form_id)
    ]
    data += [*changes.items(), (submit, "Save")]
    data = [(name, value) for name, value in data if value is not None]
    return client.post(
        url, urlencode(data), content_type="application/x-www-form-urlencoded", follow=True
    )


def event_url(event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def test_organiser_raises_the_seats_of_a_new_event_and_the_person_waiting_gets_a_place(
    organiser_client, mailoutbox, django_capture_on_commit_callbacks
):
    response = post_form(
        organiser_client,
        reverse("admin:events_event_add"),
        "event_form",
        {
            "title_en": "Regional dialogue",
            "slug": "regional-dialogue",
            "summary_en": "Two days on the RPA-WPS.",
            "starts_at_0": "2031-03-03",
            "starts_at_1": "08:00:00",
            "ends_at_0": "2031-03-04",
            "ends_at_1": "17:00:00",
            "venue_name_en": "Conference centre",
            "organisers_en": "UN Women",
            "capacity": "2",
            "is_published": "on",
        },
    )
    assert response.status_code == 200, text(response)[:3000]
    event = Event.objects.get(slug="regional-dialogue")
    register(event, "first@example.org")
    register(event, "second@example.org")
    waiting = register(event, "waiting@example.org")
    assert waiting.status == Status.WAITLISTED
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(organiser_client, event_url(event), "event_form", {"capacity": "40"})
    assert status_of(waiting) == Status.CONFIRMED
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["Sokha Chan <waiting@example.org>"], "A place is yours: Regional dialogue")
    ]
    assert "1 person waiting was given a seat and emailed." in messages_of(response)
    assert "Regional dialogue" in text(response)  # back on the list, saved


def test_organiser_raises_the_seats_in_the_event_list(organiser_client):
    event = EventFactory(capacity=1, title="Dialogue")
    register(event, "seated@example.org")
    first, second = register(event, "a@example.org"), register(event, "b@example.org")
    response = post_form(
        organiser_client,
        reverse("admin:events_event_changelist"),
        "changelist-form",
        {"form-0-capacity": "3"},
    )
    assert [status_of(first), status_of(second)] == [Status.CONFIRMED, Status.CONFIRMED]
    assert "2 people waiting were given seats and emailed." in messages_of(response)


def test_organiser_removes_the_capacity_and_everyone_waiting_gets_a_place(organiser_client):
    event = EventFactory(capacity=1)
    register(event, "seated@example.org")
    people = [register(event, f"w{n}@example.org") for n in range(3)]
    response = post_form(organiser_client, event_url(event), "event_form", {"capacity": ""})
    assert [status_of(p) for p in people] == [Status.CONFIRMED] * 3
    assert "3 people waiting were given seats and emailed." in messages_of(response)


def test_organiser_lowering_the_seats_is_told_that_nobody_lost_theirs(organiser_client):
    event = EventFactory(capacity=5)
    seated = [register(event, f"s{n}@example.org") for n in range(4)]
    response = post_form(organiser_client, event_url(event), "event_form", {"capacity": "2"})
    assert [status_of(p) for p in seated] == [Status.CONFIRMED] * 4
    told = messages_of(response)
    assert (
        "More people are confirmed (4) than the event has in-person seats (2). Nobody was "
        "un-confirmed: to bring the number down, cancel registrations or move people to the "
        "waitlist." in told
    )
    assert OutgoingEmail.objects.exclude(kind=Kind.CONFIRMATION).count() == 0


def test_organiser_turning_approval_off_approves_those_pending(organiser_client):
    event = EventFactory(capacity=1, requires_approval=True)
    first, second = register(event, "a@example.org"), register(event, "b@example.org")
    response = post_form(
        organiser_client, event_url(event), "event_form", {"registration_mode": "open"}
    )
    assert [status_of(first), status_of(second)] == [Status.CONFIRMED, Status.WAITLISTED]
    told = messages_of(response)
    assert any(m.startswith("2 pending registrations were approved") for m in told)
    assert "1 person is still waiting for a seat." in told


def test_organiser_raises_a_working_groups_seats_in_the_event_form(organiser_client):
    event = EventFactory(capacity=10)
    group = SessionFactory(
        event=event, kind=Session.Kind.WORKING_GROUP, capacity=1, title="Group A"
    )
    register(event, "member@example.org", working_group=group)
    waiting = register(event, "waiting@example.org", working_group=group)
    response = post_form(
        organiser_client, event_url(event), "event_form", {"sessions-0-capacity": "2"}
    )
    assert status_of(waiting) == Status.CONFIRMED
    assert "1 person waiting was given a seat and emailed." in messages_of(response)


def test_organiser_raises_a_working_groups_seats_in_the_session_form(organiser_client):
    event = EventFactory(capacity=10)
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=0)
    waiting = register(event, "waiting@example.org", working_group=group)
    url = reverse("admin:events_session_change", args=[group.pk])
    response = post_form(organiser_client, url, "session_form", {"capacity": "1"})
    assert status_of(waiting) == Status.CONFIRMED
    assert "1 person waiting was given a seat and emailed." in messages_of(response)


def test_organiser_deleting_a_working_group_moves_its_members_to_no_group(organiser_client):
    event = EventFactory(capacity=10)
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=1)
    member = register(event, "member@example.org", working_group=group)
    waiting = register(event, "waiting@example.org", working_group=group)
    url = reverse("admin:events_session_delete", args=[group.pk])
    response = organiser_client.post(url, {"post": "yes"}, follow=True)
    assert not Session.objects.filter(pk=group.pk).exists()
    assert Participant.objects.get(pk=member.pk).working_group is None
    assert status_of(waiting) == Status.CONFIRMED
    assert "1 person waiting was given a seat and emailed." in messages_of(response)


def test_organiser_deleting_a_working_group_in_the_event_form_promotes(organiser_client):
    event = EventFactory(capacity=10)
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=0)
    waiting = register(event, "waiting@example.org", working_group=group)
    response = post_form(
        organiser_client, event_url(event), "event_form", {"sessions-0-DELETE": "on"}
    )
    assert not Session.objects.filter(pk=group.pk).exists()
    assert status_of(waiting) == Status.CONFIRMED
    assert "1 person waiting was given a seat and emailed." in messages_of(response)


def test_organiser_deleting_a_participant_gives_the_seat_to_the_first_waiting(organiser_client):
    event = EventFactory(capacity=1)
    seated = register(event, "seated@example.org")
    first, second = register(event, "a@example.org"), register(event, "b@example.org")
    url = reverse("admin:participants_participant_delete", args=[seated.pk])
    response = organiser_client.post(url, {"post": "yes"}, follow=True)
    assert not Participant.objects.filter(pk=seated.pk).exists()
    assert [status_of(first), status_of(second)] == [Status.CONFIRMED, Status.WAITLISTED]
    assert list(first.emails.values_list("kind", flat=True).order_by("pk")) == [
        Kind.CONFIRMATION,
        Kind.PROMOTED,
    ]
    assert "1 person waiting was given a seat and emailed." in messages_of(response)


def test_organiser_deleting_several_participants_promotes_as_many(organiser_client):
    event = EventFactory(capacity=2)
    seated = [register(event, f"s{n}@example.org") for n in range(2)]
    waiting = [register(event, f"w{n}@example.org") for n in range(3)]
    response = run_action(organiser_client, "delete_personal_data", seated, confirm="yes")
    assert [status_of(p) for p in waiting] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]
    assert "2 people waiting were given seats and emailed." in messages_of(response)


def test_cancel_action_says_who_waiting_was_given_the_seat(organiser_client):
    event = EventFactory(capacity=1)
    seated = register(event, "seated@example.org")
    register(event, "waiting@example.org")
    response = run_action(organiser_client, "cancel", [seated])
    told = messages_of(response)
    assert "1 registration cancelled." in told
    assert "1 person waiting was given a seat and emailed." in told


def test_a_refused_move_to_the_waitlist_tells_of_no_promotion(organiser_client):
    event = EventFactory(capacity=2)
    seated = register(event, "seated@example.org")
    response = run_action(organiser_client, "waitlist", [seated])
    assert status_of(seated) == Status.CONFIRMED
    assert not any("given a seat" in m for m in messages_of(response))


def test_reinstate_action_puts_the_person_after_those_waiting(organiser_client):
    event = EventFactory(capacity=1)
    cancelled = rules.cancel_registration(participant=register(event, "back@example.org"))
    register(event, "seated@example.org")
    waiting = register(event, "waiting@example.org")
    run_action(organiser_client, "reinstate", [cancelled])
    back = Participant.objects.get(pk=cancelled.pk)
    assert back.status == Status.WAITLISTED
    assert back.waitlisted_at > Participant.objects.get(pk=waiting.pk).waitlisted_at
