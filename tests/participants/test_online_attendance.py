"""An event held in person only offers no online attendance; one without its link yet says so."""

import pytest
from django.urls import reverse

from tests.factories import EventFactory
from tests.participants.helpers import form_post
from wpsevents.participants.models import Participant

pytestmark = pytest.mark.django_db


def _form(client, event) -> str:
    url = reverse("participants:register", kwargs={"slug": event.slug})
    return client.get(url).content.decode()


def test_register_in_person_only_event_offers_no_online_attendance(client):
    event = EventFactory(offers_online_attendance=False, is_published=True)
    page = _form(client, event)
    assert 'value="online"' not in page
    assert "This event is held in person only." in page
    assert "in person or online" not in client.get(event.get_absolute_url()).content.decode()


def test_register_in_person_only_event_refuses_an_online_registration(client):
    event = EventFactory(offers_online_attendance=False, is_published=True)
    url = reverse("participants:register", kwargs={"slug": event.slug})
    response = client.post(url, form_post(attendance_mode="online"))
    assert response.status_code == 200
    assert not Participant.objects.exists()


def test_register_online_without_a_livestream_link_says_it_will_follow(client):
    event = EventFactory(offers_online_attendance=True, livestream_url="", is_published=True)
    page = _form(client, event)
    assert 'value="online"' in page
    assert "its link will be sent before the event" in page
