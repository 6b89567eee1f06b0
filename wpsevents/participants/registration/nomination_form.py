"""The form on which a delegation's focal point nominates, or replaces, a delegate."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wpsevents.forms import NormalisedFormMixin

from ..models import Delegation, Participant
from ..rules.delegations import NOMINEE_FIELDS
from .forms import described, with_fields_of
from .offers import (
    offer_attendance,
    offer_days,
    offer_working_groups,
    refuse_group_on_another_day,
)

Mode = Participant.AttendanceMode


@described
@with_fields_of(
    Participant,
    fields=NOMINEE_FIELDS,
    labels={
        "name_khmer": _("Name in Khmer script"),
        "needs_interpretation": _("Needs Khmer–English interpretation"),
        "language": _("Language for the delegate's emails"),
        "given_name": _("Given name, as written in the passport or ID"),
    },
    help_texts={
        "email": _(
            "The delegate's confirmation, private link and QR code go here. Your own address "
            "may be used for several delegates."
        ),
        "name_khmer": _("Optional: as it should appear on the badge."),
        "dietary_requirements": _("Optional, e.g. vegetarian, halal, allergies."),
        "accessibility_needs": _("Optional."),
    },
    widgets={
        "days": forms.RadioSelect,
        "attendance_mode": forms.RadioSelect,
        "gender": forms.RadioSelect,
    },
)
class NominationForm(NormalisedFormMixin, forms.Form):
    """A delegate's details as their focal point gives them; the rules check the quota."""

    def __init__(self, *args, delegation: Delegation, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        event = delegation.event
        offer_working_groups(self, event)
        offer_days(self, event)
        if not delegation.online_quota or not event.offers_online_attendance:
            del self.fields["attendance_mode"]
        else:
            offer_attendance(self.fields["attendance_mode"], event)
        if not self.is_bound:
            self.initial.setdefault("language", "km" if get_language() == "km" else "en")
            self.initial.setdefault("email", delegation.focal_point_email)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("nominate", submit_label or _("Nominate this delegate")))
        self.event = event

    def clean(self):
        cleaned = super().clean()
        refuse_group_on_another_day(self, self.event, cleaned)
        return cleaned

    def clean_email(self):
        local, _at, domain = self.cleaned_data["email"].strip().rpartition("@")
        return f"{local}@{domain.lower()}"

    def nominee_data(self) -> dict:
        """The delegate's fields, as the delegation rules take them."""
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        data.setdefault("attendance_mode", Mode.IN_PERSON)
        if data["attendance_mode"] == Mode.ONLINE:
            data["working_group"] = None
        return data
