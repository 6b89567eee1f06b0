"""manage.py purge_personal_data (--event <slug> | --older-than DAYS) [--older-than DAYS]"""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wpsevents.events.models import Event
from wpsevents.participants.privacy import events_due_for_purge, purge_event


class Command(BaseCommand):
    """Anonymise an event's participants once it is over, keeping the aggregate statistics."""

    help = (
        "Anonymise the participants of an event that has ended: names, contact details, free "
        "texts, private links, emails and change history go; gender, type of organisation, "
        "country, days, attendance, status and check-ins stay. Each run is recorded. Without "
        "--event, every event that ended at least --older-than days ago and still holds personal "
        "data is purged; when there is none yet, it says so and exits 0 (safe on a timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", help="The event's slug (default: every event due).")
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="DAYS",
            help="Only purge once the event ended at least DAYS days ago (safe to schedule).",
        )

    def handle(self, *args, event, older_than, **options):
        if older_than is not None and older_than < 0:
            raise CommandError("--older-than must be zero or more days.")
        if event is None and older_than is None:
            raise CommandError("Give --event, or --older-than to purge every event due.")
        if event is None:
            events = list(events_due_for_purge(older_than_days=older_than))
        else:
            events = [self._event(event)]
        if older_than is not None:
            events = [candidate for candidate in events if candidate.is_held]
        if not events:
            self.stdout.write(f"Nothing to purge yet: no event ended {older_than} days ago.")
        for event_obj in events:
            self._purge(event_obj, older_than)

    def _event(self, slug: str) -> Event:
        try:
            return Event.objects.get(slug=slug)
        except Event.DoesNotExist:
            raise CommandError(f"No event with the slug {slug!r}.") from None

    def _purge(self, event: Event, older_than: int | None) -> None:
        try:
            record = purge_event(event=event, older_than_days=older_than, ran_by=_who_runs_this())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"{record.participants_anonymised} participants of {event.slug} anonymised."
        )


def _who_runs_this() -> str:
    try:
        return f"manage.py purge_personal_data ({getpass.getuser()})"
    except (KeyError, OSError):
        return "manage.py purge_personal_data"
