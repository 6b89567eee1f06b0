"""The door and the back office in Khmer: each member of staff's choice, kept on their account."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import EventFactory, ParticipantFactory
from tests.signin import sign_in_fully

pytestmark = pytest.mark.django_db


def _choose(client, language: str, page: str):
    return client.post("/admin/language/", {"language": language, "next": page})


def test_the_check_in_page_follows_the_language_staff_choose(checkin_client):
    event = EventFactory(is_checkin_open=True)
    person = ParticipantFactory(event=event, name_khmer="ចាន់ សុខា")
    page = f"/checkin/{person.reference}/"
    assert '<html lang="en">' in checkin_client.get(page).content.decode()
    response = _choose(checkin_client, "km", page)
    assert response.status_code == 302
    assert response["Location"] == page
    html = checkin_client.get(page).content.decode()
    assert '<html lang="km">' in html
    assert "ចុះវត្តមានសម្រាប់" in html  # "Check in for" on the day's button
    assert checkin_client.get("/checkin/").content.decode().count("<h1>ការចុះវត្តមាន</h1>") == 1
    found = checkin_client.get("/checkin/", {"q": "សុខា"}).content.decode()
    assert "រកឃើញ ១" in found


def test_the_choice_is_kept_from_one_sign_in_to_the_next_and_for_that_person_only(
    checkin_client, roles
):
    _choose(checkin_client, "km", "/checkin/")
    door = User.objects.get(username="door")
    checkin_client.logout()
    sign_in_fully(checkin_client, door)
    assert '<html lang="km">' in checkin_client.get("/checkin/").content.decode()
    colleague = User.objects.create_user("colleague", "colleague@example.org", "pw-colleague-1")
    colleague.is_staff = True
    colleague.save()
    colleague.groups.add(roles["Check-in staff"])
    other = Client()
    sign_in_fully(other, colleague)
    assert '<html lang="en">' in other.get("/checkin/").content.decode()


def test_the_admin_and_djangos_own_texts_follow_the_choice(organiser_client):
    _choose(organiser_client, "km", "/admin/")
    html = organiser_client.get("/admin/").content.decode()
    assert '<html lang="km"' in html
    assert "ការគ្រប់គ្រងព្រឹត្តិការណ៍ស្តីពីស្ត្រី សន្តិភាព និងសន្តិសុខ" in html
    assert "សកម្មភាពថ្មីៗ" in html  # Django's "Recent actions", from locale_admin/
    assert "Recent actions" not in html
    listing = organiser_client.get("/admin/participants/participant/").content.decode()
    assert "លទ្ធផល" in listing or "អ្នកចូលរួម" in listing


def test_public_pages_keep_their_own_language(organiser_client):
    event = EventFactory()
    _choose(organiser_client, "km", "/admin/")
    assert '<html lang="en">' in organiser_client.get(f"/events/{event.slug}/").content.decode()


@pytest.mark.parametrize(
    ("language", "page"),
    [("fr", "/checkin/"), ("km", "https://elsewhere.example.org/"), ("km", "/events/")],
    ids=["unknown language", "another site", "a public page"],
)
def test_a_wrong_choice_changes_nothing_it_should_not(checkin_client, language, page):
    response = _choose(checkin_client, language, page)
    assert response.status_code == 302
    assert response["Location"] in ("/checkin/", "/admin/")
    expected = "en" if language == "fr" else "km"
    assert f'<html lang="{expected}">' in checkin_client.get("/checkin/").content.decode()


def test_only_signed_in_staff_can_choose(client):
    response = _choose(client, "km", "/checkin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_report_follows_the_choice_with_khmer_digits(organiser_client):
    event = EventFactory(title="Localising WPS", capacity=12)
    ParticipantFactory.create_batch(3, event=event)
    _choose(organiser_client, "km", "/admin/reports/")
    html = organiser_client.get("/admin/reports/", {"event": event.slug}).content.decode()
    assert '<html lang="km"' in html
    heading = re.search(r'<p class="report-event">(.*?)</p>', html, re.S).group(1)
    assert re.search("[០-៩]", heading) and not re.search("[0-9]", heading)
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert "១២" in cells and "៣" in cells
    assert not [cell for cell in cells if re.search("[0-9]", cell)]


def test_an_organiser_working_in_khmer_reads_counts_in_khmer_digits(organiser_client):
    event = EventFactory(capacity=20)
    waiting = ParticipantFactory.create_batch(12, event=event, status="waitlisted")
    _choose(organiser_client, "km", "/admin/")
    chosen = {"action": "confirm", "_selected_action": [person.pk for person in waiting]}
    response = organiser_client.post(
        "/admin/participants/participant/", chosen, follow=True
    ).content.decode()
    messages = " ".join(re.findall(r'<li class="success">(.*?)</li>', response, re.S))
    assert "១២" in messages and "12" not in messages
    _choose(organiser_client, "en", "/admin/")
    chosen["_selected_action"] = [ParticipantFactory(event=event, status="waitlisted").pk]
    response = organiser_client.post(
        "/admin/participants/participant/", chosen, follow=True
    ).content.decode()
    assert "1 participant confirmed." in response


def test_the_participant_list_and_its_import_read_in_khmer(organiser_client):
    ParticipantFactory.create_batch(2)
    _choose(organiser_client, "km", "/admin/")
    listing = organiser_client.get("/admin/participants/participant/").content.decode()
    headers = " ".join(re.findall(r'<th scope="col"[^>]*>(.*?)</th>', listing, re.S))
    assert "ឈ្មោះ" in headers and "Full name" not in headers and "full name" not in headers
    assert ">នាំចូល</a>" in listing and ">Import</a>" not in listing
    importing = organiser_client.get("/admin/participants/participant/import/").content.decode()
    assert "ឯកសារត្រូវនាំចូល" in importing and "File to import" not in importing
    script = organiser_client.get("/admin/jsi18n/").content.decode()
    for khmer in ("បានជ្រើសរើស %(sel)s ក្នុងចំណោម %(cnt)s", "មករា"):  # "0 of 2 selected", January
        assert json.dumps(khmer)[1:-1] in script
