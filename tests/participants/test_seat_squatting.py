"""A client inventing addresses cannot keep seats; a real person gets theirs with one click.

The form's limits per network and per event, the single-use form stamp and the trap for robots,
through the test client, with the client's address found as in production (wpsevents.proxy).
"""

import os
import re
from collections import Counter
from datetime import timedelta
from email import message_from_bytes

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import test_khmer_errors as khmer_errors
from tests.factories import EventFactory
from tests.participants import test_emails
from tests.participants.helpers import form_post, form_stamp
from wpsevents.cache_config import survive_outages
from wpsevents.participants import rules
from wpsevents.participants.models import OutgoingEmail, Participant
from wpsevents.proxy import network_of

Status = Participant.Status
NETWORK_REFUSAL = "Many seats are already held for registrations from your network"


def register_url(event):
    return reverse("participants:register", kwargs={"slug": event.slug})


@pytest.fixture
def workshop(db):
    """The workshop's 120 in-person seats, held until each address is confirmed (the default)."""
    return EventFactory(capacity=120, is_featured=True, holds_unconfirmed_seats=True)


def _text_of(envelope) -> str:
    received = message_from_bytes(envelope.content)
    plain = next(part for part in received.walk() if part.get_content_type() == "text/plain")
    return plain.get_payload(decode=True).decode(plain.get_content_charset())


@pytest.mark.parametrize("through_proxy", [False, True], ids=["direct", "behind the proxy"])
def test_a_script_inventing_addresses_from_one_network_holds_a_handful_for_a_short_time(
    client, workshop, smtp_server, django_capture_on_commit_callbacks, through_proxy
):
    answers = Counter()
    for n in range(100):
        address = f"203.0.113.{n + 1}"
        where = (
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": address}
            if through_proxy
            else {"REMOTE_ADDR": address}
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                register_url(workshop), form_post(email=f"invented{n}@example.net"), **where
            )
        answers[response.status_code] += 1
        if response.status_code == 200:
            assert NETWORK_REFUSAL in response.content.decode()
    robots = Participant.objects.filter(event=workshop)
    assert not robots.filter(status=Status.CONFIRMED).exists()
    assert robots.filter(status=Status.HELD).count() == 5
    # 30 submissions from the network in ten minutes: 5 held, 25 refused; then 429 only.
    assert answers == {302: 5, 200: 25, 429: 70}

    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert rules.release_lapsed_holds() == 5
        assert not robots.filter(status=Status.HELD).exists()
        assert not robots.filter(status=Status.CONFIRMED).exists()
        real_person_registers_and_opens_the_email(
            client, workshop, smtp_server, django_capture_on_commit_callbacks
        )


