"""Staff sessions end after an hour without activity, and twelve hours after signing in."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.signin import sign_in_fully

INDEX = reverse("admin:index")


def _signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_sixty_one_idle_minutes_end_a_staff_session(client, organiser):
    """Finding: a staff session left open on a shared computer stayed usable for two weeks."""
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sign_in_fully(client, organiser)
        assert client.get(INDEX).status_code == 200
        traveller.shift(timedelta(minutes=61))
        response = client.get(INDEX)
        assert _signed_out(response)
        login_page = client.get(response["Location"]).content.decode()
        assert "signed out after 60 minutes without activity" in login_page
        assert _signed_out(client.get(reverse("checkin:search")))


@pytest.mark.django_db
def test_activity_within_the_hour_keeps_a_staff_session(client, organiser):
    """Finding: staff working steadily must not be signed out every hour."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in_fully(client, organiser)
        for _ in range(6):
            traveller.shift(timedelta(minutes=55))
            assert client.get(INDEX).status_code == 200


@pytest.mark.django_db
def test_twelve_hours_end_a_staff_session_even_with_activity(client, organiser):
    """Finding: a stolen session cookie must stop working the same day, however busy."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in_fully(client, organiser)
        for _ in range(23):
            traveller.shift(timedelta(minutes=30))
            assert client.get(INDEX).status_code == 200  # 11 h 30 min
        traveller.shift(timedelta(minutes=31))
        response = client.get(INDEX)
        assert _signed_out(response)
        [message] = get_messages(response.wsgi_request)
        assert "at most 12 hours" in str(message)


@pytest.mark.django_db
def test_a_session_from_before_the_limits_signs_in_again(client, organiser):
    """Finding: sessions opened before the limits came have no start, and must not live on."""
    sign_in_fully(client, organiser)
    session = client.session
    session.pop("staff_signed_in_at")
    session.pop("staff_last_seen_at")
    session.save()
    assert _signed_out(client.get(INDEX))


@pytest.mark.django_db
def test_visitors_get_no_session_from_the_limits(event):
    """Finding: the limits must not give visitors a session: public pages are cached."""
    visitor = Client()
    response = visitor.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
