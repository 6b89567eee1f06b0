from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from .sessions import stamp_sign_in


class AccountsConfig(AppConfig):
    """Staff sign-in with a second factor, and bounded staff sessions."""

    name = "wpsevents.accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        """Stamp each new staff session with the time it began and the language chosen."""
        # Imported once the models are loaded, as Django asks of code that reads them.
        from .language import remember_language_on_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="wpsevents.accounts.stamp_sign_in")
        user_logged_in.connect(
            remember_language_on_sign_in, dispatch_uid="wpsevents.accounts.remember_language"
        )


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose `admin.site` opens only to staff past their second factor."""

    default = False  # named in INSTALLED_APPS; this app's own is AccountsConfig
    default_site = "wpsevents.accounts.admin_site.StaffAdminSite"
