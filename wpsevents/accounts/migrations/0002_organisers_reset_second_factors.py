from django.db import migrations

from wpsevents.participants.roles import set_up_roles


class Migration(migrations.Migration):
    """Let organisers see and reset their colleagues' second factors."""

    dependencies = [
        ("accounts", "0001_initial"),
        ("participants", "0008_email_hand_over"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
