from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "wpsevents.events"
    verbose_name = _("Events and programme")

    def ready(self):
        from wpsevents import checks  # noqa: F401 -- registers the project's system checks

        from . import signals  # noqa: F401
