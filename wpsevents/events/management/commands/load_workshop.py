"""Create or refresh the ASEAN WPS localisation workshop, its programme and resources."""

from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wpsevents.events import workshop
from wpsevents.events.models import LOCAL_TZ, Event, Session
from wpsevents.resources.models import Resource

HELD_FIRST_DAY = date(2023, 12, 14)
DAYS_AHEAD = 30


class Command(BaseCommand):
    help = (
        "Load the workshop as demo content, 30 days from today so that registration is open "
        "(or on 14-15 December 2023 with --as-held). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-held",
            action="store_true",
            help="Keep the real dates, 14-15 December 2023: the site shows the event as held.",
        )

    @transaction.atomic
    def handle(self, *args, as_held=False, **options):
        today = timezone.localdate(timezone=LOCAL_TZ)
        first_day = HELD_FIRST_DAY if as_held else today + timedelta(days=DAYS_AHEAD)
        event, created = self._load_event(first_day, as_held)
        changed = created
        for row in workshop.SESSIONS:
            changed |= self._load_session(event, first_day, *row)
        for row in workshop.RESOURCES:
            changed |= self._load_resource(event, *row)
        verb = "created" if created else ("updated" if changed else "unchanged")
        self.stdout.write(self.style.SUCCESS(f"Workshop {verb}: {event.get_absolute_url()}"))

    def _load_event(self, first_day: date, as_held: bool):
        data = workshop.EVENT
        values = {
            **_translated(
                data,
                "title",
                "summary",
                "description",
                "highlights_title",
                "highlights",
                "venue_name",
                "venue_address",
                "organisers",
            ),
            "starts_at": _at(first_day, "08:00"),
            "ends_at": _at(first_day + timedelta(days=1), "12:30"),
            "registration_opens_at": None,
            "registration_closes_at": _at(first_day - timedelta(days=2), "17:00"),
            "map_url": data["map_url"],
            "livestream_url": data["livestream_url"],
            "capacity": data["capacity"],
            "is_published": True,
            "is_sample_content": True,
        }
        event = Event.objects.filter(slug=data["slug"]).first()
        created = event is None
        if created:
            event = Event(slug=data["slug"])
        if not Event.objects.filter(is_featured=True).exclude(pk=event.pk).exists():
            values["is_featured"] = True
        _apply(event, values, force=created)
        return event, created

    def _load_session(
        self,
        event,
        first_day,
        day,
        start,
        end,
        kind,
        capacity,
        title,
        description,
        speakers,
        moderators,
        room,
    ) -> bool:
        on = first_day + timedelta(days=day - 1)
        session = Session.objects.filter(event=event, title_en=title["en"]).first()
        created = session is None
        values = {
            "title_en": title["en"],
            "title_km": title["km"],
            "description_en": description["en"],
            "description_km": description["km"],
            "room_en": room["en"],
            "room_km": room["km"],
            "speakers_en": speakers,
            "speakers_km": workshop.roles_in_khmer(speakers),
            "moderators_en": moderators,
            "moderators_km": workshop.roles_in_khmer(moderators),
            "starts_at": _at(on, start),
            "ends_at": _at(on, end),
            "kind": kind,
            "capacity": capacity,
            "is_sample_content": True,
        }
        return _apply(session or Session(event=event), values, force=created)

    def _load_resource(
        self, event, key, kind, title, description, url, language, is_key, session_title
    ) -> bool:
        resource = Resource.objects.filter(event=event, title_en=title["en"]).first()
        session = (
            Session.objects.filter(event=event, title_en=session_title).first()
            if session_title
            else None
        )
        values = {
            "title_en": title["en"],
            "title_km": title["km"],
            "description_en": description["en"],
            "description_km": description["km"],
            "kind": kind,
            "url": url,
            "language": language,
            "is_key": is_key,
            "is_published": True,
            "is_sample_content": True,
            "session": session,
            "order": [row[0] for row in workshop.RESOURCES].index(key),
        }
        return _apply(resource or Resource(event=event), values, force=resource is None)


def _translated(data: dict, *fields) -> dict:
    values = {}
    for field in fields:
        values[f"{field}_en"] = data[field]["en"]
        values[f"{field}_km"] = data[field]["km"]
    return values


def _at(day: date, hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=LOCAL_TZ)


def _apply(instance, values: dict, *, force: bool) -> bool:
    """Set the values and save only when something differs, so that a second run is a no-op."""
    changed = force or any(getattr(instance, name) != value for name, value in values.items())
    if changed:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
    return changed
