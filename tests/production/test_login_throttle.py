"""Admin sign-in: repeated failures lock out one address for one username; many more from
anywhere lock out the username; an IPv6 client counts by its /64 network."""

import pytest
from django.test import Client
from django.urls import reverse

ATTACKER = "203.0.113.66"
ORGANISER_HOME = "198.51.100.7"


@pytest.fixture(autouse=True)
def _throttle(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_USERNAME_FAILURE_LIMIT = 6
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
    """A few guesses from one address lock that address out, not the organiser elsewhere."""
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


def test_admin_login_guessing_from_many_addresses_locks_the_username_out(organiser):
    """Finding: guesses spread over many addresses were never stopped, each address staying
    under its own limit."""
    statuses = [
        _sign_in(f"203.0.113.{n + 1}", "organiser", "wrong-guess").status_code for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    fresh_address = _sign_in("198.51.100.99", "organiser", "pw-organiser-1")
    assert fresh_address.status_code == 429
    assert not _signed_in(fresh_address)


def test_admin_login_a_few_failures_from_many_addresses_lock_nobody_out(organiser):
    """Finding: the username's own limit must stay above a few honest mistakes."""
    for n in range(5):
        _sign_in(f"203.0.113.{n + 1}", "organiser", "wrong-guess")
    assert _signed_in(_sign_in(ORGANISER_HOME, "organiser", "pw-organiser-1"))


def test_admin_login_success_forgets_only_its_own_addresss_failures(organiser):
    """Finding: the owner signing in must not wipe the failures counted against the username."""
    for n in range(5):
        _sign_in(f"203.0.113.{n + 1}", "organiser", "wrong-guess")
    assert _signed_in(_sign_in(ORGANISER_HOME, "organiser", "pw-organiser-1"))
    _sign_in("203.0.113.40", "organiser", "wrong-guess")
    assert _sign_in("203.0.113.41", "organiser", "pw-organiser-1").status_code == 429


def test_admin_login_two_ipv6_addresses_in_one_64_share_a_lockout(organiser):
    """Finding: an IPv6 client holds a whole /64 and stepped through it to dodge the limit."""
    for host in ("1", "2", "3"):
        _sign_in(f"2001:db8:5:7::{host}", "organiser", "wrong-guess")
    same_network = _sign_in("2001:db8:5:7:ffff:1:2:3", "organiser", "pw-organiser-1")
    assert same_network.status_code == 429
    assert _signed_in(_sign_in("2001:db8:5:8::1", "organiser", "pw-organiser-1"))


def test_admin_login_ipv4_mapped_address_counts_as_ipv4(organiser):
    """Finding: the same IPv4 client written as an IPv6 address must not get a fresh count."""
    for _ in range(3):
        _sign_in("::ffff:203.0.113.66", "organiser", "wrong-guess")
    assert _sign_in(ATTACKER, "organiser", "pw-organiser-1").status_code == 429
