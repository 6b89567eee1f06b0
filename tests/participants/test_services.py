"""The rules of registration: capacity, waitlist, promotion, approval, window, duplicates."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory, SessionFactory, registration_data
from wpsevents.events.models import Event, Session
from wpsevents.participants import rules
from wpsevents.participants.models import (
    REFERENCE_ALPHABET,
    OutgoingEmail,
    Participant,
    new_reference,
)

Status = Participant.Status


def register(event, **overrides):
    return rules.register_participant(event=event, data=registration_data(**overrides))


def fill_seats(event, count):
    ParticipantFactory.create_batch(count, event=event)


def test_register_participant_confirms_while_seats_are_left(event):
    registration = register(event)
    assert registration.status == Status.CONFIRMED
    assert registration.participant.status == Status.CONFIRMED
    assert registration.participant.confirmed_at is not None
    assert registration.participant.reference.startswith("WPS-")


def test_register_participant_waitlists_when_seats_are_taken(event):
    fill_seats(event, 10)
    registration = register(event)
    assert registration.status == Status.WAITLISTED
    assert registration.participant.waitlisted_at is not None


def test_register_participant_online_never_waits_for_a_seat(event):
    fill_seats(event, 10)
    registration = register(event, attendance_mode=Participant.AttendanceMode.ONLINE)
    assert registration.status == Status.CONFIRMED


def test_register_participant_unlimited_capacity_always_confirms(db):
    event = EventFactory(capacity=None)
    fill_seats(event, 30)
    assert register(event).status == Status.CONFIRMED


def test_register_participant_queues_a_confirmation_email(event):
    registration = register(event)
    email = OutgoingEmail.objects.get()
    assert email.participant == registration.participant
    assert email.kind == OutgoingEmail.Kind.CONFIRMATION


def test_register_participant_with_approval_mode_arrives_pending(db):
    event = EventFactory(capacity=10, requires_approval=True)
    assert register(event).status == Status.PENDING


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "not_yet_open"),
        (
            {
                "registration_closes_at": timezone.now() - timedelta(minutes=1),
                "registration_opens_at": timezone.now() - timedelta(days=3),
            },
            "registration_closed",
        ),
        ({"is_published": False}, "unpublished"),
    ],
)
def test_register_participant_refused_outside_the_window(db, changes, code):
    event = EventFactory(capacity=10, **changes)
    with pytest.raises(ValidationError) as refused:
        register(event)
    assert refused.value.code == code
    assert not Participant.objects.exists()


def test_register_participant_refused_once_the_event_is_held(db):
    starts = timezone.now() - timedelta(days=3)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        register(event)
    assert refused.value.code == "event_held"


def test_register_participant_duplicate_email_creates_nothing_and_sends_the_link(event):
    first = register(event, email="Sokha@Example.org").participant
    OutgoingEmail.objects.all().delete()
    again = register(event, email="sokha@example.ORG", given_name="Someone else")
    assert again.participant is None
    assert Participant.objects.count() == 1
    assert Participant.objects.get().given_name == first.given_name
    link = OutgoingEmail.objects.get()
    assert link.kind == OutgoingEmail.Kind.ALREADY_REGISTERED
    assert link.participant == first


def test_register_participant_duplicate_reports_the_status_a_newcomer_would_get(event):
    register(event, email="a@example.org")
    fill_seats(event, 9)
    assert register(event, email="a@example.org").status == Status.WAITLISTED


def test_register_participant_after_cancelling_registers_again(event):
    participant = register(event).participant
    rules.cancel_registration(participant=participant)
    again = register(event, given_name="Sokha again")
    assert again.participant.pk == participant.pk
    assert again.participant.status == Status.CONFIRMED
    assert again.participant.given_name == "Sokha again"


def test_cancel_registration_promotes_the_first_on_the_waitlist(event):
    fill_seats(event, 9)
    holder = register(event, email="holder@example.org").participant
    first = register(event, email="first@example.org").participant
    second = register(event, email="second@example.org").participant
    assert first.status == second.status == Status.WAITLISTED
    rules.cancel_registration(participant=holder)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert second.status == Status.WAITLISTED
    promoted = OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.PROMOTED).get()
    assert promoted.participant == first


def test_cancel_registration_of_an_online_participant_promotes_nobody(event):
    fill_seats(event, 10)
    online = register(event, email="o@example.org", attendance_mode="online").participant
    waiting = register(event, email="w@example.org").participant
    rules.cancel_registration(participant=online)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_cancel_registration_twice_changes_nothing(event):
    participant = register(event).participant
    rules.cancel_registration(participant=participant)
    cancelled_at = Participant.objects.get().cancelled_at
    rules.cancel_registration(participant=participant)
    assert Participant.objects.get().cancelled_at == cancelled_at
    assert OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.CANCELLED).count() == 1


def working_group(event, capacity):
    return SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=capacity)


def test_working_group_full_puts_newcomers_on_the_waitlist(event):
    group = working_group(event, capacity=1)
    assert register(event, email="a@example.org", working_group=group).status == Status.CONFIRMED
    waiting = register(event, email="b@example.org", working_group=group)
    assert (waiting.status, waiting.waits_for) == (Status.WAITLISTED, "group")
    assert register(event, email="c@example.org").status == Status.CONFIRMED
    fill_seats(event, 8)  # the room's 10 seats: a, c and these
    assert register(event, email="d@example.org", working_group=group).waits_for == "room"


def test_changing_into_a_full_working_group_is_refused(event):
    full = working_group(event, capacity=1)
    other = working_group(event, capacity=5)
    register(event, email="a@example.org", working_group=full)
    mover = register(event, email="b@example.org", working_group=other).participant
    with pytest.raises(ValidationError) as refused:
        rules.update_registration(participant=mover, data={"working_group": full})
    assert refused.value.code == "no_group_seat"
    assert full.title in refused.value.messages[0]
    assert Participant.objects.get(pk=mover.pk).working_group == other
    assert Participant.objects.filter(working_group=full).holding_seats().count() == 1


def test_leaving_a_full_working_group_gives_its_seat_to_the_first_waiting_for_it(event):
    full = working_group(event, capacity=1)
    other = working_group(event, capacity=5)
    leaver = register(event, email="a@example.org", working_group=full).participant
    waiting = register(event, email="b@example.org", working_group=full).participant
    rules.update_registration(participant=leaver, data={"working_group": other})
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert _emails_of(waiting)[-1] == OutgoingEmail.Kind.PROMOTED


def test_confirming_says_when_it_is_the_working_group_that_is_full(event):
    group = working_group(event, capacity=1)
    register(event, email="a@example.org", working_group=group)
    waiting = register(event, email="b@example.org", working_group=group).participant
    with pytest.raises(ValidationError) as refused:
        rules.confirm_participant(participant=waiting)
    assert refused.value.code == "no_group_seat"
    assert f"working group “{group.title}”" in refused.value.messages[0]


def test_working_group_without_seats_waitlists_in_person_but_not_online(event):
    group = working_group(event, capacity=0)
    assert register(event, email="a@example.org", working_group=group).status == Status.WAITLISTED
    online = register(event, email="b@example.org", attendance_mode="online")
    assert online.status == Status.CONFIRMED


def test_holding_seats_counts_confirmed_in_person_registrations_only(event):
    group = working_group(event, capacity=10)
    statuses = (Status.CONFIRMED, Status.WAITLISTED, Status.CANCELLED, Status.PENDING)
    for number, status in enumerate(statuses * 3):
        ParticipantFactory(
            event=event,
            status=status,
            attendance_mode="online" if number % 3 == 0 else "in_person",
            working_group=group if number % 4 == 0 else None,
        )
    holding = Participant.objects.filter(event=event).holding_seats()
    assert holding.count() == 2  # numbers 4 and 8: confirmed, in person
    assert holding.filter(working_group=group).count() == 2
    annotated = Event.objects.with_seats_taken().get(pk=event.pk)
    assert annotated.seats_taken == 2
    assert annotated.waitlist_length == 3


def test_promotion_skips_people_whose_working_group_is_still_full(event):
    group = working_group(event, capacity=1)
    fill_seats(event, 8)
    register(event, email="in-group@example.org", working_group=group)
    leaver = register(event, email="leaver@example.org").participant
    stuck = register(event, email="stuck@example.org", working_group=group).participant
    next_in_line = register(event, email="next@example.org").participant
    rules.cancel_registration(participant=leaver)
    stuck.refresh_from_db()
    next_in_line.refresh_from_db()
    assert stuck.status == Status.WAITLISTED
    assert next_in_line.status == Status.CONFIRMED


def test_approve_participant_confirms_or_waitlists(db):
    event = EventFactory(capacity=1, requires_approval=True)
    first = register(event, email="a@example.org").participant
    second = register(event, email="b@example.org").participant
    assert rules.approve_participant(participant=first).status == Status.CONFIRMED
    assert rules.approve_participant(participant=second).status == Status.WAITLISTED


def test_approve_participant_refuses_what_is_not_pending(participant):
    with pytest.raises(ValidationError) as refused:
        rules.approve_participant(participant=participant)
    assert refused.value.code == "not_pending"


def test_decline_participant_frees_the_seat_for_the_waitlist(event):
    fill_seats(event, 9)
    holder = register(event, email="holder@example.org").participant
    waiting = register(event, email="waiting@example.org").participant
    rules.decline_participant(participant=holder)
    waiting.refresh_from_db()
    assert Participant.objects.get(pk=holder.pk).status == Status.DECLINED
    assert waiting.status == Status.CONFIRMED


def test_confirm_participant_never_exceeds_capacity(event):
    fill_seats(event, 10)
    waiting = register(event).participant
    with pytest.raises(ValidationError) as refused:
        rules.confirm_participant(participant=waiting)
    assert refused.value.code == "no_seat"
    assert Participant.objects.filter(status=Status.CONFIRMED).count() == 10


def test_move_to_waitlist_goes_to_the_end_of_the_line(event):
    fill_seats(event, 9)
    holder = register(event, email="holder@example.org").participant
    waiting = register(event, email="waiting@example.org").participant
    rules.move_to_waitlist(participant=holder)
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert holder.status == Status.WAITLISTED
    assert holder.waitlisted_at > waiting.waitlisted_at


def test_move_to_waitlist_is_refused_while_a_seat_is_free_for_the_person(event):
    fill_seats(event, 5)
    holder = register(event, email="holder@example.org").participant
    with pytest.raises(ValidationError) as refused:
        rules.move_to_waitlist(participant=holder)
    assert refused.value.code == "seat_free"
    holder.refresh_from_db()
    assert holder.status == Status.CONFIRMED
    assert not OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.PROMOTED).exists()


def test_move_to_waitlist_is_refused_for_an_online_participant(event):
    online = register(event, attendance_mode=Participant.AttendanceMode.ONLINE).participant
    with pytest.raises(ValidationError) as refused:
        rules.move_to_waitlist(participant=online)
    assert refused.value.code == "online"
    assert Participant.objects.get(pk=online.pk).status == Status.CONFIRMED


def test_reinstate_gives_a_cancelled_registration_a_free_seat_and_tells_the_person(event):
    cancelled = rules.cancel_registration(participant=register(event).participant)
    reinstated = rules.reinstate_participant(participant=cancelled)
    assert reinstated.status == Status.CONFIRMED
    assert Participant.objects.get(pk=cancelled.pk).status == Status.CONFIRMED
    kinds = list(cancelled.emails.order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        OutgoingEmail.Kind.CONFIRMATION,
        OutgoingEmail.Kind.CANCELLED,
        OutgoingEmail.Kind.CONFIRMATION,
    ]


def test_reinstate_puts_a_declined_person_at_the_end_of_the_waitlist_when_full(event):
    declined = rules.decline_participant(participant=register(event).participant)
    fill_seats(event, 10)
    waiting = register(event, email="waiting@example.org").participant
    reinstated = rules.reinstate_participant(participant=declined)
    assert reinstated.status == Status.WAITLISTED
    assert reinstated.waitlisted_at > waiting.waitlisted_at
    assert Participant.objects.filter(event=event).holding_seats().count() == 10


def test_reinstate_refuses_a_registration_that_stands(event):
    standing = register(event).participant
    with pytest.raises(ValidationError) as refused:
        rules.reinstate_participant(participant=standing)
    assert refused.value.code == "active"


def _emails_of(participant) -> list[str]:
    return list(participant.emails.order_by("pk").values_list("kind", flat=True))


def test_update_registration_to_in_person_sends_the_email_with_the_door_code(event):
    online = register(event, attendance_mode=Participant.AttendanceMode.ONLINE).participant
    rules.update_registration(participant=online, data={"attendance_mode": "in_person"})
    assert Participant.objects.get(pk=online.pk).status == Status.CONFIRMED
    confirmation = OutgoingEmail.Kind.CONFIRMATION
    assert _emails_of(online) == [confirmation, confirmation]


def test_update_registration_from_the_waitlist_to_online_confirms_and_says_so(event):
    fill_seats(event, 10)
    waiting = register(event).participant
    rules.update_registration(participant=waiting, data={"attendance_mode": "online"})
    assert Participant.objects.get(pk=waiting.pk).status == Status.CONFIRMED
    assert len(_emails_of(waiting)) == 2


def test_update_registration_of_details_sends_no_email(event):
    seated = register(event).participant
    rules.update_registration(participant=seated, data={"dietary_requirements": "Vegan"})
    assert _emails_of(seated) == [OutgoingEmail.Kind.CONFIRMATION]


def test_update_registration_to_online_frees_a_seat(event):
    fill_seats(event, 9)
    holder = register(event, email="holder@example.org").participant
    waiting = register(event, email="waiting@example.org").participant
    rules.update_registration(participant=holder, data={"attendance_mode": "online"})
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert Participant.objects.get(pk=holder.pk).status == Status.CONFIRMED


def test_update_registration_to_in_person_needs_a_free_seat(event):
    online = register(event, email="online@example.org", attendance_mode="online").participant
    fill_seats(event, 10)
    with pytest.raises(ValidationError) as refused:
        rules.update_registration(participant=online, data={"attendance_mode": "in_person"})
    assert refused.value.code == "no_seat"
    assert Participant.objects.get(pk=online.pk).attendance_mode == "online"


def test_update_registration_waitlisted_switching_online_is_confirmed(event):
    fill_seats(event, 10)
    waiting = register(event).participant
    updated = rules.update_registration(participant=waiting, data={"attendance_mode": "online"})
    assert updated.status == Status.CONFIRMED


def test_update_registration_refused_when_cancelled(participant):
    rules.cancel_registration(participant=participant)
    with pytest.raises(ValidationError) as refused:
        rules.update_registration(participant=participant, data={"given_name": "New"})
    assert refused.value.code == "inactive"


@pytest.fixture
def at_the_door(participant):
    """`participant`, their event opened at the door for a trial."""
    Event.objects.filter(pk=participant.event_id).update(is_checkin_open=True)
    return participant


def test_check_in_is_idempotent_and_undoable(at_the_door):
    participant = at_the_door
    first = rules.check_in(participant=participant, day=1)
    second = rules.check_in(participant=participant, day=1)
    assert first.pk == second.pk
    assert participant.checkins.count() == 1
    rules.undo_check_in(participant=participant, day=1)
    assert participant.checkins.live().count() == 0
    assert participant.checkins.get().undone_at is not None


def test_check_in_refuses_cancelled_registrations(at_the_door):
    participant = at_the_door
    rules.cancel_registration(participant=participant)
    with pytest.raises(ValidationError) as refused:
        rules.check_in(participant=participant, day=1)
    assert refused.value.code == "not_confirmed"
    assert participant.checkins.count() == 0


def test_send_private_link_only_for_registered_addresses(event, participant):
    rules.send_private_link(event=event, email="nobody@example.org")
    assert not OutgoingEmail.objects.exists()
    rules.send_private_link(event=event, email=participant.email.upper())
    assert OutgoingEmail.objects.get().kind == OutgoingEmail.Kind.LINK


def test_register_participant_draws_a_new_reference_when_one_is_taken(event, monkeypatch):
    taken = ParticipantFactory(event=event, reference="WPS-AAAAAA")
    drawn = iter(["WPS-AAAAAA", "WPS-BBBBBB"])
    monkeypatch.setattr(rules.registration, "new_reference", lambda: next(drawn))
    registration = register(event)
    assert registration.participant.reference == "WPS-BBBBBB"
    assert Participant.objects.filter(event=event).count() == 2
    assert OutgoingEmail.objects.filter(participant=registration.participant).count() == 1
    taken.refresh_from_db()
    assert taken.email != registration.participant.email


def test_organiser_addition_draws_a_new_reference_when_one_is_taken(event, monkeypatch):
    ParticipantFactory(event=event, reference="WPS-AAAAAA")
    drawn = iter(["WPS-AAAAAA", "WPS-AAAAAA", "WPS-CCCCCC"])
    monkeypatch.setattr(rules.registration, "new_reference", lambda: next(drawn))
    added = rules.add_participant_by_organiser(event=event, data=registration_data())
    assert added.reference == "WPS-CCCCCC"


def test_a_reference_taken_every_time_gives_a_clear_error_and_stores_nothing(event, monkeypatch):
    ParticipantFactory(event=event, reference="WPS-AAAAAA")
    monkeypatch.setattr(rules.registration, "new_reference", lambda: "WPS-AAAAAA")
    with pytest.raises(ValidationError) as caught:
        register(event)
    assert caught.value.code == "conflict"
    assert Participant.objects.filter(event=event).count() == 1
    assert not OutgoingEmail.objects.exists()


def test_a_seat_freed_since_the_count_was_cached_is_still_taken(event):
    event.capacity = 2
    event.save()
    ParticipantFactory(event=event)
    stale = Event.objects.get(pk=event.pk)
    stale.seats_taken = 2  # as a cached page would have it, before a cancellation
    registration = rules.register_participant(event=stale, data=registration_data())
    assert registration.status == Participant.Status.CONFIRMED
    assert Participant.objects.filter(status=Participant.Status.CONFIRMED).count() == 2


def test_a_full_room_counted_from_the_cache_still_sends_people_to_the_waitlist(event):
    event.capacity = 1
    event.save()
    ParticipantFactory(event=event)
    cached = Event.objects.get(pk=event.pk)
    cached.seats_taken = 1
    registration = rules.register_participant(event=cached, data=registration_data())
    assert registration.status == Participant.Status.WAITLISTED


def test_references_are_read_aloud_easily_and_use_the_whole_alphabet():
    drawn = [new_reference() for _ in range(3000)]
    readable = re.compile(f"WPS-[{REFERENCE_ALPHABET}]{{6}}")
    assert all(readable.fullmatch(reference) for reference in drawn)
    for position in range(4, 10):
        assert {reference[position] for reference in drawn} == set(REFERENCE_ALPHABET)
