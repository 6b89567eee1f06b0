"""Start-up checks that name what is missing from the environment."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "SECRET_KEY is required when DEBUG is off: set it in the environment or in .env."
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
