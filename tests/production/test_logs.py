"""Logs: one JSON object a line in production, never an email address, phone number or token."""

import json
import logging
import re
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from gunicorn.config import Config

from tests.participants.helpers import form_post
from wpsevents.gunicorn_logging import RedactingLogger, redact_path
from wpsevents.logging import JsonFormatter, RedactingFilter, redact

PRIVATE_LINK = re.compile(r"/r/([A-Za-z0-9_-]+)/")


def _formatted(record: logging.LogRecord) -> str:
    """The line production writes for a record: filtered, then formatted as JSON."""
    record = logging.makeLogRecord(vars(record))
    RedactingFilter().filter(record)
    return JsonFormatter().format(record)


def _raw(records) -> str:
    """What the code handed to the loggers, before any filter."""
    return "\n".join(f"{record.getMessage()} {record.args!r}" for record in records)


def _written(records) -> str:
    """What production writes out for the same records."""
    return "\n".join(_formatted(record) for record in records)


@pytest.mark.parametrize(
    "text",
    [
        "sent to sokha.chan+wps@example.org",
        "call +855 12 345 678",
        "call 012 345 678",
        "call 0085512345678",
        "GET /r/Xk3-9fQ_aBcDeFgHiJkLmNoPqRsTuVwX/ 200",
        "GET /km/r/Xk3-9fQ_aBcDeFgHiJkLmNoPqRsTuVwX/cancel/",
        "session 3k9x0c7tq1m2n4b5v6z8l0p9o8i7u6y5",
        "token Xk3-9fQ_aBcDeFgHiJkLmNoPqRsTuVwX",
        "/admin/?password=hunter2&token=abc",
    ],
)
def test_redact_takes_out_personal_data_and_secrets(text):
    cleaned = redact(text)
    for secret in ("sokha", "345", "55123", "Xk3-9fQ", "3k9x0c7", "hunter2", "abc"):
        assert secret not in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "GET /events/asean-wps-localisation-workshop-2026/ 200 12ms",
        "email sent at 2026-11-27 23:56:51 after 3 attempts",
        "Cleaned up 0 expired access attempts",
    ],
)
def test_redact_keeps_ordinary_messages_readable(text):
    assert redact(text) == text


def test_json_formatter_writes_one_object_a_line_with_the_extra_fields():
    record = logging.makeLogRecord(
        {
            "name": "wpsevents.participants.mail.delivery",
            "levelname": "WARNING",
            "levelno": logging.WARNING,
            "msg": "email to %s will be retried\nlater",
            "args": ("someone@example.org",),
            "email_id": 42,
        }
    )
    line = _formatted(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "wpsevents.participants.mail.delivery"
    assert entry["email_id"] == 42
    assert entry["message"] == "email to <email> will be retried\nlater"


def test_json_formatter_redacts_exception_text():
    try:
        raise ValueError("bad address sokha@example.org")
    except ValueError:
        record = logging.getLogger("test").makeRecord(
            "test", logging.ERROR, __file__, 1, "failed", (), exc_info=sys.exc_info()
        )
    entry = json.loads(_formatted(record))
    assert "ValueError" in entry["exception"]
    assert "sokha@example.org" not in entry["exception"]


def test_registration_logs_no_email_phone_or_token(
    client, event, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    email, phone = "sokha.logcheck@example.org", "012 987 654"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participants:register", kwargs={"slug": event.slug}),
            form_post(email=email, phone=phone),
        )
    assert response.status_code == 302
    token = PRIVATE_LINK.search(mail.outbox[0].body).group(1)
    link = reverse("participants:manage", kwargs={"token": token})
    assert client.get(link, follow=True).status_code == 200
    client.get(reverse("participants:manage", kwargs={"token": token + "x"}))  # a 404, logged
    assert caplog.records, "the registration was expected to log something"
    raw, written = _raw(caplog.records), _written(caplog.records)
    for personal in (email, "sokha.logcheck", "987 654", "987654"):
        assert personal not in raw  # the code never hands personal data to a logger
        assert personal not in written
    assert token not in written  # Django logs the path of a 404; it is written redacted
    assert "/r/<token>/" in written


def _access_line(capsys, path: str, query: str, referer: str = "-") -> str:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(U)s %(q)s %(f)s %(s)s')
    logger = RedactingLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.4",
        "HTTP_REFERER": referer,
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("COOKIE", "sessionid=abc123secretcookievalue")])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    return capsys.readouterr().out


def test_gunicorn_access_log_has_no_query_string_or_private_link(capsys, monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    token = "Xk3-9fQ_aBcDeFgHiJkLmNoPqRsTuVwX"
    line = _access_line(
        capsys,
        f"/r/{token}/",
        "email=sokha%40example.org&phone=012345678",
        referer=f"https://events.example.org/km/r/{token}/cancel/?x=1",
    )
    entry = json.loads(line)
    assert "/r/<token>/" in entry["message"]
    assert token not in line
    assert "sokha" not in line
    assert "012345678" not in line
    assert "abc123secret" not in line


def test_access_log_of_a_request_that_failed_before_its_path_was_read():
    assert redact_path(None) == "-"


@pytest.mark.parametrize("path", ["/R/{token}/", "/KM/R/{token}/cancel/", "/km/R/{token}/"])
def test_access_log_redacts_a_private_link_written_in_capitals(path):
    # A secret of lower-case letters only: not token-like, so only the path rule can catch it.
    token = "lettersonlyandlongerthantwentychars"
    assert token not in redact_path(path.format(token=token))
    assert token not in redact(path.format(token=token))
