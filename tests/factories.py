"""factory_boy factories for the models."""

from datetime import timedelta

import factory
from django.utils import timezone

from wpsevents.events.models import Event, Session
from wpsevents.participants.models import Delegation, Participant
from wpsevents.resources.models import Resource


def _in_days(days: int, hour: int = 8):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    summary = "A two-day workshop."
    description = "First paragraph.\n\nSecond paragraph."
    starts_at = factory.LazyFunction(lambda: _in_days(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(days=1, hours=8))
    venue_name = "Conference centre"
    venue_address = "Phnom Penh"
    organisers = "UN Women with the Ministry of Women's Affairs"
    livestream_url = "https://www.youtube.com/@example"
    capacity = None
    # Seats held until the address is confirmed are the model's default; the tests of the other
    # rules see public registrations confirmed at once, and the tests of holds turn them on.
    holds_unconfirmed_seats = False
    is_published = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at + timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    kind = Session.Kind.PLENARY
    room = "Main hall"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Resource {n}")
    kind = Resource.Kind.DOCUMENT
    url = "https://example.org/document.pdf"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = "Family"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = "Ministry of Women's Affairs"
    organisation_type = Participant.OrganisationType.GOVERNMENT
    country = "KH"
    gender = Participant.Gender.WOMAN
    consents_to_data_processing = True
    status = Participant.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


def registration_data(**overrides) -> dict:
    """Valid participant fields, as the registration service takes them."""
    data = {
        "given_name": "Sokha",
        "family_name": "Chan",
        "email": "sokha@example.org",
        "organisation": "Ministry of Women's Affairs",
        "organisation_type": Participant.OrganisationType.GOVERNMENT,
        "country": "KH",
        "gender": Participant.Gender.WOMAN,
        "days": Participant.Days.BOTH,
        "attendance_mode": Participant.AttendanceMode.IN_PERSON,
        "consents_to_data_processing": True,
        "language": "en",
    }
    data.update(overrides)
    return data


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    event = factory.SubFactory(EventFactory)
    name = "Ministry of Women's Affairs"
    name_km = "ក្រសួងកិច្ចការនារី"
    organisation_type = Participant.OrganisationType.GOVERNMENT
    country = "KH"
    focal_point_name = "Sophea Kim"
    focal_point_email = "focal@mowa.example"
    in_person_quota = 3
    online_quota = 0
    nomination_deadline = factory.LazyAttribute(lambda o: o.event.starts_at - timedelta(days=7))


def nominee_data(**overrides) -> dict:
    """What a focal point writes about a delegate."""
    data = {
        "given_name": "Dara",
        "family_name": "Sok",
        "position": "Deputy Director",
        "gender": Participant.Gender.WOMAN,
        "email": "focal@mowa.example",
        "days": Participant.Days.BOTH,
        "attendance_mode": Participant.AttendanceMode.IN_PERSON,
        "language": "en",
    }
    data.update(overrides)
    return data
