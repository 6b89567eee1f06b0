"""The one field of both steps: the six-digit code an authenticator app shows."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app, checked against one device of the signed-in user."""

    code = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("The code your authenticator app shows now for WPS Events."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        """The code without spaces, if the device accepts it now; each code works only once."""
        code = "".join(self.cleaned_data["code"].split())
        if not code.isascii() or not code.isdigit():
            raise forms.ValidationError(_("Enter the code as digits only."), code="not_digits")
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a minute, then enter the newest code."),
                code="throttled",
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "That code is not right. Enter the newest code from your app, and check"
                    " that your phone's clock is set automatically."
                ),
                code="invalid_code",
            )
        return code
