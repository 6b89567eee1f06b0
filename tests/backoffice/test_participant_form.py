"""Adding and editing a participant in the admin follows the same rules as the public form."""

from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.urls import reverse

from tests.factories import EventFactory, ParticipantFactory
from wpsevents.participants.mail.render import build_email
from wpsevents.participants.models import OutgoingEmail, Participant

ADD = reverse("admin:participants_participant_add")
Status = Participant.Status


def _form(event, **overrides) -> dict:
    data = {
        "event": event.pk,
        "send_invitation": "on",
        "salutation": "",
        "given_name": "Bopha",
        "family_name": "Keo",
        "name_khmer": "",
        "email": "bopha@example.org",
        "phone": "",
        "gender": "woman",
        "language": "en",
        "organisation": "Women's Network",
        "position": "",
        "organisation_type": "civil_society",
        "country": "KH",
        "days": "both",
        "attendance_mode": "in_person",
        "working_group": "",
        "dietary_requirements": "",
        "accessibility_needs": "",
        "consents_to_data_processing": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _change_url(participant) -> str:
    return reverse("admin:participants_participant_change", args=[participant.pk])


def _change_form(participant, **overrides) -> dict:
    data = _form(participant.event, email=participant.email, send_invitation=None)
    data.update(given_name=participant.given_name, family_name=participant.family_name)
    data.pop("event")
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_admin_add_confirms_with_source_admin_and_invites(organiser_client, event):
    response = organiser_client.post(ADD, _form(event), follow=True)
    assert response.status_code == 200
    added = Participant.objects.get(email="bopha@example.org")
    assert added.status == Status.CONFIRMED and added.source == Participant.Source.ADMIN
    assert list(added.emails.values_list("kind", flat=True)) == [OutgoingEmail.Kind.INVITATION]


@pytest.mark.django_db
def test_admin_add_puts_the_person_on_the_waitlist_when_full(organiser_client):
    event = EventFactory(capacity=1)
    ParticipantFactory(event=event)
    organiser_client.post(ADD, _form(event, send_invitation=None), follow=True)
    added = Participant.objects.get(email="bopha@example.org")
    assert added.status == Status.WAITLISTED
    assert not added.emails.exists()


@pytest.mark.django_db
def test_admin_refuses_letters_in_a_phone_number_on_adding_and_editing(organiser_client, event):
    refused = "Please write the phone number with digits only, without letters."
    response = organiser_client.post(ADD, _form(event, phone="012 345 abc"))
    assert refused in response.content.decode()
    assert not Participant.objects.filter(email="bopha@example.org").exists()
    person = ParticipantFactory(event=event, phone="+85512345678")
    response = organiser_client.post(_change_url(person), _change_form(person, phone="012 abc"))
    assert refused in response.content.decode()
    person.refresh_from_db()
    assert str(person.phone) == "+85512345678"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Bo\x00pha", "Bo\u202epha", "\u200d\u3164"])
def test_admin_add_refuses_what_the_public_form_refuses(organiser_client, event, name):
    response = organiser_client.post(ADD, _form(event, given_name=name))
    assert response.status_code == 200  # the form again, with the error
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_admin_add_tidies_names_as_the_public_form_does(organiser_client, event):
    organiser_client.post(ADD, _form(event, given_name="  Bo\u00a0\u00a0pha "), follow=True)
    assert Participant.objects.get().given_name == "Bo pha"


@pytest.mark.django_db
def test_admin_add_refuses_an_address_already_registered(organiser_client, participant):
    form = _form(participant.event, email=participant.email.upper())
    response = organiser_client.post(ADD, form)
    assert response.status_code == 200  # the form again, with the error
    assert Participant.objects.filter(email__iexact=participant.email).count() == 1


@pytest.mark.django_db
def test_admin_edit_saves_details_but_never_the_status(organiser_client, participant):
    form = _change_form(participant, organisation="New Ministry", status="cancelled")
    organiser_client.post(_change_url(participant), form, follow=True)
    participant.refresh_from_db()
    assert participant.organisation == "New Ministry"
    assert participant.status == Status.CONFIRMED


@pytest.mark.django_db
def test_admin_edit_going_online_frees_the_seat_for_the_waitlist(organiser_client):
    event = EventFactory(capacity=1)
    seated = ParticipantFactory(event=event)
    waiting = ParticipantFactory(event=event, status=Status.WAITLISTED)
    organiser_client.post(_change_url(seated), _change_form(seated, attendance_mode="online"))
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


@pytest.mark.django_db
def test_admin_edit_refuses_a_switch_to_in_person_without_a_seat(organiser_client):
    event = EventFactory(capacity=1)
    ParticipantFactory(event=event)
    online = ParticipantFactory(event=event, attendance_mode="online")
    response = organiser_client.post(
        _change_url(online), _change_form(online, attendance_mode="in_person"), follow=True
    )
    online.refresh_from_db()
    assert online.attendance_mode == "online"
    assert "There is no in-person seat left" in response.content.decode()


@pytest.mark.django_db
def test_admin_change_page_shows_the_emails_sent(organiser_client, participant):
    OutgoingEmail.objects.create(
        participant=participant, kind=OutgoingEmail.Kind.CONFIRMATION, recipient="x@example.org"
    )
    email = OutgoingEmail.objects.get()
    email.created_at = datetime(2023, 12, 1, 2, 30, tzinfo=UTC)  # 09:30 in Phnom Penh
    email.save(update_fields=["created_at"])
    response = organiser_client.get(_change_url(participant))
    assert response.status_code == 200
    assert "Registration received" in response.content.decode()
    assert "2023-12-01 09:30" in response.content.decode()  # the site's time, as in the lists


@pytest.mark.django_db
def test_admin_add_invitation_email_carries_the_link_and_the_ticket(organiser_client, event):
    organiser_client.post(ADD, _form(event), follow=True)
    email = build_email(OutgoingEmail.objects.get())
    assert email.subject.startswith("You are invited")
    assert "The organisers have invited you" in email.body
    assert "https://events.example.org/r/" in email.body
    assert any(str(getattr(a, "filename", "")).endswith(".ics") for a in email.attachments)


@pytest.mark.django_db
def test_admin_add_form_starts_with_the_featured_event(organiser_client, event):
    EventFactory(is_featured=False)
    response = organiser_client.get(ADD)
    assert response.context["adminform"].form.initial["event"] == event.pk


@pytest.mark.django_db
def test_writing_in_a_walk_ins_real_address_sends_them_their_registration(
    organiser_client, event, smtp_server, django_capture_on_commit_callbacks
):
    walk_in = ParticipantFactory(
        event=event,
        email="walk-in-5f1c@walk-in.invalid",
        source=Participant.Source.DOOR,
        given_name="Sreymom",
    )
    form = _change_form(walk_in, email="sreymom@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(_change_url(walk_in), form, follow=True)
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["sreymom@example.org"]
    message = message_from_bytes(envelope.content, policy=default_policy)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Your place is confirmed." in text
    assert "https://events.example.org/r/" in text  # their private link, to manage it
