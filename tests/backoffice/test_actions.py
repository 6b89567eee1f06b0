"""The list's actions change status through the services, with the emails people expect."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.backoffice.helpers import messages_of, run_action
from tests.factories import EventFactory, ParticipantFactory
from wpsevents.participants import rules
from wpsevents.participants.models import OutgoingEmail, Participant

Status = Participant.Status
Kind = OutgoingEmail.Kind


def _kinds(participant) -> list[str]:
    return list(participant.emails.values_list("kind", flat=True))


@pytest.fixture
def full_event(db):
    """An event with one seat, taken, and one person waiting."""
    event = EventFactory(capacity=1)
    seated = ParticipantFactory(event=event)
    waiting = ParticipantFactory(
        event=event, status=Status.WAITLISTED, waitlisted_at=timezone.now() - timedelta(hours=1)
    )
    return event, seated, waiting


@pytest.mark.django_db
def test_action_cancel_promotes_the_first_on_the_waitlist(organiser_client, full_event):
    _event, seated, waiting = full_event
    response = run_action(organiser_client, "cancel", [seated])
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Status.CANCELLED and waiting.status == Status.CONFIRMED
    assert _kinds(seated) == [Kind.CANCELLED] and _kinds(waiting) == [Kind.PROMOTED]
    assert "1 registration cancelled." in messages_of(response)


@pytest.mark.django_db
def test_action_confirm_gives_a_free_seat_to_a_waitlisted_person(organiser_client, event):
    waiting = ParticipantFactory(event=event, status=Status.WAITLISTED)
    run_action(organiser_client, "confirm", [waiting])
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert _kinds(waiting) == [Kind.PROMOTED]


@pytest.mark.django_db
def test_action_confirm_refuses_when_no_seat_is_free(organiser_client, full_event):
    _event, _seated, waiting = full_event
    response = run_action(organiser_client, "confirm", [waiting])
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert any("There is no seat left." in text for text in messages_of(response))
    assert _kinds(waiting) == []


@pytest.mark.django_db
def test_action_confirm_approves_a_pending_person(organiser_client, event):
    pending = ParticipantFactory(event=event, status=Status.PENDING)
    run_action(organiser_client, "confirm", [pending])
    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED
    assert _kinds(pending) == [Kind.APPROVED]


@pytest.mark.django_db
def test_action_approve_gives_the_last_seat_to_whoever_registered_first(organiser_client):
    event = EventFactory(capacity=1, requires_approval=True)
    first = ParticipantFactory(event=event, status=Status.PENDING, email="first@example.org")
    second = ParticipantFactory(event=event, status=Status.PENDING, email="second@example.org")
    online = ParticipantFactory(
        event=event,
        status=Status.PENDING,
        attendance_mode=Participant.AttendanceMode.ONLINE,
        email="online@example.org",
    )
    response = run_action(organiser_client, "confirm", [online, second, first])
    statuses = {p.email: p.status for p in Participant.objects.all()}
    assert statuses == {
        first.email: Status.CONFIRMED,
        second.email: Status.WAITLISTED,
        online.email: Status.CONFIRMED,
    }
    said = messages_of(response)
    assert "2 participants confirmed." in said
    assert "1 participant approved and put on the waitlist: no seat was free." in said


@pytest.mark.django_db
def test_action_decline_frees_the_seat_for_the_waitlist(organiser_client, full_event):
    _event, seated, waiting = full_event
    run_action(organiser_client, "decline", [seated])
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Status.DECLINED and waiting.status == Status.CONFIRMED
    assert _kinds(seated) == [Kind.DECLINED]


@pytest.mark.django_db
def test_action_waitlist_gives_the_seat_to_the_first_in_line(organiser_client, full_event):
    _event, seated, waiting = full_event
    run_action(organiser_client, "waitlist", [seated])
    seated.refresh_from_db()
    waiting.refresh_from_db()
    # the person already waiting was first in line, so they get the freed seat
    assert seated.status == Status.WAITLISTED and waiting.status == Status.CONFIRMED
    assert _kinds(waiting) == [Kind.PROMOTED]


@pytest.mark.django_db
def test_action_waitlist_refuses_while_seats_are_free_and_says_why(organiser_client, participant):
    response = run_action(organiser_client, "waitlist", [participant])
    participant.refresh_from_db()
    assert participant.status == Status.CONFIRMED
    assert _kinds(participant) == []
    said = messages_of(response)
    assert any(str(participant) in m and "Lower the number of seats first" in m for m in said)
    assert not any("moved to the waitlist" in m for m in said)


@pytest.mark.django_db
def test_action_reinstate_takes_back_a_cancelled_registration(organiser_client, participant):
    rules.cancel_registration(participant=participant)
    response = run_action(organiser_client, "reinstate", [participant])
    participant.refresh_from_db()
    assert participant.status == Status.CONFIRMED
    assert sorted(_kinds(participant)) == [Kind.CANCELLED, Kind.CONFIRMATION]
    assert "1 registration reinstated." in messages_of(response)


@pytest.mark.django_db
def test_action_resend_confirmation_queues_the_email(organiser_client, participant):
    response = run_action(organiser_client, "resend_confirmation", [participant])
    assert _kinds(participant) == [Kind.CONFIRMATION]
    assert "1 email queued." in messages_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("day", [1, 2])
def test_action_mark_present_checks_in_for_the_day(organiser_client, organiser, participant, day):
    run_action(organiser_client, f"check_in_day_{day}", [participant])
    checkin = participant.checkins.get()
    assert checkin.day == day and checkin.checked_in_by == organiser


@pytest.mark.django_db
def test_action_mark_present_refuses_a_cancelled_person(organiser_client, event):
    cancelled = ParticipantFactory(event=event, status=Status.CANCELLED)
    response = run_action(organiser_client, "check_in_day_1", [cancelled])
    assert not cancelled.checkins.exists()
    assert any("Only confirmed participants" in text for text in messages_of(response))


@pytest.mark.django_db
def test_action_applies_to_all_filtered_participants(organiser_client, event):
    waiting = [ParticipantFactory(event=event, status=Status.WAITLISTED) for _ in range(3)]
    confirmed = ParticipantFactory(event=event)
    data = {"action": "cancel", "select_across": "1", "_selected_action": [waiting[0].pk]}
    organiser_client.post(
        "/admin/participants/participant/?status__exact=waitlisted", data, follow=True
    )
    assert set(Participant.objects.filter(status=Status.CANCELLED)) == set(waiting)
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


@pytest.mark.django_db
def test_action_print_badges_returns_a_pdf(organiser_client, event):
    people = [ParticipantFactory(event=event, name_khmer="សុខា") for _ in range(2)]
    response = run_action(organiser_client, "print_badges", people)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_action_print_badges_only_for_confirmed_seats_in_the_room(organiser_client, event):
    seated = ParticipantFactory(event=event, family_name="Seated")
    others = [
        ParticipantFactory(event=event, status=Status.CANCELLED, family_name="Cancelled"),
        ParticipantFactory(event=event, status=Status.WAITLISTED, family_name="Waiting"),
        ParticipantFactory(
            event=event, attendance_mode=Participant.AttendanceMode.ONLINE, family_name="Online"
        ),
    ]
    response = run_action(organiser_client, "print_badges", [seated, *others])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Seated" in text
    assert not any(name in text for name in ("Cancelled", "Waiting", "Online"))
    only_others = run_action(organiser_client, "print_badges", others)
    assert only_others["Content-Type"].startswith("text/html")  # back to the list
    said = messages_of(only_others)
    assert any("3 selected people have no confirmed seat in the room" in m for m in said)