def real_person_registers_and_opens_the_email(
    client, event, smtp_server, django_capture_on_commit_callbacks
):
    """A delegate registers from their office, then opens the link in the email they receive."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(event), form_post(email="sokha@example.org"), REMOTE_ADDR="198.51.100.7"
        )
    assert response.status_code == 302
    delegate = Participant.objects.get(email="sokha@example.org")
    assert delegate.status == Status.HELD
    (envelope,) = [m for m in smtp_server.messages if m.rcpt_tos == ["sokha@example.org"]]
    link = test_emails.LINK.search(_text_of(envelope)).group(0)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(link.removeprefix("https://events.example.org"), follow=True)
    assert page.status_code == 200
    delegate.refresh_from_db()
    assert delegate.status == Status.CONFIRMED
    tickets = [m for m in smtp_server.messages if m.rcpt_tos == ["sokha@example.org"]]
    parts = {part.get_content_type() for part in message_from_bytes(tickets[-1].content).walk()}
    assert {"image/png", "text/calendar"} <= parts, "the check-in code and calendar follow"


def test_network_of_an_address_is_its_24_or_its_64():
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert network_of("::ffff:203.0.113.9") == "203.0.113.0/24"
    assert network_of("not an address") == "not an address"


def test_submissions_are_limited_per_ipv6_64(client, workshop, settings):
    settings.REGISTRATION_RATE_PER_NETWORK = "3/m"
    statuses = [
        client.post(
            register_url(workshop),
            form_post(email=f"p{n}@example.org", attendance_mode="online"),
            REMOTE_ADDR=f"2001:db8::{n + 1}",
        ).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    elsewhere = client.post(
        register_url(workshop),
        form_post(email="q@example.org", attendance_mode="online"),
        REMOTE_ADDR="2001:db8:0:1::1",
    )
    assert elsewhere.status_code == 302


def test_submissions_to_one_event_are_limited_from_everyone_together(client, workshop, settings):
    settings.REGISTRATION_RATE_PER_EVENT = "3/m"
    statuses = [
        client.post(
            register_url(workshop),
            form_post(email=f"p{n}@example.org"),
            REMOTE_ADDR=f"198.51.{n}.1",
        ).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    other = EventFactory(capacity=10)
    answer = client.post(register_url(other), form_post(), REMOTE_ADDR="198.51.9.1")
    assert answer.status_code == 302


def test_a_burst_of_submissions_emails_the_organisers_once(client, workshop, settings, organiser):
    settings.REGISTRATION_BURST_ALERT = "3/m"
    for n in range(6):
        client.post(
            register_url(workshop),
            form_post(email=f"p{n}@example.org"),
            REMOTE_ADDR=f"198.51.{n}.1",
        )
    (alert,) = mail.outbox
    assert alert.to == [organiser.email]
    assert alert.subject == f"Unusual burst of registrations: {workshop.title}"
    held = f"/admin/participants/participant/?event__id__exact={workshop.pk}&status__exact=held"
    assert f"https://events.example.org{held}" in alert.body
    assert "Cancel the selected held registrations" in alert.body


def test_form_stamp_is_good_for_one_registration_only(client, workshop):
    stamp = form_stamp()
    first = client.post(register_url(workshop), form_post(email="a@example.org", started=stamp))
    assert first.status_code == 302
    replay = client.post(
        register_url(workshop),
        form_post(email="b@example.org", started=stamp),
        REMOTE_ADDR="198.51.100.1",
    )
    assert replay.status_code == 200
    assert "The form has expired" in replay.content.decode()
    assert stamp not in replay.content.decode(), "a fresh stamp replaces the spent one"
    assert list(Participant.objects.values_list("email", flat=True)) == ["a@example.org"]


def test_a_form_with_mistakes_keeps_its_stamp_for_the_corrected_answers(client, workshop):
    stamp = form_stamp()
    mistaken = client.post(register_url(workshop), form_post(given_name="", started=stamp))
    assert mistaken.status_code == 200
    corrected = client.post(register_url(workshop), form_post(started=stamp))
    assert corrected.status_code == 302


def test_a_refused_registration_keeps_its_stamp_for_the_next_try(client, db, settings):
    settings.REGISTRATION_HOLDS_PER_NETWORK = 1
    event = EventFactory(capacity=10, holds_unconfirmed_seats=True)
    client.post(register_url(event), form_post(email="a@example.org"), REMOTE_ADDR="203.0.113.1")
    stamp = form_stamp()
    answers = form_post(email="b@example.org", started=stamp)
    refused = client.post(register_url(event), answers, REMOTE_ADDR="203.0.113.2")
    assert NETWORK_REFUSAL in refused.content.decode()
    rules.cancel_registration(participant=Participant.objects.get(email="a@example.org"))
    again = client.post(register_url(event), answers, REMOTE_ADDR="203.0.113.2")
    assert again.status_code == 302


@pytest.mark.skipif(not os.environ.get("REDIS_TEST_URL"), reason=".ci/run starts Redis, names it")
def test_form_stamp_is_spent_for_every_app_server_sharing_redis(workshop, settings):
    redis = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": os.environ["REDIS_TEST_URL"]}
    settings.CACHES = {"default": survive_outages(redis)}
    cache.clear()
    stamp = form_stamp()
    first_server, second_server = Client(), Client()
    first = first_server.post(
        register_url(workshop), form_post(email="a@example.org", started=stamp)
    )
    replay = second_server.post(
        register_url(workshop), form_post(email="b@example.org", started=stamp)
    )
    assert (first.status_code, replay.status_code) == (302, 200)
    assert "The form has expired" in replay.content.decode()
    cache.clear()


def test_filled_trap_is_never_echoed_nor_listed_among_the_mistakes(client, workshop):
    answers = form_post(given_name="", leave_empty="trap-value-from-autofill")
    response = client.post(register_url(workshop), answers)
    body = response.content.decode()
    assert response.status_code == 200
    assert "trap-value-from-autofill" not in body
    summary = re.search(r"<div[^>]*data-error-summary.*?</div>", body, re.S).group(0)
    assert "Given name" in summary and "Leave this field empty" not in summary
    trap = re.search(r"<input[^>]*name=\"leave_empty\"[^>]*>", body).group(0)
    assert "value=" not in trap


def test_trap_carries_the_attributes_no_autofill_fills(client, workshop):
    body = client.get(register_url(workshop)).content.decode()
    trap = re.search(r"<input[^>]*name=\"leave_empty\"[^>]*>", body).group(0)
    for attribute in (
        'autocomplete="off"',
        'tabindex="-1"',
        'data-lpignore="true"',
        "data-1p-ignore",
        "data-bwignore",
        'data-form-type="other"',
    ):
        assert attribute in trap
    assert "website" not in body.split("<form", 1)[1].split("</form>", 1)[0]


def test_filled_trap_reads_exactly_like_a_success_and_the_place_waits_for_the_link(
    client, db, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=10, is_featured=True, holds_unconfirmed_seats=False)
    url = register_url(event)
    person = client.post(url, form_post(email="person@example.org"), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        robot = client.post(url, form_post(email="robot@example.net", leave_empty="x"), follow=True)
    assert robot.redirect_chain == person.redirect_chain
    assert robot.content == person.content
    suspect = Participant.objects.get(email="robot@example.net")
    assert suspect.status == Status.HELD
    assert suspect.emails.get().kind == OutgoingEmail.Kind.HOLD
    link = re.search(r"/r/[\w-]+/", mail.outbox[-1].body).group(0)
    client.get(link, follow=True)
    suspect.refresh_from_db()
    assert suspect.status == Status.CONFIRMED, (
        "a person whose browser filled the trap loses nothing"
    )


def test_filled_trap_holds_even_an_online_place_until_the_link_is_opened(client, workshop):
    answers = form_post(attendance_mode="online", leave_empty="x")
    assert client.post(register_url(workshop), answers).status_code == 302
    assert Participant.objects.get().status == Status.HELD
    assert Participant.objects.holding_seats().count() == 0, "online takes no seat"


def test_khmer_registrant_is_told_in_khmer_that_the_seat_is_held(client, db):
    event = EventFactory(capacity=10, holds_unconfirmed_seats=True, title_km="សិក្ខាសាលា")
    response = client.post(khmer_errors.register_url(event), form_post(), follow=True)
    # The name as typed, and the glosses the confirmation page has in any case.
    khmer_errors.assert_page_in_khmer(response, allowed={"Sokha", "QR", "spam"})
    assert "៣០ នាទី" in response.content.decode()


def test_khmer_registrant_is_told_in_khmer_that_their_network_holds_enough(client, db, settings):
    settings.REGISTRATION_HOLDS_PER_NETWORK = 1
    event = EventFactory(capacity=10, holds_unconfirmed_seats=True, title_km="សិក្ខាសាលា")
    client.post(khmer_errors.register_url(event), form_post(email="a@example.org"))
    refused = client.post(khmer_errors.register_url(event), form_post(email="b@example.org"))
    summary = khmer_errors.error_summary(khmer_errors.Page(refused.content.decode()))
    khmer_errors.assert_in_khmer(summary)
