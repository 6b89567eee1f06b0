"""PostgreSQL learns how status and attendance mode go together, for the list's filters.

Left to itself the planner takes the two as independent: "confirmed" (most registrations)
times "in person" (a few: online participants are many more) gave 6,152 of 50,000, where
the room holds 120. Expecting many, it read the list's newest-first index and dropped
49,880 rows to find 50 (12 ms); knowing there are 120, it reads them from the seats index
and sorts them (0.5 ms). The statistics are kept by each ANALYZE, as autovacuum runs it.
"""

from django.db import migrations

NAME = "participant_status_and_mode"
TABLE = "participants_participant"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} (mcv) ON status, attendance_mode FROM {TABLE}"
    )
    schema_editor.execute(f"ANALYZE {TABLE}")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0020_trigram_indexes_without_pending_list"),
    ]

    operations = [
        migrations.RunPython(create_statistics, drop_statistics),
    ]
