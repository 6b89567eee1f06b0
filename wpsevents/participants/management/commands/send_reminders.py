"""Send the reminders and livestream links that are due: run on a timer, idempotent."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from wpsevents.participants.rules import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders due now: from 09:00 (Phnom Penh) the day before each day of an "
        "event, to the people confirmed in person for that day; and from 06:00 on each day, the "
        "livestream link to those following it online. Each person gets each once: running it "
        "again sends nothing twice. Its systemd timer runs it every hour."
    )

    def handle(self, *args, **options):
        queued = send_due_reminders(now=timezone.now())
        self.stdout.write(f"{queued} reminders and livestream links queued.")
