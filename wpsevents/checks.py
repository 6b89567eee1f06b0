"""Start-up checks that name what is missing from the environment."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "SECRET_KEY is required when DEBUG is off: set it in the environment or in .env."
)
# Backends that write each email, private links included, to the log, memory or disk.
UNSENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
DISCARDED_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
MISSING_EMAIL_URL = (
    "EMAIL_URL is required when DEBUG is off: without it every email, private links included, "
    "is written to the log instead of being sent. Set it to the SMTP server, e.g. "
    "smtp+tls://user:password@smtp.example.org:587."
)


def require_secret_key() -> None:
    """Stop the site from serving without a secret key, naming the variable."""
    try:
        missing = not settings.DEBUG and not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django itself refuses to read an empty key
        missing = True
    if missing:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)


@register()
def secret_key_is_set(app_configs, **kwargs):
    """Every command warns without a secret key; the web server refuses to start (wsgi.py)."""
    try:
        require_secret_key()
    except ImproperlyConfigured:
        return [Warning(MISSING_SECRET_KEY, id="wpsevents.W001")]
    return []


def require_email_delivery() -> None:
    """Stop the site from serving while its emails would be printed or kept instead of sent."""
    if not settings.DEBUG and settings.EMAIL_BACKEND in UNSENT_EMAIL_BACKENDS:
        raise ImproperlyConfigured(MISSING_EMAIL_URL)


@register(deploy=True)
def emails_are_sent(app_configs, **kwargs):
    """`check --deploy` fails while emails would land in the log.

    The web server and the email worker refuse to start then (`require_email_delivery`), while
    the commands a developer runs (makemigrations, shell) still work without an SMTP server.

    Django's dummy backend, chosen explicitly (EMAIL_URL=dummymail://, as the benchmark and the
    operational checks do), writes nothing anywhere: it is only warned about.
    """
    try:
        require_email_delivery()
    except ImproperlyConfigured:
        return [Error(MISSING_EMAIL_URL, id="wpsevents.E001")]
    if not settings.DEBUG and settings.EMAIL_BACKEND == DISCARDED_EMAIL_BACKEND:
        return [
            Warning(
                "EMAIL_URL is dummymail://: every email is discarded, so nobody receives a "
                "confirmation or a private link.",
                hint="Set EMAIL_URL to the SMTP server, unless this is a load test.",
                id="wpsevents.W003",
            )
        ]
    return []


@register()
def catalogues_are_compiled(app_configs, **kwargs):
    """Warn when a translation catalogue has no compiled form, or an older one.

    The `.mo` files are built, not kept in git: a server set up without `compilemessages`
    shows its Khmer pages and emails in English.
    """
    stale = []
    for locale_path in settings.LOCALE_PATHS:
        for source in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
            compiled = source.with_suffix(".mo")
            if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
                stale.append(str(source))
    if not stale:
        return []
    return [
        Warning(
            "Translation catalogues not compiled, so their language shows in English: "
            + ", ".join(stale),
            hint="Run: python manage.py compilemessages --ignore=.venv",
            id="wpsevents.W002",
        )
    ]
