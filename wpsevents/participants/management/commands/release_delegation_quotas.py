"""Give the seats delegations did not fill by their deadline to the waitlist."""

from django.core.management.base import BaseCommand

from wpsevents.participants.rules import release_due_quotas


class Command(BaseCommand):
    help = (
        "Release the in-person seats each delegation kept and did not fill by its nomination "
        "deadline: they go to the waitlist in its order, each person promoted emailed. The "
        "email worker does this every half minute; run it on a timer where no worker runs. "
        "Idempotent."
    )

    def handle(self, *args, **options):
        promoted = release_due_quotas()
        self.stdout.write(f"{promoted} person(s) given a seat from the waitlist.")
