"""Rules about events and sessions that the database and the admin's forms enforce."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_event_must_end_after_it_starts_in_the_database():
    event = EventFactory()
    event.ends_at = event.starts_at
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_event_registration_must_close_after_it_opens_in_the_database():
    event = EventFactory()
    event.registration_opens_at = event.starts_at - timedelta(days=5)
    event.registration_closes_at = event.registration_opens_at - timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_event_registration_dates_may_be_left_open():
    event = EventFactory(registration_opens_at=None, registration_closes_at=None)
    event.full_clean()


def test_event_only_one_may_be_featured():
    EventFactory(is_featured=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(is_featured=True)


def test_event_many_may_be_not_featured():
    EventFactory(is_featured=True)
    EventFactory(is_featured=False)
    EventFactory(is_featured=False)


def test_event_clean_explains_an_end_before_the_start():
    event = EventFactory.build()
    event.ends_at = event.starts_at - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "ends_at" in error.value.message_dict


def test_event_clean_explains_registration_closing_before_it_opens():
    event = EventFactory.build()
    event.registration_opens_at = event.starts_at - timedelta(days=1)
    event.registration_closes_at = event.starts_at - timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "registration_closes_at" in error.value.message_dict


def test_event_days_are_counted_in_phnom_penh():
    event = EventFactory()
    assert len(event.days()) == 2
    assert event.days()[1] - event.days()[0] == timedelta(days=1)


def test_session_must_end_after_it_starts_in_the_database():
    session = SessionFactory()
    session.ends_at = session.starts_at - timedelta(minutes=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_session_clean_explains_an_end_before_the_start():
    session = SessionFactory.build(event=EventFactory())
    session.ends_at = session.starts_at
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "ends_at" in error.value.message_dict


def test_session_clean_refuses_a_day_outside_the_event():
    event = EventFactory()
    session = SessionFactory.build(event=event, starts_at=event.starts_at + timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "starts_at" in error.value.message_dict


def test_session_clean_refuses_the_day_before_the_event():
    event = EventFactory()
    session = SessionFactory.build(event=event, starts_at=event.starts_at - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "starts_at" in error.value.message_dict


def test_session_clean_accepts_any_time_on_the_event_days():
    event = EventFactory()
    session = SessionFactory.build(event=event, starts_at=event.ends_at + timedelta(hours=2))
    session.full_clean()
