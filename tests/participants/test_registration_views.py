"""Registering through the form: post, redirect, confirmation; bad input stores nothing."""

import re
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from tests.participants.helpers import form_post, form_stamp
from wpsevents.events.models import Event, Session
from wpsevents.participants.models import OutgoingEmail, Participant
from wpsevents.participants.registration.views import DONE_COOKIE, DONE_SALT


def register_url(event):
    return reverse("participants:register", kwargs={"slug": event.slug})


def test_register_form_shows_the_fields_and_privacy_link(client, event):
    response = client.get(register_url(event))
    body = response.content.decode()
    assert response.status_code == 200
    for field in (
        "given_name",
        "family_name",
        "name_khmer",
        "email",
        "organisation_type",
        "country",
        "gender",
        "days",
        "attendance_mode",
        "consents_to_photography",
    ):
        assert f'name="{field}"' in body
    assert reverse("privacy") in body
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    ("language", "prompt", "region"),
    [("en", "Choose a country", "South-East Asia"), ("km", "ជ្រើសរើសប្រទេស", "អាស៊ីអាគ្នេយ៍")],
)
def test_country_list_asks_for_a_choice_before_the_region(client, event, language, prompt, region):
    url = register_url(event) if language == "en" else f"/km{register_url(event)}"
    body = client.get(url).content.decode()
    country = re.search(r'<select name="country".*?</select>', body, re.S).group(0)
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', country)
    assert options[0] == ("", prompt)
    assert re.findall(r'<option value="([^"]*)" selected', country) == [""], "no country chosen"
    assert f'<optgroup label="{region}">' in country
    assert options[1][0] in {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}


def test_register_without_a_country_is_refused_and_stores_nothing(client, event):
    response = client.post(register_url(event), form_post(country=""))
    assert response.status_code == 200
    assert 'id="id_country_error"' in response.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("field", "prompt"),
    [("organisation_type", "Choose a type of organisation"), ("salutation", "No salutation")],
)
def test_empty_choices_say_what_they_mean(client, event, field, prompt):
    body = client.get(register_url(event)).content.decode()
    select = re.search(rf'<select name="{field}".*?</select>', body, re.S).group(0)
    assert re.search(r'<option value=""[^>]*>([^<]*)<', select).group(1) == prompt
    assert "-----" not in select


def test_register_valid_form_redirects_to_the_confirmation(client, event):
    response = client.post(register_url(event), form_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:done", kwargs={"slug": event.slug})
    participant = Participant.objects.get()
    assert participant.status == Participant.Status.CONFIRMED
    assert participant.name_khmer == "ចាន់ សុខា"
    assert str(participant.phone) == "+85512345678"
    page = client.get(response["Location"]).content.decode()
    assert "Your place is confirmed" in page
    assert "Check your email" in page


def test_register_confirmation_reload_sends_nothing_again(client, event):
    client.post(register_url(event), form_post())
    done = reverse("participants:done", kwargs={"slug": event.slug})
    client.get(done)
    client.get(done)
    assert OutgoingEmail.objects.count() == 1


def test_register_full_event_says_waitlist_plainly(client, event):
    ParticipantFactory.create_batch(10, event=event)
    response = client.post(register_url(event), form_post(), follow=True)
    assert "you are on the waitlist" in response.content.decode()
    assert Participant.objects.get(email="sokha@example.org").status == "waitlisted"


def test_register_duplicate_shows_the_same_page_and_creates_nothing(client, event):
    ParticipantFactory(event=event, email="sokha@example.org", given_name="Original")
    response = client.post(register_url(event), form_post(email="SOKHA@example.org"), follow=True)
    assert "Check your email" in response.content.decode()
    assert Participant.objects.filter(email__iexact="sokha@example.org").count() == 1
    assert OutgoingEmail.objects.get().kind == OutgoingEmail.Kind.ALREADY_REGISTERED


def test_registering_again_is_told_by_email_that_nothing_was_changed(
    client, event, smtp_server, django_capture_on_commit_callbacks
):
    ParticipantFactory(event=event, email="sokha@example.org", days="day1", language="km")
    again = form_post(email="SOKHA@example.org", days="day2", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(register_url(event), again)
    (envelope,) = smtp_server.messages
    message = message_from_bytes(envelope.content, policy=default_policy)
    text = message.get_body(preferencelist=("plain",)).get_content()
    # In the language of the registration the address holds, whatever the second form said.
    assert "លោកអ្នកបានចុះឈ្មោះរួចហើយ" in message["Subject"]
    assert "ព័ត៌មានលម្អិតដែលបានផ្ញើមិនត្រូវបានរក្សាទុកទេ" in text
    assert re.search(r"https://events\.example\.org/km/r/\S+", text)  # the private link
    assert Participant.objects.get().days == "day1"


def test_register_duplicate_page_is_identical_to_a_new_registration(client, event):
    new = client.post(register_url(event), form_post(), follow=True).content
    client.cookies.clear()
    again = client.post(register_url(event), form_post(), follow=True).content
    assert new == again


def test_register_normalises_text(client, event):
    client.post(
        register_url(event),
        form_post(
            given_name="  Sok\u00a0\u00a0  ha ",
            organisation="Cafe\u0301  Network",
            email="Sokha@EXAMPLE.ORG",
        ),
    )
    participant = Participant.objects.get()
    assert participant.given_name == "Sok ha"
    assert participant.organisation == "Café Network"
    assert participant.email == "Sokha@example.org"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", ""),
        ("given_name", "x" * 101),
        ("given_name", "Sok\x00ha"),
        ("given_name", "Sok\x07ha"),
        ("given_name", "\u200d"),
        ("given_name", "\u2060\u200e\ufeff\u00ad"),
        ("given_name", "\u3164"),
        ("given_name", "\u2800\ufe0f"),
        ("given_name", "\u0301\u0301"),
        ("given_name", "Sok\uffff"),
        ("family_name", "Chan\u202eevil"),
        ("organisation", "\x1b[31mred"),
        ("email", "not-an-email"),
        ("email", "a@b@example.org"),
        ("email", "sokha@example.org\r\nBcc: victim@example.org"),
        ("phone", "call me maybe"),
        ("country", "XX"),
        ("gender", "robot"),
        ("days", "day3"),
        ("attendance_mode", "teleport"),
        ("organisation_type", "<script>"),
        ("consents_to_data_processing", None),
        ("dietary_requirements", "x" * 301),
        ("language", "fr"),
    ],
)
def test_register_bad_input_gets_an_error_and_stores_nothing(client, event, field, value):
    response = client.post(register_url(event), form_post(**{field: value}))
    assert response.status_code == 200
    assert "Please correct the following" in response.content.decode()
    assert not Participant.objects.exists()
    assert not OutgoingEmail.objects.exists()


