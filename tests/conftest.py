"""Fixtures shared by the whole suite; test-only settings live here too.

SECRET_KEY and DJANGO_ALLOW_ASYNC_UNSAFE (for the browser tests' event loop) are set in
pyproject.toml's pytest `env`, before Django starts.
"""

import asyncio
import shutil
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone, translation

from tests.factories import EventFactory, ParticipantFactory
from tests.signin import sign_in_fully
from wpsevents.events.cache import invalidate_public_pages
from wpsevents.participants.roles import CHECKIN_STAFF, ORGANISERS, set_up_roles

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Predictable settings: plain static files, immediate tasks, no minimum fill time."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.REGISTRATION_MIN_FILL_SECONDS = 0
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://events.example.org"
    # Fast password hashing: logins in tests need no protection against brute force.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    invalidate_public_pages()  # and what this process holds of an earlier test's pages
    # A request to a /km/ page leaves Khmer active in the thread; each test starts in English.
    translation.activate("en")
    yield
    cache.clear()
    translation.deactivate()
    _close_connections_of_the_browser_loop()


def _close_connections_of_the_browser_loop():
    """Close what Django opened while Playwright's event loop ran in this thread.

    With a loop running, Django keeps database connections per asyncio context instead of per
    thread; left open, PostgreSQL refuses to drop the test database at the end of the run.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    connections.close_all()


@pytest.fixture
def event(db):
    """A published, featured event with registration open and 10 in-person seats."""
    return EventFactory(capacity=10, is_featured=True)


@pytest.fixture
def participant(event):
    """A confirmed in-person participant of `event`."""
    return ParticipantFactory(event=event)


@pytest.fixture
def roles(db):
    """The two staff groups, as the data migration makes them.

    Tests that run in transactions (browser, concurrency) flush the database afterwards, which
    drops the groups the migration created: they are made again when missing.
    """
    if Group.objects.filter(name__in=[ORGANISERS, CHECKIN_STAFF]).count() != 2:
        set_up_roles(MigrationLoader(connection).project_state().apps)
    return {name: Group.objects.get(name=name) for name in (ORGANISERS, CHECKIN_STAFF)}


def _staff_user(username: str, group: Group) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", f"pw-{username}-1")
    user.is_staff = True
    user.save()
    user.groups.add(group)
    return user


@pytest.fixture
def organiser(roles):
    """A staff member of the "Organisers" group."""
    return _staff_user("organiser", roles[ORGANISERS])


@pytest.fixture
def organiser_client(client, organiser):
    """A test client signed in as an organiser, with both factors."""
    sign_in_fully(client, organiser)
    return client


@pytest.fixture
def checkin_client(client, roles):
    """A test client signed in as a member of "Check-in staff", with both factors."""
    sign_in_fully(client, _staff_user("door", roles[CHECKIN_STAFF]))
    return client


@pytest.fixture
def superuser_client(client, db):
    """A test client signed in as a superuser, with both factors."""
    user = User.objects.create_superuser("admin", "admin@example.org", "pw-admin-1")
    sign_in_fully(client, user)
    return client


@pytest.fixture
def an_hour_ago():
    return timezone.now() - timedelta(hours=1)


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free port, which the site sends its emails through."""
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


# Browser tests: Debian's Chromium, on a phone-sized screen, nothing from other hosts.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE, "is_mobile": True, "has_touch": True}
