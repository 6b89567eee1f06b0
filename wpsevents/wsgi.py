"""WSGI entry point, used by gunicorn: refuses to start without a secret key."""

import os

from django.core.wsgi import get_wsgi_application

from wpsevents.checks import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsevents.settings")

require_secret_key()
application = get_wsgi_application()
