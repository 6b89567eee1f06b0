"""The door app's page, manifest, service worker and the list a phone keeps: who gets what."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from wpsevents.events.models import Session
from wpsevents.participants.models import CheckIn, Participant

Status = Participant.Status
PEOPLE = reverse("checkin:people")
KEPT = {
    "reference",
    "name",
    "name_khmer",
    "organisation",
    "days",
    "photos",
    "group",
    "checked_in_at",
}


def test_door_list_holds_confirmed_people_with_only_what_the_door_needs(event, door_client):
    sokha = ParticipantFactory(
        event=event,
        given_name="Sokha",
        family_name="Chan",
        name_khmer="ចាន់ សុខា",
        consents_to_photography=False,
        days=Participant.Days.DAY_1,
    )
    ParticipantFactory(event=event, status=Status.CANCELLED)
    ParticipantFactory(event=event, status=Status.WAITLISTED)
    ParticipantFactory(event=EventFactory(), given_name="Elsewhere")

    response = door_client.get(PEOPLE)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["event"] == {"slug": event.slug, "title": event.title, "day": 1}
    assert data["people"] == [
        {
            "reference": sokha.reference,
            "name": "Sokha Chan",
            "name_khmer": "ចាន់ សុខា",
            "organisation": sokha.organisation,
            "days": "day1",
            "photos": False,
            "group": None,
            "checked_in_at": None,
        }
    ]
    assert sokha.email not in response.content.decode()
    assert data["user"] == "doorkeeper"
    assert data["csrf_token"]


def test_door_list_says_who_is_checked_in_today(event, door_client):
    person = ParticipantFactory(event=event)
    checkin = CheckIn.objects.create(participant=person, day=1)
    (kept,) = door_client.get(PEOPLE).json()["people"]
    assert set(kept) == KEPT
    assert kept["checked_in_at"] == checkin.checked_in_at.isoformat()


def test_door_list_expires_at_the_end_of_the_day_in_phnom_penh(event, door_client):
    expires = door_client.get(PEOPLE).json()["expires_at"]
    assert expires.endswith("T00:00:00+07:00")


def _group(event, **fields) -> Session:
    fields = {"title": "Prevention", "room": "Lotus room", **fields}
    return SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, **fields)


def test_door_list_says_each_persons_working_group_and_its_room(event, door_client):
    ParticipantFactory(event=event, family_name="A", working_group=_group(event))
    ParticipantFactory(event=event, family_name="B", working_group=_group(event, room=""))
    ParticipantFactory(event=event, family_name="C")
    groups = [one["group"] for one in door_client.get(PEOPLE).json()["people"]]
    assert groups == [
        {"title": "Prevention", "title_lang": "", "room": "Lotus room", "room_lang": ""},
        {"title": "Prevention", "title_lang": "", "room": "", "room_lang": ""},
        None,
    ]


def test_door_list_on_a_khmer_phone_gives_the_groups_khmer_or_marks_its_english(event, door_client):
    translated = _group(event, title_km="ការបង្ការ", room_km="បន្ទប់ឈូក")
    ParticipantFactory(event=event, family_name="A", working_group=translated)
    ParticipantFactory(event=event, family_name="B", working_group=_group(event, title="Mediation"))
    people = door_client.get(PEOPLE, HTTP_ACCEPT_LANGUAGE="km").json()["people"]
    assert [one["group"] for one in people] == [
        {"title": "ការបង្ការ", "title_lang": "", "room": "បន្ទប់ឈូក", "room_lang": ""},
        {"title": "Mediation", "title_lang": "en", "room": "Lotus room", "room_lang": "en"},
    ]


def test_door_list_takes_the_same_number_of_queries_for_many_people(event, door_client):
    ParticipantFactory.create_batch(3, event=event)
    with CaptureQueriesContext(connection) as few:
        door_client.get(PEOPLE)
    groups = [_group(event, title=title) for title in ("Prevention", "Mediation")]
    for number, person in enumerate(ParticipantFactory.create_batch(40, event=event)):
        person.working_group = groups[number % 2] if number % 3 else None
        person.save(update_fields=["working_group"])
        CheckIn.objects.create(participant=person, day=1)
    with CaptureQueriesContext(connection) as many:
        response = door_client.get(PEOPLE)
    assert len(response.json()["people"]) == 43
    assert len(many) == len(few)


@pytest.mark.parametrize("who", ["anonymous", "staff without the check-in permission"])
def test_door_list_is_refused_to_others_with_a_json_403(event, client, staff_client, who):
    ParticipantFactory(event=event)
    asking = client if who == "anonymous" else staff_client
    response = asking.get(PEOPLE)
    assert response.status_code == 403
    assert response.json() == {
        "error": "Your session has ended or may not check people in. Sign in again."
    }
    assert "no-store" in response["Cache-Control"]


def test_door_list_says_when_no_event_is_open_at_the_door(door_client, db):
    EventFactory(is_checkin_open=False)
    response = door_client.get(PEOPLE)
    assert response.status_code == 404
    assert response.json() == {"error": "No event is open for check-in today."}


def test_door_list_of_another_open_event_is_chosen_by_its_slug(event, door_client):
    other = EventFactory(is_checkin_open=True)
    ParticipantFactory(event=other, given_name="Dara")
    data = door_client.get(PEOPLE, {"event": other.slug}).json()
    assert data["event"]["slug"] == other.slug
    assert [person["name"].split()[0] for person in data["people"]] == ["Dara"]
    assert {one["slug"] for one in data["events"]} == {event.slug, other.slug}


def test_door_app_page_may_use_the_camera_and_is_never_kept(event, door_client):
    response = door_client.get(reverse("checkin:app"))
    assert response.status_code == 200
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert 'rel="manifest" href="/checkin/manifest.webmanifest"' in content
    assert 'for="door-query"' in content


def test_door_app_page_sends_others_to_sign_in(event, staff_client):
    response = staff_client.get(reverse("checkin:app"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_door_app_manifest_makes_the_door_installable(client, db):
    response = client.get(reverse("checkin:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/checkin/app/"
    assert manifest["scope"] == "/checkin/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/")
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_door_service_worker_keeps_the_app_files_from_this_site(client, db):
    response = client.get(reverse("checkin:service_worker"))
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    text = response.content.decode()
    assert '"/static/js/door.js"' in text
    assert '"/static/vendor/jsqr/jsQR.js"' in text
    assert 'const APP = "/checkin/app/"' in text
    assert "http" not in text.replace("self.location.origin", "")


def test_signing_out_asks_the_browser_to_wipe_what_the_site_kept(door_client):
    response = door_client.post(reverse("admin:logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_door_app_speaks_the_phones_language(event, door_client):
    page = door_client.get(reverse("checkin:app"), HTTP_ACCEPT_LANGUAGE="km")
    assert '<html lang="km">' in page.content.decode()
    assert "កម្មវិធីចុះវត្តមាន" in page.content.decode()
    texts = door_client.get(PEOPLE, HTTP_ACCEPT_LANGUAGE="km")
    assert texts.status_code == 200
    refused = Client().get(PEOPLE, HTTP_ACCEPT_LANGUAGE="km").json()["error"]
    assert "សូមចូលប្រើម្តងទៀត" in refused
