"""manage.py purge_personal_data --event <slug> [--older-than DAYS]"""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wpsevents.events.models import Event
from wpsevents.participants.privacy import purge_event


class Command(BaseCommand):
    """Anonymise an event's participants once it is over, keeping the aggregate statistics."""

    help = (
        "Anonymise the participants of an event that has ended: names, contact details, free "
        "texts, private links, emails and change history go; gender, type of organisation, "
        "country, days, attendance, status and check-ins stay. Each run is recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, help="The event's slug.")
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="DAYS",
            help="Only purge once the event ended at least DAYS days ago (safe to schedule).",
        )

    def handle(self, *args, event, older_than, **options):
        if older_than is not None and older_than < 0:
            raise CommandError("--older-than must be zero or more days.")
        try:
            event_obj = Event.objects.get(slug=event)
        except Event.DoesNotExist:
            raise CommandError(f"No event with the slug {event!r}.") from None
        try:
            record = purge_event(
                event=event_obj, older_than_days=older_than, ran_by=_who_runs_this()
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"{record.participants_anonymised} participants of {event_obj.slug} anonymised."
        )


def _who_runs_this() -> str:
    try:
        return f"manage.py purge_personal_data ({getpass.getuser()})"
    except (KeyError, OSError):
        return "manage.py purge_personal_data"
