"""An event that is over, with people who came, who did not, and who followed online."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory, ResourceFactory
from wpsevents.participants import rules
from wpsevents.participants.models import Participant
from wpsevents.resources.models import Resource


@pytest.fixture
def held_event(db):
    """A two-day event that ended yesterday, with its slides and its recording published."""
    starts = timezone.localtime().replace(hour=8, minute=0, second=0) - timedelta(days=3)
    event = EventFactory(
        title="Localising the RPA-WPS",
        starts_at=starts,
        ends_at=starts + timedelta(days=1, hours=8),
        livestream_url="",
    )
    ResourceFactory(event=event, title="Slides of day 1", url="https://example.org/slides.pdf")
    ResourceFactory(
        event=event,
        title="Recording of both days",
        kind=Resource.Kind.RECORDING,
        url="https://video.example.org/wps-2026",
    )
    ResourceFactory(
        event=event, title="Draft not yet out", url="https://example.org/d", is_published=False
    )
    return event


def attendee(event, *days, **fields) -> Participant:
    """A confirmed participant checked in on `days` (marked from the sign-in sheet)."""
    person = ParticipantFactory(event=event, **fields)
    for day in days:
        rules.check_in(participant=person, day=day, at_the_door=False)
    return person


@pytest.fixture
def people(held_event):
    """Two who came (one of them reading Khmer), one absent, one online, one cancelled."""
    return {
        "came": attendee(held_event, 1, 2, email="came@example.org", given_name="Dara"),
        "came_km": attendee(
            held_event, 2, email="came-km@example.org", language="km", given_name="Sophea"
        ),
        "absent": ParticipantFactory(event=held_event, email="absent@example.org"),
        "online": ParticipantFactory(
            event=held_event,
            email="online@example.org",
            attendance_mode=Participant.AttendanceMode.ONLINE,
        ),
        "cancelled": ParticipantFactory(
            event=held_event, email="gone@example.org", status=Participant.Status.CANCELLED
        ),
    }
