"""Public pages cost a few queries whatever the size of the programme, and none once cached."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import EventFactory, SessionFactory, registration_data
from tests.performance.helpers import add_programme, filled_form, many_participants
from wpsevents.events.models import Event, Session
from wpsevents.participants import rules
from wpsevents.participants.models import Participant
from wpsevents.participants.registration.blank_form import (
    blank_registration_page,
    render_registration_page,
)
from wpsevents.participants.registration.forms import RegistrationForm

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 5
REGISTRATION_STATEMENTS = 10


def _queries_for(client, url: str) -> int:
    cache.clear()  # the page cache would hide the queries
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["", "programme/"])
def test_public_page_queries_stay_constant_as_the_event_grows(client, page):
    event = EventFactory(capacity=100)
    url = f"/events/{event.slug}/{page}"
    add_programme(event, 2)
    many_participants(event, 10)
    small = _queries_for(client, url)
    add_programme(event, 40)
    many_participants(event, 1000, start=10)
    large = _queries_for(client, url)
    assert large == small
    assert large <= PAGE_BUDGET


def test_registration_form_repeat_visit_needs_no_query(client, event, django_assert_num_queries):
    url = f"/events/{event.slug}/register/"
    SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP)
    client.get(url)
    client.cookies.clear()  # another visitor
    with django_assert_num_queries(0):
        response = client.get(url)
    assert b'name="csrfmiddlewaretoken"' in response.content


def test_registration_form_from_the_cache_registers_the_visitor(event):
    url = f"/events/{event.slug}/register/"
    Client().get(url)  # someone else's visit fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url).content.decode()
    assert "stand-in" not in page
    response = visitor.post(url, filled_form(page, "sokha@example.org"))
    assert response.status_code == 302
    assert Participant.objects.filter(email="sokha@example.org").exists()


def _without_csrf_values(page: str) -> str:
    # Django masks the CSRF token afresh each time it is written into a page.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", page)


@pytest.mark.parametrize("language", ["en", "km"])
def test_kept_registration_form_is_the_page_rendered_for_the_visitor(rf, event, language):
    SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP)
    event = Event.objects.with_seats_taken().get(pk=event.pk).offer_working_groups()
    with translation.override(language):
        for _visit in ("filled the cache", "from the cache"):
            request = rf.get(f"/events/{event.slug}/register/")
            kept = blank_registration_page(request, event).content.decode()
            stamp = re.search(r'name="started" value="([^"]*)"', kept).group(1)
            form = RegistrationForm(event=event)
            form.initial["started"] = stamp
            plain = render_registration_page(request, event, form)
            assert _without_csrf_values(kept) == _without_csrf_values(plain)


def test_registration_form_gives_each_visitor_a_token_of_their_own(event, settings):
    url = f"/events/{event.slug}/register/"
    first, second = Client(), Client()
    first.get(url)
    second.get(url)
    name = settings.CSRF_COOKIE_NAME
    assert first.cookies[name].value != second.cookies[name].value


@pytest.mark.django_db(transaction=True)  # the last seat drops cached pages as it commits
def test_registration_form_shows_the_waitlist_once_the_last_seat_goes(client):
    event = EventFactory(capacity=1)
    url = f"/events/{event.slug}/register/"
    assert b"All in-person seats are taken" not in client.get(url).content
    rules.register_participant(event=event, data=registration_data())
    client.cookies.clear()
    assert b"All in-person seats are taken" in client.get(url).content


def _data_queries(captured) -> list[str]:
    """The statements that read or write rows; savepoints are transaction bookkeeping."""
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
    return [q["sql"] for q in captured if not q["sql"].startswith(control)]


def test_registration_post_stays_within_its_query_budget(
    event, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    group = SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=30)
    many_participants(event, 500)
    url = f"/events/{event.slug}/register/"
    visitor = Client(enforce_csrf_checks=True)
    form = filled_form(visitor.get(url).content.decode(), "dara@example.org")
    with (
        CaptureQueriesContext(connection) as captured,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = visitor.post(url, {**form, "working_group": group.pk})
    assert response.status_code == 302
    assert Participant.objects.get(email="dara@example.org").working_group == group
    statements = _data_queries(captured.captured_queries)
    # The chosen group (the form's field), the event's lock, the holds that lapsed (none), the
    # room's seats, whether a delegation keeps seats (none), the group's seats, then
    # the registration, its history record and its email, and the room's seats once more (did
    # the last one go?). The address is not looked up: the insert's unique index would refuse a
    # registered one. No task row: the worker takes emails from their table, a hundred to a
    # task.
    assert len(statements) == REGISTRATION_STATEMENTS, [sql[:60] for sql in statements]


def test_registration_to_a_full_room_asks_nothing_of_delegations(event, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    many_participants(event, 500)
    Event.objects.filter(pk=event.pk).update(
        capacity=Participant.objects.filter(event=event).holding_seats().count()
    )
    url = f"/events/{event.slug}/register/"
    visitor = Client(enforce_csrf_checks=True)
    form = filled_form(visitor.get(url).content.decode(), "vanna@example.org")
    with CaptureQueriesContext(connection) as captured:
        response = visitor.post(url, form)
    assert response.status_code == 302
    assert (
        Participant.objects.get(email="vanna@example.org").status == Participant.Status.WAITLISTED
    )
    statements = _data_queries(captured.captured_queries)
    # The event's lock, the room's seats (all taken, whatever delegations keep), then the
    # registration, its history record and its email.
    assert len(statements) == 5, [sql[:60] for sql in statements]
    assert not [sql for sql in statements if 'FROM "participants_delegation"' in sql]


def test_online_registration_takes_no_count_of_seats(event, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    many_participants(event, 500)
    url = f"/events/{event.slug}/register/"
    visitor = Client(enforce_csrf_checks=True)
    form = filled_form(visitor.get(url).content.decode(), "sophea@example.org")
    with CaptureQueriesContext(connection) as captured:
        response = visitor.post(url, {**form, "attendance_mode": "online"})
    assert response.status_code == 302
    statements = _data_queries(captured.captured_queries)
    # The event's lock, then the registration, its history record and its email.
    assert len(statements) == 4, [sql[:60] for sql in statements]
    assert not [sql for sql in statements if "COUNT(" in sql.upper()]
