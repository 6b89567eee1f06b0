"""Forms of the registration journey: register, change a registration, ask for the link again."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.forms.models import fields_for_model
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wpsevents.events.templatetags.site_tags import fallback_language
from wpsevents.forms import NormalisedFormMixin

from ..models import EDITABLE_FIELDS, REGISTRATION_FIELDS, Participant
from .offers import (
    offer_attendance,
    offer_days,
    offer_working_groups,
    refuse_group_on_another_day,
)
from .robots import (
    TRAP_ATTRIBUTES,
    TRAP_FIELD,
    TrapField,
    TrapInput,
    new_form_stamp,
    read_form_stamp,
    release_nonce,
    spend_nonce,
)

# What each field holds, so that browsers can fill it in (WCAG 1.3.5, identify input purpose).
AUTOCOMPLETE = {
    "salutation": "honorific-prefix",
    "given_name": "given-name",
    "family_name": "family-name",
    "email": "email",
    "phone": "tel",
    "organisation": "organization",
    "position": "organization-title",
    "country": "country",
}
INPUT_MODES = {"email": "email", "phone": "tel"}
# What an empty choice says, read aloud or seen, rather than Django's "---------".
EMPTY_CHOICES = {
    "salutation": _("No salutation"),
    "organisation_type": _("Choose a type of organisation"),
}


def described(form_class):
    """Mark a form class's fields for browsers and screen readers: autofill purpose, keyboard,
    language, and empty choices that say what they mean. Done once, when the class is made.
    """
    fields = form_class.base_fields
    for name, token in AUTOCOMPLETE.items():
        if name in fields:
            fields[name].widget.attrs["autocomplete"] = token
    for name, mode in INPUT_MODES.items():
        if name in fields:
            fields[name].widget.attrs["inputmode"] = mode
    if "name_khmer" in fields:
        fields["name_khmer"].widget.attrs["lang"] = "km"
    for name, label in EMPTY_CHOICES.items():
        if name in fields:
            field = fields[name]
            field.choices = [(value, text if value else label) for value, text in field.choices]
    if "gender" in fields:
        # A radio button labelled "---------" means nothing read aloud: start with none checked.
        field = fields["gender"]
        field.choices = [(value, label) for value, label in field.choices if value]
    if "email" in fields:
        fields["email"].error_messages = {
            **fields["email"].error_messages,
            "invalid": _("Enter a valid email address. For example: name@example.org"),
        }
    for field in fields.values():
        # A dropdown with no empty choice gets no `required` attribute from Django: say it.
        if field.required and isinstance(field.widget, forms.Select):
            field.widget.attrs["aria-required"] = "true"
    if "working_group" in fields:
        field = fields["working_group"]
        field.widget = WorkingGroupSelect(attrs=field.widget.attrs)
        field.widget.is_required = field.required
    return form_class


class WorkingGroupSelect(forms.Select):
    """The working groups' dropdown: a title shown in English on a Khmer page says so (lang)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        """One option, with `lang` when its title falls back to another language."""
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        session = getattr(value, "instance", None)
        language = fallback_language(session, "title") if session is not None else ""
        if language:
            option["attrs"]["lang"] = language
        return option


LABELS = {
    "needs_interpretation": _("I need Khmer–English interpretation"),
    "consents_to_photography": _("I agree to be photographed or filmed at the event"),
    "language": _("Language for emails"),
}


# The registration form's fields in the order its layout shows them (see RegistrationForm.helper).
ON_SCREEN = [
    "salutation",
    "given_name",
    "family_name",
    "name_khmer",
    "email",
    "phone",
    "gender",
    "organisation",
    "position",
    "organisation_type",
    "country",
    "days",
    "attendance_mode",
    "working_group",
    "needs_interpretation",
    "dietary_requirements",
    "accessibility_needs",
    "language",
    "consents_to_data_processing",
    "consents_to_photography",
]
HELP_TEXTS = {
    "name_khmer": _("Optional: as it should appear on your badge."),
    "email": _("We send your confirmation and private link here."),
    "phone": _("Optional. Cambodian numbers may be written without +855."),
    "attendance_mode": _("Online participants follow the livestream."),
    "dietary_requirements": _("Optional, e.g. vegetarian, halal, allergies."),
    "accessibility_needs": _("Optional: anything that helps you take part fully."),
}


def with_fields_of(model, **options):
    """Give a plain form the fields a ModelForm of `model` would have, before its own.

    `options` are those of `fields_for_model` (fields, labels, help_texts, widgets).
    """

    def decorate(form_class):
        form_class.base_fields = {**fields_for_model(model, **options), **form_class.base_fields}
        return form_class

    return decorate


