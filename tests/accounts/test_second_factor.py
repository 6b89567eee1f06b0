"""A password alone opens no staff page: the second factor, and setting it up by QR code."""

import re
from html import unescape
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.signin import authenticator, code_for, sign_in_fully, totp_from_text
from wpsevents.accounts.forms import CodeForm
from wpsevents.participants.roles import CHECKIN_STAFF

SECOND_FACTOR = reverse("accounts:second_factor")
SET_UP = reverse("accounts:set_up")
KEY = re.compile(r'<code class="second-factor-key" id="setup-key">([A-Z2-7 ]+)</code>')


def _password_only(client, user) -> Client:
    """Sign in through the sign-in page with the password and nothing more."""
    password = f"pw-{user.username}-1"
    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": password}
    )
    assert response.status_code == 302
    return client


def _staff_pages(participant) -> list[str]:
    return [
        reverse("admin:index"),
        reverse("admin:participants_participant_change", args=[participant.pk]),
        reverse("reports:dashboard"),
        reverse("checkin:search") + "?q=Sok",
        reverse("checkin:participant", args=[participant.reference]),
    ]


def _shown_key(response) -> str:
    match = KEY.search(response.content.decode())
    assert match, "no setup key on the page"
    return match.group(1)


@pytest.mark.django_db
def test_password_alone_opens_no_staff_page(client, organiser, participant):
    """Finding: a stolen password opened the admin, the report and the door on its own."""
    authenticator(organiser)
    _password_only(client, organiser)
    for url in _staff_pages(participant):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{SECOND_FACTOR}?next={quote(url, safe='/')}", url


@pytest.mark.django_db
def test_password_alone_opens_no_staff_page_before_any_app_is_set_up(
    client, organiser, participant
):
    """Finding: staff without a second factor yet must set one up, not walk past it."""
    _password_only(client, organiser)
    for url in _staff_pages(participant):
        assert client.get(url, follow=True).redirect_chain[-1][0].startswith(SET_UP), url


