"""The focal point's delegation pages, reached from the link in their email, on a phone."""

import re
from datetime import timedelta
from email import message_from_bytes

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import DelegationFactory, EventFactory
from tests.pdfs import pdf_text
from wpsevents.participants import rules
from wpsevents.participants.models import Delegation, OutgoingEmail, Participant

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https://events\.example\.org((?:/km)?/d/([\w-]+)/)")
Status = Participant.Status


def nomination(**overrides) -> dict:
    data = {
        "salutation": "",
        "given_name": "Dara",
        "family_name": "Sok",
        "name_khmer": "",
        "position": "Deputy Director",
        "gender": "woman",
        "email": "focal@mowa.example",
        "phone": "",
        "days": "both",
        "dietary_requirements": "",
        "accessibility_needs": "",
        "language": "en",
    }
    data.update(overrides)
    return data


def parts_of(envelope) -> tuple[str, str]:
    received = message_from_bytes(envelope.content)
    text = next(p for p in received.walk() if p.get_content_type() == "text/plain")
    html = next(p for p in received.walk() if p.get_content_type() == "text/html")
    return text.get_payload(decode=True).decode(), html.get_payload(decode=True).decode()


def send_link(delegation, capture) -> None:
    with capture(execute=True):
        rules.send_delegation_link(delegation=delegation)


@pytest.fixture
def delegation():
    return DelegationFactory(event=EventFactory(capacity=20), in_person_quota=3)


@pytest.fixture
def focal_point(delegation, smtp_server, django_capture_on_commit_callbacks):
    """A browser that opened the delegation link from the email the SMTP server received."""
    send_link(delegation, django_capture_on_commit_callbacks)
    text, _html = parts_of(smtp_server.messages[-1])
    browser = Client()
    response = browser.get(LINK.search(text).group(1))
    assert response.status_code == 302
    assert response.url == reverse("participants:delegation")
    return browser


def test_focal_point_is_emailed_the_link_in_plain_text_and_html(
    delegation, smtp_server, django_capture_on_commit_callbacks
):
    send_link(delegation, django_capture_on_commit_callbacks)
    (envelope,) = smtp_server.messages
    assert envelope.rcpt_tos == ["focal@mowa.example"]
    text, html = parts_of(envelope)
    assert text.startswith("Dear Sophea Kim,")
    assert "Ministry of Women's Affairs to nominate its delegates" in text
    assert "In-person seats: 3" in text
    path = LINK.search(text).group(1)
    assert f'href="https://events.example.org{path}"' in html
    sent = OutgoingEmail.objects.get()
    assert sent.kind == OutgoingEmail.Kind.DELEGATION_LINK
    assert sent.status == OutgoingEmail.Status.SENT
    assert path.split("/")[2] not in Delegation.objects.get().token_hash  # kept hashed


def test_focal_point_email_in_khmer_names_the_organisation_in_khmer(
    smtp_server, django_capture_on_commit_callbacks
):
    delegation = DelegationFactory(language="km")
    send_link(delegation, django_capture_on_commit_callbacks)
    text, _html = parts_of(smtp_server.messages[0])
    with translation.override("km"):
        expected = translation.gettext("Nominate your delegation: %(event)s")
    assert expected != "Nominate your delegation: %(event)s"
    assert "ក្រសួងកិច្ចការនារី" in text
    assert "/km/d/" in text


def test_the_link_is_traded_for_a_cookie_and_the_page_shows_the_quota(focal_point):
    body = focal_point.get(reverse("participants:delegation")).content.decode()
    assert "Delegation: Ministry of Women&#x27;s Affairs" in body
    assert "In-person seats: 0 of 3 used, 3 left." in body
    assert "No delegate is nominated yet." in body


