"""WSGI entry point, used by gunicorn: refuses to start without a secret key.

Once loaded, it prepares the site for requests, before gunicorn forks its workers.
"""

import os

from django.core.wsgi import get_wsgi_application

from wpsevents.checks import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsevents.settings")

require_secret_key()
application = get_wsgi_application()

from wpsevents.preload import prepare_for_requests  # noqa: E402 -- needs the apps loaded

prepare_for_requests()
