"""`load_workshop`: the ASEAN WPS workshop as demo content, safe to run again."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.events.html import position, text
from tests.factories import EventFactory
from wpsevents.events.models import LOCAL_TZ, Event, RegistrationState, Session
from wpsevents.resources.models import Resource

pytestmark = pytest.mark.django_db


def _load(*args) -> str:
    out = StringIO()
    call_command("load_workshop", *args, stdout=out)
    return out.getvalue()


def _workshop() -> Event:
    return Event.objects.with_seats_taken().get()


def _titles(model) -> str:
    return "\n".join(model.objects.values_list("title_en", flat=True))


def test_load_workshop_creates_a_published_featured_two_day_event():
    _load()
    event = _workshop()
    assert event.title.startswith("Launch of the ASEAN Localisation Toolkit and Guideline")
    assert event.is_published
    assert event.is_featured
    assert event.is_sample_content
    assert len(event.days()) == 2
    assert "UN Women" in event.organisers
    assert "Ministry of Women's Affairs" in event.organisers
    assert "Boulevard" in event.venue_address  # a street; the city is a separate locality


def test_load_workshop_places_it_30_days_ahead_with_registration_open():
    _load()
    event = _workshop()
    today = timezone.localdate(timezone=LOCAL_TZ)
    assert event.days()[0] == today + timedelta(days=30)
    assert event.registration_state(event.seats_taken) == RegistrationState.OPEN
    assert event.capacity


def test_load_workshop_has_the_four_pillars():
    _load()
    names = [name for name, _text in _workshop().highlight_list]
    assert names == ["Protection", "Participation", "Prevention", "Relief and recovery"]


def test_load_workshop_programme_covers_the_announced_themes():
    _load()
    titles = _titles(Session)
    for theme in (
        "Opening ceremony",
        "Launch of the ASEAN Localisation Toolkit and Guideline",
        "protection, participation, prevention, relief and recovery",
        "peacekeeping",
        "Elsie Initiative",
        "climate change, trafficking, cybersecurity",
        "transnational crime",
        "Working group",
        "Closing ceremony",
    ):
        assert theme in titles, theme


def test_load_workshop_sessions_fall_on_the_event_days():
    _load()
    event = _workshop()
    for session in event.sessions.all():
        session.full_clean()
    assert {session.local_day for session in event.sessions.all()} == set(event.days())


def test_load_workshop_working_groups_have_their_own_seats():
    _load()
    groups = Session.objects.working_groups()
    assert groups.count() >= 2
    assert all(group.capacity for group in groups)


def test_load_workshop_adds_the_resources():
    _load()
    titles = _titles(Resource)
    assert "Regional Plan of Action on Women, Peace and Security" in titles
    assert "Toolkit and Guideline" in titles
    assert "Press release: ASEAN launches guidelines" in titles
    recording = Resource.objects.get(kind=Resource.Kind.RECORDING)
    assert "youtube.com" in recording.url
    assert "YouTube" in recording.title
    toolkit = Resource.objects.get(title_en__contains="Toolkit and Guideline")
    assert toolkit.session.title.startswith("Launch of the ASEAN Localisation Toolkit")


def _khmer(line: str) -> bool:
    return any("\u1780" <= char <= "\u17ff" for char in line)


def test_load_workshop_gives_every_sample_speaker_and_moderator_in_khmer(client):
    _load()
    named = Session.objects.exclude(speakers_en="", moderators_en="")
    assert named.count() >= 5
    for session in named:
        for english, khmer in (
            (session.speakers_en, session.speakers_km),
            (session.moderators_en, session.moderators_km),
        ):
            assert len(khmer.splitlines()) == len(english.splitlines()), session.title_en
            assert all(_khmer(line) for line in khmer.splitlines()), session.title_en

    page = text(client.get(f"/km/events/{_workshop().slug}/programme/"))
    assert "តំណាង UN Women (គំរូ)" in page
    assert "(sample)" not in page


def test_load_workshop_twice_changes_nothing():
    _load()
    event = Event.objects.get()
    before = (
        event.updated_at,
        list(Session.objects.values()),
        list(Resource.objects.values()),
    )
    output = _load()
    event.refresh_from_db()
    after = (event.updated_at, list(Session.objects.values()), list(Resource.objects.values()))
    assert after == before
    assert Event.objects.count() == 1
    assert "unchanged" in output


def test_load_workshop_leaves_another_featured_event_featured():
    other = EventFactory(is_featured=True)
    _load()
    other.refresh_from_db()
    assert other.is_featured
    assert not Event.objects.get(slug="wps-localisation-workshop-2023").is_featured


def test_load_workshop_as_held_keeps_14_and_15_december_2023():
    _load("--as-held")
    event = _workshop()
    assert event.days() == [date(2023, 12, 14), date(2023, 12, 15)]
    assert event.registration_state(event.seats_taken) == RegistrationState.HELD


def test_load_workshop_as_held_moves_an_already_loaded_workshop():
    _load()
    _load("--as-held")
    assert Event.objects.get().days()[0] == date(2023, 12, 14)
    assert Session.objects.filter(starts_at__year=2023).count() == Session.objects.count()


def test_load_workshop_as_held_shows_the_event_page_as_held(client):
    _load("--as-held")
    event = Event.objects.get()
    html = text(client.get(event.get_absolute_url()))
    assert "This event has taken place. Registration is closed." in html
    assert "Register now" not in html
    recording, press, about = position(
        html, "Livestream recording on ASEAN", "Press release: ASEAN launches", "About the event"
    )
    assert recording < press < about


def test_load_workshop_event_page_invites_to_register(client):
    _load()
    html = text(client.get("/", follow=True))
    assert "Register now" in html
    assert "The four pillars of the ASEAN RPA-WPS" in html
