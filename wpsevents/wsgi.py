"""WSGI entry point, used by gunicorn: refuses to start without a secret key or with emails
that would be written to the log instead of sent.

Once loaded, it prepares the site for requests, before gunicorn forks its workers.
"""

import os

from django.core.wsgi import get_wsgi_application

from wpsevents.checks import require_email_delivery, require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsevents.settings")

require_secret_key()
require_email_delivery()
application = get_wsgi_application()

from wpsevents.preload import prepare_for_requests  # noqa: E402 -- needs the apps loaded

prepare_for_requests()
