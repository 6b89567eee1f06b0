"""Hand the worker again every email that has waited too long, and say when emails are stuck."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wpsevents.participants.mail.delivery import send_again
from wpsevents.participants.mail.workers import release_tasks_of_stopped_workers
from wpsevents.participants.models import OutgoingEmail

UNSENT = [OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.RETRYING]


class Command(BaseCommand):
    help = (
        "Queue again the emails still waiting after --older-than minutes (for example when the "
        "worker's task rows were lost, or an in-process backend stopped before sending), and "
        "the emails of workers killed in the middle of a task. Sending stays exactly once: the "
        "worker skips what is already sent. With --alert-after, exit with an error when an "
        "email has waited that many minutes unsent (its scheduled timer then alerts operators)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=15, metavar="MINUTES")
        parser.add_argument("--alert-after", type=int, metavar="MINUTES")

    def handle(self, *args, older_than, alert_after, **options):
        released = release_tasks_of_stopped_workers()
        cutoff = timezone.now() - timedelta(minutes=older_than)
        with transaction.atomic():
            waiting = list(
                OutgoingEmail.objects.filter(
                    status=OutgoingEmail.Status.QUEUED, created_at__lt=cutoff
                ).values_list("pk", flat=True)
            )
            send_again(waiting)
        self.stdout.write(
            f"{len(waiting)} waiting emails queued again; "
            f"{released} emails of stopped workers handed over again."
        )
        if alert_after is not None:
            self._alert_on_stuck_emails(alert_after)

    def _alert_on_stuck_emails(self, minutes: int) -> None:
        since = timezone.now() - timedelta(minutes=minutes)
        stuck = OutgoingEmail.objects.filter(status__in=UNSENT, created_at__lt=since)
        count = stuck.count()
        if count:
            oldest = stuck.order_by("created_at").values_list("created_at", flat=True).first()
            raise CommandError(
                f"{count} emails unsent after {minutes} minutes (the oldest queued at "
                f"{oldest:%Y-%m-%d %H:%M} UTC): is the worker running, and the SMTP server up?"
            )
