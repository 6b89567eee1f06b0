"""The demo workshop, as organisers first see it, for the accessibility and findability tests."""

import io

import pytest
from django.core.management import call_command

from wpsevents.events.models import Event


@pytest.fixture
def workshop(db):
    """The demo workshop from `load_workshop`, in English and Khmer, registration open."""
    call_command("load_workshop", stdout=io.StringIO())
    return Event.objects.get()


@pytest.fixture
def live_workshop(transactional_db):
    """The demo workshop for browser tests, which reach the database from the live server."""
    call_command("load_workshop", stdout=io.StringIO())
    return Event.objects.get()
