"""Hostile and malformed requests: a clear 4xx or a form error, never a 500, nothing stored."""

import re
from email.utils import getaddresses

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.participants.helpers import form_post
from wpsevents.participants.models import Participant
from wpsevents.participants.tokens import issue_private_link

FORM = "application/x-www-form-urlencoded"
EVIL = "https://evil.example/steal"


def register_url(event) -> str:
    return reverse("participants:register", kwargs={"slug": event.slug})


@pytest.fixture
def strict_client():
    """A browser that sends no CSRF token unless the test gives one."""
    return Client(enforce_csrf_checks=True)


# A field with a hostile value: the form answers with an error and stores nothing.
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("given_name", "S" * 10_000),
        ("family_name", "C" * 101),
        ("organisation", "O" * 100_000),
        ("email", "a" * 250 + "@example.org"),
        ("email", "sokha@example.org\r\nBcc: evil@example.org"),
        ("email", "sokha@example.org\nCc: evil@example.org"),
        ("email", "<script>@example.org"),
        ("email", "sokha@@example.org"),
        ("given_name", "Sok\x00ha"),
        ("given_name", "Sok\x07ha"),
        ("organisation", "Ministry\x1b[31m"),
        ("given_name", "\u202eahkoS"),
        ("family_name", "Chan\u2066"),
        ("position", "Director\x7f"),
        ("given_name", "   "),
        # 100 characters that Unicode normalisation (NFC) turns into 200, past the field's limit.
        ("given_name", "\u0958" * 100),
        ("gender", "robot"),
        ("country", "XX"),
        ("days", "day3"),
        ("attendance_mode", "hybrid"),
        ("organisation_type", "'; DROP TABLE participants_participant; --"),
        ("language", "fr"),
        ("phone", "+855 12 345 678 ext. <script>"),
        ("phone", "1" * 200),
        ("consents_to_data_processing", None),
        ("started", "tampered:stamp"),
    ],
)
def test_register_refuses_hostile_field_with_a_form_error(client, event, field, value):
    response = client.post(register_url(event), form_post(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("put", "/events/{slug}/register/", 405),
        ("delete", "/events/{slug}/register/", 405),
        ("patch", "/events/{slug}/register/", 405),
        ("options", "/events/{slug}/register/", 405),
        ("post", "/events/{slug}/", 405),
        ("post", "/events/{slug}/programme/", 405),
        ("post", "/privacy/", 405),
        ("post", "/robots.txt", 405),
        ("delete", "/healthz", 405),
        ("get", "/events/no-such-event/register/", 404),
        ("post", "/events/no-such-event/register/", 404),
        ("get", "/events/%3Cscript%3E/register/", 404),
        ("get", "/events/%ff%fe/", 404),
        ("get", "/events/" + "x" * 200 + "/", 404),
        ("get", "/r/abc/", 404),
        ("get", "/r/" + "A" * 65 + "/", 404),
        ("get", "/r/" + "A" * 5000 + "/", 404),
        ("get", "/r/%00%00%00/", 404),
        ("get", "/r/%ff%fe%fd/", 404),
        ("post", "/r/forged-token-forged-token-forged-0/cancel/", 404),
        ("get", "/r/forged-token-forged-token-forged-0/calendar.ics", 404),
        ("get", "/km/r/%E2%80%AEevil/", 404),
        ("get", "/checkin/WPS-ZZZZZZ/", 302),
        ("post", "/checkin/WPS-ZZZZZZ/", 302),
        ("get", "/media/%00", 404),
    ],
)
def test_hostile_request_gets_a_clear_4xx(client, event, method, path, status):
    response = getattr(client, method)(path.format(slug=event.slug))
    assert response.status_code == status
    if status == 302:  # anonymous visitors are sent to sign in, nowhere else
        assert response["Location"].startswith(reverse("admin:login"))
    assert Participant.objects.count() == 0


def test_register_tampered_private_link_changes_nothing(client, participant):
    token = issue_private_link(participant)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.post(reverse("participants:cancel", kwargs={"token": forged}))
    assert response.status_code == 404
    participant.refresh_from_db()
    assert participant.status == Participant.Status.CONFIRMED


@pytest.mark.parametrize(
    "body",
    [
        b"given_name=" + b"S" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        "&".join(f"field{number}=1" for number in range(5000)).encode(),
    ],
    ids=["huge-body", "thousands-of-fields"],
)
def test_register_refuses_oversized_requests(client, event, body):
    response = client.post(register_url(event), body, content_type=FORM)
    assert response.status_code == 400
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        b"given_name=%ff%fe&email=%ff%fe%40example.org",
        b"given_name=\xff\xfe\xfd&email=\xc3\x28@example.org",
        b"\xff\xfe\x00\x00",
    ],
)
def test_register_with_invalid_utf8_gets_a_form_error(client, event, body):
    response = client.post(register_url(event), body, content_type=FORM)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Participant.objects.count() == 0


