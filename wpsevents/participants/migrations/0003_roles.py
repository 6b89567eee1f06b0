from django.db import migrations

from wpsevents.participants.roles import set_up_roles


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0001_initial"),
        ("resources", "0001_initial"),
        ("participants", "0002_history_and_invitation"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
