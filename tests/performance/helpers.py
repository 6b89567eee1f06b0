"""Shortcuts for the query budget tests: many participants at once, and a filled-in form."""

import re
from datetime import timedelta

from tests.factories import ParticipantFactory, ResourceFactory, SessionFactory
from wpsevents.events.models import Session
from wpsevents.participants.models import Participant

SPEAKERS = "\n".join(f"Speaker {n}, Director, Ministry {n}" for n in range(6))


def many_participants(event, count: int, start: int = 0, **fields) -> None:
    """`count` confirmed online participants, written in bulk as an import would; `fields`
    change what they have in common (in person, in a working group…)."""
    Participant.objects.bulk_create(
        (
            ParticipantFactory.build(
                event=event,
                reference=f"WPS-P{n:06d}",  # drawn at random, 20,000 would likely clash
                given_name=f"Person{n}",
                family_name="Many",
                email=f"many{n}@example.org",
                gender=Participant.Gender.WOMAN if n % 2 else Participant.Gender.MAN,
                status=Participant.Status.CONFIRMED,
                **{"attendance_mode": Participant.AttendanceMode.ONLINE, **fields},
            )
            for n in range(start, start + count)
        ),
        batch_size=2000,
    )


def add_programme(event, sessions: int) -> None:
    """Sessions over both days with speakers, moderators and resources of their own."""
    for n in range(sessions):
        starts = event.starts_at + timedelta(days=n % 2, minutes=10 * (n // 2))
        session = SessionFactory(
            event=event,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=10),
            kind=Session.Kind.PANEL if n % 3 else Session.Kind.PLENARY,
            speakers=SPEAKERS,
            moderators="Moderator One\nModerator Two",
        )
        ResourceFactory.create_batch(2, event=event, session=session, is_key=n % 4 == 0)
    ResourceFactory.create_batch(sessions, event=event)


def filled_form(page: str, email: str) -> dict:
    """The registration form a visitor received (`page`), filled in with valid answers."""
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"', page))
    return {
        **fields,
        "given_name": "Sokha",
        "family_name": "Chan",
        "email": email,
        "organisation": "Ministry of Women's Affairs",
        "organisation_type": "government",
        "country": "KH",
        "gender": "woman",
        "days": "both",
        "attendance_mode": "in_person",
        "language": "en",
        "consents_to_data_processing": "on",
    }
