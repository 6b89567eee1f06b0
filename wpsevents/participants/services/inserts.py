"""A new registration, its first history record and its email, written in one statement.

It is the write every registration makes at the busiest moment. Through the ORM it took three
inserts: `save()` with its signals, then simple-history's record built as a model of its own and
saved the same way, then the email's row. Compiling them cost more than the database took to
run them, and each was a round trip. On PostgreSQL the three rows now go in one statement of
data-modifying CTEs, written out from the models' `_meta` once per process, with the values the
ORM would have sent (each field's `pre_save` and `get_db_prep_save`) and the history record
simple-history would have made (its user, change reason and date, history type "+").
SQLite, for development, keeps the ORM.
"""

import functools

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from ..emails import queue_email
from ..models import OutgoingEmail, Participant, participant_history
from ..tasks import hand_to_worker, worker_takes_from_table

# The history's own columns, given for each record; every other one is copied from the row.
HISTORY_OWN = ("history_date", "history_change_reason", "history_type", "history_user_id")


def insert_registration(participant: Participant, email_kind: str) -> OutgoingEmail:
    """Save a new registration with its first history record and queue an email to it.

    Elsewhere than on PostgreSQL the ORM saves the three rows. Raises IntegrityError, as
    `save()` does, on a clash with a row saved meanwhile.
    """
    if connection.vendor != "postgresql":
        participant.save()
        return queue_email(participant, email_kind)
    taken_from_table = worker_takes_from_table()
    email = OutgoingEmail(
        participant=participant,
        kind=email_kind,
        recipient=participant.email,
        handed_at=None if taken_from_table else timezone.now(),
    )
    registration = _values(participant, _participant_fields())  # sets the times it was made
    history_user = participant_history.get_history_user(participant)
    history = {
        "history_date": getattr(participant, "_history_date", timezone.now()),
        "history_change_reason": participant_history.get_change_reason_for_object(
            participant, "+", None
        ),
        "history_type": "+",
        "history_user_id": getattr(history_user, "pk", None),
    }
    params = [
        *registration,
        *(history[name] for name in _history_own_fields()),
        *_values(email, _email_fields()),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_statement(), params)
        participant_pk, email_pk = cursor.fetchone()
    _saved(participant, participant_pk)
    email.participant = participant  # its key, now that the registration has one
    _saved(email, email_pk)
    if not taken_from_table:
        hand_to_worker(email.pk)
    return email


def _values(instance, fields) -> list:
    # What Django's insert compiler sends: each field's pre_save (auto_now_add sets the time
    # on the instance), then its value prepared for the database.
    return [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]


def _saved(instance, pk: int) -> None:
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias


@functools.cache
def _participant_fields() -> list:
    return [field for field in Participant._meta.concrete_fields if not field.primary_key]


@functools.cache
def _email_fields() -> list:
    return [
        field
        for field in OutgoingEmail._meta.concrete_fields
        if not field.primary_key and field.name != "participant"
    ]


@functools.cache
def _history_own_fields() -> list[str]:
    # In the order of the history model's columns, as the statement lists them.
    fields = Participant.history.model._meta.concrete_fields
    return [field.attname for field in fields if field.attname in HISTORY_OWN]


@functools.cache
def _insert_statement() -> str:
    quote = connection.ops.quote_name
    registration_columns = [field.column for field in _participant_fields()]
    history_model = Participant.history.model
    copied = {field.attname: field.column for field in Participant._meta.concrete_fields}
    history_columns, history_values = [], []
    for field in history_model._meta.concrete_fields:
        if field.attname == "history_id":
            continue
        history_columns.append(field.column)
        if field.attname in HISTORY_OWN:
            history_values.append("%s")
        elif field.attname in copied:
            history_values.append("registration." + quote(copied[field.attname]))
        else:
            raise ImproperlyConfigured(f"No value for {history_model.__name__}.{field.attname}.")
    email_columns = [OutgoingEmail._meta.get_field("participant").column]
    email_columns += [field.column for field in _email_fields()]
    email_values = ["registration." + quote("id")] + ["%s"] * len(_email_fields())

    def columns(names):
        return ", ".join(map(quote, names))

    return (
        f"WITH registration AS ("
        f"INSERT INTO {quote(Participant._meta.db_table)} ({columns(registration_columns)})"
        f" VALUES ({', '.join(['%s'] * len(registration_columns))}) RETURNING *"
        f"), history AS ("
        f"INSERT INTO {quote(history_model._meta.db_table)} ({columns(history_columns)})"
        f" SELECT {', '.join(history_values)} FROM registration"
        f"), email AS ("
        f"INSERT INTO {quote(OutgoingEmail._meta.db_table)} ({columns(email_columns)})"
        f" SELECT {', '.join(email_values)} FROM registration RETURNING {quote('id')}"
        f") SELECT registration.{quote('id')}, email.{quote('id')} FROM registration, email"
    )
