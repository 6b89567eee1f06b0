"""Check-in at the door: who may, what the page shows, and what the server refuses."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory, SessionFactory
from wpsevents.events.models import Session
from wpsevents.participants.models import CheckIn, Participant
from wpsevents.participants.qr import checkin_url

Status = Participant.Status


def _url(participant) -> str:
    return reverse("checkin:participant", kwargs={"reference": participant.reference})


def _post(client, participant, day=1, action="check_in"):
    return client.post(_url(participant), {"day": day, "action": action}, follow=True)


def test_checkin_qr_code_address_opens_the_checkin_page(participant, door_client):
    address = checkin_url(participant)
    assert address == f"https://events.example.org/checkin/{participant.reference}/"
    response = door_client.get(address.removeprefix("https://events.example.org"))
    assert response.status_code == 200


def test_checkin_page_shows_both_names_organisation_and_status(event, door_client):
    person = ParticipantFactory(
        event=event, given_name="Sokha", family_name="Chan", name_khmer="ចាន់ សុខា"
    )
    response = door_client.get(_url(person))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sokha Chan" in content
    assert "ចាន់ សុខា" in content
    assert "Ministry of Women&#x27;s Affairs" in content
    assert "Confirmed" in content


def _group(event, **fields) -> Session:
    fields = {"title": "Prevention", "room": "Lotus room", **fields}
    return SessionFactory(event=event, kind=Session.Kind.WORKING_GROUP, **fields)


def _choose_khmer(client) -> None:
    client.post("/admin/language/", {"language": "km", "next": "/checkin/"})


def test_checkin_page_says_which_working_group_and_room_to_send_the_person_to(event, door_client):
    in_room = ParticipantFactory(event=event, working_group=_group(event))
    roomless = ParticipantFactory(
        event=event, working_group=_group(event, title="Women mediators", room="")
    )
    in_no_group = ParticipantFactory(event=event)
    assert (
        "Working group: Prevention, in Lotus room"
        in door_client.get(_url(in_room)).content.decode()
    )
    content = door_client.get(_url(roomless)).content.decode()
    assert "Working group: Women mediators<" in content
    assert "Working group" not in door_client.get(_url(in_no_group)).content.decode()


def test_checkin_page_in_khmer_names_the_group_in_khmer_or_marks_its_english(event, door_client):
    translated = _group(event, title_km="ការបង្ការ", room_km="បន្ទប់ឈូក")
    untranslated = _group(event, title="Women mediators", room="Hall B")
    _choose_khmer(door_client)
    person = ParticipantFactory(event=event, working_group=translated)
    content = door_client.get(_url(person)).content.decode()
    assert "ក្រុមការងារ៖ ការបង្ការ នៅ បន្ទប់ឈូក" in content
    person = ParticipantFactory(event=event, working_group=untranslated)
    content = door_client.get(_url(person)).content.decode()
    assert (
        'ក្រុមការងារ៖ <span lang="en">Women mediators</span> នៅ <span lang="en">Hall B</span>'
        in content
    )


def test_checkin_page_warns_that_an_online_participant_has_no_seat(event, door_client):
    online = ParticipantFactory(event=event, attendance_mode=Participant.AttendanceMode.ONLINE)
    seated = ParticipantFactory(event=event)
    warning = "Registered to follow online: they have no seat in the room."
    assert warning in door_client.get(_url(online)).content.decode()
    assert warning not in door_client.get(_url(seated)).content.decode()


def test_checkin_page_warns_when_today_is_not_a_day_of_the_event(door_client, db):
    warning = "Today is not a day of the event"
    # the factory's event is weeks ahead: open at the door for a trial
    later = ParticipantFactory(event=EventFactory(is_checkin_open=True))
    assert warning in door_client.get(_url(later)).content.decode()
    today = EventFactory(
        starts_at=timezone.localtime().replace(hour=0, minute=1),
        ends_at=timezone.localtime().replace(hour=23, minute=59),
    )
    assert warning not in door_client.get(_url(ParticipantFactory(event=today))).content.decode()


def test_checkin_page_offers_day_1_first_before_the_second_day(participant, door_client):
    content = door_client.get(_url(participant)).content.decode()
    assert content.index("Check in for Day 1") < content.index("Check in for Day 2")


def test_checkin_page_offers_day_2_first_on_the_second_day(door_client, db):
    yesterday = timezone.localtime() - timedelta(days=1)
    event = EventFactory(
        starts_at=yesterday.replace(hour=8), ends_at=timezone.now() + timedelta(hours=3)
    )
    person = ParticipantFactory(event=event, consents_to_photography=True)
    content = door_client.get(_url(person)).content.decode()
    assert content.index("Check in for Day 2") < content.index("Check in for Day 1")
    assert content.index("autofocus") < content.index("Check in for Day 1")


def test_checkin_records_arrival_and_says_checked_in(participant, door_client, door_staff):
    response = _post(door_client, participant, day=1)
    assert "Checked in for Day 1." in response.content.decode()
    checkin = CheckIn.objects.get(participant=participant)
    assert (checkin.day, checkin.checked_in_by) == (1, door_staff)


def test_checkin_twice_is_harmless_and_shows_when_it_happened(participant, door_client):
    _post(door_client, participant, day=1)
    first = CheckIn.objects.get(participant=participant).checked_in_at
    response = _post(door_client, participant, day=1)
    assert "Already checked in for Day 1" in response.content.decode()
    assert list(CheckIn.objects.values_list("checked_in_at", flat=True)) == [first]
    assert "Checked in for Day 1" in response.content.decode()


def test_checkin_can_be_undone(participant, door_client):
    _post(door_client, participant, day=2)
    response = _post(door_client, participant, day=2, action="undo")
    assert "Check-in for Day 2 undone." in response.content.decode()
    assert not CheckIn.objects.live().exists()
    assert "Check in for Day 2" in response.content.decode()


def test_checkin_both_days_are_recorded_separately(participant, door_client):
    _post(door_client, participant, day=1)
    _post(door_client, participant, day=2)
    assert sorted(CheckIn.objects.values_list("day", flat=True)) == [1, 2]


def test_checkin_refuses_a_day_the_event_does_not_have(participant, door_client):
    response = _post(door_client, participant, day=3)
    assert "There is no such day." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_checkin_shows_no_photos_marker_without_consent(event, door_client):
    person = ParticipantFactory(event=event, consents_to_photography=False)
    assert "NO PHOTOS" in door_client.get(_url(person)).content.decode()


def test_checkin_hides_no_photos_marker_with_consent(event, door_client):
    person = ParticipantFactory(event=event, consents_to_photography=True)
    content = door_client.get(_url(person)).content.decode()
    assert "NO PHOTOS" not in content
    assert "Agreed to be photographed." in content


def test_checkin_anonymous_visitor_gets_the_login_page(participant, client):
    response = client.get(_url(participant))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_checkin_staff_without_permission_gets_the_login_page(participant, staff_client):
    response = staff_client.get(_url(participant))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_checkin_post_without_permission_stores_nothing(participant, staff_client):
    response = staff_client.post(_url(participant), {"day": 1, "action": "check_in"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not CheckIn.objects.exists()


def test_checkin_anonymous_post_stores_nothing(participant, client):
    response = client.post(_url(participant), {"day": 1, "action": "check_in"})
    assert response["Location"].startswith(reverse("admin:login"))
    assert not CheckIn.objects.exists()


def test_checkin_undo_without_permission_keeps_the_checkin(participant, staff_client):
    CheckIn.objects.create(participant=participant, day=1)
    staff_client.post(_url(participant), {"day": 1, "action": "undo"})
    assert CheckIn.objects.count() == 1


def test_checkin_cancelled_registration_is_shown_as_cancelled(event, door_client):
    person = ParticipantFactory(event=event, status=Status.CANCELLED)
    content = door_client.get(_url(person)).content.decode()
    assert "This registration was cancelled" in content
    assert "Check in for Day" not in content


def test_checkin_post_for_cancelled_registration_is_refused(event, door_client):
    person = ParticipantFactory(event=event, status=Status.CANCELLED)
    response = _post(door_client, person, day=1)
    assert "Only confirmed participants can be checked in." in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("status", [Status.WAITLISTED, Status.PENDING, Status.DECLINED])
def test_checkin_post_for_unconfirmed_registration_is_refused(event, door_client, status):
    person = ParticipantFactory(event=event, status=status)
    _post(door_client, person, day=1)
    assert not CheckIn.objects.exists()


def test_checkin_unknown_reference_is_not_found(door_client, db):
    assert door_client.get("/checkin/WPS-ZZZZZZ/").status_code == 404


def test_checkin_reference_typed_in_lower_case_is_found(participant, door_client):
    response = door_client.get(f"/checkin/{participant.reference.lower()}/")
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/checkin/", "/checkin/?q=Given"])
def test_checkin_search_is_never_cached(door_client, participant, path):
    assert "no-store" in door_client.get(path)["Cache-Control"]


def test_checkin_page_is_never_cached(door_client, participant):
    assert "no-store" in door_client.get(_url(participant))["Cache-Control"]
    assert "no-store" in door_client.post(_url(participant), {"day": 1})["Cache-Control"]


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_checkin_page_query_count_does_not_grow_with_checkins_or_a_group(event, door_client):
    fresh = ParticipantFactory(event=event)
    arrived = ParticipantFactory(event=event, working_group=_group(event))
    CheckIn.objects.create(participant=arrived, day=1, undone_at=timezone.now())
    CheckIn.objects.create(participant=arrived, day=1)
    CheckIn.objects.create(participant=arrived, day=2)
    _queries(door_client, _url(fresh))  # the session is loaded once first
    assert _queries(door_client, _url(fresh)) == _queries(door_client, _url(arrived))


def test_checkin_search_query_count_does_not_grow_with_matches(door_client, event):
    ParticipantFactory(event=event, given_name="Rare")
    ParticipantFactory.create_batch(20, event=event, given_name="Common")
    _queries(door_client, "/checkin/?q=Rare")
    assert _queries(door_client, "/checkin/?q=Rare") == _queries(door_client, "/checkin/?q=Common")


def test_checkin_page_with_a_note_lets_staff_read_it_before_the_button(door_client, db):
    yesterday = timezone.localtime() - timedelta(days=1)
    event = EventFactory(
        starts_at=yesterday.replace(hour=8), ends_at=timezone.now() + timedelta(hours=3)
    )
    person = ParticipantFactory(event=event, consents_to_photography=False)
    content = door_client.get(_url(person)).content.decode()
    assert "autofocus" not in content
    assert 'aria-describedby="note-photos"' in content
