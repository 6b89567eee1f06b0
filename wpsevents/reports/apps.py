from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The organisers' dashboard: who registered and who came, disaggregated by gender."""

    name = "wpsevents.reports"
    verbose_name = _("Reports")
