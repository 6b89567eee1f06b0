"""The trigram indexes take new registrations in batches, through a short pending list.

Written one at a time into six GIN indexes (`fastupdate` off), a registration cost PostgreSQL
0.62 ms; gathered in a pending list of at most 64 kB and moved into the indexes a batch at a
time, 0.42 ms. Searches read the pending list whole: at 64 kB (a hundred-odd registrations)
that stays a small read, where the default 4 MB list of a day of registrations had made the
planner read the whole table (see `0020_trigram_indexes_without_pending_list`).
"""

from django.db import migrations

SEARCHED = ("reference", "given_name", "family_name", "name_khmer", "email", "organisation")
PENDING_LIST_KB = 64


def _index(column: str) -> str:
    return f"participant_{column}_trgm"


def short_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(
            f"ALTER INDEX {_index(column)} "
            f"SET (fastupdate = on, gin_pending_list_limit = {PENDING_LIST_KB})"
        )


def write_directly(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"ALTER INDEX {_index(column)} SET (fastupdate = off)")
        schema_editor.execute(f"ALTER INDEX {_index(column)} RESET (gin_pending_list_limit)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{_index(column)}'::regclass)")


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0022_email_calendar_entries_and_kinds"),
    ]

    operations = [
        migrations.RunPython(short_pending_list, write_directly),
    ]
