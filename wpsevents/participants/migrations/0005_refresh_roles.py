from django.db import migrations

from wpsevents.participants.roles import set_up_roles


class Migration(migrations.Migration):
    """Give organisers the permissions of the models added since the roles were created."""

    dependencies = [
        ("participants", "0004_purge_record"),
        ("resources", "0002_upload_content_check"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
