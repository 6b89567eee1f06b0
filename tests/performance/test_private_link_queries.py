"""A registrant's private link pages read their registration in one query.

The event, its working groups and its calendar are the same for every registrant: they come
from the cache of public content once one visitor has read them.
"""

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
    link = reverse("participants:manage", kwargs={"token": token})
    client.get(link, follow=True)  # the cookie is set, the QR code kept
    with django_assert_num_queries(1):
        response = client.get(reverse("participants:manage"))
    assert response.status_code == 200


def test_opening_the_link_from_an_email_reads_the_registration_in_one_query(
    client, token, django_assert_num_queries
):
    link = reverse("participants:manage", kwargs={"token": token})
    client.get(link)  # the event is kept
    with django_assert_num_queries(1):
        response = client.get(link)
    assert response.status_code == 302


def test_calendar_from_the_private_link_reads_only_the_registration_once_kept(
    client, token, django_assert_num_queries
):
    client.get(reverse("participants:manage", kwargs={"token": token}))
    url = reverse("participants:calendar")
    cache.clear()
    with django_assert_num_queries(4):  # registration, event, its working groups, programme
        first = client.get(url)
    with django_assert_num_queries(1):
        again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert b"BEGIN:VCALENDAR" in again.content
    assert again.content == first.content
