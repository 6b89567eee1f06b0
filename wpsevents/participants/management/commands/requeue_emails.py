"""Hand the worker again every email that has waited too long in the queue."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wpsevents.participants.mail.delivery import send_again
from wpsevents.participants.models import OutgoingEmail


class Command(BaseCommand):
    help = (
        "Queue again the emails still waiting after --older-than minutes (for example when the "
        "worker's task rows were lost, or an in-process backend stopped before sending). Sending "
        "stays exactly once: the worker skips what is already sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=15, metavar="MINUTES")

    def handle(self, *args, older_than, **options):
        cutoff = timezone.now() - timedelta(minutes=older_than)
        with transaction.atomic():
            waiting = list(
                OutgoingEmail.objects.filter(
                    status=OutgoingEmail.Status.QUEUED, created_at__lt=cutoff
                ).values_list("pk", flat=True)
            )
            send_again(waiting)
        self.stdout.write(f"{len(waiting)} waiting emails queued again.")
