"""An undone check-in stays on record with who and when, and no longer counts anywhere."""

import csv
import io
import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory
from tests.signin import sign_in_fully
from wpsevents.participants import rules
from wpsevents.participants.models import CheckIn

CHANGELIST = reverse("admin:participants_participant_changelist")
STAMP = r"\d{4}-\d\d-\d\d \d\d:\d\d"


def _post(client, participant, action, day=1):
    url = reverse("checkin:participant", kwargs={"reference": participant.reference})
    return client.post(url, {"day": day, "action": action}, follow=True)


@pytest.fixture
def organiser_browser(organiser):
    """An organiser's own browser, beside the door staff's phone."""
    client = Client()
    sign_in_fully(client, organiser)
    return client


def test_undo_keeps_the_checkin_marked_undone_with_who_and_when(
    door_client, door_staff, participant
):
    _post(door_client, participant, "check_in")
    before = timezone.now()
    _post(door_client, participant, "undo")
    checkin = CheckIn.objects.get(participant=participant)
    assert checkin.undone_by == door_staff
    assert checkin.undone_at >= before
    assert checkin.checked_in_by == door_staff


def test_undo_then_check_in_again_makes_a_new_record(door_client, participant):
    _post(door_client, participant, "check_in")
    _post(door_client, participant, "undo")
    response = _post(door_client, participant, "check_in")
    assert "Checked in for Day 1." in response.content.decode()
    assert CheckIn.objects.filter(participant=participant).count() == 2
    assert CheckIn.objects.live().filter(participant=participant).count() == 1


def test_undo_with_nothing_to_undo_says_so(door_client, participant):
    response = _post(door_client, participant, "undo")
    assert "Nothing to undo for Day 1." in response.content.decode()
    assert not CheckIn.objects.exists()


def test_undone_checkin_no_longer_shows_as_checked_in_at_the_door(door_client, participant):
    _post(door_client, participant, "check_in")
    content = _post(door_client, participant, "undo").content.decode()
    assert "Check in for Day 1" in content
    assert "Undo check-in for Day 1" not in content


def test_undo_rule_returns_how_many_it_undid(participant):
    rules.check_in(participant=participant, day=1)
    assert rules.undo_check_in(participant=participant, day=1) == 1
    assert rules.undo_check_in(participant=participant, day=1) == 0


def test_database_refuses_two_live_checkins_for_one_day(participant):
    CheckIn.objects.create(participant=participant, day=1, undone_at=timezone.now())
    CheckIn.objects.create(participant=participant, day=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(participant=participant, day=1)


def test_participant_admin_page_shows_checkins_and_undos(
    door_client, participant, organiser_browser
):
    _post(door_client, participant, "check_in")
    _post(door_client, participant, "undo")
    _post(door_client, participant, "check_in")
    change = reverse("admin:participants_participant_change", args=[participant.pk])
    content = organiser_browser.get(change).content.decode()
    undone = rf"Day 1: checked in at {STAMP} by doorkeeper; undone at {STAMP} by doorkeeper"
    assert re.search(undone, content)
    assert re.search(rf"Day 1: checked in at {STAMP} by doorkeeper<", content)


def test_participant_history_page_lists_checkins_and_undos(
    door_client, participant, organiser_browser
):
    _post(door_client, participant, "check_in", day=2)
    _post(door_client, participant, "undo", day=2)
    history = reverse("admin:participants_participant_history", args=[participant.pk])
    content = organiser_browser.get(history).content.decode()
    assert 'id="checkin-history"' in content
    assert re.search(rf"Day 2: checked in at {STAMP} by doorkeeper; undone at {STAMP}", content)


def _undone_and_live(event):
    """One person whose check-in was undone, one checked in after an undo."""
    undone, again = ParticipantFactory.create_batch(2, event=event)
    for person in (undone, again):
        rules.check_in(participant=person, day=1)
        rules.undo_check_in(participant=person, day=1)
    rules.check_in(participant=again, day=1)
    return undone, again


def test_report_counts_only_checkins_not_undone(reports_client, event):
    _undone_and_live(event)
    response = reports_client.get(reverse("reports:download", args=[event.slug, "gender"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    total = next(row for row in rows if row[0] == "Total")
    assert total[1:] == ["2", "2", "0", "1", "1", "0"]


def test_participant_list_filter_ignores_undone_checkins(organiser_browser, event):
    undone, again = _undone_and_live(event)
    content = organiser_browser.get(CHANGELIST, {"in_day_1": "yes"}).content.decode()
    assert again.reference in content and undone.reference not in content
    content = organiser_browser.get(CHANGELIST, {"in_day_1": "no"}).content.decode()
    assert undone.reference in content and again.reference not in content


def test_export_ignores_undone_checkins(organiser_browser, event):
    undone, again = _undone_and_live(event)
    url = reverse("admin:participants_participant_export", args=["csv"])
    text = b"".join(organiser_browser.get(url).streaming_content).decode("utf-8-sig")
    day_1 = {row["reference"]: row["checked_in_day_1"] for row in csv.DictReader(io.StringIO(text))}
    assert day_1[undone.reference] == ""
    assert day_1[again.reference] != ""