PHONE_WITH_LETTERS = "Please write the phone number with digits only, without letters."


@pytest.mark.parametrize("phone", ["012 345 abc", "012 FLOWERS", "+855 12 345 678 ext 5"])
def test_register_refuses_letters_in_the_phone_number_rather_than_dialling_them(
    client, event, phone
):
    response = client.post(register_url(event), form_post(phone=phone))
    assert response.status_code == 200
    assert PHONE_WITH_LETTERS in response.content.decode()
    assert not Participant.objects.exists()


def test_register_takes_a_phone_number_in_khmer_digits(client, event):
    client.post(register_url(event), form_post(phone="០១២ ៣៤៥ ៦៧៨"))
    assert str(Participant.objects.get().phone) == "+85512345678"


def test_register_takes_newer_emoji_and_drops_an_invisible_optional_name(client, event):
    client.post(
        register_url(event),
        form_post(given_name="Sok\U0001fae8", family_name="\u200b\u2060"),
    )
    participant = Participant.objects.get()
    assert participant.given_name == "Sok\U0001fae8"
    assert participant.family_name == ""


def test_register_says_an_invisible_name_is_missing(client, event):
    response = client.post(register_url(event), form_post(given_name="\u200d\u3164"))
    assert "This field is required." in response.content.decode()
    assert not Participant.objects.exists()


def test_register_working_group_must_be_one_of_the_event(client, event):
    from tests.factories import SessionFactory

    SessionFactory(event=event, kind="working_group", capacity=5)
    plenary = SessionFactory(event=event, kind="plenary")
    for value in (str(plenary.pk), "999999", "abc"):
        response = client.post(register_url(event), form_post(working_group=value))
        assert response.status_code == 200
    assert not Participant.objects.exists()


def test_register_trap_filled_reads_as_success_and_waits_for_the_email(client, event):
    response = client.post(register_url(event), form_post(leave_empty="http://spam.example"))
    assert response.status_code == 302
    assert Participant.objects.get().status == Participant.Status.HELD


def test_register_too_fast_is_refused(client, event, settings):
    settings.REGISTRATION_MIN_FILL_SECONDS = 5
    response = client.post(register_url(event), form_post(started=form_stamp(seconds_ago=1)))
    assert "very fast" in response.content.decode()
    assert not Participant.objects.exists()


def test_register_tampered_stamp_is_refused_and_renewed(client, event):
    response = client.post(register_url(event), form_post(started="123:forged"))
    body = response.content.decode()
    assert "The form has expired" in body
    assert "123:forged" not in body
    assert not Participant.objects.exists()


def test_register_closed_event_refuses_on_the_server(client, db):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import EventFactory

    now = timezone.now()
    event = EventFactory(
        registration_opens_at=now - timedelta(days=5),
        registration_closes_at=now - timedelta(days=1),
    )
    response = client.post(register_url(event), form_post())
    assert response.status_code == 200
    assert "Registration is closed" in response.content.decode()
    assert not Participant.objects.exists()


