"""Redis unreachable: the site goes on from the database instead of failing every page."""

import os
import socket

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from tests.participants.helpers import form_post
from tests.participants.test_private_link import manage_url
from wpsevents.cache_config import survive_outages
from wpsevents.participants.models import Participant
from wpsevents.participants.tokens import issue_private_link


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": survive_outages(
            {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            }
        )
    }
    settings.RATELIMIT_ENABLE = True


@pytest.mark.django_db
def test_public_pages_and_private_links_are_served_without_redis(client, event, redis_down):
    for path in ("/", f"/events/{event.slug}/", f"/km/events/{event.slug}/programme/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
    link = manage_url(issue_private_link(ParticipantFactory(event=event)))
    assert client.get(link, follow=True).status_code == 200


@pytest.mark.django_db
def test_registration_goes_through_without_redis(client, event, redis_down):
    url = reverse("participants:register", kwargs={"slug": event.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, form_post())
    assert response.status_code == 302
    assert Participant.objects.filter(event=event).count() == 1


@pytest.mark.django_db
def test_health_check_says_redis_is_down_but_the_site_serves(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "down"}


@pytest.mark.skipif(not os.environ.get("REDIS_TEST_URL"), reason=".ci/run starts Redis, names it")
@pytest.mark.django_db
def test_health_check_says_redis_is_up_when_it_answers(client, settings):
    redis = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": os.environ["REDIS_TEST_URL"]}
    settings.CACHES = {"default": survive_outages(redis)}
    assert client.get("/healthz").json()["cache"] == "up"
