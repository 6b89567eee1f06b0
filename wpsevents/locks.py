"""Locks the ORM has no words for: the one place SQL is written.

A shared row lock (`SELECT … FOR SHARE`), and PostgreSQL's advisory locks, named by two keys: a
class (what the lock is for) and a hash of a text (whose it is).
"""

from django.db import connection as default_connection
from django.db.models import Model


def read_row_shared(model: type[Model], pk) -> Model:
    """Read one row and lock it against writers, not readers, until the transaction ends.

    Any number of transactions may hold it at once; one that locks the row for update
    (`select_for_update`) waits until they end, and they wait for it. Databases without row
    locks (SQLite locks the whole database on write) read the row plainly. Raise the model's
    DoesNotExist when there is no such row.
    """
    if not default_connection.features.has_select_for_update:
        return model._default_manager.get(pk=pk)
    quote = default_connection.ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    with default_connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {key} = %s FOR SHARE", [pk])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist
    values = [
        field.from_db_value(value, None, default_connection)
        if hasattr(field, "from_db_value")
        else value
        for field, value in zip(fields, row, strict=True)
    ]
    return model.from_db(default_connection.alias, [field.attname for field in fields], values)


def take_session_lock(database, lock_class: int, name: str) -> bool:
    """Take the lock on `database`'s session until it ends or closes; whether it was free."""
    with database.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [lock_class, name])
        return cursor.fetchone()[0]


def is_lock_held(lock_class: int, name: str) -> bool:
    """Whether another session holds the lock; asked inside a transaction, which lets it go."""
    with default_connection.cursor() as cursor:
        # Taken only if nobody holds it, and let go of when the transaction ends.
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [lock_class, name])
        return not cursor.fetchone()[0]