def test_registration_closed_on_another_server_refuses_the_next_one_at_once(client, event):
    assert client.post(register_url(event), form_post()).status_code == 302
    # An edit that sends no signal, as one made by another app server reaches this one.
    Event.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now())
    response = client.post(register_url(event), form_post(email="late@example.org"))
    assert response.status_code == 200
    assert "Registration is closed" in response.content.decode()
    assert not Participant.objects.filter(email="late@example.org").exists()


def test_working_group_withdrawn_on_another_server_is_refused_at_once(client, event):
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=30)
    first = client.post(register_url(event), form_post())  # the groups offered, now kept
    assert first.status_code == 302
    Session.objects.filter(pk=group.pk).update(kind=Session.Kind.PLENARY)
    response = client.post(
        register_url(event), form_post(email="late@example.org", working_group=group.pk)
    )
    assert response.status_code == 200
    assert 'id="id_working_group_error"' in response.content.decode()
    assert not Participant.objects.filter(email="late@example.org").exists()


def test_register_rate_limit_answers_429(client, event):
    # The limit counts per minute: a clock that stands still keeps all eleven in one minute.
    with time_machine.travel(timezone.now(), tick=False):
        for number in range(10):
            client.post(register_url(event), form_post(email=f"p{number}@example.org"))
        response = client.post(register_url(event), form_post(email="eleventh@example.org"))
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not Participant.objects.filter(email="eleventh@example.org").exists()


def test_register_rate_limit_can_be_switched_off(client, event, settings):
    settings.RATELIMIT_ENABLE = False
    for number in range(12):
        client.post(register_url(event), form_post(email=f"p{number}@example.org"))
    assert Participant.objects.count() == 12


def test_register_huge_body_is_refused(client, event):
    response = client.post(register_url(event), form_post(accessibility_needs="x" * 400_000))
    assert response.status_code == 400
    assert not Participant.objects.exists()


def test_register_unknown_event_is_404(client, db):
    assert client.get("/events/no-such-event/register/").status_code == 404


def test_register_requires_csrf(event):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(register_url(event), form_post())
    assert response.status_code == 403
    assert not Participant.objects.exists()


QR_CODE_HINT = "Bring the QR code from the email"


def done_page_after(client, event, **overrides) -> str:
    response = client.post(register_url(event), form_post(**overrides), follow=True)
    assert response.redirect_chain[-1][0].endswith("/register/done/")
    return response.content.decode()


def test_done_page_tells_a_confirmed_in_person_registrant_to_bring_the_qr_code(client, event):
    page = done_page_after(client, event)
    assert "Your place is confirmed" in page
    assert QR_CODE_HINT in page


def test_done_page_says_nothing_of_a_qr_code_to_an_online_registrant(client, event):
    page = done_page_after(client, event, attendance_mode="online")
    assert "Your place is confirmed" in page
    assert QR_CODE_HINT not in page
    assert f'href="{event.livestream_url}"' in page


def test_done_page_says_nothing_of_a_qr_code_to_the_waitlist(client, event):
    ParticipantFactory.create_batch(10, event=event)
    page = done_page_after(client, event)
    assert "you are on the waitlist" in page
    assert QR_CODE_HINT not in page


def test_done_page_says_nothing_of_a_qr_code_to_a_registration_awaiting_approval(client, db):
    event = EventFactory(requires_approval=True)
    page = done_page_after(client, event)
    assert "The organisers will review your registration" in page
    assert QR_CODE_HINT not in page


def test_done_page_reads_a_cookie_set_before_it_carried_the_attendance_mode(client, event):
    done = {"slug": event.slug, "status": "confirmed", "name": "Sokha"}
    client.cookies[DONE_COOKIE] = signing.dumps(done, salt=DONE_SALT)
    response = client.get(reverse("participants:done", kwargs={"slug": event.slug}))
    assert response.status_code == 200
    assert QR_CODE_HINT in response.content.decode()


def test_done_page_says_when_it_is_the_working_group_that_is_full(client, event):
    from tests.factories import SessionFactory

    group = SessionFactory(event=event, kind="working_group", capacity=1, title="Group A")
    done_page_after(client, event, email="first@example.org", working_group=str(group.pk))
    page = done_page_after(client, event, email="second@example.org", working_group=str(group.pk))
    assert "The seats of your working group, Group A, are taken: you are on its waitlist." in page
    assert "All in-person seats are taken" not in page


def test_the_form_offers_the_working_groups_organisers_have_now(
    client, event, django_capture_on_commit_callbacks
):
    url = register_url(event)
    with django_capture_on_commit_callbacks(execute=True):
        first = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="Early warning")
    assert "Early warning" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        added = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, title="Peace talks")
    assert "Peace talks" in client.get(url).content.decode()
    gone = first.pk
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert "Early warning" not in client.get(url).content.decode()
    refused = client.post(url, form_post(working_group=gone))
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not Participant.objects.exists()
    client.post(url, form_post(working_group=added.pk))
    assert Participant.objects.get().working_group == added
