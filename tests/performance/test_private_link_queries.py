"""A registrant's private link pages read their registration in one query."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from wpsevents.participants.tokens import issue_private_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(participant):
    return issue_private_link(participant)


def test_private_link_page_reads_the_registration_in_one_query(
    client, token, django_assert_num_queries
):
    client.get(reverse("participants:manage", kwargs={"token": token}))  # the QR code is kept
    with django_assert_num_queries(1):
        response = client.get(reverse("participants:manage", kwargs={"token": token}))
    assert response.status_code == 200


def test_calendar_from_the_private_link_needs_no_more_of_the_event(
    client, token, django_assert_num_queries
):
    cache.clear()
    with django_assert_num_queries(2):  # the registration, then the programme's sessions
        response = client.get(reverse("participants:calendar", kwargs={"token": token}))
    assert response.status_code == 200
    assert b"BEGIN:VCALENDAR" in response.content
