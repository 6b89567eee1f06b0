"""Private links as a registrant meets them: out of the address bar, revoked, limited.

The link from an email sets a cookie for the private-link pages and redirects to `/r/`. A link
stops working when the organisers correct the address it went to, when two newer ones have
been sent, or when its owner signs out every other link. "Send me my link" sends one email
every ten minutes per person, however many ask.
"""

import re
from datetime import timedelta
from email import message_from_bytes

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory, registration_data
from tests.participants.helpers import form_post
from wpsevents.participants import rules
from wpsevents.participants.models import AccessToken, OutgoingEmail, Participant
from wpsevents.participants.tokens import issue_private_link, participant_for_token

LINK = re.compile(r"https://events\.example\.org((?:/km)?/r/([\w-]+)/)")
PAGE, CHANGE, CANCEL, CALENDAR = "/r/", "/r/change/", "/r/cancel/", "/r/calendar.ics"
GONE = "Ask for a new private link"


def links_in(messages) -> list[str]:
    """The private-link addresses (path only) in emails Django sent, oldest first."""
    return [LINK.search(message.body).group(1) for message in messages]


def delivered_link(inbox) -> str:
    """The private-link address (path only) in the last email the SMTP server received."""
    received = message_from_bytes(inbox.messages[-1].content)
    text = next(p for p in received.walk() if p.get_content_type() == "text/plain")
    return LINK.search(text.get_payload(decode=True).decode()).group(1)


def opened(browser, token: str):
    """Open a private link in this browser as from an email, without following it."""
    return browser.get(reverse("participants:manage", kwargs={"token": token}))


def same_answer(first, second) -> bool:
    """Whether two pages say the same, but for their forms' CSRF tokens."""
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    return strip.sub("", first.content.decode()) == strip.sub("", second.content.decode())


def change_form(participant, **overrides) -> dict:
    """The admin's change form of a participant, as posted with its current values."""
    data = {
        "salutation": "",
        "given_name": participant.given_name,
        "family_name": participant.family_name,
        "name_khmer": "",
        "email": participant.email,
        "phone": "",
        "gender": participant.gender,
        "language": "en",
        "organisation": participant.organisation,
        "position": "",
        "organisation_type": participant.organisation_type,
        "country": "KH",
        "days": participant.days,
        "attendance_mode": participant.attendance_mode,
        "working_group": "",
        "dietary_requirements": "",
        "accessibility_needs": "",
        "consents_to_data_processing": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def registered(event, smtp_server, django_capture_on_commit_callbacks):
    """Sokha registered through the form; the confirmation went through the SMTP server."""
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("participants:register", kwargs={"slug": event.slug}), form_post())
    return Participant.objects.get(email="sokha@example.org")


@pytest.fixture
def ask_for_link(client, django_capture_on_commit_callbacks):
    """Post the "send me my link" form from an IP address; the email goes out as it commits."""

    def ask(event, email, ip="198.51.100.7"):
        url = reverse("participants:resend_link", kwargs={"slug": event.slug})
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"email": email}, follow=True, REMOTE_ADDR=ip)

    return ask


# The link from an email: traded for a cookie, and gone from the address.


