"""Release the seats held for addresses that were not confirmed in time."""

from django.core.management.base import BaseCommand

from wpsevents.participants.rules import release_lapsed_holds


class Command(BaseCommand):
    help = (
        "Release every held registration past its time: it is cancelled, its holder told by "
        "email, and the seat goes to the waitlist in order. The email worker does this every "
        "half minute; run it on a timer where no worker runs. Idempotent."
    )

    def handle(self, *args, **options):
        released = release_lapsed_holds()
        self.stdout.write(f"{released} lapsed holds released.")
