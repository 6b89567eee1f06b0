"""Each registration mode: open, approval, and invitation only, on the page and in the rules."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.backoffice.test_seat_changes import event_url, post_form
from tests.factories import EventFactory, registration_data
from tests.participants.helpers import form_post
from wpsevents.events.models import Event, RegistrationMode
from wpsevents.participants import rules
from wpsevents.participants.models import OutgoingEmail, Participant

pytestmark = pytest.mark.django_db
Status = Participant.Status


def register_url(event, language="en"):
    with translation.override(language):
        return reverse("participants:register", kwargs={"slug": event.slug})


def invitation_only_event(**fields):
    return EventFactory(
        registration_mode=RegistrationMode.INVITATION,
        invitation_contact="invitations@unwomen.example",
        organisers="UN Women with the Ministry of Women's Affairs",
        **fields,
    )


def test_open_event_confirms_a_registration_from_the_form(client):
    event = EventFactory(capacity=10)
    assert client.post(register_url(event), form_post()).status_code == 302
    assert Participant.objects.get().status in (Status.CONFIRMED, Status.HELD)


def test_approval_event_keeps_a_registration_pending(client):
    event = EventFactory(capacity=10, registration_mode=RegistrationMode.APPROVAL)
    assert client.post(register_url(event), form_post()).status_code == 302
    assert Participant.objects.get().status == Status.PENDING
    assert event.requires_approval


def test_invitation_only_page_explains_how_to_ask_and_offers_no_form(client):
    event = invitation_only_event()
    body = client.get(register_url(event)).content.decode()
    assert "This event is by invitation only" in body
    assert "UN Women with the Ministry of Women&#x27;s Affairs" in body
    assert 'href="mailto:invitations@unwomen.example"' in body
    assert "registration-form" not in body
    assert 'name="email"' not in body


def test_invitation_only_event_page_has_no_register_button(client):
    event = invitation_only_event()
    body = client.get(event.get_absolute_url()).content.decode()
    assert "This event is by invitation only" in body
    assert "Register now" not in body
    assert "Join the waitlist" not in body


def test_invitation_only_refuses_a_form_sent_all_the_same(client):
    event = invitation_only_event()
    response = client.post(register_url(event), form_post())
    assert response.status_code == 403
    assert "nothing was saved" in response.content.decode()
    assert not Participant.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_invitation_only_refusal_is_in_khmer_on_the_khmer_page(client):
    event = invitation_only_event()
    response = client.post(register_url(event, "km"), form_post(language="km"))
    body = response.content.decode()
    assert response.status_code == 403
    with translation.override("km"):
        refusal = translation.gettext(
            "This event is by invitation only: it cannot be registered for on this page, and "
            "nothing was saved."
        )
    assert "ការចុះឈ្មោះ" in refusal
    assert refusal in body
    assert "This event is by invitation only" not in body
    assert "invitations@unwomen.example" in body
    assert not Participant.objects.exists()


def test_register_rule_refuses_the_public_on_an_invitation_only_event():
    event = invitation_only_event()
    with pytest.raises(ValidationError) as refused:
        rules.register_participant(event=event, data=registration_data())
    assert refused.value.code == "invitation_only"
    assert not Participant.objects.exists()


def test_organiser_invites_a_person_to_an_invitation_only_event():
    event = invitation_only_event(capacity=5)
    person = rules.add_participant_by_organiser(
        event=event, data=registration_data(email="invited@example.org"), send_invitation=True
    )
    assert person.status == Status.CONFIRMED
    assert person.emails.filter(kind=OutgoingEmail.Kind.INVITATION).exists()


def test_organiser_turns_an_event_to_invitation_only_in_the_admin(organiser_client):
    event = EventFactory(capacity=10)
    post_form(
        organiser_client,
        event_url(event),
        "event_form",
        {"registration_mode": "invitation", "invitation_contact": "ask@example.org"},
    )
    event = Event.objects.get(pk=event.pk)
    assert event.is_invitation_only
    assert event.invitation_contact == "ask@example.org"
