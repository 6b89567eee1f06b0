"""manage.py close_out --event <slug> [--dry-run]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wpsevents.events.models import Event
from wpsevents.participants import rules


class Command(BaseCommand):
    """Write once to each person after the event: thanks, materials, recording and survey."""

    help = (
        "After the event, send each participant one email in their language: those checked in "
        "get thanks, the materials, the survey and their certificate of attendance; those "
        "registered in person who did not come, the recording and the materials; those online, "
        "the recording, the materials and the survey. Nobody is written to twice: running it "
        "again sends only to people added since."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, help="The event's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many emails would be sent."
        )

    def handle(self, *args, event, dry_run, **options):
        try:
            event_obj = Event.objects.get(slug=event)
        except Event.DoesNotExist:
            raise CommandError(f"No event with the slug {event!r}.") from None
        if dry_run:
            counts = rules.close_out_counts(event=event_obj)
            verb = "would be sent"
        else:
            try:
                counts = rules.close_out_event(event=event_obj)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            verb = "queued"
        self.stdout.write(
            f"{counts.to_send} emails {verb} for {event_obj.slug}: {counts.attended} attended "
            f"(with a certificate), {counts.absent} absent, {counts.online} online; "
            f"{counts.already_sent} written to before."
        )
