"""Trigram indexes for the organisers' and the door's search on PostgreSQL.

The admin's search and the door's look-up match any part of a name, an email address, an
organisation or a reference (`UPPER(column) LIKE UPPER('%word%')`), which PostgreSQL otherwise
answers by reading every participant. A trigram index (pg_trgm, a trusted extension: the
database's owner may create it, no superuser needed) on each searched column, in the same
upper-case form, answers it from the index. SQLite (development) has neither, and needs none.
The indexes live in the database only, not in the model's state: Django's GinIndex cannot be
left out on SQLite.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TABLE = "participants_participant"
SEARCHED = ("reference", "given_name", "family_name", "name_khmer", "email", "organisation")


def _index(column: str) -> str:
    return f"participant_{column}_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {_index(column)} ON {TABLE} '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index(column)}")


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0018_delegations"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