@pytest.mark.django_db
def test_password_sign_in_asks_for_the_code_then_opens_the_admin(client, organiser):
    """Finding: the sign-in must lead on to the code step, and the right code to the admin."""
    device = authenticator(organiser)
    client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "organiser", "password": "pw-organiser-1", "next": "/admin/"},
    )
    asked = client.get("/admin/", follow=True)
    assert asked.redirect_chain[-1][0] == f"{SECOND_FACTOR}?next=/admin/"
    assert "Six-digit code" in asked.content.decode()
    verified = client.post(SECOND_FACTOR, {"code": code_for(device), "next": "/admin/"})
    assert verified["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wrong_code_is_refused(client, organiser):
    """Finding: any code, or a code of the wrong length, must not pass as a second factor."""
    device = authenticator(organiser)
    _password_only(client, organiser)
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for attempt in (wrong, "12345", "abcdef", ""):
        response = client.post(SECOND_FACTOR, {"code": attempt})
        assert response.status_code == 200
        assert 'class="errorlist' in response.content.decode()
    assert client.get("/admin/")["Location"].startswith(SECOND_FACTOR)


@pytest.mark.django_db
def test_a_code_signs_in_only_once(organiser):
    """Finding: a code seen over someone's shoulder must not open a second session."""
    device = authenticator(organiser)
    first, second = _password_only(Client(), organiser), _password_only(Client(), organiser)
    code = code_for(device)
    assert first.post(SECOND_FACTOR, {"code": code}).status_code == 302
    assert second.post(SECOND_FACTOR, {"code": code}).status_code == 200
    assert second.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_set_up_by_the_shown_key_then_the_admin_opens(client, organiser):
    """Finding: a new member of staff sets up their app on the page after their password."""
    _password_only(client, organiser)
    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0] == f"{SET_UP}?next=/admin/"
    html = page.content.decode()
    assert re.search(r'<img class="second-factor-qr" src="data:image/svg\+xml', html)
    key = _shown_key(page)
    assert _shown_key(client.get(SET_UP)) == key  # a reload keeps the key already scanned
    done = client.post(SET_UP, {"code": totp_from_text(key), "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=organiser).confirmed


@pytest.mark.django_db
def test_set_up_refuses_a_wrong_code(client, organiser):
    """Finding: an app set up wrongly must not be saved, or its owner is locked out later."""
    _password_only(client, organiser)
    key = _shown_key(client.get(SET_UP))
    wrong = f"{(int(totp_from_text(key)) + 1) % 1_000_000:06d}"
    response = client.post(SET_UP, {"code": wrong})
    assert response.status_code == 200
    assert _shown_key(response) == key
    assert not TOTPDevice.objects.filter(user=organiser, confirmed=True).exists()


@pytest.mark.django_db
def test_password_alone_cannot_set_up_another_app(client, organiser):
    """Finding: with a password alone, someone could replace the app its owner set up."""
    authenticator(organiser)
    _password_only(client, organiser)
    response = client.get(SET_UP)
    assert response["Location"].startswith(SECOND_FACTOR)
    assert TOTPDevice.objects.filter(user=organiser).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_code_step_never_sends_anyone_off_the_site(client, organiser, target):
    """Finding: the `next` of the code step must not be an open redirect."""
    device = authenticator(organiser)
    _password_only(client, organiser)
    response = client.post(SECOND_FACTOR, {"code": code_for(device), "next": target})
    assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_code_field_is_labelled_numeric_and_filled_by_the_phone(client, organiser):
    """Finding: the code field must be announced, numeric on phones, and offered by autofill."""
    authenticator(organiser)
    _password_only(client, organiser)
    html = client.get(SECOND_FACTOR).content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html).group(0)
    assert 'autocomplete="one-time-code"' in field
    assert 'inputmode="numeric"' in field
    assert 'aria-describedby="id_code_helptext"' in field
    assert '<label for="id_code">Six-digit code:</label>' in html
    assert ' style="' not in html and "<script>" not in html


@pytest.mark.django_db
def test_set_up_page_reads_in_khmer(rf, organiser):
    """Finding: every word of the second factor's pages has its Khmer in the catalogue."""
    request = rf.get(SET_UP)
    request.user = organiser
    device = TOTPDevice.objects.create(user=organiser, confirmed=False)
    context = {"form": CodeForm(device=device), "qr_code": "data:,", "key": "ABCD EFGH"}
    with translation.override("km"):
        html = unescape(render_to_string("accounts/set_up.html", context, request=request))
    label = re.search(r'<label for="id_code">(.*?)</label>', html).group(1)
    steps = re.search(r'<ol class="second-factor-steps">(.*?)</ol>', html, re.DOTALL).group(1)
    for text in (label, steps, re.search(r'alt="([^"]*)"', steps).group(1)):
        assert re.search(r"[\u1780-\u17ff]", text), text


@pytest.mark.django_db
def test_organiser_resets_a_colleagues_lost_app(organiser_client, roles):
    """Finding: staff who lose their phone need an organiser to reset it, not a superuser."""
    door = User.objects.create_user("door", password="pw-door-1", is_staff=True)
    door.groups.add(roles[CHECKIN_STAFF])
    door_client = Client()
    device = sign_in_fully(door_client, door)
    delete = reverse("admin:accounts_secondfactor_delete", args=[device.pk])
    assert organiser_client.post(delete, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=door).exists()
    # the colleague's open session stops there, and their next step is setting up a new app
    page = door_client.get(reverse("checkin:search"), follow=True)
    assert page.redirect_chain[-1][0].startswith(SET_UP)


@pytest.mark.django_db
def test_organisers_never_see_a_superusers_second_factor(organiser_client):
    """Finding: an organiser must not be able to make a superuser set up their app again."""
    admin = User.objects.create_superuser("boss", "boss@example.org", "pw-boss-1")
    device = authenticator(admin)
    changelist = organiser_client.get(reverse("admin:accounts_secondfactor_changelist"))
    assert changelist.status_code == 200
    assert "boss" not in changelist.content.decode()
    delete = reverse("admin:accounts_secondfactor_delete", args=[device.pk])
    organiser_client.post(delete, {"post": "yes"})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.django_db
def test_check_in_staff_cannot_reset_second_factors(checkin_client):
    """Finding: resetting a colleague's app is for organisers only."""
    url = reverse("admin:accounts_secondfactor_changelist")
    assert checkin_client.get(url).status_code == 403


def test_fully_signed_in_staff_reach_their_pages(organiser_client, participant):
    """The fixtures sign in as the site asks, so the rest of the suite runs past the gate."""
    for url in _staff_pages(participant):
        assert organiser_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_sign_in_helper_uses_a_device_of_the_user(client, organiser):
    device = sign_in_fully(client, organiser)
    assert device.user == organiser
