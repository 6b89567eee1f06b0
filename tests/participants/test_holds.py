"""Seats held until the address is confirmed: held, confirmed by the link, released in order."""

import difflib
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.helpers import CHANGELIST, messages_of, run_action
from tests.factories import EventFactory, ParticipantFactory, registration_data
from tests.participants.helpers import form_post
from wpsevents.events.models import Event
from wpsevents.participants import rules
from wpsevents.participants.models import OutgoingEmail, Participant
from wpsevents.participants.tokens import issue_private_link

Status = Participant.Status
Kind = OutgoingEmail.Kind
HOLD_LEAD = (
    "Your seat is held for you: open the link in the email within 30 minutes to keep your seat."
)
QR_CODE_LATER = (
    "Once you open the link, a second email confirms your place and brings your check-in QR "
    "code: bring it (on your phone is fine), it speeds up check-in at the door."
)
QR_CODE_NOW = (
    "Bring the QR code from the email (on your phone is fine): it speeds up check-in at the door."
)


@pytest.fixture
def holding_event(db):
    """An event with two in-person seats that holds them until the address is confirmed."""
    return EventFactory(capacity=2, is_featured=True, holds_unconfirmed_seats=True)


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """Register through the rules as the public form does, from one network; the email leaves."""

    def register(event, email="sokha@example.org", **fields):
        data = registration_data(email=email, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            return rules.register_participant(event=event, data=data, network="203.0.113.0/24")

    return register


def _kinds(participant) -> list[str]:
    return list(participant.emails.order_by("pk").values_list("kind", flat=True))


def _manage(client, participant):
    url = reverse("participants:manage", kwargs={"token": issue_private_link(participant)})
    return client.get(url, follow=True)  # the link's address, then the page without it


def test_a_new_event_holds_unconfirmed_seats_unless_organisers_turn_it_off():
    assert Event._meta.get_field("holds_unconfirmed_seats").default is True


def test_event_form_in_the_admin_offers_the_hold_ticked(organiser_client):
    body = organiser_client.get(reverse("admin:events_event_add")).content.decode()
    checkbox = re.search(r"<input[^>]*name=\"holds_unconfirmed_seats\"[^>]*>", body).group(0)
    assert "checked" in checkbox


def test_public_in_person_registration_holds_a_seat_that_counts_against_capacity(
    holding_event, register
):
    first, second = (
        register(holding_event, "a@example.org"),
        register(holding_event, "b@example.org"),
    )
    third = register(holding_event, "c@example.org")
    assert [first.status, second.status, third.status] == [Status.HELD, Status.HELD, "waitlisted"]
    event = Event.objects.with_seats_taken().get(pk=holding_event.pk)
    assert event.seats_taken == 2
    held = first.participant
    assert held.hold_network == "203.0.113.0/24"
    assert held.hold_expires_at == held.status_changed_at + timedelta(minutes=30)
    assert _kinds(held) == [Kind.HOLD]


def test_event_that_does_not_hold_seats_confirms_at_once(db, register):
    event = EventFactory(capacity=2, holds_unconfirmed_seats=False)
    assert register(event).status == Status.CONFIRMED


def test_online_registration_takes_no_seat_and_is_not_held(holding_event, register):
    assert register(holding_event, attendance_mode="online").status == Status.CONFIRMED


@pytest.mark.parametrize("source", [Participant.Source.ADMIN, Participant.Source.IMPORTED])
def test_organisers_additions_and_imports_are_never_held(holding_event, source):
    data = registration_data()
    participant = rules.add_participant_by_organiser(event=holding_event, data=data, source=source)
    assert participant.status == Status.CONFIRMED


def test_opening_the_private_link_confirms_the_held_seat_and_sends_the_ticket(
    client, holding_event, django_capture_on_commit_callbacks, register
):
    held = register(holding_event).participant
    with django_capture_on_commit_callbacks(execute=True):
        response = _manage(client, held)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="col-7 status-confirmed"' in body and 'class="qr-code"' in body
    held.refresh_from_db()
    assert held.status == Status.CONFIRMED and held.hold_network == ""
    assert held.email_confirmed_at == held.confirmed_at
    assert _kinds(held) == [Kind.HOLD, Kind.CONFIRMATION]
    assert "cid:checkin-qr" in mail.outbox[-1].alternatives[0][0]
    _manage(client, held)  # a second opening changes nothing and sends nothing
    assert _kinds(held) == [Kind.HOLD, Kind.CONFIRMATION]


def test_confirming_a_hold_takes_nothing_from_anyone(holding_event, client, register):
    held = [register(holding_event, f"p{n}@example.org").participant for n in range(2)]
    waiting = register(holding_event, "w@example.org").participant
    for participant in held:
        _manage(client, participant)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED
    assert Participant.objects.filter(event=holding_event).holding_seats().count() == 2


def test_a_lapsed_hold_goes_to_the_first_in_line_and_its_holder_is_told(holding_event, register):
    held = register(holding_event, "a@example.org").participant
    register(holding_event, "b@example.org")
    first, second = (register(holding_event, f"w{n}@example.org").participant for n in range(2))
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert rules.release_lapsed_holds() == 2
    held.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert held.status == Status.CANCELLED and held.hold_network == ""
    assert _kinds(held) == [Kind.HOLD, Kind.HOLD_LAPSED]
    assert first.status == second.status == Status.CONFIRMED
    assert _kinds(first)[-1] == Kind.PROMOTED


def test_a_hold_not_yet_lapsed_is_kept(holding_event, register):
    held = register(holding_event).participant
    with time_machine.travel(timezone.now() + timedelta(minutes=29), tick=False):
        assert rules.release_lapsed_holds() == 0
    held.refresh_from_db()
    assert held.status == Status.HELD


def test_registering_releases_lapsed_holds_first_so_the_newcomer_queues_behind_the_line(
    holding_event, register
):
    for n in range(2):
        register(holding_event, f"held{n}@example.org")
    waiting = register(holding_event, "waiting@example.org").participant
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        newcomer = register(holding_event, "new@example.org")
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    # The other freed seat is the newcomer's, held in turn.
    assert newcomer.status == Status.HELD
    assert not Participant.objects.filter(email__startswith="held", status=Status.HELD).exists()


def test_release_command_releases_lapsed_holds(holding_event, register):
    held = register(holding_event).participant
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        call_command("release_lapsed_holds", stdout=(out := _Output()))
    held.refresh_from_db()
    assert held.status == Status.CANCELLED
    assert out.text == "1 lapsed holds released.\n"


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


@pytest.mark.django_db(transaction=True)
def test_the_running_email_worker_releases_lapsed_holds(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    event = EventFactory(capacity=1, holds_unconfirmed_seats=True)
    lapsed = ParticipantFactory(
        event=event, status=Status.HELD, hold_expires_at=timezone.now() - timedelta(minutes=1)
    )
    call_command(
        "email_worker", "--max-tasks", "1", "--interval", "0.1", "--no-startup-delay", verbosity=0
    )
    lapsed.refresh_from_db()
    assert lapsed.status == Status.CANCELLED
    assert [message.subject for message in mail.outbox] == [
        f"Your held place was released: {event.title}"
    ]


def test_cancelling_a_held_registration_frees_its_seat_and_forgets_its_network(
    holding_event, register
):
    held = register(holding_event, "a@example.org").participant
    register(holding_event, "b@example.org")
    waiting = register(holding_event, "w@example.org").participant
    rules.cancel_registration(participant=held)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    held.refresh_from_db()
    assert held.hold_network == "", "the network is kept only while the seat is held"


def test_an_address_confirmed_before_is_not_held_when_it_registers_again(
    holding_event, client, register
):
    participant = register(holding_event).participant
    _manage(client, participant)
    rules.cancel_registration(participant=participant)
    assert register(holding_event).status == Status.CONFIRMED


def test_one_network_holds_only_its_share_of_seats(db, settings, register):
    settings.REGISTRATION_HOLDS_PER_NETWORK = 2
    event = EventFactory(capacity=10, holds_unconfirmed_seats=True)
    for n in range(2):
        register(event, f"p{n}@example.org")
    with pytest.raises(ValidationError) as error:
        register(event, "p2@example.org")
    assert error.value.code == "network_holds"
    other = rules.register_participant(
        event=event, data=registration_data(email="o@example.org"), network="198.51.100.0/24"
    )
    assert other.status == Status.HELD


def test_the_share_of_a_network_is_off_with_the_rate_limits(db, settings, register):
    settings.REGISTRATION_HOLDS_PER_NETWORK = 1
    settings.RATELIMIT_ENABLE = False
    event = EventFactory(capacity=10, holds_unconfirmed_seats=True)
    statuses = {register(event, f"p{n}@example.org").status for n in range(3)}
    assert statuses == {Status.HELD}


def test_a_held_place_counts_its_minutes_from_when_its_email_leaves(
    holding_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        held = rules.register_participant(event=holding_event, data=registration_data())
    held = held.participant
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert rules.release_lapsed_holds() == 0, "the email has not left yet"
    later = timezone.now() + timedelta(minutes=40)
    with time_machine.travel(later, tick=False):
        for callback in callbacks:
            callback()  # the mail server was down: the email leaves forty minutes late
    held.refresh_from_db()
    assert held.status == Status.HELD
    assert held.hold_expires_at == later + timedelta(minutes=30)
    local = timezone.localtime(held.hold_expires_at).strftime("%H:%M")
    assert f"by {local} (Phnom Penh time)" in mail.outbox[0].body


def test_a_hold_whose_email_failed_for_good_lapses(holding_event):
    held = rules.register_participant(event=holding_event, data=registration_data()).participant
    held.emails.update(status=OutgoingEmail.Status.FAILED)
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        assert rules.release_lapsed_holds() == 1


def test_held_registration_email_asks_for_the_link_by_the_end_of_the_hold(holding_event, register):
    held = register(holding_event).participant
    (message,) = mail.outbox
    assert (
        message.subject == f"Confirm your email address to keep your place: {holding_event.title}"
    )
    local = timezone.localtime(held.hold_expires_at).strftime("%H:%M")
    assert f"Please open your private link below by {local} (Phnom Penh time)" in message.body
    assert "/r/" in message.body
    assert not message.attachments, "no check-in code or calendar before the seat is confirmed"


def test_lapse_email_says_the_place_went_to_the_next_in_line(
    holding_event, django_capture_on_commit_callbacks, register
):
    register(holding_event)
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        rules.release_lapsed_holds()
    _hold, message = mail.outbox
    assert message.subject == f"Your held place was released: {holding_event.title}"
    assert "the place has gone to the next person in line" in message.body
    assert "/r/" not in message.body


def _done_page(client, event, email, **fields) -> str:
    url = reverse("participants:register", kwargs={"slug": event.slug})
    response = client.post(url, form_post(email=email, **fields), follow=True)
    assert response.redirect_chain, response.content.decode()
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def _differences(first: str, second: str) -> list[str]:
    lines = difflib.ndiff(first.splitlines(), second.splitlines())
    return [line for line in lines if line[:2] in ("- ", "+ ")]


def test_confirmation_page_reads_the_same_held_or_confirmed_but_for_the_link_to_open(
    client, holding_event
):
    held_page = _done_page(client, holding_event, "first@example.org")
    holding_event.holds_unconfirmed_seats = False
    holding_event.save()
    confirmed_page = _done_page(client, holding_event, "second@example.org")
    assert _differences(held_page, confirmed_page) == [
        f'- <p class="lead">{HOLD_LEAD}</p>',
        '+ <p class="lead">Your place is confirmed.</p>',
        f"-   <li>{QR_CODE_LATER}</li>",
        f"+   <li>{QR_CODE_NOW}</li>",
    ]


def test_confirmation_page_of_a_held_seat_says_the_qr_code_comes_once_the_link_is_opened(
    client, holding_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = _done_page(client, holding_event, "sokha@example.org")
    assert QR_CODE_LATER in page
    assert "Bring the QR code from the email" not in page
    (hold_email,) = mail.outbox
    assert hold_email.subject.startswith("Confirm your email address to keep your place")
    # Words, not letters: the private link's random token may hold "QR".
    assert "QR code" not in hold_email.body and not hold_email.attachments


def test_admin_cancels_a_burst_of_held_registrations_in_one_action(
    organiser_client, holding_event, register
):
    held = [register(holding_event, f"robot{n}@example.net").participant for n in range(2)]
    waiting = register(holding_event, "real@example.org").participant
    other = ParticipantFactory(event=holding_event, attendance_mode="online")
    response = run_action(organiser_client, "cancel_held", [*held, other])
    assert (
        Participant.objects.filter(pk__in=[p.pk for p in held], status=Status.CANCELLED).count()
        == 2
    )
    for participant in held:
        assert _kinds(participant) == [Kind.HOLD], "no email to an address never shown real"
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED
    assert messages_of(response)[:2] == [
        "2 held registrations cancelled.",
        "1 selected registration was not held and has not been changed.",
    ]


def test_admin_lists_held_registrations_by_the_network_they_came_from(
    organiser_client, holding_event, register
):
    for n in range(2):
        register(holding_event, f"robot{n}@example.net")
    response = organiser_client.get(CHANGELIST, {"held_from": "203.0.113.0/24"})
    body = response.content.decode()
    assert "203.0.113.0/24 (2)" in body
    assert list(response.context["cl"].queryset.values_list("status", flat=True)) == [
        Status.HELD,
        Status.HELD,
    ]
    status_filter = organiser_client.get(CHANGELIST, {"status__exact": "held"})
    assert status_filter.context["cl"].result_count == 2
