"""Fixtures for staff sign-in: an event whose door is open, so that every staff page answers."""

import pytest

from tests.factories import EventFactory


@pytest.fixture
def event(db):
    """A published, featured event with check-in open, as on the day at the door."""
    return EventFactory(capacity=10, is_featured=True, is_checkin_open=True)
