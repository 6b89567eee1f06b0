"""Admin sign-in: repeated failures lock out one address for one username, nobody else."""

import pytest
from django.test import Client
from django.urls import reverse

ATTACKER = "203.0.113.66"
ORGANISER_HOME = "198.51.100.7"


@pytest.fixture(autouse=True)
def _throttle(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


def _sign_in(address: str, username: str, password: str):
    client = Client(REMOTE_ADDR=address)
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def _signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_admin_login_locks_out_an_address_after_repeated_failures(organiser):
    for _ in range(3):
        _sign_in(ATTACKER, "organiser", "wrong-guess")
    locked = _sign_in(ATTACKER, "organiser", "pw-organiser-1")
    assert locked.status_code == 429
    assert not _signed_in(locked)


def test_admin_login_guessing_from_elsewhere_never_locks_the_organiser_out(organiser):
    for _ in range(5):
        _sign_in(ATTACKER, "organiser", "wrong-guess")
    assert _signed_in(_sign_in(ORGANISER_HOME, "organiser", "pw-organiser-1"))


def test_admin_login_lockout_is_per_username(organiser, django_user_model):
    django_user_model.objects.create_user("colleague", password="pw-colleague-1", is_staff=True)
    for _ in range(5):
        _sign_in(ATTACKER, "organiser", "wrong-guess")
    assert _signed_in(_sign_in(ATTACKER, "colleague", "pw-colleague-1"))


def test_admin_login_lockout_follows_the_address_behind_the_proxy(organiser):
    def through_proxy(forwarded_for: str, password: str):
        client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
        return client.post(reverse("admin:login"), {"username": "organiser", "password": password})

    for _ in range(3):
        through_proxy(ATTACKER, "wrong-guess")
    assert through_proxy(ATTACKER, "pw-organiser-1").status_code == 429
    assert _signed_in(through_proxy(ORGANISER_HOME, "pw-organiser-1"))