@described
@with_fields_of(
    Participant,
    fields=REGISTRATION_FIELDS,
    labels=LABELS,
    help_texts=HELP_TEXTS,
    widgets={
        "days": forms.RadioSelect,
        "attendance_mode": forms.RadioSelect,
        "gender": forms.RadioSelect,
    },
)
class RegistrationForm(NormalisedFormMixin, forms.Form):
    """A person's registration, validated and normalised before any rule is applied.

    Its fields are the model's, but it is not a ModelForm: the rules build the registration
    themselves, under the event's lock, so a model instance built and validated here would be
    thrown away.
    """

    leave_empty = TrapField(  # named TRAP_FIELD
        required=False, label=_("Leave this field empty"), widget=TrapInput(attrs=TRAP_ATTRIBUTES)
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.nonce = ""
        if offer_working_groups(self, event):
            self.fields["working_group"].help_text = _("In-person participants choose one group.")
        offer_days(self, event)
        offer_attendance(self.fields["attendance_mode"], event)
        self.order_fields(ON_SCREEN)  # the error summary then lists errors as the page shows them
        self.fields["consents_to_data_processing"].required = True
        self.fields["consents_to_data_processing"].label = _(
            "I agree that the organisers process my personal data as set out in the privacy notice"
        )
        if not self.is_bound:
            self.initial.setdefault("language", "km" if get_language() == "km" else "en")
            self.initial["started"] = new_form_stamp()

    @property
    def trap_filled(self) -> bool:
        """Whether the field people never see was filled in: a sign of a robot.

        Never an error, which a person whose browser filled it could not put right: the
        registration is made as any other, and gets its place once the link in the email is
        opened (`rules.register_participant`'s `needs_proof`).
        """
        return bool(str(self.data.get(TRAP_FIELD, "")).strip())

    def clean_email(self):
        local, _at, domain = self.cleaned_data["email"].strip().rpartition("@")
        return f"{local}@{domain.lower()}"

    def clean(self):
        cleaned = super().clean()
        self._check_fill_time(cleaned.get("started", ""))
        if cleaned.get("attendance_mode") == Participant.AttendanceMode.ONLINE:
            cleaned["working_group"] = None
        refuse_group_on_another_day(self, self.event, cleaned)
        if not self._errors:
            self._use_stamp()  # last: a form sent back with an error keeps its stamp
        return cleaned

    def _check_fill_time(self, stamp: str) -> None:
        """Refuse forms sent back faster than a person fills them in, or long expired."""
        try:
            started, self.nonce = read_form_stamp(stamp)
        except ValueError:
            self._expired()
        if timezone.now().timestamp() - started < settings.REGISTRATION_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Your answers are kept: press Register again."),
                code="too_fast",
            )

    def _use_stamp(self) -> None:
        """Spend the stamp's nonce: a stamp sent again, by a robot replaying it, has expired."""
        if not spend_nonce(self.nonce):
            self._expired()

    def release_stamp(self) -> None:
        """Let the stamp be used again, when the registration it was spent on was refused."""
        if self.nonce:
            release_nonce(self.nonce)

    def _expired(self):
        self.data = self.data.copy()
        self.data["started"] = new_form_stamp()
        raise forms.ValidationError(
            _("The form has expired. Please check your answers and send it again."),
            code="stale_form",
        ) from None

    def registration_data(self) -> dict:
        """The participant's fields, as the registration service takes them."""
        return {
            name: self.cleaned_data.get(name) for name in REGISTRATION_FIELDS if name in self.fields
        }

    @cached_property
    def helper(self) -> FormHelper:
        """The form's layout, built only when the form is shown (a valid one never is)."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        privacy = reverse("privacy")
        participation = [
            "days",
            "attendance_mode",
            "working_group",
            "needs_interpretation",
            "dietary_requirements",
            "accessibility_needs",
            "language",
        ]
        # An event offers no day choice, or no working groups, and the form then has no field.
        participation = [name for name in participation if name in self.fields]
        helper.layout = Layout(
            Fieldset(
                _("About you"),
                "salutation",
                "given_name",
                "family_name",
                "name_khmer",
                "email",
                "phone",
                "gender",
            ),
            Fieldset(
                _("Your organisation"), "organisation", "position", "organisation_type", "country"
            ),
            Fieldset(_("Your participation"), *participation),
            Fieldset(
                _("Consent"),
                HTML(
                    format_html(
                        '<p class="small"><a href="{}">{}</a></p>',
                        privacy,
                        _("Read the privacy notice"),
                    )
                ),
                "consents_to_data_processing",
                "consents_to_photography",
            ),
            HTML('<div class="hp-field" aria-hidden="true">'),
            TRAP_FIELD,
            HTML("</div>"),
            "started",
            Submit("submit", _("Register"), css_class="btn-lg w-100"),
        )
        return helper


@described
class ChangeRegistrationForm(NormalisedFormMixin, forms.ModelForm):
    """What a registrant may change through their private link."""

    class Meta:
        model = Participant
        fields = list(EDITABLE_FIELDS)
        widgets = {"days": forms.RadioSelect, "attendance_mode": forms.RadioSelect}
        labels = LABELS
        help_texts = HELP_TEXTS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance.event
        offer_working_groups(self, event)
        offer_days(self, event)
        offer_attendance(self.fields["attendance_mode"], event, self.instance.attendance_mode)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("save", _("Save changes")))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attendance_mode") == Participant.AttendanceMode.ONLINE:
            cleaned["working_group"] = None
        refuse_group_on_another_day(self, self.instance.event, cleaned)
        return cleaned

    def changes(self) -> dict:
        """The submitted values, as `update_registration` takes them."""
        return {name: self.cleaned_data.get(name) for name in self.fields}


@described
class ResendLinkForm(NormalisedFormMixin, forms.Form):
    """Ask for one's private link again, by email address."""

    email = forms.EmailField(label=_("Email address"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("send", _("Send me my link")))