def test_link_from_the_email_redirects_to_an_address_without_its_secret(
    client, registered, smtp_server
):
    link = delivered_link(smtp_server)
    token = link.split("/")[-2]
    response = client.get(link, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert token not in response.request["PATH_INFO"]
    body = response.content.decode()
    assert registered.reference in body
    assert token not in body
    assert "<svg" in body  # the check-in code
    assert client.get(CALENDAR).content.startswith(b"BEGIN:VCALENDAR")


def test_link_cookie_is_for_the_private_link_pages_only_and_ends_with_the_link(client, participant):
    response = opened(client, issue_private_link(participant))
    english, khmer = response.cookies["private_link_en"], response.cookies["private_link_km"]
    assert (english["path"], khmer["path"]) == ("/r/", "/km/r/")
    left = participant.event.private_links_expire_at - timezone.now()
    for cookie in (english, khmer):
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert left - timedelta(minutes=1) < timedelta(seconds=int(cookie["max-age"])) <= left


def test_link_cookie_is_secure_when_the_site_is(client, participant, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = opened(client, issue_private_link(participant))
    assert response.cookies["private_link_en"]["secure"] is True


def test_khmer_link_opens_the_khmer_page_without_its_secret(client, participant):
    token = issue_private_link(participant)
    response = client.get(f"/km/r/{token}/", follow=True)
    assert response.redirect_chain == [("/km/r/", 302)]
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "km"


def test_link_still_opens_after_a_mail_scanner_opened_it_first(client, participant):
    link = reverse("participants:manage", kwargs={"token": issue_private_link(participant)})
    client.get(link)  # the scanner of the person's mail provider
    client.cookies.clear()  # the person, in their own browser
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert participant.reference in response.content.decode()


def test_old_addresses_of_the_other_pages_lead_to_them_without_the_secret(client, participant):
    token = issue_private_link(participant)
    for page, address in (("change", CHANGE), ("cancel", CANCEL), ("calendar", CALENDAR)):
        response = client.get(reverse(f"participants:{page}", kwargs={"token": token}))
        assert (response.status_code, response["Location"]) == (302, address)


def test_private_link_pages_send_only_the_origin_as_referer(client, participant):
    response = opened(client, issue_private_link(participant))
    assert response["Referrer-Policy"] == "no-referrer"
    for address in (PAGE, CHANGE, CANCEL, CALENDAR):
        assert client.get(address)["Referrer-Policy"] == "strict-origin", address


def test_pages_without_a_link_in_this_browser_say_how_to_get_one(client, event):
    for address in (PAGE, CHANGE, CANCEL, CALENDAR):
        response = client.get(address)
        assert response.status_code == 404
        assert GONE in response.content.decode()
    resend = reverse("participants:resend_link", kwargs={"slug": event.slug})
    assert f'href="{resend}"' in client.get(PAGE).content.decode()


def test_tampered_cookie_opens_nothing(client, participant):
    opened(client, issue_private_link(participant))
    client.cookies["private_link_en"] = client.cookies["private_link_en"].value[:-2] + "xx"
    client.cookies["private_link_km"] = "x"
    assert client.get(PAGE).status_code == 404


# Correcting an address kills the links sent to the old one.


def test_organiser_correcting_the_email_kills_the_old_link(
    client, organiser_client, registered, smtp_server, django_capture_on_commit_callbacks
):
    link = delivered_link(smtp_server)
    browser = Client()
    assert browser.get(link, follow=True).status_code == 200  # opened before the correction
    change = reverse("admin:participants_participant_change", args=[registered.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(change, change_form(registered, email="sokha@mail.org"))
    assert response.status_code == 302
    assert Participant.objects.get(pk=registered.pk).email == "sokha@mail.org"

    for address in (PAGE, CALENDAR, CHANGE):  # the browser that had opened it
        response = browser.get(address)
        assert response.status_code == 404
        assert GONE in response.content.decode()
        assert "<svg" not in response.content.decode()
    stranger = Client()  # whoever holds the old address
    response = stranger.get(link, follow=True)
    assert response.status_code == 404
    body = response.content.decode()
    assert GONE in body
    assert registered.reference not in body
    resend = reverse("participants:resend_link", kwargs={"slug": registered.event.slug})
    assert f'href="{resend}"' in body
    assert stranger.get(CALENDAR).status_code == 404


def test_link_sent_after_the_correction_goes_to_the_new_address_and_works(
    client, participant, ask_for_link
):
    rules.update_registration(
        participant=participant, data={"email": "sokha@mail.org"}, fields=("email",)
    )
    ask_for_link(participant.event, "sokha@mail.org")
    (message,) = mail.outbox
    assert message.to == [f"{participant.full_name} <sokha@mail.org>"]
    assert client.get(links_in([message])[0], follow=True).status_code == 200


def test_any_change_of_address_through_the_rules_revokes_every_link(participant):
    tokens = [issue_private_link(participant), issue_private_link(participant)]
    rules.update_registration(
        participant=participant, data={"email": "new@example.org"}, fields=("email",)
    )
    assert not AccessToken.objects.exists()
    assert [participant_for_token(token) for token in tokens] == [None, None]


def test_changing_only_the_capitals_of_the_address_keeps_the_links(participant):
    token = issue_private_link(participant)
    upper = participant.email.upper()
    rules.update_registration(participant=participant, data={"email": upper}, fields=("email",))
    assert participant_for_token(token).pk == participant.pk


def test_change_form_of_the_registrant_keeps_their_link(client, participant):
    opened(client, issue_private_link(participant))
    rules.update_registration(participant=participant, data={"organisation": "Ministry"})
    assert client.get(PAGE).status_code == 200


def test_link_issued_for_an_address_read_before_its_correction_does_not_open(participant):
    """The email worker read the old address just before an organiser saved the new one."""
    read_by_the_worker = Participant.objects.get(pk=participant.pk)
    rules.update_registration(
        participant=participant, data={"email": "sokha@mail.org"}, fields=("email",)
    )
    token = issue_private_link(read_by_the_worker)  # sent to the old address
    assert participant_for_token(token) is None


# Only the two newest links of a person work.


def test_three_link_requests_leave_only_the_two_newest_links_working(
    client, event, participant, ask_for_link
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            ask_for_link(event, participant.email)
            clock.shift(timedelta(minutes=11))
    first, second, third = links_in(mail.outbox)
    assert client.get(first, follow=True).status_code == 404
    assert client.get(second, follow=True).status_code == 200
    assert client.get(third, follow=True).status_code == 200
    assert AccessToken.objects.filter(participant=participant).count() == 2


def test_a_browser_signed_in_with_a_superseded_link_is_signed_out(client, participant):
    opened(client, issue_private_link(participant))
    issue_private_link(participant)
    assert client.get(PAGE).status_code == 200
    issue_private_link(participant)
    assert client.get(PAGE).status_code == 404


def test_a_link_is_dead_once_two_newer_exist_even_before_it_is_deleted(participant):
    """Two emails rendered at once may each keep the other's older link a moment."""
    tokens = [issue_private_link(participant) for _ in range(3)]
    AccessToken.objects.bulk_create(  # what a second worker's insert would have left
        [AccessToken(participant=participant, token_hash="0" * 64, address_hash="x")]
    )
    assert participant_for_token(tokens[1]) is None
    assert participant_for_token(tokens[2]) is not None


# "Send me my link": one email per person every ten minutes, still a neutral answer.


def test_link_requests_from_two_places_within_ten_minutes_send_one_email(
    event, participant, ask_for_link
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = ask_for_link(event, participant.email, ip="198.51.100.7")
        clock.shift(timedelta(minutes=9))
        second = ask_for_link(event, participant.email.upper(), ip="203.0.113.9")
        assert len(mail.outbox) == 1
        assert same_answer(first, second)
        clock.shift(timedelta(minutes=2))
        ask_for_link(event, participant.email, ip="192.0.2.1")
    assert len(mail.outbox) == 2


def test_limited_request_answers_as_an_unknown_address_does(event, participant, ask_for_link):
    ask_for_link(event, participant.email)
    limited = ask_for_link(event, participant.email, ip="203.0.113.9")
    unknown = ask_for_link(event, "stranger@example.org", ip="192.0.2.1")
    assert len(mail.outbox) == 1
    assert same_answer(limited, unknown)
    assert "If this address is registered" in limited.content.decode()


def test_registering_again_counts_as_asking_for_the_link(event, participant, ask_for_link):
    ask_for_link(event, participant.email)
    data = registration_data(email=participant.email)
    rules.register_participant(event=event, data=data)
    kinds = list(OutgoingEmail.objects.values_list("kind", flat=True))
    assert kinds == [OutgoingEmail.Kind.LINK]


def test_link_limit_is_per_person_not_per_address_typed(db):
    event = EventFactory()
    one = ParticipantFactory(event=event, email="one@example.org")
    ParticipantFactory(event=event, email="two@example.org")
    rules.send_private_link(event=event, email="one@example.org")
    rules.send_private_link(event=event, email="two@example.org")
    rules.send_private_link(event=event, email="ONE@example.org")
    assert OutgoingEmail.objects.filter(participant=one).count() == 1
    assert OutgoingEmail.objects.count() == 2


# Sign out every other link.


def test_sign_out_every_other_link_keeps_only_this_browser(client, event, participant):
    mine, theirs = issue_private_link(participant), issue_private_link(participant)
    other_browser = Client()
    opened(other_browser, theirs)
    opened(client, mine)
    page = client.get(PAGE).content.decode()
    assert "Sign out every other link" in page
    response = client.post(reverse("participants:sign_out_others"), follow=True)
    assert "Your other private links have stopped working" in response.content.decode()
    assert client.get(PAGE).status_code == 200
    assert other_browser.get(PAGE).status_code == 404
    link = reverse("participants:manage", kwargs={"token": theirs})
    assert Client().get(link).status_code == 404


def test_sign_out_is_a_post_only(client, participant):
    opened(client, issue_private_link(participant))
    assert client.get(reverse("participants:sign_out_others")).status_code == 405


def test_sign_out_without_a_link_signs_out_nothing(client, participant):
    issue_private_link(participant)
    assert client.post(reverse("participants:sign_out_others")).status_code == 404
    assert AccessToken.objects.count() == 1


def test_sign_out_leaves_other_registrations_links_alone(client, event, participant):
    other = ParticipantFactory(event=event, email="other@example.org")
    kept = issue_private_link(other)
    opened(client, issue_private_link(participant))
    client.post(reverse("participants:sign_out_others"))
    assert participant_for_token(kept).pk == other.pk


def test_khmer_page_of_a_dead_link_is_in_khmer_and_leads_to_the_khmer_form(client, event):
    response = client.get("/km/r/no-longer-works/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "ស្នើសុំតំណឯកជនថ្មី" in body
    assert f'href="/km/events/{event.slug}/my-link/"' in body
    assert GONE not in body
