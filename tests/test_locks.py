"""The shared row lock reads its row as the ORM does: every field, of the same value and type."""

import pytest
from django.db import transaction

from tests.factories import EventFactory
from wpsevents.events.models import Event
from wpsevents.locks import read_row_shared

pytestmark = pytest.mark.django_db


def test_a_row_read_shared_is_the_row_the_orm_reads():
    event = EventFactory(title_km="សិក្ខាសាលា", capacity=120)
    with transaction.atomic():
        shared = read_row_shared(Event, event.pk)
    plain = Event.objects.get(pk=event.pk)
    for field in Event._meta.concrete_fields:
        ours, theirs = getattr(shared, field.attname), getattr(plain, field.attname)
        assert (ours, type(ours)) == (theirs, type(theirs)), field.name
    assert not shared._state.adding and shared._state.db == plain._state.db
    assert shared.starts_at.tzinfo is not None


def test_reading_a_missing_row_shared_says_it_does_not_exist():
    with pytest.raises(Event.DoesNotExist), transaction.atomic():
        read_row_shared(Event, 0)
