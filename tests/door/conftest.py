"""Fixtures for the door: staff who may check people in, and staff who may not."""

import pytest
from django.contrib.auth.models import Permission, User

from tests.factories import EventFactory
from tests.signin import sign_in_fully


def _staff(username: str, *permissions: str) -> User:
    user = User.objects.create_user(username, f"{username}@example.org", f"pw-{username}-1")
    user.is_staff = True
    user.save()
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


@pytest.fixture
def event(db):
    """A published, featured event weeks ahead, with check-in opened for a trial at the door."""
    return EventFactory(capacity=10, is_featured=True, is_checkin_open=True)


@pytest.fixture
def door_staff(db):
    """A staff member allowed to check people in, and nothing else."""
    return _staff("doorkeeper", "add_checkin")


@pytest.fixture
def door_client(client, door_staff):
    """A test client signed in with both factors as `door_staff`."""
    sign_in_fully(client, door_staff)
    return client


@pytest.fixture
def door_lookup_client(client, db):
    """A test client signed in as check-in staff who may also look participants up."""
    sign_in_fully(client, _staff("usher", "add_checkin", "view_participant"))
    return client


@pytest.fixture
def staff_client(client, db):
    """A test client signed in with both factors as staff without any permission."""
    sign_in_fully(client, _staff("intern"))
    return client


@pytest.fixture
def reports_client(client, db):
    """A test client signed in as staff who may view and change participants."""
    sign_in_fully(client, _staff("reporter", "view_participant", "change_participant"))
    return client
