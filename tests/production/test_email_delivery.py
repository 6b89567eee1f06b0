"""Emails leave through SMTP in production, never into the log, memory or a file.

Security review finding: with DEBUG off and no EMAIL_URL, the console backend printed every
email, private links included, into the log, and `manage.py check --deploy` still passed.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wpsevents.checks import emails_are_sent

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "s3cret-for-the-email-check-" + "x7Qp2LmZ9vR4tW8yB1nC5dF0gH3jK6",
    "ALLOWED_HOSTS": "events.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}
UNSENT = [
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
]


def _without_email_url(*command: str) -> subprocess.CompletedProcess:
    """Run a command as production would, with DEBUG off and no EMAIL_URL anywhere."""
    env = {key: value for key, value in os.environ.items() if key != "EMAIL_URL"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(PRODUCTION_ENV)
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_fails_without_email_url_when_debug_is_off():
    """Review finding: `check --deploy` passed while emails went to the log."""
    result = _without_email_url("manage.py", "check", "--deploy")
    assert result.returncode != 0
    assert "wpsevents.E001" in result.stderr
    assert "EMAIL_URL is required" in result.stderr


def test_development_commands_run_without_email_url():
    """Making migrations or opening a shell needs no SMTP server: only what sends refuses."""
    result = _without_email_url("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "EMAIL_URL" not in result.stderr


def test_web_server_refuses_to_start_without_email_url():
    """Review finding: gunicorn served, and printed each email, with the console backend."""
    result = _without_email_url(
        "-m", "gunicorn", "--config", "gunicorn.conf.py", "wpsevents.wsgi:application"
    )
    assert result.returncode != 0
    assert "EMAIL_URL is required" in result.stderr


def test_email_worker_refuses_to_start_without_email_url():
    """Review finding: the worker, which does the sending, printed the emails into its log."""
    result = _without_email_url("manage.py", "email_worker", "--batch")
    assert result.returncode != 0
    assert "EMAIL_URL is required" in result.stderr


@pytest.mark.parametrize("backend", UNSENT)
def test_console_memory_and_file_backends_are_errors_when_debug_is_off(settings, backend):
    """Review finding: any backend that keeps emails on the server is refused in production."""
    settings.DEBUG = False
    settings.EMAIL_BACKEND = backend
    assert [message.id for message in emails_are_sent(None)] == ["wpsevents.E001"]


@pytest.mark.parametrize("backend", UNSENT)
def test_development_may_print_emails(settings, backend):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = backend
    assert emails_are_sent(None) == []


def test_smtp_passes_the_check(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert emails_are_sent(None) == []


def test_dummy_backend_chosen_explicitly_is_only_a_warning(settings):
    """Load tests set EMAIL_URL=dummymail://: it drops emails, so it writes no link anywhere."""
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    assert [message.id for message in emails_are_sent(None)] == ["wpsevents.W003"]
