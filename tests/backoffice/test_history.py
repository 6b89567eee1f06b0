"""Who changed what on a participant, and when, is kept and shown."""

import pytest
from django.urls import reverse

from tests.backoffice.helpers import run_action
from wpsevents.participants.models import Participant


@pytest.mark.django_db
def test_history_records_a_status_change_with_the_organiser(
    organiser_client, organiser, participant
):
    run_action(organiser_client, "cancel", [participant])
    latest = participant.history.latest()
    assert latest.status == Participant.Status.CANCELLED
    assert latest.history_user == organiser
    previous = latest.prev_record
    assert previous is None or previous.status != Participant.Status.CANCELLED


@pytest.mark.django_db
def test_history_page_shows_the_change_and_who_made_it(organiser_client, participant):
    run_action(organiser_client, "cancel", [participant])
    url = reverse("admin:participants_participant_history", args=[participant.pk])
    response = organiser_client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "organiser" in content and "Cancelled" in content


@pytest.mark.django_db
def test_history_cannot_be_used_to_revert(organiser_client, participant):
    run_action(organiser_client, "cancel", [participant])
    first = participant.history.earliest()
    url = reverse(
        "admin:participants_participant_simple_history",
        args=[participant.pk, first.history_id],
    )
    response = organiser_client.post(url, {"given_name": "Reverted"})
    assert response.status_code == 403
    participant.refresh_from_db()
    assert participant.status == Participant.Status.CANCELLED
