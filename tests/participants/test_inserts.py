"""A new registration, its first history record and its email in one statement: the same rows
the ORM and simple-history write, and the same history for a signed-in organiser."""

import pytest
from django.db import connection
from django.db.models.signals import post_save, pre_save
from django.urls import reverse

from tests.factories import EventFactory, SessionFactory, registration_data
from wpsevents.events.models import Session
from wpsevents.participants import services
from wpsevents.participants.emails import queue_email
from wpsevents.participants.models import OutgoingEmail, Participant
from wpsevents.participants.services.core import new_registration, set_status
from wpsevents.participants.services.inserts import insert_registration

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one statement is PostgreSQL's"
)
Kind = OutgoingEmail.Kind
# What differs between two registrations made a moment apart by different people.
OWN = {"id", "reference", "email", "created_at", "updated_at", "status_changed_at", "confirmed_at"}


def _registration(event, **overrides) -> Participant:
    group = event.sessions.get(kind=Session.Kind.WORKING_GROUP)
    data = registration_data(
        working_group=group,
        phone="+85512345678",
        name_khmer="សុខា ចាន់",
        dietary_requirements="Vegetarian",
        consents_to_photography=True,
        **overrides,
    )
    participant = new_registration(event, **data)
    set_status(participant, Participant.Status.CONFIRMED)
    return participant


def _rows(participant: Participant) -> tuple[dict, dict, dict]:
    registration = Participant.objects.filter(pk=participant.pk).values().get()
    history = participant.history.values().get()
    email = OutgoingEmail.objects.filter(participant=participant).values().get()
    return (
        {key: value for key, value in registration.items() if key not in OWN},
        {
            key: value
            for key, value in history.items()
            if key not in {*OWN, "history_id", "history_date"}
        },
        {
            key: value
            for key, value in email.items()
            if key not in {*OWN, "participant_id", "recipient"}
        },
    )


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_the_statement_writes_the_rows_the_orm_and_simple_history_write(database_tasks):
    event = EventFactory(capacity=10)
    SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=5)
    by_statement = _registration(event, email="one@example.org")
    insert_registration(by_statement, Kind.CONFIRMATION)
    by_orm = _registration(event, email="two@example.org")
    by_orm.save()
    queue_email(by_orm, Kind.CONFIRMATION)

    statement_rows, orm_rows = _rows(by_statement), _rows(by_orm)
    for written, expected in zip(statement_rows, orm_rows, strict=True):
        assert written == expected
    history = by_statement.history.get()
    assert 0 <= (history.history_date - by_statement.created_at).total_seconds() < 1
    assert history.history_type == "+"
    assert history.history_user is None
    assert history.id == by_statement.pk
    assert history.email == "one@example.org"
    assert history.created_at == by_statement.created_at
    email = OutgoingEmail.objects.get(participant=by_statement)
    assert email.recipient == "one@example.org"
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.handed_at is None, "the worker takes it"


@pytest.mark.django_db
def test_without_a_worker_the_email_is_sent_after_the_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=10)
    SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=5)
    participant = _registration(event, email="now@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        email = insert_registration(participant, Kind.CONFIRMATION)
        assert mailoutbox == []
    assert [message.to for message in mailoutbox] == [["Sokha Chan <now@example.org>"]]
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.handed_at is not None


@pytest.mark.django_db
def test_the_registration_is_saved_as_if_by_save():
    event = EventFactory(capacity=10)
    SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, capacity=5)
    participant = _registration(event)
    email = insert_registration(participant, Kind.CONFIRMATION)
    assert participant.pk is not None
    assert not participant._state.adding
    assert email.participant_id == participant.pk
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.created_at == participant.created_at
    assert str(stored.phone) == "+85512345678"
    participant.given_name = "Sophea"
    participant.save()  # an update now, not a second insert
    assert Participant.objects.get().given_name == "Sophea"
    assert participant.history.count() == 2


@pytest.mark.django_db
def test_a_signed_in_organiser_registering_is_the_history_user(client, django_user_model):
    event = EventFactory(capacity=10)
    organiser = django_user_model.objects.create_user("organiser", password="x", is_staff=True)
    client.force_login(organiser)
    url = reverse("participants:register", kwargs={"slug": event.slug})
    from tests.participants.helpers import form_post

    assert client.post(url, form_post(email="guest@example.org")).status_code == 302
    participant = Participant.objects.get(email="guest@example.org")
    assert participant.history.get().history_user == organiser


def test_nothing_else_listens_to_a_registration_being_saved():
    # The statement sends no model signals: simple-history's record is the one receiver, and
    # the statement writes it. A new receiver would be skipped silently.
    receivers = post_save._live_receivers(Participant)
    receivers = receivers[0] if isinstance(receivers, tuple) else receivers
    assert [receiver.__self__.__class__.__name__ for receiver in receivers] == ["HistoricalRecords"]
    listening = pre_save._live_receivers(Participant)
    assert not (listening[0] if isinstance(listening, tuple) else listening)


@pytest.mark.django_db
def test_registering_again_after_a_cancellation_updates_the_same_row():
    event = EventFactory(capacity=10)
    data = registration_data(email="again@example.org")
    first = services.register_participant(event=event, data=data).participant
    services.cancel_registration(participant=first)
    again = services.register_participant(event=event, data=data).participant
    assert again.pk == first.pk
    assert Participant.objects.get().status == Participant.Status.CONFIRMED
    assert [record.history_type for record in first.history.order_by("history_id")] == [
        "+",
        "~",
        "~",
    ]