def test_register_with_json_body_gets_a_form_error(client, event):
    response = client.post(register_url(event), form_post(), content_type="application/json")
    assert response.status_code == 200
    assert Participant.objects.count() == 0


def test_register_without_csrf_token_is_forbidden(strict_client, event):
    response = strict_client.post(register_url(event), form_post())
    assert response.status_code == 403
    assert Participant.objects.count() == 0


def test_register_with_forged_csrf_token_is_forbidden(strict_client, event):
    strict_client.get(register_url(event))
    data = form_post(csrfmiddlewaretoken="x" * 64)
    assert strict_client.post(register_url(event), data).status_code == 403
    assert Participant.objects.count() == 0


def test_register_with_the_real_csrf_token_works(strict_client, event):
    page = strict_client.get(register_url(event)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict_client.post(register_url(event), form_post(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Participant.objects.count() == 1


def test_request_with_a_foreign_host_header_is_refused(client, event):
    response = client.get(event.get_absolute_url(), HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_garbage_cookies_and_headers_are_ignored(client, event):
    client.cookies["sessionid"] = "x" * 4000
    client.cookies["csrftoken"] = "\x00bad"
    response = client.get(
        register_url(event), HTTP_ACCEPT_LANGUAGE="xx-" + "y" * 500, HTTP_USER_AGENT="\x00" * 50
    )
    assert response.status_code == 200


def _register_and_send(client, event, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), form_post(**fields))
    assert response.status_code == 302
    return Participant.objects.get()


SCRIPT = "<script>alert('x')</script>"


def test_script_in_a_name_is_shown_escaped_in_the_admin(
    client, superuser_client, event, django_capture_on_commit_callbacks
):
    participant = _register_and_send(
        client, event, django_capture_on_commit_callbacks, given_name=SCRIPT
    )
    for url in (
        reverse("admin:participants_participant_changelist"),
        reverse("admin:participants_participant_change", args=[participant.pk]),
    ):
        body = superuser_client.get(url).content.decode()
        assert SCRIPT not in body
        assert "&lt;script&gt;" in body


def test_script_in_a_name_is_escaped_in_the_email(
    client, event, django_capture_on_commit_callbacks
):
    _register_and_send(client, event, django_capture_on_commit_callbacks, given_name=SCRIPT)
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


def test_line_breaks_in_a_name_cannot_add_email_headers(
    client, event, django_capture_on_commit_callbacks
):
    participant = _register_and_send(
        client,
        event,
        django_capture_on_commit_callbacks,
        given_name="Sokha\r\nBcc: evil@example.org",
        family_name="Chan\nSubject: hacked",
    )
    assert "\n" not in participant.full_name and "\r" not in participant.full_name
    [message] = mail.outbox
    headers = message.message()
    assert [address for _name, address in getaddresses(message.recipients())] == [
        "sokha@example.org"
    ]
    assert headers["Bcc"] is None
    assert "hacked" not in headers["Subject"]


@pytest.mark.parametrize(
    "target",
    [
        EVIL,
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
    ],
)
def test_admin_login_next_never_leaves_the_site(client, organiser, target):
    response = client.post(
        reverse("admin:login") + "?next=" + target,
        {"username": "organiser", "password": "pw-organiser-1", "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert "evil.example" not in location
    assert not location.startswith("javascript:")


@pytest.mark.parametrize("target", [EVIL, "//evil.example/", "https:evil.example"])
def test_language_switch_next_never_leaves_the_site(client, db, target):
    response = client.post("/i18n/setlang/", {"language": "km", "next": target})
    assert response.status_code in (302, 204, 404)
    assert "evil.example" not in response.get("Location", "")


@pytest.mark.parametrize("path", ["//evil.example", "/km//evil.example/", "///evil.example/%2e%2e"])
def test_paths_that_look_like_other_hosts_never_redirect_there(client, db, path):
    response = client.get(path)
    assert response.status_code in (301, 302, 404)
    location = response.get("Location", "")
    assert not location.startswith(("//", "http://evil", "https://evil"))


def test_admin_search_with_sql_like_text_is_harmless(superuser_client, participant):
    response = superuser_client.get(
        reverse("admin:participants_participant_changelist"), {"q": "' OR 1=1; --\x00"}
    )
    assert response.status_code in (200, 400)
    assert Participant.objects.count() == 1


def test_resend_link_with_hostile_email_gets_a_form_error(client, event):
    url = reverse("participants:resend_link", kwargs={"slug": event.slug})
    response = client.post(url, {"email": "a@example.org\r\nBcc: evil@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert mail.outbox == []


def test_private_link_change_with_direction_override_is_refused(client, participant):
    token = issue_private_link(participant)
    client.get(reverse("participants:manage", kwargs={"token": token}))
    url = reverse("participants:change")
    data = {
        "given_name": "\u202eevil",
        "days": "both",
        "attendance_mode": "in_person",
        "language": "en",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    participant.refresh_from_db()
    assert "\u202e" not in participant.given_name
