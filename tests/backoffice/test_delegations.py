"""Organisers create delegations in the admin, see their quota used and left, send the link."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.backoffice.helpers import messages_of
from tests.factories import DelegationFactory, EventFactory, nominee_data, registration_data
from wpsevents.participants import rules
from wpsevents.participants.models import Delegation, OutgoingEmail, Participant

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:participants_delegation_changelist")


def test_organiser_creates_a_delegation_for_the_ministry(organiser_client):
    event = EventFactory(capacity=50)
    deadline = event.starts_at - timedelta(days=10)
    response = organiser_client.post(
        reverse("admin:participants_delegation_add"),
        {
            "event": event.pk,
            "name": "Ministry of Women's Affairs",
            "name_km": "ក្រសួងកិច្ចការនារី",
            "organisation_type": "government",
            "country": "KH",
            "focal_point_name": "Sophea Kim",
            "focal_point_email": "focal@mowa.example",
            "language": "km",
            "in_person_quota": 3,
            "online_quota": 2,
            "nomination_deadline_0": deadline.strftime("%Y-%m-%d"),
            "nomination_deadline_1": "17:00",
            "nominees-TOTAL_FORMS": 0,
            "nominees-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    delegation = Delegation.objects.get()
    assert (delegation.in_person_quota, delegation.online_quota) == (3, 2)
    assert delegation.name_km == "ក្រសួងកិច្ចការនារី"


def test_the_list_shows_quota_used_and_left_in_a_fixed_number_of_queries(
    organiser_client, django_assert_max_num_queries
):
    event = EventFactory(capacity=50)
    for number in range(6):
        delegation = DelegationFactory(event=event, name=f"Ministry {number}", in_person_quota=3)
        rules.nominate_delegate(delegation=delegation, data=nominee_data())
    with django_assert_max_num_queries(12):
        body = organiser_client.get(CHANGELIST).content.decode()
    assert body.count('<td class="field-in_person_used">1</td>') == 6
    assert body.count('<td class="field-in_person_left">2</td>') == 6


def test_the_change_page_lists_the_nominees(organiser_client):
    delegation = DelegationFactory()
    nominee = rules.nominate_delegate(delegation=delegation, data=nominee_data())
    url = reverse("admin:participants_delegation_change", args=[delegation.pk])
    body = organiser_client.get(url).content.decode()
    assert nominee.reference in body
    assert "Dara Sok" in body


def test_organiser_sends_and_revokes_the_focal_points_link(
    organiser_client, mailoutbox, django_capture_on_commit_callbacks
):
    delegation = DelegationFactory()
    data = {"action": "send_link", "_selected_action": [delegation.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(CHANGELIST, data, follow=True)
    assert [message.to for message in mailoutbox] == [["Sophea Kim <focal@mowa.example>"]]
    assert any("on its way to 1 focal point" in m for m in messages_of(response))
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.recipient) == ("delegation_link", "focal@mowa.example")
    assert Delegation.objects.get().has_link
    data["action"] = "revoke_link"
    organiser_client.post(CHANGELIST, data, follow=True)
    assert not Delegation.objects.get().has_link


def test_lowering_a_quota_gives_the_seats_it_kept_to_the_waitlist(organiser_client):
    event = EventFactory(capacity=3)
    delegation = DelegationFactory(event=event, in_person_quota=2)
    rules.register_participant(event=event, data=registration_data(email="a@example.org"))
    waiting = rules.register_participant(
        event=event, data=registration_data(email="b@example.org")
    ).participant
    assert waiting.status == Participant.Status.WAITLISTED
    delegation.in_person_quota = 1
    with_change = rules.save_delegation(delegation=delegation)
    assert with_change.promoted == 1
    assert Participant.objects.get(pk=waiting.pk).status == Participant.Status.CONFIRMED


def test_organiser_is_warned_when_the_quotas_exceed_the_free_seats(organiser_client):
    event = EventFactory(capacity=3)
    rules.register_participant(event=event, data=registration_data(email="a@example.org"))
    delegation = DelegationFactory(event=event, in_person_quota=2)
    url = reverse("admin:participants_delegation_change", args=[delegation.pk])
    data = {
        "event": event.pk,
        "name": delegation.name,
        "name_km": "",
        "organisation_type": "government",
        "country": "KH",
        "focal_point_name": "Sophea Kim",
        "focal_point_email": "focal@mowa.example",
        "language": "en",
        "in_person_quota": 3,
        "online_quota": 0,
        "nomination_deadline_0": delegation.nomination_deadline.strftime("%Y-%m-%d"),
        "nomination_deadline_1": "17:00",
        "nominees-TOTAL_FORMS": 0,
        "nominees-INITIAL_FORMS": 0,
    }
    response = organiser_client.post(url, data, follow=True)
    assert Delegation.objects.get().in_person_quota == 3
    assert any(
        "(4) are more than the event's in-person seats (3)" in m for m in messages_of(response)
    )