def test_four_nominated_from_one_address_three_confirmed_the_fourth_told_the_quota_is_used(
    focal_point, delegation
):
    page = reverse("participants:delegation")
    for name in ("Dara", "Bopha", "Chenda"):
        response = focal_point.post(page, nomination(given_name=name))
        assert response.status_code == 302
    response = focal_point.post(page, nomination(given_name="Kanha"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "quota is used: all 3 seats have a nominee" in body
    assert "In-person seats: 3 of 3 used, 0 left." in body
    nominees = Participant.objects.filter(delegation=delegation)
    assert sorted(nominees.values_list("given_name", flat=True)) == ["Bopha", "Chenda", "Dara"]
    assert set(nominees.values_list("status", flat=True)) == {Status.CONFIRMED}
    assert body.count('class="documents"') == 3


def test_the_page_lists_nominees_in_a_fixed_number_of_queries(
    focal_point, delegation, django_assert_max_num_queries
):
    for name in ("Dara", "Bopha", "Chenda"):
        focal_point.post(reverse("participants:delegation"), nomination(given_name=name))
    with django_assert_max_num_queries(8):
        focal_point.get(reverse("participants:delegation"))


def test_focal_point_replaces_and_withdraws_a_nominee(focal_point, delegation):
    focal_point.post(reverse("participants:delegation"), nomination(given_name="Dara"))
    dara = Participant.objects.get(given_name="Dara")
    url = reverse("participants:delegation_replace", kwargs={"reference": dara.reference})
    assert focal_point.post(url, nomination(given_name="Bopha")).status_code == 302
    dara.refresh_from_db()
    bopha = Participant.objects.get(given_name="Bopha")
    assert (dara.status, bopha.status) == (Status.CANCELLED, Status.CONFIRMED)
    url = reverse("participants:delegation_withdraw", kwargs={"reference": bopha.reference})
    assert "Do you really want to withdraw Bopha Sok?" in focal_point.get(url).content.decode()
    focal_point.post(url)
    bopha.refresh_from_db()
    assert bopha.status == Status.CANCELLED
    body = focal_point.get(reverse("participants:delegation")).content.decode()
    assert "In-person seats: 0 of 3 used, 3 left." in body


def test_another_delegations_nominee_is_not_found(focal_point, delegation):
    other = DelegationFactory(event=delegation.event)
    stranger = rules.nominate_delegate(
        delegation=other, data={"given_name": "X", "gender": "man", "email": "x@example.org"}
    )
    url = reverse("participants:delegation_withdraw", kwargs={"reference": stranger.reference})
    assert focal_point.post(url).status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == Status.CONFIRMED


def test_after_the_deadline_the_page_offers_no_form_and_refuses_one(focal_point, delegation):
    with time_machine.travel(delegation.nomination_deadline + timedelta(minutes=1)):
        page = reverse("participants:delegation")
        body = focal_point.get(page).content.decode()
        assert "The nomination deadline has passed" in body
        assert "nomination-form" not in body
        focal_point.post(page, nomination())
    assert not Participant.objects.exists()


def test_a_revoked_link_opens_nothing(focal_point, delegation):
    rules.revoke_delegation_link(delegation=delegation)
    response = focal_point.get(reverse("participants:delegation"))
    assert response.status_code == 404
    assert "Delegation:" not in response.content.decode()


def test_a_made_up_link_opens_nothing(client, delegation):
    response = client.get(reverse("participants:delegation", kwargs={"token": "made-up"}))
    assert response.status_code == 404


def test_bad_input_gets_a_clear_error_in_khmer_and_stores_nothing(focal_point):
    page = "/km/d/"
    response = focal_point.post(page, nomination(email="not-an-address", given_name=""))
    body = response.content.decode()
    assert response.status_code == 200
    with translation.override("km"):
        required = translation.gettext("This field is required.")
    assert required in body
    assert not Participant.objects.exists()


def test_each_confirmed_delegates_letter_goes_to_the_focal_point_and_downloads_from_the_page(
    focal_point, delegation, smtp_server, django_capture_on_commit_callbacks
):
    page = reverse("participants:delegation")
    with django_capture_on_commit_callbacks(execute=True):
        focal_point.post(page, nomination(given_name="Dara", name_khmer="សុខ ដារា"))
    dara = Participant.objects.get(given_name="Dara")
    letters = [m for m in smtp_server.messages if b"application/pdf" in m.content]
    assert [m.rcpt_tos for m in letters] == [["focal@mowa.example"]]
    url = reverse("participants:delegation_letter", kwargs={"reference": dara.reference})
    assert url in focal_point.get(page).content.decode()
    response = focal_point.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Dara Sok" in text and dara.letter.reference in text
    rules.withdraw_delegate(delegation=delegation, nominee=dara)
    assert focal_point.get(url).status_code == 404  # a withdrawn delegate has no letter


def test_a_letter_is_not_for_another_delegations_nominee(focal_point, delegation):
    other = DelegationFactory(event=delegation.event)
    stranger = rules.nominate_delegate(
        delegation=other, data={"given_name": "X", "gender": "man", "email": "x@example.org"}
    )
    url = reverse("participants:delegation_letter", kwargs={"reference": stranger.reference})
    assert focal_point.get(url).status_code == 404
