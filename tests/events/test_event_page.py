"""The event page: what a visitor reads before deciding to come, and the way to register."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.events.html import json_ld, meta_properties, position, text
from tests.factories import EventFactory, ParticipantFactory, ResourceFactory
from wpsevents.participants.models import Participant
from wpsevents.resources.models import Resource

pytestmark = pytest.mark.django_db

PILLARS = (
    "Protection: of the rights of women and girls\n"
    "Participation: of women in decisions\n"
    "Prevention: of conflict and violence\n"
    "Relief and recovery: that meet women's needs"
)


def _page(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return text(response)


def test_home_redirects_to_the_featured_event(client):
    EventFactory(is_featured=False)
    featured = EventFactory(is_featured=True)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == featured.get_absolute_url()


def test_home_redirects_to_a_published_event_when_none_is_featured(client):
    event = EventFactory()
    EventFactory(is_published=False)
    response = client.get("/")
    assert response["Location"] == event.get_absolute_url()


def test_home_is_not_found_before_any_event_is_published(client):
    EventFactory(is_published=False, is_featured=True)
    assert client.get("/").status_code == 404


def test_event_page_shows_title_summary_venue_and_organisers(client):
    event = EventFactory(
        title="Launch of the ASEAN Localisation Toolkit",
        summary="Two days in Phnom Penh.",
        venue_name="Sokha Hotel",
        venue_address="Street 1, Phnom Penh",
        map_url="https://www.openstreetmap.org/?mlat=11.56",
        organisers="UN Women with MOWA",
    )
    html = _page(client, event)
    assert "<h1" in html and "Launch of the ASEAN Localisation Toolkit</h1>" in html
    assert "Two days in Phnom Penh." in html
    assert "Sokha Hotel, Street 1, Phnom Penh" in html
    assert 'href="https://www.openstreetmap.org/?mlat=11.56"' in html
    assert "UN Women with MOWA" in html


def test_event_page_shows_dates_and_times_in_phnom_penh(client):
    event = EventFactory(
        starts_at=datetime(2031, 3, 10, 1, 30, tzinfo=UTC),
        ends_at=datetime(2031, 3, 11, 5, 0, tzinfo=UTC),
    )
    html = _page(client, event)
    assert '<time datetime="2031-03-10T08:30:00+07:00">' in html
    assert '<time datetime="2031-03-11T12:00:00+07:00">' in html
    assert "10 March 2031, 08:30" in html
    assert "11 March 2031, 12:00" in html
    assert "(Phnom Penh time, UTC+7)" in html


def test_event_page_shows_description_as_paragraphs(client):
    event = EventFactory(description="Cambodia led the plan.\n\nIt now chairs the <group>.")
    html = _page(client, event)
    assert "<p>Cambodia led the plan.</p>" in html
    assert "<p>It now chairs the &lt;group&gt;.</p>" in html


def test_event_page_lists_the_four_pillars(client):
    event = EventFactory(highlights_title="The four pillars of the RPA-WPS", highlights=PILLARS)
    html = _page(client, event)
    assert "The four pillars of the RPA-WPS" in html
    for pillar in ("Protection", "Participation", "Prevention", "Relief and recovery"):
        assert f"<strong>{pillar}</strong>" in html
    assert "of conflict and violence" in html


def test_event_page_links_the_livestream(client):
    event = EventFactory(livestream_url="https://www.youtube.com/@ASEANSecretariat")
    html = _page(client, event)
    assert "Livestream" in html
    assert "Watch the livestream" in html
    assert 'href="https://www.youtube.com/@ASEANSecretariat"' in html


def test_event_page_without_livestream_has_no_livestream_box(client):
    html = _page(client, EventFactory(livestream_url=""))
    assert "Livestream" not in html


def test_event_page_lists_key_resources_only(client):
    event = EventFactory()
    ResourceFactory(event=event, title="The RPA-WPS", is_key=True)
    ResourceFactory(event=event, title="Seating plan", is_key=False)
    ResourceFactory(event=event, title="Draft toolkit", is_key=True, is_published=False)
    html = _page(client, event)
    assert "Key resources" in html
    assert "The RPA-WPS" in html
    assert "Seating plan" not in html
    assert "Draft toolkit" not in html
    assert reverse("events:resources", kwargs={"slug": event.slug}) in html


def test_event_page_links_the_calendar_file(client):
    event = EventFactory()
    assert f"/events/{event.slug}/calendar.ics" in _page(client, event)


# The call to action follows the state of registration.


def test_event_page_invites_to_register_while_open(client):
    event = EventFactory(capacity=10)
    html = _page(client, event)
    assert "Register now" in html
    assert f'href="/events/{event.slug}/register/"' in html


def test_event_page_says_when_registration_will_open(client):
    opens = timezone.now() + timedelta(days=3)
    event = EventFactory(registration_opens_at=opens)
    html = _page(client, event)
    assert "Registration opens on" in html
    assert "Register now" not in html


def test_event_page_says_registration_is_closed(client):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    html = _page(client, event)
    assert "Registration is closed." in html
    assert "You can still follow the livestream." in html
    assert "Register now" not in html


def test_event_page_offers_the_waitlist_when_in_person_seats_are_taken(client):
    event = EventFactory(capacity=2)
    ParticipantFactory.create_batch(2, event=event)
    html = _page(client, event)
    assert "Join the waitlist" in html
    assert "Register now" not in html


def test_event_page_online_and_waitlisted_participants_leave_seats_free(client):
    event = EventFactory(capacity=2)
    ParticipantFactory(event=event)
    ParticipantFactory(event=event, attendance_mode=Participant.AttendanceMode.ONLINE)
    ParticipantFactory(event=event, status=Participant.Status.WAITLISTED)
    ParticipantFactory(event=event, status=Participant.Status.CANCELLED)
    html = _page(client, event)
    assert "Register now" in html


def test_event_page_shows_a_held_event_as_held(client):
    starts = timezone.now() - timedelta(days=10)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(days=1))
    html = _page(client, event)
    assert "This event has taken place." in html
    assert "Register now" not in html
    assert "Watch the recording" in html


def test_event_page_of_a_held_event_shows_resources_before_the_description(client):
    starts = timezone.now() - timedelta(days=10)
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(days=1))
    ResourceFactory(
        event=event, title="Workshop recording", kind=Resource.Kind.RECORDING, is_key=True
    )
    html = _page(client, event)
    resources, about = position(html, "Key resources", "About the event")
    assert resources < about


def test_event_page_of_a_coming_event_shows_the_description_first(client):
    event = EventFactory()
    ResourceFactory(event=event, is_key=True)
    html = _page(client, event)
    about, resources = position(html, "About the event", "Key resources")
    assert about < resources


# What link previews and search engines read.


def test_event_page_opengraph_describes_the_event(client):
    event = EventFactory(title="WPS workshop", summary="Two days on WPS.")
    tags = meta_properties(_page(client, event))
    assert tags["og:title"] == "WPS workshop"
    assert tags["og:description"] == "Two days on WPS."
    assert tags["og:url"] == f"https://events.example.org/events/{event.slug}/"
    assert tags["og:locale"] == "en_GB"


def test_event_page_json_ld_is_a_schema_org_event(client):
    event = EventFactory(title="WPS workshop", organisers="UN Women with MOWA")
    data = json_ld(_page(client, event))
    assert data["@type"] == "Event"
    assert data["name"] == "WPS workshop"
    assert datetime.fromisoformat(data["startDate"]) == event.starts_at
    assert datetime.fromisoformat(data["endDate"]) == event.ends_at
    assert data["startDate"].endswith("+07:00")
    assert data["organizer"]["name"] == "UN Women with MOWA"
    assert data["url"] == f"https://events.example.org/events/{event.slug}/"


def test_event_page_json_ld_is_mixed_attendance_when_livestreamed(client):
    event = EventFactory(livestream_url="https://www.youtube.com/@ASEANSecretariat")
    data = json_ld(_page(client, event))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = data["location"]
    assert place["address"]["addressLocality"] == "Phnom Penh"
    assert place["address"]["addressCountry"] == "KH"
    assert online["url"] == "https://www.youtube.com/@ASEANSecretariat"


def test_event_page_json_ld_is_offline_without_livestream(client):
    event = EventFactory(livestream_url="", venue_name="Sokha Hotel")
    data = json_ld(_page(client, event))
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["name"] == "Sokha Hotel"
    assert data["location"]["address"]["addressLocality"] == "Phnom Penh"


def test_event_page_json_ld_cannot_be_broken_out_of(client):
    event = EventFactory(title="</script><script>alert(1)</script>")
    html = _page(client, event)
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_event_page_in_khmer_keeps_the_event(client):
    event = EventFactory(title_en="WPS workshop")
    response = client.get(f"/km/events/{event.slug}/")
    assert response.status_code == 200
    assert "WPS workshop" in text(response)
    assert meta_properties(text(response))["og:locale"] == "km_KH"
