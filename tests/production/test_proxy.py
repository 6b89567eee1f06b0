"""The client address behind the proxy: X-Forwarded-For counts only when the proxy sent it."""

from django.test import RequestFactory
from django.urls import reverse

from tests.participants.helpers import form_post
from wpsevents.participants.models import Participant
from wpsevents.proxy import client_ip


def _request(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_client_ip_ignores_forwarded_header_from_the_open_internet():
    assert client_ip(_request("203.0.113.9", forwarded="10.9.9.9")) == "203.0.113.9"


def test_client_ip_reads_forwarded_header_from_the_trusted_proxy():
    assert client_ip(_request("127.0.0.1", forwarded="203.0.113.9")) == "203.0.113.9"


def test_client_ip_takes_the_hop_the_proxy_saw_not_what_the_client_forged():
    request = _request("127.0.0.1", forwarded="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_client_ip_skips_chained_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.2"]
    request = _request("127.0.0.1", forwarded="203.0.113.9, 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


def test_client_ip_without_forwarded_header_is_the_peer():
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"


def test_registration_rate_limit_cannot_be_dodged_with_a_forged_header(client, event):
    url = reverse("participants:register", kwargs={"slug": event.slug})
    statuses = []
    for number in range(11):
        statuses.append(
            client.post(
                url,
                form_post(email=f"p{number}@example.org"),
                REMOTE_ADDR="203.0.113.9",
                HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
            ).status_code
        )
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    assert Participant.objects.count() == 10
