"""The demo workshop, the content the outside checkers judge the site on."""

import io

import pytest
from django.core.management import call_command

from wpsevents.events.models import Event


@pytest.fixture
def workshop(db):
    """The demo workshop from `load_workshop`, in English and Khmer, registration open."""
    call_command("load_workshop", stdout=io.StringIO())
    return Event.objects.get()
