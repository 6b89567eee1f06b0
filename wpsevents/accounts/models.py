from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class SecondFactor(TOTPDevice):
    """A member of staff's authenticator app, as the admin shows it: to see it and reset it."""

    class Meta:
        proxy = True
        verbose_name = _("second factor")
        verbose_name_plural = _("second factors")
