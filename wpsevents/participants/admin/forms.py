"""Forms of the participant admin: adding a person, and importing invited delegates."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from wpsevents.events.models import Event, Session
from wpsevents.forms import NormalisedFormMixin

from ..models import WRONG_WORKING_GROUP

DUPLICATE_CHOICES = [
    ("skip", _("Leave them as they are (skip the row)")),
    ("update", _("Update their details from the file")),
]


class ParticipantAdminForm(NormalisedFormMixin, forms.ModelForm):
    """The admin's participant form, with the choice to send an invitation when adding.

    Its texts follow the public form's rules: what a visitor may not send, an organiser may not
    type or paste either.
    """

    send_invitation = forms.BooleanField(
        label=_("Send the invitation email"),
        required=False,
        initial=True,
        help_text=_("The email carries the private link and, once confirmed, the QR code."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.fields.get("working_group")
        if group is not None:
            group.queryset = Session.objects.filter(event_id=self._event_id()).working_groups()
            group.error_messages["invalid_choice"] = WRONG_WORKING_GROUP
            if not self.instance.pk:
                group.help_text = _("The working groups of the event chosen above.")

    def _event_id(self) -> int | None:
        """The registration's event: its own once saved, otherwise the one chosen or proposed."""
        if self.instance.pk:
            return self.instance.event_id
        chosen = self.data.get(self.add_prefix("event")) if self.is_bound else None
        if chosen is None:
            chosen = self.initial.get("event")
        chosen = getattr(chosen, "pk", chosen)
        return int(chosen) if str(chosen or "").isdigit() else None


def featured_event():
    """The event organisers most likely mean: the featured one."""
    return Event.objects.filter(is_featured=True).order_by("-starts_at").first()


class ParticipantImportForm(ImportForm):
    """The import's first step: the file, the event, and what to do with people known."""

    event = forms.ModelChoiceField(
        label=_("Event"), queryset=Event.objects.all(), initial=featured_event
    )
    on_duplicate = forms.ChoiceField(
        label=_("People already registered (same email address)"),
        choices=DUPLICATE_CHOICES,
        initial="skip",
    )
    send_invitation = forms.BooleanField(
        label=_("Send each new person the invitation email"), required=False
    )
    field_order = ["resource", "import_file", "format", "event", "on_duplicate"]


class ParticipantConfirmImportForm(ConfirmImportForm):
    """The import's confirmation step carries the first step's choices along."""

    event = forms.ModelChoiceField(queryset=Event.objects.all(), widget=forms.HiddenInput)
    on_duplicate = forms.ChoiceField(choices=DUPLICATE_CHOICES, widget=forms.HiddenInput)
    send_invitation = forms.BooleanField(required=False, widget=forms.HiddenInput)


def import_options(form) -> dict:
    """The resource's options from either import form, once it is valid."""
    data = getattr(form, "cleaned_data", None) or {}
    if "event" not in data:
        return {}
    return {
        "event": data["event"],
        "on_duplicate": data["on_duplicate"],
        "send_invitation": data.get("send_invitation", False),
    }
