"""PostgreSQL's advisory locks, which the ORM has no words for: the one place SQL is written.

A lock is named by two keys: a class (what it is for) and a hash of a text (whose it is).
"""

from django.db import connection as default_connection


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
