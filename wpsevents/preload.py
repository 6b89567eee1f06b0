"""What every gunicorn worker would otherwise do on its first requests, done once before the fork.

With `preload_app`, gunicorn's master loads the site and forks its workers from it: whatever the
master has prepared, each worker starts with. Left to the workers, importing the views and
compiling the templates made the first request of every new or recycled worker take 0.3 to
0.6 s, while the requests queued behind it waited.

Nothing here opens a connection: sockets must not be shared by the processes forked from it.
"""

from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.validators import validate_email
from django.template import engines
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation

from wpsevents.participants.fields import grouped_countries

TEMPLATE_SUFFIXES = {".html", ".txt"}


def prepare_for_requests() -> None:
    """Do in this process what every worker would otherwise do on its first requests.

    Import the views, build both languages' URLs and country lists, and compile the templates
    and Django's address checks.
    """
    caches["default"]  # imports the cache's client library; it connects on first use
    get_resolver().url_patterns  # noqa: B018 -- imports every view module
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            reverse("events:home")
            grouped_countries()
    # Django compiles its address patterns at the first check: 70 ms, in every worker's first
    # registration otherwise.
    validate_email("someone@example.org")
    for name in template_names():
        get_template(name)


def template_names() -> list[str]:
    """The site's own templates, and those of the form layout pack, by their loader names."""
    backend = engines["django"]
    site_dirs = {Path(directory).resolve() for directory in backend.dirs}
    pack = settings.CRISPY_TEMPLATE_PACK
    names = []
    for directory in map(Path, backend.template_dirs):
        is_site = directory.resolve() in site_dirs
        for path in directory.rglob("*"):
            name = path.relative_to(directory).as_posix()
            wanted = is_site or name.startswith(f"{pack}/")
            if wanted and path.suffix in TEMPLATE_SUFFIXES:
                names.append(name)
    return sorted(set(names))
